/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Time from the virtual counter (CNTVCT_EL0 at CNTFRQ_EL0 Hz), for bounded
 * waits in tests; the virtual timer.
 */
#ifndef XTF_TIME_H
#define XTF_TIME_H

#include <xtf/sysreg.h>

static inline uint64_t xtf_now_us(void)
{
    uint64_t freq = READ_SYSREG(cntfrq_el0);
    uint64_t cnt;

    isb();
    cnt = READ_SYSREG(cntvct_el0);
    /* Split so that cnt * 10^6 cannot overflow for any sane frequency. */
    return (cnt / freq) * 1000000 + (cnt % freq) * 1000000 / freq;
}

/* Spin until cond is true or timeout_us passed; the final value of cond. */
#define xtf_wait_until(cond, timeout_us) ({                         \
    uint64_t _end = xtf_now_us() + (timeout_us);                    \
    bool _ok;                                                       \
    while ( !(_ok = (cond)) && xtf_now_us() < _end )                \
        asm volatile ( "yield" ::: "memory" );                      \
    _ok; })

/* CNTV_CTL_EL0 */
#define CNTV_CTL_ENABLE     (1UL << 0)
#define CNTV_CTL_IMASK      (1UL << 1)
#define CNTV_CTL_ISTATUS    (1UL << 2)

/* The virtual timer's INTID from the device tree.  0 or -errno. */
int xtf_vtimer_intid(unsigned int *intid);
/* Fire the virtual timer 'ticks' from now (unmasked); the deadline. */
uint64_t xtf_vtimer_arm(uint64_t ticks);
/* Disable it: its interrupt line drops. */
void xtf_vtimer_stop(void);
/*
 * WFI with IRQs masked until the virtual timer, armed @ms ahead (its PPI
 * enabled at @prio meanwhile), is pending: the vCPU blocks in the
 * hypervisor for about @ms.  0, or -errno without a timer.
 */
int xtf_vtimer_wfi(unsigned int ms, uint8_t prio);

#endif /* XTF_TIME_H */
