/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * @file tests/vtimer-irq/main.c
 * The virtual timer interrupts through the virtual GIC: the timer node of
 * the guest DT names the virtual timer's PPI (27 on Xen); programmed for
 * 10 ms ahead it fires once, not early, with CNTV_CTL.ISTATUS set, and is
 * acknowledged with that INTID.  Second round: WFI with IRQs masked must
 * still wake up when the interrupt becomes pending.
 */
#include <xtf.h>

const char test_title[] = "Virtual timer interrupt through the vGIC";

#define TIMER_PRIO          0xa0

static volatile unsigned int fired, fired_intid;
static volatile uint64_t fired_ctl, fired_at;

static void timer_irq(unsigned int intid)
{
    fired++;
    fired_intid = intid;
    fired_ctl = READ_SYSREG(cntv_ctl_el0);
    fired_at = READ_SYSREG(cntvct_el0);
    xtf_vtimer_stop();                  /* the level drops */
}

static uint64_t arm_timer(uint64_t ticks)
{
    fired = 0;
    return xtf_vtimer_arm(ticks);
}

static void check_round(const char *how, unsigned int intid, uint64_t deadline)
{
    if ( fired != 1 )
        return xtf_failure("%s: the timer interrupt came %u times, expected 1",
                           how, fired);
    if ( fired_intid != intid )
        xtf_failure("%s: acknowledged INTID %u, expected %u", how,
                    fired_intid, intid);
    if ( !(fired_ctl & CNTV_CTL_ISTATUS) )
        xtf_failure("%s: CNTV_CTL %#lx in the handler: ISTATUS clear", how,
                    fired_ctl);
    if ( fired_at < deadline )
        xtf_failure("%s: fired %lu ticks early", how, deadline - fired_at);
}

void test_main(void)
{
    uint64_t freq = READ_SYSREG(cntfrq_el0), deadline;
    unsigned int intid;
    int rc;

    if ( xtf_vtimer_intid(&intid) )
        return xtf_error("no virtual timer interrupt in the device tree");
    rc = xtf_gic_init();
    if ( rc )
        return xtf_error("GIC set-up failed: %d", rc);
    printk("GICv%u, virtual timer INTID %u, CNTFRQ %lu Hz\n",
           xtf_gic_version(), intid, freq);
    xtf_gic_set_handler(timer_irq);
    xtf_gic_enable_ppi(intid, TIMER_PRIO);

    deadline = arm_timer(freq / 100);
    xtf_irq_enable();
    xtf_wait_until(fired, 2000000);
    xtf_irq_disable();
    check_round("IRQs unmasked", intid, deadline);

    /* WFI with PSTATE.I set wakes on a pending interrupt, which is then
     * taken as soon as IRQs are unmasked. */
    deadline = arm_timer(freq / 100);
    while ( !(READ_SYSREG(isr_el1) & (1UL << 7)) )     /* ISR_EL1.I */
        wfi();
    xtf_irq_enable();
    isb();
    xtf_irq_disable();
    check_round("WFI, IRQs masked", intid, deadline);

    xtf_gic_disable_ppi(intid);
    xtf_success(NULL);
}
