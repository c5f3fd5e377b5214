/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Per-CPU variables.  DEFINE_PER_CPU puts the variable in .data.percpu, the
 * template; every CPU other than the boot CPU gets a copy of the template,
 * taken before anything writes to it, and reaches its copy through an
 * offset (TPIDR_EL2 on arm64).  The boot CPU uses the template itself.
 */
#ifndef XENITH_PERCPU_H
#define XENITH_PERCPU_H

#include <xenith/lib.h>
#include <asm/config.h>
#include <asm/percpu.h>

#define DEFINE_PER_CPU(type, name) \
    __section(".data.percpu") __typeof__(type) per_cpu__##name
#define DECLARE_PER_CPU(type, name) \
    extern __typeof__(type) per_cpu__##name

/* Hide the pointer arithmetic from the compiler's alias analysis. */
#define RELOC_HIDE(ptr, off) ({                                 \
    unsigned long _p = (unsigned long)(ptr);                    \
    asm ("" : "=r" (_p) : "0" (_p));                            \
    (__typeof__(ptr))(_p + (off)); })

extern unsigned long per_cpu_offset[NR_CPUS];

#define per_cpu(name, cpu) (*RELOC_HIDE(&per_cpu__##name, per_cpu_offset[cpu]))
#define this_cpu(name)     (*RELOC_HIDE(&per_cpu__##name, arch_this_cpu_offset()))

DECLARE_PER_CPU(unsigned int, cpu_id);
#define smp_processor_id() (this_cpu(cpu_id))

/* Copy the template for every CPU; the first thing the boot CPU does. */
void percpu_init_areas(void);
/* Make the calling CPU use the area of logical CPU @cpu. */
void percpu_set_this_cpu(unsigned int cpu);

#endif /* XENITH_PERCPU_H */
