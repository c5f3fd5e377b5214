/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * @file tests/evtchn-irq-exit/main.c
 * The upcall PPI 31 EOIed with evtchn_upcall_pending still set; the next
 * exit is an IRQ exit, the virtual timer's: on Xenith, which treats the
 * upcall as a level (see evtchn-level), its way back asserts the upcall
 * again (2 upcalls; Xen 4.17 injects only on the flag's 0 -> 1: 1).
 *
 * Xenith's IRQ exits go back at once when their handlers left nothing
 * for the way back (traps.c); the timer's injection, written straight
 * into a list register, leaves nothing, so that shortcut must also look
 * at the upcall flag.  The upcall, asserted again there, comes before
 * the timer (higher priority): the timer's handler counts the upcalls
 * taken so far.  No other exit may come between: the test waits by
 * reading counters, and prints only once it has counted.
 */
#include <xtf.h>
#include "../evtchn-common.h"

const char test_title[] = "Upcall flag left set at EOI, then an IRQ exit";

#define TIMER_PRIO      0xa0

static volatile struct shared_info *shared;
static volatile unsigned int upcalls, ticks_taken, stray;
/* upcalls when the timer's handler ran: the upcall comes first (priority) */
static volatile unsigned int upcalls_at_tick;
static volatile bool keep_flag;
static unsigned int timer_intid;

static void upcall(void)
{
    upcalls++;
    ev_upcall_ack(shared, &keep_flag);  /* EOI with the flag set, once */
}

static void irq_handler(unsigned int intid)
{
    if ( intid == EV_PPI )
        upcall();
    else if ( intid == timer_intid )
    {
        ticks_taken++;
        upcalls_at_tick = upcalls;
        xtf_vtimer_stop();              /* the level drops */
    }
    else
        stray++;
}

void test_main(void)
{
    unsigned int want = xtf_on_xenith() ? 2 : 1;
    uint64_t freq = READ_SYSREG(cntfrq_el0);
    unsigned int after, ticks;
    long rc;

    if ( (rc = xtf_gic_init()) || (rc = xtf_vtimer_intid(&timer_intid)) )
        return xtf_error("GIC, virtual timer: %ld", rc);
    xtf_gic_set_handler(irq_handler);
    xtf_gic_enable_ppi(EV_PPI, EV_PRIO);
    xtf_gic_enable_ppi(timer_intid, TIMER_PRIO);
    xtf_irq_enable();

    if ( !ev_send_keeping_flag(&shared, &keep_flag, &upcalls) )
        return;
    /* The flag is set, the upcall EOIed: the timer's IRQ exit is next. */
    xtf_vtimer_arm(freq / 10000);
    xtf_wait_until(ticks_taken >= 1, EV_WAIT_US);
    after = upcalls_at_tick;
    ticks = ticks_taken;
    xtf_irq_disable();
    printk("Upcall flag left set at EOI, then the timer's IRQ exit: %u upcalls "
           "before the timer's handler, %u timer interrupts\n", after, ticks);
    if ( ticks != 1 )
        xtf_failure("the timer: %u interrupts, expected 1", ticks);
    if ( after != want )
        xtf_failure("flag left set at EOI, IRQ exit: %u upcalls before the timer's, "
                    "expected %u on %s",
                    after, want, xtf_on_xenith() ? "Xenith" : "Xen 4.17");
    if ( stray )
        xtf_failure("%u stray interrupts", stray);
    xtf_gic_disable_ppi(timer_intid);
    xtf_success(NULL);
}
