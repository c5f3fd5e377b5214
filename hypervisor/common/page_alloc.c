/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The buddy allocator of machine pages.
 *
 * Every page between the lowest and the highest RAM address has a struct
 * page_info in the frame table (holes between banks included, in the
 * reserved state).  The table itself lives in RAM, in the first free range
 * large enough, and is reached through the direct map.
 *
 * Free memory is kept in naturally aligned blocks of 2^order pages, one
 * list per order 0..MAX_ORDER.  The head page of a free block holds its
 * order; every page of a free block is in the free state, so freeing a
 * page twice, or freeing a page that was never handed out, is seen page by
 * page.  The other pages of a free block have zeroed entries (xenith/mm.h):
 * zeroing the table (with DC ZVA on arm64) prepares them all.
 *
 * The table is prepared a chunk at a time: page_alloc_init() zeroes,
 * reserves and links the first FT_BOOT_PAGES entries only.  The frames
 * after frame_table_ready count as free (total_free_pages() is exact) but
 * join the lists when an allocation finds no block large enough
 * (frame_table_grow()).  Until then mfn_valid() is false for them, as for
 * a frame that is not RAM: none was ever handed out, so nobody has a
 * reason to look at their entries.  A 128 MiB guest on a host with GiBs
 * of RAM does not wait for the whole table.  A freed block merges with its buddy (the block of the same order
 * at mfn ^ 2^order) for as long as that buddy is a whole free block.
 *
 * Locking: heap_lock protects the free lists, the counters, and the state
 * and order of every page that is free or changing state.  It is a leaf
 * lock, taken with IRQs masked so that the 'm' key (IRQ context) can take
 * it too.  Pages in use belong to whoever allocated them.
 *
 * Domain heap pages are the same pages without PGC_xen_heap, each with its
 * owner in v.inuse.owner and on the owner's page_list (under the domain's
 * page_alloc_lock, taken before heap_lock).  Their count bits hold
 * references (get_page(), xenith/mm.h), changed atomically without locks:
 * the allocation's own (PGC_allocated) is dropped under page_alloc_lock
 * when the domain frees the page, and whoever takes the count to 0 takes
 * it off its domain's list and frees it.
 */
#include <xenith/bootinfo.h>
#include <xenith/domain.h>
#include <xenith/mm.h>
#include <xenith/page_alloc.h>
#include <xenith/printk.h>
#include <xenith/spinlock.h>

static_assert(sizeof(struct page_info) == 32, "frame table entries are 32 bytes");

struct page_info *frame_table;
unsigned long frame_table_base_mfn;
unsigned long frame_table_nr;
unsigned long frame_table_ready;        /* written under heap_lock */
static paddr_t frame_table_pa;          /* where page_alloc_init() put it */
static size_t frame_table_size;         /* bytes, whole pages */
static unsigned long ram_pages;         /* whole pages in bootinfo.mem */

static DEFINE_SPINLOCK(heap_lock);
/*
 * Taken before a domain's page_alloc_lock by the last put_page() of a page
 * its domain freed while referenced, and by relinquish_domheap_pages():
 * the owner of such a page stays alive while it is held.
 */
static DEFINE_SPINLOCK(orphan_lock);
/* Protected by heap_lock: */
static struct page_list_head free_lists[MAX_ORDER + 1];
static unsigned long free_blocks[MAX_ORDER + 1];
static unsigned long free_pages;        /* the lists' and the unprepared frames' */

/* Entries prepared at boot, then a step (32 MiB of RAM, 256 KiB of table). */
#define FT_BOOT_PAGES       (_AC(1, UL) << 14)
#define FT_CHUNK_PAGES      (_AC(1, UL) << 13)
static_assert(FT_BOOT_PAGES % FT_CHUNK_PAGES == 0 &&
              FT_CHUNK_PAGES * sizeof(struct page_info) % PAGE_SIZE == 0,
              "chunks of the frame table are whole pages");
static bool frame_table_grow(void);

