/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hypercall table: one row per implemented hypercall, with how many
 * argument registers it takes and an adapter that gives them the types
 * of Xen's prototype.  Every other number, up to the ABI's 64 and beyond,
 * returns -ENOSYS (xen-arm-abi.md §2.1).
 */
#include <xenith/errno.h>
#include <xenith/event.h>
#include <xenith/grant_table.h>
#include <xenith/hypercall.h>
#include <xenith/percpu.h>
#include <xenith/softirq.h>
#include <public/xen.h>

typedef long (*hypercall_fn_t)(const uint64_t *args);

static long hc_xen_version(const uint64_t *a)
{
    return do_xen_version((int)a[0], a[1]);
}

static long hc_console_io(const uint64_t *a)
{
    return do_console_io((unsigned int)a[0], (unsigned int)a[1], a[2]);
}

static long hc_sched_op(const uint64_t *a)
{
    return do_sched_op((int)a[0], a[1]);
}

static long hc_hvm_op(const uint64_t *a)
{
    return do_hvm_op(a[0], a[1]);
}

static long hc_memory_op(const uint64_t *a)
{
    return do_memory_op(a[0], a[1]);
}

static long hc_grant_table_op(const uint64_t *a)
{
    return do_grant_table_op((unsigned int)a[0], a[1], (unsigned int)a[2]);
}

static long hc_event_channel_op(const uint64_t *a)
{
    return do_event_channel_op((int)a[0], a[1]);
}

static long hc_platform_op(const uint64_t *a)
{
    return do_platform_op(a[0]);
}

static long hc_multicall(const uint64_t *a)
{
    return do_multicall(a[0], (uint32_t)a[1]);
}

static long hc_vm_assist(const uint64_t *a)
{
    return do_vm_assist((unsigned int)a[0], (unsigned int)a[1]);
}

static long hc_vcpu_op(const uint64_t *a)
{
    return do_vcpu_op((int)a[0], (unsigned int)a[1], a[2]);
}

static const struct {
    hypercall_fn_t fn;
    unsigned int nr_args;
} hypercall_table[NR_HYPERCALLS] = {
    [__HYPERVISOR_xen_version]  = { hc_xen_version, 2 },
    [__HYPERVISOR_console_io]   = { hc_console_io, 3 },
    [__HYPERVISOR_sched_op]     = { hc_sched_op, 2 },
    [__HYPERVISOR_hvm_op]       = { hc_hvm_op, 2 },
    [__HYPERVISOR_memory_op]    = { hc_memory_op, 2 },
    [__HYPERVISOR_grant_table_op] = { hc_grant_table_op, 3 },
    [__HYPERVISOR_event_channel_op] = { hc_event_channel_op, 2 },
    [__HYPERVISOR_platform_op]  = { hc_platform_op, 1 },
    [__HYPERVISOR_multicall]    = { hc_multicall, 2 },
    [__HYPERVISOR_vm_assist]    = { hc_vm_assist, 2 },
    [__HYPERVISOR_vcpu_op]      = { hc_vcpu_op, 3 },
};

bool hypercall_preempt_check(void)
{
    return softirq_pending(smp_processor_id());
}

long hypercall_dispatch(unsigned long nr, const uint64_t args[HYPERCALL_MAX_ARGS],
                        unsigned int *nr_args)
{
    if ( nr >= NR_HYPERCALLS || !hypercall_table[nr].fn )
    {
        if ( nr_args )
            *nr_args = 0;
        return -ENOSYS;
    }
    if ( nr_args )
        *nr_args = hypercall_table[nr].nr_args;
    return hypercall_table[nr].fn(args);
}
