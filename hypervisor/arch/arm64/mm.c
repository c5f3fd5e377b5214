/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * EL2 stage-1 mappings after head.S: the direct map of RAM, the image with
 * its final permissions, the boot device tree, device MMIO in the ioremap
 * window, and the page-table walk they share.  All CPUs share one set of
 * tables (EL2 has a single TTBR0), so a change is made visible with
 * broadcast TLB maintenance.
 *
 * Page-table pages come from a static pool until the page allocator is
 * up, from the xenheap afterwards.
 *
 * Locking: map_lock protects the tables, the pool and ioremap_next.  It
 * nests outside heap_lock (table pages are allocated with it held).
 */
#include <xenith/bootinfo.h>
#include <xenith/errno.h>
#include <xenith/lib.h>
#include <xenith/mm.h>
#include <xenith/page_alloc.h>
#include <xenith/printk.h>
#include <xenith/spinlock.h>
#include <asm/pgtable.h>

/*
 * The identity block that CPUs turn their MMU on in is mapped RWX by
 * head.S; with SCTLR_EL2.WXN set it would become non-executable.
 */
static_assert(!(SCTLR_EL2_BOOT & SCTLR_EL2_WXN), "WXN must stay off");

#define BLOCK_2M            (_AC(1, UL) << PT_SHIFT(2))
#define PTE_NORMAL_MEM      (PTE_ATTRINDX(MT_NORMAL) | PTE_SH_INNER | PTE_AF)

extern uint64_t boot_pgtable[PT_ENTRIES];
extern uint64_t boot_second[PT_ENTRIES];
extern char _stext[], _srodata[], _sdata[], _end[];

unsigned long xenith_phys_offset;

/*
 * Page-table pages before the page allocator exists: the direct map, and
 * ioremap()s done before setup_memory().
 */
#define PT_POOL_PAGES 64
static uint64_t pt_pool[PT_POOL_PAGES][PT_ENTRIES] __aligned(PAGE_SIZE);

static DEFINE_SPINLOCK(map_lock);
/* Protected by map_lock: */
static unsigned int pt_pool_used;
static bool pt_from_heap;               /* the page allocator is up */
static vaddr_t ioremap_next = IOREMAP_VIRT_START;

/* A zeroed page-table page. */
static uint64_t *pt_alloc(void)
{
    uint64_t *table = NULL;

    if ( pt_from_heap )
    {
        table = alloc_xenheap_pages(0, 0);
        if ( table )
            zero_pages(table, 1);
    }
    else if ( pt_pool_used < PT_POOL_PAGES )
        table = pt_pool[pt_pool_used++];    /* zeroed: it lives in .bss */
    /* The walker must see the zeroes before it can see the table. */
    asm volatile("dsb ishst" ::: "memory");
    return table;
}

/* The table a table entry points at, through whichever window maps it. */
static uint64_t *pte_to_table(uint64_t pte)
{
    paddr_t pa = pte & PTE_ADDR_MASK;

    /* head.S's tables and the pool are in the image; the rest in the heap. */
    if ( pa - image_virt_to_maddr(_stext) < (paddr_t)(_end - _stext) )
        return (uint64_t *)(pa - xenith_phys_offset);
    return maddr_to_virt(pa);
}

/* The entry for @va at @level (1-3), creating the tables above it. */
static uint64_t *walk_create(vaddr_t va, unsigned int level)
{
    uint64_t *table = boot_pgtable;

    for ( unsigned int lvl = 0; lvl < level; lvl++ )
    {
        uint64_t *entry = &table[PT_INDEX(va, lvl)];

        if ( !(*entry & PTE_VALID) )
        {
            uint64_t *next = pt_alloc();

            if ( !next )
                return NULL;
            *entry = virt_to_maddr(next) | PTE_TABLE;
        }
        else if ( (*entry & PTE_TABLE) != PTE_TABLE )
            return NULL;                /* a block is in the way */
        table = pte_to_table(*entry);
    }
    return &table[PT_INDEX(va, level)];
}

static void flush_xen_tlb_range(vaddr_t va, size_t size)
{
    asm volatile("dsb ishst" ::: "memory");
    if ( size > 64 * PAGE_SIZE )
        asm volatile("tlbi alle2is" ::: "memory");
    else
        for ( vaddr_t end = va + size; va < end; va += PAGE_SIZE )
            asm volatile("tlbi vae2is, %0" :: "r" (va >> PAGE_SHIFT) : "memory");
    asm volatile("dsb ish\n\tisb" ::: "memory");
}

