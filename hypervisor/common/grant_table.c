/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Grant tables v1: the shared table of each domain, the active (pinned)
 * state of its entries, and the maptrack of each mapping domain.
 *
 * Locking: a table's lock protects its frames, active entries and
 * maptrack.  A map takes the granter's lock to pin, drops it, then takes
 * the mapper's lock for the maptrack: two locks are never held at once,
 * so mapping in both directions cannot deadlock.
 *
 * Maps and copies between two domains ask XSM first (xenith/xsm.h): Xen
 * 4.17 on Arm's SILO refuses them between two unprivileged domains
 * (GNTST_permission_denied) once the domains are known, before any entry
 * is looked at; xsm=dummy allows them.
 *
 * Lifetimes: every op holds a reference on the domains it names
 * (get_domain_by_id()), and every mapping one on its granter, so a table
 * stays until its domain's last put_domain() (grant_table_teardown()).
 * A dying domain's mappings, of others and by others, end at its
 * destruction (grant_table_release()); a map racing it ends its own.
 */
#include <xenith/grant_table.h>
#include <xenith/domain.h>
#include <xenith/errno.h>
#include <xenith/guest_access.h>
#include <xenith/hypercall.h>
#include <xenith/lib.h>
#include <xenith/param.h>
#include <xenith/printk.h>
#include <xenith/sched.h>
#include <xenith/spinlock.h>
#include <xenith/xmalloc.h>
#include <xenith/xsm.h>
#include <asm/smp.h>
#include <string.h>

struct active_grant {
    uint32_t pin_rd, pin_wr;    /* live read-only / writable uses */
    mfn_t mfn;                  /* the granted page while pinned */
};

/*
 * A maptrack entry is LIVE while mapped.  Ending a mapping (an unmap, or
 * a teardown of the mapper or of the granter) first marks it ENDING under
 * the mapper's lock, so that exactly one of them ends it, and frees it
 * once the granter is unpinned: a granter's teardown waits for the
 * entries ENDING against it before its table goes.
 */
enum { MT_FREE, MT_LIVE, MT_ENDING };

struct maptrack_entry {
    uint8_t state;
    bool readonly;
    struct domain *rd;          /* the granter, referenced while not FREE */
    grant_ref_t ref;
    gfn_t gfn;                  /* where the mapper has it */
    mfn_t mfn;
};

struct grant_table {
    spinlock_t lock;
    unsigned int nr_frames, max_frames;
    grant_entry_v1_t **shared;          /* max_frames frame pointers */
    mfn_t *frame_mfn;
    unsigned long *frame_gfn;
    struct active_grant **active;       /* one array per frame */
    struct maptrack_entry *maptrack;    /* this domain's mappings */
    unsigned int maptrack_size;
};

/* Grow @gt to @nr frames (lock held): 0, -EINVAL or -ENOMEM. */
static int gt_grow(struct grant_table *gt, unsigned int nr)
{
    if ( nr > gt->max_frames )
        return -EINVAL;
    while ( gt->nr_frames < nr )
    {
        unsigned int i = gt->nr_frames;

        gt->active[i] = xzalloc_array(struct active_grant,
                                      GNTTAB_ENTRIES_PER_FRAME);
        if ( !gt->active[i] )
            return -ENOMEM;
        gt->shared[i] = gnttab_frame_alloc(&gt->frame_mfn[i]);
        if ( !gt->shared[i] )
        {
            xfree(gt->active[i]);
            gt->active[i] = NULL;
            return -ENOMEM;
        }
        gt->frame_gfn[i] = GNTTAB_NO_GFN;
        gt->nr_frames++;
    }
    return 0;
}

/* Xen's gnttab_max_frames: the most frames any domain's table may grow to. */
unsigned int opt_gnttab_max_frames = GNTTAB_DEFAULT_MAX_FRAMES;
integer_param("gnttab_max_frames", opt_gnttab_max_frames);

