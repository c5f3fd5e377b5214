/* SPDX-License-Identifier: GPL-2.0-only */
/* Bringing up secondary CPUs (arm64). */
#include <xenith/percpu.h>
#include <xenith/printk.h>
#include <xenith/smp.h>
#include <asm/smp.h>

void start_secondary(unsigned int cpu);

uint64_t __cpu_logical_map[NR_CPUS] = {
    [0 ... NR_CPUS - 1] = MPIDR_INVALID
};

/* Initial stack pointer of each secondary, read by head.S. */
unsigned long secondary_stacks[NR_CPUS];

void smp_init_cpus(void)
{
    cpu_logical_map(0) = cpu_current_mpidr();
}

void start_secondary(unsigned int cpu)
{
    percpu_set_this_cpu(cpu);
    printk("CPU%u online\n", cpu);
    for ( ; ; )
        asm volatile("wfi");
}
