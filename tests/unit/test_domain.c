/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests of the domain and vCPU lifecycle (hypervisor/common/domain.c
 * and vcpu.c): ids and the domain list, creation and its unwinding on
 * failure, pause counts, shutdown reasons, watchdogs, the reaper and the
 * accounting printed at destruction; references (get_domain_by_id(),
 * put_domain()): a domain destroyed while held is freed at the last put.  The scheduler, the arch hooks, the
 * timers and the allocator's free count are fakes that record what they
 * are asked; xzalloc() counts live allocations, so a leak shows.
 */
#include <stdlib.h>

#include "fakes.h"
#include "host.h"
#include <xenith/domain.h>
#include <xenith/errno.h>
#include <xenith/keyhandler.h>
#include <xenith/xmalloc.h>

DEFINE_PER_CPU(unsigned int, cpu_id);
DEFINE_PER_CPU(struct vcpu *, curr_vcpu);

/* The idle domain, made by group_setup() as scheduler_init() makes it. */
static struct domain *idle_dom;
static struct vcpu idle_vcpu;
static long baseline_allocs;

/* ---------------------------------------------------------------- fakes */

static unsigned long free_pages = 100000;

unsigned long total_free_pages(void)
{
    return free_pages;
}

/* The domain's pages: what the fake arch "allocated" comes back here. */
unsigned long relinquish_domheap_pages(struct domain *d)
{
    unsigned long n = d->tot_pages;

    free_pages += n;
    d->tot_pages = 0;
    return n;
}

static s_time_t now;
s_time_t get_s_time(void)
{
    return now;
}

static struct timer *armed[8];
static unsigned int nr_armed;

void init_timer(struct timer *t, void (*fn)(void *), void *data, unsigned int cpu)
{
    memset(t, 0, sizeof(*t));
    t->function = fn;
    t->data = data;
    t->cpu = cpu;
    t->expires = -1;
}

void set_timer(struct timer *t, s_time_t expires)
{
    t->expires = expires;
    if ( nr_armed < ARRAY_SIZE(armed) )
        armed[nr_armed++] = t;
}

void stop_timer(struct timer *t)
{
    t->expires = -1;
}

void kill_timer(struct timer *t)
{
    t->expires = -1;
    t->function = NULL;
}

static unsigned int sched_vcpus, wakes, sleeps, syncs;

int sched_init_vcpu(struct vcpu *v)
{
    sched_vcpus++;
    return 0;
}

void sched_destroy_vcpu(struct vcpu *v)
{
    sched_vcpus--;
}

int sched_init_domain(struct domain *d)
{
    return 0;
}

void sched_destroy_domain(struct domain *d)
{
}

/* Event channels (common/event_channel.c, tested on their own): a count. */
static int evtchn_domains;

int evtchn_domain_init(struct domain *d)
{
    evtchn_domains++;
    d->evtchn = (struct evtchn_domain *)&evtchn_domains;
    return 0;
}

/* VIRQs (event_channel.c): the domain code says when to send them. */
static unsigned int dom_exc_virqs, debug_virqs;

void send_global_virq(uint32_t virq)
{
    assert_int_equal(virq, VIRQ_DOM_EXC);
    dom_exc_virqs++;
}

void evtchn_send_debug_virqs(struct domain *d)
{
    debug_virqs++;
}

/* Ports closed at destruction (the domain still holds its table). */
static unsigned int evtchn_closes;

void evtchn_domain_close(struct domain *d)
{
    assert_true(d->is_dying);
    assert_non_null(d->evtchn);
    evtchn_closes++;
}

void evtchn_domain_destroy(struct domain *d)
{
    if ( d->evtchn )
        evtchn_domains--;
    d->evtchn = NULL;
}

/* vcpu_op.c and platform_op.c (xtf vcpu-op, test_vcpuop.c): counted. */
static int wallclock_updates, vcpu_info_unmaps;

void domain_wallclock_update(struct domain *d)
{
    wallclock_updates++;
}

void vcpu_unmap_vcpu_info(struct vcpu *v)
{
    vcpu_info_unmaps++;
}

