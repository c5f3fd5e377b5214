/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The PV console Xenith serves itself (pv_console.c) to the dom0less
 * domUs that ask for Xen's interfaces (xen,enhanced), so that a guest's
 * hvc0 works with no dom0 and no xenconsoled: one page of the domain's
 * RAM at the guest frame Xen's toolstack uses holds the ring (struct
 * xencons_interface, public/io/console.h), and an event channel port of
 * the domain has Xenith at its other end.  HVM_PARAM_CONSOLE_PFN and
 * HVM_PARAM_CONSOLE_EVTCHN say where they are (0 for other domains).
 *
 * What the guest writes appears on the hypervisor console as the
 * vPL011's output does ("DOM<n>: <line>", console_line.c); what is typed
 * while the domain has the console input (Ctrl-A three times) goes into
 * the ring's in[].
 *
 * Locking: pv_console_lock (IRQ-safe, in pv_console.c) protects the list
 * of consoles, d->pv_console and every console's state; it is held while
 * a console is used, so that it cannot go meanwhile.  Order:
 * vpl011_list_lock -> pv_console_lock -> event channel locks -> vGIC ->
 * console_lock.
 */
#ifndef XENITH_PV_CONSOLE_H
#define XENITH_PV_CONSOLE_H

#include <xenith/console.h>
#include <xenith/sched.h>
#include <public/xen.h>
#include <public/io/console.h>

/*
 * The ring's guest frame: the first of the magic pages at GUEST_MAGIC_BASE
 * (libxl, tools/libs/guest/xg_dom_arm.c: CONSOLE_PFN_OFFSET 0).
 */
#define PV_CONSOLE_PFN_OFFSET   0
#define PV_CONSOLE_GFN          (PFN_DOWN(GUEST_MAGIC_BASE) + PV_CONSOLE_PFN_OFFSET)
/* Pages of RAM the console takes from its domain, beyond its memory. */
#define PV_CONSOLE_PAGES        1

struct pv_console {
    struct domain *d;
    struct pv_console *next;        /* by ascending domain id */
    struct page_info *page;         /* the ring's page, referenced */
    struct xencons_interface *ring; /* that page in the direct map */
    evtchn_port_t port;             /* the guest's end; Xenith is the other */
    /*
     * Xenith's own indices: the guest may write anything into the ring's
     * copies, so those are only written, and the guest's are checked.
     */
    XENCONS_RING_IDX out_cons, in_prod;
    bool out_bad, in_bad;           /* a corrupt index said, until it is sane */
    /*
     * Whether its output is printed: not when the guest's console is its
     * vPL011, as Linux writes its log to hvc0 too (Xen hands that copy to
     * dom0's xenconsoled, not to its own console).
     */
    bool shown;
    struct console_line line;       /* output not printed yet */
};

/*
 * Give @d its console: the ring page (one page of RAM, zeroed, mapped at
 * PV_CONSOLE_GFN; the domain's max_pages must have room for it) and an
 * event channel port bound to vCPU 0; its output printed if @shown, else
 * consumed unseen.  For the domain builder, before the domain runs.
 * 0, -EEXIST, -ENOMEM or the event channel's error.
 */
int pv_console_init(struct domain *d, bool shown);
/*
 * Remove @d's console, if any, before its event channels go: what it
 * wrote last is printed, the page reference dropped.
 */
void pv_console_destroy(struct domain *d);

/* A typed character for domain @domid: false if it has no PV console. */
bool pv_console_receive(unsigned int domid, char c);
/* The lowest domain id >= @from with a PV console; DOMID_XEN if none. */
unsigned int pv_console_next(unsigned int from);

/* HVM_PARAM_CONSOLE_PFN and _EVTCHN: 0 for a domain without a console. */
static inline uint64_t pv_console_param_pfn(const struct domain *d)
{
    return ACCESS_ONCE(d->pv_console) ? PV_CONSOLE_GFN : 0;
}

static inline uint64_t pv_console_param_evtchn(const struct domain *d)
{
    const struct pv_console *c = ACCESS_ONCE(d->pv_console);

    return c ? c->port : 0;
}

#endif /* XENITH_PV_CONSOLE_H */
