/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * System time: nanoseconds since the time source started at boot, read
 * from a free-running counter (the ARM generic timer on arm64).  Timer
 * deadlines are absolute system times.
 *
 * The time source driver implements get_s_time() and reprogram_timer();
 * the host unit tests link a fake clock in their place.
 */
#ifndef XENITH_TIME_H
#define XENITH_TIME_H

#include <xenith/types.h>

#define NSEC_PER_SEC        1000000000ULL
#define STIME_MAX           ((s_time_t)INT64_MAX)
#define SECONDS(s)          ((s_time_t)(s) * 1000000000LL)
#define MILLISECS(ms)       ((s_time_t)(ms) * 1000000LL)
#define MICROSECS(us)       ((s_time_t)(us) * 1000LL)

#define NOW()               get_s_time()

/*
 * Conversions between counter ticks at @hz (below 2^32, as CNTFRQ_EL0 is)
 * and nanoseconds.  Exact: floor towards ns, ceiling towards ticks, so a
 * deadline converted to ticks is never reached before the time read back
 * reaches the deadline.  Split at whole seconds so that the products of
 * remainders stay below 2^62 (a remainder below 2^32, times 10^9 < 2^30);
 * only a count of more than 584 years would overflow.
 */
static inline uint64_t ticks_to_ns(uint64_t ticks, uint64_t hz)
{
    return ticks / hz * NSEC_PER_SEC + ticks % hz * NSEC_PER_SEC / hz;
}

/* Saturates at UINT64_MAX: a deadline that far away is never reached. */
static inline uint64_t ns_to_ticks(uint64_t ns, uint64_t hz)
{
    uint64_t ticks;

    if ( __builtin_mul_overflow(ns / NSEC_PER_SEC, hz, &ticks) ||
         __builtin_add_overflow(ticks, (ns % NSEC_PER_SEC * hz + NSEC_PER_SEC - 1) / NSEC_PER_SEC,
                                &ticks) )
        return UINT64_MAX;
    return ticks;
}

/* System time now; 0 until time_init() has found the time source. */
s_time_t get_s_time(void);

/*
 * Make this CPU's timer interrupt fire at @deadline (at once if it has
 * passed), replacing the previous setting; STIME_MAX switches it off.
 * When it fires, the driver raises TIMER_SOFTIRQ on this CPU.
 */
void reprogram_timer(s_time_t deadline);

/*
 * Boot CPU, once the interrupt controller is up: start softirqs and the
 * software timers, and probe the time source the device tree describes.
 */
void time_init(void);
/* Every secondary CPU, after irq_init_secondary_cpu(): the same, locally. */
void timer_init_secondary_cpu(void);

#endif /* XENITH_TIME_H */
