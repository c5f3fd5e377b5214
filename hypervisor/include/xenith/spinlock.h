/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Ticket spinlocks: fair (FIFO) under contention.  A lock is two 16-bit
 * counters: 'next' is the ticket handed to the next arrival, 'owner' the
 * ticket being served.  Waiters sleep in arch_lock_relax() (WFE on arm64)
 * and are woken by arch_lock_signal() after an unlock.
 */
#ifndef XENITH_SPINLOCK_H
#define XENITH_SPINLOCK_H

#include <xenith/lib.h>
#include <xenith/percpu.h>
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

static inline bool spin_is_locked(const spinlock_t *lock)
{
    return __atomic_load_n(&lock->owner, __ATOMIC_RELAXED) !=
           __atomic_load_n(&lock->next, __ATOMIC_RELAXED);
}

static inline void spin_unlock(spinlock_t *lock)
{
    ASSERT(spin_is_locked(lock));
    __atomic_store_n(&lock->owner, (uint16_t)(lock->owner + 1), __ATOMIC_RELEASE);
    arch_lock_signal();
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

/*
 * Recursive spinlocks: the CPU holding one may take it again, for locks
 * (the domain lock) taken by paths that also call each other.  The lock is
 * released when every acquisition has been matched by an unlock.  Not for
 * IRQ context: an interrupt on the owning CPU would walk straight in.
 */
#define RSPIN_NO_OWNER  0xffffU
#define RSPIN_MAX_DEPTH 0xffffU

typedef struct rspinlock {
    spinlock_t lock;
    uint16_t owner_cpu;         /* RSPIN_NO_OWNER when free; set under lock */
    uint16_t depth;             /* acquisitions by owner_cpu; under lock */
} rspinlock_t;

#define RSPIN_LOCK_UNLOCKED \
    { .lock = SPIN_LOCK_UNLOCKED, .owner_cpu = RSPIN_NO_OWNER, .depth = 0 }
#define DEFINE_RSPINLOCK(l) rspinlock_t l = RSPIN_LOCK_UNLOCKED

static inline void rspin_lock_init(rspinlock_t *l)
{
    spin_lock_init(&l->lock);
    l->owner_cpu = RSPIN_NO_OWNER;
    l->depth = 0;
}

/*
 * Only the owner ever stores its own CPU number in owner_cpu, so reading
 * our own number means we hold the lock; any other value, even a stale
 * one, means we do not.
 */
static inline bool rspin_held_by_me(const rspinlock_t *l)
{
    return __atomic_load_n(&l->owner_cpu, __ATOMIC_RELAXED) == smp_processor_id();
}

static inline void rspin_take(rspinlock_t *l)
{
    __atomic_store_n(&l->owner_cpu, (uint16_t)smp_processor_id(), __ATOMIC_RELAXED);
}

static inline void spin_lock_recursive(rspinlock_t *l)
{
    if ( !rspin_held_by_me(l) )
    {
        spin_lock(&l->lock);
        rspin_take(l);
    }
    BUG_ON(l->depth == RSPIN_MAX_DEPTH);
    l->depth++;
}

static inline bool spin_trylock_recursive(rspinlock_t *l)
{
    if ( !rspin_held_by_me(l) )
    {
        if ( !spin_trylock(&l->lock) )
            return false;
        rspin_take(l);
    }
    BUG_ON(l->depth == RSPIN_MAX_DEPTH);
    l->depth++;
    return true;
}

static inline void spin_unlock_recursive(rspinlock_t *l)
{
    BUG_ON(!rspin_held_by_me(l) || l->depth == 0);
    if ( --l->depth == 0 )
    {
        __atomic_store_n(&l->owner_cpu, (uint16_t)RSPIN_NO_OWNER, __ATOMIC_RELAXED);
        spin_unlock(&l->lock);
    }
}

#endif /* XENITH_SPINLOCK_H */