/* u.free.head: 1 + the order of the block a free page heads, 0 for none. */
static bool free_head_is(const struct page_info *pg, unsigned int order)
{
    return page_state_is(pg, free) && pg->u.free.head == order + 1;
}

static void free_head_set(struct page_info *pg, unsigned int order)
{
    pg->u.free.head = order + 1;
}

/*
 * Link the free block at @mfn, whose pages are all free and none of them a
 * head, into the lists, merging it with free buddies on the way up.
 */
static void buddy_insert(unsigned long mfn, unsigned int order)
{
    struct page_info *pg;

    ASSERT(spin_is_locked(&heap_lock));
    while ( order < MAX_ORDER )
    {
        unsigned long buddy = mfn ^ (1UL << order);
        struct page_info *bpg;

        if ( !mfn_valid(_mfn(buddy)) )
            break;
        bpg = mfn_to_page(_mfn(buddy));
        if ( !free_head_is(bpg, order) )
            break;
        page_list_del(bpg, &free_lists[order]);
        free_blocks[order]--;
        bpg->u.free.head = 0;
        mfn &= ~(1UL << order);
        order++;
    }
    pg = mfn_to_page(_mfn(mfn));
    free_head_set(pg, order);
    page_list_add(pg, &free_lists[order]);
    free_blocks[order]++;
}

/* Unlink a free block of at least 2^@order pages and split it to size. */
static struct page_info *buddy_take(unsigned int order)
{
    unsigned int o = order;
    struct page_info *pg;

    ASSERT(spin_is_locked(&heap_lock));
    for ( ;; )
    {
        while ( o <= MAX_ORDER && page_list_empty(&free_lists[o]) )
            o++;
        if ( o <= MAX_ORDER )
            break;
        if ( !frame_table_grow() )
            return NULL;
        o = order;
    }
    pg = page_list_remove_head(&free_lists[o]);
    free_blocks[o]--;
    /* Keep the lower half, give back the upper half, until it fits. */
    while ( o > order )
    {
        struct page_info *half;

        o--;
        half = pg + (1UL << o);
        free_head_set(half, o);
        page_list_add(half, &free_lists[o]);
        free_blocks[o]++;
    }
    pg->u.free.head = 0;
    return pg;
}

/*
 * The list entry {@next, @prev} as one 64-bit word, so that a block's
 * chain is written a word a page and advanced by one addition.  Little
 * endian: @prev is the upper half, and the carry when the first page's
 * prev (PAGE_LIST_NULL for frame 0) wraps leaves the word.
 */
static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "list words are little-endian");

static inline uint64_t page_list_word(uint32_t next, uint32_t prev)
{
    return next | ((uint64_t)prev << 32);
}

/* Page @p of a block being handed out, its list entry @link. */
static inline void claim_page(struct page_info *p, uint64_t link, unsigned long count_info,
                              struct domain *owner)
{
    __builtin_memcpy(&p->list, &link, sizeof(link));
    p->count_info = count_info;
    p->u.inuse.type_info = 0;
    p->v.inuse.owner = owner;
}

/*
 * Hand out the 2^@order pages at @pg (just taken from the free lists)
 * with @count_info, owned by @owner, chained in ascending order through
 * their list entries: a domain splices the block into its page list whole
 * (the chain of a xenheap block is unused).  One pass over the block, and
 * the only one, two pages a step (a 128 MiB domain is 32768 pages), their
 * states checked all at once at the end.
 */
