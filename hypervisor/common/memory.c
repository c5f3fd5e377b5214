/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * memory_op (hypercall 12): a domain's memory and its guest physical
 * address space, with Xen 4.17's results and errno values on Arm.
 *
 * The reservation calls (increase, decrease, populate) return how many
 * extents they did: a bad argument means none, a failure part-way the
 * extents before it.  A long call stops when its pCPU has other work and
 * resumes from a continuation, the extents done so far in the bits of
 * cmd above MEMOP_EXTENT_SHIFT.
 *
 * Who may act on whom is Xen's default policy (XSM_TARGET): a domain on
 * itself, a privileged domain on any.  Domains are looked up without
 * reference counts (xenith/domain.h): a domU only ever acts on itself.
 */
#include <xenith/domain.h>
#include <xenith/errno.h>
#include <xenith/grant_table.h>
#include <xenith/guest_access.h>
#include <xenith/hypercall.h>
#include <xenith/lib.h>
#include <xenith/mm.h>
#include <xenith/page_alloc.h>
#include <xenith/sched.h>
#include <asm/p2m.h>
#include <public/memory.h>
#include <limits.h>
#include <stddef.h>

#define MEMOP_EXTENT_SHIFT      6
#define MEMOP_CMD_MASK          ((1UL << MEMOP_EXTENT_SHIFT) - 1)

/* Xen 4.17 on Arm: largest extent for a domU, and for the control domain. */
#define MEMOP_DOMU_MAX_ORDER    9
#define MEMOP_CTLDOM_MAX_ORDER  18

#define MEMOP_NO_NODE           0xffU   /* XENMEMF_get_node() of "any node" */
#define MEMOP_MAX_NODES         1       /* Xen 4.17 on Arm has no NUMA */

#define XEN_INVALID_GFN         (~(xen_pfn_t)0)

struct memop_args {
    struct domain *d;
    vaddr_t list;               /* guest VA of the xen_pfn_t extent list */
    unsigned int nr_extents;
    unsigned int order;
    unsigned int address_bits;  /* pages must lie below 2^bits; 0: anywhere */
    unsigned int nr_done;       /* IN/OUT */
    bool preempted;
};

static unsigned int memop_max_order(const struct domain *caller)
{
    return caller->is_privileged ? MEMOP_CTLDOM_MAX_ORDER : MEMOP_DOMU_MAX_ORDER;
}

/*
 * Xen's rcu_lock_domain_by_any_id(): DOMID_SELF or a domain's id, the
 * domain referenced (put_domain() when done), or NULL.
 */
static struct domain *memop_domain(domid_t domid)
{
    struct domain *curr = current->domain;

    if ( domid != DOMID_SELF && domid != curr->domain_id )
        return get_domain_by_id(domid);
    get_knownalive_domain(curr);
    return curr;
}


/* Xen's default XSM_TARGET check of the caller against @d. */
static bool memop_may_target(const struct domain *d)
{
    return d == current->domain || current->domain->is_privileged;
}

/* One past the highest machine frame of RAM (Xen's max_page). */
static unsigned long memop_max_page(void)
{
    return frame_table_base_mfn + frame_table_nr;
}

static long memop_continue(unsigned long cmd, uint64_t arg)
{
    const uint64_t args[HYPERCALL_MAX_ARGS] = { cmd, arg };

    return hypercall_create_continuation(2, args);
}

/* Xen's propagate_node(): a node other than "any" only for the privileged. */
static bool memop_node_ok(unsigned int mem_flags)
{
    unsigned int node = XENMEMF_get_node(mem_flags);

    if ( node == MEMOP_NO_NODE )
        return true;
    if ( current->domain->is_privileged )
        return node < MEMOP_MAX_NODES;
    return !(mem_flags & XENMEMF_exact_node_request);
}