int grant_table_init(struct domain *d, unsigned int max_frames)
{
    struct grant_table *gt;
    int rc;

    if ( !max_frames )
        max_frames = opt_gnttab_max_frames;
    if ( max_frames > opt_gnttab_max_frames )
    {
        printk(XENLOG_ERR "d%u: max_grant_frames %u: a grant table has 1 to %u frames "
               "(gnttab_max_frames)\n", d->domain_id, max_frames, opt_gnttab_max_frames);
        return -EINVAL;
    }
    gt = xzalloc(struct grant_table);
    if ( !gt )
        return -ENOMEM;
    spin_lock_init(&gt->lock);
    gt->max_frames = max_frames;
    gt->shared = xzalloc_array(grant_entry_v1_t *, max_frames);
    gt->frame_mfn = xzalloc_array(mfn_t, max_frames);
    gt->frame_gfn = xzalloc_array(unsigned long, max_frames);
    gt->active = xzalloc_array(struct active_grant *, max_frames);
    d->grant_table = gt;
    rc = -ENOMEM;
    /* As Xen, a table starts with one frame (INITIAL_NR_GRANT_FRAMES). */
    if ( gt->shared && gt->frame_mfn && gt->frame_gfn && gt->active )
        rc = gt_grow(gt, 1);
    if ( rc )
        grant_table_teardown(d);
    return rc;
}

int gnttab_get_frame(struct domain *d, unsigned long idx, mfn_t *mfn)
{
    struct grant_table *gt = d->grant_table;
    int rc;

    if ( !gt || idx >= gt->max_frames )
        return -EINVAL;
    spin_lock(&gt->lock);
    rc = gt_grow(gt, idx + 1);
    if ( !rc )
        *mfn = gt->frame_mfn[idx];
    spin_unlock(&gt->lock);
    return rc;
}

void gnttab_set_frame_gfn(struct domain *d, unsigned long idx, gfn_t gfn)
{
    struct grant_table *gt = d->grant_table;

    spin_lock(&gt->lock);
    if ( idx < gt->nr_frames )
        gt->frame_gfn[idx] = gfn_x(gfn);
    spin_unlock(&gt->lock);
}

static grant_entry_v1_t *gt_entry(struct grant_table *gt, grant_ref_t ref)
{
    return &gt->shared[ref / GNTTAB_ENTRIES_PER_FRAME][ref % GNTTAB_ENTRIES_PER_FRAME];
}

static struct active_grant *gt_active(struct grant_table *gt, grant_ref_t ref)
{
    return &gt->active[ref / GNTTAB_ENTRIES_PER_FRAME][ref % GNTTAB_ENTRIES_PER_FRAME];
}

/*
 * The entry's flags and domid as one word, so that a check and the
 * setting of GTF_reading/GTF_writing are one atomic step against the
 * granter changing the entry at the same time.
 */
static uint32_t *gt_entry_word(grant_entry_v1_t *e)
{
    return (uint32_t *)(void *)e;
}

#define ENTRY_FLAGS(w)  ((uint16_t)((w) & 0xffff))
#define ENTRY_DOMID(w)  ((domid_t)((w) >> 16))

/*
 * Set GTF_reading (and GTF_writing unless @readonly) if @ld may use it.
 * Xen 4.17 refuses an entry not granted to @ld, or read-only for writing,
 * with GNTST_general_error.
 */
static int16_t entry_acquire(grant_entry_v1_t *e, domid_t ld, bool readonly)
{
    uint32_t old = __atomic_load_n(gt_entry_word(e), __ATOMIC_ACQUIRE), new;

    do {
        uint16_t flags = ENTRY_FLAGS(old);

        if ( (flags & GTF_type_mask) != GTF_permit_access ||
             ENTRY_DOMID(old) != ld )
            return GNTST_general_error;
        if ( !readonly && (flags & GTF_readonly) )
            return GNTST_general_error;
        new = old | GTF_reading | (readonly ? 0 : GTF_writing);
    } while ( !__atomic_compare_exchange_n(gt_entry_word(e), &old, new, false,
                                           __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE) );
    return GNTST_okay;
}

