/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * @file tests/memory-op-physmap/main.c
 * memory_op's physmap calls on a dom0less domU: XENMEM_add_to_physmap,
 * add_to_physmap_batch and remove_from_physmap.
 * - shared_info mapped at GUEST_MAGIC_BASE reads as Xen 4.17 fills it on
 *   Arm (all zero but wc_version 2: the wallclock, 0 with no dom0, was
 *   published once); one gfn at a time (-EBUSY until it is removed), then
 *   movable; mapped over a RAM page, which stays the domain's (the count
 *   does not drop) and comes back only through decrease/populate;
 * - grant-table frames at GUEST_GNTTAB_BASE: the table grows to the frame
 *   asked for (query_size, setup_table's gfns), up to 64 frames; the index
 *   is cut to 32 bits as Xen does; status frames are v2's (-EINVAL);
 * - batches: per-page results in errs[], foreign frames refused to a domU
 *   with Xen's errno for each kind of domid, 300 pages in one call (maybe
 *   restarted), the call's own errors;
 * - refusals: spaces Arm has not (gmfn, gmfn_range: -ENOSYS), dev_mmio
 *   (-EACCES), bad pointers, restart positions, overflows, d2 (-EPERM)
 *   and absent domains (-ESRCH); remove_from_physmap of holes (-ENOENT).
 * d2 only exists for the foreign-domain checks: it succeeds and waits.
 */
#include <xtf.h>
#include <public/memory.h>
#include <public/grant_table.h>

const char test_title[] = "memory_op: add_to_physmap, batch, remove_from_physmap";

#define RAM_BASE        0x40000000UL
#define RAM_PAGES       (64UL << 8)             /* 64 MiB (test.cfg) */
#define SHINFO_GFN      0x39000UL               /* GUEST_MAGIC_BASE */
#define GNTTAB_GFN      0x38000UL               /* GUEST_GNTTAB_BASE */
#define RAM_GFN         ((RAM_BASE >> 12) + (40UL << 8))    /* RAM + 40 MiB */
#define GICD_GFN        (0x03001000UL >> 12)    /* GUEST_GICD_BASE: emulated */
#define FAR_GFN         (1UL << 40)             /* beyond every IPA size */
#define MAX_FRAMES      64                      /* Xen's default max_grant_frames */
#define NEIGHBOUR       2
#define ABSENT          100
#define BAD_VA          0x1000UL
#define EXTENT_SHIFT    6
#define BIG_BATCH       300
#define INVALID_GFN     (~0UL)

static long memop(unsigned long cmd, const void *arg)
{
    return xtf_hypercall(__HYPERVISOR_memory_op, cmd, (unsigned long)arg, 0, 0, 0);
}

static void check(const char *what, long got, long want)
{
    if ( got != want )
        xtf_failure("%s: %ld, expected %ld", what, got, want);
}

static long add_cmd(unsigned long cmd, domid_t dom, unsigned int space, unsigned long idx,
                    unsigned long gfn, uint16_t size)
{
    struct xen_add_to_physmap x = {
        .domid = dom, .size = size, .space = space, .idx = idx, .gpfn = gfn,
    };

    return memop(cmd, &x);
}

static long add(unsigned int space, unsigned long idx, unsigned long gfn)
{
    return add_cmd(XENMEM_add_to_physmap, DOMID_SELF, space, idx, gfn, 0);
}

static long remove_gfn(domid_t dom, unsigned long gfn)
{
    struct xen_remove_from_physmap x = { .domid = dom, .gpfn = gfn };

    return memop(XENMEM_remove_from_physmap, &x);
}

static long current_pages(void)
{
    struct xen_memory_domain md = { .domid = DOMID_SELF };

    return memop(XENMEM_current_reservation, &md);
}

static long resv(unsigned int op, unsigned long gfn)
{
    xen_pfn_t l[1] = { gfn };
    struct xen_memory_reservation r = { .nr_extents = 1, .domid = DOMID_SELF };

    set_xen_guest_handle(r.extent_start, l);
    return memop(op, &r);
}

