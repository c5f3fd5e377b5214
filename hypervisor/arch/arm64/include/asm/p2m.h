/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Stage-2 translation of a domain (p2m.c): guest frame (gfn) -> machine
 * frame (mfn), with a type kept in the entry's software bits.
 *
 * Lock order: d->domain_lock -> d->arch.p2m.lock -> d->arch.p2m.zero_lock ->
 * orphan_lock -> d->page_alloc_lock -> heap_lock (table pages are allocated, and at
 * teardown the domain's pages freed and foreign references dropped, with
 * the p2m lock held; page_alloc.c has orphan_lock).
 */
#ifndef ASM_P2M_H
#define ASM_P2M_H

#include <xenith/rwlock.h>
#include <xenith/types.h>
#include <asm/config.h>
#include <asm/p2m-pt.h>

struct domain;
struct vcpu;

#define INVALID_MFN         _mfn(~0UL)

/* What a gfn maps; stored in bits 58:55 of the entry (0 is never stored). */
typedef enum {
    p2m_invalid = 0,            /* nothing mapped */
    p2m_ram_rw,                 /* the domain's own RAM */
    p2m_ram_ro,                 /* the domain's own RAM, read-only to it */
    p2m_mmio_direct_dev,        /* device MMIO: Device-nGnRE, never executable */
    p2m_grant_map_rw,           /* another domain's page, granted to this one */
    p2m_grant_map_ro,
    p2m_map_foreign_rw,         /* another domain's page, mapped by privilege */
    p2m_map_foreign_ro,
    /*
     * A hypervisor (xenheap) page shared with the domain: shared_info, a
     * grant-table frame.  Mapped like RAM, never freed with the domain;
     * the page remembers its gfn (page_get_xenheap_gfn()).
     */
    p2m_xenheap_rw,
    p2m_max_type
} p2m_type_t;

/* Types whose pages the domain owns: freed by p2m_teardown(). */
static inline bool p2m_is_ram(p2m_type_t t)
{
    return t == p2m_ram_rw || t == p2m_ram_ro;
}

#define P2M_INVALID_VCPU    0xffffU

struct p2m_domain {
    /*
     * Protects the tables (pt) and the counters; writers change the
     * tables, readers translate.  Never taken in IRQ context.
     */
    rwlock_t lock;
    /*
     * Odd while a writer holds lock, even otherwise: bumped when it takes
     * it and after its last change and TLB flush, when it leaves.  Lets
     * the hardware walk the tables without the lock (a translation fault's
     * race check): an even count read before and unchanged after the walk
     * means that no writer was inside meanwhile.
     */
    unsigned long seq;
    struct p2m_pt pt;
    /*
     * Taken inside lock (read or write) to zero RAM on its first use and
     * set its entries' access flag (p2m.c, p2m_populate_ram()).
     */
    spinlock_t zero_lock;
    uint64_t vttbr;             /* VTTBR_EL2: VMID and root */
    uint16_t vmid;
    unsigned long nr_ram_pages; /* own RAM pages mapped (p2m_ram_*) */
    unsigned long max_mapped_gfn;   /* the highest gfn ever mapped, or 0 */
    /* Per pCPU: the vCPU of this domain that ran there last (TLB hygiene). */
    uint16_t last_vcpu_ran[NR_CPUS];
};

/*
 * Per pCPU, with the MMU on and the page allocator up: VTCR_EL2 (IPA
 * size from ID_AA64MMFR0_EL1.PARange, at most 48 bits) and the VMID width
 * (ID_AA64MMFR1_EL1.VMIDBits).  The boot CPU's call chooses for everyone
 * and prints the "P2M:" lines; a secondary that cannot use the same
 * settings gets -EOPNOTSUPP and must stay offline.  The boot CPU calls it
 * before any domain exists, each secondary in its bring-up (lead, cpu).
 */
int p2m_init_cpu(void);

/* IPA bits every domain gets (40 or more on the machines we run on). */
unsigned int p2m_ipa_bits(void);

/* Tables and a VMID for @d: 0, -ENOMEM, or -EBUSY when VMIDs run out. */
int p2m_domain_init(struct domain *d);
/*
 * With no vCPU of @d running anywhere: flush its VMID, free the pages of
 * every RAM mapping (free_domheap_pages() at the size of each mapping:
 * naturally aligned parts of the allocations), the tables and the VMID.
 * Safe on a domain whose p2m_domain_init() failed or never ran.
 */
void p2m_teardown(struct domain *d);

/*
 * Map [gfn, gfn + nr) to [mfn, mfn + nr) as @t with the largest blocks
 * that fit, replacing what was there (break-before-make, one TLB flush
 * for the whole operation, none if nothing was mapped).  Pages that lose
 * a mapping are not freed: the caller owns them.  0, -EINVAL (outside the
 * IPA or PA space, bad type), -ENOMEM (then part of the range may be
 * mapped, or nothing if a block could not be split).
 */
int p2m_map(struct domain *d, gfn_t gfn, mfn_t mfn, unsigned long nr, p2m_type_t t);
/* Remove every mapping of [gfn, gfn + nr): 0, -EINVAL, -ENOMEM (splitting). */
int p2m_unmap(struct domain *d, gfn_t gfn, unsigned long nr);

/*
 * For what a guest asks (memory_op, grant maps): map [gfn, gfn + nr) to
 * [mfn, mfn + nr) as @t, or remove every mapping there when @t is
 * p2m_invalid (@mfn ignored), releasing what is replaced as Xen 4.17 on
 * Arm does: a foreign mapping drops its page reference, a shared xenheap
 * page forgets its gfn, the domain's own RAM stays allocated to it (freed
 * with the domain, or by decrease_reservation of its new gfn), a grant
 * mapping stays the grant table's to end.  One TLB flush (more only for
 * ranges holding many foreign or xenheap pages).  0, -EINVAL, -ENOMEM.
 */
