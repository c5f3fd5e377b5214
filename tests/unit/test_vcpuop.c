/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests of runstate accounting (common/runstate.c), vm_assist
 * (common/vm_assist.c) and platform_op's wallclock (common/platform_op.c).
 * One fake domain with two vCPUs; guest memory is a buffer at a fake
 * address, and every copy to it is logged so that the order of the
 * runstate area's writes (update flag first and last) can be checked.
 */
#include "fakes.h"
#include "host.h"
#include <xenith/domain.h>
#include <xenith/errno.h>
#include <xenith/guest_access.h>
#include <xenith/hypercall.h>
#include <xenith/sched.h>
#include <public/platform.h>

#define MAX_COPIES  8

DEFINE_PER_CPU(unsigned int, cpu_id);
DEFINE_PER_CPU(struct vcpu *, curr_vcpu);

static struct domain dom, dom2, idle_dom = { .domain_id = DOMID_IDLE };
static struct vcpu v0, v1, idle_v;
static struct vcpu *vcpus[2] = { &v0, &v1 };
static struct shared_info shinfo, shinfo2;

/* Each copy to the guest: where, how long, and the first byte written. */
static struct {
    uint64_t gva;
    size_t len;
    uint8_t first;
} copies[MAX_COPIES];
static unsigned int nr_copies;

static void record_copy(uint64_t gva, const void *src, size_t len)
{
    if ( nr_copies < MAX_COPIES )
        copies[nr_copies++] = (typeof(copies[0])){ gva, len, *(const uint8_t *)src };
}

void domain_for_each(void (*fn)(struct domain *d))
{
    fn(&dom);
    fn(&dom2);
}

static int setup(void **state)
{
    dom = (struct domain){ .domain_id = 1, .max_vcpus = 2, .vcpu = vcpus,
                           .shared_info = &shinfo };
    dom2 = (struct domain){ .domain_id = 2, .shared_info = &shinfo2 };
    v0 = (struct vcpu){ .vcpu_id = 0, .domain = &dom };
    v1 = (struct vcpu){ .vcpu_id = 1, .domain = &dom, .pause_flags = VPF_down };
    idle_v = (struct vcpu){ .domain = &idle_dom };
    memset(&shinfo, 0, sizeof(shinfo));
    memset(&shinfo2, 0, sizeof(shinfo2));
    memset(fake_guest_mem, 0, sizeof(fake_guest_mem));
    nr_copies = 0;
    fake_copy_to_guest_hook = record_copy;
    this_cpu(curr_vcpu) = &v0;
    return 0;
}

/* ---------------------------------------------------------------- runstate */

static void test_runstate_init(void **state)
{
    vcpu_runstate_init(&idle_v, 100);
    assert_int_equal(idle_v.runstate.state, RUNSTATE_running);
    vcpu_runstate_init(&v1, 200);
    assert_int_equal(v1.runstate.state, RUNSTATE_offline);
    assert_int_equal(v1.runstate.state_entry_time, 200);
    for ( unsigned int i = 0; i < 4; i++ )
        assert_int_equal(v1.runstate.time[i], 0);
}

static void test_runstate_change(void **state)
{
    struct vcpu_runstate_info rs;

    vcpu_runstate_init(&v0, 1000);
    vcpu_runstate_change(&v0, RUNSTATE_runnable, 1500);
    vcpu_runstate_change(&v0, RUNSTATE_running, 1600);
    /* The same state again changes nothing. */
    vcpu_runstate_change(&v0, RUNSTATE_running, 1700);
    vcpu_runstate_change(&v0, RUNSTATE_blocked, 2600);
    assert_int_equal(v0.runstate.time[RUNSTATE_offline], 500);
    assert_int_equal(v0.runstate.time[RUNSTATE_runnable], 100);
    assert_int_equal(v0.runstate.time[RUNSTATE_running], 1000);
    assert_int_equal(v0.runstate.state, RUNSTATE_blocked);
    assert_int_equal(v0.runstate.state_entry_time, 2600);
    /* Even: no change in progress. */
    assert_int_equal(v0.runstate_seq % 2, 0);
    assert_int_not_equal(v0.runstate_seq, 0);

    /* A clock behind the entry time accounts nothing, keeps the entry time. */
    vcpu_runstate_change(&v0, RUNSTATE_runnable, 2000);
    assert_int_equal(v0.runstate.state, RUNSTATE_runnable);
    assert_int_equal(v0.runstate.state_entry_time, 2600);
    assert_int_equal(v0.runstate.time[RUNSTATE_blocked], 0);

    /* get adds the time in the current state up to now. */
    vcpu_runstate_get(&v0, &rs, 3000);
    assert_int_equal(rs.time[RUNSTATE_runnable], 500);
    assert_int_equal(v0.runstate.time[RUNSTATE_runnable], 100);
    vcpu_runstate_get(&v0, &rs, 10);
    assert_int_equal(rs.time[RUNSTATE_runnable], 100);
}