static bool gfn_faults(unsigned long gfn)
{
    uint64_t pa = gfn << 12;
    bool fault;

    xtf_exlog_access(pa, false);
    fault = xtf_exlog_count() == 1 && xtf_exlog_entry(0)->far == pa;
    xtf_exlog_stop();
    return fault;
}

static long grant_op(unsigned int cmd, void *arg)
{
    return xtf_hypercall(__HYPERVISOR_grant_table_op, cmd, (unsigned long)arg, 1, 0, 0);
}

/* shared_info as Xen 4.17 gives it to a dom0less domU. */
static void check_shared_info(unsigned long gfn)
{
    const volatile struct shared_info *s = (const volatile struct shared_info *)(gfn << 12);
    const volatile uint8_t *b = (const volatile uint8_t *)s;
    size_t wc = offsetof(struct shared_info, wc_version);

    check("shared_info wc_version", s->wc_version, 2);
    check("shared_info wc_sec", s->wc_sec, 0);
    check("shared_info wc_nsec", s->wc_nsec, 0);
    for ( size_t i = 0; i < sizeof(*s); i++ )
        if ( (i < wc || i >= wc + 4) && b[i] )
        {
            xtf_failure("shared_info byte %#lx is %#x, expected 0", (unsigned long)i, b[i]);
            break;
        }
}

static void test_shared_info(void)
{
    check("map shared_info", add(XENMAPSPACE_shared_info, 0, SHINFO_GFN), 0);
    if ( xtf_map(SHINFO_GFN << 12, 2 * 4096, XTF_MEM_NORMAL) )
        return xtf_error("stage-1 mapping of shared_info");
    check_shared_info(SHINFO_GFN);
    check("map it again there", add(XENMAPSPACE_shared_info, 0, SHINFO_GFN), -XEN_EBUSY);
    check("map it again elsewhere", add(XENMAPSPACE_shared_info, 0, SHINFO_GFN + 1), -XEN_EBUSY);
    check("shared_info idx 1", add(XENMAPSPACE_shared_info, 1, SHINFO_GFN + 1), -XEN_EINVAL);
    check("shared_info at INVALID_GFN", add(XENMAPSPACE_shared_info, 0, INVALID_GFN), -XEN_EINVAL);

    /* Moved: removed first, then mapped at the next gfn. */
    check("remove shared_info", remove_gfn(DOMID_SELF, SHINFO_GFN), 0);
    if ( !gfn_faults(SHINFO_GFN) )
        xtf_failure("shared_info still mapped after remove_from_physmap");
    check("remove it twice", remove_gfn(DOMID_SELF, SHINFO_GFN), -XEN_ENOENT);
    check("map shared_info at +1", add(XENMAPSPACE_shared_info, 0, SHINFO_GFN + 1), 0);
    check_shared_info(SHINFO_GFN + 1);
    check("remove it at +1", remove_gfn(DOMID_SELF, SHINFO_GFN + 1), 0);
    check("shared_info far away", add(XENMAPSPACE_shared_info, 0, FAR_GFN), -XEN_EINVAL);
}

/* Over a RAM page: the page stays allocated to the domain, unmapped. */
static void test_shared_info_over_ram(void)
{
    volatile uint32_t *ram = (volatile uint32_t *)(RAM_GFN << 12);

    ram[0] = 0xdeadbeef;
    check("map shared_info over RAM", add(XENMAPSPACE_shared_info, 0, RAM_GFN), 0);
    check("RAM gfn shows shared_info", ram[offsetof(struct shared_info, wc_version) / 4], 2);
    check("current with RAM replaced", current_pages(), RAM_PAGES);
    check("remove shared_info from the RAM gfn", remove_gfn(DOMID_SELF, RAM_GFN), 0);
    if ( !gfn_faults(RAM_GFN) )
        xtf_failure("RAM gfn still mapped after removing shared_info");
    check("populate: the old page is still counted", resv(XENMEM_populate_physmap, RAM_GFN), 0);
    check("decrease another page", resv(XENMEM_decrease_reservation, RAM_GFN + 1), 1);
    check("populate the RAM gfn", resv(XENMEM_populate_physmap, RAM_GFN), 1);
    check("current after that", current_pages(), RAM_PAGES);
    ram[0] = 1;

    /* remove_from_physmap of RAM: unmapped, still counted. */
    check("remove a RAM gfn", remove_gfn(DOMID_SELF, RAM_GFN), 0);
    check("current after removing RAM", current_pages(), RAM_PAGES);
    if ( !gfn_faults(RAM_GFN) )
        xtf_failure("RAM gfn still mapped after remove_from_physmap");
    check("decrease the removed gfn", resv(XENMEM_decrease_reservation, RAM_GFN), 0);
    check("map shared_info back", add(XENMAPSPACE_shared_info, 0, SHINFO_GFN), 0);
}

