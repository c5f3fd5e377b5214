/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Stage 2: each domain's guest-physical to machine translation.
 *
 * The IPA size is the CPU's physical address size (PARange) capped at 48
 * bits, as Xen 4.17 does: a guest's IPA space then covers every machine
 * address (so MMIO can be mapped 1:1 for a hardware domain), and the
 * guest memory map of arch-arm.h (RAM up to 1 TiB, 40 bits) fits on every
 * CPU with 40 bits or more.  QEMU's cortex-a57 has 44: four levels from a
 * single level-0 root page, VTCR 0x80043594, the same as Xen prints there.
 * IPAs of 42 bits or fewer start at level 1 with up to 8 concatenated
 * root pages, one level fewer to walk (40 bits: 3 levels, 2 root pages).
 *
 * VMIDs come from a bitmap, 8 or 16 bits wide as ID_AA64MMFR1_EL1 says;
 * VMID 0 is no domain's: VTTBR_EL2 holds it, over empty tables, whenever
 * no guest vCPU is current, so freed tables are never walked.
 *
 * The tables are changed by p2m-pt.c (break-before-make, one TLB flush per
 * operation); this file supplies their pages, the TLB maintenance, the
 * entry attributes of each type, and guest RAM.
 */
#include <xenith/domain.h>
#include <xenith/errno.h>
#include <xenith/lib.h>
#include <xenith/mm.h>
#include <xenith/page_alloc.h>
#include <xenith/param.h>
#include <xenith/printk.h>
#include <xenith/sched.h>
#include <xenith/spinlock.h>
#include <asm/cache.h>
#include <asm/esr.h>
#include <asm/p2m.h>
#include <asm/sysregs.h>

/* VTCR_EL2 */
#define VTCR_SL0_SHIFT      6
#define VTCR_IRGN0_WBWA     (_AC(1, UL) << 8)
#define VTCR_ORGN0_WBWA     (_AC(1, UL) << 10)
#define VTCR_SH0_IS         (_AC(3, UL) << 12)
#define VTCR_TG0_4K         (_AC(0, UL) << 14)
#define VTCR_PS_SHIFT       16
#define VTCR_VS_16BIT       (_AC(1, UL) << 19)
#define VTCR_RES1           (_AC(1, UL) << 31)

#define VTTBR_VMID_SHIFT    48
#define PARANGE_48BIT       5               /* the largest we translate */
#define MMFR1_VMIDBITS_16   2

#define isb()               asm volatile("isb" ::: "memory")

/* ID_AA64MMFR0_EL1.PARange (and VTCR_EL2.PS) -> address bits */
static const unsigned int parange_bits[] = { 32, 36, 40, 42, 44, 48, 52 };

/* Chosen by the boot CPU's p2m_init_cpu(), then read-only. */
static struct {
    bool chosen;
    unsigned int ps;                /* VTCR_EL2.PS encoding */
    unsigned int ipa_bits;          /* = PA bits */
    unsigned int root_level;
    unsigned int root_order;        /* root pages, log2 */
    unsigned int vmid_bits;
    uint64_t vtcr;
    uint64_t empty_vttbr;           /* VMID 0 over tables mapping nothing */
} p2m_cfg;

#define MAX_VMIDS           (1U << 16)
static DEFINE_SPINLOCK(vmid_lock);
/* Protected by vmid_lock: */
static uint64_t vmid_used[MAX_VMIDS / 64];
static unsigned int vmid_next;          /* where the search for a free one starts */

unsigned int p2m_ipa_bits(void)
{
    return p2m_cfg.ipa_bits;
}

/* ------------------------------------------------------- per-CPU set-up */

static uint64_t *alloc_zeroed(unsigned int order)
{
    uint64_t *p = alloc_xenheap_pages(order, 0);

    if ( p )
    {
        memset(p, 0, PAGE_SIZE << order);
        /* The table walker must see the zeroes before it can see the table. */
        asm volatile("dsb ishst" ::: "memory");
    }
    return p;
}

