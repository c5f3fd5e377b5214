/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Two dom0less domUs working together (tests evtchn-pingpong, grant-*):
 * the shared_info page mapped with XENMEM_add_to_physmap, the event
 * upcall taken on PPI 31 through the vGIC, events counted per port of the
 * 2-level ABI, bounded waits for them, and the hypercall wrappers these
 * tests share.  Only for tests whose domains have one vCPU.
 *
 * The domains find each other by convention: Xen numbers dom0less domains
 * d1, d2... in device-tree order, and test.cfg's evtchn key connects the
 * port both use.
 */
#ifndef XTF_INTERDOM_H
#define XTF_INTERDOM_H

#include <xtf.h>
#include <public/memory.h>
#include <public/event_channel.h>
#include <public/grant_table.h>

/*
 * Xen's Arm guest layout (public/arch-arm.h, visible to tools only): the
 * magic and grant-table windows, where a dom0less domU without xen,enhanced
 * has nothing mapped, so the tests map Xen's pages there; and the upcall
 * PPI (no /hypervisor node says it without xen,enhanced).
 */
#define IDOM_SHARED_INFO_GPA    0x39100000UL    /* GUEST_MAGIC_BASE + 1 MiB */
#define IDOM_GNTTAB_GPA         0x38000000UL    /* GUEST_GNTTAB_BASE, 16 MiB */
#define IDOM_EVTCHN_PPI         31              /* GUEST_EVTCHN_PPI */
#define IDOM_PORTS              64      /* ports counted: the first word */
#define IDOM_TICK_US            10000   /* a wait wakes up at least this often */

static volatile struct shared_info *idom_shared;
static volatile unsigned int idom_events[IDOM_PORTS];
static volatile unsigned int idom_stray_irqs, idom_upcalls;
static unsigned int idom_vtimer;

static inline long hypercall_memory_op(unsigned int cmd, void *arg)
{
    return xtf_hypercall(__HYPERVISOR_memory_op, cmd, (unsigned long)arg, 0, 0, 0);
}

static inline long hypercall_event_channel_op(unsigned int cmd, void *arg)
{
    return xtf_hypercall(__HYPERVISOR_event_channel_op, cmd, (unsigned long)arg,
                         0, 0, 0);
}

static inline long hypercall_grant_table_op(unsigned int cmd, void *arg,
                                            unsigned int count)
{
    return xtf_hypercall(__HYPERVISOR_grant_table_op, cmd, (unsigned long)arg,
                         count, 0, 0);
}

static inline long idom_send(evtchn_port_t port)
{
    struct evtchn_send send = { .port = port };

    return hypercall_event_channel_op(EVTCHNOP_send, &send);
}

/* Map one of Xen's pages (@space, @idx) at @gpa and in stage 1: 0 or -errno. */
static inline long idom_add_to_physmap(unsigned int space, unsigned long idx,
                                       uint64_t gpa)
{
    struct xen_add_to_physmap xatp = {
        .domid = DOMID_SELF, .space = space, .idx = idx, .gpfn = gpa >> 12,
    };
    long rc = hypercall_memory_op(XENMEM_add_to_physmap, &xatp);

    if ( rc )
        return rc;
    return xtf_map(gpa, 4096, XTF_MEM_NORMAL);
}

/*
 * The upcall: clear the vCPU's flag and selector, then take every
 * pending unmasked port of the selected words, counting them.  The
 * virtual timer only wakes waits up: stop it.
 */
static inline void idom_irq(unsigned int intid)
{
    volatile struct vcpu_info *vi;
    xen_ulong_t sel;

    if ( intid == idom_vtimer )
    {
        xtf_vtimer_stop();
        return;
    }
    if ( intid != IDOM_EVTCHN_PPI )
    {
        idom_stray_irqs++;
        return;
    }
    idom_upcalls++;
    vi = &idom_shared->vcpu_info[0];
    vi->evtchn_upcall_pending = 0;
    sel = __atomic_exchange_n(&vi->evtchn_pending_sel, 0, __ATOMIC_SEQ_CST);
    while ( sel )
    {
        unsigned int w = __builtin_ctzl(sel);
        xen_ulong_t bits = idom_shared->evtchn_pending[w] & ~idom_shared->evtchn_mask[w];

        sel &= sel - 1;
        __atomic_fetch_and(&idom_shared->evtchn_pending[w], ~bits, __ATOMIC_SEQ_CST);
        for ( ; bits; bits &= bits - 1 )
            if ( w == 0 )
                idom_events[__builtin_ctzl(bits)]++;
    }
}

