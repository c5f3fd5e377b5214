/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A minimal flattened device-tree reader for xtf guests.  It runs before
 * the MMU is on (Device memory: only aligned accesses, see -mstrict-align),
 * so it reads the blob with aligned 32-bit loads and needs no allocation.
 */
#ifndef XTF_FDT_H
#define XTF_FDT_H

#include <xtf/types.h>

/* Offsets of nodes are offsets of their FDT_BEGIN_NODE token. */
int fdt_check(const void *fdt);                 /* 0 or -errno */
/* First node at or after 'after' (exclusive; -1 = from the start) with
 * this compatible string or device_type; -1 if none. */
int fdt_find_compatible(int after, const char *compat);
int fdt_find_device_type(int after, const char *type);
/* The node at an absolute path ("/chosen"; unit addresses may be left
 * out); -1 if none. */
int fdt_find_node(const char *path);
/* A property of a node: value and length, NULL if absent. */
const void *fdt_getprop(int node, const char *name, uint32_t *len);
/* reg entry idx of a node, in the root's #address-cells/#size-cells
 * (the guests' DTs keep their devices at the root).  0 or -errno. */
int fdt_read_reg(int node, unsigned int idx, uint64_t *base, uint64_t *size);
/* The number of "cpu" nodes under /cpus. */
unsigned int fdt_count_cpus(void);

/* Big-endian reads of an aligned cell. */
static inline uint32_t fdt32(const void *p)
{
    return __builtin_bswap32(*(const uint32_t *)p);
}

extern const void *xtf_fdt;

#endif /* XTF_FDT_H */
