/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Stage-1 (EL2) translation table entries, 4 KiB granule, 4 levels.
 * Level 0 entries cover 512 GiB, level 1 1 GiB, level 2 2 MiB, level 3 4 KiB.
 */
#ifndef ASM_PGTABLE_H
#define ASM_PGTABLE_H

#include <asm/sysregs.h>

#define PT_ENTRIES          512
#define PT_SHIFT(lvl)       (39 - 9 * (lvl))
#define PT_INDEX(va, lvl)   (((va) >> PT_SHIFT(lvl)) & (PT_ENTRIES - 1))

#define PTE_VALID           (_AC(1, UL) << 0)
#define PTE_TABLE           (_AC(3, UL) << 0)   /* levels 0-2 */
#define PTE_BLOCK           (_AC(1, UL) << 0)   /* levels 1-2 */
#define PTE_PAGE            (_AC(3, UL) << 0)   /* level 3 */
#define PTE_ATTRINDX(i)     ((i) << 2)
#define PTE_AP_RW           (_AC(1, UL) << 6)   /* AP[1] is RES1 at EL2 */
#define PTE_AP_RO           (_AC(3, UL) << 6)
#define PTE_SH_INNER        (_AC(3, UL) << 8)
#define PTE_AF              (_AC(1, UL) << 10)
#define PTE_XN              (_AC(1, UL) << 54)
#define PTE_ADDR_MASK       _AC(0x0000fffffffff000, UL)

/* Leaf attributes (without the type bits) */
#define PTE_NORMAL_RW       (PTE_ATTRINDX(MT_NORMAL) | PTE_AP_RW | PTE_SH_INNER | PTE_AF)
#define PTE_DEVICE_RW       (PTE_ATTRINDX(MT_DEVICE_nGnRE) | PTE_AP_RW | PTE_AF | PTE_XN)

#endif /* ASM_PGTABLE_H */