static void claim_heap_pages(struct page_info *pg, unsigned int order,
                             unsigned long count_info, struct domain *owner)
{
    struct page_info *p = pg, *end = pg + (1UL << order);
    uint32_t idx = page_list_index(pg);
    const uint64_t one = page_list_word(1, 1);
    uint64_t link = page_list_word(idx + 1, idx - 1);
    unsigned long states = p->count_info;

    claim_page(p++, link, count_info, owner);
    link += one;
    /* The rest of a block is an odd number of pages: one, then pairs. */
    if ( p < end )
    {
        states |= p->count_info;
        claim_page(p++, link, count_info, owner);
        link += one;
    }
    for ( ; p < end; p += 2, link += 2 * one )
    {
        states |= p[0].count_info | p[1].count_info;
        claim_page(&p[0], link, count_info, owner);
        claim_page(&p[1], link + one, count_info, owner);
    }
    /* A page of a free block that is not free: the lists are corrupt. */
    BUG_ON(!page_state_is_val(states, free));
    pg->list.prev = PAGE_LIST_NULL;
    end[-1].list.next = PAGE_LIST_NULL;
}

static struct page_info *alloc_heap_pages(unsigned int order, unsigned long count_info,
                                          struct domain *owner)
{
    struct page_info *pg;
    unsigned long irqflags;

    if ( order > MAX_ORDER )
        return NULL;
    spin_lock_irqsave(&heap_lock, irqflags);
    pg = buddy_take(order);
    if ( pg )
    {
        claim_heap_pages(pg, order, count_info, owner);
        free_pages -= 1UL << order;
    }
    spin_unlock_irqrestore(&heap_lock, irqflags);
    return pg;
}

/*
 * Are all 2^@order pages at @pg in use, handed out with exactly @flags,
 * and without references?
 */
static bool pages_freeable(const struct page_info *pg, unsigned int order,
                           unsigned long flags)
{
    ASSERT(spin_is_locked(&heap_lock));
    for ( unsigned long i = 0; i < (1UL << order); i++ )
        if ( !page_state_is(&pg[i], inuse) || (pg[i].count_info & ~PGC_state) != flags )
            return false;
    return true;
}

static void free_heap_pages(struct page_info *pg, unsigned int order, unsigned long flags)
{
    unsigned long mfn = mfn_x(page_to_mfn(pg));
    unsigned long irqflags;
    bool ok;

    BUG_ON(order > MAX_ORDER || !IS_ALIGNED(mfn, 1UL << order));
    BUG_ON(!mfn_valid(_mfn(mfn + (1UL << order) - 1)));
    spin_lock_irqsave(&heap_lock, irqflags);
    ok = pages_freeable(pg, order, flags);
    if ( ok )
    {
        for ( unsigned long i = 0; i < (1UL << order); i++ )
            pg[i] = (struct page_info){ .count_info = PGC_state_free };
        free_pages += 1UL << order;
        buddy_insert(mfn, order);
    }
    spin_unlock_irqrestore(&heap_lock, irqflags);
    /* A double free, a page never handed out, one with other flags or referenced. */
    BUG_ON(!ok);
}

void *alloc_xenheap_pages(unsigned int order, unsigned int memflags)
{
    struct page_info *pg;

    BUG_ON(memflags);                   /* none defined yet */
    pg = alloc_heap_pages(order, PGC_state_inuse | PGC_xen_heap, NULL);
    return pg ? page_to_virt(pg) : NULL;
}

void free_xenheap_pages(void *va, unsigned int order)
{
    if ( !va )
        return;
    BUG_ON(!IS_ALIGNED((vaddr_t)va, PAGE_SIZE) || !mfn_valid(virt_to_mfn(va)));
    free_heap_pages(virt_to_page(va), order, PGC_xen_heap);
}

/* ---------------------------------------------------------------- domheap */

/* Count 2^@order pages against @d's limit; false when they do not fit. */
static bool domheap_charge(struct domain *d, unsigned long nr)
{
    bool ok;

    spin_lock(&d->page_alloc_lock);
    ok = nr <= d->max_pages && d->tot_pages <= d->max_pages - nr;
    if ( ok )
        d->tot_pages += nr;
    spin_unlock(&d->page_alloc_lock);
    return ok;
}

/*
 * Put the @nr pages at @pg, chained by claim_heap_pages(), at the head of
 * @d's list: the list then holds the block in ascending order, which lets
 * relinquish_domheap_pages() free it whole again.
 */