/*
 * Map shared_info, take the upcall (PPI 31) and the virtual timer, clear
 * what is pending on @port (a static channel's second end starts pending,
 * as after Xen's bind_interdomain), then unmask IRQs.  0 or an error
 * already reported.
 */
static inline int idom_init(evtchn_port_t port)
{
    long rc = idom_add_to_physmap(XENMAPSPACE_shared_info, 0, IDOM_SHARED_INFO_GPA);

    if ( rc )
    {
        xtf_error("mapping shared_info at %#lx: %ld", (unsigned long)IDOM_SHARED_INFO_GPA, rc);
        return -1;
    }
    idom_shared = (volatile struct shared_info *)IDOM_SHARED_INFO_GPA;
    if ( (rc = xtf_gic_init()) || (rc = xtf_vtimer_intid(&idom_vtimer)) )
    {
        xtf_error("GIC or timer set-up: %ld", rc);
        return -1;
    }
    if ( port )
        __atomic_fetch_and(&idom_shared->evtchn_pending[port / 64],
                           ~(1UL << (port % 64)), __ATOMIC_SEQ_CST);
    xtf_gic_set_handler(idom_irq);
    xtf_gic_enable_ppi(IDOM_EVTCHN_PPI, 0x80);
    xtf_gic_enable_ppi(idom_vtimer, 0x80);
    xtf_irq_enable();
    return 0;
}

/*
 * Wait until @port has seen @count events, at most @us: true if it did.
 * IRQs are masked around the check so that WFI cannot miss the wake-up;
 * the virtual timer bounds each WFI.
 */
static inline bool idom_wait_events(evtchn_port_t port, unsigned int count, uint64_t us)
{
    uint64_t end = xtf_now_us() + us;
    uint64_t ticks = READ_SYSREG(cntfrq_el0) / (1000000 / IDOM_TICK_US);

    for ( ; ; )
    {
        xtf_irq_disable();
        if ( idom_events[port] >= count || xtf_now_us() >= end )
            break;
        xtf_vtimer_arm(ticks);
        wfi();
        xtf_irq_enable();
    }
    xtf_irq_enable();
    return idom_events[port] >= count;
}

/*
 * Before the first real event: the second end of the static channel
 * (which idom_init() cleared) says it is ready, and the first end waits
 * for that and forgets it.  Without it, an event the first end sends
 * early could be the one idom_init() clears.  Afterwards the first end
 * speaks first and the two alternate: a port is pending once however
 * often it is sent, so two events in a row from one side may merge into
 * one.  0, or an error already reported.
 */
static inline int idom_handshake(evtchn_port_t port, bool second_end, uint64_t us)
{
    if ( second_end )
    {
        long rc = idom_send(port);

        if ( rc )
            xtf_error("EVTCHNOP_send(%u) of the handshake: %ld", port, rc);
        return rc ? -1 : 0;
    }
    if ( !idom_wait_events(port, 1, us) )
    {
        xtf_failure("no handshake from the other domain on port %u within %lu ms",
                    port, (unsigned long)(us / 1000));
        return -1;
    }
    xtf_irq_disable();
    idom_events[port] = 0;
    xtf_irq_enable();
    return 0;
}

/* idom_wait_events(), with a FAILURE "@what: no event within N ms" if it fails. */
static inline bool idom_wait_or_fail(evtchn_port_t port, unsigned int count, uint64_t us,
                                     const char *what)
{
    if ( idom_wait_events(port, count, us) )
        return true;
    xtf_failure("%s: no event within %lu ms", what, (unsigned long)(us / 1000));
    return false;
}

/*
 * The start of a test run as two domains: this domain's xtf.role from
 * the command line (@first_role is d1's, the first end of the static
 * channel @port), then idom_init() and idom_handshake().  1 if this
 * domain plays @first_role, 0 if it plays the other, -1 after an error
 * already reported.
 */
static inline int idom_start(const char *first_role, evtchn_port_t port, uint64_t us)
{
    char role[16];
    bool first;

    if ( xtf_cmdline_get("xtf.role", role, sizeof(role)) )
    {
        xtf_error("no xtf.role on the command line");
        return -1;
    }
    first = !strcmp(role, first_role);
    if ( idom_init(first ? 0 : port) || idom_handshake(port, !first, us) )
        return -1;
    return first;
}

#endif /* XTF_INTERDOM_H */
