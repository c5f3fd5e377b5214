/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The virtual GIC's glue to the rest of Xenith: which version the host
 * offers, domain and vCPU set-up, injection with its kicks, the list
 * register round trip on guest entry and exit, the maintenance interrupt,
 * WFI and context switch.  The interrupt logic itself is in vgic-irq.c,
 * the registers in vgic-regs.c, vgic-v2.c and vgic-v3.c.
 *
 * An injection between a vCPU's exit and its entry on the pCPU that holds
 * its CPU interface (the usual case: its own timer, an event upcall)
 * writes the list register itself when the entry's plan would load just
 * that (vgic_lr_append(), or vgic_lr_refill() into the interrupt's own
 * list register, emptied by the guest); the entry then only checks that
 * nothing changed since (lrs_changed, the count of queued interrupts).
 *
 * IRQ exits (and quiet ones) leave the list registers live, as the guest
 * had them: nothing the hypervisor does there reads what the guest did
 * with them but the injection's look at an empty list register (ELRSR)
 * and vgic_irq_in_flight(), which read the hardware.  The entry folds
 * them back only if something changed or the guest has emptied them all;
 * the exits that read or write the vGIC's state for the guest (MMIO, WFI,
 * hypercalls) fold them first (vgic_sync_lrs()), so that a guest's own
 * write (GICD_ICACTIVER ...) is never overwritten by a later fold.
 *
 * The maintenance interrupt only has to bring the vCPU out of the guest:
 * the entry path's vgic_flush_lrs() does the work.  Its handler folds the
 * list registers itself all the same, because the interrupt is
 * level-triggered and stays asserted until they are emptied.
 */
#include <xenith/domain.h>
#include <xenith/errno.h>
#include <xenith/gic.h>
#include <xenith/irq.h>
#include <xenith/printk.h>
#include <xenith/sched.h>
#include <xenith/xmalloc.h>
#include <asm/event.h>
#include "vgic-internal.h"

struct vgic_hw vgic_hw;

/* Whether @v's CPU interface state is on this pCPU (vgic_restore() done). */
static DEFINE_PER_CPU(struct vcpu *, vgic_resident);

static void vgic_maintenance_interrupt(unsigned int intid, void *data,
                                       struct cpu_user_regs *regs)
{
    struct vcpu *v = current;
    struct vgic_lr none[1];

    if ( !is_idle_vcpu(v) && v->arch.vgic.loaded )
        vgic_sync_lrs(v);
    else
        vgic_hw.ops->unload_lrs(none, 0);    /* maintenance requests off */
}

static void vgic_cpu_up(void)
{
    unsigned int irq = gic_hw.virt.maintenance_irq;
    int rc;

    vgic_hw.ops->cpu_init();
    rc = request_irq(irq, true, vgic_maintenance_interrupt, NULL);
    if ( rc )
        panic("CPU%u cannot take the GIC maintenance interrupt (INTID %u): error %d",
              smp_processor_id(), irq, rc);
}

void vgic_init(void)
{
    const struct vgic_ops *ops = gic_hw.version == 3 ? &vgic_v3_ops : &vgic_v2_ops;
    int rc;

    if ( !gic_hw.virt.maintenance_irq )
    {
        printk(XENLOG_WARNING "vGIC: no maintenance interrupt: guests get no virtual GIC\n");
        return;
    }
    rc = ops->probe();
    if ( rc )
    {
        printk(XENLOG_WARNING "vGIC: the GICv%u cannot virtualize (error %d): "
               "guests get no virtual GIC\n", gic_hw.version, rc);
        return;
    }
    vgic_hw.ops = ops;
    vgic_cpu_up();
    printk("vGIC: GICv%u for guests, %u list registers, %u priority bits, "
           "maintenance IRQ %u\n", ops->version, vgic_hw.nr_lrs, vgic_hw.prio_bits,
           gic_hw.virt.maintenance_irq);
}

void vgic_init_secondary_cpu(void)
{
    if ( vgic_hw.ops )
        vgic_cpu_up();
}

