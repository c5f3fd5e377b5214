/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The round-robin policy (`sched=rr`): each pCPU keeps a FIFO of the
 * runnable vCPUs placed on it that wait for it.  The vCPU on the pCPU
 * runs for one time slice (`sched_rr_tslice_ms=`, 10 ms by default); when
 * the slice ends, or when it yields, a vCPU still runnable goes to the
 * back of the queue and the head runs.  A vCPU that wakes joins the back
 * of its queue and, if its pCPU idles, makes it schedule at once; nothing
 * preempts a running slice.
 *
 * Placement: a new vCPU goes to the online pCPU with the fewest vCPUs
 * (the lowest-numbered among equals), so the vCPUs of a domain spread
 * over the pCPUs, and stays there.
 *
 * Locking: a pCPU's queue and counters are under that pCPU's scheduler
 * lock (see private.h); rr_pick_cpu() reads the counters without it, a
 * snapshot that is good enough for placement.
 */
#include <xenith/errno.h>
#include <xenith/param.h>
#include <xenith/printk.h>
#include <xenith/smp.h>
#include <xenith/softirq.h>
#include <xenith/xmalloc.h>

#include "private.h"

#define RR_DEFAULT_TSLICE_MS    10

static unsigned int opt_tslice_ms = RR_DEFAULT_TSLICE_MS;
integer_param("sched_rr_tslice_ms", opt_tslice_ms);

struct rr_vcpu {
    struct vcpu *vcpu;
    struct rr_vcpu *next, *prev;        /* in the queue, when queued */
    bool queued;
};

struct rr_pcpu {
    struct rr_vcpu *head, *tail;        /* the FIFO of waiting vCPUs */
    unsigned int nr_vcpus;              /* vCPUs placed here */
};

struct rr_private {
    s_time_t tslice;
};

static struct rr_pcpu *rr_pcpu(unsigned int cpu)
{
    return sched_res[cpu].sched_priv;
}

static void rr_enqueue(struct rr_pcpu *pc, struct rr_vcpu *rv)
{
    ASSERT(!rv->queued);
    rv->next = NULL;
    rv->prev = pc->tail;
    if ( pc->tail )
        pc->tail->next = rv;
    else
        pc->head = rv;
    pc->tail = rv;
    rv->queued = true;
}

static void rr_dequeue(struct rr_pcpu *pc, struct rr_vcpu *rv)
{
    ASSERT(rv->queued);
    if ( rv->prev )
        rv->prev->next = rv->next;
    else
        pc->head = rv->next;
    if ( rv->next )
        rv->next->prev = rv->prev;
    else
        pc->tail = rv->prev;
    rv->next = rv->prev = NULL;
    rv->queued = false;
}

static int rr_init(struct scheduler *s)
{
    struct rr_private *prv = xzalloc(struct rr_private);

    if ( !prv )
        return -ENOMEM;
    if ( opt_tslice_ms == 0 )
    {
        printk(XENLOG_WARNING "sched_rr_tslice_ms=0 is not a time slice: using %u\n",
               RR_DEFAULT_TSLICE_MS);
        opt_tslice_ms = RR_DEFAULT_TSLICE_MS;
    }
    prv->tslice = MILLISECS(opt_tslice_ms);
    s->sched_data = prv;
    return 0;
}

static void *rr_alloc_pdata(const struct scheduler *s, unsigned int cpu)
{
    return xzalloc(struct rr_pcpu);
}

static void *rr_alloc_vdata(const struct scheduler *s, struct vcpu *v, void *domdata)
{
    struct rr_vcpu *rv = xzalloc(struct rr_vcpu);

    if ( rv )
        rv->vcpu = v;
    return rv;
}

static void rr_free_vdata(const struct scheduler *s, void *data)
{
    const struct rr_vcpu *rv = data;

    BUG_ON(rv && rv->queued);
    xfree(data);
}

