/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Grant tables, version 1 (public/grant_table.h).  Each domain has a table
 * of grant_entry_v1 in shared frames it maps into its own memory
 * (XENMEM_add_to_physmap with XENMAPSPACE_grant_table), through which it
 * lets other domains map or copy its pages.  Each mapping domain keeps a
 * maptrack: the mappings it holds, by handle.
 *
 * Invariant: every live mapping is in the mapper's maptrack, pins the
 * granter's active entry (GTF_reading / GTF_writing set) and holds a
 * reference on the granted page and on the granter (struct domain).
 * grant_table_release() ends them all when a domain is destroyed.
 */
#ifndef XENITH_GRANT_TABLE_H
#define XENITH_GRANT_TABLE_H

#include <xenith/types.h>
#include <public/xen.h>
#include <public/grant_table.h>

struct domain;

#define GNTTAB_DEFAULT_MAX_FRAMES   64
#define GNTTAB_ENTRIES_PER_FRAME    (PAGE_SIZE / sizeof(grant_entry_v1_t))
#define GNTTAB_MAX_MAPTRACK         (1u << 16)  /* handles per mapping domain */
#define GNTTAB_NO_GFN               (~0UL)      /* frame not in the guest's map */
/* Xen's split of the hypercall's command: the op, and above it a cache
 * flush's continuation state (any other op with those bits: -EINVAL). */
#define GNTTABOP_CMD_MASK           0xfffu

/* gnttab_max_frames= (Xen's option, default 64): no table grows past it. */
extern unsigned int opt_gnttab_max_frames;

/*
 * Set up @d's table with one frame, growing up to @max_frames (0: the
 * gnttab_max_frames option; more than it: -EINVAL, said naming @d).
 */
int grant_table_init(struct domain *d, unsigned int max_frames);
/*
 * Domain destruction (domain_destroy(), @d paused and dying): end every
 * mapping @d holds and every mapping others hold of @d's pages.  The
 * table stays for the operations still holding @d.
 */
void grant_table_release(struct domain *d);
/* The last put_domain() of @d (or a failed creation): free its table. */
void grant_table_teardown(struct domain *d);

/*
 * Frame @idx of @d's table in *@mfn, growing the table to @idx + 1 frames
 * if needed (for XENMAPSPACE_grant_table): 0, -EINVAL past the limit or
 * -ENOMEM.  gnttab_set_frame_gfn() records where the guest mapped it
 * (GNTTAB_NO_GFN: unmapped), which setup_table reports.
 */
int gnttab_get_frame(struct domain *d, unsigned long idx, mfn_t *mfn);
void gnttab_set_frame_gfn(struct domain *d, unsigned long idx, gfn_t gfn);

/* GNTTABOP_* for the current vCPU's domain (hypercall 20). */
long do_grant_table_op(unsigned int cmd, uint64_t uop, unsigned int count);

/* One operation of the caller @ld; each fills in the op's status. */
void gnttab_setup_table(struct domain *ld, struct gnttab_setup_table *op,
                        xen_pfn_t *frames);
void gnttab_query_size(struct domain *ld, struct gnttab_query_size *op);
void gnttab_map(struct domain *ld, struct gnttab_map_grant_ref *op);
void gnttab_unmap(struct domain *ld, struct gnttab_unmap_grant_ref *op);
void gnttab_copy(struct domain *ld, struct gnttab_copy *op);
int gnttab_cache_flush(struct domain *ld, const struct gnttab_cache_flush *op);

/*
 * Memory glue (hypervisor/common/grant_table_mm.c; faked by the host
 * test).  Frames: zeroed xenheap pages.  Pages: a reference (with its
 * owner checked) keeps a granted page from being freed under a mapping.
 */
void *gnttab_frame_alloc(mfn_t *mfn);
void gnttab_frame_free(void *va);
int gnttab_p2m_map(struct domain *d, gfn_t gfn, mfn_t mfn, bool readonly);
int gnttab_p2m_unmap(struct domain *d, gfn_t gfn);
/* The page @d has as RAM at @gfn (writable RAM if @write): 0 or -EINVAL. */
int gnttab_gfn_to_mfn(struct domain *d, gfn_t gfn, bool write, mfn_t *mfn);
bool gnttab_page_get(mfn_t mfn, const struct domain *owner);
void gnttab_page_put(mfn_t mfn);
void *gnttab_mfn_va(mfn_t mfn);
/* GNTTAB_CACHE_* on [@off, @off + @len) of @mfn. */
void gnttab_cache_maint(mfn_t mfn, unsigned int off, unsigned int len,
                        unsigned int ops);

#endif /* XENITH_GRANT_TABLE_H */