static void p2m_choose(unsigned int parange, unsigned int vmid_bits)
{
    unsigned int ps = min(parange, (unsigned int)PARANGE_48BIT);
    unsigned int bits = parange_bits[ps];
    unsigned int level = bits > 43 ? 0 : 1;
    unsigned int root_entry_bits = bits - 12 - P2M_LEVEL_ORDER(level);
    unsigned int order = root_entry_bits > 9 ? root_entry_bits - 9 : 0;
    uint64_t *empty = alloc_zeroed(order);

    if ( !empty )
        panic("Out of memory for the empty stage-2 tables");
    p2m_cfg.ps = ps;
    p2m_cfg.ipa_bits = bits;
    p2m_cfg.root_level = level;
    p2m_cfg.root_order = order;
    p2m_cfg.vmid_bits = vmid_bits;
    p2m_cfg.empty_vttbr = virt_to_maddr(empty);
    p2m_cfg.vtcr = VTCR_RES1 | ((uint64_t)ps << VTCR_PS_SHIFT) | VTCR_TG0_4K |
                   VTCR_SH0_IS | VTCR_ORGN0_WBWA | VTCR_IRGN0_WBWA |
                   ((uint64_t)(2 - level) << VTCR_SL0_SHIFT) | (64 - bits) |
                   (vmid_bits == 16 ? VTCR_VS_16BIT : 0);
    vmid_used[0] = 1;                   /* VMID 0: no domain */
    vmid_next = 1;
    p2m_cfg.chosen = true;

    printk("P2M: %u-bit IPA with %u-bit PA and %u-bit VMID\n",
           bits, parange_bits[min(parange, 6U)], vmid_bits);
    printk("P2M: %u levels with order-%u root, VTCR %#018lx\n",
           4 - level, order, p2m_cfg.vtcr);
    if ( bits < 40 )
        printk(XENLOG_WARNING "P2M: guest RAM above %lu GiB cannot be mapped\n",
               1UL << (bits - 30));
}

int p2m_init_cpu(void)
{
    unsigned int parange = READ_SYSREG(ID_AA64MMFR0_EL1) & 0xf;
    unsigned int vmid_bits =
        ((READ_SYSREG(ID_AA64MMFR1_EL1) >> 4) & 0xf) == MMFR1_VMIDBITS_16 ? 16 : 8;

    if ( !p2m_cfg.chosen )
        p2m_choose(parange, vmid_bits);
    else if ( parange < p2m_cfg.ps || vmid_bits < p2m_cfg.vmid_bits )
    {
        printk(XENLOG_ERR "CPU%u: %u-bit PA and %u-bit VMIDs, fewer than the boot CPU's\n",
               smp_processor_id(), parange_bits[min(parange, 6U)], vmid_bits);
        return -EOPNOTSUPP;
    }

    WRITE_SYSREG(p2m_cfg.vtcr, VTCR_EL2);
    WRITE_SYSREG(p2m_cfg.empty_vttbr, VTTBR_EL2);
    isb();
    /* Nothing firmware or an earlier kernel left in this CPU's guest TLBs. */
    asm volatile("tlbi alle1\n\tdsb nsh\n\tisb" ::: "memory");
    return 0;
}

/* ---------------------------------------------------------------- VMIDs */

static int vmid_alloc(uint16_t *vmid)
{
    unsigned int nr = 1U << p2m_cfg.vmid_bits;
    int rc = -EBUSY;

    spin_lock(&vmid_lock);
    for ( unsigned int i = 0; i < nr; i++ )
    {
        unsigned int v = (vmid_next + i) % nr;

        if ( vmid_used[v / 64] & (1UL << (v % 64)) )
            continue;
        vmid_used[v / 64] |= 1UL << (v % 64);
        /* Not handed out again at once: easier to tell apart in dumps. */
        vmid_next = v + 1;
        *vmid = v;
        rc = 0;
        break;
    }
    spin_unlock(&vmid_lock);
    return rc;
}

static void vmid_free(uint16_t vmid)
{
    spin_lock(&vmid_lock);
    BUG_ON(!vmid || !(vmid_used[vmid / 64] & (1UL << (vmid % 64))));
    vmid_used[vmid / 64] &= ~(1UL << (vmid % 64));
    spin_unlock(&vmid_lock);
}

/* ------------------------------------------------------ table callbacks */

/*
 * Remove every TLB entry of @p2m's VMID on every CPU.  TLBI acts on the
 * VMID in this CPU's VTTBR_EL2, so load @p2m's for the while.
 */
static void p2m_flush_vmid(const struct p2m_domain *p2m)
{
    unsigned long flags = local_irq_save();
    uint64_t loaded = READ_SYSREG(VTTBR_EL2);

    if ( loaded != p2m->vttbr )
    {
        WRITE_SYSREG(p2m->vttbr, VTTBR_EL2);
        isb();
    }
    asm volatile("dsb ishst\n\ttlbi vmalls12e1is\n\tdsb ish\n\tisb" ::: "memory");
    if ( loaded != p2m->vttbr )
    {
        WRITE_SYSREG(loaded, VTTBR_EL2);
        isb();
    }
    local_irq_restore(flags);
}

static uint64_t *p2m_alloc_table(struct p2m_pt *pt)
{
    return alloc_zeroed(0);
}

static void p2m_free_table(struct p2m_pt *pt, uint64_t *table)
{
    free_xenheap_pages(table, 0);
}

static void p2m_flush_tlb(struct p2m_pt *pt)
{
    p2m_flush_vmid(container_of(pt, struct p2m_domain, pt));
}

static const struct p2m_pt_ops p2m_pt_ops = {
    .alloc_table = p2m_alloc_table,
    .free_table = p2m_free_table,
    .flush_tlb = p2m_flush_tlb,
};

