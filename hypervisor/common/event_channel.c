/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Event channels, the core (Xen 4.17 public/event_channel.h): each domain
 * has EVTCHN_MAX_PORTS ports, each free, unbound (waiting for one remote
 * domain to bind), interdomain (connected to a remote port), bound to a
 * VIRQ or an IPI, or Xenith's (its other end is a backend inside the
 * hypervisor).  Port 0 is reserved.  How a port is marked pending or
 * masked is the domain's ABI (struct evtchn_port_ops: event_2l.c, or
 * event_fifo.c after EVTCHNOP_init_control).
 *
 * Arguments are checked in Xen's order with Xen's errors: an unknown
 * domain -ESRCH, another domain without privilege -EPERM, a port out of
 * range or in the wrong state -EINVAL, a vCPU that does not exist
 * -ENOENT, a VIRQ already bound -EEXIST, no free port -ENOSPC.
 * As in Xen, a port is "in range" once the group of EVTCHN_BUCKET_PORTS
 * holding it has been used (Xen allocates struct evtchn a page at a time).
 *
 * Xen 4.17 on Arm runs its XSM "SILO" module by default: no channel may
 * be made between two unprivileged domains by themselves (-EPERM), only
 * with a privileged domain, within a domain, or by the hypervisor
 * (static event channels).  So do we (xenith/xsm.h; xsm=dummy as Xen).
 *
 * Locking: see struct evtchn_domain in xenith/event.h.  An op holds a
 * reference on every other domain it touches (get_domain_by_id()), so
 * their port tables stay until it is done: evtchn_domain_close() closes a
 * dying domain's ports (peers see unbound), evtchn_domain_destroy() frees
 * them at its last put_domain().
 */
#include <xenith/errno.h>
#include <xenith/event.h>
#include <xenith/domain.h>
#include <xenith/guest_atomics.h>
#include <xenith/hypercall.h>
#include <xenith/lib.h>
#include <xenith/page_alloc.h>
#include <xenith/printk.h>
#include <xenith/sched.h>
#include <xenith/xmalloc.h>
#include <xenith/xsm.h>
#include <asm/event.h>

/* struct evtchn's byte-sized vCPU and 16-bit port numbers hold every one. */
static_assert(GUEST_MAX_VCPUS <= 256 && EVTCHN_MAX_PORTS <= 65536, "struct evtchn fields");
static_assert(sizeof(struct evtchn) == 16, "struct evtchn: 16 bytes a port");

/* Xen on Arm: a domU's nr_pirqs is NR_IRQS (1024). */
#define EVTCHN_NR_PIRQS     1024

static bool port_valid(const struct domain *d, evtchn_port_t port)
{
    return port < d->evtchn->nr_valid;
}

static struct evtchn *port_of(struct domain *d, evtchn_port_t port)
{
    return &d->evtchn->ports[port];
}

static struct vcpu *vcpu_of(struct domain *d, uint32_t id)
{
    return id < d->max_vcpus ? d->vcpu[id] : NULL;
}

/* Per-vCPU VIRQs; every other one, Arm's VIRQ_ARCH_* included, is global. */
static bool virq_is_global(uint32_t virq)
{
    return virq != VIRQ_TIMER && virq != VIRQ_DEBUG && virq != VIRQ_XENOPROF &&
           virq != VIRQ_XENPMU;
}

/* Where @virq bound on vCPU @vcpu is recorded (a global one: on vCPU 0). */
static evtchn_port_t *virq_slot(struct domain *d, uint32_t vcpu, uint32_t virq)
{
    if ( virq_is_global(virq) )
        vcpu = 0;
    return &d->evtchn->virq_to_port[vcpu * EVTCHN_NR_VIRQS + virq];
}

/* Lock the ports of @a and @b (possibly the same), lower domid first. */
static void lock_two(struct domain *a, struct domain *b, unsigned long *flags)
{
    if ( a->domain_id > b->domain_id )
    {
        struct domain *t = a;

        a = b;
        b = t;
    }
    spin_lock_irqsave(&a->evtchn->lock, *flags);
    if ( a != b )
        spin_lock(&b->evtchn->lock);
}

static void unlock_two(struct domain *a, struct domain *b, unsigned long flags)
{
    if ( a != b )
        spin_unlock(&b->evtchn->lock);
    spin_unlock_irqrestore(&a->evtchn->lock, flags);
}

/* ------------------------------------------------- the ABI, per port */

