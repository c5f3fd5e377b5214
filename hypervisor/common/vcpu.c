/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vCPUs: creation and destruction, pausing, and going down and up (PSCI
 * CPU_OFF and CPU_ON).
 *
 * A vCPU that is down is not runnable, but may still be finishing its
 * exit on its pCPU; bringing it up waits for it to leave the pCPU before
 * its registers are reset.  d->domain_lock serializes the bring-ups of a
 * domain, so only one CPU_ON wins a race for the same vCPU.
 */
#include <xenith/domain.h>
#include <xenith/errno.h>
#include <xenith/xmalloc.h>
#include <asm/smp.h>

int vcpu_create(struct domain *d, unsigned int id)
{
    struct vcpu *v;
    int rc;

    BUG_ON(id >= d->max_vcpus || d->vcpu[id]);
    v = xzalloc(struct vcpu);
    if ( !v )
        return -ENOMEM;
    v->vcpu_id = id;
    v->domain = d;
    /* A guest starts on vCPU 0; the others wait for PSCI CPU_ON. */
    if ( id != 0 && !is_idle_domain(d) )
        v->pause_flags = VPF_down;
    rc = arch_vcpu_create(v);
    if ( rc )
    {
        xfree(v);
        return rc;
    }
    rc = sched_init_vcpu(v);
    if ( rc )
    {
        arch_vcpu_destroy(v);
        xfree(v);
        return rc;
    }
    d->vcpu[id] = v;
    return 0;
}

void vcpu_destroy(struct vcpu *v)
{
    v->domain->vcpu[v->vcpu_id] = NULL;
    sched_destroy_vcpu(v);
    arch_vcpu_destroy(v);
    xfree(v);
}

void vcpu_pause(struct vcpu *v)
{
    __atomic_add_fetch(&v->pause_count, 1, __ATOMIC_SEQ_CST);
    vcpu_sleep_sync(v);
}

void vcpu_pause_nosync(struct vcpu *v)
{
    __atomic_add_fetch(&v->pause_count, 1, __ATOMIC_SEQ_CST);
    vcpu_sleep_nosync(v);
}

void vcpu_unpause(struct vcpu *v)
{
    int count = __atomic_sub_fetch(&v->pause_count, 1, __ATOMIC_SEQ_CST);

    BUG_ON(count < 0);
    if ( count == 0 )
        vcpu_wake(v);
}

int vcpu_up(struct vcpu *v, uint64_t entry, uint64_t arg)
{
    struct domain *d = v->domain;
    unsigned long flags;
    int rc = -EBUSY;

    if ( !(ACCESS_ONCE(v->pause_flags) & VPF_down) )
        return -EBUSY;
    /* Down, so it leaves its pCPU soon if it is still there. */
    while ( __atomic_load_n(&v->is_running, __ATOMIC_ACQUIRE) )
        arch_cpu_relax();

    spin_lock_irqsave(&d->domain_lock, flags);
    if ( ACCESS_ONCE(v->pause_flags) & VPF_down )
    {
        arch_vcpu_reset(v, entry, arg);
        vcpu_test_and_clear_flag(v, VPF_down);
        rc = 0;
    }
    spin_unlock_irqrestore(&d->domain_lock, flags);
    if ( !rc )
        vcpu_wake(v);
    return rc;
}

void vcpu_down_self(void)
{
    struct vcpu *v = current;
    unsigned long flags;

    spin_lock_irqsave(&v->domain->domain_lock, flags);
    vcpu_test_and_set_flag(v, VPF_down);
    spin_unlock_irqrestore(&v->domain->domain_lock, flags);
    vcpu_sleep_nosync(v);
}
