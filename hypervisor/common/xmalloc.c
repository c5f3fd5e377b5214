/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hypervisor heap, on top of the page allocator.
 *
 * Small sizes (up to XMEM_SLAB_MAX bytes) come from slabs: a slab is one
 * xenheap page cut into equal objects of one size class, behind a header
 * at the start of the page that holds a bitmap of the objects in use.
 * Because of that header a slab object is never page-aligned, and its slab
 * is found by rounding its address down to the page.
 *
 * Larger sizes are whole pages, page-aligned: the smallest block of the
 * page allocator that holds them, with the unused tail pages given back at
 * once.  The number of pages is kept in the frame-table entry of the first
 * page, marked PGC_xmalloc.
 *
 * Every object is 16-byte aligned.  Freeing something that is not a live
 * object (twice, in the middle, a corrupted slab header) is a BUG.
 *
 * Locking: xmalloc_lock protects the slab lists, every slab header and the
 * counters.  It is a leaf lock, taken with IRQs masked; pages are
 * allocated and freed outside it.
 */
#include <xenith/keyhandler.h>
#include <xenith/mm.h>
#include <xenith/page_alloc.h>
#include <xenith/printk.h>
#include <xenith/spinlock.h>
#include <xenith/xmalloc.h>

#define XMEM_ALIGN          16
#define XMEM_SLAB_MAGIC     0x58534c42U         /* "XSLB" */
#define XMEM_SLAB_HDR       64                  /* bytes before the first object */
#define XMEM_SLAB_SPACE     (PAGE_SIZE - XMEM_SLAB_HDR)
#define XMEM_MAX_OBJS       (XMEM_SLAB_SPACE / XMEM_ALIGN)
#define XMEM_MAP_WORDS      ((XMEM_MAX_OBJS + 63) / 64)

struct xmem_slab {
    uint32_t magic;                     /* XMEM_SLAB_MAGIC while live */
    uint16_t cls;                       /* index in xmem_sizes[] */
    uint16_t nr_free;
    struct xmem_slab *prev, *next;      /* on xmem_partial[cls] if nr_free */
    uint64_t in_use[XMEM_MAP_WORDS];    /* one bit per object */
};
static_assert(sizeof(struct xmem_slab) <= XMEM_SLAB_HDR, "slab header fits");

/*
 * The size classes: multiples of 16, the larger ones chosen so that their
 * objects fill a slab (4032 bytes) with little left over.  The largest
 * still fits twice, so that a slab is worth its header.
 */
#define XMEM_SLAB_MAX       2016
static_assert(2 * XMEM_SLAB_MAX <= XMEM_SLAB_SPACE, "two objects per slab at least");
static const uint16_t xmem_sizes[] = {
    16, 32, 48, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384, 448,
    496, 576, 672, 800, 1008, 1344, XMEM_SLAB_MAX,
};
#define XMEM_NR_CLASSES     ARRAY_SIZE(xmem_sizes)

static DEFINE_SPINLOCK(xmalloc_lock);
/* Protected by xmalloc_lock: */
static struct xmem_slab *xmem_partial[XMEM_NR_CLASSES]; /* slabs with a free object */
static struct {
    unsigned long objs[XMEM_NR_CLASSES];        /* live objects per class */
    unsigned long slabs[XMEM_NR_CLASSES];       /* slab pages per class */
    unsigned long large_blocks;
    unsigned long large_pages;
} xmem_stats;

static unsigned int xmem_objs_per_slab(unsigned int cls)
{
    return XMEM_SLAB_SPACE / xmem_sizes[cls];
}

static unsigned int xmem_class(size_t size)
{
    unsigned int cls = 0;

    while ( xmem_sizes[cls] < size )
        cls++;
    return cls;
}

static char *xmem_obj(struct xmem_slab *slab, unsigned int idx)
{
    return (char *)slab + XMEM_SLAB_HDR + (size_t)idx * xmem_sizes[slab->cls];
}

static void xmem_partial_add(struct xmem_slab *slab)
{
    struct xmem_slab **head = &xmem_partial[slab->cls];

    slab->prev = NULL;
    slab->next = *head;
    if ( *head )
        (*head)->prev = slab;
    *head = slab;
}

static void xmem_partial_del(struct xmem_slab *slab)
{
    if ( slab->prev )
        slab->prev->next = slab->next;
    else
        xmem_partial[slab->cls] = slab->next;
    if ( slab->next )
        slab->next->prev = slab->prev;
}

