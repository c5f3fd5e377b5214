/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The FIFO event ABI (Xen 4.17, xen-arm-abi.md §4.5).  Each port has a
 * 32-bit event word in guest "event array" pages (EVTCHN_FIFO_PENDING,
 * _MASKED, _LINKED, _BUSY and a 17-bit LINK to the next port); each vCPU
 * has a control block in a guest page with one queue per priority (head
 * port, and a ready bit per non-empty queue).  Raising a port sets
 * PENDING and, if it is unmasked and not yet LINKED, appends it to the
 * queue of its priority on its vCPU: the tail's LINK is set to it, or,
 * if the guest has emptied the queue meanwhile (the tail is no longer
 * LINKED), the queue's head is.  A queue that was empty sets its ready
 * bit, and the first ready bit the upcall flag.
 *
 * The guest consumes words concurrently: it may only set or clear MASKED,
 * clear PENDING, and clear LINKED with LINK.  To link a tail without
 * racing the guest, the word is changed with compare-and-swap; if that
 * fails, BUSY is set, which stops the guest clearing MASKED, so that only
 * a few more changes can happen and a few more tries succeed.
 *
 * Everything here runs under the domain's evtchn lock (see the ops in
 * xenith/event.h), which also serializes the queues' tails.  Guest pages
 * are held with a reference (arch_evtchn_map_guest_page) until
 * evtchn_fifo_destroy().
 */
#include <xenith/errno.h>
#include <xenith/event.h>
#include <xenith/guest_atomics.h>
#include <xenith/printk.h>
#include <xenith/sched.h>
#include <xenith/xmalloc.h>
#include <asm/event.h>

#define FIFO_WORDS_PER_PAGE     (PAGE_SIZE / sizeof(event_word_t))
#define FIFO_MAX_PAGES          (EVTCHN_FIFO_NR_CHANNELS / FIFO_WORDS_PER_PAGE)
#define FIFO_BIT(b)             ((event_word_t)1 << (b))
#define FIFO_LINK_TRIES         4

struct evtchn_fifo_vcpu {
    struct evtchn_fifo_control_block *cb;  /* NULL until init_control */
    struct page_info *cb_page;
    evtchn_port_t tail[EVTCHN_FIFO_MAX_QUEUES];  /* last port linked; 0: none */
    /* Said it has no control block: once, a guest must not flood the console. */
    bool warned;
};

struct evtchn_fifo_domain {
    unsigned int nr_pages;      /* event-array pages: ports below nr_pages * 1024 */
    bool warned;                /* said a link failed (once) */
    event_word_t *array[FIFO_MAX_PAGES];
    struct page_info *array_page[FIFO_MAX_PAGES];
    struct evtchn_fifo_vcpu vcpu[];     /* max_vcpus of them */
};

/* ------------------------------------------------ event words */

static event_word_t *fifo_word(const struct domain *d, evtchn_port_t port)
{
    const struct evtchn_fifo_domain *f = d->evtchn->fifo;

    if ( port >= f->nr_pages * FIFO_WORDS_PER_PAGE )
        return NULL;
    return &f->array[port / FIFO_WORDS_PER_PAGE][port % FIFO_WORDS_PER_PAGE];
}

static bool word_test(const event_word_t *w, unsigned int bit)
{
    return __atomic_load_n(w, __ATOMIC_SEQ_CST) & FIFO_BIT(bit);
}

/* On guest memory: the guest may hammer these words (xenith/guest_atomics.h). */
static bool word_test_and_set(struct domain *d, event_word_t *w, unsigned int bit)
{
    return guest_fetch_or_u32(d, w, FIFO_BIT(bit)) & FIFO_BIT(bit);
}

static void word_clear(struct domain *d, event_word_t *w, unsigned int bit)
{
    guest_fetch_and_u32(d, w, ~FIFO_BIT(bit));
}

/*
 * Make LINK of *@word @link if it is still LINKED: 1 done, 0 not LINKED
 * (the guest consumed it), -EAGAIN the word changed (*@seen updated).
 */
