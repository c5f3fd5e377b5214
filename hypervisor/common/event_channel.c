/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Event channels, the core (Xen 4.17 public/event_channel.h): each domain
 * has EVTCHN_MAX_PORTS ports, each free, unbound (waiting for one remote
 * domain to bind), interdomain (connected to a remote port), bound to a
 * VIRQ or an IPI.  Port 0 is reserved.  Delivery is the 2-level ABI
 * (event_2l.c).  Errors are Xen's: a port out of range or in the wrong
 * state -EINVAL, an unknown domain -ESRCH, another domain without
 * privilege -EPERM, a vCPU that does not exist -ENOENT, a VIRQ already
 * bound -EEXIST, no free port -ENOSPC.
 *
 * Locking: see struct evtchn_domain in xenith/event.h.  Domains are not
 * reference counted yet (xenith/domain.h): a remote domain is assumed to
 * stay while its ports are connected; evtchn_domain_destroy() disconnects
 * them under both locks before the domain goes.
 */
#include <xenith/errno.h>
#include <xenith/event.h>
#include <xenith/domain.h>
#include <xenith/guest_access.h>
#include <xenith/page_alloc.h>
#include <xenith/sched.h>
#include <xenith/xmalloc.h>

static bool port_valid(evtchn_port_t port)
{
    return port < EVTCHN_MAX_PORTS;
}

static struct evtchn *port_of(struct domain *d, evtchn_port_t port)
{
    return &d->evtchn->ports[port];
}

