/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Reader-writer locks where writers do not starve.
 *
 * One 32-bit word 'cnts' holds the number of readers inside (from bit 2)
 * and two writer bits: RW_WRITER_LOCKED while a writer holds the lock,
 * RW_WRITER_WAITING while a writer waits for the readers inside to leave.
 * A FIFO ticket lock 'wait' orders everyone who cannot get in at once.
 *
 * - A reader gets in straight away when no writer holds or waits for the
 *   lock.  Otherwise it backs out, queues on 'wait' and, once at the head,
 *   waits only for the writer holding the lock to leave.
 * - A writer queues on 'wait'; at the head it raises RW_WRITER_WAITING,
 *   which turns new readers away into the queue behind it, waits for the
 *   readers inside to drain, and takes the lock.
 *
 * So a stream of readers cannot hold a writer off for ever, and a writer
 * lets in, in order, those queued before it.  Readers cannot take the lock
 * recursively while a writer may be waiting (the inner read would queue
 * behind the writer, which waits for the outer read): don't.
 */
#ifndef XENITH_RWLOCK_H
#define XENITH_RWLOCK_H

#include <xenith/spinlock.h>

#define RW_WRITER_LOCKED    1U
#define RW_WRITER_WAITING   2U
#define RW_WRITER_MASK      (RW_WRITER_LOCKED | RW_WRITER_WAITING)
#define RW_READER           4U          /* one reader inside */

typedef struct rwlock {
    uint32_t cnts;              /* readers inside and the writer bits */
    spinlock_t wait;            /* the queue of those who could not get in */
} rwlock_t;

#define RW_LOCK_UNLOCKED { .cnts = 0, .wait = SPIN_LOCK_UNLOCKED }
#define DEFINE_RWLOCK(l) rwlock_t l = RW_LOCK_UNLOCKED

static inline void rwlock_init(rwlock_t *l)
{
    l->cnts = 0;
    spin_lock_init(&l->wait);
}

static inline uint32_t rw_cnts(const rwlock_t *l)
{
    return __atomic_load_n(&l->cnts, __ATOMIC_ACQUIRE);
}

/* Leave as a reader; wakes a writer waiting for the readers to drain. */
static inline void rw_reader_leave(rwlock_t *l)
{
    __atomic_fetch_sub(&l->cnts, RW_READER, __ATOMIC_RELEASE);
    arch_lock_signal();
}

static inline bool read_trylock(rwlock_t *l)
{
    if ( !(__atomic_fetch_add(&l->cnts, RW_READER, __ATOMIC_ACQUIRE) &
           RW_WRITER_MASK) )
        return true;
    rw_reader_leave(l);
    return false;
}

static inline void read_lock(rwlock_t *l)
{
    if ( read_trylock(l) )
        return;

    spin_lock(&l->wait);
    /* At the head: no writer waits now, at most one is inside. */
    __atomic_fetch_add(&l->cnts, RW_READER, __ATOMIC_RELAXED);
    while ( rw_cnts(l) & RW_WRITER_LOCKED )
        arch_lock_relax();
    spin_unlock(&l->wait);
}

static inline void read_unlock(rwlock_t *l)
{
    ASSERT(__atomic_load_n(&l->cnts, __ATOMIC_RELAXED) >= RW_READER);
    rw_reader_leave(l);
}

static inline bool rw_try_cnts(rwlock_t *l, uint32_t from, uint32_t to)
{
    return __atomic_compare_exchange_n(&l->cnts, &from, to, false,
                                       __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

static inline bool write_trylock(rwlock_t *l)
{
    return rw_try_cnts(l, 0, RW_WRITER_LOCKED);
}

static inline void write_lock(rwlock_t *l)
{
    if ( write_trylock(l) )
        return;

    spin_lock(&l->wait);
    /* At the head: the writer inside, if any, leaves; readers drain. */
    __atomic_fetch_or(&l->cnts, RW_WRITER_WAITING, __ATOMIC_RELAXED);
    while ( !rw_try_cnts(l, RW_WRITER_WAITING, RW_WRITER_LOCKED) )
        arch_lock_relax();
    spin_unlock(&l->wait);
}

static inline void write_unlock(rwlock_t *l)
{
    ASSERT(__atomic_load_n(&l->cnts, __ATOMIC_RELAXED) & RW_WRITER_LOCKED);
    __atomic_fetch_and(&l->cnts, ~RW_WRITER_LOCKED, __ATOMIC_RELEASE);
    arch_lock_signal();
}

static inline bool rw_is_locked(const rwlock_t *l)
{
    return __atomic_load_n(&l->cnts, __ATOMIC_RELAXED) != 0;
}

static inline bool rw_is_write_locked(const rwlock_t *l)
{
    return __atomic_load_n(&l->cnts, __ATOMIC_RELAXED) & RW_WRITER_LOCKED;
}

/* With local interrupts masked while held: for locks taken in IRQ context. */
#define read_lock_irqsave(l, flags) do {                        \
    (flags) = local_irq_save();                                 \
    read_lock(l);                                               \
} while ( 0 )
#define read_unlock_irqrestore(l, flags) do {                   \
    read_unlock(l);                                             \
    local_irq_restore(flags);                                   \
} while ( 0 )
#define write_lock_irqsave(l, flags) do {                       \
    (flags) = local_irq_save();                                 \
    write_lock(l);                                              \
} while ( 0 )
#define write_unlock_irqrestore(l, flags) do {                  \
    write_unlock(l);                                            \
    local_irq_restore(flags);                                   \
} while ( 0 )

#endif /* XENITH_RWLOCK_H */