static void entry_clear(grant_entry_v1_t *e, uint16_t bits)
{
    __atomic_fetch_and(gt_entry_word(e), ~(uint32_t)bits, __ATOMIC_RELEASE);
}

/*
 * Pin @ref of @rd for @ld: the entry allows it, the frame it names is
 * @rd's RAM, and the page is referenced.  *@mfn is the page.
 */
static int16_t grant_pin(struct domain *rd, grant_ref_t ref, domid_t ld,
                         bool readonly, mfn_t *mfn)
{
    struct grant_table *gt = rd->grant_table;
    struct active_grant *act;
    grant_entry_v1_t *e;
    int16_t st;

    spin_lock(&gt->lock);
    if ( ref >= gt->nr_frames * GNTTAB_ENTRIES_PER_FRAME )
    {
        spin_unlock(&gt->lock);
        return GNTST_bad_gntref;
    }
    e = gt_entry(gt, ref);
    act = gt_active(gt, ref);
    st = entry_acquire(e, ld, readonly);
    if ( st == GNTST_okay && ((!act->pin_rd && !act->pin_wr) ||
                              (!readonly && !act->pin_wr)) )
    {
        /*
         * First use, or first writable use of a page pinned read-only so
         * far (which may be read-only RAM): the frame must be the
         * granter's RAM, writable if asked, and the same page as pinned.
         */
        mfn_t m;

        if ( gnttab_gfn_to_mfn(rd, _gfn(ACCESS_ONCE(e->frame)), !readonly, &m) ||
             ((act->pin_rd || act->pin_wr) && mfn_x(m) != mfn_x(act->mfn)) )
            st = GNTST_bad_page;
        else
            act->mfn = m;
    }
    if ( st == GNTST_okay && !gnttab_page_get(act->mfn, rd) )
        st = GNTST_bad_page;
    if ( st == GNTST_okay )
    {
        if ( readonly )
            act->pin_rd++;
        else
            act->pin_wr++;
        *mfn = act->mfn;
    }
    else if ( !act->pin_rd && !act->pin_wr )
        entry_clear(e, GTF_reading | GTF_writing);
    else if ( !act->pin_wr )
        entry_clear(e, GTF_writing);
    spin_unlock(&gt->lock);
    return st;
}

static void grant_unpin(struct domain *rd, grant_ref_t ref, bool readonly)
{
    struct grant_table *gt = rd->grant_table;
    struct active_grant *act;

    spin_lock(&gt->lock);
    act = gt_active(gt, ref);
    BUG_ON(readonly ? !act->pin_rd : !act->pin_wr);
    if ( readonly )
        act->pin_rd--;
    else
        act->pin_wr--;
    gnttab_page_put(act->mfn);
    if ( !act->pin_wr )
        entry_clear(gt_entry(gt, ref), act->pin_rd ? GTF_writing
                                                   : GTF_writing | GTF_reading);
    spin_unlock(&gt->lock);
}

/* A free maptrack handle of @gt (lock held), growing it: or -1. */
static long maptrack_get(struct grant_table *gt)
{
    struct maptrack_entry *bigger;
    unsigned int i, size;

    for ( i = 0; i < gt->maptrack_size; i++ )
        if ( gt->maptrack[i].state == MT_FREE )
            return i;
    if ( gt->maptrack_size >= GNTTAB_MAX_MAPTRACK )
        return -1;
    size = gt->maptrack_size ? gt->maptrack_size * 2 : 64;
    bigger = xzalloc_array(struct maptrack_entry, size);
    if ( !bigger )
        return -1;
    if ( gt->maptrack )
        memcpy(bigger, gt->maptrack, gt->maptrack_size * sizeof(*bigger));
    xfree(gt->maptrack);
    gt->maptrack = bigger;
    gt->maptrack_size = size;
    return i;
}

/* The domain @dom names for @ld, referenced (put_domain()), or NULL. */
static struct domain *gnttab_domain(struct domain *ld, domid_t dom)
{
    if ( dom != DOMID_SELF && dom != ld->domain_id )
        return get_domain_by_id(dom);
    /* The caller's own: current, alive until its hypercall ends. */
    get_knownalive_domain(ld);
    return ld;
}

