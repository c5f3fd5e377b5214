/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests of the software timers (hypervisor/common/timer.c) with a
 * fake clock and fake per-CPU timer hardware.  The test plays the
 * hardware: fire() moves the clock to the CPU's programmed deadline,
 * raises TIMER_SOFTIRQ as the interrupt would and runs softirqs as the
 * idle loop would.  A timer that runs exactly at its expiry therefore
 * shows that the deadline was the earliest pending one all along.
 */
#include "host.h"
#include <stdio.h>
#include <stdlib.h>
#include <xenith/irq.h>
#include <xenith/keyhandler.h>
#include <xenith/percpu.h>
#include <xenith/softirq.h>
#include <xenith/timer.h>

/* Host per-CPU variables have one copy: this is "the CPU we run on". */
DEFINE_PER_CPU(unsigned int, cpu_id);

static s_time_t fake_now;
static s_time_t fake_deadline[NR_CPUS];
static unsigned int ipis[NR_CPUS];

s_time_t get_s_time(void)
{
    return fake_now;
}

void reprogram_timer(s_time_t deadline)
{
    fake_deadline[smp_processor_id()] = deadline;
}

void send_ipi(unsigned int cpu, enum ipi ipi)
{
    assert_int_equal(ipi, IPI_SOFTIRQ);
    assert_int_not_equal(cpu, smp_processor_id());
    ipis[cpu]++;
}

int request_irq(unsigned int intid, bool level, irq_handler_t handler, void *data)
{
    return 0;
}

static void on_cpu(unsigned int cpu)
{
    this_cpu(cpu_id) = cpu;
}

/* The interrupt at this CPU's deadline; false when none is programmed. */
static bool fire(void)
{
    s_time_t deadline = fake_deadline[smp_processor_id()];

    if ( deadline == STIME_MAX )
        return false;
    if ( deadline > fake_now )
        fake_now = deadline;
    raise_softirq(TIMER_SOFTIRQ);
    do_softirq();
    return true;
}

/* What the handlers did, in order. */
struct run {
    const struct timer *timer;
    s_time_t at;
    unsigned int cpu;
};
static struct run runs[4096];
static unsigned int nr_runs;

static void record(void *data)
{
    assert_true(nr_runs < sizeof(runs) / sizeof(runs[0]));
    runs[nr_runs++] = (struct run){ data, fake_now, smp_processor_id() };
}

/* The dump names handlers through the symbol table. */
char *symbols_format(char *buf, size_t size, unsigned long addr)
{
    snprintf(buf, size, "%s", addr == (unsigned long)record ? "record" : "??");
    return buf;
}

static unsigned int rand_state;
static unsigned int rnd(unsigned int n)
{
    rand_state = rand_state * 1103515245u + 12345u;
    return (rand_state >> 8) % n;
}

static int group_setup(void **state)
{
    timer_init();
    return 0;
}

static int reset(void **state)
{
    fake_now = 0;
    for ( unsigned int cpu = 0; cpu < NR_CPUS; cpu++ )
    {
        on_cpu(cpu);
        do_softirq();           /* leave no softirq of a previous test */
        fake_deadline[cpu] = STIME_MAX;
        ipis[cpu] = 0;
    }
    on_cpu(0);
    nr_runs = 0;
    rand_state = 1;
    host_log_clear();
    return 0;
}

#define MANY 1000

static void test_many_run_in_order_on_time(void **state)
{
    static struct timer t[MANY];
    static bool seen[MANY];
    s_time_t first = STIME_MAX;

    for ( unsigned int i = 0; i < MANY; i++ )
    {
        s_time_t e = 1000 + (s_time_t)rnd(50000);   /* duplicates likely */

        init_timer(&t[i], record, &t[i], 0);
        set_timer(&t[i], e);
        first = e < first ? e : first;
        assert_int_equal(fake_deadline[0], first);
    }
    while ( fire() )
        continue;

    assert_int_equal(nr_runs, MANY);
    for ( unsigned int i = 0; i < MANY; i++ )
    {
        unsigned int idx = (unsigned int)((const struct timer *)runs[i].timer - t);

        assert_int_equal(runs[i].at, t[idx].expires);
        if ( i )
            assert_true(runs[i - 1].at <= runs[i].at);
        assert_false(seen[idx]);
        seen[idx] = true;
        assert_false(timer_is_active(&t[idx]));
    }
    assert_int_equal(fake_deadline[0], STIME_MAX);
}

