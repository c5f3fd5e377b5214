/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests of multicall (common/multicall.c) against a fake hypercall
 * table: op 1 adds its first two arguments, op 2 asks for a continuation
 * the first time (as traps.c's hypercall_create_continuation() does: its
 * arguments into the guest frame, ELR back onto the HVC), op 13 is the
 * multicall itself.  Guest memory is a buffer at a fake address.
 */
#include "fakes.h"
#include "host.h"
#include <xenith/errno.h>
#include <xenith/guest_access.h>
#include <xenith/hypercall.h>
#include <xenith/sched.h>
#include <asm/regs.h>

#define HVC_PC      0x40080004UL        /* ELR after the guest's HVC */
#define OP_ADD      1
#define OP_RESTART  2

DEFINE_PER_CPU(unsigned int, cpu_id);
DEFINE_PER_CPU(struct vcpu *, curr_vcpu);

static struct domain dom;
static struct vcpu v0;
static struct cpu_user_regs frame;
static struct multicall_entry *const entries = (void *)fake_guest_mem;
static unsigned int preempt_at, preempt_checks;
static uint64_t cont_args[HYPERCALL_MAX_ARGS];
static unsigned int cont_nr_args;
static uint64_t cont_elr;

struct cpu_user_regs *host_guest_cpu_user_regs(struct vcpu *v)
{
    assert_ptr_equal(v, &v0);
    return &frame;
}

/* True at the preempt_at-th check (1-based); 0: never. */
bool hypercall_preempt_check(void)
{
    return ++preempt_checks == preempt_at;
}

/* As traps.c: arguments into the frame, back onto the HVC. */
long hypercall_create_continuation(unsigned int nr_args,
                                   const uint64_t args[HYPERCALL_MAX_ARGS])
{
    for ( unsigned int i = 0; i < nr_args; i++ )
        frame.x[i] = args[i];
    frame.elr -= 4;
    return -ERESTART;
}

long hypercall_dispatch(unsigned long nr, const uint64_t args[HYPERCALL_MAX_ARGS],
                        unsigned int *nr_args)
{
    uint64_t more[HYPERCALL_MAX_ARGS] = { args[0] + 100 };

    *nr_args = 2;
    switch ( nr )
    {
    case OP_ADD:
        return (long)(args[0] + args[1]);
    case OP_RESTART:
        /* The rest of the sub-call's arguments are its own, from the frame. */
        assert_int_equal(frame.x[1], args[1]);
        if ( args[0] >= 100 )
            return (long)args[0];
        return hypercall_create_continuation(1, more);
    case __HYPERVISOR_multicall:
        return do_multicall(args[0], (uint32_t)args[1]);
    default:
        *nr_args = 0;
        return -ENOSYS;
    }
}

static int setup(void **state)
{
    v0 = (struct vcpu){ .domain = &dom };
    this_cpu(curr_vcpu) = &v0;
    memset(fake_guest_mem, 0, sizeof(fake_guest_mem));
    memset(&frame, 0, sizeof(frame));
    frame.elr = HVC_PC;
    frame.x[0] = GUEST_VA;
    frame.x[16] = __HYPERVISOR_multicall;
    preempt_at = preempt_checks = 0;
    return 0;
}

static void set_entry(unsigned int i, uint64_t op, uint64_t a0, uint64_t a1)
{
    entries[i] = (struct multicall_entry){ .op = op, .result = 0x5a5a, .args = { a0, a1 } };
}

/* The multicall the guest issued, its continuation taken if it made one. */
static long multicall(uint64_t list, uint32_t nr)
{
    long rc;

    frame.x[0] = list;
    frame.x[1] = nr;
    rc = do_multicall(list, nr);
    if ( rc == -ERESTART )
    {
        cont_nr_args = 2;
        cont_args[0] = frame.x[0];
        cont_args[1] = frame.x[1];
        cont_elr = frame.elr;
        frame.elr = HVC_PC;
    }
    return rc;
}

