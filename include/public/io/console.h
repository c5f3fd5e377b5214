/* SPDX-License-Identifier: MIT */
/*
 * The PV console ring (Xen 4.17): one shared 4 KiB page with a ring in each
 * direction.  A domU finds it with HVM_PARAM_CONSOLE_PFN and signals the
 * backend through HVM_PARAM_CONSOLE_EVTCHN.
 *
 * Indices are free-running: byte i of a stream lives at i & (size - 1),
 * and prod - cons is the number of bytes waiting.  The producer writes the
 * bytes, issues a write barrier, advances prod and notifies; the consumer
 * reads prod, issues a read barrier, copies, issues a full barrier before
 * advancing cons, and notifies.
 */
#ifndef __XEN_PUBLIC_IO_CONSOLE_H__
#define __XEN_PUBLIC_IO_CONSOLE_H__

#include "../xen-compat.h"

typedef uint32_t XENCONS_RING_IDX;

/* Slot of index idx in ring (an array whose size is a power of two). */
#define MASK_XENCONS_IDX(idx, ring) ((idx) & (sizeof(ring) - 1))

struct xencons_interface {
    char in[1024];                          /* to the guest (keyboard) */
    char out[2048];                         /* from the guest (screen) */
    XENCONS_RING_IDX in_cons, in_prod;      /* guest consumes in[] */
    XENCONS_RING_IDX out_cons, out_prod;    /* guest produces out[] */
};

#ifdef XEN_WANT_FLEX_CONSOLE_RING
#include "ring.h"
DEFINE_XEN_FLEX_RING(xencons);
#endif

#ifdef XEN_PUBLIC_LP64
XEN_PUBLIC_SIZE(struct xencons_interface, 3088);
XEN_PUBLIC_OFFSET(struct xencons_interface, out, 1024);
XEN_PUBLIC_OFFSET(struct xencons_interface, in_cons, 3072);
XEN_PUBLIC_OFFSET(struct xencons_interface, in_prod, 3076);
XEN_PUBLIC_OFFSET(struct xencons_interface, out_cons, 3080);
XEN_PUBLIC_OFFSET(struct xencons_interface, out_prod, 3084);
#endif

#endif /* __XEN_PUBLIC_IO_CONSOLE_H__ */