/* Ports the ABI looks at: in use by the guest (Xen's evtchn_usable()). */
static bool port_in_use(struct domain *d, evtchn_port_t port)
{
    return port_of(d, port)->state > ECS_RESERVED;
}

/* Raise @port of @d for its vCPU @vcpu_id.  Caller holds d's lock. */
static void raise_port(struct domain *d, unsigned int vcpu_id, evtchn_port_t port)
{
    if ( !port_in_use(d, port) )
        return;
    d->evtchn->ops->set_pending(d->vcpu[vcpu_id], port);
    /* Masked or not: SCHEDOP_poll looks at pending bits only. */
    sched_check_pollers(d, port);
}

static void raise_port_notify(struct domain *d, evtchn_port_t port)
{
    raise_port(d, port_of(d, port)->notify_vcpu, port);
}

/* A port just bound to @state: the ABI may reset what it keeps for it. */
static void bind_port(struct domain *d, evtchn_port_t port, enum evtchn_state state)
{
    port_of(d, port)->state = state;
    if ( d->evtchn->ops->init )
        d->evtchn->ops->init(d, port);
}

/* Under the lock: the ABI (and its pages) may change meanwhile. */
bool evtchn_port_is_pending(struct domain *d, evtchn_port_t port)
{
    unsigned long flags;
    bool pending;

    spin_lock_irqsave(&d->evtchn->lock, flags);
    pending = port_valid(d, port) && port_in_use(d, port) &&
              d->evtchn->ops->is_pending(d, port);
    spin_unlock_irqrestore(&d->evtchn->lock, flags);
    return pending;
}

int evtchn_port_poll(struct domain *d, evtchn_port_t port)
{
    unsigned long flags;
    int rc = -EINVAL;

    spin_lock_irqsave(&d->evtchn->lock, flags);
    if ( port_valid(d, port) && port_in_use(d, port) )
        rc = d->evtchn->ops->is_pending(d, port);
    spin_unlock_irqrestore(&d->evtchn->lock, flags);
    return rc;
}

bool evtchn_port_is_masked(struct domain *d, evtchn_port_t port)
{
    unsigned long flags;
    bool masked;

    spin_lock_irqsave(&d->evtchn->lock, flags);
    masked = !port_valid(d, port) || !port_in_use(d, port) ||
             d->evtchn->ops->is_masked(d, port);
    spin_unlock_irqrestore(&d->evtchn->lock, flags);
    return masked;
}

/* ---------------------------------------------------------- free ports */

/*
 * Take @port for a new binding (Xen's evtchn_allocate_port): -ENOSPC
 * beyond the last port, -EBUSY if in use or still on a FIFO queue.  A
 * port beyond the valid ones makes its group valid.  Caller holds d's lock.
 */
static int claim_port(struct domain *d, evtchn_port_t port)
{
    struct evtchn_domain *e = d->evtchn;

    if ( port >= EVTCHN_MAX_PORTS )
        return -ENOSPC;
    if ( port_valid(d, port) )
    {
        if ( port_of(d, port)->state != ECS_FREE ||
             (e->ops->is_busy && e->ops->is_busy(d, port)) )
            return -EBUSY;
        return 0;
    }
    e->nr_valid = ROUNDUP(port + 1, EVTCHN_BUCKET_PORTS);
    return 0;
}

/* Lowest free port, -ENOSPC, or -EINVAL for a dying domain (as Xen). */
static int get_free_port(struct domain *d)
{
    if ( d->is_dying )
        return -EINVAL;
    for ( evtchn_port_t p = 1; p < EVTCHN_MAX_PORTS; p++ )
    {
        int rc = claim_port(d, p);

        if ( rc != -EBUSY )
            return rc ? rc : (int)p;
    }
    return -ENOSPC;
}

/* Make @port free again; a stale pending bit would fire on its next use. */
static void free_port(struct domain *d, evtchn_port_t port)
{
    struct evtchn *chn = port_of(d, port);

    if ( port_in_use(d, port) )
        d->evtchn->ops->clear_pending(d, port);
    chn->state = ECS_FREE;
    chn->notify_vcpu = 0;
    memset(&chn->u, 0, sizeof(chn->u));
}

/*
 * The domain an op names: DOMID_SELF or its own id, or any if privileged.
 * -ESRCH, or 0 / -EPERM with *@out referenced (put_domain() when done).
 */
