/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The timers of a vCPU (vtimer.c), as Xen gives them:
 *
 *  - The EL1 virtual timer (CNTV_CTL_EL0/CNTV_CVAL_EL0) belongs to the
 *    guest, which programs it directly; it is switched with the vCPU.
 *    CNTVOFF_EL2 is the physical count at domain creation, so a guest's
 *    virtual count starts near 0 (Xen does the same).  When the hardware
 *    timer fires while the vCPU runs, Xenith takes the physical PPI, sets
 *    CNTV_CTL.IMASK (the guest sees it set, as on Xen) and injects virtual
 *    PPI 27; while the vCPU is descheduled a software timer at its
 *    deadline does the same and wakes it.
 *  - The EL1 physical timer (CNTP_*) is trapped (CNTHCTL_EL2.EL1PCEN = 0)
 *    and emulated with a software timer that injects PPI 30.  Its compare
 *    value is against the physical count the guest reads (CNTPCT_EL0 is
 *    not trapped).
 */
#ifndef ASM_VTIMER_H
#define ASM_VTIMER_H

#include <xenith/spinlock.h>
#include <xenith/timer.h>
#include <xenith/types.h>

/* A domain's half (arch_domain.vtimer). */
struct vtimer_domain {
    uint64_t cntvoff;           /* CNTVOFF_EL2 of all its vCPUs */
};

/* A vCPU's half (arch_vcpu.vtimer). */
struct vtimer {
    /*
     * Protects the saved virtual timer and 'resident' against the
     * software timers' handlers, and the emulated physical timer.
     */
    spinlock_t lock;
    bool resident;              /* the virtual timer is on the hardware */
    uint64_t cntv_ctl, cntv_cval;       /* saved while not resident */
    uint64_t cntp_ctl, cntp_cval;       /* the emulated physical timer */
    struct timer virt_timer;    /* the virtual deadline while descheduled */
    struct timer phys_timer;    /* the emulated physical timer's deadline */
};

struct domain;
struct vcpu;

/*
 * Boot CPU, after time_init() and vgic_init(): take the virtual timer's
 * PPI, trap the EL1 physical timer.  Each secondary: the same, locally.
 */
void vtimer_init(void);
void vtimer_init_secondary_cpu(void);

/* Domain creation: fix the domain's CNTVOFF_EL2. */
void vtimer_domain_init(struct domain *d);
/* A new vCPU (v->domain set): both timers off.  0 or -errno. */
int vtimer_vcpu_init(struct vcpu *v);
/* Before a vCPU is freed (not running): its software timers killed. */
void vtimer_vcpu_destroy(struct vcpu *v);

/* Context switch, IRQs masked: @v's virtual timer off / onto this pCPU. */
void vtimer_save(struct vcpu *v);
void vtimer_restore(struct vcpu *v);

/*
 * A trapped access of the current vCPU @v to CNTP_TVAL_EL0 (@op2 0),
 * CNTP_CTL_EL0 (1) or CNTP_CVAL_EL0 (2), i.e. op0 3, op1 3, CRn 14,
 * CRm 2: reads into *@val, writes from it.  Returns 0 or -EINVAL (another
 * op2: not a timer register).  EL0 accesses the guest's CNTKCTL_EL1 does
 * not allow trap to EL1 before they reach here.
 */
int vtimer_emulate_cntp(struct vcpu *v, unsigned int op2, bool read, uint64_t *val);

#endif /* ASM_VTIMER_H */
