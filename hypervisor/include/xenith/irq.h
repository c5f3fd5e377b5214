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
 * again with the same handler is fine).  Returns 0 or -errno (-EBUSY when
 * taken by another handler, -EINVAL when out of range).
 */
int request_irq(unsigned int intid, bool level, irq_handler_t handler, void *data);

void send_ipi(unsigned int cpu, enum ipi ipi);
void send_ipi_allbutself(enum ipi ipi);

/* Boot: probe the GIC named by the device tree; per-CPU interface setup. */
void irq_init(void);
void irq_init_secondary_cpu(void);

/* Entry from the EL2 IRQ vector. */
void do_irq(struct cpu_user_regs *regs);

#endif /* XENITH_IRQ_H */