/*
 * The 2 MiB block entry for @va if [va, va + 2 MiB) can be one (both
 * addresses aligned, the whole block wanted, no table there yet); NULL.
 */
static uint64_t *block_entry(vaddr_t va, paddr_t pa, size_t left)
{
    uint64_t *l2;

    if ( !IS_ALIGNED(va | pa, BLOCK_2M) || left < BLOCK_2M )
        return NULL;
    l2 = walk_create(va, 2);
    return l2 && !(*l2 & PTE_VALID) ? l2 : NULL;
}

static int map_pages(vaddr_t va, paddr_t pa, size_t size, uint64_t attrs)
{
    uint64_t *pte = NULL, *l2;

    for ( size_t off = 0; off < size; )
    {
        /* A GIC's MMIO is MiBs: 2 MiB blocks where they fit. */
        if ( (l2 = block_entry(va + off, pa + off, size - off)) != NULL )
        {
            *l2 = ((pa + off) & PTE_ADDR_MASK) | attrs | PTE_BLOCK;
            off += BLOCK_2M;
            pte = NULL;
            continue;
        }
        /* One walk per level-3 table, not per page. */
        if ( !pte || !PT_INDEX(va + off, 3) )
            pte = walk_create(va + off, 3);
        if ( !pte )
            return -ENOMEM;
        *pte++ = ((pa + off) & PTE_ADDR_MASK) | attrs | PTE_PAGE;
        off += PAGE_SIZE;
    }
    flush_xen_tlb_range(va, size);
    return 0;
}

/* --------------------------------------------------------- direct map */

/* The largest block level (1: 1 GiB, 2: 2 MiB, 3: 4 KiB) for [pa, end). */
static unsigned int directmap_level(paddr_t pa, paddr_t end)
{
    unsigned int level = 1;

    while ( level < 3 && (!IS_ALIGNED(pa, _AC(1, UL) << PT_SHIFT(level)) ||
                          end - pa < (_AC(1, UL) << PT_SHIFT(level))) )
        level++;
    return level;
}

/* Map the whole pages of [pa, end) at DIRECTMAP_VIRT_START + pa: RW, XN. */
static int directmap_map(paddr_t pa, paddr_t end)
{
    while ( pa < end )
    {
        unsigned int level = directmap_level(pa, end);
        uint64_t *entry = walk_create(DIRECTMAP_VIRT_START + pa, level);

        if ( !entry )
            return -ENOMEM;
        if ( *entry & PTE_VALID )
            return -EEXIST;
        *entry = pa | PTE_NORMAL_MEM | PTE_AP_RW | PTE_XN |
                 (level == 3 ? PTE_PAGE : PTE_BLOCK);
        pa += _AC(1, UL) << PT_SHIFT(level);
    }
    return 0;
}

static void directmap_init(void)
{
    unsigned long flags;

    spin_lock_irqsave(&map_lock, flags);
    for ( unsigned int b = 0; b < bootinfo.mem.nr; b++ )
    {
        paddr_t start = ROUNDUP(bootinfo.mem.bank[b].start, PAGE_SIZE);
        paddr_t end = ROUNDDOWN(bootinfo.mem.bank[b].start + bootinfo.mem.bank[b].size,
                                PAGE_SIZE);
        int rc;

        if ( end <= start )
            continue;                   /* not one whole page */
        if ( end > DIRECTMAP_SIZE )
            panic("RAM bank %#lx-%#lx lies beyond the %lu TiB the direct map covers",
                  bootinfo.mem.bank[b].start, end - 1, DIRECTMAP_SIZE >> 40);
        rc = directmap_map(start, end);
        if ( rc == -EEXIST )
            panic("RAM bank %#lx-%#lx overlaps another bank in the device tree", start, end - 1);
        if ( rc )
            panic("Out of boot page-table pages mapping RAM bank %#lx-%#lx "
                  "(too many small or unaligned banks)", start, end - 1);
    }
    flush_xen_tlb_range(DIRECTMAP_VIRT_START, DIRECTMAP_SIZE);
    spin_unlock_irqrestore(&map_lock, flags);
}

