/* SPDX-License-Identifier: GPL-2.0-only */
/* arm64 address conversions for the hypervisor image. */
#ifndef ASM_MM_H
#define ASM_MM_H

#include <xenith/types.h>
#include <asm/config.h>

/* Load address minus link address of the image (set once at boot). */
extern unsigned long xenith_phys_offset;

static inline paddr_t image_virt_to_maddr(const void *va)
{
    return (paddr_t)va + xenith_phys_offset;
}

#define BOOT_FDT_VIRT_START 0x00000a0001200000UL   /* two 2 MiB blocks */
#define BOOT_FDT_MAX_SIZE   0x200000UL

#endif /* ASM_MM_H */
