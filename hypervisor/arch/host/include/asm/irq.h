/* SPDX-License-Identifier: GPL-2.0-only */
/* Host: no exception levels to route between, no SGIs to order. */
#ifndef ASM_IRQ_H
#define ASM_IRQ_H

static inline void arch_irq_route_to_hyp(void)
{
}

static inline void arch_ipi_barrier(void)
{
}

#endif /* ASM_IRQ_H */
