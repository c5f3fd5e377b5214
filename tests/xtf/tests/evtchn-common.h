/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Shared by the evtchn-* tests: event_channel_op wrappers, the checks they
 * all make (a call returns what Xen 4.17 returns), and the upcall set-up:
 * shared_info mapped with XENMEM_add_to_physmap where a dom0less domU
 * without xen,enhanced has nothing (Xen's GUEST_MAGIC_BASE), the event
 * PPI 31 enabled in the vGIC.
 */
#ifndef EVTCHN_COMMON_H
#define EVTCHN_COMMON_H

#include <xtf.h>
#include <xtf/shared_info.h>
#include <public/event_channel.h>
#include <public/memory.h>
#include <public/vcpu.h>

#define EV_PPI              31              /* GUEST_EVTCHN_PPI */
#define EV_PRIO             0x80
#define EV_BAD_VA           0x1000UL        /* not mapped at stage 1 */
#define EV_WAIT_US          2000000

static inline long ev_op(unsigned int cmd, void *arg)
{
    return xtf_hypercall(__HYPERVISOR_event_channel_op, cmd, (unsigned long)arg, 0, 0, 0);
}

/* A check: @what returned @rc, Xen 4.17 returns @want. */
static inline bool ev_expect(const char *what, long rc, long want)
{
    if ( rc == want )
        return true;
    xtf_failure("%s: returned %ld, expected %ld", what, rc, want);
    return false;
}

/* The port of a successful bind, or the error (negative). */
static inline long ev_alloc_unbound(domid_t dom, domid_t remote)
{
    struct evtchn_alloc_unbound a = { .dom = dom, .remote_dom = remote };
    long rc = ev_op(EVTCHNOP_alloc_unbound, &a);

    return rc ? rc : (long)a.port;
}

static inline long ev_bind_interdomain(domid_t remote, evtchn_port_t rport)
{
    struct evtchn_bind_interdomain b = { .remote_dom = remote, .remote_port = rport };
    long rc = ev_op(EVTCHNOP_bind_interdomain, &b);

    return rc ? rc : (long)b.local_port;
}

static inline long ev_bind_virq(uint32_t virq, uint32_t vcpu)
{
    struct evtchn_bind_virq b = { .virq = virq, .vcpu = vcpu };
    long rc = ev_op(EVTCHNOP_bind_virq, &b);

    return rc ? rc : (long)b.port;
}

static inline long ev_bind_ipi(uint32_t vcpu)
{
    struct evtchn_bind_ipi b = { .vcpu = vcpu };
    long rc = ev_op(EVTCHNOP_bind_ipi, &b);

    return rc ? rc : (long)b.port;
}

static inline long ev_bind_vcpu(evtchn_port_t port, uint32_t vcpu)
{
    struct evtchn_bind_vcpu b = { .port = port, .vcpu = vcpu };

    return ev_op(EVTCHNOP_bind_vcpu, &b);
}

/* close, send and unmask take { port }. */
static inline long ev_port_op(unsigned int cmd, evtchn_port_t port)
{
    struct evtchn_send s = { .port = port };

    return ev_op(cmd, &s);
}

static inline long ev_status(domid_t dom, evtchn_port_t port, struct evtchn_status *st)
{
    *st = (struct evtchn_status){ .dom = dom, .port = port };
    return ev_op(EVTCHNOP_status, st);
}

static inline long ev_set_priority(evtchn_port_t port, uint32_t prio)
{
    struct evtchn_set_priority sp = { .port = port, .priority = prio };

    return ev_op(EVTCHNOP_set_priority, &sp);
}

static inline long ev_init_control(uint64_t gfn, uint32_t offset, uint32_t vcpu)
{
    struct evtchn_init_control ic = { .control_gfn = gfn, .offset = offset, .vcpu = vcpu };
    long rc = ev_op(EVTCHNOP_init_control, &ic);

    if ( ic.link_bits != (rc ? 0 : EVTCHN_FIFO_LINK_BITS) )
        xtf_failure("init_control(vCPU %u): link_bits %u after %ld", vcpu, ic.link_bits, rc);
    return rc;
}

static inline long ev_expand_array(uint64_t gfn)
{
    struct evtchn_expand_array ea = { .array_gfn = gfn };

    return ev_op(EVTCHNOP_expand_array, &ea);
}

/* The port's status is @status (EVTCHNSTAT_*) on @vcpu, with @a/@b in u. */
static inline bool ev_expect_status(evtchn_port_t port, uint32_t status, uint32_t vcpu,
                                    uint32_t a, uint32_t b)
{
    struct evtchn_status st;
    long rc = ev_status(DOMID_SELF, port, &st);
    uint32_t ua = 0, ub = 0;

    if ( rc )
        return xtf_failure("status(%u): %ld", port, rc), false;
    if ( status == EVTCHNSTAT_unbound )
        ua = st.u.unbound.dom;
    else if ( status == EVTCHNSTAT_interdomain )
    {
        ua = st.u.interdomain.dom;
        ub = st.u.interdomain.port;
    }
    else if ( status == EVTCHNSTAT_virq || status == EVTCHNSTAT_pirq )
        ua = st.u.virq;
    if ( st.status == status && st.vcpu == vcpu && ua == a && ub == b )
        return true;
    xtf_failure("status(%u): %u on vCPU %u (%u, %u); expected %u on vCPU %u (%u, %u)",
                port, st.status, st.vcpu, ua, ub, status, vcpu, a, b);
    return false;
}

/*
 * shared_info mapped (xtf/shared_info.h) with, as Linux, every 2-level
 * port masked until bound and wanted; NULL after an error reported.
 */
static inline volatile struct shared_info *ev_map_shared_info(void)
{
    volatile struct shared_info *s = xtf_map_shared_info();

    if ( s )
        for ( unsigned int w = 0; w < 64; w++ )
            s->evtchn_mask[w] = ~0UL;
    return s;
}

/*
 * An upcall handler's acknowledgement on vCPU 0 for tests of re-assertion:
 * with *@keep_flag set it returns leaving evtchn_upcall_pending set (once:
 * it clears *@keep_flag), else clears the flag, the selector and word 0.
 */
static inline void ev_upcall_ack(volatile struct shared_info *s, volatile bool *keep_flag)
{
    if ( *keep_flag )
    {
        *keep_flag = false;
        return;
    }
    s->vcpu_info[0].evtchn_upcall_pending = 0;
    s->vcpu_info[0].evtchn_pending_sel = 0;
    s->evtchn_pending[0] = 0;
}

/*
 * The upcall left set at EOI once: with shared_info mapped at *@s and an
 * IPI port bound on vCPU 0 and unmasked, send on it with *@keep_flag set
 * (the handler calls ev_upcall_ack()) and wait for the upcall.  True when
 * exactly one came; otherwise reported.
 */
static inline bool ev_send_keeping_flag(volatile struct shared_info **s,
                                        volatile bool *keep_flag,
                                        volatile unsigned int *upcalls)
{
    long port;

    *s = ev_map_shared_info();
    if ( !*s )
        return false;
    port = ev_bind_ipi(0);
    if ( port <= 0 || port >= 64 )
        return xtf_failure("bind_ipi(0): %ld", port), false;
    (*s)->evtchn_mask[0] &= ~(1UL << port);
    *keep_flag = true;
    ev_expect("send", ev_port_op(EVTCHNOP_send, port), 0);
    xtf_wait_until(*upcalls >= 1, EV_WAIT_US);
    if ( *upcalls != 1 )
        return xtf_failure("the event sent: %u upcalls before any other exit, expected 1",
                           *upcalls), false;
    return true;
}

/* VCPUOP_register_vcpu_info for @vcpu at @va (identity mapped). */
static inline long ev_register_vcpu_info(unsigned int vcpu, void *va)
{
    struct vcpu_register_vcpu_info info = {
        .mfn = (unsigned long)va >> 12, .offset = (unsigned long)va & 4095,
    };

    return xtf_hypercall(__HYPERVISOR_vcpu_op, VCPUOP_register_vcpu_info, vcpu,
                         (unsigned long)&info, 0, 0);
}

/*
 * On secondary vCPU @vcpu itself: its GIC interface, the upcall PPI, IRQs
 * unmasked, then its vcpu_info at @va registered.  As Linux, once its GIC
 * is ready: Xen marks everything pending in a new vcpu_info and injects
 * the upcall, which a vCPU whose GIC interface is reset afterwards would
 * lose for good.  0 or an error.
 */
static inline int ev_secondary_setup(unsigned int vcpu, void *va)
{
    int rc = xtf_gic_cpu_init();

    if ( rc )
        return rc;
    xtf_gic_enable_ppi(EV_PPI, EV_PRIO);
    xtf_irq_enable();
    return (int)ev_register_vcpu_info(vcpu, va);
}

#endif /* EVTCHN_COMMON_H */
