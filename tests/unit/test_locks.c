/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * CPU masks, ticket spinlocks, recursive spinlocks and rwlocks, on the
 * host.  The lock tests that need contention run real threads (the host
 * arch relaxes by yielding); the recursive-lock tests play two CPUs by
 * changing this thread's CPU number.
 */
#include <pthread.h>
#include <time.h>

#include "host.h"
#include <xenith/cpumask.h>
#include <xenith/rwlock.h>
#include <xenith/spinlock.h>

DEFINE_PER_CPU(unsigned int, cpu_id);

static void be_cpu(unsigned int cpu)
{
    per_cpu__cpu_id = cpu;
}

/* ------------------------------------------------------------ cpumask */

static void test_cpumask_basic(void **state)
{
    cpumask_t m, o, r;

    cpumask_clear(&m);
    assert_true(cpumask_empty(&m));
    assert_int_equal(cpumask_first(&m), NR_CPUS);

    cpumask_set_cpu(0, &m);
    cpumask_set_cpu(3, &m);
    cpumask_set_cpu(NR_CPUS - 1, &m);
    assert_int_equal(cpumask_weight(&m), 3);
    assert_true(cpumask_test_cpu(3, &m));
    assert_false(cpumask_test_cpu(2, &m));

    cpumask_clear(&o);
    cpumask_set_cpu(3, &o);
    cpumask_set_cpu(5, &o);
    cpumask_and(&r, &m, &o);
    assert_int_equal(cpumask_weight(&r), 1);
    assert_true(cpumask_test_cpu(3, &r));
    cpumask_or(&r, &m, &o);
    assert_int_equal(cpumask_weight(&r), 4);
    cpumask_andnot(&r, &m, &o);
    assert_int_equal(cpumask_weight(&r), 2);
    assert_false(cpumask_test_cpu(3, &r));

    cpumask_copy(&r, &m);
    assert_true(cpumask_equal(&r, &m));
    cpumask_clear_cpu(0, &r);
    assert_false(cpumask_equal(&r, &m));
}

static void test_cpumask_iterate(void **state)
{
    cpumask_t m;
    unsigned int cpu, seen = 0, last = 0;

    cpumask_clear(&m);
    for ( cpu = 1; cpu < NR_CPUS; cpu += 3 )
        cpumask_set_cpu(cpu, &m);
    for_each_cpu ( cpu, &m )
    {
        assert_int_equal(cpu % 3, 1);
        assert_true(seen == 0 || cpu > last);
        last = cpu;
        seen++;
    }
    assert_int_equal(seen, cpumask_weight(&m));
    assert_int_equal(cpumask_first(&m), 1);
    assert_int_equal(cpumask_next(1, &m), 4);
    assert_int_equal(cpumask_next(last, &m), NR_CPUS);
}

static void test_cpumask_setall_atomic(void **state)
{
    cpumask_t m;

    cpumask_setall(&m);
    assert_int_equal(cpumask_weight(&m), NR_CPUS);
    cpumask_clear_cpu_atomic(1, &m);
    assert_false(cpumask_test_cpu(1, &m));
    assert_true(cpumask_test_and_clear_cpu_atomic(2, &m));
    assert_false(cpumask_test_and_clear_cpu_atomic(2, &m));
    cpumask_set_cpu_atomic(1, &m);
    assert_int_equal(cpumask_weight(&m), NR_CPUS - 1);
}

/* ------------------------------------------------------------ threads */

#define NR_THREADS      4
#define ITERATIONS      20000

static void run_threads(void *(*fn)(void *), void *arg, unsigned int n)
{
    pthread_t t[NR_THREADS * 2];

    assert_true(n <= ARRAY_SIZE(t));
    for ( unsigned int i = 0; i < n; i++ )
        assert_int_equal(pthread_create(&t[i], NULL, fn, arg), 0);
    for ( unsigned int i = 0; i < n; i++ )
        assert_int_equal(pthread_join(t[i], NULL), 0);
}

/* Two counters that are equal whenever nobody holds the lock. */
static struct {
    spinlock_t spin;
    rwlock_t rw;
    volatile unsigned long a, b;
    unsigned long mismatches;   /* seen by readers: must stay 0 */
} shared;

static void shared_reset(void)
{
    spin_lock_init(&shared.spin);
    rwlock_init(&shared.rw);
    shared.a = shared.b = 0;
    shared.mismatches = 0;
}

/* Make a torn update likely to be seen if the lock does not exclude. */
static void bump_counters(void)
{
    shared.a++;
    if ( shared.a % 64 == 0 )
        sched_yield();
    shared.b++;
}

static void *spin_worker(void *arg)
{
    for ( unsigned int i = 0; i < ITERATIONS; i++ )
    {
        spin_lock(&shared.spin);
        bump_counters();
        spin_unlock(&shared.spin);
    }
    return NULL;
}

static void test_spinlock_excludes(void **state)
{
    shared_reset();
    run_threads(spin_worker, NULL, NR_THREADS);
    assert_int_equal(shared.a, NR_THREADS * ITERATIONS);
    assert_int_equal(shared.b, NR_THREADS * ITERATIONS);
    assert_false(spin_is_locked(&shared.spin));
}