static void domheap_splice(struct domain *d, struct page_info *pg, unsigned long nr)
{
    uint32_t first = page_list_index(pg), last = first + (uint32_t)(nr - 1);

    ASSERT(spin_is_locked(&d->page_alloc_lock));
    frame_table[last].list.next = d->page_list.first;
    if ( d->page_list.first == PAGE_LIST_NULL )
        d->page_list.last = last;
    else
        frame_table[d->page_list.first].list.prev = last;
    d->page_list.first = first;
}

struct page_info *alloc_domheap_pages(struct domain *d, unsigned int order,
                                      unsigned int memflags)
{
    unsigned long nr = 1UL << order;
    struct page_info *pg;

    BUG_ON(memflags);                   /* none defined yet */
    if ( order > MAX_ORDER || (d && !domheap_charge(d, nr)) )
        return NULL;
    if ( !d )
        return alloc_heap_pages(order, PGC_state_inuse, NULL);
    /* The allocation's reference; the block chained, in ascending order. */
    pg = alloc_heap_pages(order, PGC_state_inuse | PGC_allocated | 1, d);

    spin_lock(&d->page_alloc_lock);
    if ( !pg )
        d->tot_pages -= nr;
    else
        domheap_splice(d, pg, nr);
    spin_unlock(&d->page_alloc_lock);
    return pg;
}

/* ---------------------------------------------------------- references */

bool get_page(struct page_info *pg, const struct domain *owner)
{
    unsigned long x = ACCESS_ONCE(pg->count_info);

    if ( !owner || page_get_owner(pg) != owner )
        return false;
    /* Only a page with a reference already can get one more. */
    do {
        if ( !page_state_is_val(x, inuse) || (x & PGC_xen_heap) ||
             !(x & PGC_count_mask) || (x & PGC_count_mask) == PGC_count_mask )
            return false;
    } while ( !__atomic_compare_exchange_n(&pg->count_info, &x, x + 1, false,
                                           __ATOMIC_ACQUIRE, __ATOMIC_RELAXED) );
    /* Freed and handed to someone else since the owner was read? */
    if ( page_get_owner(pg) != owner )
    {
        put_page(pg);
        return false;
    }
    return true;
}

/*
 * A page of @d leaves it (d->page_alloc_lock held): off its list, out of
 * its count, nobody's.
 */
static void domheap_unlink(struct domain *d, struct page_info *pg)
{
    ASSERT(spin_is_locked(&d->page_alloc_lock));
    page_list_del(pg, &d->page_list);
    BUG_ON(!d->tot_pages);
    d->tot_pages--;
    ACCESS_ONCE(pg->v.inuse.owner) = NULL;
}

void put_page(struct page_info *pg)
{
    unsigned long old = __atomic_fetch_sub(&pg->count_info, 1, __ATOMIC_ACQ_REL);
    struct domain *d;

    BUG_ON(!(old & PGC_count_mask));
    if ( (old & PGC_count_mask) != 1 )
        return;
    /*
     * The last reference, the allocation's gone before: the page is still
     * on its owner's list and counted (as on Xen), unless the owner was
     * destroyed meanwhile.  orphan_lock keeps the owner from being freed
     * while we look (relinquish_domheap_pages()).
     */
    BUG_ON(old & PGC_allocated);
    spin_lock(&orphan_lock);
    d = page_get_owner(pg);
    if ( d )
    {
        spin_lock(&d->page_alloc_lock);
        domheap_unlink(d, pg);
        spin_unlock(&d->page_alloc_lock);
    }
    spin_unlock(&orphan_lock);
    free_heap_pages(pg, 0, 0);
}

/*
 * @d frees the 2^@order pages at @pg (d->page_alloc_lock held): each
 * drops the allocation's reference.  One that nobody else holds leaves
 * @d and is freed: here if some page of the block is still referenced,
 * else the function returns true and the caller frees the block whole.
 * A referenced page stays on @d's list, counted, until its last
 * put_page() (which waits for d->page_alloc_lock, so the pages a put_page()
 * on another CPU frees meanwhile are not touched here).
 */