/* End mapping @h of @ld, which its caller marked ENDING (a copy in @m). */
static void mapping_end(struct domain *ld, unsigned int h, const struct maptrack_entry *m)
{
    struct grant_table *lgt = ld->grant_table;

    gnttab_p2m_unmap(ld, m->gfn);
    grant_unpin(m->rd, m->ref, m->readonly);
    spin_lock(&lgt->lock);
    lgt->maptrack[h].state = MT_FREE;
    spin_unlock(&lgt->lock);
    /* Last: the granter's release may wait for this entry to be FREE. */
    put_domain(m->rd);
}

/*
 * A map whose granter became dying meanwhile: its destruction may have
 * looked at our maptrack before entry @h was there, so end it here unless
 * it did (an entry still LIVE against @rd).
 */
static void map_end_if_dying(struct domain *ld, struct domain *rd,
                             struct gnttab_map_grant_ref *op, unsigned int h)
{
    struct grant_table *lgt = ld->grant_table;
    struct maptrack_entry m;

    if ( !ACCESS_ONCE(rd->is_dying) )
        return;
    op->status = GNTST_bad_domain;
    spin_lock(&lgt->lock);
    m = lgt->maptrack[h];
    if ( m.state == MT_LIVE && m.rd == rd )
        lgt->maptrack[h].state = MT_ENDING;
    spin_unlock(&lgt->lock);
    if ( m.state == MT_LIVE && m.rd == rd )
        mapping_end(ld, h, &m);
}

/* Map @op->ref of @rd (referenced by the caller, not dying) for @ld. */
static void gnttab_map_from(struct domain *ld, struct domain *rd,
                            struct gnttab_map_grant_ref *op)
{
    bool ro = op->flags & GNTMAP_readonly;
    struct grant_table *lgt = ld->grant_table;
    gfn_t gfn = _gfn(op->host_addr >> PAGE_SHIFT);
    mfn_t mfn;
    long h;

    op->status = grant_pin(rd, op->ref, ld->domain_id, ro, &mfn);
    if ( op->status != GNTST_okay )
        return;
    /* The mapping holds its granter; a dying one gives none. */
    op->status = GNTST_bad_domain;
    if ( !get_domain(rd) )
        goto unpin;
    /* ENDING until it is in the stage 2: others ending it wait for that. */
    spin_lock(&lgt->lock);
    h = maptrack_get(lgt);
    if ( h >= 0 )
        lgt->maptrack[h] = (struct maptrack_entry){
            .state = MT_ENDING, .readonly = ro, .rd = rd,
            .ref = op->ref, .gfn = gfn, .mfn = mfn };
    spin_unlock(&lgt->lock);
    op->status = GNTST_no_space;
    if ( h < 0 )
        goto put;
    op->status = GNTST_general_error;
    if ( gnttab_p2m_map(ld, gfn, mfn, ro) )
        goto untrack;
    spin_lock(&lgt->lock);
    lgt->maptrack[h].state = MT_LIVE;
    spin_unlock(&lgt->lock);
    op->handle = h;
    /* As Xen: the machine address (what GNTTABOP_cache_flush takes). */
    op->dev_bus_addr = mfn_x(mfn) << PAGE_SHIFT;
    op->status = GNTST_okay;
    map_end_if_dying(ld, rd, op, h);
    return;

 untrack:
    spin_lock(&lgt->lock);
    lgt->maptrack[h].state = MT_FREE;
    spin_unlock(&lgt->lock);
 put:
    put_domain(rd);             /* not the last: the caller holds one */
 unpin:
    grant_unpin(rd, op->ref, ro);
}