int vgic_domain_init(struct domain *d, unsigned int nr_spis)
{
    struct vgic_dist *dist = &d->arch.vgic;
    int rc;

    *dist = (struct vgic_dist){ .lock = SPIN_LOCK_UNLOCKED };
    if ( !vgic_hw.ops )
        return -ENODEV;
    nr_spis = ROUNDUP(nr_spis, 32U);
    if ( nr_spis > VGIC_MAX_SPIS || !d->max_vcpus ||
         d->max_vcpus > vgic_hw.ops->max_vcpus )
        return -EINVAL;

    dist->version = vgic_hw.ops->version;
    dist->nr_spis = nr_spis;
    dist->nr_vcpus = d->max_vcpus;
    dist->vcpus = xzalloc_array(struct vgic_cpu *, d->max_vcpus);
    if ( nr_spis )
        dist->spis = xzalloc_array(struct vgic_irq, nr_spis);
    if ( !dist->vcpus || (nr_spis && !dist->spis) )
        return -ENOMEM;
    vgic_irq_init_spis(dist);
    rc = vgic_hw.ops->domain_init(d);
    if ( rc )
        return rc;
    dist->ops = vgic_hw.ops;
    return 0;
}

void vgic_domain_free(struct domain *d)
{
    struct vgic_dist *dist = &d->arch.vgic;

    dist->ops = NULL;
    xfree(dist->spis);
    xfree(dist->vcpus);
    dist->spis = NULL;
    dist->vcpus = NULL;
    dist->nr_spis = dist->nr_vcpus = 0;
}

int vgic_vcpu_init(struct vcpu *v)
{
    struct vgic_dist *dist = &v->domain->arch.vgic;
    struct vgic_cpu *c = &v->arch.vgic;
    unsigned long flags;

    if ( !dist->ops || v->vcpu_id >= dist->nr_vcpus )
        return -EINVAL;
    c->vcpu_id = v->vcpu_id;
    vgic_irq_init_private(dist, c);
    dist->ops->vcpu_reset(c);

    spin_lock_irqsave(&dist->lock, flags);
    dist->vcpus[c->vcpu_id] = c;
    /* SPIs routed to it that became pending before it existed. */
    vgic_irq_update_all(dist, NULL);
    spin_unlock_irqrestore(&dist->lock, flags);
    return 0;
}

void vgic_vcpu_destroy(struct vcpu *v)
{
    struct vgic_dist *dist = &v->domain->arch.vgic;
    unsigned long flags;

    if ( !dist->ops || v->vcpu_id >= dist->nr_vcpus )
        return;
    spin_lock_irqsave(&dist->lock, flags);
    dist->vcpus[v->vcpu_id] = NULL;
    spin_unlock_irqrestore(&dist->lock, flags);
}

int vgic_claim_spi(struct domain *d, unsigned int intid, bool claim)
{
    struct vgic_dist *dist = &d->arch.vgic;
    unsigned long flags;
    int rc;

    if ( !dist->ops )
        return -EINVAL;
    spin_lock_irqsave(&dist->lock, flags);
    rc = vgic_irq_claim(dist, intid, claim);
    spin_unlock_irqrestore(&dist->lock, flags);
    return rc;
}

void vgic_kick_vcpus(struct domain *d, const struct vgic_kick *kick)
{
    for ( unsigned int w = 0; w < ARRAY_SIZE(kick->mask); w++ )
        for ( uint64_t bits = kick->mask[w]; bits; bits &= bits - 1 )
        {
            unsigned int id = w * 64 + (unsigned int)__builtin_ctzll(bits);
            struct vcpu *v = id < d->max_vcpus ? d->vcpu[id] : NULL;

            if ( !v )
                continue;
            vcpu_unblock(v);
            vcpu_kick(v);
        }
}

/*
 * Whether @irq's list register, of resident vCPU @v, is live: newer than
 * the software state (the guest ran since it was written).  Whose list
 * register irq->lr is (an SPI's may be another vCPU's) is the caller's to
 * check: the injection's refill does, after reading this pCPU's ELRSR.
 */