static int fifo_try_link(event_word_t *word, event_word_t *seen, evtchn_port_t link)
{
    event_word_t new;

    if ( !(*seen & FIFO_BIT(EVTCHN_FIFO_LINKED)) )
        return 0;
    new = (*seen & ~(FIFO_BIT(EVTCHN_FIFO_BUSY) | EVTCHN_FIFO_LINK_MASK)) | link;
    /* One try (weak): a guest cannot keep it looping; failures are counted. */
    if ( __atomic_compare_exchange_n(word, seen, new, true, __ATOMIC_SEQ_CST,
                                     __ATOMIC_SEQ_CST) )
        return 1;
    return -EAGAIN;
}

/* Link @link after the tail word @word; false if the tail was consumed. */
static bool fifo_set_link(struct domain *d, event_word_t *word, evtchn_port_t link)
{
    event_word_t seen = __atomic_load_n(word, __ATOMIC_SEQ_CST);
    int rc = fifo_try_link(word, &seen, link);

    if ( rc >= 0 )
        return rc;
    /* BUSY stops the guest unmasking: it has few changes left to make. */
    word_test_and_set(d, word, EVTCHN_FIFO_BUSY);
    seen = __atomic_load_n(word, __ATOMIC_SEQ_CST);
    /* A few changes by the guest, and a bounded number of failed tries. */
    for ( unsigned int i = 0, changes = 0;
          i < GUEST_ATOMIC_TRIES && changes < FIFO_LINK_TRIES; i++ )
    {
        event_word_t before = seen;

        rc = fifo_try_link(word, &seen, link);
        if ( rc > 0 )
            return true;        /* the new word has BUSY clear */
        if ( rc == 0 )
            break;
        changes += seen != before;
    }
    word_clear(d, word, EVTCHN_FIFO_BUSY);
    if ( rc < 0 && !d->evtchn->fifo->warned )
    {
        d->evtchn->fifo->warned = true;
        printk(XENLOG_WARNING "d%u: FIFO port %u not linked: its queue's tail "
               "keeps changing\n", d->domain_id, link);
    }
    /* Not linked after the tail: a consumed tail means an empty queue. */
    return rc < 0;
}

/* ------------------------------------------------ the port ops */

static void evtchn_fifo_init(struct domain *d, evtchn_port_t port)
{
    evtchn_from_port(d, port)->priority = EVTCHN_FIFO_PRIORITY_DEFAULT;
}

/* Append @port to the tail of queue @prio of @v.  True if it was empty. */
static bool fifo_link_port(struct vcpu *v, evtchn_port_t port, unsigned int prio)
{
    struct domain *d = v->domain;
    struct evtchn_fifo_domain *f = d->evtchn->fifo;
    struct evtchn_fifo_vcpu *efv = &f->vcpu[v->vcpu_id];
    struct evtchn *chn = evtchn_from_port(d, port);
    evtchn_port_t *old_tail = &f->vcpu[chn->fifo_last_vcpu].tail[chn->fifo_last_priority];
    event_word_t *tail_word;
    bool linked = false;

    /*
     * It was the tail of the queue it was last on (the guest has consumed
     * it since): that queue is empty now, and must not link after it.
     */
    if ( *old_tail == port )
        *old_tail = 0;
    chn->fifo_last_vcpu = v->vcpu_id;
    chn->fifo_last_priority = prio;
    tail_word = efv->tail[prio] ? fifo_word(d, efv->tail[prio]) : NULL;
    if ( tail_word )
        linked = fifo_set_link(d, tail_word, port);
    if ( !linked )
        __atomic_store_n(&efv->cb->head[prio], port, __ATOMIC_SEQ_CST);
    efv->tail[prio] = port;
    return !linked;
}

static void evtchn_fifo_set_pending(struct vcpu *v, evtchn_port_t port)
{
    struct domain *d = v->domain;
    struct evtchn *chn = evtchn_from_port(d, port);
    struct evtchn_fifo_vcpu *efv = &d->evtchn->fifo->vcpu[v->vcpu_id];
    event_word_t *word = fifo_word(d, port);
    unsigned int prio = chn->priority;

    /* No page for it yet: expand_array raises it when one comes. */
    chn->fifo_pending = !word;
    if ( !word )
        return;
    /* The guest unmasks nothing before its control block: dropped, as Xen. */
    if ( !efv->cb )
    {
        if ( !efv->warned )
            printk(XENLOG_WARNING "d%uv%u has no FIFO event channel control block\n",
                   d->domain_id, v->vcpu_id);
        efv->warned = true;
        return;
    }
    word_test_and_set(d, word, EVTCHN_FIFO_PENDING);
    if ( word_test(word, EVTCHN_FIFO_MASKED) || word_test_and_set(d, word, EVTCHN_FIFO_LINKED) )
        return;
    if ( fifo_link_port(v, port, prio) &&
         !(guest_fetch_or_u32(d, &efv->cb->ready, 1U << prio) & (1U << prio)) )
        evtchn_mark_vcpu_pending(v);
}

