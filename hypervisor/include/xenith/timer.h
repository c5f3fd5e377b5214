/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Software timers: call a function at an absolute system time, on the CPU
 * the timer belongs to, from TIMER_SOFTIRQ (IRQs enabled, no lock held).
 *
 * A timer is one-shot: a handler may set its own timer again for a
 * periodic one.  After kill_timer() returns, the handler is not running
 * anywhere and the timer may be freed; set_timer() on a killed timer does
 * nothing until init_timer() again.
 */
#ifndef XENITH_TIMER_H
#define XENITH_TIMER_H

#include <xenith/time.h>

struct timer {
    /* Set by init_timer() and not changed while the timer is in use. */
    void (*function)(void *data);
    void *data;

    /*
     * Protected by the lock of the queue of CPU 'cpu'.  'cpu' itself is
     * changed only with both queues locked, by migrate_timer().
     */
    unsigned int cpu;
    uint8_t status;             /* TIMER_STATUS_* (timer.c) */
    s_time_t expires;
    /* Pairing-heap links: first child, next sibling, parent or previous sibling */
    struct timer *heap_child, *heap_next, *heap_prev;
};

void init_timer(struct timer *timer, void (*function)(void *data), void *data,
                unsigned int cpu);
/* (Re)arm @timer to run at system time @expires. */
void set_timer(struct timer *timer, s_time_t expires);
/* Disarm @timer if it is armed; its handler may still be running. */
void stop_timer(struct timer *timer);
/* Move @timer (armed or not) to the queue of @cpu. */
void migrate_timer(struct timer *timer, unsigned int cpu);
/* Disarm for good and wait until the handler runs nowhere; not from it. */
void kill_timer(struct timer *timer);
/* Whether @timer is armed (a racy snapshot unless its owner knows better). */
bool timer_is_active(const struct timer *timer);

/* Boot: hook the timer queues to TIMER_SOFTIRQ. */
void timer_init(void);

#endif /* XENITH_TIMER_H */