/* Grant tables (common/grant_table.c): creation gives one, freeing ends it. */
static int grant_tables;

int grant_table_init(struct domain *d, unsigned int max_frames)
{
    grant_tables++;
    d->grant_table = (struct grant_table *)&grant_tables;
    return 0;
}

static unsigned int grant_releases;

void grant_table_release(struct domain *d)
{
    assert_true(d->is_dying);
    assert_non_null(d->grant_table);
    grant_releases++;
}

void grant_table_teardown(struct domain *d)
{
    if ( d->grant_table )
        grant_tables--;
    d->grant_table = NULL;
}

/* The PV console (common/pv_console.c, tested on its own): none here. */
void pv_console_destroy(struct domain *d)
{
    assert_null(d->pv_console);
}

void vcpu_wake(struct vcpu *v)
{
    wakes++;
}

void vcpu_sleep_nosync(struct vcpu *v)
{
    sleeps++;
}

void vcpu_sleep_sync(struct vcpu *v)
{
    assert_ptr_not_equal(v, this_cpu(curr_vcpu));
    syncs++;
}

static int fail_arch_domain, fail_vcpu_id = -1;
static unsigned int arch_domains, arch_vcpus, resets;

int arch_domain_create(struct domain *d, const struct domain_config *cfg)
{
    if ( fail_arch_domain )
        return fail_arch_domain;
    arch_domains++;
    /* As if stage 2 and the vGIC took 10 pages of the domain's. */
    d->tot_pages = 10;
    free_pages -= 10;
    return 0;
}

void arch_domain_destroy(struct domain *d)
{
    arch_domains--;
}

int arch_vcpu_create(struct vcpu *v)
{
    if ( (int)v->vcpu_id == fail_vcpu_id )
        return -ENOMEM;
    arch_vcpus++;
    return 0;
}

void arch_vcpu_destroy(struct vcpu *v)
{
    arch_vcpus--;
}

void arch_vcpu_reset(struct vcpu *v, uint64_t entry, uint64_t arg)
{
    resets++;
}

void arch_domain_dump(const struct domain *d)
{
    printk("    (arch state of d%u)\n", d->domain_id);
}

void arch_vcpu_show_state(const struct vcpu *v, bool full)
{
    printk("    (state of d%uv%u)\n", v->domain->domain_id, v->vcpu_id);
}

void smp_dump_cpus(void)
{
}

/* ---------------------------------------------------------------- helpers */

static struct domain *created[8];
static unsigned int nr_created;

static int setup(void **state)
{
    this_cpu(curr_vcpu) = &idle_vcpu;
    host_log_clear();
    fail_arch_domain = 0;
    fail_vcpu_id = -1;
    wakes = sleeps = syncs = resets = 0;
    dom_exc_virqs = debug_virqs = 0;
    evtchn_closes = grant_releases = 0;
    nr_armed = 0;
    nr_created = 0;
    return 0;
}

static struct domain *create(domid_t id, unsigned int vcpus)
{
    struct domain_config cfg = { .name = "test", .max_vcpus = vcpus, .max_pages = 1024 };
    struct domain *d = NULL;

    assert_int_equal(domain_create(id, &cfg, &d), 0);
    assert_non_null(d);
    created[nr_created++] = d;
    return d;
}

/* Destroy what the test left, then nothing may be left over. */
static int teardown(void **state)
{
    this_cpu(curr_vcpu) = &idle_vcpu;
    struct domain *d;

    while ( (d = get_next_domain(0)) != NULL )
    {
        domain_destroy(d);
        put_domain(d);
    }
    assert_int_equal(fake_live_allocs, baseline_allocs);
    assert_int_equal(sched_vcpus, 0);
    assert_int_equal(arch_vcpus, 0);
    assert_int_equal(arch_domains, 0);
    assert_int_equal(grant_tables, 0);
    assert_null(get_next_domain(0));
    return 0;
}

/* The id of the first domain at or above @from (-1: none), not kept. */
static int next_id(domid_t from)
{
    struct domain *d = get_next_domain(from);
    int id = d ? d->domain_id : -1;

    if ( d )
        put_domain(d);
    return id;
}

