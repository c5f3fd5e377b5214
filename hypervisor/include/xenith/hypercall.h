/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Xen hypercalls: one table (common/hypercall.c) from hypercall number to
 * handler.  A handler takes the guest's argument registers (x0-x4 on
 * arm64) converted to the types of Xen's prototype, guest pointers as
 * guest virtual addresses (xenith/guest_access.h), and returns what the
 * guest gets in x0: a result or -errno.  Numbers without a handler return
 * -ENOSYS.
 */
#ifndef XENITH_HYPERCALL_H
#define XENITH_HYPERCALL_H

#include <xenith/types.h>

#define HYPERCALL_MAX_ARGS  5
#define NR_HYPERCALLS       64  /* numbers 0-63 exist in the ABI */

/*
 * Run hypercall @nr for the current vCPU with @args (x0-x4); *@nr_args is
 * set to how many of them the hypercall takes (0 for -ENOSYS), so that
 * the caller knows which registers the ABI lets it clobber (@nr_args may
 * be NULL).
 */
long hypercall_dispatch(unsigned long nr, const uint64_t args[HYPERCALL_MAX_ARGS],
                        unsigned int *nr_args);

/*
 * Continuations: a hypercall that could run long stops when its pCPU has
 * other work to do (hypercall_preempt_check()) and asks to be called
 * again with hypercall_create_continuation(), which puts @args, the
 * arguments for the rest of the work, in the guest's registers, steps
 * the guest back onto its HVC and returns -ERESTART for the handler to
 * return.  The guest re-issues the call once the pCPU has done its work
 * (and maybe run other vCPUs): it never sees -ERESTART.
 */
bool hypercall_preempt_check(void);
long hypercall_create_continuation(unsigned int nr_args,
                                   const uint64_t args[HYPERCALL_MAX_ARGS]);

long do_xen_version(int cmd, uint64_t arg);
long do_console_io(unsigned int cmd, unsigned int count, uint64_t buffer);
long do_sched_op(int cmd, uint64_t arg);
long do_hvm_op(unsigned long op, uint64_t arg);
long do_memory_op(unsigned long cmd, uint64_t arg);   /* common/memory.c */
long do_platform_op(uint64_t arg);                       /* platform_op.c */
long do_multicall(uint64_t call_list, uint32_t nr_calls);   /* multicall.c */
long do_vm_assist(unsigned int cmd, unsigned int type);     /* vm_assist.c */
long do_vcpu_op(int cmd, unsigned int vcpuid, uint64_t arg); /* vcpu_op.c */

#endif /* XENITH_HYPERCALL_H */