/*
 * The writers take the lock with these: p2m->seq odd while they hold it
 * (asm/p2m.h).  A DSB after the first bump and before the second: the odd
 * count is seen by every CPU before the first entry changes, the last
 * change and its TLB flush are complete (the new entries visible to every
 * walker) before the even count is seen and the caller goes on.
 */
static void p2m_write_lock(struct p2m_domain *p2m)
{
    write_lock(&p2m->lock);
    ACCESS_ONCE(p2m->seq) = p2m->seq + 1;
    asm volatile("dsb ish" ::: "memory");
}

static void p2m_write_unlock(struct p2m_domain *p2m)
{
    asm volatile("dsb ish" ::: "memory");
    ACCESS_ONCE(p2m->seq) = p2m->seq + 1;
    write_unlock(&p2m->lock);
}

/* ------------------------------------------------------------- domains */

int p2m_domain_init(struct domain *d)
{
    struct p2m_domain *p2m = &d->arch.p2m;
    uint64_t *root;
    int rc;

    BUG_ON(!p2m_cfg.chosen);
    rc = vmid_alloc(&p2m->vmid);
    if ( rc )
    {
        printk(XENLOG_ERR "d%u: all %u VMIDs are in use\n", d->domain_id,
               (1U << p2m_cfg.vmid_bits) - 1);
        return rc;
    }
    root = alloc_zeroed(p2m_cfg.root_order);
    if ( !root )
    {
        vmid_free(p2m->vmid);
        return -ENOMEM;
    }

    rwlock_init(&p2m->lock);
    p2m->seq = 0;
    spin_lock_init(&p2m->zero_lock);
    p2m->pt = (struct p2m_pt){
        .root = root,
        .root_level = p2m_cfg.root_level,
        .root_entries = PAGE_SIZE / sizeof(uint64_t) << p2m_cfg.root_order,
        .ops = &p2m_pt_ops,
    };
    /* A root of 512 entries may still cover more than the IPA: trim it. */
    p2m->pt.root_entries = min(p2m->pt.root_entries,
                               1U << (p2m_cfg.ipa_bits - 12 -
                                      P2M_LEVEL_ORDER(p2m_cfg.root_level)));
    p2m->vttbr = virt_to_maddr(root) | ((uint64_t)p2m->vmid << VTTBR_VMID_SHIFT);
    p2m->nr_ram_pages = 0;
    p2m->max_mapped_gfn = 0;
    for ( unsigned int cpu = 0; cpu < NR_CPUS; cpu++ )
        p2m->last_vcpu_ran[cpu] = P2M_INVALID_VCPU;
    return 0;
}

static p2m_type_t p2m_pte_type(uint64_t pte)
{
    return (pte & S2_SW_MASK) >> S2_SW_SHIFT;
}

/*
 * p2m_pt_for_each_leaf() callback: give the domain's RAM back and drop
 * the references of foreign mappings.  Shared xenheap pages are left
 * alone: their owners (event channels, grant tables) have freed them
 * already.
 */
static void p2m_free_ram_leaf(unsigned long gfn, uint64_t pte, unsigned int level, void *data)
{
    struct domain *d = data;
    unsigned int order = P2M_LEVEL_ORDER(level);
    p2m_type_t t = p2m_pte_type(pte);

    if ( P2M_TYPE_MASK(t) & P2M_FOREIGN_TYPES )
        put_page(mfn_to_page(_mfn(p2m_pte_mfn(pte))));
    if ( !p2m_is_ram(t) )
        return;
    free_domheap_pages(mfn_to_page(_mfn(p2m_pte_mfn(pte))), order);
    d->arch.p2m.nr_ram_pages -= 1UL << order;
}

void p2m_teardown(struct domain *d)
{
    struct p2m_domain *p2m = &d->arch.p2m;

    if ( !p2m->pt.root )
        return;
    p2m_write_lock(p2m);
    /* Nothing cached for this VMID may outlive it into its next domain. */
    p2m_flush_vmid(p2m);
    p2m_pt_for_each_leaf(&p2m->pt, p2m_free_ram_leaf, d);
    p2m_pt_clear(&p2m->pt);
    free_xenheap_pages(p2m->pt.root, p2m_cfg.root_order);
    p2m->pt.root = NULL;
    vmid_free(p2m->vmid);
    p2m_write_unlock(p2m);
}

/* ------------------------------------------------------------ mappings */

