/* SPDX-License-Identifier: MIT */
/*
 * States of each end of a split device, as each writes its "state" key in
 * xenstore (Xen 4.17).  They say how far the frontend/backend handshake
 * went, not what the device itself is doing.
 */
#ifndef _XEN_PUBLIC_IO_XENBUS_H
#define _XEN_PUBLIC_IO_XENBUS_H

enum xenbus_state {
    XenbusStateUnknown       = 0,
    XenbusStateInitialising  = 1,
    /* Early set-up done; waiting for the peer or the hotplug scripts. */
    XenbusStateInitWait      = 2,
    /* Ready; waiting for the peer to connect. */
    XenbusStateInitialised   = 3,
    XenbusStateConnected     = 4,
    /* Going away: an error or an unplug. */
    XenbusStateClosing       = 5,
    XenbusStateClosed        = 6,
    /* Being reconfigured, then done. */
    XenbusStateReconfiguring = 7,
    XenbusStateReconfigured  = 8
};
typedef enum xenbus_state XenbusState;

#endif /* _XEN_PUBLIC_IO_XENBUS_H */