/* Random set/stop/fire against a model: the deadline is always the earliest. */
static void test_random_ops_keep_earliest_deadline(void **state)
{
    enum { N = 64 };
    static struct timer t[N];
    s_time_t expires[N];
    bool active[N] = { false };

    for ( unsigned int i = 0; i < N; i++ )
        init_timer(&t[i], record, &t[i], 0);
    for ( unsigned int step = 0; step < 20000; step++ )
    {
        unsigned int op = rnd(10), i = rnd(N), due = 0, before = nr_runs;
        s_time_t first = STIME_MAX;

        if ( op < 5 )
        {
            expires[i] = fake_now + (s_time_t)rnd(1000);
            set_timer(&t[i], expires[i]);
            active[i] = true;
        }
        else if ( op < 7 )
        {
            stop_timer(&t[i]);
            active[i] = false;
        }
        else if ( fire() )
        {
            for ( unsigned int j = 0; j < N; j++ )
                if ( active[j] && expires[j] <= fake_now )
                {
                    due++;
                    active[j] = false;
                }
            assert_int_equal(nr_runs - before, due);
            for ( unsigned int r = before; r < nr_runs; r++ )
                assert_int_equal(runs[r].at, ((const struct timer *)runs[r].timer)->expires);
            nr_runs = 0;
        }
        for ( unsigned int j = 0; j < N; j++ )
        {
            assert_int_equal(timer_is_active(&t[j]), active[j]);
            if ( active[j] && expires[j] < first )
                first = expires[j];
        }
        assert_int_equal(fake_deadline[0], first);
    }
    for ( unsigned int i = 0; i < N; i++ )
        kill_timer(&t[i]);
}

static void test_stop_and_rearm(void **state)
{
    struct timer a, b;

    init_timer(&a, record, &a, 0);
    init_timer(&b, record, &b, 0);
    set_timer(&a, 100);
    set_timer(&b, 200);
    assert_int_equal(fake_deadline[0], 100);
    stop_timer(&a);
    assert_false(timer_is_active(&a));
    assert_int_equal(fake_deadline[0], 200);
    stop_timer(&a);                             /* not armed: nothing */
    set_timer(&b, 50);                          /* armed: moves earlier */
    assert_int_equal(fake_deadline[0], 50);
    set_timer(&b, 300);                         /* and later */
    assert_int_equal(fake_deadline[0], 300);
    set_timer(&a, 150);
    assert_int_equal(fake_deadline[0], 150);
    stop_timer(&b);
    assert_true(fire());
    assert_int_equal(nr_runs, 1);
    assert_ptr_equal(runs[0].timer, &a);
    assert_int_equal(runs[0].at, 150);
    assert_int_equal(fake_deadline[0], STIME_MAX);
    assert_false(fire());
}

static unsigned int periodic_runs;
static s_time_t periodic_step;

static void periodic(void *data)
{
    periodic_runs++;
    set_timer(data, fake_now + periodic_step);
}

static void test_rearm_from_handler(void **state)
{
    struct timer p;

    periodic_runs = 0;
    periodic_step = 100;
    init_timer(&p, periodic, &p, 0);
    set_timer(&p, 100);
    for ( unsigned int i = 0; i < 10; i++ )
        assert_true(fire());
    assert_int_equal(periodic_runs, 10);
    assert_int_equal(fake_now, 1000);
    assert_int_equal(fake_deadline[0], 1100);
    assert_true(timer_is_active(&p));

    /* Re-armed in the past: runs on the next softirq, not in a loop now. */
    periodic_step = -5;
    assert_true(fire());
    assert_int_equal(periodic_runs, 11);
    assert_int_equal(fake_deadline[0], 1100 - 5);
    kill_timer(&p);
    assert_int_equal(fake_deadline[0], STIME_MAX);
}

static struct timer *victim;

static void stop_victim(void *data)
{
    record(data);
    stop_timer(victim);
}

