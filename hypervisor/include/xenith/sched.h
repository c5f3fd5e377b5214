/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Domains and vCPUs: the objects every guest-facing subsystem hangs off.
 *
 * Execution model (Xen's): every vCPU has its own EL2 stack; the guest's
 * registers, saved on each exit, sit in the frame at the top of that stack
 * (guest_cpu_user_regs()).  Switching vCPUs switches stacks (arch
 * context_switch()), so a vCPU's hypervisor work can be suspended and
 * resumed.  Each pCPU has an idle vCPU (of the idle domain, DOMID_IDLE)
 * whose stack is the pCPU's boot stack and which runs idle_loop().
 *
 * Lock order: domlist_lock -> d->domain_lock -> scheduler locks ->
 * d->page_alloc_lock -> heap_lock (page_alloc.c).
 */
#ifndef XENITH_SCHED_H
#define XENITH_SCHED_H

#include <xenith/lib.h>
#include <xenith/mm.h>
#include <xenith/percpu.h>
#include <xenith/spinlock.h>
#include <xenith/timer.h>
#include <public/xen.h>
#include <public/sched.h>
#include <asm/domain.h>

/* Bits of vcpu->pause_flags: why a vCPU may not run (besides pause_count). */
#define _VPF_blocked    0       /* waiting for an event (WFI, SCHEDOP_block) */
#define _VPF_down       1       /* offline: never started, or PSCI CPU_OFF */
#define VPF_blocked     (1UL << _VPF_blocked)
#define VPF_down        (1UL << _VPF_down)

struct vcpu {
    unsigned int vcpu_id;
    struct domain *domain;

    /* Scheduling: protected by the scheduler's lock for 'processor'. */
    unsigned int processor;     /* the pCPU it runs or will run on */
    bool is_running;            /* on a pCPU right now */
    void *sched_priv;           /* the scheduler's per-vCPU data */

    unsigned long pause_flags;  /* VPF_*, atomic bit operations */
    int pause_count;            /* vcpu_pause() nesting, atomic */

    struct arch_vcpu arch;
};

struct domain {
    domid_t domain_id;
    char name[32];              /* from the dom0less node or the toolstack */

    unsigned int max_vcpus;
    struct vcpu **vcpu;         /* max_vcpus entries, set at creation */

    spinlock_t domain_lock;     /* serializes pause/unpause/shutdown */
    int pause_count;            /* domain_pause() nesting */
    bool is_dying;              /* destruction has begun */
    bool is_shutting_down;      /* SCHEDOP_shutdown or a crash seen */
    unsigned int shutdown_code; /* SHUTDOWN_* once is_shutting_down */

    spinlock_t page_alloc_lock; /* protects page_list and tot_pages */
    struct page_list_head page_list;    /* pages this domain owns */
    unsigned long tot_pages;
    unsigned long max_pages;

    void *sched_priv;           /* the scheduler's per-domain data */
    struct domain *next_in_list;        /* domain list, domlist_lock */

    struct arch_domain arch;
};

DECLARE_PER_CPU(struct vcpu *, curr_vcpu);
#define current             (this_cpu(curr_vcpu))
#define set_current(v)      (this_cpu(curr_vcpu) = (v))

extern struct domain *idle_domain;
static inline bool is_idle_domain(const struct domain *d)
{
    return d->domain_id == DOMID_IDLE;
}
static inline bool is_idle_vcpu(const struct vcpu *v)
{
    return is_idle_domain(v->domain);
}

/* Whether @v may be given a pCPU: not paused, not blocked, not down. */
static inline bool vcpu_runnable(const struct vcpu *v)
{
    return !(ACCESS_ONCE(v->pause_flags) & (VPF_blocked | VPF_down)) &&
           !ACCESS_ONCE(v->pause_count) &&
           !ACCESS_ONCE(v->domain->pause_count);
}

#endif /* XENITH_SCHED_H */
