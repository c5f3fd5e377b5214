/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * platform_op (xen-arm-abi.md §3), as Xen 4.17 on Arm: the argument is
 * read (-EFAULT), its interface_version checked (-EACCES), then only the
 * privileged domain may go on (-EPERM).  The one command is
 * XENPF_settime64 (mbz not 0: -EINVAL); any other is -ENOSYS.
 *
 * The wallclock: at system time 0 it was wc_sec:wc_nsec since the Unix
 * epoch; 0 until the privileged domain sets it (Arm has no RTC driver in
 * Xen).  Every domain sees it in its shared_info, published at creation
 * and again after each settime, inside Xen's wc_version protocol (odd
 * while it changes).
 */
#include <xenith/domain.h>
#include <xenith/errno.h>
#include <xenith/guest_access.h>
#include <xenith/hypercall.h>
#include <xenith/spinlock.h>
#include <xenith/time.h>
#include <public/platform.h>

static DEFINE_SPINLOCK(wc_lock);    /* wc_sec, wc_nsec and the publishing */
static uint64_t wc_sec;
static uint32_t wc_nsec;

void domain_wallclock_update(struct domain *d)
{
    struct shared_info *s = d->shared_info;
    unsigned long flags;
    uint32_t version;

    spin_lock_irqsave(&wc_lock, flags);
    version = (ACCESS_ONCE(s->wc_version) + 1) | 1;
    ACCESS_ONCE(s->wc_version) = version;
    __atomic_thread_fence(__ATOMIC_RELEASE);
    ACCESS_ONCE(s->wc_sec) = (uint32_t)wc_sec;
    ACCESS_ONCE(s->wc_nsec) = wc_nsec;
    ACCESS_ONCE(s->wc_sec_hi) = (uint32_t)(wc_sec >> 32);
    __atomic_thread_fence(__ATOMIC_RELEASE);
    ACCESS_ONCE(s->wc_version) = version + 1;
    spin_unlock_irqrestore(&wc_lock, flags);
}

/*
 * It was @secs:@nsecs at system time @system_time: at system time 0 it
 * was that minus @system_time (Xen's arithmetic, modulo 2^64).
 */
static void wallclock_set(uint64_t secs, uint32_t nsecs, uint64_t system_time)
{
    uint64_t at_zero = secs * NSEC_PER_SEC + nsecs - system_time;
    unsigned long flags;

    spin_lock_irqsave(&wc_lock, flags);
    wc_sec = at_zero / NSEC_PER_SEC;
    wc_nsec = at_zero % NSEC_PER_SEC;
    spin_unlock_irqrestore(&wc_lock, flags);
    domain_for_each(domain_wallclock_update);
}

long do_platform_op(uint64_t arg)
{
    struct xen_platform_op op;

    if ( copy_from_guest(&op, arg, sizeof(op)) )
        return -EFAULT;
    if ( op.interface_version != XENPF_INTERFACE_VERSION )
        return -EACCES;
    if ( !current->domain->is_privileged )
        return -EPERM;
    switch ( op.cmd )
    {
    case XENPF_settime64:
        if ( op.u.settime64.mbz )
            return -EINVAL;
        wallclock_set(op.u.settime64.secs, op.u.settime64.nsecs,
                      op.u.settime64.system_time);
        return 0;
    default:
        return -ENOSYS;
    }
}
