/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * @file tests/evtchn-ipi-wfi/main.c
 * An event channel IPI bound to vCPU 1, sent by vCPU 0 while vCPU 1
 * sleeps in WFI: vCPU 1 wakes and takes the upcall, three rounds.
 *
 * On Xenith the send injects vCPU 1's upcall from the pCPU holding
 * vCPU 0's interface, of the same domain: the injection's direct write
 * refuses it (another vCPU's interrupt) after raising it, and the wake-up
 * of vCPU 1 must still follow (vgic.c, vgic_inject_queued()).
 */
#include <xtf.h>
#include "../evtchn-common.h"

const char test_title[] = "Event channel IPI to a vCPU in WFI";

#define ROUNDS          3
#define SLEEP_US        20000           /* vCPU 1 is in WFI by then */

static volatile struct shared_info *shared;
/* vCPU 1's vcpu_info (Arm's shared_info holds vCPU 0's only). */
static uint8_t vi_page[4096] __attribute__((aligned(4096)));
static volatile unsigned int upcalls[2], stray;
static volatile bool ready, done;
static volatile int cpu1_rc;

static void irq_handler(unsigned int intid)
{
    unsigned int cpu = xtf_cpu_id();
    volatile struct vcpu_info *vi;

    if ( intid != EV_PPI || cpu > 1 )
    {
        stray++;
        return;
    }
    vi = cpu ? (volatile struct vcpu_info *)vi_page : &shared->vcpu_info[0];
    vi->evtchn_upcall_pending = 0;
    vi->evtchn_pending_sel = 0;
    shared->evtchn_pending[0] = 0;
    upcalls[cpu]++;
}

/*
 * vCPU 1: its upcall enabled, its vcpu_info registered (which may assert
 * the upcall once), sleeps in WFI until the test is done.
 */
static void cpu1_main(unsigned int cpu, void *arg)
{
    cpu1_rc = ev_secondary_setup(1, vi_page);
    ready = true;
    while ( !done )
        wfi();
    xtf_irq_disable();
}

void test_main(void)
{
    long port;
    int rc;

    shared = ev_map_shared_info();
    if ( !shared )
        return;
    if ( (rc = xtf_gic_init()) )
        return xtf_error("GIC set-up failed: %d", rc);
    if ( fdt_count_cpus() < 2 )
        return xtf_error("the device tree has no second vCPU");
    xtf_gic_set_handler(irq_handler);
    port = ev_bind_ipi(1);
    if ( port <= 0 || port >= 64 )
        return xtf_failure("bind_ipi(1): %ld", port);
    shared->evtchn_mask[0] &= ~(1UL << port);

    if ( xtf_cpu_on(1, cpu1_main, NULL) != PSCI_RET_SUCCESS )
        return xtf_error("CPU_ON of vCPU 1 failed");
    if ( !xtf_wait_until(ready || cpu1_rc, EV_WAIT_US) || cpu1_rc )
        return xtf_error("vCPU 1 did not set up its GIC interface: %d", cpu1_rc);

    for ( unsigned int round = 1, base = 0; round <= ROUNDS; round++ )
    {
        uint64_t t0 = xtf_now_us();

        xtf_wait_until(xtf_now_us() - t0 > SLEEP_US, SLEEP_US);
        if ( round == 1 )
            base = upcalls[1];          /* the registration's, if any */
        ev_expect("send", ev_port_op(EVTCHNOP_send, port), 0);
        if ( !xtf_wait_until(upcalls[1] >= base + round, EV_WAIT_US) )
        {
            done = true;
            return xtf_failure("round %u: vCPU 1 did not wake for its upcall "
                               "within %u ms", round, EV_WAIT_US / 1000);
        }
    }
    done = true;
    printk("vCPU 1 woke from WFI for %u upcalls sent by vCPU 0 (%u in all)\n",
           ROUNDS, upcalls[1]);
    if ( upcalls[0] || stray )
        xtf_failure("%u upcalls on vCPU 0, %u stray interrupts", upcalls[0], stray);
    xtf_success(NULL);
}
