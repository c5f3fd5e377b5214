/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Stage-1 identity mappings of an xtf guest (4 KiB granule, 39-bit VA).
 * RAM is Normal Write-Back (Xen needs hypercall buffers and shared pages to
 * be Normal WB), MMIO is Device-nGnRE and never executable.
 */
#ifndef XTF_MM_H
#define XTF_MM_H

#include <xtf/types.h>

enum xtf_mem_type {
    XTF_MEM_NORMAL,
    XTF_MEM_DEVICE,
};

/* Identity-map [pa, pa + size) (rounded out to pages).  0 or -errno. */
int xtf_map(uint64_t pa, uint64_t size, enum xtf_mem_type type);

/* Build the boot mappings (RAM from the DT, the image) and turn the MMU on. */
void xtf_mm_init(void);

/* What the secondary CPUs load into their MMU registers (entry.S). */
struct xtf_mmu_regs {
    uint64_t mair;
    uint64_t tcr;
    uint64_t ttbr0;
    uint64_t sctlr;
};
extern struct xtf_mmu_regs xtf_mmu_regs;

/* Assembly helpers (head.S). */
void xtf_mmu_enable(const struct xtf_mmu_regs *regs, uint64_t inval_start,
                    uint64_t inval_end);
void xtf_dcache_clean_range(const void *start, size_t size);

#endif /* XTF_MM_H */
