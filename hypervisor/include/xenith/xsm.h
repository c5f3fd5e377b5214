/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Which channels between domains may be made (Xen's XSM, the part guests
 * meet).  Xen 4.17 on Arm boots its SILO module by default: a channel
 * between two unprivileged domains, made by one of them, is refused
 * (-EPERM); with a privileged domain at either end, made by a privileged
 * one, or within one domain it is allowed.  xsm=dummy (as on Xen) allows
 * all of them.  Channels the hypervisor makes itself (static event
 * channels) are not checked.
 */
#ifndef XENITH_XSM_H
#define XENITH_XSM_H

#include <xenith/types.h>
#include <public/xen.h>

struct domain;

/* May @cur make a channel between @ld and @rd (an event channel, a grant)? */
bool xsm_channel_allowed(const struct domain *cur, const struct domain *ld,
                         const struct domain *rd);

/*
 * EVTCHNOP_alloc_unbound's check, as Xen's: under SILO the remote domain
 * @remote (DOMID_SELF: @cur) must exist (-ESRCH) and the channel be
 * allowed (-EPERM); then a port of another domain than the caller's only
 * for a privileged caller (-EPERM).  Takes the domain list lock.
 */
int xsm_evtchn_unbound(struct domain *cur, const struct domain *d, domid_t remote);

#endif /* XENITH_XSM_H */