void gnttab_map(struct domain *ld, struct gnttab_map_grant_ref *op)
{
    struct domain *rd;

    /*
     * Xen 4.17 on Arm: a map that asks for no mapping is a bad ref; one
     * for devices or with PTE flags is an error (an Arm guest's devices
     * see its guest-physical addresses); host_addr is taken by its page.
     */
    op->status = GNTST_bad_gntref;
    if ( !(op->flags & (GNTMAP_host_map | GNTMAP_device_map)) )
        return;
    op->status = GNTST_general_error;
    if ( op->flags & ~(GNTMAP_host_map | GNTMAP_readonly) )
        return;
    /* By id, even its own (Xen: DOMID_SELF is no domain here). */
    rd = op->dom == DOMID_SELF ? NULL : gnttab_domain(ld, op->dom);
    op->status = GNTST_bad_domain;
    if ( !rd )
        return;
    if ( !xsm_channel_allowed(ld, ld, rd) )
        op->status = GNTST_permission_denied;
    else if ( rd->grant_table && !rd->is_dying )
        gnttab_map_from(ld, rd, op);
    put_domain(rd);
}

void gnttab_unmap(struct domain *ld, struct gnttab_unmap_grant_ref *op)
{
    struct grant_table *lgt = ld->grant_table;
    struct maptrack_entry m;

    spin_lock(&lgt->lock);
    if ( op->handle >= lgt->maptrack_size ||
         lgt->maptrack[op->handle].state != MT_LIVE )
    {
        spin_unlock(&lgt->lock);
        op->status = GNTST_bad_handle;
        return;
    }
    m = lgt->maptrack[op->handle];
    if ( op->host_addr && (op->host_addr >> PAGE_SHIFT) != gfn_x(m.gfn) )
    {
        spin_unlock(&lgt->lock);
        op->status = GNTST_general_error;   /* Xen: no such mapping there */
        return;
    }
    lgt->maptrack[op->handle].state = MT_ENDING;
    spin_unlock(&lgt->lock);
    mapping_end(ld, op->handle, &m);
    op->status = GNTST_okay;
}

void gnttab_setup_table(struct domain *ld, struct gnttab_setup_table *op,
                        xen_pfn_t *frames)
{
    struct domain *d = gnttab_domain(ld, op->dom);
    struct grant_table *gt;
    unsigned int i;

    /* As Xen: an unknown domain first, then one the caller may not touch. */
    op->status = GNTST_bad_domain;
    if ( !d )
        return;
    if ( !d->grant_table )
        ;
    else if ( d != ld && !ld->is_privileged )
        op->status = GNTST_permission_denied;
    else
    {
        gt = d->grant_table;
        spin_lock(&gt->lock);
        op->status = gt_grow(gt, op->nr_frames) ? GNTST_general_error : GNTST_okay;
        for ( i = 0; op->status == GNTST_okay && i < op->nr_frames; i++ )
            frames[i] = gt->frame_gfn[i];
        spin_unlock(&gt->lock);
    }
    put_domain(d);
}

void gnttab_query_size(struct domain *ld, struct gnttab_query_size *op)
{
    struct domain *d = gnttab_domain(ld, op->dom);

    op->status = GNTST_bad_domain;
    if ( !d )
        return;
    if ( !d->grant_table )
        ;
    else if ( d != ld && !ld->is_privileged )
        op->status = GNTST_permission_denied;
    else
    {
        op->nr_frames = d->grant_table->nr_frames;
        op->max_nr_frames = d->grant_table->max_frames;
        op->status = GNTST_okay;
    }
    put_domain(d);
}

/* One side of a copy, resolved to a page held for the copy's duration. */
struct copy_side {
    struct domain *d;           /* referenced, or NULL */
    bool pinned;                /* a grant of d's pinned */
    bool held;                  /* else a page of the caller's referenced */
    mfn_t mfn;
};

static int16_t copy_side_get(struct domain *ld, const struct gnttab_copy_ptr *p,
                             bool is_gref, bool write, struct copy_side *s)
{
    s->d = NULL;
    s->pinned = s->held = false;
    /* As Xen: a frame by number only as DOMID_SELF, even by one's own id. */
    if ( !is_gref && p->domid != DOMID_SELF )
        return GNTST_permission_denied;
    s->d = gnttab_domain(ld, p->domid);
    if ( !s->d || !s->d->grant_table )
        return GNTST_bad_domain;
    if ( is_gref )
    {
        int16_t st = grant_pin(s->d, p->u.ref, ld->domain_id, !write, &s->mfn);

        s->pinned = st == GNTST_okay;
        return st;
    }
    if ( gnttab_gfn_to_mfn(ld, _gfn(p->u.gmfn), write, &s->mfn) ||
         !gnttab_page_get(s->mfn, ld) )
        return GNTST_bad_page;
    s->held = true;
    return GNTST_okay;
}