static int target_domain(struct domain *cur, domid_t dom, struct domain **out)
{
    struct domain *d;

    if ( dom == DOMID_SELF || dom == cur->domain_id )
        get_knownalive_domain(d = cur);
    else if ( !(d = get_domain_by_id(dom)) )
        return -ESRCH;
    if ( !d->evtchn )
    {
        put_domain(d);
        return -ESRCH;
    }
    *out = d;
    return d != cur && !cur->is_privileged ? -EPERM : 0;
}

/* ------------------------------------------------------------- binding */

static long evtchn_alloc_unbound(struct domain *cur, struct evtchn_alloc_unbound *a)
{
    struct domain *d;
    unsigned long flags;
    int rc = target_domain(cur, a->dom, &d), port;

    if ( rc == -ESRCH )
        return rc;
    /*
     * As Xen, XSM's answer counts after a free port is found; it is asked
     * first because it takes the domain list lock, not under ours.
     */
    rc = xsm_evtchn_unbound(cur, d, a->remote_dom);
    spin_lock_irqsave(&d->evtchn->lock, flags);
    port = get_free_port(d);
    if ( port >= 0 && !rc )
    {
        port_of(d, port)->u.unbound_remote =
            a->remote_dom == DOMID_SELF ? cur->domain_id : a->remote_dom;
        bind_port(d, port, ECS_UNBOUND);
        a->port = port;
    }
    spin_unlock_irqrestore(&d->evtchn->lock, flags);
    put_domain(d);
    return port < 0 ? port : rc;
}

/* Connect @lport of @ld and @rport of @rd.  Caller holds both locks. */
static void connect_ports(struct domain *ld, evtchn_port_t lport,
                          struct domain *rd, evtchn_port_t rport)
{
    port_of(ld, lport)->u.peer = rd;
    port_of(ld, lport)->peer_port = rport;
    bind_port(ld, lport, ECS_INTERDOMAIN);
    port_of(rd, rport)->state = ECS_INTERDOMAIN;
    port_of(rd, rport)->u.peer = ld;
    port_of(rd, rport)->peer_port = lport;
    /*
     * As Xen: sends to the remote port while it was unbound were dropped,
     * so the new local port starts pending in case one was lost.
     */
    raise_port_notify(ld, lport);
}

static long evtchn_bind_interdomain(struct domain *ld, struct evtchn_bind_interdomain *b)
{
    struct domain *rd;
    struct evtchn *rchn;
    unsigned long flags;
    int lport;

    if ( b->remote_dom == DOMID_SELF )
        get_knownalive_domain(rd = ld);
    else if ( !(rd = get_domain_by_id(b->remote_dom)) )
        return -ESRCH;
    if ( !rd->evtchn )
    {
        put_domain(rd);
        return -ESRCH;
    }
    lock_two(ld, rd, &flags);
    lport = get_free_port(ld);
    if ( lport < 0 )
        goto out;
    rchn = port_valid(rd, b->remote_port) ? port_of(rd, b->remote_port) : NULL;
    if ( !rchn || rchn->state != ECS_UNBOUND || rchn->u.unbound_remote != ld->domain_id )
    {
        lport = -EINVAL;
        goto out;
    }
    if ( !xsm_channel_allowed(ld, ld, rd) )
    {
        lport = -EPERM;
        goto out;
    }
    connect_ports(ld, lport, rd, b->remote_port);
    b->local_port = lport;
 out:
    unlock_two(ld, rd, flags);
    put_domain(rd);
    return lport < 0 ? lport : 0;
}

static long evtchn_bind_virq(struct domain *d, struct evtchn_bind_virq *b)
{
    evtchn_port_t *slot;
    unsigned long flags;
    int port;

    if ( b->virq >= EVTCHN_NR_VIRQS || (virq_is_global(b->virq) && b->vcpu != 0) )
        return -EINVAL;
    if ( !vcpu_of(d, b->vcpu) )
        return -ENOENT;
    slot = virq_slot(d, b->vcpu, b->virq);
    spin_lock_irqsave(&d->evtchn->lock, flags);
    port = *slot ? -EEXIST : get_free_port(d);
    if ( port >= 0 )
    {
        port_of(d, port)->notify_vcpu = b->vcpu;
        port_of(d, port)->u.virq = b->virq;
        bind_port(d, port, ECS_VIRQ);
        *slot = port;
        b->port = port;
    }
    spin_unlock_irqrestore(&d->evtchn->lock, flags);
    return port < 0 ? port : 0;
}

