/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * @file tests/memory-op/main.c
 * memory_op (hypercall 12) on a dom0less domU, its reservation and the
 * calls that are not about the physmap (tests/memory-op-physmap has those):
 * - current/maximum_reservation and maximum_gpfn of its own 64 MiB (all
 *   of it allocated: current = maximum), maximum_ram_page of the 1 GiB host;
 * - decrease_reservation takes pages away (the gfn then faults, the count
 *   drops), populate_physmap brings them back, increase_reservation
 *   allocates without mapping; extents of order 0 and 1, lists stopped at
 *   the first extent that cannot be done (partial results), restart
 *   positions in cmd, 1024 extents in one call (maybe preempted), extents
 *   not aligned to their order, and never beyond maximum_reservation;
 * - refusals: bad pointers (-EFAULT, or no extent done), orders above 9,
 *   counts too big to restart, pages that are not the domain's, another
 *   domain (d2, which exists: -EPERM or nothing done) and absent ones
 *   (-ESRCH), mem_flags Xen rejects;
 * - exchange, claim_pages, get_vnumainfo, reserved_device_memory_map,
 *   acquire_resource and the sharing counters with Xen 4.17's answers on
 *   Arm, -ENOSYS for the rest.
 * d2 only exists for the foreign-domain checks: it succeeds and waits.
 */
#include <xtf.h>
#include <public/memory.h>

const char test_title[] = "memory_op: reservation, queries, other requests";

#define RAM_BASE        0x40000000UL
#define RAM_PAGES       (64UL << 8)             /* 64 MiB (test.cfg) */
#define MAX_RAM_PAGE    0x80000UL               /* 1 GiB of host RAM from 1 GiB */
#define SCRATCH_GFN     ((RAM_BASE >> 12) + (40UL << 8))    /* RAM + 40 MiB */
#define BIG_GFN         ((RAM_BASE >> 12) + (44UL << 8))    /* RAM + 44 MiB, 4 MiB */
#define BIG_NR          1024
#define GICD_GFN        (0x03001000UL >> 12)    /* GUEST_GICD_BASE: emulated */
#define NEIGHBOUR       2                       /* d2 */
#define ABSENT          100                     /* no such domain */
#define BAD_VA          0x1000UL                /* not mapped at stage 1 */
#define EXTENT_SHIFT    6                       /* MEMOP_EXTENT_SHIFT */

/* Toolstack operations, not in a guest's view of public/memory.h. */
#define XENMEM_get_sharing_freed_pages      18
#define XENMEM_get_sharing_shared_pages     19
#define XENMEM_claim_pages                  24
#define XENMEM_reserved_device_memory_map   27

static xen_pfn_t list[BIG_NR];

static long memop(unsigned long cmd, const void *arg)
{
    return xtf_hypercall(__HYPERVISOR_memory_op, cmd, (unsigned long)arg, 0, 0, 0);
}

static void check(const char *what, long got, long want)
{
    if ( got != want )
        xtf_failure("%s: %ld, expected %ld", what, got, want);
}

static long resv_cmd(unsigned long cmd, const xen_pfn_t *lst, unsigned long nr,
                     unsigned int order, unsigned int flags, domid_t dom)
{
    struct xen_memory_reservation r = {
        .nr_extents = nr, .extent_order = order, .mem_flags = flags, .domid = dom,
    };

    set_xen_guest_handle(r.extent_start, (xen_pfn_t *)lst);
    return memop(cmd, &r);
}

static long resv(unsigned int op, const xen_pfn_t *lst, unsigned long nr, unsigned int order)
{
    return resv_cmd(op, lst, nr, order, 0, DOMID_SELF);
}

static long query(unsigned long cmd, domid_t dom)
{
    struct xen_memory_domain md = { .domid = dom };

    return memop(cmd, &md);
}

static long current_pages(void)
{
    return query(XENMEM_current_reservation, DOMID_SELF);
}