/* Undo copy_side_get(), whatever it got to. */
static void copy_side_put(const struct copy_side *s, grant_ref_t ref, bool write)
{
    if ( s->pinned )
        grant_unpin(s->d, ref, !write);
    else if ( s->held )
        gnttab_page_put(s->mfn);
    if ( s->d )
        put_domain(s->d);
}

/*
 * XSM between the two domains of a copy, as Xen: once both are known,
 * before either page.  A side naming no domain is copy_side_get()'s to
 * report.
 */
static bool copy_allowed(struct domain *ld, const struct gnttab_copy *op)
{
    struct domain *s = gnttab_domain(ld, op->source.domid);
    struct domain *d = gnttab_domain(ld, op->dest.domid);
    bool allowed = !s || !d || xsm_channel_allowed(ld, s, d);

    if ( s )
        put_domain(s);
    if ( d )
        put_domain(d);
    return allowed;
}

void gnttab_copy(struct domain *ld, struct gnttab_copy *op)
{
    struct copy_side src, dst;

    op->status = GNTST_bad_copy_arg;
    if ( op->source.offset + op->len > PAGE_SIZE ||
         op->dest.offset + op->len > PAGE_SIZE )
        return;
    op->status = GNTST_permission_denied;
    if ( !copy_allowed(ld, op) )
        return;
    op->status = copy_side_get(ld, &op->source, op->flags & GNTCOPY_source_gref,
                               false, &src);
    if ( op->status == GNTST_okay )
    {
        op->status = copy_side_get(ld, &op->dest, op->flags & GNTCOPY_dest_gref,
                                   true, &dst);
        if ( op->status == GNTST_okay )
            memmove((char *)gnttab_mfn_va(dst.mfn) + op->dest.offset,
                              (const char *)gnttab_mfn_va(src.mfn) + op->source.offset,
                              op->len);
        copy_side_put(&dst, op->dest.u.ref, true);
    }
    copy_side_put(&src, op->source.u.ref, false);
}

/*
 * Cache maintenance on a page named by its machine address (the
 * dev_bus_addr a map returned), as Xen 4.17: the caller's own page, or one
 * granted to it and mapped.  0 or -EINVAL (bad range or op bits, a page
 * it may not touch), as Xen's per-element result.
 */
int gnttab_cache_flush(struct domain *ld, const struct gnttab_cache_flush *op)
{
    struct grant_table *lgt = ld->grant_table;
    mfn_t mfn = _mfn(op->a.dev_bus_addr >> PAGE_SHIFT);
    bool found = false;

    if ( op->offset >= PAGE_SIZE || op->length > PAGE_SIZE ||
         op->offset + op->length > PAGE_SIZE ||
         (op->op & ~(GNTTAB_CACHE_CLEAN | GNTTAB_CACHE_INVAL)) )
        return -EINVAL;
    if ( !op->length || !op->op )
        return 0;
    if ( gnttab_page_get(mfn, ld) )
    {
        gnttab_cache_maint(mfn, op->offset, op->length, op->op);
        gnttab_page_put(mfn);
        return 0;
    }
    /* A mapping holds its page: under the lock it cannot go. */
    spin_lock(&lgt->lock);
    for ( unsigned int i = 0; !found && i < lgt->maptrack_size; i++ )
        found = lgt->maptrack[i].state == MT_LIVE &&
                mfn_x(lgt->maptrack[i].mfn) == mfn_x(mfn);
    if ( found )
        gnttab_cache_maint(mfn, op->offset, op->length, op->op);
    spin_unlock(&lgt->lock);
    return found ? 0 : -EINVAL;
}