static void check_query_size(const char *what, uint32_t nr)
{
    struct gnttab_query_size q = { .dom = DOMID_SELF };

    check(what, grant_op(GNTTABOP_query_size, &q), 0);
    check("query_size status", q.status, GNTST_okay);
    check(what, q.nr_frames, nr);
    check("max_nr_frames", q.max_nr_frames, MAX_FRAMES);
}

static void test_grant_frames(void)
{
    xen_pfn_t frames[2] = { 0, 0 };
    struct gnttab_setup_table st = { .dom = DOMID_SELF, .nr_frames = 2 };
    const volatile uint64_t *f = (const volatile uint64_t *)(GNTTAB_GFN << 12);

    check("map grant frame 0", add(XENMAPSPACE_grant_table, 0, GNTTAB_GFN), 0);
    check("map grant frame 1", add(XENMAPSPACE_grant_table, 1, GNTTAB_GFN + 1), 0);
    check_query_size("nr_frames after mapping 2", 2);
    set_xen_guest_handle(st.frame_list, frames);
    check("setup_table", grant_op(GNTTABOP_setup_table, &st), 0);
    check("setup_table status", st.status, GNTST_okay);
    check("setup_table gfn 0", frames[0], GNTTAB_GFN);
    check("setup_table gfn 1", frames[1], GNTTAB_GFN + 1);
    if ( xtf_map(GNTTAB_GFN << 12, MAX_FRAMES * 4096UL, XTF_MEM_NORMAL) )
        return xtf_error("stage-1 mapping of the grant table");
    for ( unsigned int i = 0; i < 2 * 512; i++ )
        if ( f[i] )
            return xtf_failure("grant table word %u is %#lx", i, f[i]);

    check("frame 1 again", add(XENMAPSPACE_grant_table, 1, GNTTAB_GFN + 2), -XEN_EBUSY);
    check("frame 2^32 (frame 0)", add(XENMAPSPACE_grant_table, 1UL << 32, GNTTAB_GFN + 2),
          -XEN_EBUSY);
    check("frame 64", add(XENMAPSPACE_grant_table, MAX_FRAMES, GNTTAB_GFN + 2), -XEN_EINVAL);
    check("status frame 0", add(XENMAPSPACE_grant_table, XENMAPIDX_grant_table_status,
                                GNTTAB_GFN + 2), -XEN_EINVAL);
    check_query_size("nr_frames after refusals", 2);
    check("map grant frame 63", add(XENMAPSPACE_grant_table, 63, GNTTAB_GFN + 63), 0);
    check_query_size("nr_frames after frame 63", MAX_FRAMES);
    check("remove grant frame 63", remove_gfn(DOMID_SELF, GNTTAB_GFN + 63), 0);
    if ( !gfn_faults(GNTTAB_GFN + 63) )
        xtf_failure("grant frame 63 still mapped after remove_from_physmap");
    check("map grant frame 63 again", add(XENMAPSPACE_grant_table, 63, GNTTAB_GFN + 63), 0);
}

