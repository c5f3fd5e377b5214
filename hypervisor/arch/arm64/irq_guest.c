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
 * The physical enable follows the virtual one: the vGIC's distributor
 * calls irq_guest_sync_enables() after each GICD_I[SC]ENABLER write.  When
 * its owner is destroyed the SPI is disabled and its pending and active
 * state cleared (an SPI left active would never fire again), ready to be
 * routed to another domain.  The physical SPI stays routed to the boot
 * CPU; the injection kicks the vCPU the guest targets it at.
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

#define GICD_ISENABLER          0x100
#define GICD_ICENABLER_END      0x200

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
    if ( irq_guest_owner[spi] )
        rc = -EBUSY;
    else
        rc = irq_request_guest(spi, level, irq_guest_interrupt);
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

void irq_guest_sync_enables(struct vgic_dist *dist, unsigned int off, unsigned int size)
{
    unsigned int first;

    if ( off < GICD_ISENABLER || off >= GICD_ICENABLER_END )
        return;
    first = (off - GICD_ISENABLER) % (GICD_ICENABLER_END - GICD_ISENABLER) * 8;
    for ( unsigned int intid = max(first, (unsigned int)GIC_FIRST_SPI);
          intid < first + size * 8; intid++ )
    {
        const struct vgic_irq *irq = vgic_irq_get(dist, 0, intid);

        if ( !irq || !irq->hw )
            continue;
        if ( irq->enabled )
            gic_hw.ops->enable(intid);
        else
            gic_hw.ops->disable(intid);
    }
}
