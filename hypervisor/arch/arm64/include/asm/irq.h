/* SPDX-License-Identifier: GPL-2.0-only */
/* The arm64 half of the interrupt layer (drivers/gic.c). */
#ifndef ASM_IRQ_H
#define ASM_IRQ_H

#include <asm/sysregs.h>

#define HCR_EL2_IMO     (1UL << 4)      /* physical IRQs are taken to EL2 */

/*
 * A physical IRQ targets EL1 unless HCR_EL2.IMO is set, and one that
 * targets EL1 is never taken while running at EL2.
 */
static inline void arch_irq_route_to_hyp(void)
{
    WRITE_SYSREG(READ_SYSREG(hcr_el2) | HCR_EL2_IMO, hcr_el2);
    asm volatile("isb" ::: "memory");
}

/* Make this CPU's earlier stores visible before an SGI goes out. */
static inline void arch_ipi_barrier(void)
{
    asm volatile("dsb ishst" ::: "memory");
}

#endif /* ASM_IRQ_H */