static unsigned int rr_pick_cpu(const struct scheduler *s, const struct vcpu *v)
{
    unsigned int cpu, best = cpumask_first(&cpu_online_map);

    for_each_online_cpu ( cpu )
        if ( ACCESS_ONCE(rr_pcpu(cpu)->nr_vcpus) < ACCESS_ONCE(rr_pcpu(best)->nr_vcpus) )
            best = cpu;
    return best;
}

static void rr_wake(const struct scheduler *s, struct vcpu *v)
{
    struct rr_vcpu *rv = v->sched_priv;
    struct sched_resource *sr = sched_res_of(v);

    if ( sr->curr == v || rv->queued )
        return;
    rr_enqueue(rr_pcpu(v->processor), rv);
    if ( is_idle_vcpu(sr->curr) )
        cpu_raise_softirq(v->processor, SCHEDULE_SOFTIRQ);
}

static void rr_sleep(const struct scheduler *s, struct vcpu *v)
{
    struct rr_vcpu *rv = v->sched_priv;

    if ( rv->queued )
        rr_dequeue(rr_pcpu(v->processor), rv);
    else if ( sched_res_of(v)->curr == v )
        cpu_raise_softirq(v->processor, SCHEDULE_SOFTIRQ);
}

static void rr_insert_vcpu(const struct scheduler *s, struct vcpu *v)
{
    rr_pcpu(v->processor)->nr_vcpus++;
    if ( vcpu_runnable(v) )
        rr_wake(s, v);
}

static void rr_remove_vcpu(const struct scheduler *s, struct vcpu *v)
{
    struct rr_vcpu *rv = v->sched_priv;
    struct rr_pcpu *pc = rr_pcpu(v->processor);

    BUG_ON(sched_res_of(v)->curr == v);
    if ( rv->queued )
        rr_dequeue(pc, rv);
    pc->nr_vcpus--;
}

static void rr_do_schedule(const struct scheduler *s, unsigned int cpu,
                           s_time_t now, struct sched_decision *out)
{
    const struct rr_private *prv = s->sched_data;
    struct rr_pcpu *pc = rr_pcpu(cpu);
    struct vcpu *prev = sched_res[cpu].curr;
    struct rr_vcpu *next;

    /* The slice is over or given up: a vCPU that may still run queues up. */
    if ( !is_idle_vcpu(prev) && vcpu_runnable(prev) )
        rr_enqueue(pc, prev->sched_priv);
    next = pc->head;
    if ( next )
        rr_dequeue(pc, next);
    out->next = next ? next->vcpu : NULL;
    out->slice = next ? prv->tslice : -1;
}

static void rr_dump_settings(const struct scheduler *s)
{
    const struct rr_private *prv = s->sched_data;

    printk("  time slice: %ld ms\n", (long)(prv->tslice / MILLISECS(1)));
}

static void rr_dump_cpu(const struct scheduler *s, unsigned int cpu)
{
    const struct rr_pcpu *pc = rr_pcpu(cpu);
    char line[128];
    int len = 0;

    len += snprintf(line, sizeof(line), "%u vCPU(s) placed; waiting:", pc->nr_vcpus);
    for ( const struct rr_vcpu *rv = pc->head; rv && len < (int)sizeof(line); rv = rv->next )
        len += snprintf(line + len, sizeof(line) - (size_t)len, " d%uv%u",
                        rv->vcpu->domain->domain_id, rv->vcpu->vcpu_id);
    printk("    %s%s\n", line, pc->head ? "" : " none");
}

static const struct sched_ops sched_rr_def = {
    .name           = "Round-robin",
    .opt_name       = "rr",
    .init           = rr_init,
    .alloc_pdata    = rr_alloc_pdata,
    .alloc_vdata    = rr_alloc_vdata,
    .free_vdata     = rr_free_vdata,
    .pick_cpu       = rr_pick_cpu,
    .insert_vcpu    = rr_insert_vcpu,
    .remove_vcpu    = rr_remove_vcpu,
    .wake           = rr_wake,
    .sleep          = rr_sleep,
    .do_schedule    = rr_do_schedule,
    .dump_settings  = rr_dump_settings,
    .dump_cpu       = rr_dump_cpu,
};
REGISTER_SCHEDULER(sched_rr_def);