/* Leaf attributes of each type, its number in the software bits. */
static uint64_t p2m_type_attrs(p2m_type_t t)
{
    const uint64_t normal = S2_MEMATTR_NORMAL_WB | S2_SH_INNER | S2_AF;
    uint64_t sw = (uint64_t)t << S2_SW_SHIFT;

    switch ( t )
    {
    case p2m_ram_rw:
        return sw | normal | S2_AP_RW;
    case p2m_ram_ro:
        return sw | normal | S2_AP_RO;
    case p2m_mmio_direct_dev:
        return sw | S2_MEMATTR_DEV_nGnRE | S2_SH_OUTER | S2_AF | S2_AP_RW | S2_XN;
    case p2m_grant_map_rw:
    case p2m_map_foreign_rw:
        return sw | normal | S2_AP_RW | S2_XN;
    case p2m_grant_map_ro:
    case p2m_map_foreign_ro:
        return sw | normal | S2_AP_RO | S2_XN;
    case p2m_xenheap_rw:
        return sw | normal | S2_AP_RW;
    default:
        return 0;
    }
}

static int p2m_set(struct domain *d, unsigned long gfn, unsigned long nr,
                   unsigned long mfn, uint64_t attrs)
{
    struct p2m_domain *p2m = &d->arch.p2m;
    int rc;

    ASSERT(p2m->pt.root);
    p2m_write_lock(p2m);
    rc = p2m_pt_set(&p2m->pt, gfn, nr, mfn, attrs);
    if ( !rc && mfn != P2M_PT_NO_MFN )
        p2m->max_mapped_gfn = max(p2m->max_mapped_gfn, gfn + nr - 1);
    p2m_write_unlock(p2m);
    return rc;
}

static int p2m_check_map(mfn_t mfn, unsigned long nr, p2m_type_t t);
static mfn_t p2m_lookup_pending(struct domain *d, gfn_t gfn, p2m_type_t *t, bool zero);

int p2m_map(struct domain *d, gfn_t gfn, mfn_t mfn, unsigned long nr, p2m_type_t t)
{
    int rc = p2m_check_map(mfn, nr, t);

    return rc ? rc : p2m_set(d, gfn_x(gfn), nr, mfn_x(mfn), p2m_type_attrs(t));
}

int p2m_unmap(struct domain *d, gfn_t gfn, unsigned long nr)
{
    return p2m_set(d, gfn_x(gfn), nr, P2M_PT_NO_MFN, 0);
}

/* ------------------------------------------- changes a guest asks for */

/*
 * The foreign and xenheap entries a change of the tables replaced: what
 * must be released once the change is visible (and, for foreign pages,
 * the lock dropped).
 */
#define P2M_RELEASE_MAX     16

struct p2m_release {
    unsigned int nr;
    struct {
        unsigned long gfn;
        uint64_t pte;
    } e[P2M_RELEASE_MAX];
};

/* Own RAM pages mapped in [gfn, gfn + nr). */
static unsigned long p2m_range_ram(const struct p2m_pt *pt, unsigned long gfn,
                                   unsigned long nr)
{
    unsigned long g = gfn, end = gfn + nr, ram = 0;

    while ( g < end )
    {
        unsigned int level;
        uint64_t pte = p2m_pt_lookup(pt, g, &level);
        unsigned long next = g + 1;

        if ( pte )
            next = min((g | ((1UL << P2M_LEVEL_ORDER(level)) - 1)) + 1, end);
        if ( pte && p2m_is_ram(p2m_pte_type(pte)) )
            ram += next - g;
        g = next;
    }
    return ram;
}

/*
 * How much of [gfn, gfn + nr) (at least one gfn) can change with its
 * foreign and xenheap entries recorded in @rel.
 */
static unsigned long p2m_collect(const struct p2m_pt *pt, unsigned long gfn,
                                 unsigned long nr, struct p2m_release *rel)
{
    unsigned long g = gfn, end = gfn + nr;

    rel->nr = 0;
    while ( g < end )
    {
        unsigned int level;
        uint64_t pte = p2m_pt_lookup(pt, g, &level);
        unsigned int mask = pte ? P2M_TYPE_MASK(p2m_pte_type(pte)) : 0;

        if ( mask & (P2M_FOREIGN_TYPES | P2M_TYPE_MASK(p2m_xenheap_rw)) )
        {
            /* Those are 4 KiB pages: level 3. */
            if ( rel->nr == P2M_RELEASE_MAX )
                return g - gfn;
            rel->e[rel->nr].gfn = g;
            rel->e[rel->nr++].pte = pte;
        }
        g = pte ? min((g | ((1UL << P2M_LEVEL_ORDER(level)) - 1)) + 1, end) : g + 1;
    }
    return nr;
}

/*
 * Write-locked: set [gfn, gfn + *nr) to @mfn with @attrs (P2M_PT_NO_MFN:
 * remove), or a first part of it (*nr says how much) so that @rel holds
 * everything to release; the xenheap pages replaced forget their gfn.
 */
