/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The buddy allocator of machine pages, and the hypervisor heap on top.
 * Pages handed out are reachable through the direct map.
 */
#ifndef XENITH_PAGE_ALLOC_H
#define XENITH_PAGE_ALLOC_H

#include <xenith/types.h>

#define MAX_ORDER 20            /* largest block: 2^20 pages = 4 GiB */

/* Pages mapped in the direct map; NULL when out of memory. */
void *alloc_xenheap_pages(unsigned int order, unsigned int memflags);
void free_xenheap_pages(void *va, unsigned int order);

unsigned long total_free_pages(void);

#endif /* XENITH_PAGE_ALLOC_H */
