/* SPDX-License-Identifier: GPL-2.0-only */
/* arm64 keeps the calling CPU's per-CPU offset in TPIDR_EL2. */
#ifndef ASM_PERCPU_H
#define ASM_PERCPU_H

#include <asm/sysregs.h>

static inline unsigned long arch_this_cpu_offset(void)
{
    return READ_SYSREG(tpidr_el2);
}

static inline void arch_set_this_cpu_offset(unsigned long off)
{
    WRITE_SYSREG(off, tpidr_el2);
}

#endif /* ASM_PERCPU_H */
