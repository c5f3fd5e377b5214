/* SPDX-License-Identifier: GPL-2.0-only */
/* arm64: how an idle CPU sleeps. */
#ifndef ASM_IDLE_H
#define ASM_IDLE_H

/*
 * Sleep until an interrupt is pending.  WFI wakes on a pending interrupt
 * even while IRQs are masked, so callers mask them, check for work, then
 * sleep, and no wake-up is lost.  The DSB lets earlier stores drain first.
 */
static inline void arch_wait_for_interrupt(void)
{
    asm volatile("dsb sy\n\twfi" ::: "memory");
}

#endif /* ASM_IDLE_H */
