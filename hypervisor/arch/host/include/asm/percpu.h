/* SPDX-License-Identifier: GPL-2.0-only */
/* Host tests run as "CPU 0": every per-CPU variable has one copy. */
#ifndef ASM_PERCPU_H
#define ASM_PERCPU_H

static inline unsigned long arch_this_cpu_offset(void)
{
    return 0;
}

static inline void arch_set_this_cpu_offset(unsigned long off)
{
    (void)off;
}

#endif /* ASM_PERCPU_H */