/* Does a load from gfn @gfn fault (stage 2)?  Checks the abort Xen injects. */
static bool gfn_faults(unsigned long gfn)
{
    uint64_t pa = gfn << 12;
    uint64_t pc = xtf_exlog_access(pa, false);
    bool fault = xtf_exlog_count() == 1;

    if ( fault && (xtf_exlog_entry(0)->far != pa || xtf_exlog_entry(0)->elr != pc) )
        xtf_failure("gfn %#lx: abort with FAR %#lx ELR %#lx", gfn,
                    xtf_exlog_entry(0)->far, xtf_exlog_entry(0)->elr);
    xtf_exlog_stop();
    return fault;
}

static void test_queries(void)
{
    static const unsigned long ops[] = {
        XENMEM_current_reservation, XENMEM_maximum_reservation, XENMEM_maximum_gpfn,
    };

    check("current_reservation", current_pages(), RAM_PAGES);
    check("maximum_reservation", query(XENMEM_maximum_reservation, DOMID_SELF), RAM_PAGES);
    check("maximum_gpfn", query(XENMEM_maximum_gpfn, DOMID_SELF),
          (RAM_BASE >> 12) + RAM_PAGES - 1);
    check("current_reservation(d1)", query(XENMEM_current_reservation, 1), RAM_PAGES);
    check("maximum_ram_page", memop(XENMEM_maximum_ram_page, NULL), MAX_RAM_PAGE);
    check("maximum_ram_page restarted", memop(XENMEM_maximum_ram_page | (1UL << EXTENT_SHIFT),
                                              NULL), -XEN_EINVAL);
    for ( unsigned int i = 0; i < ARRAY_SIZE(ops); i++ )
    {
        check("query(d2)", query(ops[i], NEIGHBOUR), -XEN_EPERM);
        check("query(absent)", query(ops[i], ABSENT), -XEN_ESRCH);
        check("query(DOMID_XEN)", query(ops[i], DOMID_XEN), -XEN_ESRCH);
        check("query(DOMID_IO)", query(ops[i], DOMID_IO), -XEN_ESRCH);
        check("query(bad pointer)", memop(ops[i], (void *)BAD_VA), -XEN_EFAULT);
        check("query(NULL)", memop(ops[i], NULL), -XEN_EFAULT);
        check("query restarted", query(ops[i] | (1UL << EXTENT_SHIFT), DOMID_SELF),
              -XEN_EINVAL);
    }
}

/* Balloon one page and one order-1 extent out and back in. */
static void test_decrease_populate(void)
{
    volatile uint64_t *p = (volatile uint64_t *)(SCRATCH_GFN << 12);
    xen_pfn_t gfn[2] = { SCRATCH_GFN, SCRATCH_GFN + 2 };

    *p = 0x1234;
    check("populate while full", resv(XENMEM_populate_physmap, gfn, 1, 0), 0);
    check("increase while full", resv(XENMEM_increase_reservation, NULL, 1, 0), 0);
    check("decrease 1", resv(XENMEM_decrease_reservation, gfn, 1, 0), 1);
    check("current after decrease", current_pages(), RAM_PAGES - 1);
    if ( !gfn_faults(SCRATCH_GFN) )
        xtf_failure("gfn %#lx still mapped after decrease_reservation", SCRATCH_GFN);
    check("decrease it again", resv(XENMEM_decrease_reservation, gfn, 1, 0), 0);
    check("populate 1", resv(XENMEM_populate_physmap, gfn, 1, 0), 1);
    check("current after populate", current_pages(), RAM_PAGES);
    if ( gfn_faults(SCRATCH_GFN) )
        xtf_failure("gfn %#lx not mapped after populate_physmap", SCRATCH_GFN);
    *p = 0x5678;
    check("write after populate", *p, 0x5678);

    /* Order 1: two pages per extent, aligned. */
    check("decrease order 1", resv(XENMEM_decrease_reservation, gfn, 2, 1), 2);
    check("current after order-1 decrease", current_pages(), RAM_PAGES - 4);
    if ( !gfn_faults(SCRATCH_GFN + 3) )
        xtf_failure("gfn %#lx still mapped", SCRATCH_GFN + 3);
    check("populate order 1", resv(XENMEM_populate_physmap, gfn, 2, 1), 2);
    check("current after order-1 populate", current_pages(), RAM_PAGES);

    /* increase_reservation: owned, counted, mapped nowhere. */
    check("decrease for increase", resv(XENMEM_decrease_reservation, gfn, 1, 0), 1);
    check("increase 1", resv(XENMEM_increase_reservation, NULL, 1, 0), 1);
    check("current after increase", current_pages(), RAM_PAGES);
    check("populate beyond maximum", resv(XENMEM_populate_physmap, gfn, 1, 0), 0);
    if ( !gfn_faults(SCRATCH_GFN) )
        xtf_failure("gfn %#lx mapped by increase_reservation", SCRATCH_GFN);
}

