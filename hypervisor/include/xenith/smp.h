/* SPDX-License-Identifier: GPL-2.0-only */
/* Multiple CPUs: which are online, and running a function on others. */
#ifndef XENITH_SMP_H
#define XENITH_SMP_H

#include <xenith/cpumask.h>
#include <xenith/percpu.h>

bool cpu_online(unsigned int cpu);
unsigned int num_online_cpus(void);
unsigned int num_present_cpus(void);

/*
 * Find the CPUs the device tree lists and how to start them (PSCI); fills
 * cpu_logical_map() and cpu_present_map, and puts the boot CPU online.
 * Early: before the interrupt controller is set up.
 */
void smp_init_cpus(void);
/*
 * Bring up every other present CPU, once interrupts and timers work on the
 * boot CPU; prints "Brought up N CPUs".  A CPU that does not come up is
 * reported and left out.
 */
void smp_init(void);

/* The calling CPU takes IPI_CALL_FUNCTION and IPI_STOP: 0 or -errno. */
int smp_ipi_init_cpu(void);

/*
 * Run @fn(@data) on every online CPU in @mask, the calling one included if
 * set, with interrupts masked (from IRQ context on the others).  With
 * @wait, return only after every one has finished; without, once every
 * one has taken the call.  May be called with interrupts masked.  @fn must
 * be short and must not make a cross-CPU call itself.
 */
void on_selected_cpus(const cpumask_t *mask, void (*fn)(void *data),
                      void *data, bool wait);
/* The same on every other online CPU. */
void smp_call_function(void (*fn)(void *data), void *data, bool wait);

/*
 * Crash path: make every other CPU mask interrupts and park for good,
 * waiting up to a second for them to leave cpu_online_map.  Those still in
 * it afterwards did not answer.
 */
void smp_stop_other_cpus(void);

/* Print each present CPU's state; each online one answers a call ('q' key). */
void smp_dump_cpus(void);

#endif /* XENITH_SMP_H */
