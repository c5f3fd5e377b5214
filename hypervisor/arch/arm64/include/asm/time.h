/* SPDX-License-Identifier: GPL-2.0-only */
/* arm64: the interrupts of the ARM generic timer, as its DT node lists them. */
#ifndef ASM_TIME_H
#define ASM_TIME_H

#include <xenith/types.h>

/* The order of the timer node's "interrupts" (arm,armv8-timer binding). */
enum timer_ppi {
    TIMER_PHYS_SECURE_PPI,      /* EL1 physical timer, secure */
    TIMER_PHYS_NONSECURE_PPI,   /* EL1 physical timer, non-secure */
    TIMER_VIRT_PPI,             /* EL1 virtual timer */
    TIMER_HYP_PPI,              /* EL2 physical timer: the hypervisor's own */
    TIMER_NR_PPIS
};

/* The INTID of one of them (the others are for the guests' virtual timers). */
unsigned int timer_get_irq(enum timer_ppi ppi);

/*
 * The system time (NOW()) at which the physical count (CNTPCT_EL0) reaches
 * @count, rounded up; a count in the past gives a time in the past,
 * STIME_MAX one too far away to matter.  For the guests' timers (vtimer.c).
 */
s_time_t timer_count_to_stime(uint64_t count);

#endif /* ASM_TIME_H */