static bool vgic_lr_live(const struct vcpu *v, const struct vgic_irq *irq)
{
    return irq->lr != VGIC_NO_LR && v->arch.vgic.loaded;
}

/*
 * Whether resident list register @n is empty (ELRSR).  @dist: the resident
 * vCPU's domain's (its ops are in hand, one load fewer than via the vCPU).
 */
static bool vgic_lr_empty(const struct vgic_dist *dist, unsigned int n)
{
    return dist->ops->empty_lrs() & (1U << n);
}

/*
 * Raise @irq (from @source) of @v, the vCPU whose interface this pCPU
 * holds, and write it to a list register straight away: the guest does
 * not run meanwhile, and the entry keeps what the plan would have written
 * (the list register the guest emptied, or the next free one: those past
 * nr_lrs_loaded are empty).  Returns whether it did; if not, *@raised
 * says whether it raised it all the same.  No kick here, and no address
 * of a local taken (no stack canary): the rest is vgic_inject_queued()'s.
 * dist->lock held, IRQs masked.
 */
static inline __attribute__((always_inline)) bool
vgic_inject_here(struct vgic_dist *dist, struct vcpu *v, struct vgic_irq *irq,
                 unsigned int source, bool *raised)
{
    *raised = false;
    if ( !vgic_lr_live(v, irq) || !vgic_lr_empty(dist, irq->lr) ||
         !vgic_lr_refill(dist, &v->arch.vgic, irq) )
    {
        vgic_irq_set_pending(dist, irq, source, NULL);
        *raised = true;
        if ( !vgic_lr_append(dist, v->vcpu_id, irq, vgic_hw.nr_lrs) )
            return false;
    }
    dist->ops->set_lr_pending(irq->lr, irq->intid, irq->priority, irq->hw);
    return true;
}

/*
 * The general injection, with its kicks: raise or lower @intid of vCPU
 * @vcpu, or, if @raised, only find whom the raise already done concerns
 * (vgic_irq_update() again: it changes nothing, kicks whoever it should).
 */
static int __attribute__((noinline)) vgic_inject_queued(struct domain *d, unsigned int vcpu,
                                                        unsigned int intid, bool level,
                                                        bool raised)
{
    struct vgic_dist *dist = &d->arch.vgic;
    struct vgic_kick kick = { { 0 } };
    struct vgic_irq *irq;
    unsigned long flags;

    spin_lock_irqsave(&dist->lock, flags);
    irq = vgic_irq_get(dist, vcpu, intid);
    if ( irq && raised )
        vgic_irq_update(dist, irq, &kick);
    else if ( irq && level )
        vgic_irq_set_pending(dist, irq, vcpu, &kick);
    else if ( irq )
        vgic_irq_lower(dist, irq);
    spin_unlock_irqrestore(&dist->lock, flags);
    if ( !irq )
        return -EINVAL;
    vgic_kick_vcpus(d, &kick);
    return 0;
}

/*
 * Raised for the domain of the vCPU whose interface this pCPU holds: the
 * direct write first (vgic_inject_here()).  vgic_resident changes only in
 * a context switch, never inside an injection (IRQ handlers switch
 * nothing), so it is read once, before the lock.
 */
int vgic_inject_irq(struct domain *d, struct vcpu *v, unsigned int intid, bool level)
{
    struct vgic_dist *dist = &d->arch.vgic;
    struct vcpu *here = this_cpu(vgic_resident);
    unsigned int vcpu = v ? v->vcpu_id : VGIC_NO_VCPU;
    struct vgic_irq *irq;
    unsigned long flags;
    bool raised = false, loaded = false;

    if ( !dist->ops )
        return -EINVAL;
    if ( !level || !here || here->domain != d )
        return vgic_inject_queued(d, vcpu, intid, level, false);
    spin_lock_irqsave(&dist->lock, flags);
    irq = vgic_irq_get(dist, vcpu, intid);
    if ( irq )
        loaded = vgic_inject_here(dist, here, irq, vcpu, &raised);
    spin_unlock_irqrestore(&dist->lock, flags);
    /* The only vCPU concerned runs here, on its way in: a wake-up at most. */
    if ( loaded )
    {
        vcpu_unblock(here);
        return 0;
    }
    return irq ? vgic_inject_queued(d, vcpu, intid, level, raised) : -EINVAL;
}