/*
 * Lists stop at the first extent that cannot be done; a restart position
 * in cmd skips the extents before it.  Here the domain is at its maximum
 * and SCRATCH_GFN is unmapped (test_decrease_populate).
 */
static void test_partial(void)
{
    xen_pfn_t l[4] = { SCRATCH_GFN + 1, SCRATCH_GFN + 2, GICD_GFN, SCRATCH_GFN + 3 };

    check("decrease up to a non-RAM gfn", resv(XENMEM_decrease_reservation, l, 4, 0), 2);
    check("current after partial decrease", current_pages(), RAM_PAGES - 2);
    check("decrease of an unmapped gfn", resv(XENMEM_decrease_reservation, l, 1, 0), 0);
    /* Two pages free: a third extent is beyond maximum_reservation. */
    l[2] = SCRATCH_GFN;
    check("populate up to the maximum", resv(XENMEM_populate_physmap, l, 3, 0), 2);
    check("current at the maximum", current_pages(), RAM_PAGES);

    /* Restart positions: start at extent 1 of 2, and past the end. */
    l[0] = GICD_GFN;
    l[1] = SCRATCH_GFN + 2;
    check("decrease from extent 1",
          resv_cmd(XENMEM_decrease_reservation | (1UL << EXTENT_SHIFT), l, 2, 0, 0, DOMID_SELF), 2);
    check("current after restarted decrease", current_pages(), RAM_PAGES - 1);
    check("restart past the end",
          resv_cmd(XENMEM_populate_physmap | (5UL << EXTENT_SHIFT), l, 2, 0, 0, DOMID_SELF), 5);
    check("populate from extent 1",
          resv_cmd(XENMEM_populate_physmap | (1UL << EXTENT_SHIFT), l, 2, 0, 0, DOMID_SELF), 2);
    check("current after restarted populate", current_pages(), RAM_PAGES);
}

/* 1024 extents (4 MiB) out and back in, one call each. */
static void test_big(void)
{
    volatile uint64_t *p = (volatile uint64_t *)(BIG_GFN << 12);

    for ( unsigned int i = 0; i < BIG_NR; i++ )
        list[i] = BIG_GFN + i;
    check("decrease 1024", resv(XENMEM_decrease_reservation, list, BIG_NR, 0), BIG_NR);
    check("current after decrease 1024", current_pages(), RAM_PAGES - BIG_NR);
    if ( !gfn_faults(BIG_GFN + BIG_NR - 1) )
        xtf_failure("last of 1024 gfns still mapped");
    check("populate 1024", resv(XENMEM_populate_physmap, list, BIG_NR, 0), BIG_NR);
    check("current after populate 1024", current_pages(), RAM_PAGES);
    p[0] = 1;
    p[(BIG_NR << 9) - 1] = 2;
    check("write to the 1024 pages", p[0] + p[(BIG_NR << 9) - 1], 3);
}

/* An extent need not be aligned to its order: pages gfn .. gfn + 2^order - 1. */
static void test_unaligned(void)
{
    xen_pfn_t gfn[1] = { BIG_GFN + 1 };

    check("decrease order 1 at an odd gfn", resv(XENMEM_decrease_reservation, gfn, 1, 1), 1);
    check("current after it", current_pages(), RAM_PAGES - 2);
    if ( gfn_faults(BIG_GFN) || !gfn_faults(BIG_GFN + 1) || !gfn_faults(BIG_GFN + 2) ||
         gfn_faults(BIG_GFN + 3) )
        xtf_failure("order-1 decrease at gfn %#lx: not exactly it and the next", BIG_GFN + 1);
    check("populate order 1 at an odd gfn", resv(XENMEM_populate_physmap, gfn, 1, 1), 1);
    check("current after populate", current_pages(), RAM_PAGES);
    if ( gfn_faults(BIG_GFN + 1) || gfn_faults(BIG_GFN + 2) )
        xtf_failure("order-1 populate at gfn %#lx: not mapped", BIG_GFN + 1);
}

