/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Machine memory: frame numbers and addresses, the frame table (one
 * struct page_info per page of RAM), lists of pages, and the hypervisor's
 * own address space (direct map, device MMIO, boot blobs).
 */
#ifndef XENITH_MM_H
#define XENITH_MM_H

#include <xenith/lib.h>
#include <xenith/types.h>
#include <asm/config.h>
#include <asm/mm.h>

#define PFN_DOWN(x)         ((x) >> PAGE_SHIFT)
#define PFN_UP(x)           (((x) + PAGE_SIZE - 1) >> PAGE_SHIFT)

static inline paddr_t mfn_to_maddr(mfn_t mfn)
{
    return (paddr_t)mfn_x(mfn) << PAGE_SHIFT;
}

static inline mfn_t maddr_to_mfn(paddr_t ma)
{
    return _mfn(ma >> PAGE_SHIFT);
}

/*
 * Lists of pages are linked by frame-table index rather than by pointer,
 * which keeps struct page_info at 32 bytes (0.8% of RAM).  The frame
 * table therefore spans fewer than 2^32 frames (16 TiB).
 */
#define PAGE_LIST_NULL      UINT32_MAX

struct page_list_entry {
    uint32_t next, prev;
};

struct page_list_head {
    uint32_t first, last;
};

/*
 * count_info: the page's state and flags in the top bits, a reference
 * count below them (for pages owned by domains: see get_page()).
 *
 * State (PGC_state):
 *   free      in a free block of the buddy allocator.  A zeroed entry is a
 *             free page that heads no block, so that page_alloc_init()
 *             prepares the entries of all free RAM by zeroing the table.
 *   inuse     handed out by the allocator.
 *   reserved  not the allocator's: holes between banks, reserved ranges,
 *             the image, the device tree, the frame table.
 */
#define PGC_xen_heap        (_AC(1, UL) << 63)  /* a xenheap page */
#define PGC_xmalloc         (_AC(1, UL) << 62)  /* first page of a large xmalloc block */
/*
 * A domain page its owner has not freed yet.  The allocation is itself one
 * of the page's references: whoever clears PGC_allocated drops it.
 */
#define PGC_allocated       (_AC(1, UL) << 61)
#define PGC_state_shift     59
#define PGC_state           (_AC(3, UL) << PGC_state_shift)
#define PGC_state_free      (_AC(0, UL) << PGC_state_shift)
#define PGC_state_inuse     (_AC(1, UL) << PGC_state_shift)
#define PGC_state_reserved  (_AC(2, UL) << PGC_state_shift)
#define PGC_count_mask      ((_AC(1, UL) << PGC_state_shift) - 1)

#define page_state_is(pg, st) (((pg)->count_info & PGC_state) == PGC_state_##st)
#define page_state_is_val(ci, st) (((ci) & PGC_state) == PGC_state_##st)

struct domain;

struct page_info {
    /* Free: on the free list of its order (head pages only). */
    struct page_list_entry list;
    unsigned long count_info;           /* PGC_* state and flags, refcount */
    union {
        /* In use by a domain: the type (PGT_*) and its use count. */
        struct { unsigned long type_info; } inuse;
        /*
         * Free: 1 + the order of the block it heads; 0 (as zeroed) for the
         * block's other pages.
         */
        struct { unsigned int head; } free;
    } u;
    union {
        /* In use by a domain: its owner. */
        struct { struct domain *owner; } inuse;
        /* First page of a large xmalloc block (PGC_xmalloc): its size. */
        struct { unsigned long nr_pages; } xmalloc;
    } v;
};

/*
 * The frame table covers the frames from the lowest to the highest RAM
 * address; it is set up once by page_alloc_init() and never moves.
 */
extern struct page_info *frame_table;
extern unsigned long frame_table_base_mfn;  /* mfn of frame_table[0] */
extern unsigned long frame_table_nr;        /* number of entries */
/*
 * Entries prepared so far, from the first (page_alloc.c prepares the table
 * a chunk at a time, as the allocator needs it): the frames mfn_valid()
 * knows.
 */
extern unsigned long frame_table_ready;

static inline bool mfn_valid(mfn_t mfn)
{
    return mfn_x(mfn) - frame_table_base_mfn <
           __atomic_load_n(&frame_table_ready, __ATOMIC_ACQUIRE);
}

static inline struct page_info *mfn_to_page(mfn_t mfn)
{
    ASSERT(mfn_valid(mfn));
    return frame_table + (mfn_x(mfn) - frame_table_base_mfn);
}

static inline mfn_t page_to_mfn(const struct page_info *pg)
{
    return _mfn(frame_table_base_mfn + (unsigned long)(pg - frame_table));
}

static inline void *mfn_to_virt(mfn_t mfn)
{
    return maddr_to_virt(mfn_to_maddr(mfn));
}

static inline mfn_t virt_to_mfn(const void *va)
{
    return maddr_to_mfn(virt_to_maddr(va));
}