static long evtchn_bind_ipi(struct domain *d, struct evtchn_bind_ipi *b)
{
    unsigned long flags;
    int port;

    if ( !vcpu_of(d, b->vcpu) )
        return -ENOENT;
    spin_lock_irqsave(&d->evtchn->lock, flags);
    port = get_free_port(d);
    if ( port >= 0 )
    {
        port_of(d, port)->notify_vcpu = b->vcpu;
        bind_port(d, port, ECS_IPI);
        b->port = port;
    }
    spin_unlock_irqrestore(&d->evtchn->lock, flags);
    return port < 0 ? port : 0;
}

/*
 * Xen 4.17 on Arm: a PIRQ below the domain's nr_pirqs (1024) passes the
 * checks, takes a free port, then finds no PIRQ structure (Arm allocates
 * none): -ENOMEM, or -ENOSPC when no port is free; above, -EINVAL.
 */
static long evtchn_bind_pirq(struct domain *d, struct evtchn_bind_pirq *b)
{
    unsigned long flags;
    int port;

    if ( b->pirq >= EVTCHN_NR_PIRQS )
        return -EINVAL;
    spin_lock_irqsave(&d->evtchn->lock, flags);
    port = get_free_port(d);
    spin_unlock_irqrestore(&d->evtchn->lock, flags);
    return port < 0 ? port : -ENOMEM;
}

/*
 * Which ports EVTCHNOP_bind_vcpu moves, as Xen: unbound, interdomain and
 * global VIRQ ones (PIRQs too, but Arm has none; and Xenith's, which are
 * interdomain to the guest); IPIs and per-vCPU VIRQs stay where bound.
 */
static long evtchn_bind_vcpu(struct domain *d, struct evtchn_bind_vcpu *b)
{
    struct evtchn *chn;
    unsigned long flags;
    long rc = 0;

    if ( !vcpu_of(d, b->vcpu) )
        return -ENOENT;
    if ( !port_valid(d, b->port) )
        return -EINVAL;
    chn = port_of(d, b->port);
    spin_lock_irqsave(&d->evtchn->lock, flags);
    if ( chn->state == ECS_UNBOUND || chn->state == ECS_INTERDOMAIN ||
         chn->state == ECS_XEN ||
         (chn->state == ECS_VIRQ && virq_is_global(chn->u.virq)) )
        chn->notify_vcpu = b->vcpu;
    else
        rc = -EINVAL;
    spin_unlock_irqrestore(&d->evtchn->lock, flags);
    return rc;
}

/*
 * Take @d's lock and, for an interdomain port, its peer's too, in lock
 * order; returns the peer (or @d), which unlock_peer() puts.  The peer is
 * read and referenced under @d's lock, then both are taken: callers read
 * the state again, since it may have changed.  NULL, nothing locked: the
 * peer is dying (its destruction is closing its ports); the caller retries.
 */
static struct domain *lock_with_peer(struct domain *d, const struct evtchn *chn,
                                     unsigned long *flags)
{
    struct domain *rd = d;

    spin_lock_irqsave(&d->evtchn->lock, *flags);
    /* A port connected to its own domain needs no other reference. */
    if ( chn->state == ECS_INTERDOMAIN && chn->u.peer != d )
    {
        rd = chn->u.peer;
        if ( !get_domain(rd) )
            rd = NULL;
    }
    spin_unlock_irqrestore(&d->evtchn->lock, *flags);
    if ( rd )
        lock_two(d, rd, flags);
    return rd;
}

static void unlock_peer(struct domain *d, struct domain *rd, unsigned long flags)
{
    unlock_two(d, rd, flags);
    if ( rd != d )
        put_domain(rd);
}

/* --------------------------------------------------------------- close */

/*
 * Close @port of @d.  An interdomain port needs the remote lock too, so
 * its peer is read, both locks taken in order and the state read again.
 */
static long evtchn_close(struct domain *d, evtchn_port_t port)
{
    struct evtchn *chn;
    struct domain *rd;
    unsigned long flags;
    long rc = 0;

    if ( !port_valid(d, port) )
        return -EINVAL;
    chn = port_of(d, port);
    rd = lock_with_peer(d, chn, &flags);
    if ( !rd )
        return -EAGAIN;
    switch ( chn->state )
    {
    case ECS_INTERDOMAIN:
        if ( chn->u.peer != rd )
        {
            rc = -EAGAIN;       /* reconnected meanwhile: caller retries */
            break;
        }
        /* The remote end waits for us again, as in Xen. */
        port_of(rd, chn->peer_port)->state = ECS_UNBOUND;
        port_of(rd, chn->peer_port)->u.unbound_remote = d->domain_id;
        free_port(d, port);
        break;
    case ECS_VIRQ:
        *virq_slot(d, chn->notify_vcpu, chn->u.virq) = 0;
        free_port(d, port);
        break;
    case ECS_UNBOUND:
    case ECS_IPI:
    case ECS_XEN:
        free_port(d, port);
        break;
    default:                    /* free, or reserved port 0 */
        rc = -EINVAL;
        break;
    }
    unlock_peer(d, rd, flags);
    return rc;
}

