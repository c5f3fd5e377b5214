/* SPDX-License-Identifier: GPL-2.0-only */
/* arm64: the interrupts of the ARM generic timer, as its DT node lists them. */
#ifndef ASM_TIME_H
#define ASM_TIME_H

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

#endif /* ASM_TIME_H */
