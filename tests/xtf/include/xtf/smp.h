/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Secondary vCPUs of an xtf guest, started with PSCI CPU_ON.  Each runs
 * fn(arg) on its own stack with the boot CPU's page tables and vectors,
 * then powers itself off with PSCI CPU_OFF.
 */
#ifndef XTF_SMP_H
#define XTF_SMP_H

#define XTF_NR_CPUS         4
#define XTF_STACK_SHIFT     14              /* 16 KiB per vCPU */
#define XTF_STACK_SIZE      (1 << XTF_STACK_SHIFT)

#ifndef __ASSEMBLY__
#include <xtf/types.h>

typedef void (*xtf_cpu_fn_t)(unsigned int cpu, void *arg);

/* Start vCPU 'cpu' (its MPIDR comes from the device tree); PSCI result. */
long xtf_cpu_on(unsigned int cpu, xtf_cpu_fn_t fn, void *arg);

/* MPIDR of vCPU 'cpu', from its /cpus node in the device tree.  0/-errno. */
int xtf_cpu_mpidr(unsigned int cpu, uint64_t *mpidr);

/* Index of the vCPU running this code (0 = boot vCPU). */
unsigned int xtf_cpu_id(void);

#endif /* __ASSEMBLY__ */

#endif /* XTF_SMP_H */
