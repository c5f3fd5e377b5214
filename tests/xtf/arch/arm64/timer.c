/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The EL1 virtual timer (CNTV_*) of xtf guests.
 */
#include <xtf.h>

/* The virtual timer's INTID: 3rd interrupt of the "arm,armv8-timer" node
 * (secure, non-secure physical, virtual, hypervisor). */
int xtf_vtimer_intid(unsigned int *intid)
{
    int node = fdt_find_compatible(-1, "arm,armv8-timer");
    const char *irqs;
    uint32_t len;

    if ( node < 0 )
        return -XEN_ENODEV;
    irqs = fdt_getprop(node, "interrupts", &len);
    if ( !irqs || len < 9 * 4 || fdt32(irqs + 6 * 4) != 1 )   /* 1: PPI */
        return -XEN_EINVAL;
    *intid = 16 + fdt32(irqs + 7 * 4);
    return 0;
}

uint64_t xtf_vtimer_arm(uint64_t ticks)
{
    uint64_t deadline;

    isb();
    deadline = READ_SYSREG(cntvct_el0) + ticks;
    WRITE_SYSREG(deadline, cntv_cval_el0);
    WRITE_SYSREG(CNTV_CTL_ENABLE, cntv_ctl_el0);
    isb();
    return deadline;
}

void xtf_vtimer_stop(void)
{
    WRITE_SYSREG(0, cntv_ctl_el0);
    isb();
}

int xtf_vtimer_wfi(unsigned int ms, uint8_t prio)
{
    uint64_t ticks = READ_SYSREG(cntfrq_el0) * ms / 1000, deadline;
    unsigned int intid;

    if ( xtf_vtimer_intid(&intid) )
        return -XEN_ENODEV;
    xtf_gic_enable_ppi(intid, prio);
    deadline = xtf_vtimer_arm(ticks);
    /* Bounded, should the timer never fire. */
    while ( !(READ_SYSREG(isr_el1) & ISR_EL1_I) &&
            READ_SYSREG(cntvct_el0) < deadline + ticks * 50 )
        wfi();
    xtf_vtimer_stop();
    xtf_gic_disable_ppi(intid);
    return 0;
}
