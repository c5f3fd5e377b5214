/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The buddy allocator of machine pages, and the hypervisor heap on top.
 * Pages handed out are reachable through the direct map.
 */
#ifndef XENITH_PAGE_ALLOC_H
#define XENITH_PAGE_ALLOC_H

#include <xenith/types.h>

#define MAX_ORDER 20            /* largest block: 2^20 pages = 4 GiB */

/*
 * Build the frame table and free all RAM of bootinfo.mem except
 * bootinfo.reserved; the direct map must cover the RAM already.
 */
void page_alloc_init(void);

/*
 * 2^@order pages mapped in the direct map, naturally aligned; NULL when
 * out of memory.  No memflags are defined yet: pass 0.  The contents are
 * not cleared.
 */
void *alloc_xenheap_pages(unsigned int order, unsigned int memflags);
/*
 * Give back 2^@order pages at @va (NULL is ignored).  Any naturally
 * aligned part of an allocation may be freed on its own.
 */
void free_xenheap_pages(void *va, unsigned int order);

unsigned long total_free_pages(void);
unsigned long total_ram_pages(void);    /* RAM pages in bootinfo.mem */

/* Print RAM, free pages and free blocks per order (the 'm' key). */
void page_alloc_dump(void);

#endif /* XENITH_PAGE_ALLOC_H */