/* Reservation calls that do nothing: result 0 (extents done). */
static void test_reservation_refused(void)
{
    static const unsigned int ops[] = {
        XENMEM_increase_reservation, XENMEM_decrease_reservation, XENMEM_populate_physmap,
    };
    xen_pfn_t gfn[1] = { SCRATCH_GFN };

    for ( unsigned int i = 0; i < ARRAY_SIZE(ops); i++ )
    {
        unsigned int op = ops[i];

        check("order 10", resv(op, gfn, 1, 10), 0);
        check("bad reservation pointer", memop(op, (void *)BAD_VA), 0);
        check("nr_extents too big to restart", resv(op, gfn, (1UL << 26), 0), 0);
        check("nr_extents 0", resv(op, gfn, 0, 0), 0);
        check("d2", resv_cmd(op, gfn, 1, 0, 0, NEIGHBOUR), 0);
        check("absent domain", resv_cmd(op, gfn, 1, 0, 0, ABSENT), 0);
        check("address_bits 12", resv_cmd(op, gfn, 1, 0, XENMEMF_address_bits(12), DOMID_SELF), 0);
        check("exact node 1", resv_cmd(op, gfn, 1, 0, XENMEMF_exact_node(1), DOMID_SELF), 0);
    }
    check("decrease, bad list", resv(XENMEM_decrease_reservation, (void *)BAD_VA, 1, 0), 0);
    check("populate, bad list", resv(XENMEM_populate_physmap, (void *)BAD_VA, 1, 0), 0);
    check("current after refusals", current_pages(), RAM_PAGES);
}

/* XENMEM_exchange: Xen 4.17 on Arm takes no page away, so it ends early. */
static void test_exchange(void)
{
    static xen_pfn_t in[1] = { SCRATCH_GFN + 1 }, out[1];
    struct xen_memory_exchange x = {
        .in = { .nr_extents = 1, .domid = DOMID_SELF },
        .out = { .nr_extents = 1, .domid = DOMID_SELF },
    };

    set_xen_guest_handle(x.in.extent_start, in);
    set_xen_guest_handle(x.out.extent_start, out);
    check("exchange", memop(XENMEM_exchange, &x), -XEN_EOPNOTSUPP);
    check("exchange nr_exchanged", x.nr_exchanged, 0);
    check("exchange restarted", memop(XENMEM_exchange | (1UL << EXTENT_SHIFT), &x), -XEN_EINVAL);
    check("exchange bad pointer", memop(XENMEM_exchange, (void *)BAD_VA), -XEN_EFAULT);
    in[0] = GICD_GFN;
    check("exchange of a non-RAM gfn", memop(XENMEM_exchange, &x), -XEN_EINVAL);
    x.in.extent_order = 10;
    x.out.extent_order = 10;
    check("exchange order 10", memop(XENMEM_exchange, &x), -XEN_EPERM);
    x.in.extent_order = 0;
    x.out.extent_order = 1;
    check("exchange of different sizes", memop(XENMEM_exchange, &x), -XEN_EINVAL);
    x.out.extent_order = 0;
    x.out.domid = NEIGHBOUR;
    check("exchange between domains", memop(XENMEM_exchange, &x), -XEN_EINVAL);
    x.in.domid = NEIGHBOUR;
    check("exchange of d2's", memop(XENMEM_exchange, &x), -XEN_EPERM);
    x.nr_exchanged = 1;
    check("exchange already done", memop(XENMEM_exchange, &x), 0);
}