static bool domheap_release(struct domain *d, struct page_info *pg, unsigned int order)
{
    unsigned long nr = 1UL << order;
    bool busy = false;

    ASSERT(spin_is_locked(&d->page_alloc_lock));
    for ( unsigned long i = 0; i < nr; i++ )
        /* Pages of one block have one owner, or the caller is confused. */
        BUG_ON(pg[i].v.inuse.owner != d || !page_state_is(&pg[i], inuse) ||
               !(pg[i].count_info & PGC_allocated));
    for ( unsigned long i = 0; i < nr; i++ )
    {
        unsigned long old = __atomic_fetch_sub(&pg[i].count_info, PGC_allocated | 1,
                                               __ATOMIC_ACQ_REL);

        if ( (old & PGC_count_mask) != 1 )
        {
            /* Ours so far wait no longer: the block will not go whole. */
            for ( unsigned long j = 0; !busy && j < i; j++ )
                free_heap_pages(&pg[j], 0, 0);
            busy = true;
            continue;
        }
        /* Taken to 0: ours (nobody can take a reference from 0). */
        domheap_unlink(d, &pg[i]);
        if ( busy )
            free_heap_pages(&pg[i], 0, 0);
    }
    return !busy;
}

void free_domheap_pages(struct page_info *pg, unsigned int order)
{
    struct domain *d = page_get_owner(pg);
    bool whole = true;

    if ( d )
    {
        spin_lock(&d->page_alloc_lock);
        whole = domheap_release(d, pg, order);
        spin_unlock(&d->page_alloc_lock);
    }
    if ( whole )
        free_heap_pages(pg, order, 0);
}

void put_page_alloc_ref(struct page_info *pg)
{
    struct domain *d = page_get_owner(pg);

    ASSERT(pg->count_info & PGC_count_mask);
    if ( !d )
        return;
    spin_lock(&d->page_alloc_lock);
    /* Another CPU may have given it up meanwhile. */
    if ( page_get_owner(pg) == d && (pg->count_info & PGC_allocated) )
        BUG_ON(domheap_release(d, pg, 0));  /* the caller's reference stays */
    spin_unlock(&d->page_alloc_lock);
}

/*
 * The order of the largest block that starts at @pg, the head of its
 * owner's list: naturally aligned, its pages the next ones on the list,
 * all still allocated (not freed by the domain while referenced).
 */
static unsigned int domheap_run_order(const struct page_info *pg)
{
    unsigned long mfn = mfn_x(page_to_mfn(pg));
    unsigned int order = mfn ? (unsigned int)__builtin_ctzl(mfn) : MAX_ORDER;
    uint32_t idx = page_list_index(pg);
    unsigned long run = 1;

    order = min(order, (unsigned int)MAX_ORDER);
    while ( run < (1UL << order) && pg->list.next == idx + 1 &&
            (frame_table[idx + 1].count_info & PGC_allocated) )
    {
        pg = frame_table + pg->list.next;
        idx++;
        run++;
    }
    while ( (1UL << order) > run )
        order--;
    return order;
}

/*
 * Domain destruction.  A page still referenced once the domain let go of
 * it leaves the domain, which is about to be freed: its last put_page()
 * frees it as nobody's.
 */
unsigned long relinquish_domheap_pages(struct domain *d)
{
    unsigned long nr;
    struct page_info *pg;

    spin_lock(&orphan_lock);
    spin_lock(&d->page_alloc_lock);
    nr = d->tot_pages;                  /* every page on the list */
    while ( (pg = page_list_first(&d->page_list)) != NULL )
    {
        unsigned int order;

        /* Freed by the domain before, or just now, and still referenced. */
        if ( !(pg->count_info & PGC_allocated) )
        {
            domheap_unlink(d, pg);
            continue;
        }
        order = domheap_run_order(pg);
        if ( domheap_release(d, pg, order) )
            free_heap_pages(pg, order, 0);
    }
    BUG_ON(d->tot_pages);
    spin_unlock(&d->page_alloc_lock);
    spin_unlock(&orphan_lock);
    return nr;
}