/*
 * Run a port operation until its peer stops changing under it: close and
 * send return -EAGAIN when the port was reconnected between reading its
 * peer and locking both domains.
 */
static long evtchn_retry(long (*op)(struct domain *d, evtchn_port_t port),
                         struct domain *d, evtchn_port_t port)
{
    long rc;

    do
        rc = op(d, port);
    while ( rc == -EAGAIN );
    return rc;
}

/* Close the ports of @d in [@from, @to); Xenith's own ones too if @all. */
static void evtchn_close_range(struct domain *d, evtchn_port_t from, evtchn_port_t to,
                               bool all)
{
    for ( evtchn_port_t p = from; p < to && p < d->evtchn->nr_valid; p++ )
        if ( port_in_use(d, p) && (all || port_of(d, p)->state != ECS_XEN) )
            evtchn_retry(evtchn_close, d, p);
}

/*
 * EVTCHNOP_reset (and _cont): close every port but Xenith's (as Xen keeps
 * its own), in steps of EVTCHN_BUCKET_PORTS with a continuation between
 * them when the pCPU has other work, then go back to the 2-level ABI.  As
 * Xen: another domain only while it is paused (-EINVAL), one reset at a
 * time (-EBUSY, also for a _cont with no reset under way).
 */
static long evtchn_reset_domain(struct domain *cur, struct domain *d, bool resuming)
{
    struct evtchn_domain *e;
    unsigned long flags;
    unsigned int p;

    if ( d != cur && !d->pause_count )
        return -EINVAL;
    e = d->evtchn;
    spin_lock_irqsave(&e->lock, flags);
    p = resuming ? e->reset_next : !e->reset_next;
    if ( p > e->reset_next )
        e->reset_next = p;
    spin_unlock_irqrestore(&e->lock, flags);
    if ( !p )
        return -EBUSY;
    for ( unsigned int next; p < e->nr_valid; p = next )
    {
        next = ROUNDUP(p + 1, EVTCHN_BUCKET_PORTS);
        evtchn_close_range(d, p, next, false);
        if ( next < e->nr_valid && hypercall_preempt_check() )
        {
            e->reset_next = next;
            return -ERESTART;
        }
    }
    e->reset_next = 0;
    evtchn_fifo_destroy(d);
    return 0;
}

static long evtchn_reset(struct domain *cur, const struct evtchn_reset *r, bool resuming)
{
    struct domain *d;
    long rc = target_domain(cur, r->dom, &d);

    if ( rc == -ESRCH )
        return rc;
    if ( !rc )
        rc = evtchn_reset_domain(cur, d, resuming);
    put_domain(d);
    return rc;
}

/* ---------------------------------------------------------- send, status */

/*
 * With @d's lock held, take @rd's too if lock order allows it now: at
 * once when @d comes first, else only if it is free (waiting for it would
 * invert the order).
 */
static bool lock_peer_nested(const struct domain *d, struct domain *rd)
{
    if ( d->domain_id < rd->domain_id )
    {
        spin_lock(&rd->evtchn->lock);
        return true;
    }
    return spin_trylock(&rd->evtchn->lock);
}

/*
 * A send decided under @d's lock: an IPI, a loopback, an unbound port, a
 * Xenith port (its notify function runs with no lock held), a port not in
 * use, and a port connected to another domain whose lock lock order lets
 * us take as well (the peer stays while connected: xenith/event.h).
 * Returns false when that lock was not free, nothing done:
 * evtchn_send_remote() then.
 */
static bool evtchn_send_locked(struct domain *d, evtchn_port_t port, long *rc)
{
    struct evtchn *chn = port_of(d, port);
    evtchn_xen_notify_t notify = NULL;
    struct domain *rd;
    unsigned long flags;
    bool done = true;

    *rc = 0;
    spin_lock_irqsave(&d->evtchn->lock, flags);
    switch ( chn->state )
    {
    case ECS_INTERDOMAIN:
        rd = chn->u.peer;
        if ( rd == d )
            raise_port_notify(d, chn->peer_port);
        else if ( lock_peer_nested(d, rd) )
        {
            raise_port_notify(rd, chn->peer_port);
            spin_unlock(&rd->evtchn->lock);
        }
        else
            done = false;
        break;
    case ECS_IPI:
        raise_port_notify(d, port);
        break;
    case ECS_UNBOUND:           /* nobody listens yet: dropped, as Xen */
        break;
    case ECS_XEN:
        notify = chn->u.xen_notify;
        break;
    default:
        *rc = -EINVAL;
        break;
    }
    spin_unlock_irqrestore(&d->evtchn->lock, flags);
    if ( notify )
        notify(d, port);
    return done;
}

