/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Data-cache maintenance by address (arm64).  Needed where memory written
 * through Xenith's cacheable mappings is read by an observer that does not
 * look in the caches: a guest running with its MMU and caches off.
 */
#ifndef ASM_CACHE_H
#define ASM_CACHE_H

#include <xenith/types.h>
#include <asm/sysregs.h>

/* The smallest data-cache line of the system (CTR_EL0.DminLine), in bytes. */
static inline unsigned long dcache_line_bytes(void)
{
    return 4UL << ((READ_SYSREG(CTR_EL0) >> 16) & 0xf);
}

/*
 * Clean [@va, @va + @size) to the point of coherency; complete once a
 * DSB follows (the caller's, so that several ranges share one).
 */
static inline void clean_dcache_va_range(const void *va, size_t size)
{
    unsigned long line = dcache_line_bytes();
    const char *p = (const char *)((vaddr_t)va & ~(line - 1));

    for ( ; p < (const char *)va + size; p += line )
        asm volatile("dc cvac, %0" :: "r" (p) : "memory");
}

#endif /* ASM_CACHE_H */