/* ---------------------------------------------------------- image remap */

/*
 * mm_idmap_replace(entries, values, nr): set entries[i] = values[i],
 * break-before-make.  While the entries are invalid the image is unmapped,
 * its stack included, so this runs from the identity map, uses no stack,
 * and is handed direct-map addresses only.
 */
void mm_idmap_replace(uint64_t *entries, const uint64_t *values, unsigned long nr);
asm (
    "    .pushsection .text.idmap, \"ax\", %progbits\n"
    "    .global mm_idmap_replace\n"
    "    .type mm_idmap_replace, %function\n"
    "mm_idmap_replace:\n"
    "    mov     x3, #0\n"
    "1:  str     xzr, [x0, x3, lsl #3]\n"
    "    add     x3, x3, #1\n"
    "    cmp     x3, x2\n"
    "    b.lo    1b\n"
    "    dsb     ishst\n"
    "    tlbi    alle2is\n"
    "    dsb     ish\n"
    "    isb\n"
    "    mov     x3, #0\n"
    "2:  ldr     x4, [x1, x3, lsl #3]\n"
    "    str     x4, [x0, x3, lsl #3]\n"
    "    add     x3, x3, #1\n"
    "    cmp     x3, x2\n"
    "    b.lo    2b\n"
    "    dsb     ish\n"
    "    isb\n"
    "    ret\n"
    "    .size mm_idmap_replace, . - mm_idmap_replace\n"
    "    .popsection\n");

/* Text RX, rodata RO, data and bss RW; only text executable. */
static uint64_t image_page_attrs(vaddr_t va)
{
    if ( va < (vaddr_t)_srodata )
        return PTE_NORMAL_MEM | PTE_AP_RO;
    if ( va < (vaddr_t)_sdata )
        return PTE_NORMAL_MEM | PTE_AP_RO | PTE_XN;
    return PTE_NORMAL_MEM | PTE_AP_RW | PTE_XN;
}

/* A level-3 table for the 2 MiB of the image starting at @va. */
static uint64_t image_l3_table(vaddr_t va)
{
    uint64_t *l3 = pt_alloc();

    if ( !l3 )
        panic("Out of memory for the image's page tables");
    for ( unsigned int i = 0; i < PT_ENTRIES && va < (vaddr_t)_end; i++, va += PAGE_SIZE )
        l3[i] = image_virt_to_maddr((void *)va) | image_page_attrs(va) | PTE_PAGE;
    return virt_to_maddr(l3) | PTE_TABLE;
}

/*
 * head.S maps the image with RWX 2 MiB blocks; replace them with 4 KiB
 * pages carrying each section's permissions.  The rest of the last block,
 * past _end, is left unmapped.
 */
static void remap_image(void)
{
    unsigned long nr = DIV_ROUND_UP((unsigned long)(_end - _stext), BLOCK_2M);
    uint64_t values[XENITH_VIRT_SIZE / BLOCK_2M];
    unsigned int first = PT_INDEX((vaddr_t)_stext, 2);
    paddr_t fn = image_virt_to_maddr(mm_idmap_replace);
    void (*replace)(uint64_t *, const uint64_t *, unsigned long) = (void *)fn;

    BUG_ON(nr > ARRAY_SIZE(values) || !IS_ALIGNED((vaddr_t)_stext, BLOCK_2M));
    BUG_ON(!IS_ALIGNED((vaddr_t)_srodata, PAGE_SIZE) || !IS_ALIGNED((vaddr_t)_sdata, PAGE_SIZE));
    /* head.S identity-maps the 2 MiB block at _start, and no more. */
    BUG_ON(ROUNDDOWN(fn, BLOCK_2M) != image_virt_to_maddr(_stext));
    for ( unsigned long b = 0; b < nr; b++ )
        values[b] = image_l3_table((vaddr_t)_stext + b * BLOCK_2M);
    asm volatile("dsb ishst" ::: "memory");
    replace(maddr_to_virt(virt_to_maddr(&boot_second[first])),
            maddr_to_virt(virt_to_maddr(values)), nr);
}