/* A timer due in the same pass, stopped by an earlier handler, stays quiet. */
static void test_handler_stops_timer_due_in_same_pass(void **state)
{
    struct timer a, b, c;

    init_timer(&a, stop_victim, &a, 0);
    init_timer(&b, record, &b, 0);
    init_timer(&c, record, &c, 0);
    victim = &b;
    set_timer(&a, 100);
    set_timer(&b, 100);
    set_timer(&c, 100);
    fake_now = 150;
    raise_softirq(TIMER_SOFTIRQ);
    do_softirq();
    assert_int_equal(nr_runs, 2);
    assert_ptr_equal(runs[0].timer, &a);
    assert_ptr_equal(runs[1].timer, &c);
    assert_false(timer_is_active(&b));
    assert_int_equal(fake_deadline[0], STIME_MAX);
}

static void test_remote_queue_raises_softirq_once(void **state)
{
    struct timer a, b, c, d;

    init_timer(&a, record, &a, 3);
    init_timer(&b, record, &b, 3);
    init_timer(&c, record, &c, 3);
    init_timer(&d, record, &d, 3);
    set_timer(&a, 500);
    assert_int_equal(ipis[3], 1);
    assert_true(softirq_pending(3));
    assert_int_equal(fake_deadline[0], STIME_MAX);  /* not this CPU's */
    set_timer(&b, 600);                             /* not the earliest */
    set_timer(&c, 400);                             /* already pending */
    assert_int_equal(ipis[3], 1);

    on_cpu(3);
    do_softirq();
    assert_int_equal(fake_deadline[3], 400);
    on_cpu(0);
    set_timer(&d, 300);
    assert_int_equal(ipis[3], 2);
    stop_timer(&d);                                 /* leaves 3 to fire early */
    assert_int_equal(ipis[3], 2);

    on_cpu(3);
    do_softirq();
    while ( fire() )
        continue;
    assert_int_equal(nr_runs, 3);
    assert_ptr_equal(runs[0].timer, &c);
    assert_ptr_equal(runs[2].timer, &b);
    for ( unsigned int i = 0; i < nr_runs; i++ )
        assert_int_equal(runs[i].cpu, 3);
}

static void test_migrate(void **state)
{
    struct timer a, b;

    init_timer(&a, record, &a, 0);
    init_timer(&b, record, &b, 0);
    set_timer(&a, 100);
    assert_int_equal(fake_deadline[0], 100);

    migrate_timer(&a, 1);                       /* armed: moves queues */
    assert_true(timer_is_active(&a));
    assert_int_equal(fake_deadline[0], STIME_MAX);
    assert_int_equal(ipis[1], 1);
    migrate_timer(&a, 1);                       /* already there */
    assert_int_equal(ipis[1], 1);

    migrate_timer(&b, 2);                       /* not armed: no IPI */
    assert_int_equal(ipis[2], 0);
    set_timer(&b, 50);
    assert_int_equal(ipis[2], 1);

    on_cpu(1);
    do_softirq();
    assert_int_equal(fake_deadline[1], 100);
    assert_true(fire());
    assert_int_equal(nr_runs, 1);
    assert_int_equal(runs[0].cpu, 1);

    /* Into the queue of the CPU doing it: programmed at once, no IPI. */
    on_cpu(2);
    migrate_timer(&b, 1);
    on_cpu(1);
    assert_int_equal(ipis[1], 2);
    migrate_timer(&b, 2);
    migrate_timer(&b, 1);
    assert_int_equal(ipis[1], 2);
    assert_int_equal(fake_deadline[1], 50);
    assert_true(fire());
    assert_int_equal(nr_runs, 2);
    assert_ptr_equal(runs[1].timer, &b);
    assert_int_equal(runs[1].cpu, 1);
    on_cpu(2);
    do_softirq();
    assert_int_equal(fake_deadline[2], STIME_MAX);
}

static void test_kill(void **state)
{
    struct timer a;

    init_timer(&a, record, &a, 0);
    set_timer(&a, 100);
    kill_timer(&a);
    assert_false(timer_is_active(&a));
    assert_int_equal(fake_deadline[0], STIME_MAX);
    set_timer(&a, 50);                          /* killed: ignored */
    assert_false(timer_is_active(&a));
    assert_false(fire());

    init_timer(&a, record, &a, 0);              /* usable again */
    set_timer(&a, 50);
    assert_true(fire());
    assert_int_equal(nr_runs, 1);
}

static void kill_self(void *data)
{
    kill_timer(data);
}

