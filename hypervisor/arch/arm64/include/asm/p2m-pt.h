/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Stage-2 translation tables with the 4 KiB granule: the descriptor
 * format and the table walker (p2m-pt.c).  The walker is plain C over
 * memory reached with maddr_to_virt(); TLB maintenance and the supply of
 * table pages come through p2m_pt_ops, so the unit tests run it on the
 * host over fake memory.
 *
 * An entry at level 1 maps 1 GiB, at level 2 2 MiB, at level 3 4 KiB;
 * level-0 entries are always tables.  The root may be up to 16 pages of
 * concatenated level-0 or level-1 tables.
 */
#ifndef ASM_P2M_PT_H
#define ASM_P2M_PT_H

#include <xenith/const.h>
#include <xenith/types.h>

#define P2M_PT_ENTRIES      512
#define P2M_ROOT_MAX_PAGES  16
/* log2 of the 4 KiB pages one entry at @lvl (0-3) covers: 27, 18, 9, 0 */
#define P2M_LEVEL_ORDER(lvl) (9 * (3 - (lvl)))

/* Stage-2 descriptors (VMSAv8-64 stage-2 format) */
#define S2_VALID            (_AC(1, UL) << 0)
#define S2_KIND_MASK        (_AC(3, UL) << 0)
#define S2_TABLE            (_AC(3, UL) << 0)   /* levels 0-2 */
#define S2_PAGE             (_AC(3, UL) << 0)   /* level 3 */
#define S2_BLOCK            (_AC(1, UL) << 0)   /* levels 1-2 */
#define S2_MEMATTR_DEV_nGnRE (_AC(0x1, UL) << 2)
#define S2_MEMATTR_NORMAL_WB (_AC(0xf, UL) << 2) /* outer and inner write-back */
#define S2_AP_RO            (_AC(1, UL) << 6)
#define S2_AP_RW            (_AC(3, UL) << 6)
#define S2_SH_OUTER         (_AC(2, UL) << 8)
#define S2_SH_INNER         (_AC(3, UL) << 8)
#define S2_AF               (_AC(1, UL) << 10)
#define S2_XN               (_AC(1, UL) << 54)
#define S2_SW_SHIFT         55                  /* bits 58:55 are ours */
#define S2_SW_MASK          (_AC(0xf, UL) << S2_SW_SHIFT)
#define S2_OA_MASK          _AC(0x0000fffffffff000, UL)

/* mfn argument of p2m_pt_set(): remove the mappings */
#define P2M_PT_NO_MFN       (~0UL)

struct p2m_pt;

struct p2m_pt_ops {
    /* A zeroed table page the table walker can already see, or NULL. */
    uint64_t *(*alloc_table)(struct p2m_pt *pt);
    void (*free_table)(struct p2m_pt *pt, uint64_t *table);
    /*
     * Make the entries cleared so far visible and remove every TLB entry
     * they may have produced (stage 1 and 2 of this guest, all CPUs).
     */
    void (*flush_tlb)(struct p2m_pt *pt);
};

struct p2m_pt {
    uint64_t *root;             /* root_entries entries, physically contiguous */
    unsigned int root_level;    /* 0 or 1 */
    unsigned int root_entries;
    const struct p2m_pt_ops *ops;
    unsigned long nr_leaves[4]; /* valid block/page entries by level (1-3) */
    unsigned long nr_tables;    /* table pages below the root */
};

/* Frames the tables can translate: gfns [0, p2m_pt_nr_gfns()). */
static inline unsigned long p2m_pt_nr_gfns(const struct p2m_pt *pt)
{
    return (unsigned long)pt->root_entries << P2M_LEVEL_ORDER(pt->root_level);
}

/*
 * The order (18, 9 or 0) of the largest entry that can map @gfn to @mfn
 * and fits in @nr pages.  Pass @mfn 0 when the frames are still to be
 * chosen to suit.
 */
unsigned int p2m_pt_order(unsigned long gfn, unsigned long mfn, unsigned long nr);

/*
 * Map [@gfn, @gfn + @nr) to frames from @mfn with leaf attributes @attrs
 * (memory type, permissions, software bits), or remove every mapping of
 * the range when @mfn is P2M_PT_NO_MFN.  Blocks the range cuts through are
 * split, keeping their part outside it.  Every entry that was valid is
 * cleared and the TLBs flushed (flush_tlb(), once) before anything new is
 * written (break-before-make); the new range is mapped with the largest
 * entries that fit.  0, -EINVAL (range outside the tables), or -ENOMEM:
 * then nothing has changed when splitting failed, but a mapping may stop
 * part-way through the range.
 */
int p2m_pt_set(struct p2m_pt *pt, unsigned long gfn, unsigned long nr,
               unsigned long mfn, uint64_t attrs);

/* The leaf entry mapping @gfn and its level (1-3), or 0 if none does. */
uint64_t p2m_pt_lookup(const struct p2m_pt *pt, unsigned long gfn, unsigned int *level);
/*
 * Where that leaf entry is (its value in *@pte, read once), or NULL: for a
 * caller that changes the entry in place, serialised with p2m_pt_set().
 */
uint64_t *p2m_pt_find_leaf(const struct p2m_pt *pt, unsigned long gfn,
                           unsigned int *level, uint64_t *pte);
/*
 * A table entry to put in place of the block @pte (level 1 or 2): a new
 * table mapping the same frames with the same attributes in entries one
 * level down (counted already), or 0 if no table page was free.  The
 * caller makes the table's entries visible to the walker before it writes
 * the returned entry over the block, without break-before-make: only for
 * a block no TLB can hold (one with its access flag clear).
 */
uint64_t p2m_pt_split_leaf(struct p2m_pt *pt, uint64_t pte, unsigned int lvl);

/* Call @fn for every valid leaf, in ascending gfn order. */
void p2m_pt_for_each_leaf(const struct p2m_pt *pt,
                          void (*fn)(unsigned long gfn, uint64_t pte,
                                     unsigned int level, void *data),
                          void *data);

/*
 * Clear the root and free every table below it, without TLB maintenance:
 * for tables no CPU can walk any more.
 */
void p2m_pt_clear(struct p2m_pt *pt);

/* The frame a leaf entry maps. */
static inline unsigned long p2m_pte_mfn(uint64_t pte)
{
    return (pte & S2_OA_MASK) >> 12;
}

#endif /* ASM_P2M_PT_H */
