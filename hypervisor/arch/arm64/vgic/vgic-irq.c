/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The state machine of virtual interrupts, independent of the GIC version
 * and of the hardware.
 *
 * An interrupt is "deliverable" when it is pending, enabled, and the
 * distributor forwards (GICD_CTLR).  Each vCPU keeps a queue (a bitmap by
 * INTID) of the interrupts that are deliverable to it, active in it, or
 * loaded in its list registers; vgic_plan_lrs() looks at nothing else.
 * vgic_irq_update() keeps the queues right after every change, so the
 * queue of a vCPU never holds an interrupt meant for another one except
 * while that interrupt sits in the first one's list registers.
 *
 * Pending state moves into a list register when loaded (irq->pending is
 * cleared, irq->lr_pending set) and comes back at the fold if the guest
 * has not acknowledged it, so an edge arriving meanwhile merges with it,
 * as on a real GIC.  GICv2 SGIs keep one pending request per source vCPU
 * (sgi_sources); a list register carries one source at a time.
 *
 * The caller holds dist->lock (see asm/vgic.h).
 */
#include <xenith/errno.h>

#include "vgic-internal.h"

#define VGIC_PRIO_IDLE      0x100U      /* above every 8-bit priority */

static inline bool vgic_is_v2_sgi(const struct vgic_dist *dist,
                                  const struct vgic_irq *irq)
{
    return dist->version == 2 && irq->intid < VGIC_NR_SGIS;
}

static void vgic_irq_reset(struct vgic_irq *irq, unsigned int intid,
                           unsigned int target)
{
    *irq = (struct vgic_irq){
        .intid = (uint16_t)intid,
        .target = (uint16_t)target,
        .queued_on = VGIC_NO_VCPU,
        .lr = VGIC_NO_LR,
        .edge = intid < VGIC_NR_SGIS,
    };
}

void vgic_irq_init_spis(struct vgic_dist *dist)
{
    for ( unsigned int i = 0; i < dist->nr_spis; i++ )
    {
        struct vgic_irq *irq = &dist->spis[i];

        /* Reset routing: CPU interface 0 / affinity 0.0.0.0, i.e. vCPU 0. */
        vgic_irq_reset(irq, VGIC_NR_PRIVATE_IRQS + i, 0);
        irq->targets = 1;
    }
}

void vgic_irq_init_private(struct vgic_dist *dist, struct vgic_cpu *c)
{
    for ( unsigned int i = 0; i < VGIC_NR_PRIVATE_IRQS; i++ )
        vgic_irq_reset(&c->private_irqs[i], i, c->vcpu_id);
    for ( unsigned int i = 0; i < VGIC_QUEUE_WORDS; i++ )
        c->queue[i] = 0;
    c->nr_queued = 0;
    c->nr_lrs_loaded = 0;
    c->loaded = false;
    c->lrs_changed = false;
}

static bool vgic_irq_deliverable(const struct vgic_dist *dist,
                                 const struct vgic_irq *irq)
{
    return irq->pending && irq->enabled && dist->enabled;
}

bool vgic_irq_is_pending(const struct vgic_irq *irq)
{
    return irq->pending || (irq->lr != VGIC_NO_LR && irq->lr_pending);
}

/*
 * Each INTID on @c's queue (struct vgic_cpu *), lowest first, as
 * unsigned int @intid; stops after the last of the nr_queued, so that a
 * queue holding only SGIs and PPIs costs one word.  The body may use
 * continue, not break, and must not change the queue.
 */
#define vgic_for_each_queued(c, intid)                                      \
    for ( unsigned int w_ = 0, left_ = (c)->nr_queued, intid;              \
          left_ && w_ < VGIC_QUEUE_WORDS; w_++ )                            \
        for ( uint64_t bits_ = (c)->queue[w_];                              \
              bits_ && ((intid) = w_ * 64 + (unsigned int)__builtin_ctzll(bits_), 1); \
              bits_ &= bits_ - 1, left_-- )

static void vgic_queue_set(struct vgic_dist *dist, unsigned int vcpu,
                           unsigned int intid, bool on)
{
    struct vgic_cpu *c = vgic_cpu_of(dist, vcpu);
    uint64_t bit = 1ULL << (intid % 64);
    uint64_t *word;

    if ( !c )
        return;
    word = &c->queue[intid / 64];
    if ( on && !(*word & bit) )
    {
        *word |= bit;
        /* Read without the lock by the entry path: one store, whole. */
        __atomic_store_n(&c->nr_queued, c->nr_queued + 1, __ATOMIC_RELAXED);
    }
    else if ( !on && (*word & bit) )
    {
        *word &= ~bit;
        __atomic_store_n(&c->nr_queued, c->nr_queued - 1, __ATOMIC_RELAXED);
    }
}