/* Take a free object of @slab; drop the slab from its list when full. */
static void *xmem_slab_take(struct xmem_slab *slab, bool listed)
{
    unsigned int w = 0, idx;

    BUG_ON(slab->magic != XMEM_SLAB_MAGIC || !slab->nr_free);
    while ( slab->in_use[w] == ~0ULL )
        w++;
    idx = w * 64 + (unsigned int)__builtin_ctzll(~slab->in_use[w]);
    BUG_ON(idx >= xmem_objs_per_slab(slab->cls));
    slab->in_use[w] |= 1ULL << (idx % 64);
    if ( --slab->nr_free == 0 && listed )
        xmem_partial_del(slab);
    xmem_stats.objs[slab->cls]++;
    return xmem_obj(slab, idx);
}

static struct xmem_slab *xmem_slab_new(unsigned int cls)
{
    struct xmem_slab *slab = alloc_xenheap_pages(0, 0);
    unsigned int nr = xmem_objs_per_slab(cls);

    if ( !slab )
        return NULL;
    memset(slab, 0, sizeof(*slab));
    slab->magic = XMEM_SLAB_MAGIC;
    slab->cls = (uint16_t)cls;
    slab->nr_free = (uint16_t)nr;
    /* Bits past the last object stay set, so they are never handed out. */
    for ( unsigned int i = nr; i < XMEM_MAP_WORDS * 64; i++ )
        slab->in_use[i / 64] |= 1ULL << (i % 64);
    return slab;
}

static void *xmem_alloc_small(size_t size)
{
    unsigned int cls = xmem_class(size);
    struct xmem_slab *slab;
    unsigned long flags;
    void *obj = NULL;

    spin_lock_irqsave(&xmalloc_lock, flags);
    if ( xmem_partial[cls] )
        obj = xmem_slab_take(xmem_partial[cls], true);
    spin_unlock_irqrestore(&xmalloc_lock, flags);
    if ( obj )
        return obj;

    /* No room in any slab: fill a new one, private until listed. */
    slab = xmem_slab_new(cls);
    if ( !slab )
        return NULL;
    spin_lock_irqsave(&xmalloc_lock, flags);
    obj = xmem_slab_take(slab, false);
    if ( slab->nr_free )
        xmem_partial_add(slab);
    xmem_stats.slabs[cls]++;
    spin_unlock_irqrestore(&xmalloc_lock, flags);
    return obj;
}

/* Give back @nr pages at @va in the naturally aligned blocks they form. */
static void xmem_free_page_run(char *va, unsigned long nr)
{
    while ( nr )
    {
        unsigned long mfn = mfn_x(virt_to_mfn(va));
        unsigned int order = mfn ? (unsigned int)__builtin_ctzl(mfn) : MAX_ORDER;

        order = min(order, (unsigned int)(63 - __builtin_clzl(nr)));
        free_xenheap_pages(va, order);
        va += PAGE_SIZE << order;
        nr -= 1UL << order;
    }
}

static void *xmem_alloc_large(size_t size)
{
    unsigned long nr = PFN_UP(size), flags;
    unsigned int order = 0;
    struct page_info *pg;
    char *va;

    if ( size > (PAGE_SIZE << MAX_ORDER) )
        return NULL;
    while ( (1UL << order) < nr )
        order++;
    va = alloc_xenheap_pages(order, 0);
    if ( !va )
        return NULL;
    xmem_free_page_run(va + nr * PAGE_SIZE, (1UL << order) - nr);
    pg = virt_to_page(va);
    pg->count_info |= PGC_xmalloc;
    pg->v.xmalloc.nr_pages = nr;

    spin_lock_irqsave(&xmalloc_lock, flags);
    xmem_stats.large_blocks++;
    xmem_stats.large_pages += nr;
    spin_unlock_irqrestore(&xmalloc_lock, flags);
    return va;
}

void *xmalloc_bytes(size_t size)
{
    return size > XMEM_SLAB_MAX ? xmem_alloc_large(size) : xmem_alloc_small(size);
}

void *xzalloc_bytes(size_t size)
{
    void *p = xmalloc_bytes(size);

    if ( p )
        memset(p, 0, size);
    return p;
}