static void test_kill_from_own_handler_is_a_bug(void **state)
{
    struct timer a;

    init_timer(&a, kill_self, &a, 0);
    set_timer(&a, 10);
    fake_now = 10;
    raise_softirq(TIMER_SOFTIRQ);
    expect_assert_failure(do_softirq());
    /* The softirq was cut short with no lock held; let it finish. */
    raise_softirq(TIMER_SOFTIRQ);
    do_softirq();
}

static void test_dump_key(void **state)
{
    struct timer a, b, c;

    fake_now = 1000;
    init_timer(&a, record, &a, 0);
    init_timer(&b, record, &b, 0);
    init_timer(&c, record, &c, 2);
    set_timer(&a, 5000);
    set_timer(&b, 3000);
    set_timer(&c, 7000);
    handle_keypress('t');
    assert_true(host_log_contains("dumping timer queues (now 1000 ns)"));
    assert_true(host_log_contains("CPU0: 2 timer(s)"));
    assert_true(host_log_contains("CPU2: 1 timer(s)"));
    assert_true(host_log_contains("expires 3000 (in 2 us) timer="));
    assert_true(host_log_contains(" fn=record("));
    assert_true(host_log_contains("expires 5000 (in 4 us)"));
    assert_true(host_log_contains("expires 7000 (in 6 us)"));
    assert_false(host_log_contains("CPU1:"));
    kill_timer(&a);
    kill_timer(&b);
    kill_timer(&c);
}

/* Ticks <-> ns: exact in both directions, against 128-bit arithmetic. */
static void check_conversion(uint64_t x, uint64_t hz)
{
    unsigned __int128 ns = (unsigned __int128)x * NSEC_PER_SEC / hz;
    unsigned __int128 ticks = ((unsigned __int128)x * hz + NSEC_PER_SEC - 1) / NSEC_PER_SEC;

    if ( ns <= UINT64_MAX )
        assert_true(ticks_to_ns(x, hz) == (uint64_t)ns);
    assert_true(ns_to_ticks(x, hz) == (ticks > UINT64_MAX ? UINT64_MAX : (uint64_t)ticks));
    if ( ticks <= UINT64_MAX && ticks * NSEC_PER_SEC / hz <= UINT64_MAX )
    {
        /* The deadline's tick is the first whose time reaches the deadline. */
        assert_true(ticks_to_ns((uint64_t)ticks, hz) >= x);
        if ( ticks )
            assert_true(ticks_to_ns((uint64_t)ticks - 1, hz) < x);
    }
}

static void test_tick_conversions(void **state)
{
    static const uint64_t freqs[] = {
        62500000, 24000000, 19200000, 1000000000, 100000000, 33333333, 4294967295u, 1 };
    static const uint64_t values[] = {
        0, 1, 999999999, 1000000000, 1000000001, 18446744073ull, 18446744074ull,
        (uint64_t)INT64_MAX, UINT64_MAX / 1000, UINT64_MAX - 1, UINT64_MAX };

    for ( size_t f = 0; f < sizeof(freqs) / sizeof(freqs[0]); f++ )
    {
        for ( size_t v = 0; v < sizeof(values) / sizeof(values[0]); v++ )
            check_conversion(values[v], freqs[f]);
        for ( unsigned int i = 0; i < 2000; i++ )
            check_conversion(((uint64_t)rnd(1u << 30) << 34) ^ rnd(1u << 30), freqs[f]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_many_run_in_order_on_time, reset),
        cmocka_unit_test_setup(test_random_ops_keep_earliest_deadline, reset),
        cmocka_unit_test_setup(test_stop_and_rearm, reset),
        cmocka_unit_test_setup(test_rearm_from_handler, reset),
        cmocka_unit_test_setup(test_handler_stops_timer_due_in_same_pass, reset),
        cmocka_unit_test_setup(test_remote_queue_raises_softirq_once, reset),
        cmocka_unit_test_setup(test_migrate, reset),
        cmocka_unit_test_setup(test_kill, reset),
        cmocka_unit_test_setup(test_kill_from_own_handler_is_a_bug, reset),
        cmocka_unit_test_setup(test_dump_key, reset),
        cmocka_unit_test_setup(test_tick_conversions, reset),
    };

    return cmocka_run_group_tests(tests, group_setup, NULL);
}