static void test_add_refused(void)
{
    check("gmfn", add(XENMAPSPACE_gmfn, RAM_GFN + 2, RAM_GFN + 3), -XEN_ENOSYS);
    check("gmfn_range of 0", add_cmd(XENMEM_add_to_physmap, DOMID_SELF, XENMAPSPACE_gmfn_range,
                                     RAM_GFN + 2, RAM_GFN + 3, 0), 0);
    check("gmfn_range of 1", add_cmd(XENMEM_add_to_physmap, DOMID_SELF, XENMAPSPACE_gmfn_range,
                                     RAM_GFN + 2, RAM_GFN + 3, 1), -XEN_ENOSYS);
    check("gmfn_range restarted past its size",
          add_cmd(XENMEM_add_to_physmap | (2UL << EXTENT_SHIFT), DOMID_SELF,
                  XENMAPSPACE_gmfn_range, RAM_GFN + 2, RAM_GFN + 3, 1), -XEN_EILSEQ);
    check("gmfn_range restarted at its size",
          add_cmd(XENMEM_add_to_physmap | (1UL << EXTENT_SHIFT), DOMID_SELF,
                  XENMAPSPACE_gmfn_range, RAM_GFN + 2, RAM_GFN + 3, 1), 0);
    check("restart position above 16 bits",
          add_cmd(XENMEM_add_to_physmap | (1UL << (EXTENT_SHIFT + 16)), DOMID_SELF,
                  XENMAPSPACE_shared_info, 0, SHINFO_GFN, 0), -XEN_EDOM);
    check("gmfn_range gfn overflow", add_cmd(XENMEM_add_to_physmap, DOMID_SELF,
                                             XENMAPSPACE_gmfn_range, 0, ~0UL - 1, 5),
          -XEN_EOVERFLOW);
    check("gmfn_range idx overflow", add_cmd(XENMEM_add_to_physmap, DOMID_SELF,
                                             XENMAPSPACE_gmfn_range, ~0UL, 5, 1),
          -XEN_EOVERFLOW);
    check("gmfn_foreign", add(XENMAPSPACE_gmfn_foreign, 0, RAM_GFN + 3), -XEN_ENOSYS);
    check("dev_mmio", add(XENMAPSPACE_dev_mmio, 0x9000, RAM_GFN + 3), -XEN_EACCES);
    check("space 99", add(99, 0, RAM_GFN + 3), -XEN_ENOSYS);
    check("d2", add_cmd(XENMEM_add_to_physmap, NEIGHBOUR, XENMAPSPACE_shared_info, 0,
                        SHINFO_GFN + 2, 0), -XEN_EPERM);
    check("absent domain", add_cmd(XENMEM_add_to_physmap, ABSENT, XENMAPSPACE_shared_info, 0,
                                   SHINFO_GFN + 2, 0), -XEN_ESRCH);
    check("DOMID_XEN", add_cmd(XENMEM_add_to_physmap, DOMID_XEN, XENMAPSPACE_shared_info, 0,
                               SHINFO_GFN + 2, 0), -XEN_ESRCH);
    check("gmfn_foreign of the absent", add_cmd(XENMEM_add_to_physmap, ABSENT,
                                                XENMAPSPACE_gmfn_foreign, 0, 0, 0), -XEN_ENOSYS);
    check("dev_mmio of the absent", add_cmd(XENMEM_add_to_physmap, ABSENT,
                                            XENMAPSPACE_dev_mmio, 0, 0, 0), -XEN_ESRCH);
    check("bad pointer", memop(XENMEM_add_to_physmap, (void *)BAD_VA), -XEN_EFAULT);
    check("current after refusals", current_pages(), RAM_PAGES);
}

static xen_ulong_t idxs[BIG_BATCH];
static xen_pfn_t gpfns[BIG_BATCH];
static int errs[BIG_BATCH];

static long batch_cmd(unsigned long cmd, domid_t dom, unsigned int space, domid_t foreign,
                      unsigned int size)
{
    struct xen_add_to_physmap_batch b = {
        .domid = dom, .space = space, .size = size, .u.foreign_domid = foreign,
    };

    set_xen_guest_handle(b.idxs, idxs);
    set_xen_guest_handle(b.gpfns, gpfns);
    set_xen_guest_handle(b.errs, errs);
    for ( unsigned int i = 0; i < size; i++ )
        errs[i] = 0x5a5a;
    return memop(cmd, &b);
}