static void test_runstate_transitions(void **state)
{
    vcpu_runstate_init(&v0, 0);
    /* Woken while not runnable (paused, not blocked): stays offline. */
    v0.pause_count = 1;
    vcpu_runstate_wake(&v0, 10);
    assert_int_equal(v0.runstate.state, RUNSTATE_offline);
    v0.pause_count = 0;
    vcpu_runstate_wake(&v0, 20);
    assert_int_equal(v0.runstate.state, RUNSTATE_runnable);
    /* Paused while waiting for a pCPU: offline. */
    dom.pause_count = 1;
    vcpu_runstate_sleep(&v0, 30);
    assert_int_equal(v0.runstate.state, RUNSTATE_offline);
    dom.pause_count = 0;
    vcpu_runstate_wake(&v0, 40);
    assert_int_equal(v0.runstate.state, RUNSTATE_runnable);
    /* A runnable vCPU is not put to sleep. */
    vcpu_runstate_sleep(&v0, 45);
    assert_int_equal(v0.runstate.state, RUNSTATE_runnable);

    vcpu_runstate_init(&idle_v, 0);
    vcpu_runstate_switch(&idle_v, &v0, 50);
    assert_int_equal(v0.runstate.state, RUNSTATE_running);
    assert_int_equal(idle_v.runstate.state, RUNSTATE_runnable);
    /* Runnable 20..30 and 40..50. */
    assert_int_equal(v0.runstate.time[RUNSTATE_runnable], 20);

    /* WFI: blocked when switched out, runnable when the event comes. */
    v0.pause_flags = VPF_blocked;
    vcpu_runstate_switch(&v0, &idle_v, 60);
    assert_int_equal(v0.runstate.state, RUNSTATE_blocked);
    assert_int_equal(v0.runstate.time[RUNSTATE_running], 10);
    v0.pause_flags = 0;
    vcpu_runstate_wake(&v0, 70);
    assert_int_equal(v0.runstate.state, RUNSTATE_runnable);
    vcpu_runstate_switch(&idle_v, &v0, 80);

    /* Blocked, then paused and unblocked: offline. */
    v0.pause_flags = VPF_blocked;
    vcpu_runstate_switch(&v0, &idle_v, 90);
    v0.pause_flags = 0;
    v0.pause_count = 1;
    vcpu_runstate_wake(&v0, 100);
    assert_int_equal(v0.runstate.state, RUNSTATE_offline);
    v0.pause_count = 0;

    /* Switched out while still runnable (its slice ended), or gone down. */
    vcpu_runstate_wake(&v0, 110);
    vcpu_runstate_switch(&idle_v, &v0, 120);
    vcpu_runstate_switch(&v0, &idle_v, 130);
    assert_int_equal(v0.runstate.state, RUNSTATE_runnable);
    vcpu_runstate_switch(&idle_v, &v0, 140);
    v0.pause_flags = VPF_down;
    vcpu_runstate_switch(&v0, &idle_v, 150);
    assert_int_equal(v0.runstate.state, RUNSTATE_offline);
}

static void test_runstate_to_guest(void **state)
{
    const struct vcpu_runstate_info *area = (void *)fake_guest_mem;
    const size_t top = offsetof(struct vcpu_runstate_info, state_entry_time) + 7;

    vcpu_runstate_init(&v0, 0x1234);
    /* Nothing registered: nothing copied. */
    vcpu_runstate_to_guest(&v0);
    assert_int_equal(nr_copies, 0);

    v0.runstate_guest = GUEST_VA;
    vcpu_runstate_change(&v0, RUNSTATE_running, 0x5678);
    vcpu_runstate_to_guest(&v0);
    assert_int_equal(nr_copies, 1);
    assert_int_equal(area->state, RUNSTATE_running);
    assert_int_equal(area->state_entry_time, 0x5678);
    assert_int_equal(area->time[RUNSTATE_offline], 0x5678 - 0x1234);

    /* The update flag: set in the top byte, the whole copy, then cleared. */
    nr_copies = 0;
    dom.vm_assist = 1UL << VMASST_TYPE_runstate_update_flag;
    vcpu_runstate_change(&v0, RUNSTATE_blocked, 0x9000);
    vcpu_runstate_to_guest(&v0);
    assert_int_equal(nr_copies, 3);
    assert_int_equal(copies[0].gva, GUEST_VA + top);
    assert_int_equal(copies[0].len, 1);
    assert_int_equal(copies[0].first, 0x80);
    assert_int_equal(copies[1].gva, GUEST_VA);
    assert_int_equal(copies[1].len, sizeof(struct vcpu_runstate_info));
    assert_int_equal(copies[2].gva, GUEST_VA + top);
    assert_int_equal(copies[2].first, 0);
    assert_int_equal(area->state_entry_time, 0x9000);
    assert_int_equal(area->state, RUNSTATE_blocked);

    /* A bad address: the copy fails, nothing else happens. */
    nr_copies = 0;
    dom.vm_assist = 0;
    v0.runstate_guest = 0x10;
    vcpu_runstate_to_guest(&v0);
    assert_int_equal(nr_copies, 1);
    assert_int_equal(area->state, RUNSTATE_blocked);
}