/* The mem_flags of a reservation, as Xen reads them: 0 or -EINVAL. */
static int memop_flags(const struct xen_memory_reservation *r, struct memop_args *a)
{
    unsigned int bits = XENMEMF_get_address_bits(r->mem_flags);
    unsigned int ram_bits = PAGE_SHIFT;

    while ( (1UL << (ram_bits - PAGE_SHIFT)) < memop_max_page() )
        ram_bits++;
    if ( bits && bits < ram_bits )
    {
        if ( bits <= PAGE_SHIFT )
            return -EINVAL;
        a->address_bits = bits;
    }
    /* A virtual node: no Xenith domain has vNUMA, so it is ignored. */
    if ( r->mem_flags & XENMEMF_vnode )
        return 0;
    return memop_node_ok(r->mem_flags) ? 0 : -EINVAL;
}

/*
 * An extent for @a->d, below 2^address_bits if asked.  The allocator
 * takes no address limit: an extent above it is given back and the call
 * stops there, where Xen might have found memory lower down.
 */
static struct page_info *memop_alloc(const struct memop_args *a)
{
    struct page_info *pg = alloc_domheap_pages(a->d, a->order, 0);

    if ( pg && a->address_bits &&
         mfn_to_maddr(page_to_mfn(pg)) + (PAGE_SIZE << a->order) >
         ((paddr_t)1 << a->address_bits) )
    {
        free_domheap_pages(pg, a->order);
        pg = NULL;
    }
    return pg;
}

/* Stop before extent @i if the pCPU has other work (not before the first). */
static bool memop_preempt(struct memop_args *a, unsigned int i)
{
    if ( i != a->nr_done && hypercall_preempt_check() )
        a->preempted = true;
    return a->preempted;
}

/*
 * Pages the domain owns but has mapped nowhere: on Arm nothing tells the
 * guest where they are (extent_start is for x86 PV), as on Xen.
 */
static void memop_increase(struct memop_args *a)
{
    unsigned int i;

    if ( a->order > memop_max_order(current->domain) )
        return;
    for ( i = a->nr_done; i < a->nr_extents && !memop_preempt(a, i); i++ )
        if ( !memop_alloc(a) )
            break;
    a->nr_done = i;
}

static void memop_populate(struct memop_args *a)
{
    unsigned int i;

    if ( a->order > memop_max_order(current->domain) )
        return;
    for ( i = a->nr_done; i < a->nr_extents && !memop_preempt(a, i); i++ )
    {
        xen_pfn_t gpfn;
        struct page_info *pg;

        if ( copy_from_guest(&gpfn, a->list + i * sizeof(gpfn), sizeof(gpfn)) )
            break;
        pg = memop_alloc(a);
        if ( !pg || p2m_add_ram(a->d, _gfn(gpfn), pg, a->order) )
            break;
    }
    a->nr_done = i;
}

/*
 * Take from @d the pages at [gfn, gfn + nr), nr <= 64, up to the first
 * that is neither its RAM nor a shared xenheap page: those are unmapped
 * (one TLB flush) and the RAM freed.  0, or -EINVAL at such a page.
 */
#define MEMOP_REMOVE_CHUNK  64

static int memop_remove_chunk(struct domain *d, unsigned long gfn, unsigned int nr)
{
    struct page_info *pages[MEMOP_REMOVE_CHUNK];
    unsigned int n;
    int rc = 0;

    for ( n = 0; n < nr && !rc; n++ )
    {
        p2m_type_t t;
        mfn_t mfn = p2m_lookup(d, _gfn(gfn + n), &t);

        pages[n] = NULL;
        /* Xen: the page must be the domain's (get_page) or the call stops. */
        if ( p2m_is_ram(t) && get_page(mfn_to_page(mfn), d) )
            pages[n] = mfn_to_page(mfn);
        else if ( t != p2m_xenheap_rw )
            rc = -EINVAL;
    }
    if ( rc )
        n--;
    if ( n && p2m_guest_set(d, _gfn(gfn), INVALID_MFN, n, p2m_invalid) )
        rc = -ENOMEM;
    for ( unsigned int i = 0; i < n; i++ )
    {
        if ( !pages[i] )
            continue;
        if ( !rc )
            put_page_alloc_ref(pages[i]);
        put_page(pages[i]);
    }
    return rc;
}