/* Whether get_domain_by_id(@id) finds @d, not kept. */
static bool finds(domid_t id, const struct domain *d)
{
    struct domain *found = get_domain_by_id(id);

    if ( found )
        put_domain(found);
    return found == d;
}

/* ---------------------------------------------------------------- tests */

static unsigned int for_each_calls;
static domid_t for_each_last;

static void count_domain(struct domain *d)
{
    for_each_calls++;
    for_each_last = d->domain_id;
}

/*
 * Guest areas (vcpu_op.c, platform_op.c): a new domain gets the wallclock,
 * each vCPU gives its vcpu_info page back when destroyed; domain_for_each()
 * skips a domain being destroyed.
 */
static void test_guest_areas(void **state)
{
    int updates = wallclock_updates, unmaps = vcpu_info_unmaps;
    struct domain *d = create(3, 2), *e = create(4, 1);

    assert_int_equal(wallclock_updates, updates + 2);
    for_each_calls = 0;
    domain_for_each(count_domain);
    assert_int_equal(for_each_calls, 2);
    e->is_dying = true;
    for_each_calls = 0;
    domain_for_each(count_domain);
    assert_int_equal(for_each_calls, 1);
    assert_int_equal(for_each_last, 3);
    e->is_dying = false;                /* teardown() destroys it */
    domain_destroy(d);
    assert_int_equal(vcpu_info_unmaps, unmaps + 2);
}

static void test_ids(void **state)
{
    struct domain_config cfg = { .name = "x", .max_vcpus = 1 };
    struct domain *d;

    assert_int_equal(domain_free_id(1), 1);
    create(1, 1);
    create(3, 1);
    create(2, 1);
    assert_int_equal(domain_free_id(0), 0);
    assert_int_equal(domain_free_id(1), 4);
    assert_int_equal(domain_free_id(3), 4);
    assert_int_equal(domain_free_id(5), 5);
    /* The list is sorted by id, whatever the order of creation. */
    assert_int_equal(next_id(0), 1);
    assert_int_equal(next_id(2), 2);
    assert_int_equal(next_id(3), 3);
    assert_int_equal(next_id(4), -1);
    assert_true(finds(3, created[1]));
    assert_true(finds(4, NULL));

    assert_int_equal(domain_create(2, &cfg, &d), -EEXIST);
    assert_int_equal(domain_create(DOMID_FIRST_RESERVED, &cfg, &d), -EINVAL);
    assert_int_equal(domain_create(DOMID_SELF, &cfg, &d), -EINVAL);
    cfg.max_vcpus = 0;
    assert_int_equal(domain_create(5, &cfg, &d), -EINVAL);
    cfg.max_vcpus = GUEST_MAX_VCPUS + 1;
    assert_int_equal(domain_create(5, &cfg, &d), -EINVAL);

    /* Ids run out just below the reserved ones. */
    create(DOMID_FIRST_RESERVED - 1, 1);
    assert_int_equal(domain_free_id(DOMID_FIRST_RESERVED - 1), DOMID_INVALID);
    assert_int_equal(domain_free_id(DOMID_FIRST_RESERVED - 2), DOMID_FIRST_RESERVED - 2);
}

static void test_created_paused(void **state)
{
    struct domain *d = create(7, 4);

    assert_int_equal(d->pause_count, 1);
    assert_int_equal(d->max_vcpus, 4);
    assert_string_equal(d->name, "test");
    assert_int_equal(d->shutdown_code, SHUTDOWN_CODE_INVALID);
    for ( unsigned int i = 0; i < 4; i++ )
    {
        assert_non_null(d->vcpu[i]);
        assert_int_equal(d->vcpu[i]->vcpu_id, i);
        assert_ptr_equal(d->vcpu[i]->domain, d);
        /* vCPU 0 starts; the others wait for CPU_ON. */
        assert_int_equal(d->vcpu[i]->pause_flags, i ? VPF_down : 0);
    }
    assert_int_equal(sched_vcpus, 4);

    domain_unpause(d);
    assert_int_equal(wakes, 4);
    domain_pause(d);
    assert_int_equal(syncs, 4);
    domain_pause_nosync(d);
    domain_unpause(d);
    assert_int_equal(wakes, 4);         /* still paused once */
    domain_unpause(d);
    assert_int_equal(wakes, 8);
}

