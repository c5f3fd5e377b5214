/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The virtual timers of guests (see asm/vtimer.h for what the guest sees).
 *
 * Lock order: a vCPU's vtimer lock is a leaf; interrupts are injected
 * (vgic_inject_irq(), which may wake the vCPU) after it is dropped.
 */
#include <xenith/domain.h>
#include <xenith/irq.h>
#include <xenith/errno.h>
#include <xenith/printk.h>
#include <xenith/sched.h>
#include <xenith/time.h>
#include <asm/sysregs.h>
#include <asm/time.h>
#include <asm/vgic.h>
#include <public/arch-arm.h>

/* CNTx_CTL_EL0 */
#define CNTx_CTL_ENABLE         (1UL << 0)
#define CNTx_CTL_IMASK          (1UL << 1)
#define CNTx_CTL_ISTATUS        (1UL << 2)

/* CNTHCTL_EL2 (non-VHE) */
#define CNTHCTL_EL1PCTEN        (1UL << 0)  /* EL1/EL0 read CNTPCT_EL0 untrapped */

#define CNTP_TVAL               0           /* op2 of the CNTP_* registers */
#define CNTP_CTL                1
#define CNTP_CVAL               2

static inline void isb(void)
{
    asm volatile("isb" ::: "memory");
}

static inline uint64_t vtimer_count(void)
{
    isb();
    return READ_SYSREG(cntpct_el0);
}

/* Whether a timer with @ctl and @cval asserts its interrupt at @count. */
static inline bool vtimer_fires(uint64_t ctl, uint64_t cval, uint64_t count)
{
    return (ctl & CNTx_CTL_ENABLE) && !(ctl & CNTx_CTL_IMASK) && count >= cval;
}

/*
 * The physical virtual-timer PPI: the current vCPU's timer fired.  Mask it
 * in the hardware (the line would stay asserted) and hand it to the guest.
 */
static void vtimer_interrupt(unsigned int intid, void *data, struct cpu_user_regs *regs)
{
    struct vcpu *v = current;
    uint64_t ctl = READ_SYSREG(cntv_ctl_el0);

    WRITE_SYSREG(ctl | CNTx_CTL_IMASK, cntv_ctl_el0);
    isb();
    if ( !is_idle_vcpu(v) && (ctl & CNTx_CTL_ISTATUS) && !(ctl & CNTx_CTL_IMASK) )
        vgic_inject_irq(v->domain, v, GUEST_TIMER_VIRT_PPI, true);
}

static void vtimer_cpu_init(void)
{
    const unsigned int irq = timer_get_irq(TIMER_VIRT_PPI);
    int rc;

    WRITE_SYSREG(0, cntv_ctl_el0);
    WRITE_SYSREG(0, cntp_ctl_el0);
    /* The guest reads the physical count; its CNTP_* accesses trap. */
    WRITE_SYSREG(CNTHCTL_EL1PCTEN, cnthctl_el2);
    isb();
    rc = request_irq(irq, true, vtimer_interrupt, NULL);
    if ( rc )
        panic("CPU%u cannot take the virtual timer interrupt (INTID %u): error %d",
              smp_processor_id(), irq, rc);
}

void vtimer_init(void)
{
    vtimer_cpu_init();
    printk("vtimer: guests' virtual timer from PPI %u, EL1 physical timer emulated\n",
           timer_get_irq(TIMER_VIRT_PPI));
}

void vtimer_init_secondary_cpu(void)
{
    vtimer_cpu_init();
}

void vtimer_domain_init(struct domain *d)
{
    d->arch.vtimer.cntvoff = vtimer_count();
}

/* The software timer of a descheduled vCPU's virtual timer. */
static void vtimer_virt_expired(void *data)
{
    struct vcpu *v = data;
    struct vtimer *t = &v->arch.vtimer;
    unsigned long flags;
    bool fire;

    spin_lock_irqsave(&t->lock, flags);
    fire = !t->resident && vtimer_fires(t->cntv_ctl, t->cntv_cval,
                                        vtimer_count() - v->domain->arch.vtimer.cntvoff);
    /* As the hardware path does: masked, so that it fires once. */
    if ( fire )
        t->cntv_ctl |= CNTx_CTL_IMASK;
    spin_unlock_irqrestore(&t->lock, flags);
    if ( fire )
        vgic_inject_irq(v->domain, v, GUEST_TIMER_VIRT_PPI, true);
}

/* (Re)arm the emulated physical timer's software timer; lock held. */
static void vtimer_phys_arm(struct vtimer *t)
{
    if ( (t->cntp_ctl & CNTx_CTL_ENABLE) && !(t->cntp_ctl & CNTx_CTL_IMASK) )
        set_timer(&t->phys_timer, timer_count_to_stime(t->cntp_cval));
    else
        stop_timer(&t->phys_timer);
}