unsigned long total_free_pages(void)
{
    return ACCESS_ONCE(free_pages);
}

unsigned long total_ram_pages(void)
{
    return ram_pages;
}

/* ---------------------------------------------------------------- boot */

/*
 * The frames [*s, *e) of [start, start + size): whole pages only for RAM
 * (@inwards), every page touched for a reserved range.
 */
static void range_to_mfns(paddr_t start, paddr_t size, bool inwards,
                          unsigned long *s, unsigned long *e)
{
    paddr_t last = size ? start + (size - 1) : start;

    if ( last < start )
        last = ~(paddr_t)0;             /* saturate a range that wraps */
    if ( inwards )
    {
        *s = PFN_UP(start);
        *e = PFN_DOWN(last + 1 == 0 ? last : last + 1);
    }
    else
    {
        *s = PFN_DOWN(start);
        *e = PFN_DOWN(last) + 1;
    }
    if ( !size )
        *e = *s;
}

/* Ranges never freed: bootinfo.reserved, then the frame table. */
static unsigned int nr_unusable(void)
{
    return bootinfo.reserved.nr + 1;
}

static void unusable_range(unsigned int i, unsigned long *s, unsigned long *e)
{
    if ( i < bootinfo.reserved.nr )
        range_to_mfns(bootinfo.reserved.bank[i].start, bootinfo.reserved.bank[i].size,
                      false, s, e);
    else
        range_to_mfns(frame_table_pa, frame_table_size, false, s, e);
}

/* Index of the first unusable range overlapping [s, e) from @first on. */
static unsigned int find_overlap(unsigned long s, unsigned long e, unsigned int first)
{
    unsigned int i;

    for ( i = first; i < nr_unusable(); i++ )
    {
        unsigned long rs, re;

        unusable_range(i, &rs, &re);
        if ( rs < re && rs < e && re > s )
            break;
    }
    return i;
}

/* A page-aligned range of @size bytes of RAM that nothing uses, in *@pa. */
static bool find_free_ram(size_t size, paddr_t *pa)
{
    unsigned long nr = PFN_UP(size);

    for ( unsigned int b = 0; b < bootinfo.mem.nr; b++ )
    {
        unsigned long bs, be, cand;

        range_to_mfns(bootinfo.mem.bank[b].start, bootinfo.mem.bank[b].size, true, &bs, &be);
        /* Candidates: the bank start, then the end of each reserved range. */
        for ( unsigned int i = 0; i <= bootinfo.reserved.nr; i++ )
        {
            unsigned long rs;

            cand = bs;
            if ( i > 0 )
                unusable_range(i - 1, &rs, &cand);
            if ( cand >= bs && cand + nr <= be &&
                 find_overlap(cand, cand + nr, 0) >= bootinfo.reserved.nr )
            {
                *pa = mfn_to_maddr(_mfn(cand));
                return true;
            }
        }
    }
    return false;
}

/*
 * The free frames [s, e), whose entries are zeroed (free, heading nothing),
 * linked (@link) in the largest naturally aligned blocks that fit; their
 * number.
 */
static unsigned long free_boot_range(unsigned long s, unsigned long e, bool link)
{
    unsigned long nr = e - s;

    while ( link && s < e )
    {
        unsigned int order = s ? (unsigned int)__builtin_ctzl(s) : MAX_ORDER;

        order = min(order, (unsigned int)MAX_ORDER);
        while ( (1UL << order) > e - s )
            order--;
        buddy_insert(s, order);
        s += 1UL << order;
    }
    return nr;
}