/*
 * End every mapping @ld holds (of @rd only, unless @rd is NULL).  One that
 * @ld is unmapping right now is waited for: @rd's table must outlive it.
 */
static void maptrack_release(struct domain *ld, struct domain *rd)
{
    struct grant_table *lgt = ld->grant_table;
    unsigned int i = 0;

    while ( lgt && i < lgt->maptrack_size )
    {
        struct maptrack_entry m;

        spin_lock(&lgt->lock);
        m = lgt->maptrack[i];
        if ( m.state == MT_LIVE && (!rd || m.rd == rd) )
            lgt->maptrack[i].state = MT_ENDING;
        spin_unlock(&lgt->lock);
        if ( m.state == MT_ENDING && (!rd || m.rd == rd) )
        {
            arch_cpu_relax();
            continue;
        }
        if ( m.state == MT_LIVE && (!rd || m.rd == rd) )
            mapping_end(ld, i, &m);
        i++;
    }
}

void grant_table_release(struct domain *d)
{
    struct domain *other, *next;

    if ( !d->grant_table )
        return;
    maptrack_release(d, NULL);
    /*
     * A dying domain is not listed, but it ends its own mappings, which
     * hold @d: its table stays until they are gone.
     */
    for ( other = get_next_domain(0); other; other = next )
    {
        if ( other != d )
            maptrack_release(other, d);
        next = get_next_domain(other->domain_id + 1);
        put_domain(other);
    }
}

void grant_table_teardown(struct domain *d)
{
    struct grant_table *gt = d->grant_table;
    unsigned int i;

    if ( !gt )
        return;
    /* Only a creation that failed has any left: the mappings hold @d. */
    grant_table_release(d);
    for ( i = 0; i < gt->nr_frames; i++ )
    {
        gnttab_frame_free(gt->shared[i]);
        xfree(gt->active[i]);
    }
    xfree(gt->shared);
    xfree(gt->frame_mfn);
    xfree(gt->frame_gfn);
    xfree(gt->active);
    xfree(gt->maptrack);
    xfree(gt);
    d->grant_table = NULL;
}

/* ------------------------------------------------------- the hypercall */

/*
 * The batched ops: each element is read, done and its results written
 * back; a guest pointer that faults ends the batch with -EFAULT (what is
 * done stays done, as on Xen).  A long batch gives way to other work and
 * continues with the elements left.
 */
#define GNTTAB_BATCH(name, type, body)                                      \
static long name(struct domain *ld, unsigned int cmd, uint64_t uop,        \
                 unsigned int count)                                        \
{                                                                           \
    for ( unsigned int i = 0; i < count; i++, uop += sizeof(type) )         \
    {                                                                       \
        type op;                                                            \
        long rc = 0;                                                        \
                                                                            \
        if ( i && hypercall_preempt_check() )                               \
            return gnttab_continue(cmd, uop, count - i);                    \
        if ( copy_from_guest(&op, uop, sizeof(op)) )                        \
            return -EFAULT;                                                 \
        body;                                                               \
        if ( rc )                                                           \
            return rc;                                                      \
        if ( copy_to_guest(uop, &op, sizeof(op)) )                          \
            return -EFAULT;                                                 \
    }                                                                       \
    return 0;                                                               \
}

static long gnttab_continue(unsigned int cmd, uint64_t uop, unsigned int count)
{
    const uint64_t args[HYPERCALL_MAX_ARGS] = { cmd, uop, count };

    return hypercall_create_continuation(3, args);
}

GNTTAB_BATCH(gnttab_map_batch, struct gnttab_map_grant_ref, gnttab_map(ld, &op))
GNTTAB_BATCH(gnttab_unmap_batch, struct gnttab_unmap_grant_ref, gnttab_unmap(ld, &op))
GNTTAB_BATCH(gnttab_copy_batch, struct gnttab_copy, gnttab_copy(ld, &op))
GNTTAB_BATCH(gnttab_flush_batch, struct gnttab_cache_flush,
             rc = gnttab_cache_flush(ld, &op))

