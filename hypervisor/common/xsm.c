/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The XSM policy for channels between domains (xenith/xsm.h): SILO, Xen
 * 4.17 on Arm's default, or dummy with xsm=dummy.  Xen's FLASK is not
 * there: xsm=flask is refused and SILO stays.
 */
#include <xenith/domain.h>
#include <xenith/errno.h>
#include <xenith/param.h>
#include <xenith/sched.h>
#include <xenith/xsm.h>

static bool xsm_silo = true;

static int parse_xsm(const char *s)
{
    if ( !strcmp(s, "silo") )
        xsm_silo = true;
    else if ( !strcmp(s, "dummy") )
        xsm_silo = false;
    else
        return -EINVAL;
    return 0;
}
custom_param("xsm", parse_xsm);

bool xsm_channel_allowed(const struct domain *cur, const struct domain *ld,
                         const struct domain *rd)
{
    return !xsm_silo || cur->is_privileged || ld->is_privileged || rd->is_privileged ||
           ld == rd;
}

int xsm_evtchn_unbound(struct domain *cur, const struct domain *d, domid_t remote)
{
    struct domain *rd;
    bool allowed;

    if ( !xsm_silo )
        ;
    else if ( remote == DOMID_SELF )
    {
        if ( !xsm_channel_allowed(cur, d, cur) )
            return -EPERM;
    }
    else if ( !(rd = get_domain_by_id(remote)) )
        return -ESRCH;
    else
    {
        allowed = xsm_channel_allowed(cur, d, rd);
        put_domain(rd);
        if ( !allowed )
            return -EPERM;
    }
    return d != cur && !cur->is_privileged ? -EPERM : 0;
}
