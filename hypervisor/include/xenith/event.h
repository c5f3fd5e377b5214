/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Event channels (Xen 4.17 public/event_channel.h): per-domain ports and
 * their bindings (event_channel.c), delivered with the 2-level ABI over
 * the domain's shared_info page (event_2l.c) or, once the guest asks with
 * EVTCHNOP_init_control, the FIFO ABI over guest pages (event_fifo.c):
 * one struct evtchn_port_ops per ABI, chosen per domain.
 */
#ifndef XENITH_EVENT_H
#define XENITH_EVENT_H

#include <xenith/spinlock.h>
#include <xenith/types.h>
#include <public/xen.h>
#include <public/event_channel.h>

struct domain;
struct vcpu;

/*
 * Ports a domain may use: Xen 4.17 builds dom0less domUs with
 * max_evtchn_port 1023, so ports 0..1023; port 0 is reserved.
 */
#define EVTCHN_MAX_PORTS        1024
/* VIRQ numbers bindable: VIRQ_* of public/xen.h, below NR_VIRQS. */
#define EVTCHN_NR_VIRQS         24
/* Ports per Xen bucket (a page of 64-byte struct evtchn). */
#define EVTCHN_BUCKET_PORTS     64

/* What Xenith does when a guest sends on a port whose other end it is. */
typedef void (*evtchn_xen_notify_t)(struct domain *d, evtchn_port_t port);

enum evtchn_state {
    ECS_FREE = 0,
    ECS_RESERVED,               /* port 0: never given out */
    ECS_UNBOUND,                /* waiting for remote_domid to bind */
    ECS_INTERDOMAIN,
    ECS_VIRQ,
    ECS_IPI,
    ECS_XEN,                    /* the other end is Xenith itself */
};

/*
 * 16 bytes a port (a domain has EVTCHN_MAX_PORTS of them): vCPU numbers
 * below GUEST_MAX_VCPUS fit in a byte, port numbers in 16 bits.
 */
struct evtchn {
    uint8_t state;              /* enum evtchn_state */
    uint8_t priority;           /* FIFO queue (EVTCHN_FIFO_PRIORITY_*) */
    uint8_t notify_vcpu;        /* the vCPU whose upcall it raises */
    /* FIFO: raised while its event-array page was missing. */
    bool fifo_pending;
    uint8_t fifo_last_priority; /* the queue it was last linked on ... */
    uint8_t fifo_last_vcpu;     /* ... and that queue's vCPU */
    uint16_t peer_port;         /* ECS_INTERDOMAIN: the port at the other end */
    union {
        domid_t unbound_remote; /* ECS_UNBOUND */
        /*
         * ECS_INTERDOMAIN: the domain at the other end, alive while
         * connected: its ports are closed, each under both locks, before
         * it goes, so holding this port's lock keeps it.
         */
        struct domain *peer;
        uint32_t virq;          /* ECS_VIRQ */
        evtchn_xen_notify_t xen_notify; /* ECS_XEN */
    } u;
};

/*
 * How an ABI marks ports pending, masked..., called with the domain's
 * evtchn lock held (so one port's state does not change meanwhile) on
 * ports in use (not free, not port 0).  Ports are numbers of the domain.
 */
struct evtchn_port_ops {
    const char *name;
    /* A port was just bound (FIFO: its priority goes back to the default). */
    void (*init)(struct domain *d, evtchn_port_t port);
    /* Raise @port of @v's domain for @v. */
    void (*set_pending)(struct vcpu *v, evtchn_port_t port);
    void (*clear_pending)(struct domain *d, evtchn_port_t port);
    /* EVTCHNOP_unmask: clear the mask; deliver if pending. */
    void (*unmask)(struct domain *d, evtchn_port_t port);
    bool (*is_pending)(const struct domain *d, evtchn_port_t port);
    bool (*is_masked)(const struct domain *d, evtchn_port_t port);
    /* Still on a queue after being closed: not free for reuse (NULL: never). */
    bool (*is_busy)(const struct domain *d, evtchn_port_t port);
    /* EVTCHNOP_set_priority (NULL: the ABI has none, -ENOSYS). */
    int (*set_priority)(struct domain *d, evtchn_port_t port, unsigned int priority);
};

struct evtchn_domain {
    /*
     * Protects ports[], virq_to_port[], ops and fifo (its tails and
     * pages): every state change of a port of this domain, every ABI
     * operation.  An operation on two domains (bind_interdomain, close of
     * an interdomain port, send) takes both locks, lower domid first.
     * IRQ-safe (a VIRQ may be sent from an interrupt handler).  Taken
     * inside the domain list lock, never around it (get_domain_by_id()).
     * The guest's words (2-level bitmaps, FIFO event words and control
     * blocks) are shared with it: changed with atomic operations only.
     */
    spinlock_t lock;
    const struct evtchn_port_ops *ops;  /* 2-level, or FIFO after init_control */
    struct evtchn_fifo_domain *fifo;    /* event_fifo.c; NULL in 2-level */
    /*
     * Ports below nr_valid exist; as Xen, they come in groups of
     * EVTCHN_BUCKET_PORTS as they are first allocated (Xen's buckets),
     * and a port beyond is out of range (-EINVAL) even if below the max.
     */
    unsigned int nr_valid;
    unsigned int reset_next;    /* EVTCHNOP_reset: next port to close, 0: none */
    struct evtchn ports[EVTCHN_MAX_PORTS];
    /* virq_to_port[vcpu * EVTCHN_NR_VIRQS + virq]: 0 when unbound. */
    evtchn_port_t *virq_to_port;
    /*
     * vcpu_info of the vCPUs without a slot in shared_info (all but
     * vCPU 0 on Arm) until they register one (VCPUOP_register_vcpu_info):
     * events still work, the guest cannot see them.  (Xen shares one
     * dummy vcpu_info between all such vCPUs.)
     */
    struct vcpu_info *spare_vcpu_info;
};