static void memop_decrease(struct memop_args *a)
{
    unsigned int i;

    if ( a->order > memop_max_order(current->domain) )
        return;
    for ( i = a->nr_done; i < a->nr_extents && !memop_preempt(a, i); i++ )
    {
        xen_pfn_t gpfn;
        unsigned long nr = 1UL << a->order, done;
        int rc = 0;

        if ( copy_from_guest(&gpfn, a->list + i * sizeof(gpfn), sizeof(gpfn)) )
            break;
        for ( done = 0; done < nr && !rc; done += MEMOP_REMOVE_CHUNK )
            rc = memop_remove_chunk(a->d, gpfn + done,
                                    min(nr - done, (unsigned long)MEMOP_REMOVE_CHUNK));
        if ( rc )
            break;
    }
    a->nr_done = i;
}

/* XENMEM_increase_reservation, decrease_reservation, populate_physmap. */
static long memop_reservation(unsigned int op, unsigned long start, uint64_t arg)
{
    struct xen_memory_reservation r;
    struct memop_args a = { .nr_done = start };

    if ( copy_from_guest(&r, arg, sizeof(r)) ||
         r.nr_extents > (UINT_MAX >> MEMOP_EXTENT_SHIFT) || start >= r.nr_extents )
        return start;
    a.d = memop_domain(r.domid);
    if ( !a.d )
        return start;
    if ( memop_flags(&r, &a) || !memop_may_target(a.d) )
    {
        put_domain(a.d);
        return start;
    }
    a.list = r.extent_start.q;
    a.nr_extents = r.nr_extents;
    a.order = r.extent_order;

    if ( op == XENMEM_increase_reservation )
        memop_increase(&a);
    else if ( op == XENMEM_decrease_reservation )
        memop_decrease(&a);
    /* Arm has no populate-on-demand: Xen stops at the first extent. */
    else if ( !(r.mem_flags & XENMEMF_populate_on_demand) )
        memop_populate(&a);
    put_domain(a.d);

    if ( a.preempted )
        return memop_continue(op | ((unsigned long)a.nr_done << MEMOP_EXTENT_SHIFT), arg);
    return a.nr_done;
}

/* XENMEM_current_reservation, maximum_reservation, maximum_gpfn. */
static long memop_domain_query(unsigned int op, unsigned long start, uint64_t arg)
{
    struct xen_memory_domain md;
    struct domain *d;
    long rc;

    if ( start )
        return -EINVAL;
    if ( copy_from_guest(&md, arg, sizeof(md)) )
        return -EFAULT;
    d = memop_domain(md.domid);
    if ( !d )
        return -ESRCH;
    if ( !memop_may_target(d) )
        rc = -EPERM;
    else if ( op == XENMEM_current_reservation )
        rc = ACCESS_ONCE(d->tot_pages);
    else if ( op == XENMEM_maximum_reservation )
        rc = ACCESS_ONCE(d->max_pages);
    else
        rc = p2m_max_mapped_gfn(d);
    put_domain(d);
    return rc;
}

/* ------------------------------------------------------------- physmap */

/* Xen's xatp_permission_check(): 0, -EACCES or -EPERM. */
static int physmap_permission(const struct domain *d, unsigned int space)
{
    /* dev_mmio is the hardware domain's, on itself: Xenith has none. */
    if ( space == XENMAPSPACE_dev_mmio )
        return -EACCES;
    return memop_may_target(d) ? 0 : -EPERM;
}

static int physmap_add_gnttab(struct domain *d, xen_ulong_t idx, xen_pfn_t gpfn)
{
    mfn_t mfn;
    /* Xen takes the index as an unsigned int: higher bits are dropped. */
    int rc = gnttab_get_frame(d, (unsigned int)idx, &mfn);

    if ( !rc )
        rc = p2m_map_xenheap(d, _gfn(gpfn), mfn);
    if ( !rc )
        gnttab_set_frame_gfn(d, (unsigned int)idx, _gfn(gpfn));
    return rc;
}