static inline void *page_to_virt(const struct page_info *pg)
{
    return mfn_to_virt(page_to_mfn(pg));
}

static inline struct page_info *virt_to_page(const void *va)
{
    return mfn_to_page(virt_to_mfn(va));
}

/* Lists of pages (see struct page_list_entry). */
static inline uint32_t page_list_index(const struct page_info *pg)
{
    return (uint32_t)(pg - frame_table);
}

static inline struct page_info *page_list_entry_at(uint32_t idx)
{
    return idx == PAGE_LIST_NULL ? NULL : frame_table + idx;
}

static inline void page_list_init(struct page_list_head *head)
{
    head->first = head->last = PAGE_LIST_NULL;
}

static inline bool page_list_empty(const struct page_list_head *head)
{
    return head->first == PAGE_LIST_NULL;
}

static inline struct page_info *page_list_first(const struct page_list_head *head)
{
    return page_list_entry_at(head->first);
}

static inline void page_list_add(struct page_info *pg, struct page_list_head *head)
{
    uint32_t idx = page_list_index(pg);

    pg->list.prev = PAGE_LIST_NULL;
    pg->list.next = head->first;
    if ( head->first == PAGE_LIST_NULL )
        head->last = idx;
    else
        frame_table[head->first].list.prev = idx;
    head->first = idx;
}

static inline void page_list_del(struct page_info *pg, struct page_list_head *head)
{
    if ( pg->list.prev == PAGE_LIST_NULL )
        head->first = pg->list.next;
    else
        frame_table[pg->list.prev].list.next = pg->list.next;
    if ( pg->list.next == PAGE_LIST_NULL )
        head->last = pg->list.prev;
    else
        frame_table[pg->list.next].list.prev = pg->list.prev;
    pg->list.next = pg->list.prev = PAGE_LIST_NULL;
}

static inline struct page_info *page_list_remove_head(struct page_list_head *head)
{
    struct page_info *pg = page_list_first(head);

    if ( pg )
        page_list_del(pg, head);
    return pg;
}

/*
 * References to domain pages (Xen's semantics).  A page a domain owns has
 * one reference for the allocation (PGC_allocated) plus one per user that
 * must not see it freed under it: a grant mapping in another domain, a
 * foreign mapping, a vcpu_info or FIFO control block the hypervisor keeps
 * pointing at.  When the domain frees the page (free_domheap_pages(),
 * decrease_reservation) only the allocation reference goes: a page still
 * referenced stays on the domain's page list, counted in its tot_pages
 * (as on Xen: it still counts against max_pages), until the last
 * put_page() frees it.  At domain destruction such pages leave the domain
 * (no owner) and the last put_page() frees them as nobody's.  put_page()
 * takes locks (orphan_lock, the owner's page_alloc_lock): not in IRQ
 * context.
 *
 * get_page(): take a reference if @pg is a page @owner has not freed;
 * false otherwise (free, xenheap, another owner's, anonymous).
 * put_page(): drop one; never on a page without references.
 */
bool get_page(struct page_info *pg, const struct domain *owner);
void put_page(struct page_info *pg);
/*
 * The owner gives @pg up (decrease_reservation): drop the allocation's
 * reference if nobody did yet.  The caller holds a reference of its own,
 * so the page is freed by the caller's put_page() at the earliest.
 */
void put_page_alloc_ref(struct page_info *pg);

static inline struct domain *page_get_owner(const struct page_info *pg)
{
    return ACCESS_ONCE(pg->v.inuse.owner);
}

#define INVALID_GFN         _gfn(~0UL)

/*
 * A xenheap page shared with a domain (shared_info, a grant-table frame):
 * the gfn the domain has it mapped at, INVALID_GFN if none (Xen keeps it
 * the same way).  Kept in u.inuse.type_info, which is 0 at allocation,
 * plus one; changed under the domain's p2m lock.
 */
static inline gfn_t page_get_xenheap_gfn(const struct page_info *pg)
{
    return _gfn(pg->u.inuse.type_info - 1);
}

static inline void page_set_xenheap_gfn(struct page_info *pg, gfn_t gfn)
{
    pg->u.inuse.type_info = gfn_x(gfn) + 1;
}

/*
 * Boot: map all RAM in the direct map, start the page allocator, then
 * remap the image with its final permissions.  Prints the "Memory:" line.
 */
void setup_memory(void);

/* Map @size bytes of device MMIO at @pa; NULL when out of address space. */
void *ioremap(paddr_t pa, size_t size);
/* Whether Xenith mapped any of [@pa, @pa + @size) for itself with ioremap(). */
bool ioremap_overlaps(paddr_t pa, paddr_t size);

/* Map the boot device tree (at most 2 MiB) read-only; returns its address. */
const void *early_fdt_map(paddr_t pa);

#endif /* XENITH_MM_H */
