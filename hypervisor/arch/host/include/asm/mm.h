/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Host: a "machine address" is the address of the test's own memory (an
 * arena handed to the page allocator as RAM), so the direct map is the
 * identity.
 */
#ifndef ASM_MM_H
#define ASM_MM_H

#include <string.h>
#include <xenith/types.h>
#include <asm/config.h>

static inline void *maddr_to_virt(paddr_t ma)
{
    return (void *)(uintptr_t)ma;
}

static inline paddr_t virt_to_maddr(const void *va)
{
    return (paddr_t)(uintptr_t)va;
}

/* Zero the @nr pages at @va (DC ZVA on arm64). */
static inline void zero_pages(void *va, unsigned long nr)
{
    memset(va, 0, nr << PAGE_SHIFT);
}

#endif /* ASM_MM_H */
