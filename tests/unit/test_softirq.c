/* SPDX-License-Identifier: GPL-2.0-only */
/* Unit tests of softirqs (hypervisor/common/softirq.c) with a fake GIC. */
#include "host.h"
#include <xenith/errno.h>
#include <xenith/irq.h>
#include <xenith/percpu.h>
#include <xenith/softirq.h>

/* Host per-CPU variables have one copy: this is "the CPU we run on". */
DEFINE_PER_CPU(unsigned int, cpu_id);

static unsigned int ipis[NR_CPUS];
static unsigned int requested_intid;
static irq_handler_t requested_handler;
static int request_result;

void send_ipi(unsigned int cpu, enum ipi ipi)
{
    assert_int_equal(ipi, IPI_SOFTIRQ);
    ipis[cpu]++;
}

int request_irq(unsigned int intid, bool level, irq_handler_t handler, void *data)
{
    requested_intid = intid;
    requested_handler = handler;
    assert_false(level);
    return request_result;
}

static unsigned int runs, runs_on[NR_CPUS], raise_again;

static void timer_action(void)
{
    runs++;
    runs_on[smp_processor_id()]++;
    if ( raise_again )
    {
        raise_again--;
        raise_softirq(TIMER_SOFTIRQ);
    }
}

static void on_cpu(unsigned int cpu)
{
    this_cpu(cpu_id) = cpu;
}

static int group_setup(void **state)
{
    open_softirq(TIMER_SOFTIRQ, timer_action);
    return 0;
}

static int reset(void **state)
{
    for ( unsigned int cpu = 0; cpu < NR_CPUS; cpu++ )
    {
        on_cpu(cpu);
        do_softirq();
        ipis[cpu] = 0;
        runs_on[cpu] = 0;
    }
    on_cpu(0);
    runs = raise_again = 0;
    request_result = 0;
    return 0;
}

static void test_raise_and_run_locally(void **state)
{
    assert_false(softirq_pending(0));
    raise_softirq(TIMER_SOFTIRQ);
    raise_softirq(TIMER_SOFTIRQ);           /* pending is a bit, not a count */
    assert_true(softirq_pending(0));
    do_softirq();
    assert_int_equal(runs, 1);
    assert_false(softirq_pending(0));
    cpu_raise_softirq(0, TIMER_SOFTIRQ);    /* this CPU: no IPI */
    assert_int_equal(ipis[0], 0);
    do_softirq();
    assert_int_equal(runs, 2);
    do_softirq();                           /* nothing pending */
    assert_int_equal(runs, 2);
}

static void test_raised_by_its_handler_runs_again(void **state)
{
    raise_again = 2;
    raise_softirq(TIMER_SOFTIRQ);
    do_softirq();
    assert_int_equal(runs, 3);
    assert_false(softirq_pending(0));
}

static void test_remote_raise_sends_one_ipi(void **state)
{
    cpu_raise_softirq(2, TIMER_SOFTIRQ);
    assert_int_equal(ipis[2], 1);
    assert_true(softirq_pending(2));
    assert_false(softirq_pending(0));
    cpu_raise_softirq(2, TIMER_SOFTIRQ);    /* still pending: IPI already sent */
    assert_int_equal(ipis[2], 1);

    on_cpu(2);
    do_softirq();
    assert_int_equal(runs_on[2], 1);
    assert_false(softirq_pending(2));
    on_cpu(0);
    cpu_raise_softirq(2, TIMER_SOFTIRQ);    /* consumed: a new IPI */
    assert_int_equal(ipis[2], 2);
    assert_int_equal(runs_on[0], 0);
}

static void test_init_cpu_requests_the_ipi(void **state)
{
    softirq_init_cpu();
    assert_int_equal(requested_intid, IPI_SOFTIRQ);
    assert_non_null(requested_handler);
    requested_handler(IPI_SOFTIRQ, NULL, NULL);     /* only wakes the CPU */
    assert_false(softirq_pending(0));

    request_result = -EBUSY;
    expect_assert_failure(softirq_init_cpu());
    assert_true(host_log_contains("cannot receive the softirq IPI"));
}

static void test_open_twice_is_a_bug(void **state)
{
    expect_assert_failure(open_softirq(TIMER_SOFTIRQ, timer_action));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_raise_and_run_locally, reset),
        cmocka_unit_test_setup(test_raised_by_its_handler_runs_again, reset),
        cmocka_unit_test_setup(test_remote_raise_sends_one_ipi, reset),
        cmocka_unit_test_setup(test_init_cpu_requests_the_ipi, reset),
        cmocka_unit_test_setup(test_open_twice_is_a_bug, reset),
    };

    return cmocka_run_group_tests(tests, group_setup, NULL);
}