/*
 * Fold what the guest did with @nr list registers (@lrs) and @eoicount
 * EOIs.  IRQs masked by the caller: an injection must not write a list
 * register between the unload and the fold.
 */
static inline __attribute__((always_inline)) void vgic_fold(struct vcpu *v,
                                                            const struct vgic_lr *lrs,
                                                            unsigned int nr,
                                                            unsigned int eoicount)
{
    struct vgic_dist *dist = &v->domain->arch.vgic;
    struct vgic_cpu *c = &v->arch.vgic;
    struct vgic_kick kick = { { 0 } };

    spin_lock(&dist->lock);
    vgic_fold_lrs(dist, c->vcpu_id, lrs, nr, eoicount, &kick);
    c->loaded = false;
    spin_unlock(&dist->lock);
    /* An SPI routed elsewhere while it sat here goes on to its new vCPU. */
    kick.mask[c->vcpu_id / 64] &= ~(1ULL << (c->vcpu_id % 64));
    if ( vgic_kick_any(&kick) )
        vgic_kick_vcpus(v->domain, &kick);
}

/* Kept out of line: the exits that loaded nothing need no room for LRs. */
static void __attribute__((noinline)) vgic_sync_loaded(struct vcpu *v)
{
    struct vgic_cpu *c = &v->arch.vgic;
    struct vgic_lr lrs[VGIC_MAX_LRS];
    unsigned int eoicount;
    unsigned long flags = local_irq_save();

    eoicount = v->domain->arch.vgic.ops->unload_lrs(lrs, c->nr_lrs_loaded);
    vgic_fold(v, lrs, c->nr_lrs_loaded, eoicount);
    local_irq_restore(flags);
}

/* EOIs of active interrupts that were in no list register (rare). */
static void __attribute__((noinline)) vgic_fold_eois(struct vcpu *v, unsigned int eoicount)
{
    unsigned long flags = local_irq_save();

    vgic_fold(v, NULL, 0, eoicount);
    local_irq_restore(flags);
}

void vgic_sync_lrs(struct vcpu *v)
{
    struct vgic_cpu *c = &v->arch.vgic;
    unsigned int eoicount;

    if ( is_idle_vcpu(v) )
        return;
    /* Loaded by the plan, or directly by injections before an entry. */
    if ( c->nr_lrs_loaded )
    {
        vgic_sync_loaded(v);
        return;
    }
    if ( !c->loaded )
        return;
    /* Nothing was loaded: only EOIs of active interrupts in no LR to fold. */
    eoicount = v->domain->arch.vgic.ops->unload_lrs(NULL, 0);
    if ( eoicount )
        vgic_fold_eois(v, eoicount);
    else
        c->loaded = false;
}

static void __attribute__((noinline)) vgic_load(struct vcpu *v)
{
    struct vgic_dist *dist = &v->domain->arch.vgic;
    struct vgic_cpu *c = &v->arch.vgic;
    struct vgic_lr lrs[VGIC_MAX_LRS];
    unsigned long flags;
    unsigned int n;
    uint32_t hcr;

    /* Direct writes or live LRs the plan must redo: back into software. */
    vgic_sync_lrs(v);
    spin_lock_irqsave(&dist->lock, flags);
    n = vgic_plan_lrs(dist, c->vcpu_id, lrs, vgic_hw.nr_lrs, &hcr);
    c->loaded = true;
    spin_unlock_irqrestore(&dist->lock, flags);
    dist->ops->load_lrs(lrs, n, hcr | VGIC_HCR_EN);
}

/* Whether a loaded list register still holds something for the guest. */
static bool vgic_lrs_in_use(const struct vcpu *v)
{
    uint32_t all = (1U << v->arch.vgic.nr_lrs_loaded) - 1;

    return all && (v->domain->arch.vgic.ops->empty_lrs() & all) != all;
}

