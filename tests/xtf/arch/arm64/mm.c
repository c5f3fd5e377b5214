/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Stage-1 page tables of xtf guests: identity mappings with a 4 KiB granule
 * and a 39-bit address space (three levels, starting at level 1).  Tables
 * come from a small static pool; mappings are only ever added.
 */
#include <xtf.h>

#define VA_BITS         39
#define PT_ENTRIES      512
#define PT_SHIFT(lvl)   (12 + 9 * (3 - (lvl)))      /* lvl 1: 1 GiB */
#define PT_INDEX(va, l) (((va) >> PT_SHIFT(l)) & (PT_ENTRIES - 1))
#define PT_POOL_PAGES   32

/* Descriptor bits */
#define PTE_VALID       (1UL << 0)
#define PTE_TABLE       (1UL << 1)      /* levels 1-2: table; level 3: page */
#define PTE_ATTR(i)     ((uint64_t)(i) << 2)
#define PTE_SH_INNER    (3UL << 8)
#define PTE_AF          (1UL << 10)
#define PTE_PXN         (1UL << 53)
#define PTE_UXN         (1UL << 54)
#define PTE_ADDR_MASK   0x0000fffffffff000UL

/* MAIR_EL1 slots */
#define MT_DEVICE_nGnRE 0
#define MT_NORMAL       1
#define MAIR_VALUE      ((0x04UL << (8 * MT_DEVICE_nGnRE)) | \
                         (0xffUL << (8 * MT_NORMAL)))

/* TCR_EL1: TTBR0 only, inner-shareable write-back walks, 4 KiB granule */
#define TCR_T0SZ        (64 - VA_BITS)
#define TCR_IRGN0_WBWA  (1UL << 8)
#define TCR_ORGN0_WBWA  (1UL << 10)
#define TCR_SH0_INNER   (3UL << 12)
#define TCR_EPD1        (1UL << 23)
#define TCR_IPS_SHIFT   32

static uint64_t pt_pool[PT_POOL_PAGES][PT_ENTRIES] __aligned(PAGE_SIZE);
static unsigned int pt_used;
static uint64_t *pt_root;

struct xtf_mmu_regs xtf_mmu_regs;

static uint64_t *pt_alloc(void)
{
    uint64_t *t;

    if ( pt_used == PT_POOL_PAGES )
        return NULL;
    t = pt_pool[pt_used++];
    memset(t, 0, PAGE_SIZE);
    return t;
}

static uint64_t pte_attrs(enum xtf_mem_type type)
{
    if ( type == XTF_MEM_DEVICE )
        return PTE_AF | PTE_ATTR(MT_DEVICE_nGnRE) | PTE_PXN | PTE_UXN;
    return PTE_AF | PTE_ATTR(MT_NORMAL) | PTE_SH_INNER;
}

/* Table that entry 'e' points to, created if the entry is empty. */
static uint64_t *pt_next(uint64_t *e)
{
    uint64_t *t;

    if ( *e & PTE_VALID )
        return (uint64_t *)(*e & PTE_ADDR_MASK);
    t = pt_alloc();
    if ( t )
        *e = (uint64_t)t | PTE_TABLE | PTE_VALID;
    return t;
}

/* A valid entry at level 'lvl' that is a block, not a table. */
static bool pte_is_block(uint64_t e, unsigned int lvl)
{
    return (e & PTE_VALID) && (lvl == 3 || !(e & PTE_TABLE));
}

/*
 * Map one block or page of level 'lvl' at pa, building tables above it.
 * Mappings only grow: an existing block with the same attributes already
 * does the job, anything else that is in the way is -EEXIST.
 */
static int pt_set(uint64_t pa, unsigned int lvl, uint64_t attrs)
{
    uint64_t *t = pt_root;
    unsigned int l;
    uint64_t *e;

    for ( l = 1; ; l++ )
    {
        e = &t[PT_INDEX(pa, l)];
        if ( pte_is_block(*e, l) )
            return ((*e & ~PTE_ADDR_MASK & ~PTE_TABLE) == (attrs | PTE_VALID))
                   ? 0 : -XEN_EEXIST;
        if ( l == lvl )
            break;
        t = pt_next(e);
        if ( !t )
            return -XEN_ENOMEM;
    }
    if ( *e & PTE_VALID )
        return -XEN_EEXIST;             /* a table below a requested block */
    *e = pa | attrs | PTE_VALID | (lvl == 3 ? PTE_TABLE : 0);
    return 0;
}

int xtf_map(uint64_t pa, uint64_t size, enum xtf_mem_type type)
{
    uint64_t end = ROUNDUP(pa + size, PAGE_SIZE);
    uint64_t attrs = pte_attrs(type);
    unsigned int lvl;
    int rc;

    pa = ROUNDDOWN(pa, PAGE_SIZE);
    if ( end > (1UL << VA_BITS) || end <= pa )
        return -XEN_EINVAL;

    while ( pa < end )
    {
        /* The largest block that is aligned and fits, 2 MiB at most:
         * 1 GiB blocks would cover more than a small guest owns. */
        lvl = (IS_ALIGNED(pa, 1UL << PT_SHIFT(2)) &&
               end - pa >= (1UL << PT_SHIFT(2))) ? 2 : 3;
        rc = pt_set(pa, lvl, attrs);
        if ( rc )
            return rc;
        pa += 1UL << PT_SHIFT(lvl);
    }
    /* New entries replace invalid ones: no break-before-make needed. */
    dsb(ishst);
    isb();
    return 0;
}

static uint64_t tcr_value(void)
{
    uint64_t parange = READ_SYSREG(id_aa64mmfr0_el1) & 0xf;

    return TCR_T0SZ | TCR_IRGN0_WBWA | TCR_ORGN0_WBWA | TCR_SH0_INNER |
           TCR_EPD1 | (parange << TCR_IPS_SHIFT);
}

extern char _start[], _end[];

void xtf_mm_init(void)
{
    uint64_t img = (uint64_t)_start;
    int rc;

    pt_root = pt_alloc();
    rc = xtf_map(xtf_ram_start, xtf_ram_size, XTF_MEM_NORMAL);
    /* The image is inside RAM on every loader (mapping it again is then a
     * no-op); this keeps the code running if a DT ever says otherwise. */
    if ( !rc )
        rc = xtf_map(img, (uint64_t)_end - img, XTF_MEM_NORMAL);
    if ( !rc && pl011_base() )
        rc = xtf_map(pl011_base(), PAGE_SIZE, XTF_MEM_DEVICE);
    if ( rc )
    {
        xtf_error("cannot build the boot page tables: %d", rc);
        xtf_exit();
    }

    xtf_mmu_regs.mair = MAIR_VALUE;
    xtf_mmu_regs.tcr = tcr_value();
    xtf_mmu_regs.ttbr0 = (uint64_t)pt_root;
    xtf_mmu_regs.sctlr = READ_SYSREG(sctlr_el1) | SCTLR_M | SCTLR_C | SCTLR_I;
    xtf_mmu_enable(&xtf_mmu_regs, img, (uint64_t)_end);
    /* Secondary vCPUs read these with their MMU off. */
    xtf_dcache_clean_range(&xtf_mmu_regs, sizeof(xtf_mmu_regs));
}
