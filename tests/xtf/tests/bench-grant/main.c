/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * @file tests/bench-grant/main.c
 * Grant copy of one page between two domUs (run by bench/run.py under
 * QEMU -icount, one host CPU).  d1 ("granter") grants d2 read access to a
 * page of its RAM (grant table frame 0 mapped with XENMEM_add_to_physmap)
 * and tells it so on a static event channel; d2 ("copier") copies that
 * page into its own with GNTTABOP_copy n times, then answers; d1 ends
 * after the answer, so the grant outlives the copies.
 *
 *   grant_copy       instructions per GNTTABOP_copy of 4096 bytes
 *   guest_page_copy  the same 4096 bytes copied by the guest itself with
 *                    64-bit loads and stores (for scale)
 */
#include <xtf.h>
#include <xtf/interdom.h>
#include "../bench-common.h"

const char test_title[] = "Benchmark: grant copy of one page between two domUs";

#define PORT            10
#define GREF            8               /* refs 0-7: reserved by convention */
#define DEFAULT_COPIES  10000
#define WAIT_US         5000000
#define PAGE_BYTES      4096

static uint8_t page_src[PAGE_BYTES] __aligned(PAGE_BYTES);
static uint8_t page_dst[PAGE_BYTES] __aligned(PAGE_BYTES);

static void granter(void)
{
    volatile struct grant_entry_v1 *gt = (void *)IDOM_GNTTAB_GPA;
    long rc = idom_add_to_physmap(XENMAPSPACE_grant_table, 0, IDOM_GNTTAB_GPA);

    if ( rc )
        return (void)printk("BENCH-MISSING grant_copy grant table frame not mapped: "
                            "%ld\n", rc);
    for ( unsigned int i = 0; i < PAGE_BYTES; i++ )
        page_src[i] = (uint8_t)i;
    gt[GREF].domid = 2;
    gt[GREF].frame = (uint32_t)((uintptr_t)page_src >> 12);
    dsb(ish);
    gt[GREF].flags = GTF_permit_access | GTF_readonly;
    dsb(ish);
    if ( idom_send(PORT) )
        return xtf_failure("EVTCHNOP_send(ready) failed");
    if ( !idom_wait_events(PORT, 1, WAIT_US * 10) )
        return xtf_failure("no answer from d2");
}

static uint64_t copy_one(struct gnttab_copy *op)
{
    long rc = hypercall_grant_table_op(GNTTABOP_copy, op, 1);

    return rc ? (uint64_t)rc : (uint64_t)op->status;
}

static void guest_copy(unsigned long n)
{
    uint64_t t0, t1;

    isb();
    t0 = READ_SYSREG(cntvct_el0);
    for ( unsigned long i = 0; i < n; i++ )
    {
        const volatile uint64_t *s = (const void *)page_src;
        volatile uint64_t *d = (void *)page_dst;

        for ( unsigned int w = 0; w < PAGE_BYTES / 8; w++ )
            d[w] = s[w];
    }
    isb();
    t1 = READ_SYSREG(cntvct_el0);
    bench_report("guest_page_copy", bench_ticks_ns(t1 - t0), n, "instr");
}

static void copier(unsigned long n)
{
    struct gnttab_copy op = {
        .source = { .u.ref = GREF, .domid = 1 },
        .dest = { .u.gmfn = (uintptr_t)page_dst >> 12, .domid = DOMID_SELF },
        .len = PAGE_BYTES, .flags = GNTCOPY_source_gref,
    };
    uint64_t t0, t1, rc;

    if ( !idom_wait_events(PORT, 1, WAIT_US) )
        return (void)printk("BENCH-MISSING grant_copy no grant from d1\n");
    if ( (rc = copy_one(&op)) )
        return (void)printk("BENCH-MISSING grant_copy GNTTABOP_copy: %ld\n", (long)rc);
    if ( page_dst[PAGE_BYTES - 1] != (uint8_t)(PAGE_BYTES - 1) )
        return xtf_failure("the copied page does not hold the granted data");
    isb();
    t0 = READ_SYSREG(cntvct_el0);
    for ( unsigned long i = 0; i < n; i++ )
        rc |= copy_one(&op);
    isb();
    t1 = READ_SYSREG(cntvct_el0);
    if ( rc )
        return xtf_failure("GNTTABOP_copy failed in the loop");
    bench_report("grant_copy", bench_ticks_ns(t1 - t0), n, "instr");
    guest_copy(n);
    idom_send(PORT);
}

void test_main(void)
{
    unsigned long n = bench_iters(DEFAULT_COPIES * 10) / 10;
    char role[10];
    bool is_granter;

    if ( xtf_cmdline_get("xtf.role", role, sizeof(role)) )
        return xtf_error("no xtf.role on the command line");
    is_granter = !strcmp(role, "granter");
    /* Only d1 may drop a stale pending bit: d2 may get the grant first. */
    if ( idom_init(is_granter ? PORT : 0) )
        return (void)printk("BENCH-MISSING grant_copy no shared_info mapping "
                            "(XENMEM_add_to_physmap)\n");
    if ( is_granter )
        granter();
    else
        copier(n ? n : 1);
    xtf_irq_disable();
    xtf_success(NULL);
}