static long batch(unsigned int space, domid_t foreign, unsigned int size)
{
    return batch_cmd(XENMEM_add_to_physmap_batch, DOMID_SELF, space, foreign, size);
}

/* One page of another domain: Xen's errno for a domU, by kind of domid. */
static void test_batch_foreign(void)
{
    static const struct { domid_t dom; int err; } cases[] = {
        { NEIGHBOUR, -XEN_EPERM }, { ABSENT, -XEN_ESRCH }, { 1, -XEN_ESRCH },
        { DOMID_SELF, -XEN_EINVAL }, { DOMID_XEN, -XEN_EPERM }, { DOMID_IO, -XEN_EPERM },
    };

    idxs[0] = RAM_BASE >> 12;
    gpfns[0] = RAM_GFN + 8;
    for ( unsigned int i = 0; i < ARRAY_SIZE(cases); i++ )
    {
        check("foreign batch", batch(XENMAPSPACE_gmfn_foreign, cases[i].dom, 1), 0);
        if ( errs[0] != cases[i].err )
            xtf_failure("foreign frame of d%#x: %d, expected %d", cases[i].dom, errs[0],
                        cases[i].err);
    }
    for ( unsigned int i = 0; i < BIG_BATCH; i++ )
    {
        idxs[i] = i;
        gpfns[i] = RAM_GFN + 8 + i;
    }
    check("foreign batch of 300", batch(XENMAPSPACE_gmfn_foreign, ABSENT, BIG_BATCH), 0);
    for ( unsigned int i = 0; i < BIG_BATCH; i++ )
        if ( errs[i] != -XEN_ESRCH )
            return xtf_failure("batch of 300: errs[%u] = %d", i, errs[i]);
}

static void test_batch(void)
{
    check("remove shared_info for the batch", remove_gfn(DOMID_SELF, SHINFO_GFN), 0);
    idxs[0] = 0;
    gpfns[0] = SHINFO_GFN;
    check("batch shared_info", batch(XENMAPSPACE_shared_info, 0, 1), 0);
    check("batch shared_info errs[0]", errs[0], 0);
    check_shared_info(SHINFO_GFN);
    check("batch shared_info again", batch(XENMAPSPACE_shared_info, 0, 1), 0);
    check("batch shared_info again errs[0]", errs[0], -XEN_EBUSY);

    for ( unsigned int i = 0; i < 4; i++ )
    {
        idxs[i] = 2 + i;
        gpfns[i] = GNTTAB_GFN + 2 + i;
    }
    idxs[2] = MAX_FRAMES;
    idxs[3] = 99;
    check("batch grant frames", batch(XENMAPSPACE_grant_table, 0, 4), 0);
    check("errs[0]", errs[0], 0);
    check("errs[1]", errs[1], 0);
    check("errs[2]", errs[2], -XEN_EINVAL);
    check("errs[3]", errs[3], -XEN_EINVAL);
    check("batch gmfn", batch(XENMAPSPACE_gmfn, 0, 1), 0);
    check("batch gmfn errs[0]", errs[0], -XEN_ENOSYS);
    check("batch space 99", batch(99, 0, 1), 0);
    check("batch space 99 errs[0]", errs[0], -XEN_ENOSYS);
    test_batch_foreign();
}