void vgic_irq_update(struct vgic_dist *dist, struct vgic_irq *irq,
                     struct vgic_kick *kick)
{
    bool deliverable = vgic_irq_deliverable(dist, irq);
    unsigned int want = VGIC_NO_VCPU;

    if ( irq->lr != VGIC_NO_LR )
    {
        struct vgic_cpu *c = vgic_cpu_of(dist, irq->queued_on);

        /* Loaded: the fold requeues it.  A new edge must reach the guest. */
        if ( c )
            __atomic_store_n(&c->lrs_changed, true, __ATOMIC_RELAXED);
        if ( deliverable )
            vgic_kick_add(kick, irq->queued_on);
        return;
    }
    if ( (deliverable || irq->active) && vgic_cpu_of(dist, irq->target) )
        want = irq->target;
    if ( want != irq->queued_on )
    {
        if ( irq->queued_on != VGIC_NO_VCPU )
            vgic_queue_set(dist, irq->queued_on, irq->intid, false);
        if ( want != VGIC_NO_VCPU )
            vgic_queue_set(dist, want, irq->intid, true);
        irq->queued_on = (uint16_t)want;
    }
    if ( deliverable && want != VGIC_NO_VCPU )
        vgic_kick_add(kick, want);
}

void vgic_irq_update_all(struct vgic_dist *dist, struct vgic_kick *kick)
{
    for ( unsigned int v = 0; v < dist->nr_vcpus; v++ )
    {
        struct vgic_cpu *c = dist->vcpus[v];

        if ( !c )
            continue;
        for ( unsigned int i = 0; i < VGIC_NR_PRIVATE_IRQS; i++ )
            vgic_irq_update(dist, &c->private_irqs[i], kick);
    }
    for ( unsigned int i = 0; i < dist->nr_spis; i++ )
        vgic_irq_update(dist, &dist->spis[i], kick);
}

int vgic_irq_claim(struct vgic_dist *dist, unsigned int intid, bool claim)
{
    struct vgic_irq *irq = intid >= VGIC_NR_PRIVATE_IRQS ? vgic_irq_get(dist, 0, intid) : NULL;

    if ( !irq )
        return -EINVAL;
    if ( claim && irq->claimed )
        return -EBUSY;
    irq->claimed = claim;
    return 0;
}

void vgic_irq_set_pending(struct vgic_dist *dist, struct vgic_irq *irq,
                          unsigned int source, struct vgic_kick *kick)
{
    if ( vgic_is_v2_sgi(dist, irq) )
    {
        if ( source >= VGIC_V2_MAX_VCPUS )
            return;
        irq->sgi_sources |= (uint8_t)(1U << source);
    }
    irq->pending = true;
    vgic_irq_update(dist, irq, kick);
}

void vgic_irq_clear_pending(struct vgic_dist *dist, struct vgic_irq *irq)
{
    irq->pending = false;
    irq->sgi_sources = 0;
    vgic_irq_update(dist, irq, NULL);
}

void vgic_irq_lower(struct vgic_dist *dist, struct vgic_irq *irq)
{
    if ( !irq->edge )
        vgic_irq_clear_pending(dist, irq);
}

void vgic_irq_route(struct vgic_dist *dist, struct vgic_irq *irq,
                    unsigned int target, struct vgic_kick *kick)
{
    irq->target = (uint16_t)target;
    vgic_irq_update(dist, irq, kick);
}

/* Sort key of a candidate: active ones first, then priority, then INTID. */
static uint32_t vgic_lr_key(const struct vgic_irq *irq)
{
    return ((irq->active ? 0U : 1U) << 24) | ((uint32_t)irq->priority << 16) |
           irq->intid;
}

/*
 * The best @max candidates of @c's queue, best first, in @best; returns
 * how many there are in all (possibly more than @max).
 */
static unsigned int vgic_pick(struct vgic_dist *dist, struct vgic_cpu *c,
                              struct vgic_irq **best, unsigned int max)
{
    unsigned int n = 0, total = 0;

