/* SPDX-License-Identifier: GPL-2.0-only */
/* Bringing up secondary CPUs (arm64). */
#include <xenith/percpu.h>
#include <xenith/printk.h>

void start_secondary(unsigned int cpu);

/* Initial stack pointer of each secondary, read by head.S. */
unsigned long secondary_stacks[NR_CPUS];

void start_secondary(unsigned int cpu)
{
    percpu_set_this_cpu(cpu);
    printk("CPU%u online\n", cpu);
    for ( ; ; )
        asm volatile("wfi");
}