static void test_create_unwinds(void **state)
{
    struct domain_config cfg = { .name = "bad", .max_vcpus = 4, .max_pages = 64 };
    unsigned long before = free_pages;
    struct domain *d = NULL;

    /* A vCPU that cannot be made: everything made before goes again. */
    fail_vcpu_id = 2;
    assert_int_equal(domain_create(9, &cfg, &d), -ENOMEM);
    assert_true(finds(9, NULL));
    assert_int_equal(free_pages, before);

    /* The arch half fails: it undid itself, nothing else is left. */
    fail_vcpu_id = -1;
    fail_arch_domain = -ENODEV;
    assert_int_equal(domain_create(9, &cfg, &d), -ENODEV);
    assert_true(finds(9, NULL));
    /* teardown() checks allocations, vCPUs and arch state. */
}

static void test_shutdown(void **state)
{
    struct domain *d = create(1, 2);

    /* SCHEDOP_shutdown_code first: the later shutdown reports that reason. */
    domain_set_shutdown_code(d, SHUTDOWN_suspend);
    domain_set_shutdown_code(d, SHUTDOWN_crash);
    domain_shutdown(d, SHUTDOWN_poweroff);
    assert_true(d->is_shutting_down);
    assert_int_equal(d->shutdown_code, SHUTDOWN_suspend);
    assert_true(host_log_contains("Domain 1 (test) shutdown: reason suspend (2)"));
    assert_int_equal(dom_exc_virqs, 1);
    /* Every vCPU is paused for good, without waiting. */
    assert_int_equal(d->vcpu[0]->pause_count, 1);
    assert_int_equal(d->vcpu[1]->pause_count, 1);
    assert_int_equal(sleeps, 2);
    assert_int_equal(syncs, 0);
    /* A second shutdown changes nothing. */
    host_log_clear();
    domain_shutdown(d, SHUTDOWN_reboot);
    assert_int_equal(d->shutdown_code, SHUTDOWN_suspend);
    assert_false(host_log_contains("shutdown"));
    assert_int_equal(dom_exc_virqs, 1);
}

/* The reaper's is the armed timer without data (watchdogs have theirs). */
static void run_armed_reaper(void)
{
    struct timer *reaper = NULL;

    for ( unsigned int i = 0; i < nr_armed; i++ )
        if ( armed[i]->function && !armed[i]->data && armed[i]->expires >= 0 )
            reaper = armed[i];
    if ( !reaper )
        fail_msg("the reaper is not armed");
    reaper->expires = -1;
    reaper->function(NULL);
}

static void assert_destroyed_line(domid_t id, unsigned long free_before)
{
    char line[160];

    snprintf(line, sizeof(line), "Domain %u (test) destroyed: 10 pages returned; "
             "free pages %lu before creation, %lu after destruction", id,
             free_before, free_before);
    assert_true(host_log_contains(line));
}

static void test_reaper_and_accounting(void **state)
{
    unsigned long before = free_pages;
    struct domain *d = create(4, 2);
    struct domain *other = create(5, 1);

    assert_int_equal(free_pages, before - 20);
    /* Shut down by its own vCPU: the reaper waits until it is off the pCPU. */
    this_cpu(curr_vcpu) = d->vcpu[0];
    nr_armed = 0;
    domain_shutdown(d, SHUTDOWN_reboot);
    domain_shutdown(other, SHUTDOWN_poweroff);
    run_armed_reaper();
    assert_true(finds(4, d));                       /* still there */
    assert_true(finds(5, NULL));                    /* destroyed */
    assert_int_equal(dom_exc_virqs, 3);             /* two shutdowns, one death */
    assert_destroyed_line(5, before - 10);
    /* ... and comes back for it once its vCPU has left. */
    this_cpu(curr_vcpu) = &idle_vcpu;
    host_log_clear();
    run_armed_reaper();
    assert_true(finds(4, NULL));
    assert_int_equal(free_pages, before);
    assert_destroyed_line(4, before);
}