int p2m_guest_set(struct domain *d, gfn_t gfn, mfn_t mfn, unsigned long nr, p2m_type_t t);
/*
 * Map the xenheap page @mfn at @gfn as p2m_xenheap_rw (shared_info, grant
 * frames): -EBUSY if it is mapped somewhere already (Xen 4.17: unmap it
 * first), else as p2m_guest_set().
 */
int p2m_map_xenheap(struct domain *d, gfn_t gfn, mfn_t mfn);
/*
 * Remove the mapping at @gfn if its type is one of @types (a mask of
 * 1 << p2m_type_t) and, unless @mfn is INVALID_MFN, it maps @mfn; release
 * it as p2m_guest_set() does.  0, -ENOENT (nothing such mapped), -ENOMEM.
 */
int p2m_remove_if(struct domain *d, gfn_t gfn, mfn_t mfn, unsigned int types);
#define P2M_TYPE_MASK(t)    (1U << (t))
#define P2M_RAM_TYPES       (P2M_TYPE_MASK(p2m_ram_rw) | P2M_TYPE_MASK(p2m_ram_ro))
#define P2M_FOREIGN_TYPES   (P2M_TYPE_MASK(p2m_map_foreign_rw) | \
                             P2M_TYPE_MASK(p2m_map_foreign_ro))
#define P2M_GRANT_TYPES     (P2M_TYPE_MASK(p2m_grant_map_rw) | \
                             P2M_TYPE_MASK(p2m_grant_map_ro))

/* XENMEM_maximum_gpfn: the highest gfn @d ever had mapped (0 if none). */
unsigned long p2m_max_mapped_gfn(const struct domain *d);

/*
 * Give @d zeroed RAM at [gfn, gfn + nr): domheap pages in the largest
 * orders that fit (1 GiB, 2 MiB, 4 KiB), mapped as p2m_ram_rw.  Each block
 * is zeroed and cleaned to the point of coherency (the guest starts with
 * its caches off) on its first use, by the guest or through p2m_lookup():
 * nobody ever sees what the frames held before.  0, -EINVAL, or -ENOMEM
 * (what was mapped stays, and is freed by p2m_teardown()).
 */
int p2m_populate_ram(struct domain *d, gfn_t gfn, unsigned long nr);

/*
 * populate_physmap: map the 2^@order pages at @pg, which @d just
 * allocated, at [gfn, gfn + 2^order) as p2m_ram_rw, zeroed and cleaned
 * to the point of coherency first, replacing what was there as
 * p2m_guest_set() does.  0, or -errno and the pages are freed (kept by
 * @d, if they could not be unmapped again).
 */
int p2m_add_ram(struct domain *d, gfn_t gfn, struct page_info *pg, unsigned int order);

/*
 * The mfn @gfn maps and its type (*t = p2m_invalid and INVALID_MFN if
 * none).  The answer can be stale as soon as the lock is dropped: to use
 * the page, hold p2m_read_lock() around lookup and use.
 *
 * A stage-2 abort on a gfn that p2m_lookup() finds mapped raced with a
 * change of the tables (break-before-make), or was the first access to
 * RAM not yet zeroed (an Access flag fault; the look-up zeroed it): return
 * to the guest and let it retry rather than inject a fault.
 */
mfn_t p2m_lookup(struct domain *d, gfn_t gfn, p2m_type_t *t);
mfn_t p2m_lookup_locked(struct domain *d, gfn_t gfn, p2m_type_t *t);

/*
 * A stage-2 translation fault of the current vCPU (of domain @d) on @gfn:
 * whether @gfn has a valid entry now (a pending RAM block counts), i.e.
 * the fault raced with a change of the tables and the guest must retry.
 * @va is the faulting virtual address if @va_valid (FAR_EL2 valid and the
 * fault not on the stage-1 walk): the hardware re-translates it, the p2m
 * lock not taken; otherwise, or if that is not conclusive, the tables are
 * walked under the lock.  Stale as soon as it returns.
 */
bool p2m_translation_fault_raced(struct domain *d, gfn_t gfn, vaddr_t va, bool va_valid);
/*
 * Whether @gfn has a valid entry in @d's p2m, a pending RAM block
 * included (not zeroed here, unlike p2m_lookup()).  Stale as soon as it
 * returns.
 */
bool p2m_gfn_mapped(struct domain *d, gfn_t gfn);
void p2m_read_lock(struct domain *d);
void p2m_read_unlock(struct domain *d);

/*
 * The page @d has as RAM at @gfn (writable RAM if @writable), with a
 * reference (put_page() when done); NULL if there is none.  A foreign
 * mapping counts as RAM, referenced on behalf of the page's owner, as on
 * Xen; grant mappings do not.
 */
struct page_info *get_page_from_gfn(struct domain *d, gfn_t gfn, bool writable);

/*
 * Context switch, on the pCPU, IRQs masked: p2m_save_state(prev) leaves
 * VTTBR_EL2 on empty tables (VMID 0), p2m_restore_state(next) loads next's
 * (nothing for the idle vCPU) and flushes this pCPU's TLB for the domain
 * if another of its vCPUs ran here last (they share a VMID, and their
 * stage-1 entries could be mistaken for each other's).
 */
void p2m_save_state(struct vcpu *v);
void p2m_restore_state(struct vcpu *v);

/* One line for the 'q' key: VMID, RAM pages, mappings by size, tables. */
void p2m_dump(const struct domain *d);

#endif /* ASM_P2M_H */
