/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests of the round-robin policy (hypervisor/common/sched/rr.c)
 * driven the way the scheduler core drives it: the test plays the core,
 * holding sched_res[] (the current vCPU of each pCPU) and calling the ops
 * through the private.h wrappers; raised softirqs are recorded.
 */
#include <stdlib.h>

#include "host.h"
#include <xenith/smp.h>
#include <xenith/softirq.h>
#include <xenith/xmalloc.h>

#include "../../hypervisor/common/sched/private.h"

#define NR_TEST_CPUS    4
#define NR_TEST_VCPUS   8
#define TSLICE          MILLISECS(10)

DEFINE_PER_CPU(unsigned int, cpu_id);

struct sched_resource sched_res[NR_CPUS];
cpumask_t cpu_online_map;

extern const struct sched_ops *const __start_xenith_schedulers[];
extern const struct sched_ops *const __stop_xenith_schedulers[];

static unsigned int raised[NR_CPUS];

void cpu_raise_softirq(unsigned int cpu, enum softirq nr)
{
    assert_int_equal(nr, SCHEDULE_SOFTIRQ);
    raised[cpu]++;
}

void *xzalloc_bytes(size_t size)
{
    return calloc(1, size);
}

void xfree(void *p)
{
    free(p);
}

static struct scheduler s;
static struct domain idle_dom, dom;
static struct vcpu idle_vcpu[NR_TEST_CPUS], vcpus[NR_TEST_VCPUS];

static const struct sched_ops *find_rr(void)
{
    for ( const struct sched_ops *const *p = __start_xenith_schedulers;
          p < __stop_xenith_schedulers; p++ )
        if ( !strcmp((*p)->opt_name, "rr") )
            return *p;
    return NULL;
}

static int setup(void **state)
{
    memset(&s, 0, sizeof(s));
    memset(sched_res, 0, sizeof(sched_res));
    memset(raised, 0, sizeof(raised));
    memset(vcpus, 0, sizeof(vcpus));
    cpumask_clear(&cpu_online_map);
    idle_dom.domain_id = DOMID_IDLE;
    dom.domain_id = 1;
    dom.pause_count = 0;
    s.ops = find_rr();
    assert_non_null(s.ops);
    assert_int_equal(sched_init(&s), 0);
    for ( unsigned int cpu = 0; cpu < NR_TEST_CPUS; cpu++ )
    {
        idle_vcpu[cpu] = (struct vcpu){ .vcpu_id = cpu, .domain = &idle_dom,
                                        .processor = cpu, .is_running = true };
        sched_res[cpu].idle = sched_res[cpu].curr = &idle_vcpu[cpu];
        sched_res[cpu].sched_priv = sched_alloc_pdata(&s, cpu);
        assert_non_null(sched_res[cpu].sched_priv);
        cpumask_set_cpu(cpu, &cpu_online_map);
    }
    return 0;
}

static int teardown(void **state)
{
    for ( unsigned int i = 0; i < NR_TEST_VCPUS; i++ )
        if ( vcpus[i].sched_priv )
        {
            if ( sched_res[vcpus[i].processor].curr == &vcpus[i] )
                sched_res[vcpus[i].processor].curr = sched_res[vcpus[i].processor].idle;
            sched_remove_vcpu(&s, &vcpus[i]);
            sched_free_vdata(&s, vcpus[i].sched_priv);
        }
    for ( unsigned int cpu = 0; cpu < NR_TEST_CPUS; cpu++ )
        free(sched_res[cpu].sched_priv);
    free(s.sched_data);
    return 0;
}

/* What the core does with a new vCPU: data, placement, insertion. */
static struct vcpu *add_vcpu(unsigned int i, bool runnable)
{
    struct vcpu *v = &vcpus[i];

    v->vcpu_id = i;
    v->domain = &dom;
    v->pause_flags = runnable ? 0 : VPF_down;
    v->sched_priv = sched_alloc_vdata(&s, v, NULL);
    assert_non_null(v->sched_priv);
    v->processor = sched_pick_cpu(&s, v);
    sched_insert_vcpu(&s, v);
    return v;
}

/* What schedule() does on @cpu; returns the vCPU now running there. */
static struct vcpu *run_schedule(unsigned int cpu, s_time_t *slice)
{
    struct sched_decision dec;
    struct vcpu *prev = sched_res[cpu].curr, *next;

    sched_do_schedule(&s, cpu, 0, &dec);
    next = dec.next ? dec.next : sched_res[cpu].idle;
    if ( slice )
        *slice = dec.slice;
    prev->is_running = false;
    next->is_running = true;
    sched_res[cpu].curr = next;
    return next;
}

static void test_placement_spreads(void **state)
{
    /* One vCPU per pCPU first, then a second round, lowest CPU first. */
    for ( unsigned int i = 0; i < NR_TEST_VCPUS; i++ )
        assert_int_equal(add_vcpu(i, false)->processor, i % NR_TEST_CPUS);

    /* Offline pCPUs get nothing. */
    teardown(state);
    setup(state);
    cpumask_clear_cpu(0, &cpu_online_map);
    cpumask_clear_cpu(2, &cpu_online_map);
    for ( unsigned int i = 0; i < 4; i++ )
        assert_int_equal(add_vcpu(i, false)->processor, i % 2 ? 3 : 1);
}