/*
 * A send to another domain whose lock was busy: both locks in order, the
 * peer referenced meanwhile.
 */
static long evtchn_send_remote(struct domain *d, evtchn_port_t port)
{
    struct evtchn *chn = port_of(d, port);
    struct domain *rd;
    unsigned long flags;
    long rc = 0;

    rd = lock_with_peer(d, chn, &flags);
    if ( !rd )
        return -EAGAIN;
    /* Reconnected or rebound in between: evtchn_retry() starts again. */
    if ( chn->state != ECS_INTERDOMAIN || chn->u.peer != rd || rd == d )
        rc = -EAGAIN;
    else
        raise_port_notify(rd, chn->peer_port);
    unlock_peer(d, rd, flags);
    return rc;
}

static long evtchn_send(struct domain *d, evtchn_port_t port)
{
    long rc;

    if ( !port_valid(d, port) )
        return -EINVAL;
    if ( evtchn_send_locked(d, port, &rc) )
        return rc;
    return evtchn_send_remote(d, port);
}

static void evtchn_status_fill(const struct evtchn *chn, struct evtchn_status *s)
{
    static const uint32_t stat[] = {
        [ECS_FREE] = EVTCHNSTAT_closed, [ECS_RESERVED] = EVTCHNSTAT_closed,
        [ECS_UNBOUND] = EVTCHNSTAT_unbound, [ECS_INTERDOMAIN] = EVTCHNSTAT_interdomain,
        [ECS_VIRQ] = EVTCHNSTAT_virq, [ECS_IPI] = EVTCHNSTAT_ipi,
        [ECS_XEN] = EVTCHNSTAT_interdomain,
    };

    s->status = stat[chn->state];
    s->vcpu = chn->notify_vcpu;
    memset(&s->u, 0, sizeof(s->u));
    if ( chn->state == ECS_UNBOUND )
        s->u.unbound.dom = chn->u.unbound_remote;
    else if ( chn->state == ECS_INTERDOMAIN )
    {
        s->u.interdomain.dom = chn->u.peer->domain_id;
        s->u.interdomain.port = chn->peer_port;
    }
    else if ( chn->state == ECS_VIRQ )
        s->u.virq = chn->u.virq;
    else if ( chn->state == ECS_XEN )
        s->u.interdomain.dom = DOMID_XEN;
}

static long evtchn_status(struct domain *cur, struct evtchn_status *s)
{
    struct domain *d;
    unsigned long flags;
    int rc = target_domain(cur, s->dom, &d);

    /* As Xen: the port is checked before the permission. */
    if ( rc == -ESRCH )
        return rc;
    if ( !port_valid(d, s->port) )
        rc = -EINVAL;
    else if ( !rc )
    {
        spin_lock_irqsave(&d->evtchn->lock, flags);
        evtchn_status_fill(port_of(d, s->port), s);
        spin_unlock_irqrestore(&d->evtchn->lock, flags);
    }
    put_domain(d);
    return rc;
}

/* A free port is not the ABI's business: unmasking it does nothing, as Xen. */
static long evtchn_unmask(struct domain *d, evtchn_port_t port)
{
    unsigned long flags;

    if ( !port_valid(d, port) )
        return -EINVAL;
    spin_lock_irqsave(&d->evtchn->lock, flags);
    if ( port_in_use(d, port) )
        d->evtchn->ops->unmask(d, port);
    spin_unlock_irqrestore(&d->evtchn->lock, flags);
    return 0;
}

/* 2-level has no priorities (-ENOSYS); a free port -EACCES, as Xen. */
static long evtchn_set_priority(struct domain *d, const struct evtchn_set_priority *sp)
{
    const struct evtchn_port_ops *ops;
    unsigned long flags;
    long rc;

    if ( !port_valid(d, sp->port) )
        return -EINVAL;
    spin_lock_irqsave(&d->evtchn->lock, flags);
    ops = d->evtchn->ops;
    if ( !ops->set_priority )
        rc = -ENOSYS;
    else if ( !port_in_use(d, sp->port) )
        rc = -EACCES;
    else
        rc = ops->set_priority(d, sp->port, sp->priority);
    spin_unlock_irqrestore(&d->evtchn->lock, flags);
    return rc;
}