static void test_other_requests(void)
{
    struct xen_memory_reservation claim = { .nr_extents = 1, .domid = DOMID_SELF };
    struct xen_vnuma_topology_info vnuma = { .domid = DOMID_SELF };
    struct xen_mem_acquire_resource res = { .domid = DOMID_SELF, .type = 1 };
    /* struct xen_reserved_device_memory_map: flags, nr_entries, buffer, dev */
    struct { uint32_t flags, nr_entries; uint64_t buffer; uint32_t sbdf, pad; } rdm = {
        .nr_entries = 5,
    };
    static const unsigned long absent[] = { 5, 8, 9, 10, 12, 13, 16, 17, 20, 21, 22, 25, 29, 63 };

    check("claim_pages(DOMID_SELF)", memop(XENMEM_claim_pages, &claim), -XEN_EINVAL);
    claim.domid = 1;
    check("claim_pages(d1)", memop(XENMEM_claim_pages, &claim), -XEN_EPERM);
    claim.extent_order = 1;
    check("claim_pages order 1", memop(XENMEM_claim_pages, &claim), -XEN_EINVAL);

    check("get_vnumainfo", memop(XENMEM_get_vnumainfo, &vnuma), -XEN_EOPNOTSUPP);
    vnuma.domid = NEIGHBOUR;
    check("get_vnumainfo(d2)", memop(XENMEM_get_vnumainfo, &vnuma), -XEN_EPERM);
    vnuma.domid = ABSENT;
    check("get_vnumainfo(absent)", memop(XENMEM_get_vnumainfo, &vnuma), -XEN_ESRCH);
    vnuma.pad = 1;
    check("get_vnumainfo pad", memop(XENMEM_get_vnumainfo, &vnuma), -XEN_EINVAL);

    check("reserved_device_memory_map", memop(XENMEM_reserved_device_memory_map, &rdm), 0);
    check("reserved_device_memory_map nr_entries", rdm.nr_entries, 0);
    rdm.flags = 2;
    check("reserved_device_memory_map flags", memop(XENMEM_reserved_device_memory_map, &rdm),
          -XEN_EINVAL);

    check("acquire_resource(DOMID_SELF)", memop(XENMEM_acquire_resource, &res), -XEN_ESRCH);
    res.domid = 1;
    check("acquire_resource(d1)", memop(XENMEM_acquire_resource, &res), -XEN_EPERM);
    res.domid = NEIGHBOUR;
    check("acquire_resource(d2)", memop(XENMEM_acquire_resource, &res), -XEN_EPERM);
    res.domid = ABSENT;
    check("acquire_resource(absent)", memop(XENMEM_acquire_resource, &res), -XEN_ESRCH);
    res.frame = 1UL << 32;
    check("acquire_resource frame", memop(XENMEM_acquire_resource, &res), -XEN_EINVAL);
    res.pad = 1;
    check("acquire_resource pad", memop(XENMEM_acquire_resource, &res), -XEN_EINVAL);
    check("acquire_resource bad pointer", memop(XENMEM_acquire_resource, (void *)BAD_VA),
          -XEN_EFAULT);

    check("get_sharing_freed_pages", memop(XENMEM_get_sharing_freed_pages, NULL), 0);
    check("get_sharing_shared_pages", memop(XENMEM_get_sharing_shared_pages, NULL), 0);
    check("get_sharing_freed_pages restarted",
          memop(XENMEM_get_sharing_freed_pages | (1UL << EXTENT_SHIFT), NULL), -XEN_ENOSYS);
    for ( unsigned int i = 0; i < ARRAY_SIZE(absent); i++ )
        check("an operation Arm does not have", memop(absent[i], NULL), -XEN_ENOSYS);
}

void test_main(void)
{
    char role[16];

    if ( !xtf_cmdline_get("xtf.role", role, sizeof(role)) && !strcmp(role, "neighbour") )
    {
        /* Exist until the end, for d1's calls about another domain. */
        xtf_set_exit_reason(XTF_EXIT_WAIT);
        return xtf_success(NULL);
    }
    test_queries();
    test_decrease_populate();
    test_partial();
    test_big();
    test_unaligned();
    test_reservation_refused();
    test_exchange();
    test_other_requests();
    check("current at the end", current_pages(), RAM_PAGES);
    xtf_success(NULL);
}
