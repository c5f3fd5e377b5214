/* SPDX-License-Identifier: GPL-2.0-only */
/* Host: lock waiting yields the thread; there are no interrupts to mask. */
#ifndef ASM_SPINLOCK_H
#define ASM_SPINLOCK_H

#include <sched.h>
#include <stdbool.h>

static inline void arch_lock_relax(void)
{
    sched_yield();
}

static inline void arch_lock_signal(void)
{
}

static inline unsigned long local_irq_save(void)
{
    return 0;
}

static inline void local_irq_restore(unsigned long flags)
{
    (void)flags;
}

static inline void local_irq_enable(void)
{
}

static inline void local_irq_disable(void)
{
}

static inline bool local_irq_is_enabled(void)
{
    return true;
}

#endif /* ASM_SPINLOCK_H */
