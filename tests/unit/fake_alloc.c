/* SPDX-License-Identifier: GPL-2.0-only */
/* Hypervisor heap allocations on the host heap, counted (fakes.h). */
#include <stdlib.h>

#include "fakes.h"
#include "host.h"
#include <xenith/mm.h>
#include <xenith/page_alloc.h>
#include <xenith/xmalloc.h>

long fake_live_allocs;

void *xzalloc_bytes(size_t size)
{
    fake_live_allocs++;
    return calloc(1, size);
}

void xfree(void *p)
{
    if ( p )
        fake_live_allocs--;
    free(p);
}

void *alloc_xenheap_pages(unsigned int order, unsigned int memflags)
{
    fake_live_allocs++;
    return aligned_alloc(PAGE_SIZE, PAGE_SIZE << order);
}

void free_xenheap_pages(void *va, unsigned int order)
{
    fake_live_allocs--;
    free(va);
}
