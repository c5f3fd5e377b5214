/* SPDX-License-Identifier: GPL-2.0-only */
/* Per-CPU areas: one copy of the .data.percpu template per possible CPU. */
#include <xenith/percpu.h>

extern char __per_cpu_start[], __per_cpu_end[];

#define PERCPU_AREA_MAX  (16 * 1024)

/* Areas for CPUs 1..NR_CPUS-1; the boot CPU uses the template. */
static char percpu_areas[NR_CPUS - 1][PERCPU_AREA_MAX] __aligned(CACHE_LINE_BYTES);

unsigned long per_cpu_offset[NR_CPUS];
DEFINE_PER_CPU(unsigned int, cpu_id);

void percpu_init_areas(void)
{
    size_t size = (size_t)(__per_cpu_end - __per_cpu_start);

    BUG_ON(size > PERCPU_AREA_MAX);
    for ( unsigned int cpu = 1; cpu < NR_CPUS; cpu++ )
    {
        memcpy(percpu_areas[cpu - 1], __per_cpu_start, size);
        per_cpu_offset[cpu] = (unsigned long)percpu_areas[cpu - 1] -
                              (unsigned long)__per_cpu_start;
        per_cpu(cpu_id, cpu) = cpu;
    }
    percpu_set_this_cpu(0);
}

void percpu_set_this_cpu(unsigned int cpu)
{
    arch_set_this_cpu_offset(per_cpu_offset[cpu]);
}