/*
 * Live list registers stay as the guest left them while they still hold
 * something and nothing changed; emptied ones are folded back (their
 * interrupts off the queue, so that quiet exits stay quiet).  Out of
 * line: most entries come after an exit that folded them.
 */
static void __attribute__((noinline)) vgic_sync_unless_live(struct vcpu *v)
{
    if ( vgic_lrs_stale(&v->arch.vgic) || !vgic_lrs_in_use(v) )
        vgic_sync_lrs(v);
}

void vgic_flush_lrs(struct vcpu *v)
{
    struct vgic_cpu *c = &v->arch.vgic;

    if ( is_idle_vcpu(v) || !v->domain->arch.vgic.ops )
        return;
    if ( c->loaded )
        vgic_sync_unless_live(v);
    /* The event upcall is a level: asserted again while its flag is set. */
    arch_evtchn_upcall_refresh(v);
    /* Nothing queued but what is loaded, unchanged: no plan to run. */
    if ( !vgic_lrs_stale(c) )
    {
        c->loaded = true;
        return;
    }
    vgic_load(v);
}

bool vgic_irq_in_flight(struct vcpu *v, unsigned int intid)
{
    struct vgic_dist *dist = &v->domain->arch.vgic;
    struct vgic_irq *irq;
    unsigned long flags;
    bool in_flight;

    if ( !dist->ops )
        return false;
    spin_lock_irqsave(&dist->lock, flags);
    irq = vgic_irq_get(dist, v->vcpu_id, intid);
    in_flight = irq && (vgic_irq_is_pending(irq) || irq->active);
    /* A live list register of this pCPU is newer: taken and EOIed since? */
    if ( in_flight && !irq->pending && irq->queued_on == v->vcpu_id &&
         vgic_lr_live(v, irq) && this_cpu(vgic_resident) == v )
        in_flight = !vgic_lr_empty(dist, irq->lr);
    spin_unlock_irqrestore(&dist->lock, flags);
    return in_flight;
}

bool vgic_vcpu_pending_irq(struct vcpu *v)
{
    struct vgic_dist *dist = &v->domain->arch.vgic;
    struct vgic_cpu *c = &v->arch.vgic;
    uint64_t vmcr;
    uint8_t pmr;
    bool enabled, pending;
    unsigned long flags;

    if ( !dist->ops )
        return false;
    vmcr = this_cpu(vgic_resident) == v ? dist->ops->read_vmcr() : c->vmcr;
    dist->ops->vmcr_mask(vmcr, &pmr, &enabled);
    if ( !enabled )
        return false;
    spin_lock_irqsave(&dist->lock, flags);
    pending = vgic_irq_signalled(dist, c->vcpu_id, pmr, vgic_hw.prio_bits);
    spin_unlock_irqrestore(&dist->lock, flags);
    return pending;
}

void vgic_save(struct vcpu *v)
{
    const struct vgic_ops *ops = v->domain->arch.vgic.ops;

    if ( is_idle_vcpu(v) || !ops )
        return;
    vgic_sync_lrs(v);
    ops->save(&v->arch.vgic);
    this_cpu(vgic_resident) = NULL;
}

void vgic_restore(struct vcpu *v)
{
    const struct vgic_ops *ops = v->domain->arch.vgic.ops;

    if ( is_idle_vcpu(v) || !ops )
        return;
    ops->restore(&v->arch.vgic);
    this_cpu(vgic_resident) = v;
}

int vgic_v3_emulate_sgi(struct vcpu *v, uint64_t value)
{
    struct vgic_dist *dist = &v->domain->arch.vgic;
    struct vgic_kick targets, kick = { { 0 } };
    unsigned long flags;

    if ( !dist->ops || dist->version != 3 )
        return -EINVAL;
    spin_lock_irqsave(&dist->lock, flags);
    vgic_v3_sgi1r_targets(dist, v->vcpu_id, value, &targets);
    vgic_raise_sgi(dist, v->vcpu_id, vgic_v3_sgi1r_intid(value), &targets, &kick);
    spin_unlock_irqrestore(&dist->lock, flags);
    vgic_kick_vcpus(v->domain, &kick);
    return 0;
}