/*
 * Frame @idx of domain @fid into @d at @gpfn, with a reference the
 * mapping holds (dropped when it is replaced or removed).  Only for a
 * privileged @d: Xen checks XSM_TARGET of @d over the page's owner.
 */
static int physmap_map_foreign(struct domain *d, struct domain *od, xen_ulong_t idx,
                               xen_pfn_t gpfn)
{
    struct page_info *pg;
    p2m_type_t t;
    int rc;

    if ( od == d )
        return -EINVAL;
    if ( !d->is_privileged )
        return -EPERM;
    p2m_lookup(od, _gfn(idx), &t);
    if ( !p2m_is_ram(t) || !(pg = get_page_from_gfn(od, _gfn(idx), false)) )
        return -EINVAL;
    /* The page's reference outlives ours of @od, which may die meanwhile. */
    rc = p2m_guest_set(d, _gfn(gpfn), page_to_mfn(pg), 1,
                       t == p2m_ram_rw ? p2m_map_foreign_rw : p2m_map_foreign_ro);
    if ( rc )
        put_page(pg);
    return rc;
}

static int physmap_add_foreign(struct domain *d, domid_t fid, xen_ulong_t idx,
                               xen_pfn_t gpfn)
{
    struct domain *od;
    int rc;

    if ( fid == current->domain->domain_id )
        return -ESRCH;
    /* DOMID_IO and DOMID_XEN: pseudo-domains whose frames are no RAM. */
    if ( fid == DOMID_IO || fid == DOMID_XEN )
        return d->is_privileged ? -EINVAL : -EPERM;
    od = memop_domain(fid);
    if ( !od )
        return -ESRCH;
    rc = physmap_map_foreign(d, od, idx, gpfn);
    put_domain(od);
    return rc;
}

/* Xen's xenmem_add_to_physmap_one() on Arm. */
static int physmap_add_one(struct domain *d, unsigned int space, domid_t fid,
                           xen_ulong_t idx, xen_pfn_t gpfn)
{
    switch ( space )
    {
    case XENMAPSPACE_shared_info:
        if ( idx != 0 )
            return -EINVAL;
        return p2m_map_xenheap(d, _gfn(gpfn), virt_to_mfn(d->shared_info));
    case XENMAPSPACE_grant_table:
        return physmap_add_gnttab(d, idx, gpfn);
    case XENMAPSPACE_gmfn_foreign:
        return physmap_add_foreign(d, fid, idx, gpfn);
    default:
        /* Moving the domain's own frames (gmfn, gmfn_range): not on Arm. */
        return -ENOSYS;
    }
}

/* XENMEM_add_to_physmap to @d, referenced by the caller. */
static long physmap_add_checked(struct domain *d, const struct xen_add_to_physmap *x,
                                unsigned long start)
{
    int rc = physmap_permission(d, x->space);

    if ( rc )
        return rc;
    if ( x->gpfn == XEN_INVALID_GFN )
        return -EINVAL;
    if ( x->space != XENMAPSPACE_gmfn_range )
        return physmap_add_one(d, x->space, DOMID_INVALID, x->idx, x->gpfn);
    if ( x->size < start )
        return -EILSEQ;
    if ( x->gpfn + x->size < x->gpfn || x->idx + x->size < x->idx )
        return -EOVERFLOW;
    /* Page by page as gmfn, which Arm refuses: the first one ends it. */
    if ( x->size == start )
        return 0;
    return physmap_add_one(d, XENMAPSPACE_gmfn, DOMID_INVALID, x->idx + start,
                           x->gpfn + start);
}