/* free_boot_range() on [s, e) minus every unusable range from index @first on. */
static unsigned long free_ram_range(unsigned long s, unsigned long e, unsigned int first,
                                    bool link)
{
    unsigned int i = find_overlap(s, e, first);
    unsigned long rs, re, nr = 0;

    if ( i == nr_unusable() )
        return free_boot_range(s, e, link);
    /* Ranges before i do not touch [s, e), so the pieces skip them too. */
    unusable_range(i, &rs, &re);
    if ( s < rs )
        nr += free_ram_range(s, rs, i + 1, link);
    if ( re < e )
        nr += free_ram_range(re, e, i + 1, link);
    return nr;
}

/* free_ram_range() on the whole pages of every bank within frames [s, e). */
static unsigned long free_ram_between(unsigned long s, unsigned long e, bool link)
{
    unsigned long nr = 0;

    for ( unsigned int b = 0; b < bootinfo.mem.nr; b++ )
    {
        unsigned long bs, be;

        range_to_mfns(bootinfo.mem.bank[b].start, bootinfo.mem.bank[b].size, true, &bs, &be);
        bs = max(bs, s);
        be = min(be, e);
        if ( bs < be )
            nr += free_ram_range(bs, be, 0, link);
    }
    return nr;
}

/* Size the frame table to span all banks; count the RAM; refuse overlaps. */
static void frame_table_span(unsigned long *lo, unsigned long *hi)
{
    *lo = ~0UL;
    *hi = 0;
    ram_pages = 0;
    for ( unsigned int b = 0; b < bootinfo.mem.nr; b++ )
    {
        unsigned long s, e;

        range_to_mfns(bootinfo.mem.bank[b].start, bootinfo.mem.bank[b].size, true, &s, &e);
        if ( s >= e )
            continue;
        for ( unsigned int o = 0; o < b; o++ )
        {
            unsigned long os, oe;

            range_to_mfns(bootinfo.mem.bank[o].start, bootinfo.mem.bank[o].size, true,
                          &os, &oe);
            if ( os < oe && os < e && s < oe )
                panic("RAM banks in the device tree overlap at %#lx",
                      mfn_to_maddr(_mfn(max(s, os))));
        }
        *lo = min(*lo, s);
        *hi = max(*hi, e);
        ram_pages += e - s;
    }
    if ( *lo >= *hi )
        panic("The device tree's memory banks hold not a single whole page of RAM");
    if ( *hi - *lo >= PAGE_LIST_NULL )
        panic("RAM spans %#lx-%#lx: more than the 16 TiB the frame table can cover",
              mfn_to_maddr(_mfn(*lo)), mfn_to_maddr(_mfn(*hi)));
}

static void frame_table_init(void)
{
    unsigned long lo, hi;

    frame_table_pa = 0;                 /* not yet an unusable range */
    frame_table_size = 0;
    frame_table_span(&lo, &hi);
    frame_table_base_mfn = lo;
    frame_table_nr = hi - lo;
    frame_table_ready = 0;
    frame_table_size = ROUNDUP(frame_table_nr * sizeof(struct page_info), PAGE_SIZE);
    if ( !find_free_ram(frame_table_size, &frame_table_pa) )
        panic("No free RAM for the frame table (%zu KiB for %lu pages)",
              frame_table_size >> 10, frame_table_nr);
    frame_table = maddr_to_virt(frame_table_pa);
}

/* The entries of frames [s, e) clipped to [ws, we): reserved, zeroed. */
static void frame_table_reserve(unsigned long s, unsigned long e, unsigned long ws,
                                unsigned long we)
{
    s = max(s, ws);
    e = min(e, we);
    for ( ; s < e; s++ )
        frame_table[s - frame_table_base_mfn] =
            (struct page_info){ .count_info = PGC_state_reserved };
}

/*
 * Over the zeroed entries of frames [ws, we), those of frames that are
 * never free: those no bank holds whole (the holes, banks in any order)
 * and the unusable ranges.
 */
