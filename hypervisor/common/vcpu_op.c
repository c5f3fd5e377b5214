/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vcpu_op (xen-arm-abi.md §3): as Xen 4.17 on Arm, only the two guest
 * areas of a vCPU exist here, VCPUOP_register_vcpu_info and
 * VCPUOP_register_runstate_memory_area; every other command is -EINVAL
 * (secondary vCPUs start with PSCI CPU_ON).  A vcpuid the domain does not
 * have is -ENOENT, whatever the command.
 */
#include <xenith/errno.h>
#include <xenith/event.h>
#include <xenith/guest_access.h>
#include <xenith/hypercall.h>
#include <xenith/lib.h>
#include <xenith/sched.h>
#include <xenith/time.h>
#include <asm/p2m.h>

/*
 * Point @v's vcpu_info at @offset in the guest's RAM page @gfn, as Xen's
 * map_vcpu_info(): the whole structure inside the page and aligned
 * (-ENXIO), once per vCPU (-EINVAL), by the vCPU itself or for one that
 * is down (-EINVAL), on RAM of the domain (-EINVAL).  The page stays
 * referenced until the vCPU is destroyed.  Under d->domain_lock, which
 * vcpu_up() takes too: a vCPU found down stays down meanwhile.
 */
static int vcpu_info_map(struct vcpu *v, uint64_t gfn, uint32_t offset)
{
    struct page_info *pg;
    struct vcpu_info *vi;

    if ( offset > PAGE_SIZE - sizeof(*vi) ||
         (offset & (__alignof__(*vi) - 1)) )
        return -ENXIO;
    if ( v->vcpu_info )
        return -EINVAL;
    if ( v != current && !(ACCESS_ONCE(v->pause_flags) & VPF_down) )
        return -EINVAL;
    pg = get_page_from_gfn(v->domain, _gfn(gfn), true);
    if ( !pg )
        return -EINVAL;

    vi = (struct vcpu_info *)((char *)page_to_virt(pg) + offset);
    /*
     * The events the old area holds come along; any that arrive between
     * this copy and the switch are caught by the "everything pending"
     * the caller sets afterwards.
     */
    memcpy(vi, evtchn_vcpu_info(v), sizeof(*vi));
    v->vcpu_info_page = pg;
    __atomic_store_n(&v->vcpu_info, vi, __ATOMIC_RELEASE);
    return 0;
}

/*
 * As Xen: with the new area in place, every selector bit and the upcall
 * flag are set so that the guest rescans all its ports and no event that
 * went to the old area is lost (the guest may see a spurious upcall).
 */
static void vcpu_info_mark_all_pending(struct vcpu *v)
{
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    __atomic_store_n(&v->vcpu_info->evtchn_pending_sel, ~(xen_ulong_t)0,
                     __ATOMIC_SEQ_CST);
    evtchn_mark_vcpu_pending(v);
}

static long vcpu_op_register_vcpu_info(struct vcpu *v, uint64_t arg)
{
    struct vcpu_register_vcpu_info info;
    struct domain *d = v->domain;
    unsigned long flags;
    int rc;

    if ( copy_from_guest(&info, arg, sizeof(info)) )
        return -EFAULT;
    spin_lock_irqsave(&d->domain_lock, flags);
    rc = vcpu_info_map(v, info.mfn, info.offset);
    spin_unlock_irqrestore(&d->domain_lock, flags);
    if ( !rc )
        vcpu_info_mark_all_pending(v);
    return rc;
}

void vcpu_unmap_vcpu_info(struct vcpu *v)
{
    struct page_info *pg = v->vcpu_info_page;

    if ( !pg )
        return;
    v->vcpu_info = NULL;
    v->vcpu_info_page = NULL;
    put_page(pg);
}

/*
 * As Xen on Arm: any address is accepted (it is only used through the
 * vCPU's stage 1 when it is scheduled); the first copy is made now, and
 * its failure, like any later one, is not reported.  For the caller
 * itself the copy is the runstate as of its last change (running since
 * it was scheduled in), for another vCPU its times up to now.
 */
static long vcpu_op_register_runstate(struct vcpu *v, uint64_t arg)
{
    struct vcpu_register_runstate_memory_area area;
    struct vcpu_runstate_info rs;

    if ( copy_from_guest(&area, arg, sizeof(area)) )
        return -EFAULT;
    __atomic_store_n(&v->runstate_guest, area.addr.p, __ATOMIC_RELEASE);
    if ( v == current )
        vcpu_runstate_get(v, &rs, (s_time_t)v->runstate.state_entry_time);
    else
        vcpu_runstate_get(v, &rs, NOW());
    (void)copy_to_guest(area.addr.p, &rs, sizeof(rs));
    return 0;
}

long do_vcpu_op(int cmd, unsigned int vcpuid, uint64_t arg)
{
    struct domain *d = current->domain;
    struct vcpu *v;

    if ( vcpuid >= d->max_vcpus || !(v = d->vcpu[vcpuid]) )
        return -ENOENT;
    switch ( cmd )
    {
    case VCPUOP_register_vcpu_info:
        return vcpu_op_register_vcpu_info(v, arg);
    case VCPUOP_register_runstate_memory_area:
        return vcpu_op_register_runstate(v, arg);
    default:
        return -EINVAL;
    }
}