    vgic_for_each_queued(c, intid)
    {
        struct vgic_irq *irq = vgic_irq_get(dist, c->vcpu_id, intid);
        unsigned int i;

        if ( !irq || (!irq->active && !vgic_irq_deliverable(dist, irq)) )
            continue;
        total++;
        /* Insertion into the sorted prefix; the worst one falls off. */
        for ( i = n; i > 0 && vgic_lr_key(best[i - 1]) > vgic_lr_key(irq); i-- )
            if ( i < max )
                best[i] = best[i - 1];
        if ( i < max )
            best[i] = irq;
        if ( n < max )
            n++;
    }
    return total;
}

/*
 * Load @irq into @lr.  Returns whether pending state was left behind: a
 * GICv2 SGI carries one source at a time, and an active one only its own.
 */
static bool vgic_load_one(struct vgic_dist *dist, struct vgic_irq *irq,
                          struct vgic_lr *lr, unsigned int n)
{
    bool deliver = vgic_irq_deliverable(dist, irq);

    *lr = (struct vgic_lr){ .intid = irq->intid, .priority = irq->priority,
                            .active = irq->active, .hw = irq->hw };
    if ( vgic_is_v2_sgi(dist, irq) )
    {
        if ( !irq->active && deliver && irq->sgi_sources )
        {
            irq->lr_source = (uint8_t)__builtin_ctz(irq->sgi_sources);
            irq->sgi_sources &= (uint8_t)~(1U << irq->lr_source);
            lr->pending = true;
        }
        lr->source = irq->lr_source;
        irq->pending = irq->sgi_sources != 0;
    }
    else if ( deliver )
    {
        lr->pending = true;
        irq->pending = false;
    }
    irq->lr = (uint8_t)n;
    irq->lr_pending = lr->pending;
    /* Left-over pending state of an active interrupt: retry at its EOI. */
    lr->eoi_maintenance = irq->active && vgic_irq_deliverable(dist, irq);
    return vgic_irq_deliverable(dist, irq) && !lr->eoi_maintenance;
}

unsigned int vgic_plan_lrs(struct vgic_dist *dist, unsigned int vcpu,
                           struct vgic_lr *lrs, unsigned int nr_lrs,
                           uint32_t *hcr)
{
    struct vgic_cpu *c = vgic_cpu_of(dist, vcpu);
    struct vgic_irq *best[VGIC_MAX_LRS];
    unsigned int total, n, nr_pending = 0;
    bool left_pending = false, left_active = false;

    *hcr = 0;
    if ( !c )
        return 0;
    nr_lrs = min(nr_lrs, (unsigned int)VGIC_MAX_LRS);
    total = vgic_pick(dist, c, best, nr_lrs);
    n = min(total, nr_lrs);
    for ( unsigned int i = 0; i < n; i++ )
    {
        if ( vgic_load_one(dist, best[i], &lrs[i], i) )
            left_pending = true;
        if ( lrs[i].pending )
            nr_pending++;
        c->lr_intid[i] = best[i]->intid;
    }
    /* What did not fit: anything still deliverable or active? */
    if ( total > n )
        vgic_for_each_queued(c, intid)
        {
            struct vgic_irq *irq = vgic_irq_get(dist, vcpu, intid);

            if ( !irq || irq->lr != VGIC_NO_LR )
                continue;
            left_active |= irq->active;
            left_pending |= vgic_irq_deliverable(dist, irq);
        }
    /*
     * NPIE fires once the guest has taken every loaded pending interrupt;
     * with none loaded it would fire at once, so then wait for the list
     * registers (all full of active ones) to drain instead.
     */
    if ( left_pending && nr_pending )
        *hcr |= VGIC_HCR_NPIE;
    else if ( left_pending && n == nr_lrs && nr_lrs > 1 )
        *hcr |= VGIC_HCR_UIE;
    if ( left_active )
        *hcr |= VGIC_HCR_LRENPIE;
    c->nr_lrs_loaded = (uint8_t)n;
    return n;
}

/*
 * vgic_load_one() for an interrupt with nothing but its pending state to
 * load (deliverable, not active, no GICv2 SGI): the injection's fast
 * paths, which checked that, into @c's list register @n (the caller
 * writes it: vgic_ops.set_lr_pending).
 */
static void vgic_load_pending(struct vgic_cpu *c, struct vgic_irq *irq, unsigned int n)
{
    irq->pending = false;
    irq->lr = (uint8_t)n;
    irq->lr_pending = true;
    c->lr_intid[n] = irq->intid;
}