static void test_idle_until_woken(void **state)
{
    struct vcpu *v = add_vcpu(0, false);
    s_time_t slice;

    /* A vCPU that is down is not queued: the pCPU idles, with no slice. */
    assert_ptr_equal(run_schedule(0, &slice), &idle_vcpu[0]);
    assert_true(slice < 0);
    assert_int_equal(raised[0], 0);

    /* Waking it on an idle pCPU asks that pCPU to schedule. */
    v->pause_flags = 0;
    sched_wake(&s, v);
    assert_int_equal(raised[0], 1);
    assert_ptr_equal(run_schedule(0, &slice), v);
    assert_int_equal(slice, TSLICE);

    /* Waking it again while it runs changes nothing. */
    sched_wake(&s, v);
    assert_int_equal(raised[0], 1);
    /* Alone, it keeps its pCPU slice after slice. */
    assert_ptr_equal(run_schedule(0, &slice), v);
    assert_int_equal(slice, TSLICE);
}

static void test_fifo_rotation(void **state)
{
    struct vcpu *v[3];

    /* Three vCPUs on pCPU 0: only CPU 0 is online. */
    cpumask_clear(&cpu_online_map);
    cpumask_set_cpu(0, &cpu_online_map);
    for ( unsigned int i = 0; i < 3; i++ )
        v[i] = add_vcpu(i, true);
    /* Inserted runnable on an idle pCPU: each insertion asked to schedule. */
    assert_int_equal(raised[0], 3);

    /* They run in the order they woke, and round again. */
    for ( unsigned int round = 0; round < 3; round++ )
        for ( unsigned int i = 0; i < 3; i++ )
            assert_ptr_equal(run_schedule(0, NULL), v[i]);

    /* A wake on a busy pCPU joins the queue without preempting anyone. */
    raised[0] = 0;
    v[1]->pause_flags = VPF_blocked;
    sched_sleep(&s, v[1]);                      /* queued: taken out */
    assert_int_equal(raised[0], 0);
    assert_ptr_equal(run_schedule(0, NULL), v[0]);      /* v[2] was current */
    assert_ptr_equal(run_schedule(0, NULL), v[2]);
    v[1]->pause_flags = 0;
    sched_wake(&s, v[1]);
    assert_int_equal(raised[0], 0);
    assert_ptr_equal(run_schedule(0, NULL), v[0]);
    assert_ptr_equal(run_schedule(0, NULL), v[1]);
}

static void test_current_sleeps(void **state)
{
    struct vcpu *a, *b;

    cpumask_clear(&cpu_online_map);
    cpumask_set_cpu(0, &cpu_online_map);
    a = add_vcpu(0, true);
    b = add_vcpu(1, true);
    assert_ptr_equal(run_schedule(0, NULL), a);

    /* The running vCPU blocks: its pCPU is asked to schedule, b runs, a waits. */
    raised[0] = 0;
    a->pause_flags = VPF_blocked;
    sched_sleep(&s, a);
    assert_int_equal(raised[0], 1);
    assert_ptr_equal(run_schedule(0, NULL), b);
    assert_ptr_equal(run_schedule(0, NULL), b);

    /* b pauses too: idle; a wakes: it runs. */
    b->pause_count = 1;
    sched_sleep(&s, b);
    assert_ptr_equal(run_schedule(0, NULL), &idle_vcpu[0]);
    a->pause_flags = 0;
    sched_wake(&s, a);
    assert_ptr_equal(run_schedule(0, NULL), a);
    b->pause_count = 0;
}

/* Every runnable vCPU of a pCPU gets the same number of slices. */
static void test_fairness(void **state)
{
    unsigned int slices[NR_TEST_VCPUS] = { 0 };

    for ( unsigned int i = 0; i < NR_TEST_VCPUS; i++ )
        add_vcpu(i, true);
    for ( unsigned int n = 0; n < 1000; n++ )
        for ( unsigned int cpu = 0; cpu < NR_TEST_CPUS; cpu++ )
        {
            struct vcpu *v = run_schedule(cpu, NULL);

            assert_false(is_idle_vcpu(v));
            assert_int_equal(v->processor, cpu);
            slices[v->vcpu_id]++;
        }
    for ( unsigned int i = 0; i < NR_TEST_VCPUS; i++ )
        assert_int_equal(slices[i], 500);
}

static void test_remove(void **state)
{
    struct vcpu *a, *b;

    cpumask_clear(&cpu_online_map);
    cpumask_set_cpu(0, &cpu_online_map);
    a = add_vcpu(0, true);
    b = add_vcpu(1, true);
    assert_ptr_equal(run_schedule(0, NULL), a);
    /* b is queued; once removed it never runs. */
    b->pause_count = 1;
    sched_sleep(&s, b);
    sched_remove_vcpu(&s, b);
    sched_free_vdata(&s, b->sched_priv);
    b->sched_priv = NULL;
    assert_ptr_equal(run_schedule(0, NULL), a);
    /* Placement sees one vCPU on pCPU 0 again. */
    cpumask_set_cpu(1, &cpu_online_map);
    assert_int_equal(add_vcpu(2, false)->processor, 1);
    assert_int_equal(add_vcpu(3, false)->processor, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_placement_spreads, setup, teardown),
        cmocka_unit_test_setup_teardown(test_idle_until_woken, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fifo_rotation, setup, teardown),
        cmocka_unit_test_setup_teardown(test_current_sleeps, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fairness, setup, teardown),
        cmocka_unit_test_setup_teardown(test_remove, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
