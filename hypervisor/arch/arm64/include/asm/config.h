/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hypervisor's virtual address layout and fixed sizes (arm64).
 *
 * EL2 has a single translation base (TTBR0_EL2) and a 48-bit VA space:
 *
 *   0x0000_0000_0000_0000  identity map of the 2 MiB around head.S (for
 *                          turning the MMU on, on the boot CPU and on
 *                          every secondary)
 *   0x0000_0a00_0000_0000  the Xenith image, linked here (16 MiB max)
 *   0x0000_0a00_0100_0000  fixmap: early UART and other boot-time pages
 *   0x0000_0a00_4000_0000  ioremap window for device MMIO (511 GiB)
 *   0x0000_8000_0000_0000  the direct map of RAM: VA = PA + DIRECTMAP_BASE
 *
 * The image must be loaded below 10 TiB so that its identity map cannot
 * collide with its link address.
 */
#ifndef ASM_CONFIG_H
#define ASM_CONFIG_H

#include <xenith/const.h>

#define XENITH_VIRT_START   0x00000a0000000000
#define XENITH_VIRT_SIZE    0x0000000001000000
#define FIXMAP_VIRT_START   0x00000a0001000000
#define FIXMAP_EARLY_UART   0
#define IOREMAP_VIRT_START  0x00000a0040000000
#define IOREMAP_VIRT_END    0x00000a8000000000
#define DIRECTMAP_VIRT_START 0x0000800000000000
#define DIRECTMAP_VIRT_END  0x0000ffffffffffff

#define PAGE_SHIFT          12
#define PAGE_SIZE           (_AC(1, UL) << PAGE_SHIFT)
#define STACK_ORDER         2
#define STACK_SIZE          (PAGE_SIZE << STACK_ORDER)

#define NR_CPUS             CONFIG_NR_CPUS
#define CACHE_LINE_BYTES    64

#endif /* ASM_CONFIG_H */
