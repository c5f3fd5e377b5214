/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * @file tests/vgic-priority/main.c
 * The order in which the guest takes interrupts that wait together, and
 * the running priority, around the virtual timer (whose interrupt Xenith
 * writes straight into a list register when nothing else waits):
 *
 *   alone       the timer by itself, taken once
 *   few         the timer fires while two SGIs the vCPU sent itself are
 *               pending (IRQs masked at PSTATE): taken most urgent first
 *               (lowest priority value), the timer in its place
 *   many        the same with six SGIs: more interrupts than the
 *               hypervisor's list registers (QEMU's GICs have four).  The
 *               order is checked on Xenith only: Xen 4.17 loads what came
 *               first into its list registers and may leave a more urgent
 *               interrupt waiting behind them (it takes 2, 4, 1 ... here)
 *   running     in the timer's handler, an SGI of lower priority is not
 *               signalled (ISR_EL1.I clear), one of higher priority is;
 *               both are taken after the EOI, the higher one first
 *
 * Each interrupt must be taken exactly once, in the expected order.
 */
#include <xtf.h>

const char test_title[] = "Virtual interrupt priorities around the virtual timer";

#define TIMER_PRIO      0xa0
#define MAX_TAKEN       16
#define WAIT_US         2000000
#define SETTLE_US       200     /* for an interrupt to come (or not) */

struct sgi {
    unsigned int intid;
    uint8_t prio;
};

static unsigned int timer_intid;
static volatile unsigned int taken[MAX_TAKEN], nr_taken;
static volatile bool in_timer_test;     /* round "running": SGIs from the handler */
static volatile uint64_t isr_low, isr_high;

static void send_self(unsigned int intid)
{
    int rc = xtf_gic_send_sgi(intid, xtf_cpu_id());

    if ( rc )
        xtf_failure("sending SGI %u to myself: %d", intid, rc);
}

static void settle(void)
{
    uint64_t t0 = xtf_now_us();

    while ( xtf_now_us() - t0 < SETTLE_US )
        ;
}

/* ISR_EL1.I after a short wait: whether an IRQ is signalled to this vCPU. */
static uint64_t isr_irq(void)
{
    settle();
    isb();
    return READ_SYSREG(isr_el1) & ISR_EL1_I;
}

static void irq_handler(unsigned int intid)
{
    if ( nr_taken < MAX_TAKEN )
        taken[nr_taken] = intid;
    nr_taken++;
    if ( intid != timer_intid )
        return;
    xtf_vtimer_stop();
    if ( !in_timer_test )
        return;
    /* Running priority TIMER_PRIO: 0xc0 must wait, 0x40 must not. */
    send_self(7);
    isr_low = isr_irq();
    send_self(8);
    isr_high = isr_irq();
}

/*
 * The timer fires with IRQs masked: injected, not yet taken.  Both
 * hypervisors mask the timer (CNTV_CTL.IMASK) when they take its physical
 * interrupt and inject it (Xen 4.17's GICR/GICD_ISPENDR read as zero).
 */
static bool fire_masked(const char *round)
{
    xtf_vtimer_arm(READ_SYSREG(cntfrq_el0) / 1000);
    if ( xtf_wait_until(READ_SYSREG(cntv_ctl_el0) & CNTV_CTL_IMASK, WAIT_US) )
        return true;
    xtf_failure("%s: the timer's interrupt not pending within %u ms", round,
                WAIT_US / 1000);
    return false;
}

/* Each of @want taken once; in that order if @ordered. */
static void check_taken(const char *round, const unsigned int *want, unsigned int n,
                        bool ordered)
{
    if ( !xtf_wait_until(nr_taken >= n, WAIT_US) )
        return xtf_failure("%s: %u of %u interrupts taken", round, nr_taken, n);
    /* Time for one taken twice to come again. */
    settle();
    if ( nr_taken != n )
        return xtf_failure("%s: %u interrupts taken, expected %u", round, nr_taken, n);
    for ( unsigned int i = 0; i < n; i++ )
    {
        unsigned int times = 0;

        for ( unsigned int j = 0; j < n; j++ )
            times += taken[j] == want[i];
        if ( times != 1 )
            return xtf_failure("%s: interrupt %u taken %u times", round, want[i], times);
        if ( ordered && taken[i] != want[i] )
            return xtf_failure("%s: interrupt #%u was %u, expected %u", round, i,
                               taken[i], want[i]);
    }
    printk("%s: %u interrupts taken once each%s\n", round, n,
           ordered ? ", in priority order" : "");
}

/*
 * The SGIs @sgis (sorted by priority value, i.e. in the order they must be
 * taken) pending with the timer: the timer is taken after those of
 * priority value below TIMER_PRIO.
 */
static void round_pending(const char *round, const struct sgi *sgis, unsigned int n,
                          bool ordered)
{
    unsigned int want[MAX_TAKEN], k = 0;

    xtf_irq_disable();
    nr_taken = 0;
    /* Sent in reverse order of urgency: arrival must not decide. */
    for ( unsigned int i = n; i-- > 0; )
    {
        xtf_gic_enable_ppi(sgis[i].intid, sgis[i].prio);
        send_self(sgis[i].intid);
    }
    if ( !fire_masked(round) )
        return;
    for ( unsigned int i = 0; i < n; i++ )
    {
        if ( sgis[i].prio > TIMER_PRIO && (i == 0 || sgis[i - 1].prio < TIMER_PRIO) )
            want[k++] = timer_intid;
        want[k++] = sgis[i].intid;
    }
    if ( k == n )
        want[k++] = timer_intid;
    xtf_irq_enable();
    isb();
    check_taken(round, want, k, ordered);
    xtf_irq_disable();
}

static void round_running(void)
{
    const unsigned int want[] = { timer_intid, 8, 7 };

    xtf_gic_enable_ppi(7, 0xc0);
    xtf_gic_enable_ppi(8, 0x40);
    nr_taken = 0;
    in_timer_test = true;
    xtf_vtimer_arm(READ_SYSREG(cntfrq_el0) / 1000);
    xtf_irq_enable();
    check_taken("running", want, ARRAY_SIZE(want), true);
    xtf_irq_disable();
    in_timer_test = false;
    if ( isr_low )
        xtf_failure("running: SGI 7 (0xc0) signalled in the handler of the timer (0x%x)",
                    TIMER_PRIO);
    if ( !isr_high )
        xtf_failure("running: SGI 8 (0x40) not signalled in the handler of the timer (0x%x)",
                    TIMER_PRIO);
}

void test_main(void)
{
    static const struct sgi few[] = { { 1, 0x40 }, { 2, 0xc0 } };
    static const struct sgi many[] = { { 2, 0x30 }, { 4, 0x50 }, { 5, 0x90 },
                                       { 6, 0xb0 }, { 1, 0xc0 }, { 3, 0xe0 } };
    int rc;

    if ( xtf_vtimer_intid(&timer_intid) )
        return xtf_error("no virtual timer interrupt in the device tree");
    rc = xtf_gic_init();
    if ( rc )
        return xtf_error("GIC set-up failed: %d", rc);
    printk("GICv%u, virtual timer INTID %u\n", xtf_gic_version(), timer_intid);
    xtf_gic_set_handler(irq_handler);
    xtf_gic_enable_ppi(timer_intid, TIMER_PRIO);

    round_pending("alone", NULL, 0, true);
    round_pending("few", few, ARRAY_SIZE(few), true);
    round_pending("many", many, ARRAY_SIZE(many), xtf_on_xenith());
    round_running();
    xtf_success(NULL);
}
