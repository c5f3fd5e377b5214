/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * arm64 CPU identities.  A CPU is named by the affinity fields of its
 * MPIDR_EL1 (Aff3.Aff2.Aff1.Aff0); the device tree's /cpus/cpu@N "reg"
 * holds the same value.  Logical CPU 0 is always the boot CPU.
 */
#ifndef ASM_SMP_H
#define ASM_SMP_H

#include <xenith/types.h>
#include <asm/config.h>

#define MPIDR_AFF0_SHIFT    0
#define MPIDR_AFF1_SHIFT    8
#define MPIDR_AFF2_SHIFT    16
#define MPIDR_AFF3_SHIFT    32
#define MPIDR_AFF_MASK      0xffUL
/* Aff3..Aff0; the other bits (MT, U, RES1) do not identify the CPU. */
#define MPIDR_HWID_MASK     0xff00ffffffUL
#define MPIDR_INVALID       (~0UL)

#define MPIDR_AFFINITY(mpidr, level)                                    \
    (((mpidr) >> ((level) == 3 ? MPIDR_AFF3_SHIFT : (level) * 8)) &     \
     MPIDR_AFF_MASK)

/*
 * MPIDR affinity of each logical CPU, MPIDR_INVALID where there is none.
 * Entry 0 is valid from smp_init_cpus() on; the others once the device
 * tree has been read, whether or not the CPU came up.
 */
extern uint64_t __cpu_logical_map[NR_CPUS];
#define cpu_logical_map(cpu) (__cpu_logical_map[cpu])

/* The calling CPU's affinity, as MPIDR_EL1 reports it. */
static inline uint64_t cpu_current_mpidr(void)
{
    uint64_t mpidr;

    asm volatile("mrs %0, mpidr_el1" : "=r" (mpidr));
    return mpidr & MPIDR_HWID_MASK;
}

/* In a busy-wait loop: let the other hardware thread of the core run. */
static inline void arch_cpu_relax(void)
{
    asm volatile("yield" ::: "memory");
}

#endif /* ASM_SMP_H */