/*
 * A hypercall of another domain looked @d up just before the reaper
 * destroyed it: @d is dying (no lookup finds it, get_domain() fails), its
 * ports and mappings are disconnected, but its memory and struct stay
 * until that holder's last put_domain(), which frees them and prints the
 * accounting then.
 */
static void test_lookup_racing_destroy(void **state)
{
    unsigned long before = free_pages;
    struct domain *d = create(3, 2), *held = get_domain_by_id(3);

    assert_ptr_equal(held, d);
    domain_shutdown(d, SHUTDOWN_poweroff);
    run_armed_reaper();
    assert_true(d->is_dying);
    assert_true(finds(3, NULL));
    assert_int_equal(next_id(0), -1);
    assert_false(get_domain(d));
    assert_int_equal(evtchn_closes, 1);
    assert_int_equal(grant_releases, 1);
    /* Still whole for its holder: nothing freed, nothing printed. */
    assert_false(host_log_contains("destroyed"));
    assert_int_equal(arch_domains, 1);
    assert_int_equal(arch_vcpus, 2);
    assert_int_equal(sched_vcpus, 2);
    assert_non_null(d->evtchn);
    assert_non_null(d->grant_table);
    assert_int_equal(free_pages, before - 10);
    assert_int_equal(dom_exc_virqs, 1);             /* the shutdown's */
    /* A holder may take one more: that keeps it too. */
    get_knownalive_domain(held);
    put_domain(held);
    assert_int_equal(arch_domains, 1);
    /* The last put frees it. */
    put_domain(held);
    assert_int_equal(arch_domains, 0);
    assert_int_equal(arch_vcpus, 0);
    assert_int_equal(free_pages, before);
    assert_destroyed_line(3, before);
    assert_int_equal(dom_exc_virqs, 2);             /* and the death's */
}

/*
 * References of a live domain come and go without freeing it; its id is
 * free again once it is destroyed, even while a holder keeps it, and
 * lookups find only the new domain.
 */
static void test_references(void **state)
{
    struct domain *old = create(5, 1), *held, *new;

    assert_true(get_domain(old));
    put_domain(old);
    held = get_domain_by_id(5);
    assert_ptr_equal(held, old);
    domain_destroy(old);
    assert_false(host_log_contains("destroyed"));
    assert_int_equal(domain_free_id(5), 5);
    new = create(5, 1);
    assert_ptr_not_equal(new, old);
    assert_true(finds(5, new));
    assert_int_equal(arch_domains, 2);
    put_domain(held);
    assert_true(host_log_contains("Domain 5 (test) destroyed: 10 pages returned"));
    assert_int_equal(arch_domains, 1);
    assert_true(finds(5, new));
}

static void test_watchdog(void **state)
{
    struct domain *d = create(1, 1);

    now = 1000;
    assert_int_equal(domain_watchdog(d, 0, 60), 1);
    assert_int_equal(d->watchdog_timer[0].expires, 1000 + SECONDS(60));
    assert_int_equal(domain_watchdog(d, 0, 30), 2);
    assert_int_equal(domain_watchdog(d, 0, 30), -ENOSPC);
    assert_int_equal(domain_watchdog(d, 3, 30), -EINVAL);
    /* Poke, destroy, then the id is gone and reusable. */
    assert_int_equal(domain_watchdog(d, 1, 5), 0);
    assert_int_equal(d->watchdog_timer[0].expires, 1000 + SECONDS(5));
    assert_int_equal(domain_watchdog(d, 1, 0), 0);
    assert_int_equal(d->watchdog_timer[0].expires, -1);
    assert_int_equal(domain_watchdog(d, 1, 5), -EINVAL);
    assert_int_equal(domain_watchdog(d, 0, 5), 1);

    /* It fires: the domain shuts down with reason watchdog. */
    d->watchdog_timer[1].function(d->watchdog_timer[1].data);
    assert_true(host_log_contains("Watchdog timer fired for domain 1"));
    assert_true(host_log_contains("Domain 1 (test) shutdown: reason watchdog (4)"));
    assert_int_equal(d->shutdown_code, SHUTDOWN_watchdog);
}