static long memop_add_to_physmap(unsigned long start, uint64_t arg)
{
    struct xen_add_to_physmap x;
    struct domain *d;
    long rc;

    if ( start != (uint16_t)start )
        return -EDOM;
    if ( copy_from_guest(&x, arg, sizeof(x)) )
        return -EFAULT;
    /* Foreign frames only through the batch call (refused before any look-up, as Xen). */
    if ( x.space == XENMAPSPACE_gmfn_foreign )
        return -ENOSYS;
    d = memop_domain(x.domid);
    if ( !d )
        return -ESRCH;
    rc = physmap_add_checked(d, &x, start);
    put_domain(d);
    return rc;
}

/* The pages of a batch from @i on, each result in errs[]: 0 or -errno. */
static long physmap_batch_run(struct domain *d, const struct xen_add_to_physmap_batch *b,
                              unsigned int i, uint64_t arg)
{
    domid_t fid = b->space == XENMAPSPACE_gmfn_foreign ? b->u.foreign_domid : DOMID_INVALID;

    while ( i < b->size )
    {
        xen_ulong_t idx;
        xen_pfn_t gpfn;
        int err;

        if ( copy_from_guest(&idx, b->idxs.q + i * sizeof(idx), sizeof(idx)) ||
             copy_from_guest(&gpfn, b->gpfns.q + i * sizeof(gpfn), sizeof(gpfn)) )
            return -EFAULT;
        if ( gpfn == XEN_INVALID_GFN )
            return -EINVAL;
        err = physmap_add_one(d, b->space, fid, idx, gpfn);
        if ( copy_to_guest(b->errs.q + i * sizeof(err), &err, sizeof(err)) )
            return -EFAULT;
        if ( ++i < b->size && hypercall_preempt_check() )
            return memop_continue(XENMEM_add_to_physmap_batch |
                                  ((unsigned long)i << MEMOP_EXTENT_SHIFT), arg);
    }
    return 0;
}

static long memop_add_to_physmap_batch(unsigned long start, uint64_t arg)
{
    struct xen_add_to_physmap_batch b;
    struct domain *d;
    int rc;

    if ( start != (uint16_t)start )
        return -EDOM;
    if ( copy_from_guest(&b, arg, sizeof(b)) )
        return -EFAULT;
    if ( b.space == XENMAPSPACE_gmfn_range )
        return -EOPNOTSUPP;
    d = memop_domain(b.domid);
    if ( !d )
        return -ESRCH;
    rc = physmap_permission(d, b.space);
    if ( rc )
        ;
    else if ( b.size < start )
        rc = -EILSEQ;
    else if ( b.size == start )
        rc = start ? -EILSEQ : 0;
    else
        rc = physmap_batch_run(d, &b, start, arg);
    put_domain(d);
    return rc;
}

static long memop_remove_from_physmap(unsigned long start, uint64_t arg)
{
    struct xen_remove_from_physmap x;
    struct domain *d;
    long rc;

    if ( start )
        return -EINVAL;
    if ( copy_from_guest(&x, arg, sizeof(x)) )
        return -EFAULT;
    d = memop_domain(x.domid);
    if ( !d )
        return -ESRCH;
    /*
     * What Xen finds with get_page_from_gfn(): the domain's RAM (which
     * stays allocated to it), a foreign page or a shared xenheap page.
     */
    rc = !memop_may_target(d) ? -EPERM :
         p2m_remove_if(d, _gfn(x.gpfn), INVALID_MFN,
                       P2M_RAM_TYPES | P2M_FOREIGN_TYPES | P2M_TYPE_MASK(p2m_xenheap_rw));
    put_domain(d);
    return rc;
}

/* ------------------------------------------------------ other requests */

/*
 * XENMEM_exchange.  Xen 4.17 on Arm cannot take pages from a domain
 * (steal_page() is -EOPNOTSUPP), so after the checks below every
 * exchange fails on its first page; nr_exchanged is written back as Xen
 * does.
 */
static long memop_exchange_fail(struct xen_memory_exchange *x, uint64_t arg, long rc)
{
    if ( copy_to_guest(arg + offsetof(struct xen_memory_exchange, nr_exchanged),
                       &x->nr_exchanged, sizeof(x->nr_exchanged)) )
        return -EFAULT;
    return rc;
}

