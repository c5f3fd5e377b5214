/* SPDX-License-Identifier: GPL-2.0-only */
/* The hypervisor's own address space: mapping device MMIO and boot blobs. */
#ifndef XENITH_MM_H
#define XENITH_MM_H

#include <xenith/types.h>
#include <asm/mm.h>

/* Map @size bytes of device MMIO at @pa; NULL when out of address space. */
void *ioremap(paddr_t pa, size_t size);

/* Map the boot device tree (at most 2 MiB) read-only; returns its address. */
const void *early_fdt_map(paddr_t pa);

#endif /* XENITH_MM_H */