static void xmem_free_large(void *p)
{
    struct page_info *pg;
    unsigned long nr, flags;

    BUG_ON(!mfn_valid(virt_to_mfn(p)));
    pg = virt_to_page(p);
    /* Not the start of a live large block (freed twice?). */
    BUG_ON(!page_state_is(pg, inuse) || !(pg->count_info & PGC_xmalloc));
    nr = pg->v.xmalloc.nr_pages;
    pg->count_info &= ~PGC_xmalloc;
    pg->v.xmalloc.nr_pages = 0;

    spin_lock_irqsave(&xmalloc_lock, flags);
    xmem_stats.large_blocks--;
    xmem_stats.large_pages -= nr;
    spin_unlock_irqrestore(&xmalloc_lock, flags);
    xmem_free_page_run(p, nr);
}

/* Index of the live object at @p in @slab, or -1 if @p is not one. */
static int xmem_slab_index(const struct xmem_slab *slab, const void *p)
{
    const char *first = (const char *)slab + XMEM_SLAB_HDR;
    size_t off, size;

    if ( slab->magic != XMEM_SLAB_MAGIC || slab->cls >= XMEM_NR_CLASSES ||
         (const char *)p < first )
        return -1;
    size = xmem_sizes[slab->cls];
    off = (size_t)((const char *)p - first);
    if ( off % size || off / size >= xmem_objs_per_slab(slab->cls) )
        return -1;
    if ( !(slab->in_use[off / size / 64] & (1ULL << (off / size % 64))) )
        return -1;
    return (int)(off / size);
}

/* Return object @idx to its slab; the slab itself when it becomes empty. */
static struct xmem_slab *xmem_slab_put(struct xmem_slab *slab, unsigned int idx)
{
    slab->in_use[idx / 64] &= ~(1ULL << (idx % 64));
    xmem_stats.objs[slab->cls]--;
    if ( ++slab->nr_free == 1 )
        xmem_partial_add(slab);
    if ( slab->nr_free < xmem_objs_per_slab(slab->cls) )
        return NULL;
    xmem_partial_del(slab);
    xmem_stats.slabs[slab->cls]--;
    slab->magic = 0;
    return slab;
}

void xfree(void *p)
{
    struct xmem_slab *slab = (struct xmem_slab *)ROUNDDOWN((vaddr_t)p, PAGE_SIZE);
    struct xmem_slab *empty = NULL;
    unsigned long flags;
    int idx;

    if ( !p )
        return;
    BUG_ON(!IS_ALIGNED((vaddr_t)p, XMEM_ALIGN));
    if ( IS_ALIGNED((vaddr_t)p, PAGE_SIZE) )
    {
        xmem_free_large(p);
        return;
    }
    spin_lock_irqsave(&xmalloc_lock, flags);
    idx = xmem_slab_index(slab, p);
    if ( idx >= 0 )
        empty = xmem_slab_put(slab, (unsigned int)idx);
    spin_unlock_irqrestore(&xmalloc_lock, flags);
    /* Not a live object: freed twice, inside an object, or a corrupt slab. */
    BUG_ON(idx < 0);
    free_xenheap_pages(empty, 0);
}

static void xmalloc_dump(void)
{
    unsigned long flags, slab_pages = 0, bytes = 0;
    typeof(xmem_stats) st;

    spin_lock_irqsave(&xmalloc_lock, flags);
    st = xmem_stats;
    spin_unlock_irqrestore(&xmalloc_lock, flags);

    for ( unsigned int c = 0; c < XMEM_NR_CLASSES; c++ )
    {
        slab_pages += st.slabs[c];
        bytes += st.objs[c] * xmem_sizes[c];
    }
    printk("Heap (xmalloc): %lu KiB in %lu slab page(s), %lu KiB of objects; "
           "%lu large block(s) in %lu page(s)\n",
           slab_pages * (PAGE_SIZE >> 10), slab_pages, bytes >> 10,
           st.large_blocks, st.large_pages);
    for ( unsigned int c = 0; c < XMEM_NR_CLASSES; c++ )
        if ( st.slabs[c] )
            printk("  %4u bytes: %lu object(s) in %lu slab(s)\n",
                   xmem_sizes[c], st.objs[c], st.slabs[c]);
}

/* The 'm' key shows both layers; the heap is the one that sees both. */
static void dump_memory(char key)
{
    printk("'%c' pressed -> dumping memory\n", key);
    page_alloc_dump();
    xmalloc_dump();
}
KEYHANDLER('m', dump_memory, "dump memory: RAM, free blocks per order, heap usage");
