/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Ticket spinlocks: fair (FIFO) under contention.  A lock is two 16-bit
 * counters: 'next' is the ticket handed to the next arrival, 'owner' the
 * ticket being served.  Waiters sleep in arch_lock_relax() (WFE on arm64)
 * and are woken by arch_lock_signal() after an unlock.
 */
#ifndef XENITH_SPINLOCK_H
#define XENITH_SPINLOCK_H

#include <xenith/types.h>
#include <asm/spinlock.h>

typedef union spinlock {
    uint32_t raw;               /* both counters, for trylock */
    struct {
        uint16_t owner;         /* little-endian: the low half of raw */
        uint16_t next;
    };
} spinlock_t;

#define SPIN_LOCK_UNLOCKED { .raw = 0 }
#define DEFINE_SPINLOCK(l) spinlock_t l = SPIN_LOCK_UNLOCKED

static inline void spin_lock_init(spinlock_t *lock)
{
    lock->raw = 0;
}

static inline void spin_lock(spinlock_t *lock)
{
    uint16_t ticket = __atomic_fetch_add(&lock->next, 1, __ATOMIC_RELAXED);

    while ( __atomic_load_n(&lock->owner, __ATOMIC_ACQUIRE) != ticket )
        arch_lock_relax();
}

static inline bool spin_trylock(spinlock_t *lock)
{
    uint32_t old = __atomic_load_n(&lock->raw, __ATOMIC_RELAXED);

    if ( (old & 0xffff) != (old >> 16) )
        return false;
    return __atomic_compare_exchange_n(&lock->raw, &old, old + 0x10000, false,
                                       __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

static inline void spin_unlock(spinlock_t *lock)
{
    __atomic_store_n(&lock->owner, (uint16_t)(lock->owner + 1), __ATOMIC_RELEASE);
    arch_lock_signal();
}

static inline bool spin_is_locked(const spinlock_t *lock)
{
    return __atomic_load_n(&lock->owner, __ATOMIC_RELAXED) !=
           __atomic_load_n(&lock->next, __ATOMIC_RELAXED);
}

/* With local interrupts masked while held: for locks taken in IRQ context. */
#define spin_lock_irqsave(l, flags) do {                        \
    (flags) = local_irq_save();                                 \
    spin_lock(l);                                               \
} while ( 0 )
#define spin_unlock_irqrestore(l, flags) do {                   \
    spin_unlock(l);                                             \
    local_irq_restore(flags);                                   \
} while ( 0 )

#endif /* XENITH_SPINLOCK_H */
