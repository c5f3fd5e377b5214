/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Physical interrupts taken by the hypervisor, over whichever GIC driver
 * the device tree selected (GICv2 or GICv3, through struct gic_ops).
 *
 * INTIDs: 0-15 SGIs (used as IPIs), 16-31 PPIs (per CPU), 32+ SPIs.
 */
#ifndef XENITH_IRQ_H
#define XENITH_IRQ_H

#include <xenith/types.h>
#include <asm/spinlock.h>        /* local_irq_enable() and friends */

struct cpu_user_regs;

/* Software-generated interrupts used between the hypervisor's CPUs. */
enum ipi {
    IPI_CALL_FUNCTION = 0,      /* run a cross-CPU call (smp.c) */
    IPI_STOP = 1,               /* stop this CPU for good (crash path) */
    IPI_SOFTIRQ = 2,            /* wake the target to run its pending softirqs */
    NR_IPIS
};

typedef void (*irq_handler_t)(unsigned int intid, void *data,
                              struct cpu_user_regs *regs);

/*
 * Route @intid to @handler.  An SPI is delivered to the boot CPU.  SGIs and
 * PPIs are banked per CPU: the handler is shared, and each CPU that wants
 * the interrupt calls request_irq() itself to enable it locally (asking
 * again with the same handler and data is fine).  @level is ignored for
 * SGIs (always edge).  Returns 0 or -errno (-EBUSY when taken by another
 * handler or handed to guests, -EINVAL when out of range, before
 * irq_init(), or when @level differs from the first request).  Handlers
 * run with IRQs masked, on the CPU that took the interrupt; there is no
 * free_irq().
 */
int request_irq(unsigned int intid, bool level, irq_handler_t handler, void *data);

/*
 * Raise @ipi on @cpu, or on every other CPU.  Writes made before the call
 * are visible to the handler.  Only CPUs whose GIC interface is set up
 * (irq_init() / irq_init_secondary_cpu() done) are targeted; others are
 * skipped.  Safe with IRQs masked and from IRQ context.
 */
void send_ipi(unsigned int cpu, enum ipi ipi);
void send_ipi_allbutself(enum ipi ipi);

/*
 * Boot CPU: probe the GIC named by the device tree (panics without one)
 * and set up its own CPU interface.  IRQs stay masked until the caller's
 * local_irq_enable().
 */
void irq_init(void);
/* Each secondary CPU, on itself, before it unmasks IRQs. */
void irq_init_secondary_cpu(void);

/*
 * Entry from the IRQ vectors: acknowledge one interrupt and dispatch it;
 * then EOI it, or only drop its priority if a guest deactivates it (a
 * physical SPI routed to a guest).  Another one pending is taken as the
 * next exception.
 */
void do_irq(struct cpu_user_regs *regs);

struct domain;

/*
 * Give SPI @spi to @d's vGIC as virtual SPI @spi (Xen's dom0less rule:
 * virq == irq).  The physical interrupt is configured (@level) and
 * targeted; it is enabled while the guest enables the virtual one (its
 * GICD_ISENABLER/ICENABLER writes).  When it fires it is injected into the
 * vGIC with the list register's HW bit, so the guest's EOI/deactivation
 * deactivates the physical one.  -EINVAL: not an SPI / beyond the
 * domain's nr_spis (or @d has no vGIC); -EBUSY: already taken (Xenith's
 * own, or another domain's).  Domain creation, after vgic_domain_init().
 */
int route_irq_to_guest(struct domain *d, unsigned int spi, bool level);
/*
 * Domain destruction, before vgic_domain_free(): every SPI routed to @d is
 * disabled, made neither pending nor active, and free to route again.
 */
void irq_guest_release_domain(struct domain *d);

#endif /* XENITH_IRQ_H */
