/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copies to and from guest memory (xenith/guest_access.h).
 *
 * A guest virtual address is translated by the guest's own stage 1 with
 * AT S1E1R/S1E1W, which checks its EL1 permissions and walks its tables
 * through stage 2, giving the IPA; the page there is then looked up in the
 * p2m, which gives its type (only the domain's RAM may be copied) and its
 * frame.  The p2m read lock is held from that lookup to the end of the
 * page's copy, so the page cannot be unmapped, and freed, under the copy.
 *
 * Most copies take a shorter way first (copy_gva_page_fast()): AT
 * S12E1R/W gives the frame directly, and the frame's owner tells the
 * domain's RAM from everything else.
 */
#include <xenith/errno.h>
#include <xenith/guest_access.h>
#include <xenith/lib.h>
#include <xenith/mm.h>
#include <xenith/sched.h>
#include <asm/cache.h>
#include <asm/p2m.h>
#include <asm/sysregs.h>

enum copy_dir {
    COPY_FROM,                  /* guest -> hypervisor */
    COPY_TO,                    /* hypervisor -> guest */
    COPY_TO_CLEAN,              /* the same, cleaned to the point of coherency */
    COPY_CLEAR,                 /* zeroes -> guest */
};

/*
 * Where the current vCPU's translation takes @gva for a read or a write at
 * EL1: its stage 1 only (the IPA), or @both stages (the physical address,
 * with stage 2's permissions checked too).  -EFAULT if either faults.  The
 * guest's PAR_EL1, which AT overwrites, is put back.
 */
static int gva_translate(vaddr_t gva, bool write, bool both, paddr_t *addr)
{
    uint64_t par;

    if ( both && write )
        par = AT_TRANSLATE("s12e1w", gva);
    else if ( both )
        par = AT_TRANSLATE("s12e1r", gva);
    else if ( write )
        par = AT_TRANSLATE("s1e1w", gva);
    else
        par = AT_TRANSLATE("s1e1r", gva);

    if ( par & PAR_F )
        return -EFAULT;
    *addr = (par & PAR_PA_MASK) | (gva & (PAGE_SIZE - 1));
    return 0;
}

/*
 * memcpy() for the small arguments most hypercalls pass (a port, a
 * handle): a fixed size compiles to one load and one store, no call
 * (EL2 runs with alignment checks off: a guest's unaligned pointer is fine).
 */
static inline void copy_bytes(void *dst, const void *src, size_t n)
{
    if ( n == sizeof(uint32_t) )
        __builtin_memcpy(dst, src, sizeof(uint32_t));
    else if ( n == sizeof(uint64_t) )
        __builtin_memcpy(dst, src, sizeof(uint64_t));
    else
        memcpy(dst, src, n);
}

/* Copy @n bytes at @va, the hypervisor's mapping of guest RAM. */
static inline __attribute__((always_inline)) void
copy_va(char *va, void *buf, size_t n, enum copy_dir dir)
{
    if ( dir == COPY_FROM )
        copy_bytes(buf, va, n);
    else if ( dir == COPY_CLEAR )
        memset(va, 0, n);
    else
        copy_bytes(va, buf, n);
    if ( dir == COPY_TO_CLEAN )
        clean_dcache_va_range(va, n);
}

/* Copy @n bytes at @gpa of @d, all within one page. */
static int copy_gpa_page(struct domain *d, paddr_t gpa, void *buf, size_t n,
                         enum copy_dir dir)
{
    p2m_type_t t;
    mfn_t mfn;
    int rc = 0;

    p2m_read_lock(d);
    mfn = p2m_lookup_locked(d, _gfn(gpa >> PAGE_SHIFT), &t);
    if ( t != p2m_ram_rw && !(t == p2m_ram_ro && dir == COPY_FROM) )
        rc = -EFAULT;
    else
        copy_va((char *)mfn_to_virt(mfn) + (gpa & (PAGE_SIZE - 1)), buf, n, dir);
    p2m_read_unlock(d);
    return rc;
}

/*
 * Copy @n bytes at @gva of @d (the current vCPU's), all within one page,
 * in one translation: AT S12E1R/W walks both stages with both stages'
 * permissions (a write needs a writable page at stage 2, so not
 * p2m_ram_ro), and a page of the domain heap @d owns, mapped in its own
 * stage 2, is its RAM: xenheap pages (shared_info, grant frames) have no
 * owner, pages it maps by grant or foreign mapping are another domain's,
 * MMIO has no frame.  False, nothing done, for anything else, and for RAM
 * not zeroed yet (its stage-2 access flag is clear, AT faults): the
 * two-step path decides.  The p2m read lock keeps the page, as there.
 * Inlined where it is used (as copy_va()): for a hypercall's small
 * argument a call and its frame cost as much as the rest.
 */
static inline __attribute__((always_inline)) bool
copy_gva_page_fast(struct domain *d, vaddr_t gva, void *buf, size_t n, enum copy_dir dir)
{
    const struct page_info *pg = NULL;
    paddr_t pa;

    p2m_read_lock(d);
    if ( !gva_translate(gva, dir != COPY_FROM, true, &pa) && mfn_valid(maddr_to_mfn(pa)) )
        pg = mfn_to_page(maddr_to_mfn(pa));
    if ( pg && page_state_is(pg, inuse) && !(pg->count_info & PGC_xen_heap) &&
         page_get_owner(pg) == d )
        copy_va(maddr_to_virt(pa), buf, n, dir);
    else
        pg = NULL;
    p2m_read_unlock(d);
    return pg;
}

/* Split [addr, addr + len) at page boundaries; guest-virtual if @virt. */
static int copy_guest(struct domain *d, uint64_t addr, void *buf, size_t len,
                      enum copy_dir dir, bool virt)
{
    if ( addr + len < addr )
        return -EFAULT;
    while ( len )
    {
        size_t n = min(len, PAGE_SIZE - (addr & (PAGE_SIZE - 1)));
        paddr_t gpa = addr;
        int rc = 0;

        if ( !virt || !copy_gva_page_fast(d, addr, buf, n, dir) )
        {
            if ( virt )
                rc = gva_translate(addr, dir != COPY_FROM, false, &gpa);
            if ( !rc )
                rc = copy_gpa_page(d, gpa, buf, n, dir);
            if ( rc )
                return rc;
        }
        addr += n;
        len -= n;
        if ( buf )
            buf = (char *)buf + n;
    }
    if ( dir == COPY_TO_CLEAN )
        asm volatile("dsb sy" ::: "memory");
    return 0;
}

/*
 * Guest-virtual: most arguments lie within one page of the domain's RAM,
 * so that page is tried here first, without copy_guest()'s loop (an event
 * channel send costs 33 instructions more without it).  A miss (RAM not
 * zeroed yet, a read-only page: rare) tries it once more there.
 */
static int copy_virt(vaddr_t gva, void *buf, size_t len, enum copy_dir dir)
{
    struct domain *d = current->domain;

    if ( len <= PAGE_SIZE - (gva & (PAGE_SIZE - 1)) &&
         copy_gva_page_fast(d, gva, buf, len, dir) )
        return 0;
    return copy_guest(d, gva, buf, len, dir, true);
}

int copy_from_guest(void *dst, vaddr_t gva, size_t len)
{
    return copy_virt(gva, dst, len, COPY_FROM);
}

int copy_to_guest(vaddr_t gva, const void *src, size_t len)
{
    return copy_virt(gva, (void *)src, len, COPY_TO);
}

int clear_guest(vaddr_t gva, size_t len)
{
    return copy_virt(gva, NULL, len, COPY_CLEAR);
}

int copy_from_guest_phys(struct domain *d, void *dst, paddr_t gpa, size_t len)
{
    return copy_guest(d, gpa, dst, len, COPY_FROM, false);
}

int copy_to_guest_phys(struct domain *d, paddr_t gpa, const void *src, size_t len)
{
    return copy_guest(d, gpa, (void *)src, len, COPY_TO_CLEAN, false);
}
