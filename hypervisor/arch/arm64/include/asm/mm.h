/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * arm64 address conversions.  The hypervisor reaches memory through two
 * windows: the image at its link address (XENITH_VIRT_START), and the
 * direct map of all RAM at DIRECTMAP_VIRT_START + PA, which exists once
 * setup_memory() has run.
 */
#ifndef ASM_MM_H
#define ASM_MM_H

#include <xenith/lib.h>
#include <xenith/types.h>
#include <asm/config.h>

/* Load address minus link address of the image (set once at boot). */
extern unsigned long xenith_phys_offset;

static inline paddr_t image_virt_to_maddr(const void *va)
{
    return (paddr_t)va + xenith_phys_offset;
}

/* Highest machine address the direct map can hold, plus one. */
#define DIRECTMAP_SIZE      (DIRECTMAP_VIRT_END - DIRECTMAP_VIRT_START + 1)

static inline void *maddr_to_virt(paddr_t ma)
{
    ASSERT(ma < DIRECTMAP_SIZE);
    return (void *)(DIRECTMAP_VIRT_START + ma);
}

/* For direct-map and image addresses only (not ioremap or the fixmap). */
static inline paddr_t virt_to_maddr(const void *va)
{
    vaddr_t v = (vaddr_t)va;

    if ( v >= DIRECTMAP_VIRT_START )
        return v - DIRECTMAP_VIRT_START;
    BUG_ON(v - XENITH_VIRT_START >= XENITH_VIRT_SIZE);
    return image_virt_to_maddr(va);
}

/*
 * Zero the @nr pages at @va, a cacheable mapping: with DC ZVA, a block
 * (64 bytes on the A57) per instruction, unless the CPU prohibits it.
 */
void zero_pages(void *va, unsigned long nr);

#define BOOT_FDT_VIRT_START 0x00000a0001200000UL   /* two 2 MiB blocks */
#define BOOT_FDT_MAX_SIZE   0x200000UL

#endif /* ASM_MM_H */