static void test_batch_refused(void)
{
    struct xen_add_to_physmap_batch b = { .domid = DOMID_SELF, .space = XENMAPSPACE_shared_info,
                                          .size = 1 };

    check("batch gmfn_range", batch(XENMAPSPACE_gmfn_range, 0, 1), -XEN_EOPNOTSUPP);
    check("batch of 0", batch(XENMAPSPACE_shared_info, 0, 0), 0);
    check("batch restarted past its size",
          batch_cmd(XENMEM_add_to_physmap_batch | (2UL << EXTENT_SHIFT), DOMID_SELF,
                    XENMAPSPACE_shared_info, 0, 1), -XEN_EILSEQ);
    check("batch restarted at its size",
          batch_cmd(XENMEM_add_to_physmap_batch | (1UL << EXTENT_SHIFT), DOMID_SELF,
                    XENMAPSPACE_shared_info, 0, 1), -XEN_EILSEQ);
    check("batch restart above 16 bits",
          batch_cmd(XENMEM_add_to_physmap_batch | (1UL << (EXTENT_SHIFT + 16)), DOMID_SELF,
                    XENMAPSPACE_shared_info, 0, 1), -XEN_EDOM);
    check("batch dev_mmio", batch(XENMAPSPACE_dev_mmio, 0, 1), -XEN_EACCES);
    check("batch d2", batch_cmd(XENMEM_add_to_physmap_batch, NEIGHBOUR,
                                XENMAPSPACE_shared_info, 0, 1), -XEN_EPERM);
    check("batch absent", batch_cmd(XENMEM_add_to_physmap_batch, ABSENT,
                                    XENMAPSPACE_shared_info, 0, 1), -XEN_ESRCH);
    check("batch bad pointer", memop(XENMEM_add_to_physmap_batch, (void *)BAD_VA), -XEN_EFAULT);
    gpfns[0] = INVALID_GFN;
    check("batch at INVALID_GFN", batch(XENMAPSPACE_shared_info, 0, 1), -XEN_EINVAL);
    set_xen_guest_handle(b.idxs, (xen_ulong_t *)BAD_VA);
    set_xen_guest_handle(b.gpfns, gpfns);
    set_xen_guest_handle(b.errs, errs);
    check("batch bad idxs", memop(XENMEM_add_to_physmap_batch, &b), -XEN_EFAULT);
    idxs[0] = 1;
    gpfns[0] = SHINFO_GFN + 4;
    set_xen_guest_handle(b.idxs, idxs);
    set_xen_guest_handle(b.errs, (int *)BAD_VA);
    check("batch bad errs", memop(XENMEM_add_to_physmap_batch, &b), -XEN_EFAULT);
}

static void test_remove_refused(void)
{
    struct xen_remove_from_physmap x = { .domid = DOMID_SELF, .gpfn = SHINFO_GFN };

    check("remove restarted", memop(XENMEM_remove_from_physmap | (1UL << EXTENT_SHIFT), &x),
          -XEN_EINVAL);
    check("remove bad pointer", memop(XENMEM_remove_from_physmap, (void *)BAD_VA), -XEN_EFAULT);
    check("remove d2's", remove_gfn(NEIGHBOUR, SHINFO_GFN), -XEN_EPERM);
    check("remove the absent's", remove_gfn(ABSENT, SHINFO_GFN), -XEN_ESRCH);
    check("remove a hole", remove_gfn(DOMID_SELF, SHINFO_GFN + 4), -XEN_ENOENT);
    check("remove the GIC", remove_gfn(DOMID_SELF, GICD_GFN), -XEN_ENOENT);
    check("remove far away", remove_gfn(DOMID_SELF, FAR_GFN), -XEN_ENOENT);
    check("remove INVALID_GFN", remove_gfn(DOMID_SELF, INVALID_GFN), -XEN_ENOENT);
}

void test_main(void)
{
    char role[16];

    if ( !xtf_cmdline_get("xtf.role", role, sizeof(role)) && !strcmp(role, "neighbour") )
    {
        xtf_set_exit_reason(XTF_EXIT_WAIT);
        return xtf_success(NULL);
    }
    test_shared_info();
    test_shared_info_over_ram();
    test_grant_frames();
    test_add_refused();
    test_batch();
    test_batch_refused();
    test_remove_refused();
    check("shared_info still there", ((volatile struct shared_info *)(SHINFO_GFN << 12))->wc_version, 2);
    check("current at the end", current_pages(), RAM_PAGES);
    xtf_success(NULL);
}
