/* SPDX-License-Identifier: MIT */
/*
 * event_channel_op(cmd, arg): event channels (Xen 4.17).
 *
 * An event channel carries a one-bit notification.  Each end is a port of
 * a domain; a port is bound to another domain's port (interdomain), to a
 * virtual IRQ (VIRQ_*, xen.h), to a physical IRQ, or to another vCPU of the
 * same domain (IPI).  A pending port notifies one vCPU of its domain.
 *
 * Two ABIs exist for the pending and mask state.  The 2-level ABI keeps
 * bitmaps in shared_info (xen.h) with a per-vCPU selector; a domain starts
 * with it.  The FIFO ABI (below), chosen with EVTCHNOP_init_control, keeps
 * one 32-bit word per port in guest pages and per-vCPU priority queues.
 */
#ifndef __XEN_PUBLIC_EVENT_CHANNEL_H__
#define __XEN_PUBLIC_EVENT_CHANNEL_H__

#include "xen.h"

/* Commands; the argument is the struct evtchn_<command>. */
#define EVTCHNOP_bind_interdomain 0
#define EVTCHNOP_bind_virq        1
#define EVTCHNOP_bind_pirq        2
#define EVTCHNOP_close            3
#define EVTCHNOP_send             4
#define EVTCHNOP_status           5
#define EVTCHNOP_alloc_unbound    6
#define EVTCHNOP_bind_ipi         7
#define EVTCHNOP_bind_vcpu        8
#define EVTCHNOP_unmask           9
#define EVTCHNOP_reset           10
#define EVTCHNOP_init_control    11
#define EVTCHNOP_expand_array    12
#define EVTCHNOP_set_priority    13
#if defined(__XEN__) || defined(__XENITH__)
/* The hypervisor's own continuation of EVTCHNOP_reset. */
#define EVTCHNOP_reset_cont      14
#endif

typedef uint32_t evtchn_port_t;
DEFINE_XEN_GUEST_HANDLE(evtchn_port_t);

/*
 * EVTCHNOP_alloc_unbound: allocate a fresh port in @dom that @remote_dom
 * may later bind to.  An unprivileged caller passes DOMID_SELF as @dom;
 * @remote_dom may be DOMID_SELF (a loopback channel).
 */
struct evtchn_alloc_unbound {
    /* IN */
    domid_t dom, remote_dom;
    /* OUT */
    evtchn_port_t port;
};
typedef struct evtchn_alloc_unbound evtchn_alloc_unbound_t;

/*
 * EVTCHNOP_bind_interdomain: connect a fresh local port to
 * <@remote_dom, @remote_port>, which must be unbound and allocated for the
 * caller.  The new local port starts pending, in case the peer signalled
 * before the binding existed.  @remote_dom may be DOMID_SELF.
 */
struct evtchn_bind_interdomain {
    /* IN */
    domid_t remote_dom;
    evtchn_port_t remote_port;
    /* OUT */
    evtchn_port_t local_port;
};
typedef struct evtchn_bind_interdomain evtchn_bind_interdomain_t;

/*
 * EVTCHNOP_bind_virq: bind a fresh port to @virq for @vcpu.  A global VIRQ
 * is bound on vCPU 0 (EVTCHNOP_bind_vcpu can move it later); a per-vCPU
 * VIRQ can be bound once per vCPU, to that vCPU for good.
 */
struct evtchn_bind_virq {
    /* IN */
    uint32_t virq;                  /* VIRQ_* */
    uint32_t vcpu;
    /* OUT */
    evtchn_port_t port;
};
typedef struct evtchn_bind_virq evtchn_bind_virq_t;

/*
 * EVTCHNOP_bind_pirq: bind a fresh port to physical IRQ @pirq (privileged;
 * one port per IRQ and domain).
 */
struct evtchn_bind_pirq {
    /* IN */
    uint32_t pirq;
#define BIND_PIRQ__WILL_SHARE 1
    uint32_t flags;                 /* BIND_PIRQ__* */
    /* OUT */
    evtchn_port_t port;
};
typedef struct evtchn_bind_pirq evtchn_bind_pirq_t;

/* EVTCHNOP_bind_ipi: a fresh port that notifies @vcpu, for good. */
struct evtchn_bind_ipi {
    uint32_t vcpu;
    /* OUT */
    evtchn_port_t port;
};
typedef struct evtchn_bind_ipi evtchn_bind_ipi_t;

/*
 * EVTCHNOP_close: free a local port.  The peer of an interdomain channel
 * becomes unbound again, ready for a new connection.
 */
struct evtchn_close {
    /* IN */
    evtchn_port_t port;
};
typedef struct evtchn_close evtchn_close_t;

/* EVTCHNOP_send: signal the other end of the channel of local @port. */
struct evtchn_send {
    /* IN */
    evtchn_port_t port;
};
typedef struct evtchn_send evtchn_send_t;

