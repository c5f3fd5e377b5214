/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the boot device tree tells before any driver runs: RAM banks, the
 * ranges that must not be handed out (reserved-memory, /memreserve/, the
 * DTB and the image), and the hypervisor command line.
 */
#ifndef XENITH_BOOTINFO_H
#define XENITH_BOOTINFO_H

#include <xenith/types.h>

#define NR_MEM_BANKS    64

struct membank {
    paddr_t start;
    paddr_t size;
};

struct meminfo {
    unsigned int nr;
    struct membank bank[NR_MEM_BANKS];
};

struct bootinfo {
    struct meminfo mem;         /* RAM, from /memory nodes */
    struct meminfo reserved;    /* never given to the page allocator */
    const char *cmdline;        /* /chosen xen,xen-bootargs, or "" */
};

extern struct bootinfo bootinfo;

/*
 * Read @fdt (already checked by fdt_check_header) into bootinfo.  Returns
 * 0, or -errno after printing what is wrong with the device tree.
 */
int bootinfo_parse(const void *fdt);
/* Add a reserved range (the image, the DTB itself, boot modules). */
int bootinfo_reserve(paddr_t start, paddr_t size);

#endif /* XENITH_BOOTINFO_H */