static void frame_table_reserve_unfreed(unsigned long ws, unsigned long we)
{
    unsigned long cur = frame_table_base_mfn, end = cur + frame_table_nr, rs, re;

    while ( cur < end )
    {
        unsigned long next = end, inside = 0;

        for ( unsigned int b = 0; b < bootinfo.mem.nr; b++ )
        {
            unsigned long bs, be;

            range_to_mfns(bootinfo.mem.bank[b].start, bootinfo.mem.bank[b].size, true,
                          &bs, &be);
            if ( bs <= cur && cur < be )
                inside = be;
            else if ( bs > cur && bs < be )
                next = min(next, bs);
        }
        if ( !inside )
            frame_table_reserve(cur, next, ws, we);
        cur = inside ? inside : next;
    }
    for ( unsigned int i = 0; i < nr_unusable(); i++ )
    {
        unusable_range(i, &rs, &re);
        frame_table_reserve(rs, re, ws, we);
    }
}

/*
 * Prepare the entries up to index @to (heap_lock held): zeroed (free,
 * heading nothing), the unfreed ones reserved, valid, and the free frames
 * linked (after they are valid: their blocks merge with each other).
 * frame_table_span() refused overlapping banks, so no block is linked
 * twice.
 */
static void frame_table_prepare(unsigned long to)
{
    unsigned long from = frame_table_ready, base = frame_table_base_mfn;
    size_t first = from * sizeof(struct page_info);
    size_t last = ROUNDUP(to * sizeof(struct page_info), PAGE_SIZE);

    ASSERT(spin_is_locked(&heap_lock));
    zero_pages((char *)frame_table + first, (last - first) >> PAGE_SHIFT);
    frame_table_reserve_unfreed(base + from, base + to);
    /* Whoever finds a frame valid finds its entry written. */
    __atomic_store_n(&frame_table_ready, to, __ATOMIC_RELEASE);
    free_ram_between(base + from, base + to, true);
}

/* The next chunk of the table prepared; false when it all is. */
static bool frame_table_grow(void)
{
    if ( frame_table_ready == frame_table_nr )
        return false;
    frame_table_prepare(min(frame_table_ready + FT_CHUNK_PAGES, frame_table_nr));
    return true;
}

void page_alloc_init(void)
{
    unsigned long flags;

    frame_table_init();
    spin_lock_irqsave(&heap_lock, flags);
    for ( unsigned int o = 0; o <= MAX_ORDER; o++ )
    {
        page_list_init(&free_lists[o]);
        free_blocks[o] = 0;
    }
    /* Every free frame, counted over ranges, not pages. */
    free_pages = free_ram_between(frame_table_base_mfn,
                                  frame_table_base_mfn + frame_table_nr, false);
    frame_table_prepare(min(FT_BOOT_PAGES, frame_table_nr));
    spin_unlock_irqrestore(&heap_lock, flags);
}

void page_alloc_dump(void)
{
    unsigned long blocks[MAX_ORDER + 1], nfree, ready, flags;

    spin_lock_irqsave(&heap_lock, flags);
    memcpy(blocks, free_blocks, sizeof(blocks));
    nfree = free_pages;
    ready = frame_table_ready;
    spin_unlock_irqrestore(&heap_lock, flags);

    printk("Page allocator: %lu MiB RAM, %lu MiB free (%lu of %lu pages)\n",
           ram_pages >> (20 - PAGE_SHIFT), nfree >> (20 - PAGE_SHIFT), nfree, ram_pages);
    printk("  frame table: %zu KiB at %#lx for frames %#lx-%#lx\n",
           frame_table_size >> 10, frame_table_pa, frame_table_base_mfn,
           frame_table_base_mfn + frame_table_nr - 1);
    if ( ready < frame_table_nr )
        printk("  frames %#lx-%#lx: free, not yet in the lists\n",
               frame_table_base_mfn + ready, frame_table_base_mfn + frame_table_nr - 1);
    for ( unsigned int o = 0; o <= MAX_ORDER; o++ )
        if ( blocks[o] )
            printk("  order %2u (%7lu KiB): %lu free block(s)\n",
                   o, (PAGE_SIZE << o) >> 10, blocks[o]);
}
