/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Physical SPIs given to guests (device passthrough, the interrupt side),
 * with Xen's dom0less rule: the virtual SPI is the physical one's number.
 *
 * The hardware does most of the work.  Xenith's do_irq() acknowledges the
 * SPI and only drops its priority (EOImode 1, irq_request_guest()); the
 * handler here makes the virtual SPI pending, and the vGIC loads it with
 * the list register's HW bit (struct vgic_irq.hw), so the guest's EOI
 * deactivates the physical interrupt.  Until then the physical one stays
 * active and cannot fire again: a level-triggered device that keeps its
 * line high interrupts again right after each EOI, and one whose guest
 * never EOIs interrupts once.
 *
 * The physical enable and target follow the virtual ones: the vGIC's
 * distributor calls irq_guest_sync() after each guest write.  A guest
 * that clears the pending or active state (GICD_ICPENDR/ICACTIVER) of its
 * SPI while the physical one waits for its EOI leaves nothing to
 * deactivate it: the physical state is cleared too (a level the device
 * still holds makes it pending again, as on a real GIC).  The SPI
 * goes to the pCPU of the vCPU the guest routes it to (vCPUs stay on the
 * pCPU they were created on): the guest's EOI there deactivates it (a
 * GICv2 takes the deactivation of an SPI only from the CPU interface that
 * acknowledged it), and the injection needs no cross-CPU kick.  When its
 * owner is destroyed the SPI is disabled and its pending and active state
 * cleared (an SPI left active would never fire again), ready to be routed
 * to another domain.
 *
 * Locking: irq_guest_lock protects irq_guest_owner[]; the handler injects
 * under it, so once irq_guest_release_domain() has dropped an owner no
 * injection into that domain is under way.  Lock order: irq_guest_lock,
 * then the vGIC's distributor lock (inside vgic_inject_irq()).
 */
#include <xenith/domain.h>
#include <xenith/errno.h>
#include <xenith/gic.h>
#include <xenith/irq.h>
#include <xenith/printk.h>
#include <xenith/spinlock.h>
#include "vgic/vgic-internal.h"

#define GICD_BITS_BANK          0x80        /* a bit per INTID */
#define GICD_ISENABLER          0x100
#define GICD_ICENABLER_END      0x200
#define GICD_ICPENDR            0x280
#define GICD_ICACTIVER          0x380
#define GICD_ITARGETSR          0x800       /* GICv2 */
#define GICD_ITARGETSR_END      0xc00
#define GICD_IROUTER            0x6000      /* GICv3 */
#define GICD_IROUTER_END        0x7fe0

static DEFINE_SPINLOCK(irq_guest_lock);
static struct domain *irq_guest_owner[GIC_MAX_LINES];

/* do_irq(), IRQs masked: the physical SPI is active until the guest's EOI. */
static void irq_guest_interrupt(unsigned int spi, void *data, struct cpu_user_regs *regs)
{
    struct domain *d;

    spin_lock(&irq_guest_lock);
    d = irq_guest_owner[spi];
    if ( d )
        vgic_inject_irq(d, NULL, spi, true);
    else
        gic_hw.ops->clear(spi);     /* released meanwhile: nobody would deactivate it */
    spin_unlock(&irq_guest_lock);
}

/* The physical SPI to the pCPU of @irq's target vCPU.  dist->lock held. */
static void irq_guest_retarget(struct vgic_dist *dist, const struct vgic_irq *irq)
{
    struct domain *d = container_of(dist, struct domain, arch.vgic);
    struct vcpu *v = irq->target < d->max_vcpus ? d->vcpu[irq->target] : NULL;

    if ( v )
        gic_hw.ops->set_affinity(irq->intid, v->processor);
}

/* Mark @spi of @d's vGIC hw or not; whether the guest had it active. */
static bool irq_guest_set_hw(struct domain *d, unsigned int spi, bool hw)
{
    struct vgic_dist *dist = &d->arch.vgic;
    struct vgic_irq *irq;
    unsigned long flags;
    bool active;

    spin_lock_irqsave(&dist->lock, flags);
    irq = vgic_irq_get(dist, 0, spi);
    irq->hw = hw;
    active = irq->active;
    if ( hw )
        irq_guest_retarget(dist, irq);
    spin_unlock_irqrestore(&dist->lock, flags);
    return active;
}

