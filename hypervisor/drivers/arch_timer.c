/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The ARM generic timer: Xenith's time source and timer interrupt (arm64).
 *
 * System time is the physical count (CNTPCT_EL0, the same on every CPU)
 * since time_init(), in nanoseconds.  Each CPU's EL2 physical timer
 * (CNTHP_CTL_EL2 / CNTHP_CVAL_EL2) interrupts on the hypervisor timer PPI
 * at the deadline the software timers ask for.  The other three PPIs of
 * the node belong to the timers guests use; they are only recorded here.
 *
 * The tick/ns conversions (xenith/time.h) are exact, so the interrupt for
 * a deadline never comes before NOW() has reached it.
 */
#include <xenith/device_tree.h>
#include <xenith/errno.h>
#include <xenith/irq.h>
#include <xenith/percpu.h>
#include <xenith/printk.h>
#include <xenith/softirq.h>
#include <xenith/timer.h>
#include <asm/sysregs.h>
#include <asm/time.h>

/* CNTHP_CTL_EL2 */
#define CNTx_CTL_ENABLE     (1UL << 0)

static uint64_t timer_hz;           /* counter frequency; 0 until probed */
static uint64_t boot_ticks;         /* the count at system time 0 */
static struct dt_irq timer_irq[TIMER_NR_PPIS];

static inline uint64_t counter_read(void)
{
    /* The ISB keeps the read from being done ahead of earlier code. */
    asm volatile("isb" ::: "memory");
    return READ_SYSREG(cntpct_el0);
}

s_time_t get_s_time(void)
{
    if ( !timer_hz )
        return 0;
    return (s_time_t)ticks_to_ns(counter_read() - boot_ticks, timer_hz);
}

void reprogram_timer(s_time_t deadline)
{
    uint64_t cval;

    /* Before the probe the hardware is not ours; the probe catches up. */
    if ( !timer_hz )
        return;
    if ( deadline == STIME_MAX )
    {
        WRITE_SYSREG(0, cnthp_ctl_el2);
    }
    else
    {
        if ( __builtin_add_overflow(ns_to_ticks(deadline > 0 ? (uint64_t)deadline : 0, timer_hz),
                                    boot_ticks, &cval) )
            cval = UINT64_MAX;
        WRITE_SYSREG(cval, cnthp_cval_el2);
        WRITE_SYSREG(CNTx_CTL_ENABLE, cnthp_ctl_el2);
    }
    asm volatile("isb" ::: "memory");
}

static void arch_timer_interrupt(unsigned int intid, void *data,
                                 struct cpu_user_regs *regs)
{
    /*
     * The line is level-sensitive and stays asserted while the count is
     * past the deadline: switch the timer off before the EOI.  The softirq
     * sets the next deadline.
     */
    WRITE_SYSREG(0, cnthp_ctl_el2);
    asm volatile("isb" ::: "memory");
    raise_softirq(TIMER_SOFTIRQ);
}

/* The calling CPU's banked timer: off, then its PPI enabled here. */
static void arch_timer_init_cpu(void)
{
    const struct dt_irq *irq = &timer_irq[TIMER_HYP_PPI];
    int rc;

    WRITE_SYSREG(0, cnthp_ctl_el2);
    asm volatile("isb" ::: "memory");
    rc = request_irq(irq->intid, irq->level, arch_timer_interrupt, NULL);
    if ( rc )
        panic("CPU%u cannot take the hypervisor timer interrupt (INTID %u): error %d",
              smp_processor_id(), irq->intid, rc);
    /* Timers armed on this CPU before now are not on the hardware yet. */
    raise_softirq(TIMER_SOFTIRQ);
}

static int arch_timer_probe(int node)
{
    static const char *const names[TIMER_NR_PPIS] = {
        "secure physical", "non-secure physical", "virtual", "hypervisor" };
    uint32_t hz;
    int rc;

    for ( unsigned int i = 0; i < TIMER_NR_PPIS; i++ )
    {
        rc = dt_read_irq(node, i, &timer_irq[i]);
        if ( rc || timer_irq[i].intid < 16 || timer_irq[i].intid >= 32 )
        {
            printk(XENLOG_ERR "Timer: \"interrupts\" entry %u (%s timer) is missing or not a PPI\n",
                   i, names[i]);
            return rc ? rc : -EINVAL;
        }
    }

    /* A "clock-frequency" property means firmware left CNTFRQ_EL0 unset. */
    rc = dt_read_u32(node, "clock-frequency", &hz);
    if ( rc == -ENOENT )
        hz = (uint32_t)READ_SYSREG(cntfrq_el0);
    else if ( rc )
        return rc;
    if ( !hz )
    {
        printk(XENLOG_ERR "Timer: frequency unknown (CNTFRQ_EL0 is 0 and no \"clock-frequency\")\n");
        return -EINVAL;
    }

    boot_ticks = counter_read();
    timer_hz = hz;
    arch_timer_init_cpu();
    printk("Timer: %u kHz, hypervisor timer PPI %u\n", hz / 1000,
           timer_irq[TIMER_HYP_PPI].intid);
    return 0;
}

static const char *const arch_timer_compat[] = {
    "arm,armv8-timer", "arm,armv7-timer", NULL
};
DT_DEVICE(arch_timer, "ARM generic timer", DT_DEV_TIMER, arch_timer_compat,
          arch_timer_probe);

unsigned int timer_get_irq(enum timer_ppi ppi)
{
    BUG_ON(ppi >= TIMER_NR_PPIS || !timer_hz);
    return timer_irq[ppi].intid;
}

s_time_t timer_count_to_stime(uint64_t count)
{
    uint64_t ticks = count > boot_ticks ? count - boot_ticks : 0;

    BUG_ON(!timer_hz);
    if ( ticks / timer_hz >= (uint64_t)STIME_MAX / NSEC_PER_SEC )
        return STIME_MAX;
    /* Rounded up, so that at that time the count has reached @count. */
    return (s_time_t)(ticks_to_ns(ticks, timer_hz) +
                      (ticks % timer_hz * NSEC_PER_SEC % timer_hz != 0));
}

void time_init(void)
{
    softirq_init_cpu();
    timer_init();
    if ( dt_device_probe_class(DT_DEV_TIMER) )
        panic("Xenith needs the ARM generic timer, and the device tree describes no usable one (compatible \"arm,armv8-timer\")");
}

void timer_init_secondary_cpu(void)
{
    softirq_init_cpu();
    arch_timer_init_cpu();
}
