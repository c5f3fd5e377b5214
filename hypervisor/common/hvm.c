/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hvm_op hypercall (xen-arm-abi.md §3.5): HVMOP_get_param and
 * HVMOP_set_param for the parameters a domU reads at boot.  Their values
 * are derived from what Xenith gives a domain, not stored: the event PPI
 * is always GUEST_EVTCHN_PPI; the PV console's frame and port are those
 * of the console Xenith serves (pv_console.c), 0 when the domain has
 * none; xenstore does not exist yet, so its frame and port read 0.
 * Guests take 0 as "absent".  Setting them is the toolstack's (or Xen's)
 * job, so a guest gets -EPERM as on Xen; there is no toolstack yet to let
 * them be set.
 */
#include <xenith/domain.h>
#include <xenith/errno.h>
#include <xenith/guest_access.h>
#include <xenith/hypercall.h>
#include <xenith/pv_console.h>
#include <xenith/sched.h>
#include <public/arch-arm.h>
#include <public/hvm/hvm_op.h>
#include <public/hvm/params.h>

/* PPI GUEST_EVTCHN_PPI, level triggered, active low: libxl's domU value. */
#define HVM_CALLBACK_IRQ_DOMU                                           \
    (((uint64_t)HVM_PARAM_CALLBACK_TYPE_PPI << 56) |                    \
     (HVM_PARAM_CALLBACK_TYPE_PPI_FLAG_LOW_LEVEL << 8) | GUEST_EVTCHN_PPI)

/*
 * The domain @domid names for the current one, referenced (put_domain()),
 * or NULL with *@rc set.
 */
static struct domain *hvm_target(domid_t domid, long *rc)
{
    struct domain *self = current->domain, *d;

    if ( domid == DOMID_SELF || domid == self->domain_id )
    {
        get_knownalive_domain(self);
        return self;
    }
    d = get_domain_by_id(domid);
    if ( !d )
        *rc = -ESRCH;
    else if ( !self->is_privileged )
    {
        put_domain(d);
        *rc = -EPERM;
    }
    else
        return d;
    return NULL;
}

static long hvm_get_param(const struct domain *d, uint32_t index, uint64_t *value)
{
    switch ( index )
    {
    case HVM_PARAM_CALLBACK_IRQ:
        *value = HVM_CALLBACK_IRQ_DOMU;
        return 0;
    case HVM_PARAM_STORE_PFN:
    case HVM_PARAM_STORE_EVTCHN:
        *value = 0;
        return 0;
    case HVM_PARAM_CONSOLE_PFN:
        *value = pv_console_param_pfn(d);
        return 0;
    case HVM_PARAM_CONSOLE_EVTCHN:
        *value = pv_console_param_evtchn(d);
        return 0;
    case HVM_PARAM_MONITOR_RING_PFN:
        return -EPERM;
    default:
        return -EINVAL;
    }
}

static long hvm_set_param(uint32_t index)
{
    switch ( index )
    {
    case HVM_PARAM_CALLBACK_IRQ:
    case HVM_PARAM_STORE_PFN:
    case HVM_PARAM_STORE_EVTCHN:
    case HVM_PARAM_CONSOLE_PFN:
    case HVM_PARAM_CONSOLE_EVTCHN:
    case HVM_PARAM_MONITOR_RING_PFN:
        return -EPERM;
    default:
        return -EINVAL;
    }
}

static long hvmop_param(int op, uint64_t arg)
{
    struct xen_hvm_param p;
    struct domain *d;
    long rc = 0;

    if ( copy_from_guest(&p, arg, sizeof(p)) )
        return -EFAULT;
    d = hvm_target(p.domid, &rc);
    if ( !d )
        return rc;
    if ( op == HVMOP_set_param )
        rc = hvm_set_param(p.index);
    else
    {
        rc = hvm_get_param(d, p.index, &p.value);
        if ( !rc && copy_to_guest(arg, &p, sizeof(p)) )
            rc = -EFAULT;
    }
    put_domain(d);
    return rc;
}

long do_hvm_op(unsigned long op, uint64_t arg)
{
    switch ( op )
    {
    case HVMOP_set_param:
    case HVMOP_get_param:
        return hvmop_param((int)op, arg);
    case HVMOP_guest_request_vm_event:
        /* Nobody monitors domains, so there is nobody to tell. */
        return arg ? -EINVAL : 0;
    default:
        return -ENOSYS;
    }
}
