/* SPDX-License-Identifier: GPL-2.0-only */
/* arm64 hooks for lock waiting and local interrupt masking. */
#ifndef ASM_SPINLOCK_H
#define ASM_SPINLOCK_H

static inline void arch_lock_relax(void)
{
    asm volatile("wfe" ::: "memory");
}

static inline void arch_lock_signal(void)
{
    asm volatile("dsb ishst\n\tsev" ::: "memory");
}

static inline unsigned long local_irq_save(void)
{
    unsigned long flags;

    asm volatile("mrs %0, daif\n\tmsr daifset, #2" : "=r" (flags) :: "memory");
    return flags;
}

static inline void local_irq_restore(unsigned long flags)
{
    asm volatile("msr daif, %0" :: "r" (flags) : "memory");
}

static inline void local_irq_enable(void)
{
    asm volatile("msr daifclr, #2" ::: "memory");
}

static inline void local_irq_disable(void)
{
    asm volatile("msr daifset, #2" ::: "memory");
}

static inline bool local_irq_is_enabled(void)
{
    unsigned long flags;

    asm volatile("mrs %0, daif" : "=r" (flags));
    return !(flags & (1UL << 7));
}

#endif /* ASM_SPINLOCK_H */
