/* SPDX-License-Identifier: GPL-2.0-only */
/* The hypervisor heap: small allocations carved out of xenheap pages. */
#ifndef XENITH_XMALLOC_H
#define XENITH_XMALLOC_H

#include <xenith/types.h>

void *xmalloc_bytes(size_t size);
void *xzalloc_bytes(size_t size);
void xfree(void *p);

#define xmalloc(type)           ((type *)xmalloc_bytes(sizeof(type)))
#define xzalloc(type)           ((type *)xzalloc_bytes(sizeof(type)))
#define xzalloc_array(type, n)  ((type *)xzalloc_bytes(sizeof(type) * (n)))

#endif /* XENITH_XMALLOC_H */
