/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * @file tests/evtchn-virq/main.c
 * VIRQs as Xen 4.17 on Arm raises them for a dom0less domU (2-level ABI,
 * upcall on PPI 31):
 *
 * - VIRQ_TIMER binds (per vCPU) but is never raised on Arm: guests use
 *   the generic timer.  The virtual timer fires meanwhile; the port stays
 *   quiet.
 * - VIRQ_DOM_EXC and VIRQ_CONSOLE (global) bind on vCPU 0, but go to the
 *   hardware domain, none here: never raised for this domain either.
 * - VIRQ_DEBUG (per vCPU) is raised on every vCPU by the 'q' key.  After
 *   the result line vCPU 0 stops with IRQs masked and the domain stays
 *   (XTF_EXIT_WAIT); vCPU 1 keeps taking upcalls and prints a line when
 *   its VIRQ_DEBUG port fires; the expect file types 'q' and looks for
 *   that line and for the hypervisor's "Notifying guest 1:1" line.
 */
#include <xtf.h>
#include "../evtchn-common.h"

const char test_title[] = "VIRQs: TIMER never raised on Arm, DEBUG on the 'q' key";

#define NR_PORTS    64
#define QUIET_US    50000

static uint8_t vi_page[4096] __attribute__((aligned(4096)));
static volatile struct shared_info *shared;
static volatile unsigned int got[2][NR_PORTS];
static volatile unsigned int stray, vtimer_irqs;
static unsigned int vtimer;
static volatile long debug_port1;
static volatile bool cpu1_ready;
static volatile long cpu1_rc;

static void handle_port(unsigned int cpu, unsigned int port)
{
    if ( port < NR_PORTS )
        got[cpu][port]++;
    else
        stray++;
}

static void irq_handler(unsigned int intid)
{
    unsigned int cpu = xtf_cpu_id();

    if ( intid == vtimer )
    {
        xtf_vtimer_stop();
        vtimer_irqs++;
    }
    else if ( intid == EV_PPI && cpu < 2 )
        xtf_2l_upcall(shared, cpu ? (void *)vi_page : &shared->vcpu_info[0], cpu,
                      handle_port);
    else
        stray++;
}

static void unmask(long port)
{
    if ( port > 0 && port < NR_PORTS )
        __atomic_fetch_and(&shared->evtchn_mask[0], ~(1UL << port), __ATOMIC_SEQ_CST);
}

/* vCPU 1: take upcalls for ever, and say when 'q' sends VIRQ_DEBUG. */
static void cpu1_main(unsigned int cpu, void *arg)
{
    long port;

    if ( (cpu1_rc = xtf_gic_cpu_init()) )
        return;
    xtf_gic_enable_ppi(EV_PPI, EV_PRIO);
    xtf_irq_enable();
    /* On the vCPU itself: Xen's upcall for a new vcpu_info reaches it. */
    if ( (cpu1_rc = ev_register_vcpu_info(1, vi_page)) )
        return;
    port = ev_bind_virq(VIRQ_DEBUG, 1);
    if ( port <= 0 || port >= NR_PORTS )
    {
        cpu1_rc = port ? port : -1;
        return;
    }
    unmask(port);
    debug_port1 = port;
    cpu1_ready = true;
    while ( !got[1][port] )
        asm volatile ( "yield" ::: "memory" );
    printk("VIRQ_DEBUG taken on vCPU 1 (port %ld)\n", port);
    for ( ; ; )
        wfi();
}

static bool setup(void)
{
    long rc;

    shared = ev_map_shared_info();
    if ( !shared )
        return false;
    if ( (rc = xtf_gic_init()) || (rc = xtf_vtimer_intid(&vtimer)) )
        return xtf_error("GIC or timer: %ld", rc), false;
    xtf_gic_set_handler(irq_handler);
    xtf_gic_enable_ppi(EV_PPI, EV_PRIO);
    xtf_gic_enable_ppi(vtimer, EV_PRIO);
    xtf_irq_enable();
    if ( (rc = xtf_cpu_on(1, cpu1_main, NULL)) )
        return xtf_error("CPU_ON(1): %ld", rc), false;
    if ( !xtf_wait_until(cpu1_ready || cpu1_rc, EV_WAIT_US) || cpu1_rc )
        return xtf_error("vCPU 1 set-up: %ld", cpu1_rc), false;
    return true;
}

void test_main(void)
{
    long timer, dom_exc, console, debug0;
    uint64_t ticks = READ_SYSREG(cntfrq_el0) / 1000;    /* 1 ms */

    if ( !setup() )
        return;
    timer = ev_bind_virq(VIRQ_TIMER, 0);
    dom_exc = ev_bind_virq(VIRQ_DOM_EXC, 0);
    console = ev_bind_virq(VIRQ_CONSOLE, 0);
    debug0 = ev_bind_virq(VIRQ_DEBUG, 0);
    if ( timer <= 0 || dom_exc <= 0 || console <= 0 || debug0 <= 0 )
        return xtf_failure("bind_virq: TIMER %ld, DOM_EXC %ld, CONSOLE %ld, DEBUG %ld",
                           timer, dom_exc, console, debug0);
    unmask(timer);
    unmask(dom_exc);
    unmask(console);
    unmask(debug0);
    ev_expect("VIRQ_TIMER on vCPU 1 too", ev_bind_virq(VIRQ_TIMER, 1) > 0, true);
    ev_expect("VIRQ_DEBUG twice on vCPU 1", ev_bind_virq(VIRQ_DEBUG, 1), -XEN_EEXIST);

    /* A generic-timer interrupt comes and goes; no VIRQ does. */
    xtf_vtimer_arm(ticks);
    if ( !xtf_wait_until(vtimer_irqs, EV_WAIT_US) )
        xtf_failure("the virtual timer did not fire");
    xtf_wait_until(false, QUIET_US);
    for ( unsigned int p = 0; p < NR_PORTS; p++ )
        if ( got[0][p] || got[1][p] )
            xtf_failure("port %u raised (%u on vCPU 0, %u on vCPU 1) with nothing sent",
                        p, got[0][p], got[1][p]);
    if ( shared->evtchn_pending[0] )
        xtf_failure("pending ports %#lx with nothing sent", shared->evtchn_pending[0]);
    if ( stray )
        xtf_failure("%u stray interrupts or ports", stray);
    printk("vCPU 1 waits for VIRQ_DEBUG on port %ld\n", debug_port1);
    /* The domain must stay, vCPU 1 running, for the 'q' key. */
    xtf_set_exit_reason(XTF_EXIT_WAIT);
    xtf_success(NULL);
}