/*
 * EVTCHNOP_status: the state of port <@dom, @port>.  @dom may be
 * DOMID_SELF; another domain needs privilege.
 */
struct evtchn_status {
    /* IN */
    domid_t  dom;
    evtchn_port_t port;
    /* OUT */
#define EVTCHNSTAT_closed       0  /* not in use */
#define EVTCHNSTAT_unbound      1  /* waiting for an interdomain binding */
#define EVTCHNSTAT_interdomain  2  /* connected to a remote port */
#define EVTCHNSTAT_pirq         3  /* bound to a physical IRQ */
#define EVTCHNSTAT_virq         4  /* bound to a virtual IRQ */
#define EVTCHNSTAT_ipi          5  /* bound to a vCPU of the domain */
    uint32_t status;
    uint32_t vcpu;                  /* the vCPU it notifies */
    union {
        struct {
            domid_t dom;            /* who may bind to it */
        } unbound;
        struct {
            domid_t dom;
            evtchn_port_t port;     /* the remote end */
        } interdomain;
        uint32_t pirq;
        uint32_t virq;
    } u;
};
typedef struct evtchn_status evtchn_status_t;

/*
 * EVTCHNOP_bind_vcpu: make @port notify @vcpu.  Not for IPI or per-vCPU
 * VIRQ ports, whose vCPU is fixed; other ports notify vCPU 0 when bound.
 */
struct evtchn_bind_vcpu {
    /* IN */
    evtchn_port_t port;
    uint32_t vcpu;
};
typedef struct evtchn_bind_vcpu evtchn_bind_vcpu_t;

/* EVTCHNOP_unmask: unmask @port; notify its vCPU if it is pending. */
struct evtchn_unmask {
    /* IN */
    evtchn_port_t port;
};
typedef struct evtchn_unmask evtchn_unmask_t;

/*
 * EVTCHNOP_reset: close every port of @dom (DOMID_SELF, or another domain
 * for a privileged caller).  For the caller itself this also drops the
 * FIFO state and returns to the 2-level ABI.  Events bound meanwhile may
 * be lost.
 */
struct evtchn_reset {
    /* IN */
    domid_t dom;
};
typedef struct evtchn_reset evtchn_reset_t;

/*
 * EVTCHNOP_init_control: give @vcpu its FIFO control block, at byte @offset
 * of guest frame @control_gfn (8-aligned, inside the page).  The first call
 * switches the domain to the FIFO ABI; call it before binding ports, since
 * events pending at that moment are not carried over.
 */
struct evtchn_init_control {
    /* IN */
    uint64_t control_gfn;
    uint32_t offset;
    uint32_t vcpu;
    /* OUT */
    uint8_t link_bits;              /* EVTCHN_FIFO_LINK_BITS */
    uint8_t _pad[7];
};
typedef struct evtchn_init_control evtchn_init_control_t;

/*
 * EVTCHNOP_expand_array: add guest frame @array_gfn as the next page of the
 * FIFO event array (1024 event words per 4 KiB page).
 */
struct evtchn_expand_array {
    /* IN */
    uint64_t array_gfn;
};
typedef struct evtchn_expand_array evtchn_expand_array_t;

/* EVTCHNOP_set_priority: FIFO queue of @port (EVTCHN_FIFO_PRIORITY_*). */
struct evtchn_set_priority {
    /* IN */
    evtchn_port_t port;
    uint32_t priority;
};
typedef struct evtchn_set_priority evtchn_set_priority_t;

/*
 * The argument of the old event_channel_op_compat hypercall (interfaces
 * before 0x00030202): the command followed by its structure.
 */
struct evtchn_op {
    uint32_t cmd;                   /* EVTCHNOP_* */
    union {
        evtchn_alloc_unbound_t    alloc_unbound;
        evtchn_bind_interdomain_t bind_interdomain;
        evtchn_bind_virq_t        bind_virq;
        evtchn_bind_pirq_t        bind_pirq;
        evtchn_bind_ipi_t         bind_ipi;
        evtchn_close_t            close;
        evtchn_send_t             send;
        evtchn_status_t           status;
        evtchn_bind_vcpu_t        bind_vcpu;
        evtchn_unmask_t           unmask;
    } u;
};
typedef struct evtchn_op evtchn_op_t;
DEFINE_XEN_GUEST_HANDLE(evtchn_op_t);

/* 2-level ABI: one bit per port in each shared_info bitmap (4096 ports). */
#define EVTCHN_2L_NR_CHANNELS (sizeof(xen_ulong_t) * sizeof(xen_ulong_t) * 64)