static int p2m_replace_locked(struct p2m_domain *p2m, unsigned long gfn,
                              unsigned long *nr, unsigned long mfn, uint64_t attrs,
                              struct p2m_release *rel)
{
    unsigned long n = p2m_collect(&p2m->pt, gfn, *nr, rel);
    unsigned long ram = p2m_range_ram(&p2m->pt, gfn, n);
    int rc = p2m_pt_set(&p2m->pt, gfn, n, mfn, attrs);
    unsigned int kept = 0;

    /* -ENOMEM: the old entries are either all there or all gone. */
    for ( unsigned int i = 0; i < rel->nr; i++ )
    {
        unsigned int level;

        if ( rc && p2m_pt_lookup(&p2m->pt, rel->e[i].gfn, &level) == rel->e[i].pte )
            continue;
        rel->e[kept++] = rel->e[i];
        if ( p2m_pte_type(rel->e[i].pte) == p2m_xenheap_rw )
            page_set_xenheap_gfn(mfn_to_page(_mfn(p2m_pte_mfn(rel->e[i].pte))),
                                 INVALID_GFN);
    }
    rel->nr = kept;
    __atomic_fetch_add(&p2m->nr_ram_pages, p2m_range_ram(&p2m->pt, gfn, n) - ram,
                       __ATOMIC_RELAXED);
    if ( !rc && mfn != P2M_PT_NO_MFN )
        p2m->max_mapped_gfn = max(p2m->max_mapped_gfn, gfn + n - 1);
    *nr = n;
    return rc;
}

/* Unlocked, after the change: the references of foreign mappings go. */
static void p2m_release_foreign(const struct p2m_release *rel)
{
    for ( unsigned int i = 0; i < rel->nr; i++ )
        if ( P2M_TYPE_MASK(p2m_pte_type(rel->e[i].pte)) & P2M_FOREIGN_TYPES )
            put_page(mfn_to_page(_mfn(p2m_pte_mfn(rel->e[i].pte))));
}

/* Arguments of a mapping of @nr pages at @mfn as @t: 0 or -EINVAL. */
static int p2m_check_map(mfn_t mfn, unsigned long nr, p2m_type_t t)
{
    unsigned long m = mfn_x(mfn);

    if ( !p2m_type_attrs(t) || !nr || m + nr < m || m + nr > (1UL << (p2m_cfg.ipa_bits - 12)) )
        return -EINVAL;
    /* Only MMIO may lie outside the frame table. */
    if ( t != p2m_mmio_direct_dev && (!mfn_valid(mfn) || !mfn_valid(_mfn(m + nr - 1))) )
        return -EINVAL;
    return 0;
}

int p2m_guest_set(struct domain *d, gfn_t gfn, mfn_t mfn, unsigned long nr, p2m_type_t t)
{
    struct p2m_domain *p2m = &d->arch.p2m;
    unsigned long g = gfn_x(gfn), m = t == p2m_invalid ? P2M_PT_NO_MFN : mfn_x(mfn);
    int rc = t == p2m_invalid ? 0 : p2m_check_map(mfn, nr, t);

    if ( !rc && (!nr || g + nr < g || g + nr > p2m_pt_nr_gfns(&p2m->pt)) )
        rc = -EINVAL;
    while ( !rc && nr )
    {
        struct p2m_release rel;
        unsigned long done = nr;

        p2m_write_lock(p2m);
        rc = p2m_replace_locked(p2m, g, &done, m, t == p2m_invalid ? 0 : p2m_type_attrs(t),
                                &rel);
        p2m_write_unlock(p2m);
        p2m_release_foreign(&rel);
        g += done;
        nr -= done;
        if ( m != P2M_PT_NO_MFN )
            m += done;
    }
    return rc;
}

int p2m_map_xenheap(struct domain *d, gfn_t gfn, mfn_t mfn)
{
    struct p2m_domain *p2m = &d->arch.p2m;
    struct page_info *pg = mfn_to_page(mfn);
    struct p2m_release rel = { .nr = 0 };
    unsigned long done = 1;
    int rc;

    BUG_ON(!(pg->count_info & PGC_xen_heap));
    if ( gfn_x(gfn) >= p2m_pt_nr_gfns(&p2m->pt) )
        return -EINVAL;
    p2m_write_lock(p2m);
    /* Xen 4.17: one gfn at a time; the guest unmaps it before a move. */
    rc = -EBUSY;
    if ( gfn_x(page_get_xenheap_gfn(pg)) == gfn_x(INVALID_GFN) )
        rc = p2m_replace_locked(p2m, gfn_x(gfn), &done, mfn_x(mfn),
                                p2m_type_attrs(p2m_xenheap_rw), &rel);
    if ( !rc )
        page_set_xenheap_gfn(pg, gfn);
    p2m_write_unlock(p2m);
    p2m_release_foreign(&rel);
    return rc;
}