static void vtimer_phys_expired(void *data)
{
    struct vcpu *v = data;
    struct vtimer *t = &v->arch.vtimer;
    unsigned long flags;
    bool fire;

    spin_lock_irqsave(&t->lock, flags);
    fire = vtimer_fires(t->cntp_ctl, t->cntp_cval, vtimer_count());
    if ( !fire )
        vtimer_phys_arm(t);     /* early (rounding) or reprogrammed */
    spin_unlock_irqrestore(&t->lock, flags);
    if ( fire )
        vgic_inject_irq(v->domain, v, GUEST_TIMER_PHYS_NS_PPI, true);
}

int vtimer_vcpu_init(struct vcpu *v)
{
    struct vtimer *t = &v->arch.vtimer;

    *t = (struct vtimer){ .lock = SPIN_LOCK_UNLOCKED };
    init_timer(&t->virt_timer, vtimer_virt_expired, v, v->processor);
    init_timer(&t->phys_timer, vtimer_phys_expired, v, v->processor);
    return 0;
}

void vtimer_vcpu_destroy(struct vcpu *v)
{
    struct vtimer *t = &v->arch.vtimer;

    /* Also after a failed creation, before vtimer_vcpu_init(). */
    if ( !t->virt_timer.function )
        return;
    kill_timer(&t->virt_timer);
    kill_timer(&t->phys_timer);
}

void vtimer_save(struct vcpu *v)
{
    struct vtimer *t = &v->arch.vtimer;
    uint64_t ctl, cval;

    if ( is_idle_vcpu(v) )
        return;
    ctl = READ_SYSREG(cntv_ctl_el0);
    cval = READ_SYSREG(cntv_cval_el0);
    WRITE_SYSREG(0, cntv_ctl_el0);
    isb();

    spin_lock(&t->lock);
    t->cntv_ctl = ctl;
    t->cntv_cval = cval;
    t->resident = false;
    if ( (ctl & CNTx_CTL_ENABLE) && !(ctl & CNTx_CTL_IMASK) )
    {
        uint64_t count;

        if ( __builtin_add_overflow(cval, v->domain->arch.vtimer.cntvoff, &count) )
            count = UINT64_MAX;
        set_timer(&t->virt_timer, timer_count_to_stime(count));
    }
    spin_unlock(&t->lock);
}

void vtimer_restore(struct vcpu *v)
{
    struct vtimer *t = &v->arch.vtimer;
    uint64_t ctl, cval;

    if ( is_idle_vcpu(v) )
        return;
    spin_lock(&t->lock);
    stop_timer(&t->virt_timer);
    t->resident = true;
    ctl = t->cntv_ctl;
    cval = t->cntv_cval;
    spin_unlock(&t->lock);
    /* Deadlines are best kept where the vCPU runs. */
    if ( t->virt_timer.cpu != v->processor )
    {
        migrate_timer(&t->virt_timer, v->processor);
        migrate_timer(&t->phys_timer, v->processor);
    }

    WRITE_SYSREG(v->domain->arch.vtimer.cntvoff, cntvoff_el2);
    WRITE_SYSREG(cval, cntv_cval_el0);
    isb();
    WRITE_SYSREG(ctl, cntv_ctl_el0);
    isb();
}

int vtimer_emulate_cntp(struct vcpu *v, unsigned int op2, bool read, uint64_t *val)
{
    struct vtimer *t = &v->arch.vtimer;
    uint64_t count = vtimer_count();
    unsigned long flags;

    if ( op2 > CNTP_CVAL )
        return -EINVAL;
    spin_lock_irqsave(&t->lock, flags);
    if ( read && op2 == CNTP_CTL )
        *val = t->cntp_ctl | (vtimer_fires(t->cntp_ctl & ~CNTx_CTL_IMASK, t->cntp_cval, count) ?
                              CNTx_CTL_ISTATUS : 0);
    else if ( read && op2 == CNTP_CVAL )
        *val = t->cntp_cval;
    else if ( read )
        *val = (uint32_t)(t->cntp_cval - count);   /* TVAL: signed 32 bits */
    else
    {
        if ( op2 == CNTP_CTL )
            t->cntp_ctl = *val & (CNTx_CTL_ENABLE | CNTx_CTL_IMASK);
        else if ( op2 == CNTP_CVAL )
            t->cntp_cval = *val;
        else
            t->cntp_cval = count + (uint64_t)(int64_t)(int32_t)*val;
        vtimer_phys_arm(t);
    }
    spin_unlock_irqrestore(&t->lock, flags);
    return 0;
}
