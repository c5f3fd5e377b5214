/* SPDX-License-Identifier: GPL-2.0-only */
/* Multiple CPUs: which are online, and running a function on others. */
#ifndef XENITH_SMP_H
#define XENITH_SMP_H

#include <xenith/percpu.h>

bool cpu_online(unsigned int cpu);
unsigned int num_online_cpus(void);
unsigned int num_present_cpus(void);

/*
 * Find the CPUs the device tree lists and how to start them (PSCI); fills
 * cpu_logical_map().  Early: before the interrupt controller is set up.
 */
void smp_init_cpus(void);
/* Bring up every CPU the device tree lists (boot CPU only). */
void smp_init(void);

/*
 * Run @fn(@data) on every CPU in @mask (a bitmap of NR_CPUS bits), the
 * calling one included if set, from IRQ context on the others.  With
 * @wait, return only after every one has finished.
 */
void on_selected_cpus(const unsigned long *mask, void (*fn)(void *data),
                      void *data, bool wait);
void smp_call_function(void (*fn)(void *data), void *data, bool wait);

/* Crash path: stop every other CPU, waiting up to a bounded time. */
void smp_stop_other_cpus(void);

#endif /* XENITH_SMP_H */