static void test_crash(void **state)
{
    struct domain *d = create(2, 2);

    this_cpu(curr_vcpu) = d->vcpu[1];
    domain_crash(d);
    assert_true(host_log_contains("domain_crash called from "));
    assert_true(host_log_contains("Domain 2 (vcpu#1) crashed on cpu#0:"));
    assert_true(host_log_contains("(state of d2v1)"));
    assert_true(host_log_contains("Domain 2 (test) shutdown: reason crash (3)"));
    /* Crashing it again says so but shows nothing more. */
    host_log_clear();
    this_cpu(curr_vcpu) = &idle_vcpu;
    domain_crash(d);
    assert_true(host_log_contains("domain_crash called from "));
    assert_false(host_log_contains("crashed on"));
}

static void test_vcpu_up(void **state)
{
    struct domain *d = create(3, 2);

    /* vCPU 0 is not down: CPU_ON of it is refused. */
    assert_int_equal(vcpu_up(d->vcpu[0], 0x40000000, 1), -EBUSY);
    assert_int_equal(vcpu_up(d->vcpu[1], 0x40000000, 1), 0);
    assert_int_equal(resets, 1);
    assert_int_equal(d->vcpu[1]->pause_flags, 0);
    assert_int_equal(vcpu_up(d->vcpu[1], 0x40000000, 1), -EBUSY);
    /* It goes down itself (CPU_OFF) and may come up again. */
    this_cpu(curr_vcpu) = d->vcpu[1];
    vcpu_down_self();
    this_cpu(curr_vcpu) = &idle_vcpu;
    assert_int_equal(d->vcpu[1]->pause_flags, VPF_down);
    assert_int_equal(vcpu_up(d->vcpu[1], 0x40001000, 2), 0);
    assert_int_equal(resets, 2);
}

static void test_dump(void **state)
{
    struct domain *d = create(6, 2);

    debug_virqs = 0;
    handle_keypress('q');
    assert_int_equal(debug_virqs, 1);
    assert_true(host_log_contains("Domain 6 (test): 10 pages (max 1024), 2 vCPU(s), "
                                  "pause count 1, running"));
    assert_true(host_log_contains("    (arch state of d6)"));
    assert_true(host_log_contains("  d6v0: pCPU 0, paused"));
    assert_true(host_log_contains("  d6v1: pCPU 0, down"));
    domain_shutdown(d, SHUTDOWN_poweroff);
    host_log_clear();
    handle_keypress('q');
    assert_true(host_log_contains("pause count 1, shut down: poweroff"));
}

static int group_setup(void **state)
{
    struct domain_config cfg = { .name = "idle", .max_vcpus = 1 };

    assert_int_equal(domain_create(DOMID_IDLE, &cfg, &idle_dom), 0);
    assert_int_equal(idle_dom->pause_count, 0);
    idle_vcpu.domain = idle_dom;
    baseline_allocs = fake_live_allocs;
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_ids, setup, teardown),
        cmocka_unit_test_setup_teardown(test_created_paused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_create_unwinds, setup, teardown),
        cmocka_unit_test_setup_teardown(test_shutdown, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reaper_and_accounting, setup, teardown),
        cmocka_unit_test_setup_teardown(test_lookup_racing_destroy, setup, teardown),
        cmocka_unit_test_setup_teardown(test_references, setup, teardown),
        cmocka_unit_test_setup_teardown(test_watchdog, setup, teardown),
        cmocka_unit_test_setup_teardown(test_crash, setup, teardown),
        cmocka_unit_test_setup_teardown(test_vcpu_up, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dump, setup, teardown),
        cmocka_unit_test_setup_teardown(test_guest_areas, setup, teardown),
    };

    return cmocka_run_group_tests(tests, group_setup, NULL);
}