static long gnttab_setup_table_op(struct domain *ld, uint64_t uop)
{
    struct gnttab_setup_table op;
    xen_pfn_t *frames = NULL;
    long rc = 0;

    if ( copy_from_guest(&op, uop, sizeof(op)) )
        return -EFAULT;
    if ( op.nr_frames > opt_gnttab_max_frames )
        op.status = GNTST_general_error;
    else if ( !(frames = xzalloc_array(xen_pfn_t, op.nr_frames + 1)) )
        return -ENOMEM;
    else
    {
        gnttab_setup_table(ld, &op, frames);
        if ( op.status == GNTST_okay &&
             copy_to_guest(op.frame_list.q, frames, op.nr_frames * sizeof(*frames)) )
            rc = -EFAULT;
    }
    xfree(frames);
    if ( !rc && copy_to_guest(uop, &op, sizeof(op)) )
        rc = -EFAULT;
    return rc;
}

static long gnttab_query_size_op(struct domain *ld, uint64_t uop)
{
    struct gnttab_query_size op;

    if ( copy_from_guest(&op, uop, sizeof(op)) )
        return -EFAULT;
    gnttab_query_size(ld, &op);
    return copy_to_guest(uop, &op, sizeof(op)) ? -EFAULT : 0;
}

/* Only version 1 exists here; the reply is always the version in use. */
static long gnttab_version_op(struct domain *ld, unsigned int cmd, uint64_t uop)
{
    struct gnttab_set_version set;
    struct gnttab_get_version get;
    struct domain *d;
    long rc = 0;

    if ( cmd == GNTTABOP_get_version )
    {
        if ( copy_from_guest(&get, uop, sizeof(get)) )
            return -EFAULT;
        if ( get.dom != DOMID_SELF && get.dom != ld->domain_id && !ld->is_privileged )
            return -EPERM;
        if ( !(d = gnttab_domain(ld, get.dom)) )
            return -ESRCH;
        put_domain(d);
        get.version = 1;
        return copy_to_guest(uop, &get, sizeof(get)) ? -EFAULT : 0;
    }
    if ( copy_from_guest(&set, uop, sizeof(set)) )
        return -EFAULT;
    if ( set.version != 1 )
        rc = set.version == 2 ? -EOPNOTSUPP : -EINVAL;
    set.version = 1;
    if ( copy_to_guest(uop, &set, sizeof(set)) )
        return -EFAULT;
    return rc;
}

long do_grant_table_op(unsigned int cmd, uint64_t uop, unsigned int count)
{
    struct domain *ld = current->domain;
    bool single = cmd == GNTTABOP_setup_table || cmd == GNTTABOP_query_size ||
                  cmd == GNTTABOP_set_version || cmd == GNTTABOP_get_version;

    if ( !ld->grant_table )
        return -ENOSYS;
    /* As Xen: a negative count, or bits above the command (but for the
     * cache flush's continuation), are refused. */
    if ( (int)count < 0 || (single && count != 1) ||
         ((cmd & ~GNTTABOP_CMD_MASK) && (cmd & GNTTABOP_CMD_MASK) != GNTTABOP_cache_flush) )
        return -EINVAL;
    cmd &= GNTTABOP_CMD_MASK;
    switch ( cmd )
    {
    case GNTTABOP_map_grant_ref:
        return gnttab_map_batch(ld, cmd, uop, count);
    case GNTTABOP_unmap_grant_ref:
        return gnttab_unmap_batch(ld, cmd, uop, count);
    case GNTTABOP_copy:
        return gnttab_copy_batch(ld, cmd, uop, count);
    case GNTTABOP_cache_flush:
        return gnttab_flush_batch(ld, cmd, uop, count);
    case GNTTABOP_setup_table:
        return gnttab_setup_table_op(ld, uop);
    case GNTTABOP_query_size:
        return gnttab_query_size_op(ld, uop);
    case GNTTABOP_set_version:
    case GNTTABOP_get_version:
        return gnttab_version_op(ld, cmd, uop);
    default:
        return -ENOSYS;
    }
}