static void test_results(void **state)
{
    set_entry(0, OP_ADD, 2, 3);
    set_entry(1, 77, 0, 0);
    set_entry(2, __HYPERVISOR_multicall, GUEST_VA, 1);
    set_entry(3, OP_ADD, 40, 2);
    assert_int_equal(multicall(GUEST_VA, 4), 0);
    assert_int_equal(entries[0].result, 5);
    assert_int_equal(entries[1].result, (uint64_t)-ENOSYS);
    /* Nested: refused in its entry, the outer one goes on. */
    assert_int_equal(entries[2].result, (uint64_t)-EINVAL);
    assert_int_equal(entries[3].result, 42);
    assert_int_equal(entries[3].op, OP_ADD);
    assert_false(v0.in_multicall);
    /* The guest's frame is as it was: x0 is the hypercall's result slot. */
    assert_int_equal(frame.x[0], GUEST_VA);
    assert_int_equal(frame.elr, HVC_PC);
    /* Preemption is never checked before the first entry. */
    assert_int_equal(preempt_checks, 3);
}

static void test_bad_lists(void **state)
{
    uint64_t last = GUEST_VA + GUEST_SIZE - sizeof(struct multicall_entry);

    assert_int_equal(multicall(0x10, 1), -EFAULT);
    assert_int_equal(multicall(0x10, 0), 0);
    assert_false(v0.in_multicall);
    /* The first entry runs, the second is past guest memory. */
    set_entry((GUEST_SIZE / sizeof(struct multicall_entry)) - 1, OP_ADD, 1, 1);
    assert_int_equal(multicall(last, 2), -EFAULT);
    assert_int_equal(entries[GUEST_SIZE / sizeof(struct multicall_entry) - 1].result, 2);
    assert_false(v0.in_multicall);
}

static void test_preempted(void **state)
{
    for ( unsigned int i = 0; i < 5; i++ )
        set_entry(i, OP_ADD, i, 0);
    preempt_at = 2;             /* before the third entry */
    assert_int_equal(multicall(GUEST_VA, 5), -ERESTART);
    assert_int_equal(cont_args[0], GUEST_VA + 2 * sizeof(struct multicall_entry));
    assert_int_equal(cont_args[1], 3);
    assert_int_equal(cont_elr, HVC_PC - 4);
    assert_int_equal(entries[1].result, 1);
    assert_int_equal(entries[2].result, 0x5a5a);
    assert_false(v0.in_multicall);

    assert_int_equal(multicall(cont_args[0], (uint32_t)cont_args[1]), 0);
    assert_int_equal(entries[4].result, 4);
}

static void test_subcall_continuation(void **state)
{
    set_entry(0, OP_ADD, 1, 2);
    set_entry(1, OP_RESTART, 5, 6);
    set_entry(2, OP_ADD, 3, 4);
    assert_int_equal(multicall(GUEST_VA, 3), -ERESTART);
    /* The sub-call's continuation is in its entry; the batch resumes there. */
    assert_int_equal(entries[1].args[0], 105);
    assert_int_equal(entries[1].args[1], 6);
    assert_int_equal(entries[1].result, 0x5a5a);
    assert_int_equal(entries[2].result, 0x5a5a);
    assert_int_equal(cont_args[0], GUEST_VA + sizeof(struct multicall_entry));
    assert_int_equal(cont_args[1], 2);
    /* ELR stepped back once, by the multicall's continuation only. */
    assert_int_equal(cont_elr, HVC_PC - 4);

    assert_int_equal(multicall(cont_args[0], (uint32_t)cont_args[1]), 0);
    assert_int_equal(entries[1].result, 105);
    assert_int_equal(entries[2].result, 7);
    assert_int_equal(frame.elr, HVC_PC);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_results, setup),
        cmocka_unit_test_setup(test_bad_lists, setup),
        cmocka_unit_test_setup(test_preempted, setup),
        cmocka_unit_test_setup(test_subcall_continuation, setup),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