/* The guest unlinks it, skipping it as it is not pending. */
static void evtchn_fifo_clear_pending(struct domain *d, evtchn_port_t port)
{
    event_word_t *word = fifo_word(d, port);

    evtchn_from_port(d, port)->fifo_pending = false;
    if ( word )
        word_clear(d, word, EVTCHN_FIFO_PENDING);
}

static void evtchn_fifo_unmask(struct domain *d, evtchn_port_t port)
{
    event_word_t *word = fifo_word(d, port);

    if ( !word )
        return;
    word_clear(d, word, EVTCHN_FIFO_MASKED);
    if ( word_test(word, EVTCHN_FIFO_PENDING) )
        evtchn_fifo_set_pending(d->vcpu[evtchn_from_port(d, port)->notify_vcpu], port);
}

static bool evtchn_fifo_is_pending(const struct domain *d, evtchn_port_t port)
{
    const event_word_t *word = fifo_word(d, port);

    return word && word_test(word, EVTCHN_FIFO_PENDING);
}

static bool evtchn_fifo_is_masked(const struct domain *d, evtchn_port_t port)
{
    const event_word_t *word = fifo_word(d, port);

    return !word || word_test(word, EVTCHN_FIFO_MASKED);
}

static bool evtchn_fifo_is_busy(const struct domain *d, evtchn_port_t port)
{
    const event_word_t *word = fifo_word(d, port);

    return word && word_test(word, EVTCHN_FIFO_LINKED);
}

/* For the next time it is linked: a port already queued stays where it is. */
static int evtchn_fifo_set_priority(struct domain *d, evtchn_port_t port,
                                    unsigned int priority)
{
    if ( priority > EVTCHN_FIFO_PRIORITY_MIN )
        return -EINVAL;
    evtchn_from_port(d, port)->priority = priority;
    return 0;
}

static const struct evtchn_port_ops evtchn_port_ops_fifo = {
    .name = "FIFO",
    .init = evtchn_fifo_init,
    .set_pending = evtchn_fifo_set_pending,
    .clear_pending = evtchn_fifo_clear_pending,
    .unmask = evtchn_fifo_unmask,
    .is_pending = evtchn_fifo_is_pending,
    .is_masked = evtchn_fifo_is_masked,
    .is_busy = evtchn_fifo_is_busy,
    .set_priority = evtchn_fifo_set_priority,
};

/* ------------------------------------------------ the hypercalls */

/*
 * The switch from 2-level: ports bound before keep their pending state
 * (delivered once their event-array page exists) and get the default
 * priority.  Caller holds d's lock.
 */
static void fifo_switch(struct domain *d, struct evtchn_fifo_domain *f)
{
    const struct evtchn_port_ops *old = d->evtchn->ops;

    for ( evtchn_port_t p = 1; p < d->evtchn->nr_valid; p++ )
    {
        struct evtchn *chn = evtchn_from_port(d, p);

        chn->fifo_pending = chn->state > ECS_RESERVED && old->is_pending(d, p);
        chn->priority = EVTCHN_FIFO_PRIORITY_DEFAULT;
    }
    d->evtchn->fifo = f;
    d->evtchn->ops = &evtchn_port_ops_fifo;
}

/* Install the control block at @va for vCPU @id; -EINVAL if it has one. */
static int fifo_install_cb(struct domain *d, unsigned int id, void *va,
                           struct page_info *pg)
{
    struct evtchn_fifo_vcpu *efv = &d->evtchn->fifo->vcpu[id];

    if ( efv->cb )
        return -EINVAL;
    efv->cb = va;
    efv->cb_page = pg;
    return 0;
}