/* ------------------------------------------------------ Xenith's ports */

int evtchn_alloc_xen_port(struct domain *d, unsigned int vcpu_id,
                          evtchn_xen_notify_t notify)
{
    unsigned long flags;
    int port;

    if ( !vcpu_of(d, vcpu_id) )
        return -ENOENT;
    spin_lock_irqsave(&d->evtchn->lock, flags);
    port = get_free_port(d);
    if ( port >= 0 )
    {
        port_of(d, port)->notify_vcpu = vcpu_id;
        port_of(d, port)->u.xen_notify = notify;
        bind_port(d, port, ECS_XEN);
    }
    spin_unlock_irqrestore(&d->evtchn->lock, flags);
    return port;
}

void evtchn_send_xen_port(struct domain *d, evtchn_port_t port)
{
    unsigned long flags;

    spin_lock_irqsave(&d->evtchn->lock, flags);
    /* The guest may have closed it, and the number been reused. */
    if ( port_valid(d, port) && port_of(d, port)->state == ECS_XEN )
        raise_port_notify(d, port);
    spin_unlock_irqrestore(&d->evtchn->lock, flags);
}

/* ------------------------------------------------ static event channels */

/*
 * For common/device-tree/static_evtchn.c (Xen 4.17's xen,evtchn-v1
 * nodes): as Xen's alloc_unbound(@aport) then bind_interdomain(@bport),
 * so @b's end starts pending.
 */
int evtchn_bind_static(struct domain *a, evtchn_port_t aport,
                       struct domain *b, evtchn_port_t bport)
{
    unsigned long flags;
    int rc;

    if ( !aport || !bport || aport >= EVTCHN_MAX_PORTS || bport >= EVTCHN_MAX_PORTS ||
         (a == b && aport == bport) )
        return -EINVAL;
    lock_two(a, b, &flags);
    rc = claim_port(a, aport);
    if ( !rc )
        rc = claim_port(b, bport);
    if ( !rc )
    {
        port_of(a, aport)->u.unbound_remote = b->domain_id;
        bind_port(a, aport, ECS_UNBOUND);
        connect_ports(b, bport, a, aport);
    }
    unlock_two(a, b, flags);
    return rc;
}

/* ---------------------------------------------------------------- VIRQs */

void send_guest_vcpu_virq(struct vcpu *v, uint32_t virq)
{
    struct domain *d = v->domain;
    unsigned long flags;

    if ( !d->evtchn )
        return;
    spin_lock_irqsave(&d->evtchn->lock, flags);
    raise_port(d, v->vcpu_id, *virq_slot(d, v->vcpu_id, virq));
    spin_unlock_irqrestore(&d->evtchn->lock, flags);
}

void send_guest_global_virq(struct domain *d, uint32_t virq)
{
    unsigned long flags;

    if ( !d || !d->evtchn )
        return;
    spin_lock_irqsave(&d->evtchn->lock, flags);
    /* Bound on vCPU 0; bind_vcpu may have moved where it notifies. */
    raise_port_notify(d, *virq_slot(d, 0, virq));
    spin_unlock_irqrestore(&d->evtchn->lock, flags);
}

/*
 * Xen sends global VIRQs (VIRQ_CONSOLE, VIRQ_DOM_EXC...) to the domain a
 * toolstack named for each, by default the hardware domain: domain 0.
 * Nobody names another yet, and dom0less systems without a domain 0
 * have nobody to tell, as on Xen.
 */
void send_global_virq(uint32_t virq)
{
    struct domain *d = get_domain_by_id(0);

    if ( !d )
        return;
    send_guest_global_virq(d, virq);
    put_domain(d);
}

void evtchn_send_debug_virqs(struct domain *d)
{
    for ( unsigned int i = 0; d->evtchn && i < d->max_vcpus; i++ )
    {
        printk("Notifying guest %u:%u (virq %u, port %u)\n", d->domain_id, i,
               VIRQ_DEBUG, *virq_slot(d, i, VIRQ_DEBUG));
        send_guest_vcpu_virq(d->vcpu[i], VIRQ_DEBUG);
    }
}

