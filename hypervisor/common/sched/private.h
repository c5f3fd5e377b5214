/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Between the scheduler core (core.c) and its policies (rr.c; the Xen
 * schedulers credit, credit2, rtds, null and arinc653 later), as in Xen:
 * a policy is a read-only struct sched_ops registered with
 * REGISTER_SCHEDULER(), chosen at boot with `sched=<opt_name>`.  The core
 * calls it only through the sched_*() wrappers below, which deal with the
 * optional hooks.
 *
 * The core keeps, per pCPU, a struct sched_resource: its lock, its idle
 * vCPU, the vCPU on it and the slice timer.  A policy keeps its run queues
 * in its per-pCPU data (alloc_pdata), under that pCPU's lock.  The core
 * calls every hook that takes a vCPU with the lock of v->processor held
 * (IRQs masked), and do_schedule with the lock of @cpu; the other hooks
 * without locks.  A vCPU stays on the pCPU pick_cpu gave it when it was
 * inserted (no migration yet).
 *
 * The idle vCPUs are the core's: a policy never sees them, and its
 * do_schedule answers NULL when the pCPU should idle.
 */
#ifndef COMMON_SCHED_PRIVATE_H
#define COMMON_SCHED_PRIVATE_H

#include <xenith/sched.h>

struct sched_resource {
    spinlock_t lock;            /* this pCPU's scheduling; taken with IRQs masked */
    struct vcpu *curr;          /* the vCPU on this pCPU (under lock) */
    struct vcpu *idle;          /* its idle vCPU; set at boot */
    /*
     * The current slice ends at slice_end (STIME_MAX: no slice).  s_timer
     * is armed no later than that, and left armed when a new slice
     * starts: firing early, it re-arms for slice_end (sched/core.c).
     */
    s_time_t slice_end;
    struct timer s_timer;
    void *sched_priv;           /* the policy's per-pCPU data */
} __aligned(CACHE_LINE_BYTES);

extern struct sched_resource sched_res[NR_CPUS];

static inline struct sched_resource *sched_res_of(const struct vcpu *v)
{
    return &sched_res[v->processor];
}

/* What do_schedule decides for a pCPU. */
struct sched_decision {
    struct vcpu *next;          /* the vCPU to run; NULL: idle */
    s_time_t slice;             /* how long it may run; < 0: no limit */
};

struct scheduler;

struct sched_ops {
    const char *name;           /* for people: "Round-robin" */
    const char *opt_name;       /* for sched= */

    /* Once, at boot, before any other hook: 0 or -errno. */
    int (*init)(struct scheduler *s);
    /* Per-pCPU data for every present pCPU, at boot; NULL if out of memory. */
    void *(*alloc_pdata)(const struct scheduler *s, unsigned int cpu);
    /* Optional per-domain data (NULL is fine when the hook is absent). */
    void *(*alloc_domdata)(const struct scheduler *s, struct domain *d);
    void (*free_domdata)(const struct scheduler *s, void *data);
    /* Per-vCPU data; NULL when out of memory. */
    void *(*alloc_vdata)(const struct scheduler *s, struct vcpu *v, void *domdata);
    void (*free_vdata)(const struct scheduler *s, void *data);

    /* Which pCPU a new vCPU goes to (online); no lock held. */
    unsigned int (*pick_cpu)(const struct scheduler *s, const struct vcpu *v);
    /* A new vCPU is on v->processor; the last call before it leaves. */
    void (*insert_vcpu)(const struct scheduler *s, struct vcpu *v);
    void (*remove_vcpu)(const struct scheduler *s, struct vcpu *v);
    /* @v became runnable / stopped being runnable. */
    void (*wake)(const struct scheduler *s, struct vcpu *v);
    void (*sleep)(const struct scheduler *s, struct vcpu *v);
    /* Optional: @v (current) gives way; a schedule follows. */
    void (*yield)(const struct scheduler *s, struct vcpu *v);
    /*
     * Choose what @cpu runs next.  Its current vCPU (sched_res[cpu].curr,
     * maybe idle) may or may not still be runnable.
     */
    void (*do_schedule)(const struct scheduler *s, unsigned int cpu,
                        s_time_t now, struct sched_decision *out);

    /* Optional: the policy's settings, and one pCPU's queue ('r' key). */
    void (*dump_settings)(const struct scheduler *s);
    void (*dump_cpu)(const struct scheduler *s, unsigned int cpu);
};

/* The one scheduler instance: a shared read-only policy and its data. */
struct scheduler {
    const struct sched_ops *ops;
    void *sched_data;           /* the policy's global data (init) */
};

#define REGISTER_SCHEDULER(def)                                         \
    static const struct sched_ops *const __sched_##def __used           \
    __section("xenith_schedulers") = &(def)

/* ---------------------------------------------------------------- wrappers */

static inline int sched_init(struct scheduler *s)
{
    return s->ops->init ? s->ops->init(s) : 0;
}

static inline void *sched_alloc_pdata(const struct scheduler *s, unsigned int cpu)
{
    return s->ops->alloc_pdata(s, cpu);
}

static inline void *sched_alloc_domdata(const struct scheduler *s, struct domain *d)
{
    return s->ops->alloc_domdata ? s->ops->alloc_domdata(s, d) : NULL;
}

static inline void sched_free_domdata(const struct scheduler *s, void *data)
{
    BUG_ON(!s->ops->free_domdata && data);
    if ( s->ops->free_domdata )
        s->ops->free_domdata(s, data);
}

static inline void *sched_alloc_vdata(const struct scheduler *s, struct vcpu *v,
                                      void *domdata)
{
    return s->ops->alloc_vdata(s, v, domdata);
}

static inline void sched_free_vdata(const struct scheduler *s, void *data)
{
    s->ops->free_vdata(s, data);
}

static inline unsigned int sched_pick_cpu(const struct scheduler *s,
                                          const struct vcpu *v)
{
    return s->ops->pick_cpu(s, v);
}

static inline void sched_insert_vcpu(const struct scheduler *s, struct vcpu *v)
{
    s->ops->insert_vcpu(s, v);
}

static inline void sched_remove_vcpu(const struct scheduler *s, struct vcpu *v)
{
    s->ops->remove_vcpu(s, v);
}

static inline void sched_wake(const struct scheduler *s, struct vcpu *v)
{
    s->ops->wake(s, v);
}

static inline void sched_sleep(const struct scheduler *s, struct vcpu *v)
{
    s->ops->sleep(s, v);
}

static inline void sched_vcpu_yield(const struct scheduler *s, struct vcpu *v)
{
    if ( s->ops->yield )
        s->ops->yield(s, v);
}

static inline void sched_do_schedule(const struct scheduler *s, unsigned int cpu,
                                     s_time_t now, struct sched_decision *out)
{
    s->ops->do_schedule(s, cpu, now, out);
}

static inline void sched_dump_settings(const struct scheduler *s)
{
    if ( s->ops->dump_settings )
        s->ops->dump_settings(s);
}

static inline void sched_dump_cpu(const struct scheduler *s, unsigned int cpu)
{
    if ( s->ops->dump_cpu )
        s->ops->dump_cpu(s, cpu);
}

#endif /* COMMON_SCHED_PRIVATE_H */
