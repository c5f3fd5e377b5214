/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * multicall(call_list, nr_calls): a batch of hypercalls in one trap, as
 * Xen 4.17.  call_list is a guest-virtual array of struct multicall_entry;
 * each entry's op and args go through the hypercall table and its result
 * is written back to the entry (only 'result' is the guest's to read).
 * The multicall itself returns 0, -EFAULT if an entry cannot be read or
 * its result written (the entries before it are done), or -EINVAL if it
 * is one of the entries of a multicall (no nesting; the outer one goes on).
 *
 * Long batches: between entries, when the pCPU has other work, the rest
 * of the list becomes a continuation (the guest re-issues the multicall
 * from the next entry).  A sub-call that asks for a continuation itself
 * stops the batch there: its continuation arguments are written into its
 * entry, and the multicall resumes with that entry.
 *
 * Xen checks that a 32-bit guest's arguments fit in 32 bits; Xenith runs
 * AArch64 guests only, whose arguments are taken whole.
 */
#include <xenith/errno.h>
#include <xenith/guest_access.h>
#include <xenith/hypercall.h>
#include <xenith/lib.h>
#include <xenith/sched.h>
#include <asm/regs.h>

#define MC_RESULT_OFF   offsetof(struct multicall_entry, result)

/*
 * Run one entry as if the guest had issued it: its arguments are also put
 * in the guest's frame, where hypercall_create_continuation() leaves a
 * sub-call's continuation (its first arguments replaced, ELR stepped back
 * onto the HVC).  That frame is the multicall's own, so it is put back as
 * it was, and the continuation's arguments go to the entry instead.
 * Returns whether the sub-call asked for a continuation.
 */
static bool multicall_one(struct multicall_entry *call)
{
    struct cpu_user_regs *regs = guest_cpu_user_regs(current);
    uint64_t saved_x[HYPERCALL_MAX_ARGS], saved_elr = regs->elr;
    uint64_t args[HYPERCALL_MAX_ARGS];
    unsigned int nr_args;
    long rc;

    memcpy(saved_x, regs->x, sizeof(saved_x));
    memcpy(args, call->args, sizeof(args));
    memcpy(regs->x, args, sizeof(args));
    rc = hypercall_dispatch(call->op, args, &nr_args);
    if ( rc == -ERESTART )
        memcpy(call->args, regs->x, sizeof(args));
    else
        call->result = rc;
    memcpy(regs->x, saved_x, sizeof(saved_x));
    regs->elr = saved_elr;
    return rc == -ERESTART;
}

/*
 * Entries from @list on, @nr of them.  Returns the multicall's result, or
 * sets *@done to how many entries are finished when the rest must be a
 * continuation.
 */
static long multicall_run(uint64_t list, uint32_t nr, uint32_t *done)
{
    struct multicall_entry call;
    uint32_t i;

    for ( i = 0; i < nr; i++, list += sizeof(call) )
    {
        if ( i && hypercall_preempt_check() )
            break;
        if ( copy_from_guest(&call, list, sizeof(call)) )
            return -EFAULT;
        if ( multicall_one(&call) )
        {
            /* The sub-call's continuation: resume with this entry. */
            if ( copy_to_guest(list, &call, sizeof(call)) )
                return -EFAULT;
            break;
        }
        if ( copy_to_guest(list + MC_RESULT_OFF, &call.result, sizeof(call.result)) )
            return -EFAULT;
    }
    *done = i;
    return 0;
}

long do_multicall(uint64_t call_list, uint32_t nr_calls)
{
    struct vcpu *curr = current;
    uint32_t done = nr_calls;
    long rc;

    if ( curr->in_multicall )
        return -EINVAL;
    curr->in_multicall = true;
    rc = multicall_run(call_list, nr_calls, &done);
    curr->in_multicall = false;
    if ( !rc && done < nr_calls )
    {
        uint64_t args[HYPERCALL_MAX_ARGS] = {
            call_list + (uint64_t)done * sizeof(struct multicall_entry),
            nr_calls - done,
        };

        return hypercall_create_continuation(2, args);
    }
    return rc;
}