static struct vcpu *notify_vcpu(struct domain *d, const struct evtchn *chn)
{
    return d->vcpu[chn->notify_vcpu];
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

/* Lowest free port, or -ENOSPC.  Caller holds d's lock. */
static int get_free_port(struct domain *d)
{
    for ( evtchn_port_t p = 1; p < EVTCHN_MAX_PORTS; p++ )
        if ( port_of(d, p)->state == ECS_FREE )
            return p;
    return -ENOSPC;
}

/* Make @port free again; a stale pending bit would fire on its next use. */
static void free_port(struct domain *d, evtchn_port_t port)
{
    struct evtchn *chn = port_of(d, port);

    chn->state = ECS_FREE;
    chn->notify_vcpu = 0;
    memset(&chn->u, 0, sizeof(chn->u));
    evtchn_2l_clear_pending(d, port);
}

/* The domain an op names: DOMID_SELF or its own id, or any if privileged. */
static int target_domain(struct domain *cur, domid_t dom, struct domain **out)
{
    struct domain *d = dom == DOMID_SELF ? cur : domain_by_id(dom);

    if ( !d || !d->evtchn )
        return -ESRCH;
    if ( d != cur && !cur->is_privileged )
        return -EPERM;
    *out = d;
    return 0;
}

/* ------------------------------------------------------------- binding */

static long evtchn_alloc_unbound(struct domain *cur, struct evtchn_alloc_unbound *a)
{
    struct domain *d;
    unsigned long flags;
    int rc = target_domain(cur, a->dom, &d), port;

    if ( rc )
        return rc;
    spin_lock_irqsave(&d->evtchn->lock, flags);
    port = get_free_port(d);
    if ( port >= 0 )
    {
        port_of(d, port)->state = ECS_UNBOUND;
        port_of(d, port)->u.unbound_remote =
            a->remote_dom == DOMID_SELF ? cur->domain_id : a->remote_dom;
        a->port = port;
    }
    spin_unlock_irqrestore(&d->evtchn->lock, flags);
    return port < 0 ? port : 0;
}

static long evtchn_bind_interdomain(struct domain *ld, struct evtchn_bind_interdomain *b)
{
    struct domain *rd = b->remote_dom == DOMID_SELF ? ld : domain_by_id(b->remote_dom);
    struct evtchn *rchn;
    unsigned long flags;
    int lport = -EINVAL;

    if ( !rd || !rd->evtchn )
        return -ESRCH;
    lock_two(ld, rd, &flags);
    if ( !port_valid(b->remote_port) )
        goto out;
    rchn = port_of(rd, b->remote_port);
    if ( rchn->state != ECS_UNBOUND || rchn->u.unbound_remote != ld->domain_id )
        goto out;
    lport = get_free_port(ld);
    if ( lport < 0 )
        goto out;
    port_of(ld, lport)->state = ECS_INTERDOMAIN;
    port_of(ld, lport)->u.interdomain.dom = rd->domain_id;
    port_of(ld, lport)->u.interdomain.port = b->remote_port;
    rchn->state = ECS_INTERDOMAIN;
    rchn->u.interdomain.dom = ld->domain_id;
    rchn->u.interdomain.port = lport;
    b->local_port = lport;
    /*
     * As Xen: sends to the remote port while it was unbound were dropped,
     * so the new local port starts pending in case one was lost.
     */
    evtchn_2l_set_pending(notify_vcpu(ld, port_of(ld, lport)), lport);
 out:
    unlock_two(ld, rd, flags);
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
    slot = &d->evtchn->virq_to_port[b->vcpu * EVTCHN_NR_VIRQS + b->virq];
    spin_lock_irqsave(&d->evtchn->lock, flags);
    port = *slot ? -EEXIST : get_free_port(d);
    if ( port >= 0 )
    {
        port_of(d, port)->state = ECS_VIRQ;
        port_of(d, port)->notify_vcpu = b->vcpu;
        port_of(d, port)->u.virq = b->virq;
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
        port_of(d, port)->state = ECS_IPI;
        port_of(d, port)->notify_vcpu = b->vcpu;
        b->port = port;
    }
    spin_unlock_irqrestore(&d->evtchn->lock, flags);
    return port < 0 ? port : 0;
}

static long evtchn_bind_vcpu(struct domain *d, struct evtchn_bind_vcpu *b)
{
    struct evtchn *chn;
    unsigned long flags;
    long rc = 0;

    if ( !vcpu_of(d, b->vcpu) )
        return -ENOENT;
    if ( !port_valid(b->port) )
        return -EINVAL;
    chn = port_of(d, b->port);
    spin_lock_irqsave(&d->evtchn->lock, flags);
    if ( chn->state == ECS_UNBOUND || chn->state == ECS_INTERDOMAIN ||
         chn->state == ECS_XEN || (chn->state == ECS_VIRQ && virq_is_global(chn->u.virq)) )
        chn->notify_vcpu = b->vcpu;
    else
        rc = -EINVAL;
    spin_unlock_irqrestore(&d->evtchn->lock, flags);
    return rc;
}

/*
 * Take @d's lock and, for an interdomain port, its peer's too, in lock
 * order; returns the peer (or @d).  The peer is read under @d's lock, then
 * both are taken: callers read the state again, since it may have changed.
 */
static struct domain *lock_with_peer(struct domain *d, const struct evtchn *chn,
                                     unsigned long *flags)
{
    struct domain *rd = d;

    spin_lock_irqsave(&d->evtchn->lock, *flags);
    if ( chn->state == ECS_INTERDOMAIN )
        rd = domain_by_id(chn->u.interdomain.dom);
    spin_unlock_irqrestore(&d->evtchn->lock, *flags);
    BUG_ON(!rd);
    lock_two(d, rd, flags);
    return rd;
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

    if ( !port_valid(port) )
        return -EINVAL;
    chn = port_of(d, port);
    rd = lock_with_peer(d, chn, &flags);
    switch ( chn->state )
    {
    case ECS_INTERDOMAIN:
        if ( chn->u.interdomain.dom != rd->domain_id )
        {
            rc = -EAGAIN;       /* reconnected meanwhile: caller retries */
            break;
        }
        /* The remote end waits for us again, as in Xen. */
        port_of(rd, chn->u.interdomain.port)->state = ECS_UNBOUND;
        port_of(rd, chn->u.interdomain.port)->u.unbound_remote = d->domain_id;
        free_port(d, port);
        break;
    case ECS_VIRQ:
        d->evtchn->virq_to_port[chn->notify_vcpu * EVTCHN_NR_VIRQS + chn->u.virq] = 0;
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
    unlock_two(d, rd, flags);
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

/* Close every port of @d, as EVTCHNOP_reset and destruction do. */
static void evtchn_close_all(struct domain *d)
{
    for ( evtchn_port_t p = 1; p < EVTCHN_MAX_PORTS; p++ )
        if ( port_of(d, p)->state != ECS_FREE )
            evtchn_retry(evtchn_close, d, p);
}

static long evtchn_reset(struct domain *cur, const struct evtchn_reset *r)
{
    struct domain *d;
    int rc = target_domain(cur, r->dom, &d);

    if ( rc )
        return rc;
    evtchn_close_all(d);
    return 0;
}

/* ---------------------------------------------------------- send, status */

/* A send on a Xenith port: its notify function runs with no lock held. */
static bool evtchn_send_to_xen(struct domain *d, evtchn_port_t port)
{
    evtchn_xen_notify_t notify = NULL;
    unsigned long flags;

    spin_lock_irqsave(&d->evtchn->lock, flags);
    if ( port_of(d, port)->state == ECS_XEN )
        notify = port_of(d, port)->u.xen_notify;
    spin_unlock_irqrestore(&d->evtchn->lock, flags);
    if ( notify )
        notify(d, port);
    return notify;
}

static long evtchn_send(struct domain *d, evtchn_port_t port)
{
    struct evtchn *chn, *rchn;
    struct domain *rd;
    unsigned long flags;
    long rc = 0;

    if ( !port_valid(port) )
        return -EINVAL;
    if ( evtchn_send_to_xen(d, port) )
        return 0;
    chn = port_of(d, port);
    rd = lock_with_peer(d, chn, &flags);
    switch ( chn->state )
    {
    case ECS_INTERDOMAIN:
        if ( chn->u.interdomain.dom != rd->domain_id )
        {
            rc = -EAGAIN;
            break;
        }
        rchn = port_of(rd, chn->u.interdomain.port);
        evtchn_2l_set_pending(notify_vcpu(rd, rchn), chn->u.interdomain.port);
        break;
    case ECS_IPI:
        evtchn_2l_set_pending(notify_vcpu(d, chn), port);
        break;
    case ECS_UNBOUND:           /* nobody listens yet: dropped, as Xen */
        break;
    default:
        rc = -EINVAL;
        break;
    }
    unlock_two(d, rd, flags);
    return rc;
}

static long evtchn_status(struct domain *cur, struct evtchn_status *s)
{
    static const uint32_t stat[] = {
        [ECS_FREE] = EVTCHNSTAT_closed, [ECS_RESERVED] = EVTCHNSTAT_closed,
        [ECS_UNBOUND] = EVTCHNSTAT_unbound, [ECS_INTERDOMAIN] = EVTCHNSTAT_interdomain,
        [ECS_VIRQ] = EVTCHNSTAT_virq, [ECS_IPI] = EVTCHNSTAT_ipi,
        [ECS_XEN] = EVTCHNSTAT_interdomain,
    };
    struct domain *d;
    struct evtchn *chn;
    unsigned long flags;
    int rc = target_domain(cur, s->dom, &d);

    if ( rc )
        return rc;
    if ( !port_valid(s->port) )
        return -EINVAL;
    chn = port_of(d, s->port);
    spin_lock_irqsave(&d->evtchn->lock, flags);
    s->status = stat[chn->state];
    s->vcpu = chn->notify_vcpu;
    memset(&s->u, 0, sizeof(s->u));
    if ( chn->state == ECS_UNBOUND )
        s->u.unbound.dom = chn->u.unbound_remote;
    else if ( chn->state == ECS_INTERDOMAIN )
    {
        s->u.interdomain.dom = chn->u.interdomain.dom;
        s->u.interdomain.port = chn->u.interdomain.port;
    }
    else if ( chn->state == ECS_VIRQ )
        s->u.virq = chn->u.virq;
    else if ( chn->state == ECS_XEN )
        s->u.interdomain.dom = DOMID_XEN;
    spin_unlock_irqrestore(&d->evtchn->lock, flags);
    return 0;
}

static long evtchn_unmask(struct domain *d, evtchn_port_t port)
{
    unsigned long flags;

    if ( !port_valid(port) )
        return -EINVAL;
    /* Under the lock so the notified vCPU is the port's current one. */
    spin_lock_irqsave(&d->evtchn->lock, flags);
    evtchn_2l_unmask(notify_vcpu(d, port_of(d, port)), port);
    spin_unlock_irqrestore(&d->evtchn->lock, flags);
    return 0;
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
        port_of(d, port)->state = ECS_XEN;
        port_of(d, port)->notify_vcpu = vcpu_id;
        port_of(d, port)->u.xen_notify = notify;
    }
    spin_unlock_irqrestore(&d->evtchn->lock, flags);
    return port;
}

void evtchn_send_xen_port(struct domain *d, evtchn_port_t port)
{
    unsigned long flags;

    if ( !port_valid(port) )
        return;
    spin_lock_irqsave(&d->evtchn->lock, flags);
    /* The guest may have closed it, and the number been reused. */
    if ( port_of(d, port)->state == ECS_XEN )
        evtchn_2l_set_pending(notify_vcpu(d, port_of(d, port)), port);
    spin_unlock_irqrestore(&d->evtchn->lock, flags);
}

/* ---------------------------------------------------------------- VIRQs */

void send_guest_vcpu_virq(struct vcpu *v, uint32_t virq)
{
    struct domain *d = v->domain;
    unsigned long flags;
    evtchn_port_t port;

    spin_lock_irqsave(&d->evtchn->lock, flags);
    port = d->evtchn->virq_to_port[v->vcpu_id * EVTCHN_NR_VIRQS + virq];
    if ( port )
        evtchn_2l_set_pending(v, port);
    spin_unlock_irqrestore(&d->evtchn->lock, flags);
}

void send_guest_global_virq(struct domain *d, uint32_t virq)
{
    unsigned long flags;
    evtchn_port_t port;

    spin_lock_irqsave(&d->evtchn->lock, flags);
    /* Bound on vCPU 0; bind_vcpu may have moved where it notifies. */
    port = d->evtchn->virq_to_port[virq];
    if ( port )
        evtchn_2l_set_pending(notify_vcpu(d, port_of(d, port)), port);
    spin_unlock_irqrestore(&d->evtchn->lock, flags);
}

/* ------------------------------------------------------------ the op */

long evtchn_op(struct domain *d, unsigned int cmd, void *arg)
{
    switch ( cmd )
    {
    case EVTCHNOP_alloc_unbound:    return evtchn_alloc_unbound(d, arg);
    case EVTCHNOP_bind_interdomain: return evtchn_bind_interdomain(d, arg);
    case EVTCHNOP_bind_virq:        return evtchn_bind_virq(d, arg);
    case EVTCHNOP_bind_ipi:         return evtchn_bind_ipi(d, arg);
    case EVTCHNOP_bind_vcpu:        return evtchn_bind_vcpu(d, arg);
    case EVTCHNOP_status:           return evtchn_status(d, arg);
    case EVTCHNOP_reset:            return evtchn_reset(d, arg);
    case EVTCHNOP_close:
        return evtchn_retry(evtchn_close, d, ((struct evtchn_close *)arg)->port);
    case EVTCHNOP_send:
        return evtchn_retry(evtchn_send, d, ((struct evtchn_send *)arg)->port);
    case EVTCHNOP_unmask:
        return evtchn_unmask(d, ((struct evtchn_unmask *)arg)->port);
    case EVTCHNOP_bind_pirq:
        return -EINVAL;         /* Arm domains have no PIRQs (nr_pirqs 0) */
    default:                    /* FIFO ABI and unknown commands */
        return -ENOSYS;
    }
}

/* Argument size of each command; 0 for those not implemented. */
static size_t evtchn_op_size(unsigned int cmd)
{
    switch ( cmd )
    {
    case EVTCHNOP_alloc_unbound:    return sizeof(struct evtchn_alloc_unbound);
    case EVTCHNOP_bind_interdomain: return sizeof(struct evtchn_bind_interdomain);
    case EVTCHNOP_bind_virq:        return sizeof(struct evtchn_bind_virq);
    case EVTCHNOP_bind_pirq:        return sizeof(struct evtchn_bind_pirq);
    case EVTCHNOP_bind_ipi:         return sizeof(struct evtchn_bind_ipi);
    case EVTCHNOP_bind_vcpu:        return sizeof(struct evtchn_bind_vcpu);
    case EVTCHNOP_status:           return sizeof(struct evtchn_status);
    case EVTCHNOP_reset:            return sizeof(struct evtchn_reset);
    case EVTCHNOP_close:            return sizeof(struct evtchn_close);
    case EVTCHNOP_send:             return sizeof(struct evtchn_send);
    case EVTCHNOP_unmask:           return sizeof(struct evtchn_unmask);
    default:                        return 0;
    }
}

/* Whether @cmd writes results back (Xen copies them only on success). */
static bool evtchn_op_has_output(unsigned int cmd)
{
    return cmd == EVTCHNOP_alloc_unbound || cmd == EVTCHNOP_bind_interdomain ||
           cmd == EVTCHNOP_bind_virq || cmd == EVTCHNOP_bind_pirq ||
           cmd == EVTCHNOP_bind_ipi || cmd == EVTCHNOP_status;
}

long do_event_channel_op(int cmd, uint64_t arg)
{
    union {
        struct evtchn_alloc_unbound alloc_unbound;
        struct evtchn_bind_interdomain bind_interdomain;
        struct evtchn_bind_virq bind_virq;
        struct evtchn_bind_pirq bind_pirq;
        struct evtchn_bind_ipi bind_ipi;
        struct evtchn_bind_vcpu bind_vcpu;
        struct evtchn_status status;
        struct evtchn_reset reset;
        struct evtchn_close close;
        struct evtchn_send send;
        struct evtchn_unmask unmask;
    } op;
    size_t size = evtchn_op_size((unsigned int)cmd);
    long rc;

    if ( !size )
        return -ENOSYS;
    if ( copy_from_guest(&op, arg, size) )
        return -EFAULT;
    rc = evtchn_op(current->domain, (unsigned int)cmd, &op);
    if ( !rc && evtchn_op_has_output((unsigned int)cmd) && copy_to_guest(arg, &op, size) )
        rc = -EFAULT;
    return rc;
}

/* ------------------------------------------------------ domain lifetime */

int evtchn_domain_init(struct domain *d)
{
    struct evtchn_domain *e = xzalloc(struct evtchn_domain);

    if ( !e )
        return -ENOMEM;
    spin_lock_init(&e->lock);
    e->ports[0].state = ECS_RESERVED;
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

void evtchn_domain_destroy(struct domain *d)
{
    struct evtchn_domain *e = d->evtchn;

    if ( !e )
        return;
    if ( d->shared_info )
    {
        evtchn_close_all(d);
        free_xenheap_pages(d->shared_info, 0);
    }
    xfree(e->virq_to_port);
    xfree(e->spare_vcpu_info);
    xfree(e);
    d->evtchn = NULL;
    d->shared_info = NULL;
}

/* ------------------------------------------------ static event channels */

/*
 * Added by "interdom" for common/device-tree/static_evtchn.c (Xen 4.17's
 * xen,evtchn-v1 nodes): connect port @aport of @a and port @bport of @b,
 * both chosen by the device tree, before either domain runs.  As Xen's
 * alloc_unbound(@aport) then bind_interdomain(@bport) does, @b's end
 * starts pending.  0, -EINVAL (a port out of range, or one port to
 * itself) or -EBUSY (a port already in use).
 */
int evtchn_bind_static(struct domain *a, evtchn_port_t aport,
                       struct domain *b, evtchn_port_t bport)
{
    unsigned long flags;
    int rc = 0;

    if ( !aport || !bport || !port_valid(aport) || !port_valid(bport) ||
         (a == b && aport == bport) )
        return -EINVAL;
    lock_two(a, b, &flags);
    if ( port_of(a, aport)->state != ECS_FREE || port_of(b, bport)->state != ECS_FREE )
        rc = -EBUSY;
    else
    {
        port_of(a, aport)->state = ECS_INTERDOMAIN;
        port_of(a, aport)->u.interdomain.dom = b->domain_id;
        port_of(a, aport)->u.interdomain.port = bport;
        port_of(b, bport)->state = ECS_INTERDOMAIN;
        port_of(b, bport)->u.interdomain.dom = a->domain_id;
        port_of(b, bport)->u.interdomain.port = aport;
        evtchn_2l_set_pending(notify_vcpu(b, port_of(b, bport)), bport);
    }
    unlock_two(a, b, flags);
    return rc;
}
