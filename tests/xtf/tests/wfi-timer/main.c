/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * @file tests/wfi-timer/main.c
 * WFI sleeps until the virtual timer wakes it.  The hypervisor traps WFI
 * and blocks the vCPU until an interrupt is pending for it (Xen: the vCPU
 * is descheduled and the virtual timer emulated with a hypervisor timer).
 * With the timer 50 ms ahead, a loop of WFI must go round only once or
 * twice (a WFI that returns at once would go round thousands of times),
 * wake no earlier than the deadline and not much later; the same with
 * IRQs masked (WFI wakes on a pending interrupt regardless of PSTATE.I).
 */
#include <xtf.h>

const char test_title[] = "WFI woken by the virtual timer";

#define SLEEP_MS        50
#define MAX_WFIS        3           /* architecturally WFI may wake early */
#define LATE_MS         1000        /* TCG under load: generous */
#define TIMER_PRIO      0xa0
#define ISR_EL1_I       (1UL << 7)

static volatile unsigned int fired;
static volatile uint64_t fired_at;

static void timer_irq(unsigned int intid)
{
    fired++;
    fired_at = READ_SYSREG(cntvct_el0);
    xtf_vtimer_stop();
}

/* Whether to give up waiting: long after the deadline. */
static bool too_late(uint64_t deadline)
{
    uint64_t freq = READ_SYSREG(cntfrq_el0);

    isb();
    return READ_SYSREG(cntvct_el0) > deadline + freq * LATE_MS / 1000;
}

static void check_round(const char *how, unsigned int wfis, uint64_t deadline,
                        uint64_t woke)
{
    uint64_t freq = READ_SYSREG(cntfrq_el0);

    printk("%s: %u WFI(s), woke %lu us after the deadline\n", how, wfis,
           woke >= deadline ? (woke - deadline) * 1000000 / freq : 0);
    if ( wfis > MAX_WFIS )
        xtf_failure("%s: WFI went round %u times in %u ms: it does not block",
                    how, wfis, SLEEP_MS);
    if ( fired != 1 )
        return xtf_failure("%s: the timer interrupt came %u times, expected 1",
                           how, fired);
    if ( woke < deadline )
        xtf_failure("%s: woke %lu ticks before the timer deadline", how,
                    deadline - woke);
    else if ( woke - deadline > freq * LATE_MS / 1000 )
        xtf_failure("%s: woke %lu ms after the timer deadline", how,
                    (woke - deadline) * 1000 / freq);
}

/* IRQs unmasked: the interrupt is taken right after the WFI. */
static void round_unmasked(uint64_t ticks)
{
    unsigned int wfis = 0;
    uint64_t deadline;

    fired = 0;
    deadline = xtf_vtimer_arm(ticks);
    xtf_irq_enable();
    while ( !fired && !too_late(deadline) )
    {
        wfi();
        wfis++;
    }
    xtf_irq_disable();
    check_round("IRQs unmasked", wfis, deadline, fired_at);
}

/* IRQs masked: WFI returns with the interrupt pending (ISR_EL1.I). */
static void round_masked(uint64_t ticks)
{
    unsigned int wfis = 0;
    uint64_t deadline, woke;

    fired = 0;
    deadline = xtf_vtimer_arm(ticks);
    while ( !(READ_SYSREG(isr_el1) & ISR_EL1_I) && !too_late(deadline) )
    {
        wfi();
        wfis++;
    }
    isb();
    woke = READ_SYSREG(cntvct_el0);
    xtf_irq_enable();
    isb();
    xtf_irq_disable();
    check_round("IRQs masked", wfis, deadline, woke);
}

void test_main(void)
{
    uint64_t ticks = READ_SYSREG(cntfrq_el0) * SLEEP_MS / 1000;
    unsigned int intid;
    int rc;

    if ( xtf_vtimer_intid(&intid) )
        return xtf_error("no virtual timer interrupt in the device tree");
    rc = xtf_gic_init();
    if ( rc )
        return xtf_error("GIC set-up failed: %d", rc);
    xtf_gic_set_handler(timer_irq);
    xtf_gic_enable_ppi(intid, TIMER_PRIO);

    round_unmasked(ticks);
    round_masked(ticks);

    xtf_gic_disable_ppi(intid);
    xtf_success(NULL);
}
