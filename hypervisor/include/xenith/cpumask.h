/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Sets of logical CPUs: a bitmap of NR_CPUS bits.
 *
 * The plain operations (cpumask_set_cpu, cpumask_and, ...) are not atomic:
 * use them on masks that one CPU owns or under the lock that protects the
 * mask.  cpumask_set_cpu_atomic() and friends may race with each other on
 * a shared mask; they are ordered (acquire/release) so that a CPU seeing
 * its bit also sees what was written before the bit was set.
 */
#ifndef XENITH_CPUMASK_H
#define XENITH_CPUMASK_H

#include <xenith/lib.h>
#include <asm/config.h>

#define BITS_PER_LONG       (8 * (unsigned int)sizeof(unsigned long))
#define CPUMASK_LONGS       DIV_ROUND_UP(NR_CPUS, BITS_PER_LONG)

typedef struct cpumask {
    unsigned long bits[CPUMASK_LONGS];
} cpumask_t;

#define CPUMASK_WORD(cpu)   ((cpu) / BITS_PER_LONG)
#define CPUMASK_BIT(cpu)    (1UL << ((cpu) % BITS_PER_LONG))

/* The bits of the last word that stand for CPUs below NR_CPUS. */
#define CPUMASK_LAST_WORD_MASK                                          \
    (NR_CPUS % BITS_PER_LONG ? CPUMASK_BIT(NR_CPUS) - 1 : ~0UL)

static inline void cpumask_clear(cpumask_t *m)
{
    for ( unsigned int i = 0; i < CPUMASK_LONGS; i++ )
        m->bits[i] = 0;
}

static inline void cpumask_setall(cpumask_t *m)
{
    for ( unsigned int i = 0; i < CPUMASK_LONGS; i++ )
        m->bits[i] = ~0UL;
    m->bits[CPUMASK_LONGS - 1] &= CPUMASK_LAST_WORD_MASK;
}

static inline void cpumask_set_cpu(unsigned int cpu, cpumask_t *m)
{
    ASSERT(cpu < NR_CPUS);
    m->bits[CPUMASK_WORD(cpu)] |= CPUMASK_BIT(cpu);
}

static inline void cpumask_clear_cpu(unsigned int cpu, cpumask_t *m)
{
    ASSERT(cpu < NR_CPUS);
    m->bits[CPUMASK_WORD(cpu)] &= ~CPUMASK_BIT(cpu);
}

static inline bool cpumask_test_cpu(unsigned int cpu, const cpumask_t *m)
{
    ASSERT(cpu < NR_CPUS);
    return __atomic_load_n(&m->bits[CPUMASK_WORD(cpu)], __ATOMIC_RELAXED) &
           CPUMASK_BIT(cpu);
}

static inline void cpumask_set_cpu_atomic(unsigned int cpu, cpumask_t *m)
{
    ASSERT(cpu < NR_CPUS);
    __atomic_fetch_or(&m->bits[CPUMASK_WORD(cpu)], CPUMASK_BIT(cpu),
                      __ATOMIC_RELEASE);
}

static inline void cpumask_clear_cpu_atomic(unsigned int cpu, cpumask_t *m)
{
    ASSERT(cpu < NR_CPUS);
    __atomic_fetch_and(&m->bits[CPUMASK_WORD(cpu)], ~CPUMASK_BIT(cpu),
                       __ATOMIC_RELEASE);
}

/* Clear @cpu's bit; true if it was set. */
static inline bool cpumask_test_and_clear_cpu_atomic(unsigned int cpu,
                                                     cpumask_t *m)
{
    ASSERT(cpu < NR_CPUS);
    return __atomic_fetch_and(&m->bits[CPUMASK_WORD(cpu)], ~CPUMASK_BIT(cpu),
                              __ATOMIC_ACQ_REL) & CPUMASK_BIT(cpu);
}

static inline bool cpumask_empty(const cpumask_t *m)
{
    for ( unsigned int i = 0; i < CPUMASK_LONGS; i++ )
        if ( __atomic_load_n(&m->bits[i], __ATOMIC_ACQUIRE) )
            return false;
    return true;
}

static inline unsigned int cpumask_weight(const cpumask_t *m)
{
    unsigned int n = 0;

    for ( unsigned int i = 0; i < CPUMASK_LONGS; i++ )
        n += (unsigned int)__builtin_popcountl(
                 __atomic_load_n(&m->bits[i], __ATOMIC_RELAXED));
    return n;
}

static inline bool cpumask_equal(const cpumask_t *a, const cpumask_t *b)
{
    for ( unsigned int i = 0; i < CPUMASK_LONGS; i++ )
        if ( a->bits[i] != b->bits[i] )
            return false;
    return true;
}

static inline void cpumask_copy(cpumask_t *dst, const cpumask_t *src)
{
    *dst = *src;
}

static inline void cpumask_and(cpumask_t *dst, const cpumask_t *a,
                               const cpumask_t *b)
{
    for ( unsigned int i = 0; i < CPUMASK_LONGS; i++ )
        dst->bits[i] = a->bits[i] & b->bits[i];
}

static inline void cpumask_or(cpumask_t *dst, const cpumask_t *a,
                              const cpumask_t *b)
{
    for ( unsigned int i = 0; i < CPUMASK_LONGS; i++ )
        dst->bits[i] = a->bits[i] | b->bits[i];
}

/* @dst = @a without the CPUs of @b. */
static inline void cpumask_andnot(cpumask_t *dst, const cpumask_t *a,
                                  const cpumask_t *b)
{
    for ( unsigned int i = 0; i < CPUMASK_LONGS; i++ )
        dst->bits[i] = a->bits[i] & ~b->bits[i];
}

/* The first CPU of @m at or after @cpu; NR_CPUS if there is none. */
static inline unsigned int cpumask_next_from(unsigned int cpu,
                                             const cpumask_t *m)
{
    while ( cpu < NR_CPUS )
    {
        unsigned long word = m->bits[CPUMASK_WORD(cpu)] &
                             ~(CPUMASK_BIT(cpu) - 1);

        if ( word )
        {
            cpu = CPUMASK_WORD(cpu) * BITS_PER_LONG +
                  (unsigned int)__builtin_ctzl(word);
            return cpu < NR_CPUS ? cpu : NR_CPUS;
        }
        cpu = (CPUMASK_WORD(cpu) + 1) * BITS_PER_LONG;
    }
    return NR_CPUS;
}

static inline unsigned int cpumask_first(const cpumask_t *m)
{
    return cpumask_next_from(0, m);
}

/* The CPU of @m after @cpu; NR_CPUS if there is none. */
static inline unsigned int cpumask_next(unsigned int cpu, const cpumask_t *m)
{
    return cpumask_next_from(cpu + 1, m);
}

#define for_each_cpu(cpu, mask)                                         \
    for ( (cpu) = cpumask_first(mask); (cpu) < NR_CPUS;                 \
          (cpu) = cpumask_next(cpu, mask) )

/* CPUs found in the device tree, and those that came up (common/smp.c). */
extern cpumask_t cpu_present_map;
extern cpumask_t cpu_online_map;

#define for_each_present_cpu(cpu) for_each_cpu(cpu, &cpu_present_map)
#define for_each_online_cpu(cpu)  for_each_cpu(cpu, &cpu_online_map)

#endif /* XENITH_CPUMASK_H */