int route_irq_to_guest(struct domain *d, unsigned int spi, bool level)
{
    unsigned long flags;
    int rc;

    if ( spi < GIC_FIRST_SPI || spi >= gic_hw.nr_lines || !d->arch.vgic.ops ||
         spi - GIC_FIRST_SPI >= d->arch.vgic.nr_spis )
        return -EINVAL;

    spin_lock_irqsave(&irq_guest_lock, flags);
    rc = irq_guest_owner[spi] ? -EBUSY : vgic_claim_spi(d, spi, true);
    if ( !rc && (rc = irq_request_guest(spi, level, irq_guest_interrupt)) )
        vgic_claim_spi(d, spi, false);
    if ( !rc )
    {
        irq_guest_set_hw(d, spi, true);
        irq_guest_owner[spi] = d;
    }
    spin_unlock_irqrestore(&irq_guest_lock, flags);
    return rc;
}

void irq_guest_release_domain(struct domain *d)
{
    unsigned long flags;

    spin_lock_irqsave(&irq_guest_lock, flags);
    for ( unsigned int spi = GIC_FIRST_SPI; spi < gic_hw.nr_lines; spi++ )
    {
        if ( irq_guest_owner[spi] != d )
            continue;
        gic_hw.ops->disable(spi);
        gic_hw.ops->clear(spi);
        /* Its vCPUs are off every pCPU: the vGIC's state is whole. */
        printk("d%u: SPI %u released%s\n", d->domain_id, spi,
               irq_guest_set_hw(d, spi, false) ? " (active in the guest: deactivated)" : "");
        irq_guest_owner[spi] = NULL;
    }
    spin_unlock_irqrestore(&irq_guest_lock, flags);
}

/* What a guest write at GICD offset @off means for a routed SPI. */
enum irq_guest_sync_kind { SYNC_ENABLE, SYNC_IDLE, SYNC_TARGET };

/* Physical SPI @intid after a guest write of @kind to its virtual one. */
static void irq_guest_sync_one(struct vgic_dist *dist, const struct vgic_irq *irq,
                               enum irq_guest_sync_kind kind)
{
    switch ( kind )
    {
    case SYNC_ENABLE:
        if ( irq->enabled )
            gic_hw.ops->enable(irq->intid);
        else
            gic_hw.ops->disable(irq->intid);
        break;
    case SYNC_IDLE:
        /* Neither pending nor active in the guest: no EOI will come. */
        if ( !vgic_irq_is_pending(irq) && !irq->active )
            gic_hw.ops->clear(irq->intid);
        break;
    case SYNC_TARGET:
        irq_guest_retarget(dist, irq);
        break;
    }
}

void irq_guest_sync(struct vgic_dist *dist, unsigned int off, unsigned int size)
{
    enum irq_guest_sync_kind kind = SYNC_ENABLE;
    unsigned int first, nr;

    if ( (off >= GICD_ISENABLER && off < GICD_ICENABLER_END) ||
         (off >= GICD_ICPENDR && off < GICD_ICPENDR + GICD_BITS_BANK) ||
         (off >= GICD_ICACTIVER && off < GICD_ICACTIVER + GICD_BITS_BANK) )
    {
        if ( off >= GICD_ICPENDR )
            kind = SYNC_IDLE;
        first = off % GICD_BITS_BANK * 8;
        nr = size * 8;                          /* a bit each */
    }
    else if ( dist->version == 2 && off >= GICD_ITARGETSR && off < GICD_ITARGETSR_END )
    {
        kind = SYNC_TARGET;
        first = off - GICD_ITARGETSR;
        nr = size;                              /* a byte each */
    }
    else if ( dist->version == 3 && off >= GICD_IROUTER && off < GICD_IROUTER_END )
    {
        kind = SYNC_TARGET;
        first = (off - GICD_IROUTER) / 8;
        nr = 1;                                 /* 64 bits, or a half */
    }
    else
        return;
    for ( unsigned int intid = max(first, (unsigned int)GIC_FIRST_SPI);
          intid < first + nr; intid++ )
    {
        const struct vgic_irq *irq = vgic_irq_get(dist, 0, intid);

        if ( irq && irq->hw )
            irq_guest_sync_one(dist, irq, kind);
    }
}
