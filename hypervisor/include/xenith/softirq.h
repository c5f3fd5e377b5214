/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Softirqs: work that interrupt handlers defer to a safe point, where it
 * runs with interrupts enabled and no lock held.  Each CPU has a bitmap of
 * pending softirqs; do_softirq() runs them, lowest number first, from the
 * idle loop (and, once guests run, on the way back to a guest).
 */
#ifndef XENITH_SOFTIRQ_H
#define XENITH_SOFTIRQ_H

#include <xenith/lib.h>
#include <xenith/percpu.h>
#include <asm/config.h>

/* In priority order: a new softirq goes where its urgency puts it. */
enum softirq {
    TIMER_SOFTIRQ,              /* run expired timers (common/timer.c) */
    SCHEDULE_SOFTIRQ,           /* pick the next vCPU (common/sched/core.c) */
    KEYPRESS_SOFTIRQ,           /* run debug keys typed on the console (console.c) */
    NR_SOFTIRQS
};

typedef void (*softirq_handler_t)(void);

/* Set the handler of @nr, once, at boot. */
void open_softirq(enum softirq nr, softirq_handler_t handler);
/* Mark @nr pending on this CPU; safe from IRQ context. */
void raise_softirq(enum softirq nr);
/* Mark @nr pending on @cpu, sending it IPI_SOFTIRQ if it is another CPU. */
void cpu_raise_softirq(unsigned int cpu, enum softirq nr);
/*
 * The pending bitmaps (softirq.c), indexed by CPU rather than a per-CPU
 * variable because other CPUs write them; one cache line each so that
 * raising on one CPU does not slow another.  Only softirq.c changes them.
 */
struct softirq_cpu {
    unsigned long pending;
} __aligned(CACHE_LINE_BYTES);
extern struct softirq_cpu softirq_cpu[NR_CPUS];

/* Whether @cpu has softirqs waiting to run. */
bool softirq_pending(unsigned int cpu);
/* The same for this CPU, inline: every return to a guest asks. */
static inline bool local_softirq_pending(void)
{
    return __atomic_load_n(&softirq_cpu[smp_processor_id()].pending,
                           __ATOMIC_ACQUIRE) != 0;
}
/* Run this CPU's pending softirqs; with IRQs enabled, never in IRQ context. */
void do_softirq(void);
/* Enable IPI_SOFTIRQ on the calling CPU (each CPU, once). */
void softirq_init_cpu(void);

/*
 * What every CPU does when it has nothing else to do: run softirqs, then
 * sleep until an interrupt arrives.  Never returns.
 */
void __noreturn idle_loop(void);

#endif /* XENITH_SOFTIRQ_H */