static bool memop_exchange_sane(const struct xen_memory_exchange *x)
{
    return x->nr_exchanged <= x->in.nr_extents && x->in.domid == x->out.domid &&
           (~0UL >> x->in.extent_order) >= x->in.nr_extents &&
           (~0UL >> x->out.extent_order) >= x->out.nr_extents &&
           (x->in.nr_extents << x->in.extent_order) ==
           (x->out.nr_extents << x->out.extent_order);
}

/* Where an exchange with @d (referenced by the caller) fails: -errno. */
static long memop_exchange_first(struct domain *d, struct xen_memory_exchange *x)
{
    unsigned int chunk;     /* log2 of input extents per exchanged chunk */
    xen_pfn_t gpfn;
    p2m_type_t t;

    if ( !memop_may_target(d) )
        return -EPERM;
    chunk = x->in.extent_order < x->out.extent_order ?
            x->out.extent_order - x->in.extent_order : 0;
    x->nr_exchanged = (x->nr_exchanged >> chunk) << chunk;
    if ( copy_from_guest(&gpfn, x->in.extent_start.q + x->nr_exchanged * sizeof(gpfn),
                         sizeof(gpfn)) )
        return -EFAULT;
    if ( !mfn_valid(p2m_lookup(d, _gfn(gpfn), &t)) )
        return -EINVAL;
    return -EOPNOTSUPP;
}

static long memop_exchange(unsigned long start, uint64_t arg)
{
    struct xen_memory_exchange x;
    struct domain *d;
    long rc;

    if ( start )
        return -EINVAL;
    if ( copy_from_guest(&x, arg, sizeof(x)) )
        return -EFAULT;
    /* Also keeps the shifts below in range. */
    if ( max(x.in.extent_order, x.out.extent_order) > memop_max_order(current->domain) )
        return memop_exchange_fail(&x, arg, -EPERM);
    if ( !memop_exchange_sane(&x) )
        return memop_exchange_fail(&x, arg, -EINVAL);
    if ( x.nr_exchanged == x.in.nr_extents )
        return 0;
    if ( !memop_node_ok(x.out.mem_flags) )
        return memop_exchange_fail(&x, arg, -EINVAL);
    d = memop_domain(x.in.domid);
    if ( !d )
        return memop_exchange_fail(&x, arg, -ESRCH);
    rc = memop_exchange_first(d, &x);
    put_domain(d);
    return memop_exchange_fail(&x, arg, rc);
}

/*
 * XENMEM_claim_pages: for the toolstack (privileged).  Xenith keeps no
 * claims: -EOPNOTSUPP for a privileged caller.
 */
static long memop_claim_pages(unsigned long start, uint64_t arg)
{
    struct xen_memory_reservation r;
    struct domain *d;

    if ( start )
        return -EINVAL;
    if ( copy_from_guest(&r, arg, sizeof(r)) )
        return -EFAULT;
    if ( r.extent_start.q || r.extent_order || r.mem_flags )
        return -EINVAL;
    /* By id only: DOMID_SELF names no domain here. */
    d = r.domid == DOMID_SELF ? NULL : get_domain_by_id(r.domid);
    if ( !d )
        return -EINVAL;
    put_domain(d);
    return current->domain->is_privileged ? -EOPNOTSUPP : -EPERM;
}

/* XENMEM_get_vnumainfo: no Xenith domain has a virtual NUMA topology. */
static long memop_get_vnumainfo(unsigned long start, uint64_t arg)
{
    struct xen_vnuma_topology_info v;
    struct domain *d;
    long rc;

    if ( start )
        return -EINVAL;
    if ( copy_from_guest(&v, arg, sizeof(v)) )
        return -EFAULT;
    if ( v.pad )
        return -EINVAL;
    d = memop_domain(v.domid);
    if ( !d )
        return -ESRCH;
    rc = memop_may_target(d) ? -EOPNOTSUPP : -EPERM;
    put_domain(d);
    return rc;
}