/* ---------------------------------------------------------------- vm_assist */

static void test_vm_assist(void **state)
{
    const unsigned long flag = 1UL << VMASST_TYPE_runstate_update_flag;

    for ( unsigned int type = 0; type < 80; type++ )
        if ( type != VMASST_TYPE_runstate_update_flag )
        {
            assert_int_equal(do_vm_assist(VMASST_CMD_enable, type), -EINVAL);
            assert_int_equal(do_vm_assist(7, type), -EINVAL);
        }
    assert_int_equal(do_vm_assist(~0U, ~0U), -EINVAL);
    assert_int_equal(dom.vm_assist, 0);
    assert_int_equal(do_vm_assist(2, VMASST_TYPE_runstate_update_flag), -ENOSYS);
    assert_int_equal(do_vm_assist(VMASST_CMD_enable, VMASST_TYPE_runstate_update_flag), 0);
    assert_int_equal(dom.vm_assist, flag);
    assert_int_equal(do_vm_assist(VMASST_CMD_enable, VMASST_TYPE_runstate_update_flag), 0);
    assert_int_equal(dom.vm_assist, flag);
    assert_int_equal(do_vm_assist(VMASST_CMD_disable, VMASST_TYPE_runstate_update_flag), 0);
    assert_int_equal(dom.vm_assist, 0);
}

/* ---------------------------------------------------------------- platform_op */

static long settime(uint32_t version, uint64_t secs, uint32_t nsecs, uint32_t mbz,
                    uint64_t system_time)
{
    struct xen_platform_op op = {
        .cmd = XENPF_settime64, .interface_version = version,
        .u.settime64 = { .secs = secs, .nsecs = nsecs, .mbz = mbz,
                         .system_time = system_time },
    };

    memcpy(fake_guest_mem, &op, sizeof(op));
    return do_platform_op(GUEST_VA);
}

static void test_platform_op_refusals(void **state)
{
    struct xen_platform_op op = { .cmd = 0xdead, .interface_version = XENPF_INTERFACE_VERSION };

    assert_int_equal(do_platform_op(0x10), -EFAULT);
    assert_int_equal(settime(XENPF_INTERFACE_VERSION - 1, 1, 0, 0, 0), -EACCES);
    /* The version is checked before the caller's privilege. */
    assert_int_equal(settime(XENPF_INTERFACE_VERSION, 1, 0, 0, 0), -EPERM);
    dom.is_privileged = true;
    assert_int_equal(settime(0, 1, 0, 0, 0), -EACCES);
    assert_int_equal(settime(XENPF_INTERFACE_VERSION, 1, 0, 1, 0), -EINVAL);
    memcpy(fake_guest_mem, &op, sizeof(op));
    assert_int_equal(do_platform_op(GUEST_VA), -ENOSYS);
    /* None of these touched the wallclock. */
    assert_int_equal(shinfo.wc_version, 0);
}

static void test_settime(void **state)
{
    dom.is_privileged = true;
    /* A new domain: the wallclock as it is (never set: 0), version 2. */
    domain_wallclock_update(&dom);
    assert_int_equal(shinfo.wc_version, 2);
    assert_int_equal(shinfo.wc_sec, 0);
    assert_int_equal(shinfo.wc_nsec, 0);

    /* At system time 2.0000007 s it was 1700000000.0000005: at 0, ... */
    assert_int_equal(settime(XENPF_INTERFACE_VERSION, 1700000000, 500, 0, 2000000700), 0);
    assert_int_equal(shinfo.wc_sec, 1699999997);
    assert_int_equal(shinfo.wc_nsec, 999999800);
    assert_int_equal(shinfo.wc_sec_hi, 0);
    assert_int_equal(shinfo.wc_version, 4);
    /* Every domain gets it. */
    assert_int_equal(shinfo2.wc_sec, 1699999997);
    assert_int_equal(shinfo2.wc_version, 2);

    /* Seconds past 2^32 go to wc_sec_hi. */
    assert_int_equal(settime(XENPF_INTERFACE_VERSION, (1ULL << 32) + 7, 0, 0, 0), 0);
    assert_int_equal(shinfo.wc_sec, 7);
    assert_int_equal(shinfo.wc_sec_hi, 1);
    assert_int_equal(shinfo.wc_version, 6);

    /* An odd version (a guest's leftover) still ends even. */
    shinfo2.wc_version = 9;
    domain_wallclock_update(&dom2);
    assert_int_equal(shinfo2.wc_version, 12);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_runstate_init, setup),
        cmocka_unit_test_setup(test_runstate_change, setup),
        cmocka_unit_test_setup(test_runstate_transitions, setup),
        cmocka_unit_test_setup(test_runstate_to_guest, setup),
        cmocka_unit_test_setup(test_vm_assist, setup),
        cmocka_unit_test_setup(test_platform_op_refusals, setup),
        cmocka_unit_test_setup(test_settime, setup),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
