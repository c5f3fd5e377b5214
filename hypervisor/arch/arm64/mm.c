/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * EL2 stage-1 mappings after head.S: the boot device tree, device MMIO in
 * the ioremap window, and the page-table walk they share.  All CPUs share
 * one set of tables (EL2 has a single TTBR0), so a change is made visible
 * with broadcast TLB maintenance.
 */
#include <xenith/lib.h>
#include <xenith/mm.h>
#include <xenith/printk.h>
#include <xenith/spinlock.h>
#include <asm/pgtable.h>

extern uint64_t boot_pgtable[PT_ENTRIES];
extern uint64_t boot_second[PT_ENTRIES];

unsigned long xenith_phys_offset;

/*
 * Page-table pages for early mappings, before the page allocator exists.
 * 64 tables map 64 independent 2 MiB windows of 4 KiB pages.
 */
#define PT_POOL_PAGES 64
static uint64_t pt_pool[PT_POOL_PAGES][PT_ENTRIES] __aligned(PAGE_SIZE);
static unsigned int pt_pool_used;

static DEFINE_SPINLOCK(map_lock);       /* protects the tables and ioremap_next */
static vaddr_t ioremap_next = IOREMAP_VIRT_START;

static uint64_t *pt_alloc(void)
{
    if ( pt_pool_used == PT_POOL_PAGES )
        return NULL;
    return pt_pool[pt_pool_used++];     /* zeroed: it lives in .bss */
}

static uint64_t *pte_to_table(uint64_t pte)
{
    return (uint64_t *)((pte & PTE_ADDR_MASK) - xenith_phys_offset);
}

/* The level-3 entry for @va, creating intermediate tables on the way. */
static uint64_t *walk_create(vaddr_t va)
{
    uint64_t *table = boot_pgtable;

    for ( unsigned int lvl = 0; lvl < 3; lvl++ )
    {
        uint64_t *entry = &table[PT_INDEX(va, lvl)];

        if ( !(*entry & PTE_VALID) )
        {
            uint64_t *next = pt_alloc();

            if ( !next )
                return NULL;
            *entry = image_virt_to_maddr(next) | PTE_TABLE;
        }
        else if ( (*entry & PTE_TABLE) != PTE_TABLE )
            return NULL;                /* a block is in the way */
        table = pte_to_table(*entry);
    }
    return &table[PT_INDEX(va, 3)];
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

static int map_pages(vaddr_t va, paddr_t pa, size_t size, uint64_t attrs)
{
    for ( size_t off = 0; off < size; off += PAGE_SIZE )
    {
        uint64_t *pte = walk_create(va + off);

        if ( !pte )
            return -1;
        *pte = ((pa + off) & PTE_ADDR_MASK) | attrs | PTE_PAGE;
    }
    flush_xen_tlb_range(va, size);
    return 0;
}

void *ioremap(paddr_t pa, size_t size)
{
    paddr_t base = ROUNDDOWN(pa, PAGE_SIZE);
    size_t len = ROUNDUP(pa + size, PAGE_SIZE) - base;
    unsigned long flags;
    vaddr_t va;

    spin_lock_irqsave(&map_lock, flags);
    va = ioremap_next;
    if ( va + len > IOREMAP_VIRT_END || map_pages(va, base, len, PTE_DEVICE_RW) )
        va = 0;
    else
        ioremap_next += len + PAGE_SIZE;    /* a guard page between mappings */
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