long evtchn_fifo_init_control(struct domain *d, struct evtchn_init_control *ic)
{
    struct evtchn_fifo_domain *f = NULL;
    struct page_info *pg;
    unsigned long flags;
    void *va;
    int rc;

    ic->link_bits = EVTCHN_FIFO_LINK_BITS;
    if ( ic->vcpu >= d->max_vcpus || !d->vcpu[ic->vcpu] )
        return -ENOENT;
    /* Inside the page, 8-byte aligned. */
    if ( ic->offset > PAGE_SIZE - sizeof(struct evtchn_fifo_control_block) ||
         (ic->offset & 7) )
        return -EINVAL;
    va = arch_evtchn_map_guest_page(d, ic->control_gfn, &pg);
    if ( !va )
        return -EINVAL;
    if ( !d->evtchn->fifo )
        f = xzalloc_bytes(sizeof(*f) + d->max_vcpus * sizeof(f->vcpu[0]));
    spin_lock_irqsave(&d->evtchn->lock, flags);
    rc = d->evtchn->fifo || f ? 0 : -ENOMEM;
    if ( !rc && !d->evtchn->fifo )
    {
        fifo_switch(d, f);
        f = NULL;
    }
    if ( !rc )
        rc = fifo_install_cb(d, ic->vcpu, (char *)va + ic->offset, pg);
    spin_unlock_irqrestore(&d->evtchn->lock, flags);
    if ( rc )
        arch_evtchn_unmap_guest_page(pg);
    xfree(f);
    return rc;
}

/* Raise what was raised while ports [@from, @to) had no page. */
static void fifo_raise_held(struct domain *d, evtchn_port_t from, evtchn_port_t to)
{
    for ( evtchn_port_t p = from; p < to && p < d->evtchn->nr_valid; p++ )
    {
        struct evtchn *chn = evtchn_from_port(d, p);

        if ( chn->fifo_pending && chn->state > ECS_RESERVED )
            evtchn_fifo_set_pending(d->vcpu[chn->notify_vcpu], p);
    }
}

/* -EOPNOTSUPP in 2-level, -ENOSPC with every page there. */
static int fifo_can_expand(const struct evtchn_fifo_domain *f)
{
    if ( !f )
        return -EOPNOTSUPP;
    return f->nr_pages >= FIFO_MAX_PAGES ? -ENOSPC : 0;
}

long evtchn_fifo_expand_array(struct domain *d, const struct evtchn_expand_array *ea)
{
    struct evtchn_fifo_domain *f;
    struct page_info *pg;
    unsigned long flags;
    unsigned int first;
    void *va;
    long rc = 0;

    /* Checked before the page is looked up, as Xen, and again after. */
    spin_lock_irqsave(&d->evtchn->lock, flags);
    rc = fifo_can_expand(d->evtchn->fifo);
    spin_unlock_irqrestore(&d->evtchn->lock, flags);
    if ( rc )
        return rc;
    va = arch_evtchn_map_guest_page(d, ea->array_gfn, &pg);
    if ( !va )
        return -EINVAL;
    spin_lock_irqsave(&d->evtchn->lock, flags);
    f = d->evtchn->fifo;
    /* A reset, or another expand_array, may have come meanwhile. */
    rc = fifo_can_expand(f);
    if ( !rc )
    {
        first = f->nr_pages * FIFO_WORDS_PER_PAGE;
        f->array[f->nr_pages] = va;
        f->array_page[f->nr_pages++] = pg;
        fifo_raise_held(d, first, first + FIFO_WORDS_PER_PAGE);
    }
    spin_unlock_irqrestore(&d->evtchn->lock, flags);
    if ( rc )
        arch_evtchn_unmap_guest_page(pg);
    return rc;
}

void evtchn_fifo_destroy(struct domain *d)
{
    struct evtchn_fifo_domain *f;
    unsigned long flags;

    spin_lock_irqsave(&d->evtchn->lock, flags);
    f = d->evtchn->fifo;
    d->evtchn->fifo = NULL;
    d->evtchn->ops = &evtchn_port_ops_2l;
    spin_unlock_irqrestore(&d->evtchn->lock, flags);
    if ( !f )
        return;
    for ( unsigned int i = 0; i < d->max_vcpus; i++ )
        if ( f->vcpu[i].cb_page )
            arch_evtchn_unmap_guest_page(f->vcpu[i].cb_page);
    for ( unsigned int i = 0; i < f->nr_pages; i++ )
        arch_evtchn_unmap_guest_page(f->array_page[i]);
    xfree(f);
}