int p2m_remove_if(struct domain *d, gfn_t gfn, mfn_t mfn, unsigned int types)
{
    struct p2m_domain *p2m = &d->arch.p2m;
    struct p2m_release rel = { .nr = 0 };
    unsigned long done = 1;
    p2m_type_t t;
    mfn_t cur;
    int rc = -ENOENT;

    if ( gfn_x(gfn) >= p2m_pt_nr_gfns(&p2m->pt) )
        return -ENOENT;
    p2m_write_lock(p2m);
    /* RAM is never removed here: no need to zero it first. */
    cur = p2m_lookup_pending(d, gfn, &t, false);
    if ( (P2M_TYPE_MASK(t) & types) &&
         (mfn_x(mfn) == mfn_x(INVALID_MFN) || mfn_x(mfn) == mfn_x(cur)) )
        rc = p2m_replace_locked(p2m, gfn_x(gfn), &done, P2M_PT_NO_MFN, 0, &rel);
    p2m_write_unlock(p2m);
    p2m_release_foreign(&rel);
    return rc;
}

unsigned long p2m_max_mapped_gfn(const struct domain *d)
{
    return ACCESS_ONCE(d->arch.p2m.max_mapped_gfn);
}

static uint64_t p2m_zero_pending(struct domain *d, unsigned long gfn, unsigned int *level);

/* What @gfn maps, as p2m_lookup_locked() says; a pending block zeroed if @zero. */
static mfn_t p2m_lookup_pending(struct domain *d, gfn_t gfn, p2m_type_t *t, bool zero)
{
    unsigned int level;
    uint64_t pte = p2m_pt_lookup(&d->arch.p2m.pt, gfn_x(gfn), &level);

    if ( zero && pte && !(pte & S2_AF) )
        pte = p2m_zero_pending(d, gfn_x(gfn), &level);
    if ( !pte )
    {
        *t = p2m_invalid;
        return INVALID_MFN;
    }
    *t = (pte & S2_SW_MASK) >> S2_SW_SHIFT;
    return _mfn(p2m_pte_mfn(pte) +
                (gfn_x(gfn) & ((1UL << P2M_LEVEL_ORDER(level)) - 1)));
}

mfn_t p2m_lookup_locked(struct domain *d, gfn_t gfn, p2m_type_t *t)
{
    return p2m_lookup_pending(d, gfn, t, true);
}

mfn_t p2m_lookup(struct domain *d, gfn_t gfn, p2m_type_t *t)
{
    mfn_t mfn;

    p2m_read_lock(d);
    mfn = p2m_lookup_locked(d, gfn, t);
    p2m_read_unlock(d);
    return mfn;
}

struct page_info *get_page_from_gfn(struct domain *d, gfn_t gfn, bool writable)
{
    struct page_info *pg = NULL;
    p2m_type_t t;
    mfn_t mfn;

    p2m_read_lock(d);
    mfn = p2m_lookup_locked(d, gfn, &t);
    if ( t == p2m_ram_rw || t == p2m_map_foreign_rw ||
         (!writable && (t == p2m_ram_ro || t == p2m_map_foreign_ro)) )
    {
        pg = mfn_to_page(mfn);
        /* Under the lock the mapping, and so the page's owner, stays put. */
        if ( !get_page(pg, t == p2m_ram_rw || t == p2m_ram_ro ? d : page_get_owner(pg)) )
            pg = NULL;
    }
    p2m_read_unlock(d);
    return pg;
}

/* Out of line: its locals cost a stack-protector canary the AT path need not pay. */
bool __attribute__((noinline)) p2m_gfn_mapped(struct domain *d, gfn_t gfn)
{
    unsigned int level;
    uint64_t pte;
    bool mapped;

    /* The lock keeps the tables walked from being freed meanwhile. */
    p2m_read_lock(d);
    mapped = p2m_pt_find_leaf(&d->arch.p2m.pt, gfn_x(gfn), &level, &pte) != NULL;
    p2m_read_unlock(d);
    return mapped;
}

/* The answer of AT that proves the final IPA unmapped: a stage-2 translation fault. */
#define PAR_FAULT_MASK      (PAR_F | PAR_S | PAR_PTW | (ESR_FSC_TYPE_MASK << PAR_FST_SHIFT))
#define PAR_S2_UNMAPPED     (PAR_F | PAR_S | (ESR_FSC_TRANSLATION << PAR_FST_SHIFT))

/*
 * AT S12E1R walks both stages of the faulting address as they are now,
 * in the current vCPU's context (its VTTBR_EL2 and stage-1 registers,
 * live at EL2).  A read at EL1 is allowed by stage 1 wherever the
 * faulting access was (at EL0, or a write); should stage 1 fault all the
 * same (the guest changed its tables), the locked walk answers.  Only the
 * negative answer is taken: if the address translates now, the locked walk
 * of @gfn decides too, because FAR_EL2's page need not be HPFAR_EL2's (an
 * access across a page boundary; a stage-1 entry the guest changed without
 * a TLBI), and a retry on a page that stays unmapped would never end.
 * If stage 2 misses the final IPA while no p2m writer was inside (seq even
 * and unchanged: the walk saw complete tables, no stale TLB entry), the
 * IPA is unmapped, as the locked walk would say.  Should the guest's own
 * stage 1 have changed meanwhile to another unmapped IPA, the abort is
 * what its retry would get.
 */