void zero_pages(void *va, unsigned long nr)
{
    uint64_t dczid = READ_SYSREG(DCZID_EL0);
    unsigned long bs = 4UL << (dczid & DCZID_BS_MASK);
    char *p = va, *end = p + (nr << PAGE_SHIFT);

    if ( (dczid & DCZID_DZP) || PAGE_SIZE % (8 * bs) )
    {
        memset(va, 0, nr << PAGE_SHIFT);
        return;
    }
    /* Eight blocks a step: the loop's own instructions are most of it. */
    for ( ; p < end; p += 8 * bs )
        asm volatile("dc zva, %0\n\tdc zva, %1\n\tdc zva, %2\n\tdc zva, %3\n\t"
                     "dc zva, %4\n\tdc zva, %5\n\tdc zva, %6\n\tdc zva, %7"
                     :: "r" (p), "r" (p + bs), "r" (p + 2 * bs), "r" (p + 3 * bs),
                        "r" (p + 4 * bs), "r" (p + 5 * bs), "r" (p + 6 * bs),
                        "r" (p + 7 * bs)
                     : "memory");
}

void setup_memory(void)
{
    unsigned long flags;

    directmap_init();
    page_alloc_init();
    spin_lock_irqsave(&map_lock, flags);
    pt_from_heap = true;
    remap_image();
    spin_unlock_irqrestore(&map_lock, flags);
    printk("Memory: %lu MiB RAM in %u bank(s), %lu MiB free\n",
           total_ram_pages() >> (20 - PAGE_SHIFT), bootinfo.mem.nr,
           total_free_pages() >> (20 - PAGE_SHIFT));
}

/* -------------------------------------------------- MMIO and boot blobs */

/*
 * The device ranges Xenith maps for itself (the GIC, the console UART...),
 * so that device assignment can refuse to hand one of them to a guest.
 */
#define IOREMAP_MAX_RANGES      32
static struct { paddr_t base, len; } ioremapped[IOREMAP_MAX_RANGES];
static unsigned int nr_ioremapped;

bool ioremap_overlaps(paddr_t pa, paddr_t size)
{
    for ( unsigned int i = 0; i < nr_ioremapped; i++ )
        if ( pa < ioremapped[i].base + ioremapped[i].len && ioremapped[i].base < pa + size )
            return true;
    return false;
}

void *ioremap(paddr_t pa, size_t size)
{
    paddr_t base = ROUNDDOWN(pa, PAGE_SIZE);
    size_t len = ROUNDUP(pa + size, PAGE_SIZE) - base;
    unsigned long flags;
    vaddr_t va;

    spin_lock_irqsave(&map_lock, flags);
    va = ioremap_next;
    /* The same offset in a 2 MiB block as @pa: map_pages() can use blocks. */
    if ( len >= BLOCK_2M )
        va = ROUNDUP(va, BLOCK_2M) + (base & (BLOCK_2M - 1));
    if ( va + len > IOREMAP_VIRT_END || nr_ioremapped == IOREMAP_MAX_RANGES ||
         map_pages(va, base, len, PTE_DEVICE_RW) )
        va = 0;
    else
    {
        ioremap_next = va + len + PAGE_SIZE;    /* a guard page between mappings */
        ioremapped[nr_ioremapped].base = base;
        ioremapped[nr_ioremapped++].len = len;
    }
    spin_unlock_irqrestore(&map_lock, flags);
    if ( !va )
    {
        printk(XENLOG_ERR "ioremap of %#lx+%#zx failed\n", pa, size);
        return NULL;
    }
    return (void *)(va + (pa - base));
}

const void *early_fdt_map(paddr_t pa)
{
    paddr_t base = ROUNDDOWN(pa, BOOT_FDT_MAX_SIZE);
    uint64_t attrs = PTE_NORMAL_RW | PTE_AP_RO | PTE_XN | PTE_BLOCK;
    unsigned int slot = PT_INDEX(BOOT_FDT_VIRT_START, 2);

    /* Two blocks, so that a DTB of up to 2 MiB may straddle a boundary. */
    boot_second[slot] = base | attrs;
    boot_second[slot + 1] = (base + BOOT_FDT_MAX_SIZE) | attrs;
    flush_xen_tlb_range(BOOT_FDT_VIRT_START, 2 * BOOT_FDT_MAX_SIZE);
    return (const void *)(BOOT_FDT_VIRT_START + (pa - base));
}
