/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The event_channel_op hypercall: the argument of each EVTCHNOP_* copied
 * in from the guest (-EFAULT for a bad pointer, -ENOSYS for an unknown
 * command), evtchn_op() (event_channel.c) run on it, the results copied
 * back only on success as Xen does, and EVTCHNOP_reset's continuation
 * (EVTCHNOP_reset_cont with the same argument) made when it stops.
 */
#include <xenith/errno.h>
#include <xenith/event.h>
#include <xenith/guest_access.h>
#include <xenith/hypercall.h>
#include <xenith/lib.h>
#include <xenith/sched.h>

/* Argument size of each command; 0 for unknown ones. */
static size_t evtchn_op_size(unsigned int cmd)
{
    static const size_t size[] = {
        [EVTCHNOP_bind_interdomain] = sizeof(struct evtchn_bind_interdomain),
        [EVTCHNOP_bind_virq] = sizeof(struct evtchn_bind_virq),
        [EVTCHNOP_bind_pirq] = sizeof(struct evtchn_bind_pirq),
        [EVTCHNOP_close] = sizeof(struct evtchn_close),
        [EVTCHNOP_send] = sizeof(struct evtchn_send),
        [EVTCHNOP_status] = sizeof(struct evtchn_status),
        [EVTCHNOP_alloc_unbound] = sizeof(struct evtchn_alloc_unbound),
        [EVTCHNOP_bind_ipi] = sizeof(struct evtchn_bind_ipi),
        [EVTCHNOP_bind_vcpu] = sizeof(struct evtchn_bind_vcpu),
        [EVTCHNOP_unmask] = sizeof(struct evtchn_unmask),
        [EVTCHNOP_reset] = sizeof(struct evtchn_reset),
        [EVTCHNOP_init_control] = sizeof(struct evtchn_init_control),
        [EVTCHNOP_expand_array] = sizeof(struct evtchn_expand_array),
        [EVTCHNOP_set_priority] = sizeof(struct evtchn_set_priority),
        [EVTCHNOP_reset_cont] = sizeof(struct evtchn_reset),
    };

    return cmd < ARRAY_SIZE(size) ? size[cmd] : 0;
}

/* Whether @cmd writes results back (Xen copies them only on success). */
static bool evtchn_op_has_output(unsigned int cmd)
{
    return cmd == EVTCHNOP_alloc_unbound || cmd == EVTCHNOP_bind_interdomain ||
           cmd == EVTCHNOP_bind_virq || cmd == EVTCHNOP_bind_pirq ||
           cmd == EVTCHNOP_bind_ipi || cmd == EVTCHNOP_status ||
           cmd == EVTCHNOP_init_control;
}

/*
 * EVTCHNOP_send, the hottest command: a 4-byte argument, no result, never
 * a continuation; none of the general path's bookkeeping.
 */
static long __attribute__((noinline)) evtchn_op_send(uint64_t arg)
{
    struct evtchn_send send;

    if ( copy_from_guest(&send, arg, sizeof(send)) )
        return -EFAULT;
    return evtchn_op_send_port(current->domain, send.port);
}

/* Every other command: its argument in, its results out, a continuation. */
static long __attribute__((noinline)) evtchn_op_copy(int cmd, uint64_t arg)
{
    union {
        struct evtchn_alloc_unbound alloc_unbound;
        struct evtchn_bind_interdomain bind_interdomain;
        struct evtchn_bind_virq bind_virq;
        struct evtchn_bind_pirq bind_pirq;
        struct evtchn_bind_ipi bind_ipi;
        struct evtchn_bind_vcpu bind_vcpu;
        struct evtchn_status status;
        struct evtchn_reset reset;
        struct evtchn_close close;
        struct evtchn_send send;
        struct evtchn_unmask unmask;
        struct evtchn_init_control init_control;
        struct evtchn_expand_array expand_array;
        struct evtchn_set_priority set_priority;
    } op;
    size_t size = evtchn_op_size((unsigned int)cmd);
    long rc;

    if ( !size )
        return -ENOSYS;
    if ( copy_from_guest(&op, arg, size) )
        return -EFAULT;
    rc = evtchn_op(current->domain, (unsigned int)cmd, &op);
    if ( !rc && evtchn_op_has_output((unsigned int)cmd) && copy_to_guest(arg, &op, size) )
        rc = -EFAULT;
    if ( rc == -ERESTART )
    {
        const uint64_t args[HYPERCALL_MAX_ARGS] = { EVTCHNOP_reset_cont, arg };

        rc = hypercall_create_continuation(2, args);
    }
    return rc;
}

long do_event_channel_op(int cmd, uint64_t arg)
{
    if ( cmd == EVTCHNOP_send )
        return evtchn_op_send(arg);
    return evtchn_op_copy(cmd, arg);
}