bool vgic_lr_append(struct vgic_dist *dist, unsigned int vcpu, struct vgic_irq *irq,
                    unsigned int nr_lrs)
{
    struct vgic_cpu *c = vgic_cpu_of(dist, vcpu);
    unsigned int n;

    /* Pending alone: no EOI maintenance, no GICv2 SGI source left over. */
    if ( !c || irq->queued_on != vcpu || irq->lr != VGIC_NO_LR || irq->active ||
         vgic_is_v2_sgi(dist, irq) || !vgic_irq_deliverable(dist, irq) )
        return false;
    /*
     * Everything else queued is loaded and a list register is free: the
     * plan would load the same set (the hardware orders them by priority),
     * ask for no maintenance interrupt, and leave nothing behind.
     */
    n = c->nr_lrs_loaded;
    if ( n >= min(nr_lrs, (unsigned int)VGIC_MAX_LRS) || c->nr_queued != n + 1 )
        return false;
    vgic_load_pending(c, irq, n);
    c->nr_lrs_loaded = (uint8_t)(n + 1);
    return true;
}

bool vgic_lr_refill(struct vgic_dist *dist, struct vgic_cpu *c, struct vgic_irq *irq)
{
    unsigned int n = irq->lr;

    if ( irq->queued_on != c->vcpu_id || n >= c->nr_lrs_loaded ||
         c->lr_intid[n] != irq->intid || c->lrs_changed ||
         c->nr_queued != c->nr_lrs_loaded || irq->pending ||
         vgic_is_v2_sgi(dist, irq) || !irq->enabled || !dist->enabled )
        return false;
    /* What the fold would read back from the empty LR: neither state. */
    irq->active = false;
    vgic_load_pending(c, irq, n);
    return true;
}

/* The guest EOIed an active interrupt that was in no list register. */
static void vgic_eoi_unlisted(struct vgic_dist *dist, struct vgic_cpu *c,
                              struct vgic_kick *kick)
{
    struct vgic_irq *top = NULL;

    vgic_for_each_queued(c, intid)
    {
        struct vgic_irq *irq = vgic_irq_get(dist, c->vcpu_id, intid);

        if ( irq && irq->active && irq->lr == VGIC_NO_LR &&
             (!top || irq->priority < top->priority) )
            top = irq;
    }
    if ( top )
    {
        top->active = false;
        vgic_irq_update(dist, top, kick);
    }
}

void vgic_fold_lrs(struct vgic_dist *dist, unsigned int vcpu,
                   const struct vgic_lr *lrs, unsigned int nr,
                   unsigned int eoicount, struct vgic_kick *kick)
{
    struct vgic_cpu *c = vgic_cpu_of(dist, vcpu);

    if ( !c )
        return;
    /* Before the fold: only interrupts that were in no LR count here. */
    for ( unsigned int i = 0; i < eoicount; i++ )
        vgic_eoi_unlisted(dist, c, kick);
    for ( unsigned int i = 0; i < nr && i < c->nr_lrs_loaded; i++ )
    {
        struct vgic_irq *irq = vgic_irq_get(dist, vcpu, c->lr_intid[i]);

        if ( !irq || irq->lr != i )
            continue;
        irq->active = lrs[i].active;
        if ( lrs[i].pending )
        {
            if ( vgic_is_v2_sgi(dist, irq) )
                irq->sgi_sources |= (uint8_t)(1U << irq->lr_source);
            irq->pending = true;
        }
        irq->lr = VGIC_NO_LR;
        irq->lr_pending = false;
        vgic_irq_update(dist, irq, kick);
    }
    c->nr_lrs_loaded = 0;
    c->lrs_changed = false;
}

bool vgic_irq_signalled(struct vgic_dist *dist, unsigned int vcpu,
                        uint8_t pmr, uint8_t prio_bits)
{
    struct vgic_cpu *c = vgic_cpu_of(dist, vcpu);
    uint8_t mask = (uint8_t)(0xff00U >> prio_bits);
    unsigned int running = VGIC_PRIO_IDLE, best = VGIC_PRIO_IDLE;

    if ( !c )
        return false;
    vgic_for_each_queued(c, intid)
    {
        struct vgic_irq *irq = vgic_irq_get(dist, vcpu, intid);
        unsigned int prio;

        if ( !irq )
            continue;
        prio = irq->priority & mask;
        if ( irq->active )
            running = min(running, prio);
        if ( vgic_irq_deliverable(dist, irq) ||
             (irq->lr != VGIC_NO_LR && irq->lr_pending) )
            best = min(best, prio);
    }
    return best < (pmr & mask) && best < running;
}