static void test_spin_trylock(void **state)
{
    spinlock_t l = SPIN_LOCK_UNLOCKED;

    assert_true(spin_trylock(&l));
    assert_true(spin_is_locked(&l));
    assert_false(spin_trylock(&l));
    spin_unlock(&l);
    assert_false(spin_is_locked(&l));
    assert_true(spin_trylock(&l));
    spin_unlock(&l);
}

/* ------------------------------------------------------------ rwlock */

static void test_rwlock_states(void **state)
{
    DEFINE_RWLOCK(l);

    read_lock(&l);
    assert_true(read_trylock(&l));              /* readers share */
    assert_false(write_trylock(&l));
    read_unlock(&l);
    read_unlock(&l);
    assert_false(rw_is_locked(&l));

    write_lock(&l);
    assert_true(rw_is_write_locked(&l));
    assert_false(read_trylock(&l));
    assert_false(write_trylock(&l));
    write_unlock(&l);
    assert_false(rw_is_locked(&l));
    assert_true(read_trylock(&l));
    read_unlock(&l);
}

static void *rw_worker(void *arg)
{
    bool writer = (uintptr_t)arg & 1;

    for ( unsigned int i = 0; i < ITERATIONS; i++ )
    {
        if ( writer )
        {
            write_lock(&shared.rw);
            bump_counters();
            write_unlock(&shared.rw);
        }
        else
        {
            read_lock(&shared.rw);
            if ( shared.a != shared.b )
                __atomic_fetch_add(&shared.mismatches, 1, __ATOMIC_RELAXED);
            read_unlock(&shared.rw);
        }
    }
    return NULL;
}

static void *rw_writer(void *arg)
{
    return rw_worker((void *)1);
}

static void *rw_reader(void *arg)
{
    return rw_worker((void *)0);
}

static void *rw_mixed(void *arg)
{
    pthread_t w, r;

    /* No cmocka assertions off the main thread: they longjmp. */
    if ( pthread_create(&w, NULL, rw_writer, NULL) ||
         pthread_create(&r, NULL, rw_reader, NULL) )
        abort();
    pthread_join(w, NULL);
    pthread_join(r, NULL);
    return NULL;
}

static void test_rwlock_excludes(void **state)
{
    shared_reset();
    run_threads(rw_mixed, NULL, NR_THREADS / 2);
    assert_int_equal(shared.a, NR_THREADS / 2 * ITERATIONS);
    assert_int_equal(shared.b, shared.a);
    assert_int_equal(shared.mismatches, 0);
    assert_false(rw_is_locked(&shared.rw));
}

static void *writer_once(void *arg)
{
    write_lock(&shared.rw);
    bump_counters();
    write_unlock(&shared.rw);
    return NULL;
}

/*
 * Once a writer waits, new readers queue behind it instead of joining the
 * readers inside: otherwise a steady stream of readers would starve it.
 */
static void test_rwlock_writer_not_starved(void **state)
{
    pthread_t w;

    shared_reset();
    read_lock(&shared.rw);
    assert_int_equal(pthread_create(&w, NULL, writer_once, NULL), 0);
    while ( !(__atomic_load_n(&shared.rw.cnts, __ATOMIC_ACQUIRE) & RW_WRITER_WAITING) )
        sched_yield();
    assert_false(read_trylock(&shared.rw));     /* turned away */
    assert_int_equal(shared.a, 0);              /* the writer still waits */
    read_unlock(&shared.rw);
    pthread_join(w, NULL);
    assert_int_equal(shared.a, 1);
    assert_false(rw_is_locked(&shared.rw));
}

/* ------------------------------------------------------------ recursive */

static void test_rspinlock_recursion(void **state)
{
    DEFINE_RSPINLOCK(l);

    be_cpu(0);
    spin_lock_recursive(&l);
    spin_lock_recursive(&l);
    assert_true(spin_trylock_recursive(&l));
    assert_int_equal(l.depth, 3);

    be_cpu(1);                                  /* another CPU: kept out */
    assert_false(spin_trylock_recursive(&l));

    be_cpu(0);
    spin_unlock_recursive(&l);
    spin_unlock_recursive(&l);
    be_cpu(1);
    assert_false(spin_trylock_recursive(&l));   /* CPU0 still holds it once */
    be_cpu(0);
    spin_unlock_recursive(&l);
    assert_false(spin_is_locked(&l.lock));

    be_cpu(1);                                  /* free: CPU1 gets it */
    assert_true(spin_trylock_recursive(&l));
    spin_unlock_recursive(&l);
    be_cpu(0);
}

static void test_rspinlock_unlock_by_other_cpu(void **state)
{
    DEFINE_RSPINLOCK(l);

    be_cpu(0);
    spin_lock_recursive(&l);
    be_cpu(1);
    expect_assert_failure(spin_unlock_recursive(&l));
    be_cpu(0);
    spin_unlock_recursive(&l);
    expect_assert_failure(spin_unlock_recursive(&l));    /* not held */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cpumask_basic),
        cmocka_unit_test(test_cpumask_iterate),
        cmocka_unit_test(test_cpumask_setall_atomic),
        cmocka_unit_test(test_spin_trylock),
        cmocka_unit_test(test_spinlock_excludes),
        cmocka_unit_test(test_rwlock_states),
        cmocka_unit_test(test_rwlock_excludes),
        cmocka_unit_test(test_rwlock_writer_not_starved),
        cmocka_unit_test(test_rspinlock_recursion),
        cmocka_unit_test(test_rspinlock_unlock_by_other_cpu),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