/*
 * FIFO ABI.
 *
 * Every port has an event word, word p % 1024 of event-array page p / 1024:
 *   bit 31 PENDING  set by the hypervisor, cleared by the guest
 *   bit 30 MASKED   owned by the guest
 *   bit 29 LINKED   the port is on a queue
 *   bit 28 BUSY     the hypervisor is updating LINK; the guest must not
 *                   clear MASKED meanwhile
 *   bits 0-16 LINK  the next port of the queue, 0 at the end
 * Each vCPU has a queue per priority.  In its control block, bit q of
 * ready says queue q is not empty, and head[q] is the first port of
 * queue q.
 */
#define EVTCHN_FIFO_PRIORITY_MAX     0      /* the highest */
#define EVTCHN_FIFO_PRIORITY_DEFAULT 7
#define EVTCHN_FIFO_PRIORITY_MIN     15     /* the lowest */

#define EVTCHN_FIFO_MAX_QUEUES (EVTCHN_FIFO_PRIORITY_MIN + 1)

typedef uint32_t event_word_t;

/* Bit numbers in an event word. */
#define EVTCHN_FIFO_PENDING 31
#define EVTCHN_FIFO_MASKED  30
#define EVTCHN_FIFO_LINKED  29
#define EVTCHN_FIFO_BUSY    28

#define EVTCHN_FIFO_LINK_BITS 17
#define EVTCHN_FIFO_LINK_MASK ((1 << EVTCHN_FIFO_LINK_BITS) - 1)

#define EVTCHN_FIFO_NR_CHANNELS (1 << EVTCHN_FIFO_LINK_BITS)

struct evtchn_fifo_control_block {
    uint32_t ready;
    uint32_t _rsvd;
    uint32_t head[EVTCHN_FIFO_MAX_QUEUES];
};
typedef struct evtchn_fifo_control_block evtchn_fifo_control_block_t;

#ifdef XEN_PUBLIC_LP64
XEN_PUBLIC_SIZE(struct evtchn_alloc_unbound, 8);
XEN_PUBLIC_OFFSET(struct evtchn_alloc_unbound, remote_dom, 2);
XEN_PUBLIC_OFFSET(struct evtchn_alloc_unbound, port, 4);
XEN_PUBLIC_SIZE(struct evtchn_bind_interdomain, 12);
XEN_PUBLIC_OFFSET(struct evtchn_bind_interdomain, remote_port, 4);
XEN_PUBLIC_OFFSET(struct evtchn_bind_interdomain, local_port, 8);
XEN_PUBLIC_SIZE(struct evtchn_bind_virq, 12);
XEN_PUBLIC_OFFSET(struct evtchn_bind_virq, vcpu, 4);
XEN_PUBLIC_OFFSET(struct evtchn_bind_virq, port, 8);
XEN_PUBLIC_SIZE(struct evtchn_bind_pirq, 12);
XEN_PUBLIC_OFFSET(struct evtchn_bind_pirq, port, 8);
XEN_PUBLIC_SIZE(struct evtchn_bind_ipi, 8);
XEN_PUBLIC_OFFSET(struct evtchn_bind_ipi, port, 4);
XEN_PUBLIC_SIZE(struct evtchn_close, 4);
XEN_PUBLIC_SIZE(struct evtchn_send, 4);
XEN_PUBLIC_SIZE(struct evtchn_status, 24);
XEN_PUBLIC_OFFSET(struct evtchn_status, port, 4);
XEN_PUBLIC_OFFSET(struct evtchn_status, status, 8);
XEN_PUBLIC_OFFSET(struct evtchn_status, vcpu, 12);
XEN_PUBLIC_OFFSET(struct evtchn_status, u, 16);
XEN_PUBLIC_OFFSET(struct evtchn_status, u.interdomain.port, 20);
XEN_PUBLIC_SIZE(struct evtchn_bind_vcpu, 8);
XEN_PUBLIC_OFFSET(struct evtchn_bind_vcpu, vcpu, 4);
XEN_PUBLIC_SIZE(struct evtchn_unmask, 4);
XEN_PUBLIC_SIZE(struct evtchn_reset, 2);
XEN_PUBLIC_SIZE(struct evtchn_init_control, 24);
XEN_PUBLIC_OFFSET(struct evtchn_init_control, offset, 8);
XEN_PUBLIC_OFFSET(struct evtchn_init_control, vcpu, 12);
XEN_PUBLIC_OFFSET(struct evtchn_init_control, link_bits, 16);
XEN_PUBLIC_SIZE(struct evtchn_expand_array, 8);
XEN_PUBLIC_SIZE(struct evtchn_set_priority, 8);
XEN_PUBLIC_OFFSET(struct evtchn_set_priority, priority, 4);
XEN_PUBLIC_SIZE(struct evtchn_op, 28);
XEN_PUBLIC_OFFSET(struct evtchn_op, u, 4);
XEN_PUBLIC_SIZE(struct evtchn_fifo_control_block, 72);
XEN_PUBLIC_OFFSET(struct evtchn_fifo_control_block, head, 8);
#endif

#endif /* __XEN_PUBLIC_EVENT_CHANNEL_H__ */