bool evtchn_upcall_pending(struct vcpu *v)
{
    struct vcpu_info *vi;

    if ( !v->domain->evtchn )
        return false;
    vi = evtchn_vcpu_info(v);
    if ( vi == &v->domain->evtchn->spare_vcpu_info[v->vcpu_id] )
        return false;
    return __atomic_load_n(&vi->evtchn_upcall_pending, __ATOMIC_SEQ_CST);
}

/* The upcall: evtchn_upcall_pending 0 -> 1 interrupts @v. */
void evtchn_mark_vcpu_pending(struct vcpu *v)
{
    if ( !guest_fetch_or_u8(v->domain, &evtchn_vcpu_info(v)->evtchn_upcall_pending, 1) )
        arch_evtchn_notify(v);
}

/* ------------------------------------------------------------ the op */

static long evtchn_op_port(struct domain *d, unsigned int cmd, evtchn_port_t port)
{
    switch ( cmd )
    {
    case EVTCHNOP_close:    return evtchn_retry(evtchn_close, d, port);
    case EVTCHNOP_send:     return evtchn_op_send_port(d, port);
    default:                return evtchn_unmask(d, port);
    }
}

long evtchn_op_send_port(struct domain *d, evtchn_port_t port)
{
    return evtchn_retry(evtchn_send, d, port);
}

long evtchn_op(struct domain *d, unsigned int cmd, void *arg)
{
    switch ( cmd )
    {
    case EVTCHNOP_alloc_unbound:    return evtchn_alloc_unbound(d, arg);
    case EVTCHNOP_bind_interdomain: return evtchn_bind_interdomain(d, arg);
    case EVTCHNOP_bind_virq:        return evtchn_bind_virq(d, arg);
    case EVTCHNOP_bind_ipi:         return evtchn_bind_ipi(d, arg);
    case EVTCHNOP_bind_pirq:        return evtchn_bind_pirq(d, arg);
    case EVTCHNOP_bind_vcpu:        return evtchn_bind_vcpu(d, arg);
    case EVTCHNOP_status:           return evtchn_status(d, arg);
    case EVTCHNOP_reset:            return evtchn_reset(d, arg, false);
    case EVTCHNOP_reset_cont:       return evtchn_reset(d, arg, true);
    case EVTCHNOP_set_priority:     return evtchn_set_priority(d, arg);
    case EVTCHNOP_init_control:     return evtchn_fifo_init_control(d, arg);
    case EVTCHNOP_expand_array:     return evtchn_fifo_expand_array(d, arg);
    case EVTCHNOP_close:
    case EVTCHNOP_send:
    case EVTCHNOP_unmask:
        /* All three take { port }. */
        return evtchn_op_port(d, cmd, ((struct evtchn_send *)arg)->port);
    default:
        return -ENOSYS;
    }
}

/* ------------------------------------------------------ domain lifetime */

int evtchn_domain_init(struct domain *d)
{
    struct evtchn_domain *e = xzalloc(struct evtchn_domain);

    if ( !e )
        return -ENOMEM;
    spin_lock_init(&e->lock);
    e->ops = &evtchn_port_ops_2l;
    e->ports[0].state = ECS_RESERVED;
    e->nr_valid = EVTCHN_BUCKET_PORTS;
    e->virq_to_port = xzalloc_array(evtchn_port_t, d->max_vcpus * EVTCHN_NR_VIRQS);
    e->spare_vcpu_info = xzalloc_array(struct vcpu_info, d->max_vcpus);
    /* Zeroed as Xen's: nothing pending, nothing masked (the guest masks). */
    d->shared_info = alloc_xenheap_pages(0, 0);
    if ( !e->virq_to_port || !e->spare_vcpu_info || !d->shared_info )
    {
        d->evtchn = e;
        evtchn_domain_destroy(d);
        return -ENOMEM;
    }
    memset(d->shared_info, 0, PAGE_SIZE);
    d->evtchn = e;
    return 0;
}

void evtchn_domain_close(struct domain *d)
{
    if ( d->evtchn && d->shared_info )
        evtchn_close_range(d, 1, EVTCHN_MAX_PORTS, true);
}

void evtchn_domain_destroy(struct domain *d)
{
    struct evtchn_domain *e = d->evtchn;

    if ( !e )
        return;
    if ( d->shared_info )
    {
        evtchn_close_range(d, 1, EVTCHN_MAX_PORTS, true);
        evtchn_fifo_destroy(d);
        free_xenheap_pages(d->shared_info, 0);
    }
    xfree(e->virq_to_port);
    xfree(e->spare_vcpu_info);
    xfree(e);
    d->evtchn = NULL;
    d->shared_info = NULL;
}
