/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The memory side of grant tables (xenith/grant_table.h): table frames,
 * stage-2 mappings of granted pages, page references and cache
 * maintenance.  Kept apart from grant_table.c so that the host unit test
 * can replace it with fakes.
 */
#include <xenith/grant_table.h>
#include <xenith/errno.h>
#include <xenith/lib.h>
#include <xenith/mm.h>
#include <xenith/page_alloc.h>
#include <xenith/sched.h>
#include <asm/cache.h>
#include <asm/p2m.h>
#include <string.h>

void *gnttab_frame_alloc(mfn_t *mfn)
{
    void *va = alloc_xenheap_pages(0, 0);

    if ( !va )
        return NULL;
    memset(va, 0, PAGE_SIZE);
    *mfn = virt_to_mfn(va);
    return va;
}

void gnttab_frame_free(void *va)
{
    free_xenheap_pages(va, 0);
}

/* Whatever the mapper had at @gfn is released as for any guest change. */
int gnttab_p2m_map(struct domain *d, gfn_t gfn, mfn_t mfn, bool readonly)
{
    return p2m_guest_set(d, gfn, mfn, 1, readonly ? p2m_grant_map_ro : p2m_grant_map_rw);
}

/*
 * Only a grant mapping: the guest may have put something else at @gfn
 * since (XENMEM_add_to_physmap, populate_physmap), which stays.
 */
int gnttab_p2m_unmap(struct domain *d, gfn_t gfn)
{
    return p2m_remove_if(d, gfn, INVALID_MFN, P2M_GRANT_TYPES);
}

int gnttab_gfn_to_mfn(struct domain *d, gfn_t gfn, bool write, mfn_t *mfn)
{
    p2m_type_t t;

    *mfn = p2m_lookup(d, gfn, &t);
    if ( t == p2m_ram_rw || (!write && t == p2m_ram_ro) )
        return 0;
    return -EINVAL;
}

/*
 * A reference (get_page()): a page its domain frees while granted stays
 * allocated until the last mapping of it goes.
 */
bool gnttab_page_get(mfn_t mfn, const struct domain *owner)
{
    return mfn_valid(mfn) && get_page(mfn_to_page(mfn), owner);
}

void gnttab_page_put(mfn_t mfn)
{
    put_page(mfn_to_page(mfn));
}

void *gnttab_mfn_va(mfn_t mfn)
{
    return mfn_to_virt(mfn);
}

/* Through the hypervisor's mapping, which is cacheable like the guest's. */
void gnttab_cache_maint(mfn_t mfn, unsigned int off, unsigned int len,
                        unsigned int ops)
{
    unsigned long line = dcache_line_bytes();
    const char *va = (const char *)mfn_to_virt(mfn) + off;
    const char *p = (const char *)((vaddr_t)va & ~(line - 1));

    if ( !ops )
        return;
    for ( ; p < va + len; p += line )
    {
        if ( ops == (GNTTAB_CACHE_CLEAN | GNTTAB_CACHE_INVAL) )
            asm volatile("dc civac, %0" :: "r" (p) : "memory");
        else if ( ops == GNTTAB_CACHE_INVAL )
            asm volatile("dc ivac, %0" :: "r" (p) : "memory");
        else
            asm volatile("dc cvac, %0" :: "r" (p) : "memory");
    }
    asm volatile("dsb sy" ::: "memory");
}
