/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The PV console with Xenith as its backend (see xenith/pv_console.h):
 * the part of xenconsoled that a dom0less system without dom0 needs.
 *
 * The ring protocol (public/io/console.h): indices are free-running and
 * masked to find a slot; a consumer reads prod, then (read barrier) the
 * bytes, then (full barrier) advances cons; a producer writes the bytes,
 * then (write barrier) advances prod; each notifies the other end after.
 * The guest's indices are read once per pass and checked: one more than
 * a ring's size ahead of ours is corrupt, and is refused with a message
 * naming the domain (once, until bytes move through that ring again)
 * without touching anything but that ring.
 */
#include <xenith/errno.h>
#include <xenith/event.h>
#include <xenith/mm.h>
#include <xenith/printk.h>
#include <xenith/pv_console.h>
#include <xenith/xmalloc.h>
#include <asm/p2m.h>

static DEFINE_SPINLOCK(pv_console_lock);
/* Protected by pv_console_lock: */
static struct pv_console *pv_console_list;     /* by ascending domain id */

/* ---------------------------------------------------------------- the ring */

/* Print what the guest wrote to out[]; true if anything was consumed. */
static bool pv_console_drain(struct pv_console *c)
{
    struct xencons_interface *r = c->ring;
    unsigned int domid = c->d->domain_id;
    XENCONS_RING_IDX prod = ACCESS_ONCE(r->out_prod);

    if ( prod - c->out_cons > sizeof(r->out) )
    {
        if ( !c->out_bad )
            printk(XENLOG_WARNING "d%u: PV console: out_prod %#x is %u bytes past "
                   "out_cons %#x, more than the ring holds: output dropped\n",
                   domid, prod, prod - c->out_cons, c->out_cons);
        c->out_bad = true;
        /* Start again from where the guest is, so that a reset guest is heard. */
        c->out_cons = prod;
        ACCESS_ONCE(r->out_cons) = prod;
        return true;
    }
    if ( prod == c->out_cons )
        return false;
    c->out_bad = false;
    __atomic_thread_fence(__ATOMIC_ACQUIRE);        /* the bytes after prod */
    if ( !c->shown )
        c->out_cons = prod;
    for ( ; c->out_cons != prod; c->out_cons++ )
        console_line_putc(&c->line, domid,
                          ACCESS_ONCE(r->out[MASK_XENCONS_IDX(c->out_cons, r->out)]));
    __atomic_thread_fence(__ATOMIC_SEQ_CST);        /* read before the slots are free */
    ACCESS_ONCE(r->out_cons) = c->out_cons;
    return true;
}

/* @ch into in[]: false if the ring is full (dropped, as a full UART does) or corrupt. */
static bool pv_console_fill(struct pv_console *c, char ch)
{
    struct xencons_interface *r = c->ring;
    XENCONS_RING_IDX cons = ACCESS_ONCE(r->in_cons);

    if ( c->in_prod - cons > sizeof(r->in) )
    {
        if ( !c->in_bad )
            printk(XENLOG_WARNING "d%u: PV console: in_cons %#x is %u bytes behind "
                   "in_prod %#x, more than the ring holds: input dropped\n",
                   c->d->domain_id, cons, c->in_prod - cons, c->in_prod);
        c->in_bad = true;
        return false;
    }
    if ( c->in_prod - cons == sizeof(r->in) )
        return false;
    c->in_bad = false;
    __atomic_thread_fence(__ATOMIC_SEQ_CST);        /* the guest's reads of the slot done */
    ACCESS_ONCE(r->in[MASK_XENCONS_IDX(c->in_prod, r->in)]) = ch;
    __atomic_thread_fence(__ATOMIC_RELEASE);        /* the byte before the index */
    c->in_prod++;
    ACCESS_ONCE(r->in_prod) = c->in_prod;
    return true;
}

/* ---------------------------------------------------------------- events */

/* The guest sent on its console port: print its output, say it was read. */
static void pv_console_notify(struct domain *d, evtchn_port_t port)
{
    struct pv_console *c;
    unsigned long flags;

    spin_lock_irqsave(&pv_console_lock, flags);
    c = d->pv_console;
    if ( c && c->port == port && pv_console_drain(c) )
        evtchn_send_xen_port(d, port);
    spin_unlock_irqrestore(&pv_console_lock, flags);
}

static struct pv_console *pv_console_find(unsigned int domid)
{
    struct pv_console *c = pv_console_list;

    while ( c && c->d->domain_id != domid )
        c = c->next;
    return c;
}

bool pv_console_receive(unsigned int domid, char ch)
{
    struct pv_console *c;
    unsigned long flags;

    spin_lock_irqsave(&pv_console_lock, flags);
    c = pv_console_find(domid);
    if ( c && pv_console_fill(c, ch) )
        evtchn_send_xen_port(c->d, c->port);
    spin_unlock_irqrestore(&pv_console_lock, flags);
    return c != NULL;
}

unsigned int pv_console_next(unsigned int from)
{
    struct pv_console *c;
    unsigned long flags;
    unsigned int domid;

    spin_lock_irqsave(&pv_console_lock, flags);
    for ( c = pv_console_list; c && c->d->domain_id < from; c = c->next )
        ;
    domid = c ? c->d->domain_id : DOMID_XEN;
    spin_unlock_irqrestore(&pv_console_lock, flags);
    return domid;
}

/* ---------------------------------------------------------------- domains */

static void pv_console_list_add(struct pv_console *c)
{
    struct pv_console **pp = &pv_console_list;
    unsigned long flags;

    spin_lock_irqsave(&pv_console_lock, flags);
    while ( *pp && (*pp)->d->domain_id < c->d->domain_id )
        pp = &(*pp)->next;
    c->next = *pp;
    *pp = c;
    c->d->pv_console = c;
    spin_unlock_irqrestore(&pv_console_lock, flags);
}

int pv_console_init(struct domain *d, bool shown)
{
    struct pv_console *c;
    int rc;

    if ( d->pv_console )
        return -EEXIST;
    c = xzalloc(struct pv_console);
    if ( !c )
        return -ENOMEM;
    c->d = d;
    c->shown = shown;
    /* Zeroed: both rings empty, every index 0. */
    rc = p2m_populate_ram(d, _gfn(PV_CONSOLE_GFN), 1);
    if ( !rc )
    {
        /* Referenced: a guest that gives the page back must not free it under us. */
        c->page = get_page_from_gfn(d, _gfn(PV_CONSOLE_GFN), true);
        rc = c->page ? 0 : -ENOMEM;
    }
    if ( !rc )
    {
        c->ring = page_to_virt(c->page);
        rc = evtchn_alloc_xen_port(d, 0, pv_console_notify);
    }
    if ( rc < 0 )
    {
        if ( c->page )
            put_page(c->page);
        xfree(c);
        return rc;
    }
    c->port = (evtchn_port_t)rc;
    pv_console_list_add(c);
    return 0;
}

void pv_console_destroy(struct domain *d)
{
    struct pv_console *c, **pp;
    unsigned long flags;

    spin_lock_irqsave(&pv_console_lock, flags);
    c = d->pv_console;
    if ( c )
    {
        for ( pp = &pv_console_list; *pp != c; pp = &(*pp)->next )
            ;
        *pp = c->next;
        d->pv_console = NULL;
    }
    spin_unlock_irqrestore(&pv_console_lock, flags);
    if ( !c )
        return;
    guest_console_release(d->domain_id);
    console_line_flush(&c->line, d->domain_id);     /* its last words */
    put_page(c->page);
    xfree(c);
}