bool p2m_translation_fault_raced(struct domain *d, gfn_t gfn, vaddr_t va, bool va_valid)
{
    const unsigned long *seq = &d->arch.p2m.seq;
    unsigned long before = ACCESS_ONCE(*seq);
    uint64_t par;

    if ( va_valid && !(before & 1) )
    {
        /* The count read before the walk; AT_TRANSLATE's ISB ends it before the reread. */
        asm volatile("dsb ish" ::: "memory");
        par = AT_TRANSLATE("s12e1r", va);
        if ( (par & PAR_FAULT_MASK) == PAR_S2_UNMAPPED && ACCESS_ONCE(*seq) == before )
            return false;
    }
    return p2m_gfn_mapped(d, gfn);
}

void p2m_read_lock(struct domain *d)
{
    read_lock(&d->arch.p2m.lock);
}

void p2m_read_unlock(struct domain *d)
{
    read_unlock(&d->arch.p2m.lock);
}

/* ----------------------------------------------------------- guest RAM */

/*
 * Make the @nr pages at @va read as zeroes, also to a guest whose caches
 * are off: zero them with DC ZVA (a block per instruction, 64 bytes on
 * the A57) and clean and invalidate them to the point of coherency, so
 * that neither a non-cacheable reader nor, later, a cacheable one finds
 * anything older.  Complete once a DSB follows.
 */
static void p2m_scrub(void *va, unsigned long nr)
{
    uint64_t dczid = READ_SYSREG(DCZID_EL0);
    unsigned long zva = dczid & DCZID_DZP ? 0 : 4UL << (dczid & DCZID_BS_MASK);
    unsigned long line = dcache_line_bytes();
    char *p = va, *end = p + (nr << PAGE_SHIFT);

    if ( zva == line && !(PAGE_SIZE % (4 * line)) )
    {
        /* The usual case: one pass, four lines a step (fewer branches). */
        for ( ; p < end; p += 4 * line )
            asm volatile("dc zva, %0\n\tdc civac, %0\n\t"
                         "dc zva, %1\n\tdc civac, %1\n\t"
                         "dc zva, %2\n\tdc civac, %2\n\t"
                         "dc zva, %3\n\tdc civac, %3"
                         :: "r" (p), "r" (p + line), "r" (p + 2 * line),
                            "r" (p + 3 * line) : "memory");
        return;
    }
    zero_pages(va, nr);
    for ( ; p < end; p += line )
        asm volatile("dc civac, %0" :: "r" (p) : "memory");
}

/*
 * Xen's bootscrub=<bool>|idle decides when Xen scrubs the RAM it booted
 * with.  Xenith zeroes every page before a guest can see it (below), so
 * each value already has the guarantee it asks for: the option is
 * accepted for Xen's command lines, and a value Xen would refuse is
 * refused here too.
 */
static int parse_bootscrub(const char *s)
{
    bool on;

    if ( !*s || !strcmp(s, "idle") )
        return 0;
    return parse_bool(s, &on);
}
custom_param("bootscrub", parse_bootscrub);

/*
 * Guest RAM from p2m_populate_ram() is zeroed on first use, not when the
 * domain is built: its entries are written with the access flag clear, so
 * the guest's first access to a block takes an Access flag fault
 * (VTCR_EL2.HA is 0: no hardware update), and p2m_lookup_locked() - which
 * the fault handler, guest copies and every other look-up go through -
 * zeroes and cleans the block before it sets the flag.  The guest never
 * sees what the frames held before, and RAM it never touches costs
 * nothing.  A 1 GiB block is first split into 2 MiB ones (p2m_pt_split_leaf)
 * so that one access zeroes 2 MiB, not 1 GiB.
 *
 * Neither change needs break-before-make or a TLB flush: the architecture
 * never lets a TLB hold an entry that gives an Access flag fault.
 */
#define P2M_RAM_PENDING_ATTRS   (p2m_type_attrs(p2m_ram_rw) & ~S2_AF)

/*
 * With the p2m lock held (read or write): zero the pending block mapping
 * @gfn, if it still is, and return @gfn's leaf entry (*@level its level).
 * zero_lock serialises the readers that get here.
 */