/* struct xen_reserved_device_memory_map (Xen's public memory.h). */
struct memop_rdm_map {
    uint32_t flags;
#define MEMOP_RDM_ALL   1
    uint32_t nr_entries;
    uint64_t buffer;
    uint32_t pci_sbdf;
    uint32_t pad;
};
static_assert(sizeof(struct memop_rdm_map) == 24, "Xen's layout");

/*
 * XENMEM_reserved_device_memory_map: ranges an IOMMU reserves.  Xenith
 * has no IOMMU, so there are none: nr_entries comes back 0 (Xen 4.17 on
 * a machine without an enabled IOMMU).
 */
static long memop_rdm_map(unsigned long start, uint64_t arg)
{
    struct memop_rdm_map m;

    if ( start )
        return -EINVAL;
    if ( copy_from_guest(&m, arg, sizeof(m)) )
        return -EFAULT;
    if ( m.flags & ~MEMOP_RDM_ALL )
        return -EINVAL;
    m.nr_entries = 0;
    return copy_to_guest(arg, &m, sizeof(m)) ? -EFAULT : 0;
}

/*
 * XENMEM_acquire_resource: another domain's resource (grant table, ioreq
 * server pages) for a toolstack or device model.  Checked as Xen does;
 * mapping resources is not implemented: -EOPNOTSUPP for a caller Xen
 * would let through.
 */
static long memop_acquire_resource(uint64_t arg)
{
    struct xen_mem_acquire_resource r;
    struct domain *d;
    long rc;

    if ( copy_from_guest(&r, arg, sizeof(r)) )
        return -EFAULT;
    if ( r.pad )
        return -EINVAL;
    if ( (r.frame >> 32) || ((r.frame + r.nr_frames) >> 32) )
        return -EINVAL;
    /* By id, and not the caller (Xen's rcu_lock_remote_domain_by_id()). */
    d = r.domid == DOMID_SELF ? NULL : get_domain_by_id(r.domid);
    if ( !d )
        return -ESRCH;
    rc = d == current->domain || !current->domain->is_privileged ? -EPERM : -EOPNOTSUPP;
    put_domain(d);
    return rc;
}

long do_memory_op(unsigned long cmd, uint64_t arg)
{
    unsigned long start = cmd >> MEMOP_EXTENT_SHIFT;
    unsigned int op = cmd & MEMOP_CMD_MASK;

    switch ( op )
    {
    case XENMEM_increase_reservation:
    case XENMEM_decrease_reservation:
    case XENMEM_populate_physmap:
        return memop_reservation(op, start, arg);
    case XENMEM_exchange:
        return memop_exchange(start, arg);
    case XENMEM_maximum_ram_page:
        return start ? -EINVAL : (long)memop_max_page();
    case XENMEM_current_reservation:
    case XENMEM_maximum_reservation:
    case XENMEM_maximum_gpfn:
        return memop_domain_query(op, start, arg);
    case XENMEM_add_to_physmap:
        return memop_add_to_physmap(start, arg);
    case XENMEM_add_to_physmap_batch:
        return memop_add_to_physmap_batch(start, arg);
    case XENMEM_remove_from_physmap:
        return memop_remove_from_physmap(start, arg);
    case XENMEM_claim_pages:
        return memop_claim_pages(start, arg);
    case XENMEM_get_vnumainfo:
        return memop_get_vnumainfo(start, arg);
    case XENMEM_reserved_device_memory_map:
        return memop_rdm_map(start, arg);
    case XENMEM_acquire_resource:
        return memop_acquire_resource(arg);
    default:
        break;
    }
    /*
     * Xen's arch_memory_op() on Arm sees the whole cmd: memory sharing is
     * absent, so its two counters read 0.  access_op, paging, PoD and the
     * x86 memory maps: -ENOSYS.
     */
    if ( cmd == XENMEM_get_sharing_freed_pages || cmd == XENMEM_get_sharing_shared_pages )
        return 0;
    return -ENOSYS;
}