/*
 * Domain creation: allocate the port table and the domain's shared_info
 * page (a xenheap page, until XENMEM_add_to_physmap maps it for the
 * guest); port 0 reserved, the page zeroed.  0 or -ENOMEM.
 */
int evtchn_domain_init(struct domain *d);
/*
 * Domain destruction (the domain is dying): close every port, interdomain
 * peers see unbound.  The ports stay for ops still holding the domain.
 */
void evtchn_domain_close(struct domain *d);
/* The domain's last put_domain() (or a failed creation): close and free. */
void evtchn_domain_destroy(struct domain *d);

/* EVTCHNOP_* with its argument already copied in; copies results out. */
long evtchn_op(struct domain *d, unsigned int cmd, void *arg);
/* EVTCHNOP_send of @port by @d: evtchn_op()'s, without its dispatch. */
long evtchn_op_send_port(struct domain *d, evtchn_port_t port);
/* The hypercall (event_op.c): copy the argument from @arg (guest virtual), call evtchn_op. */
long do_event_channel_op(int cmd, uint64_t arg);

/*
 * Static event channels (static_evtchn.c): connect port @aport of @a and
 * port @bport of @b before the domains run; @b's end starts pending, as
 * after Xen's bind_interdomain.  0, -EINVAL (out of range, a port to
 * itself) or -EBUSY (in use).
 */
int evtchn_bind_static(struct domain *a, evtchn_port_t aport,
                       struct domain *b, evtchn_port_t bport);

/*
 * A port of @d whose other end is Xenith itself (a backend inside the
 * hypervisor, e.g. the PV console): the guest's EVTCHNOP_send on it calls
 * @notify(d, port) (in the sender's context, no evtchn lock held).  It
 * notifies vCPU @vcpu_id (the guest may move it with EVTCHNOP_bind_vcpu),
 * shows as interdomain with DOMID_XEN in EVTCHNOP_status and is freed
 * like any other port if the guest closes it.  The port or -errno
 * (-ENOENT no such vCPU, -ENOSPC no free port).
 */
int evtchn_alloc_xen_port(struct domain *d, unsigned int vcpu_id,
                          evtchn_xen_notify_t notify);
/* Raise @port of @d in the guest, if it is still a Xenith port. */
void evtchn_send_xen_port(struct domain *d, evtchn_port_t port);

/* Raise @virq for @v (or vCPU 0 of @d for a global one) if bound. */
void send_guest_vcpu_virq(struct vcpu *v, uint32_t virq);
void send_guest_global_virq(struct domain *d, uint32_t virq);
/* A global VIRQ for the domain that handles it (Xen: the hardware domain). */
void send_global_virq(uint32_t virq);
/* The 'q' key, as Xen: VIRQ_DEBUG to every vCPU of @d, one line each. */
void evtchn_send_debug_virqs(struct domain *d);

/* Whether @port of @d is pending / masked in its ABI (a free one: masked). */
bool evtchn_port_is_pending(struct domain *d, evtchn_port_t port);
bool evtchn_port_is_masked(struct domain *d, evtchn_port_t port);
/* SCHEDOP_poll's look at @port (Xen's evtchn_port_poll): 1 pending, 0 not, -EINVAL not in use. */
int evtchn_port_poll(struct domain *d, evtchn_port_t port);

/* ------------------------------------------------ for the ABIs' code */

/* struct evtchn of @port of @d (a macro: struct domain is not known here). */
#define evtchn_from_port(d, port)   (&(d)->evtchn->ports[(port)])

/* The vcpu_info whose selector and upcall flag belong to @v (event_2l.c). */
struct vcpu_info *evtchn_vcpu_info(struct vcpu *v);
/* Set @v's evtchn_upcall_pending; its 0 -> 1 interrupts @v. */
void evtchn_mark_vcpu_pending(struct vcpu *v);
/*
 * Whether @v's evtchn_upcall_pending is set where its guest can clear it:
 * not in Xenith's spare vcpu_info of a vCPU that registered none (Xen
 * gives those one dummy vcpu_info whose flag, once set, stays set).
 */
bool evtchn_upcall_pending(struct vcpu *v);

/* The 2-level ABI over d->shared_info (event_2l.c): every domain's first. */
extern const struct evtchn_port_ops evtchn_port_ops_2l;

/*
 * The FIFO ABI (event_fifo.c).  EVTCHNOP_init_control switches the domain
 * to it (link_bits is set even on failure, as Xen); expand_array adds an
 * event-array page.  destroy puts every guest page back and returns the
 * domain to 2-level (EVTCHNOP_reset, destruction); a no-op in 2-level.
 */
long evtchn_fifo_init_control(struct domain *d, struct evtchn_init_control *ic);
long evtchn_fifo_expand_array(struct domain *d, const struct evtchn_expand_array *ea);
void evtchn_fifo_destroy(struct domain *d);

#endif /* XENITH_EVENT_H */