static uint64_t p2m_zero_pending(struct domain *d, unsigned long gfn, unsigned int *level)
{
    struct p2m_domain *p2m = &d->arch.p2m;
    uint64_t *entry, pte = 0, table;

    spin_lock(&p2m->zero_lock);
    while ( (entry = p2m_pt_find_leaf(&p2m->pt, gfn, level, &pte)) && !(pte & S2_AF) )
    {
        if ( *level < 2 && (table = p2m_pt_split_leaf(&p2m->pt, pte, *level)) )
        {
            /* The walker sees the new table's entries before the table. */
            asm volatile("dsb ishst" ::: "memory");
            ACCESS_ONCE(*entry) = table;
            continue;
        }
        p2m_scrub(mfn_to_virt(_mfn(p2m_pte_mfn(pte))), 1UL << P2M_LEVEL_ORDER(*level));
        /* Zeroes at the point of coherency before the guest can reach them. */
        asm volatile("dsb ish" ::: "memory");
        pte |= S2_AF;
        ACCESS_ONCE(*entry) = pte;
        /* The instruction caches may hold what these frames held before. */
        asm volatile("dsb ishst\n\tic ialluis\n\tdsb ish\n\tisb" ::: "memory");
    }
    spin_unlock(&p2m->zero_lock);
    return entry ? pte : 0;
}

int p2m_populate_ram(struct domain *d, gfn_t gfn, unsigned long nr)
{
    unsigned long g = gfn_x(gfn), end = g + nr;
    int rc = 0;

    if ( !nr || end < g || end > p2m_pt_nr_gfns(&d->arch.p2m.pt) )
        return -EINVAL;
    while ( g < end && !rc )
    {
        unsigned int order = p2m_pt_order(g, 0, end - g);
        struct page_info *pg;

        /* Short of large free blocks: smaller ones, mapped by smaller entries. */
        while ( !(pg = alloc_domheap_pages(d, order, 0)) && order )
            order = order > 9 ? 9 : 0;
        if ( !pg )
            return -ENOMEM;
        rc = p2m_check_map(page_to_mfn(pg), 1UL << order, p2m_ram_rw);
        if ( !rc )
            rc = p2m_set(d, g, 1UL << order, mfn_x(page_to_mfn(pg)), P2M_RAM_PENDING_ATTRS);
        if ( rc )
            free_domheap_pages(pg, order);
        else
            __atomic_fetch_add(&d->arch.p2m.nr_ram_pages, 1UL << order, __ATOMIC_RELAXED);
        g += 1UL << order;
    }
    return rc;
}

int p2m_add_ram(struct domain *d, gfn_t gfn, struct page_info *pg, unsigned int order)
{
    int rc;

    p2m_scrub(page_to_virt(pg), 1UL << order);
    asm volatile("dsb ish" ::: "memory");
    rc = p2m_guest_set(d, gfn, page_to_mfn(pg), 1UL << order, p2m_ram_rw);
    if ( !rc )
    {
        /* The instruction caches may hold what these frames held before. */
        asm volatile("ic ialluis\n\tdsb ish\n\tisb" ::: "memory");
        return 0;
    }
    /*
     * Part of it may be mapped (-ENOMEM): free the pages only once they
     * certainly are not; else the domain keeps them until it goes.
     */
    if ( rc == -EINVAL || !p2m_guest_set(d, gfn, INVALID_MFN, 1UL << order, p2m_invalid) )
        free_domheap_pages(pg, order);
    return rc;
}

/* ------------------------------------------------------ context switch */

void p2m_save_state(struct vcpu *v)
{
    WRITE_SYSREG(p2m_cfg.empty_vttbr, VTTBR_EL2);
    isb();
}

void p2m_restore_state(struct vcpu *v)
{
    struct p2m_domain *p2m = &v->domain->arch.p2m;
    unsigned int cpu = smp_processor_id();

    if ( is_idle_vcpu(v) )
        return;
    WRITE_SYSREG(p2m->vttbr, VTTBR_EL2);
    isb();
    if ( p2m->last_vcpu_ran[cpu] != P2M_INVALID_VCPU &&
         p2m->last_vcpu_ran[cpu] != v->vcpu_id )
        asm volatile("tlbi vmalls12e1\n\tdsb nsh\n\tisb" ::: "memory");
    p2m->last_vcpu_ran[cpu] = v->vcpu_id;
}

/* ----------------------------------------------------------------- dump */

void p2m_dump(const struct domain *d)
{
    const struct p2m_domain *p2m = &d->arch.p2m;

    /* Called from IRQ context: the counters are read without the lock. */
    if ( !p2m->pt.root )
        return;
    printk("    p2m: VMID %u, %lu RAM pages; %lu x 1G, %lu x 2M, %lu x 4K mappings; "
           "%lu table pages\n", p2m->vmid, ACCESS_ONCE(p2m->nr_ram_pages),
           ACCESS_ONCE(p2m->pt.nr_leaves[1]), ACCESS_ONCE(p2m->pt.nr_leaves[2]),
           ACCESS_ONCE(p2m->pt.nr_leaves[3]),
           ACCESS_ONCE(p2m->pt.nr_tables) + (1UL << p2m_cfg.root_order));
}
