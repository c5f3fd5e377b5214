/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * @file tests/bench-evtchn/main.c
 * Event channel round trip between two domUs (run by bench/run.py under
 * QEMU -icount, one host CPU): d1 ("ping") sends on a static event channel
 * and waits in WFI for d2's ("pong") answer, n times.  One round is two
 * sends, two upcalls (the guests' own 2-level event decoding included) and
 * two vCPU switches between the domains:
 *
 *   evtchn_roundtrip_<N>pcpu   virtual ns (= instructions) per round, with
 *                              N host CPUs ("bench.pcpus=N", default 1; with
 *                              2 the instructions of both CPUs add up)
 */
#include <xtf.h>
#include <xtf/interdom.h>
#include "../bench-common.h"

const char test_title[] = "Benchmark: event channel round trip between two domUs";

#define PORT            10
#define DEFAULT_ROUNDS  10000
#define WAIT_US         5000000

static bool wait_for(const char *what, unsigned int n)
{
    if ( idom_wait_events(PORT, n, WAIT_US) )
        return true;
    xtf_failure("%s %u: not received within %u ms", what, n, WAIT_US / 1000);
    return false;
}

static bool send(const char *what, unsigned int i)
{
    long rc = idom_send(PORT);

    if ( rc )
        xtf_failure("EVTCHNOP_send(%u) for %s %u: %ld", PORT, what, i, rc);
    return !rc;
}

static void ping(unsigned long rounds)
{
    char pcpus[4], name[32];
    uint64_t t0, t1;
    unsigned int i;

    if ( !wait_for("ready", 1) )
        return;
    isb();
    t0 = READ_SYSREG(cntvct_el0);
    for ( i = 1; i <= rounds; i++ )
        if ( !send("ping", i) || !wait_for("pong", i + 1) )
            return;
    isb();
    t1 = READ_SYSREG(cntvct_el0);
    snprintf(name, sizeof(name), "evtchn_roundtrip_%spcpu",
             xtf_cmdline_get("bench.pcpus", pcpus, sizeof(pcpus)) ? "1" : pcpus);
    bench_report(name, bench_ticks_ns(t1 - t0), rounds, "instr");
}

static void pong(unsigned long rounds)
{
    unsigned int i;

    if ( !send("ready", 0) )
        return;
    for ( i = 1; i <= rounds; i++ )
        if ( !wait_for("ping", i) || !send("pong", i) )
            return;
}

void test_main(void)
{
    unsigned long rounds = bench_iters(DEFAULT_ROUNDS * 10) / 10;
    char role[8];
    bool is_ping;

    if ( xtf_cmdline_get("xtf.role", role, sizeof(role)) )
        return xtf_error("no xtf.role on the command line");
    is_ping = !strcmp(role, "ping");
    if ( idom_init(is_ping ? 0 : PORT) )
        return (void)printk("BENCH-MISSING evtchn_roundtrip_1pcpu no shared_info "
                            "mapping (XENMEM_add_to_physmap)\n");
    if ( is_ping )
        ping(rounds ? rounds : 1);
    else
        pong(rounds ? rounds : 1);
    xtf_irq_disable();
    xtf_success(NULL);
}
