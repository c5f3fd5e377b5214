/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Atomic updates of words in guest memory (event channel bitmaps, FIFO
 * event words, upcall flags), safe against a guest that writes the same
 * word without pause.  On Arm without LSE an atomic operation is a
 * load-exclusive/store-exclusive loop, which another vCPU storing to the
 * line can keep failing for ever.  As Xen's guest_atomics: a bounded
 * number of single tries (weak compare-and-swap); if they all fail, the
 * domain is paused (its vCPUs stop writing soon), the operation done, and
 * the domain unpaused.
 */
#ifndef XENITH_GUEST_ATOMICS_H
#define XENITH_GUEST_ATOMICS_H

#include <xenith/domain.h>
#include <xenith/types.h>

#define GUEST_ATOMIC_TRIES  1000

/* guest_fetch_or_<type>(d, p, v) / guest_fetch_and_<type>: the old value. */
#define GUEST_ATOMIC_OP(name, type, op, strong)                             \
static inline type guest_fetch_##name(struct domain *d, type *p, type v)    \
{                                                                           \
    type old = __atomic_load_n(p, __ATOMIC_RELAXED);                        \
                                                                            \
    for ( unsigned int i = 0; i < GUEST_ATOMIC_TRIES; i++ )                 \
        if ( __atomic_compare_exchange_n(p, &old, old op v, true,           \
                                         __ATOMIC_SEQ_CST,                  \
                                         __ATOMIC_RELAXED) )                \
            return old;                                                     \
    domain_pause_nosync(d);                                                 \
    old = strong(p, v, __ATOMIC_SEQ_CST);                                   \
    domain_unpause(d);                                                      \
    return old;                                                             \
}

GUEST_ATOMIC_OP(or_u8, uint8_t, |, __atomic_fetch_or)
GUEST_ATOMIC_OP(or_u32, uint32_t, |, __atomic_fetch_or)
GUEST_ATOMIC_OP(and_u32, uint32_t, &, __atomic_fetch_and)
GUEST_ATOMIC_OP(or_u64, uint64_t, |, __atomic_fetch_or)
GUEST_ATOMIC_OP(and_u64, uint64_t, &, __atomic_fetch_and)

#undef GUEST_ATOMIC_OP

#endif /* XENITH_GUEST_ATOMICS_H */
