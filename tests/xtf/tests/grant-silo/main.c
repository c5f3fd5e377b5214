/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * @file tests/grant-silo/main.c
 * XSM SILO, the default policy of Xen 4.17 on Arm (Debian's build) and of
 * Xenith: no grant map or copy between two unprivileged domains.  Booted
 * without xsm=dummy, d1 (granter) grants a page to d2 and, within itself,
 * one to itself; d2 (mapper) is refused GNTST_permission_denied for a map
 * and for copies both ways, checked once both domains are known and
 * before the entry (a ref past the table is refused the same way), while
 * an unknown domain is GNTST_bad_domain and a map with no mapping flag
 * GNTST_bad_gntref as before.  d1 maps and copies its own grant: SILO
 * allows that.  The static event channel between them is the hypervisor's
 * own, which SILO does not check.
 */
#include <xtf.h>
#include <xtf/interdom.h>

const char test_title[] = "XSM SILO: no grant map or copy between two domUs";

#define PORT        10
#define WAIT_US     10000000
#define MAP_GPA     (IDOM_GNTTAB_GPA + 0x100000)  /* a free gfn for maps */
#define REF_PEER    8           /* page A, to d2 */
#define REF_SELF    9           /* page B, to d1 itself */
#define OTHER_DOMID 7           /* no such domain */

static uint8_t page_a[4096] __attribute__((aligned(4096)));
static uint8_t page_b[4096] __attribute__((aligned(4096)));
static uint8_t scratch[4096] __attribute__((aligned(4096)));
static volatile grant_entry_v1_t *gnttab;

static long map1(grant_ref_t ref, domid_t dom, uint32_t flags, struct gnttab_map_grant_ref *op)
{
    long rc;

    *op = (struct gnttab_map_grant_ref){ .host_addr = MAP_GPA, .flags = flags,
                                         .ref = ref, .dom = dom };
    rc = hypercall_grant_table_op(GNTTABOP_map_grant_ref, op, 1);
    return rc ? rc : op->status;
}

static long unmap1(grant_handle_t handle)
{
    struct gnttab_unmap_grant_ref op = { .host_addr = MAP_GPA, .handle = handle };
    long rc = hypercall_grant_table_op(GNTTABOP_unmap_grant_ref, &op, 1);

    return rc ? rc : op.status;
}

static long copy1(grant_ref_t ref, domid_t dom, bool from_grant)
{
    struct gnttab_copy_ptr frame = { .u.gmfn = (unsigned long)scratch >> 12,
                                     .domid = DOMID_SELF };
    struct gnttab_copy_ptr granted = { .u.ref = ref, .domid = dom };
    struct gnttab_copy op = {
        .source = from_grant ? granted : frame, .dest = from_grant ? frame : granted,
        .len = 16, .flags = from_grant ? GNTCOPY_source_gref : GNTCOPY_dest_gref,
    };
    long rc = hypercall_grant_table_op(GNTTABOP_copy, &op, 1);

    return rc ? rc : op.status;
}

static void grant(grant_ref_t ref, const void *page, domid_t to)
{
    gnttab[ref].frame = (uint32_t)((unsigned long)page >> 12);
    gnttab[ref].domid = to;
    __atomic_thread_fence(__ATOMIC_SEQ_CST);    /* frame and domid before flags */
    gnttab[ref].flags = GTF_permit_access;
}

/* Within one domain SILO allows everything: map, copy both ways. */
static bool granter_self(void)
{
    struct gnttab_map_grant_ref op;

    if ( !xtf_check_eq("map(own grant)", map1(REF_SELF, 1, GNTMAP_host_map, &op), GNTST_okay) ||
         !xtf_check_eq("unmap(own grant)", unmap1(op.handle), GNTST_okay) )
        return false;
    memset(scratch, 0x5a, 16);
    if ( !xtf_check_eq("copy(into own grant)", copy1(REF_SELF, 1, false), GNTST_okay) ||
         !xtf_check_eq("copy(from own grant)", copy1(REF_SELF, 1, true), GNTST_okay) )
        return false;
    for ( unsigned int i = 0; i < 16; i++ )
        if ( page_b[i] != 0x5a )
            return xtf_failure("own grant: byte %u is %#x after the copy", i, page_b[i]), false;
    return true;
}

static void granter(void)
{
    long rc = idom_add_to_physmap(XENMAPSPACE_grant_table, 0, IDOM_GNTTAB_GPA);

    if ( rc )
    {
        idom_send(PORT);            /* d2 must not wait for nothing */
        return xtf_error("add_to_physmap(grant_table 0): %ld", rc);
    }
    gnttab = (volatile grant_entry_v1_t *)IDOM_GNTTAB_GPA;
    memset(page_a, 'A', sizeof(page_a));
    grant(REF_PEER, page_a, 2);
    grant(REF_SELF, page_b, 1);
    xtf_check_eq("send(granted)", idom_send(PORT), 0);
    granter_self();
    if ( !idom_wait_events(PORT, 1, WAIT_US) )
        return xtf_failure("no word from d2 within %u ms", WAIT_US / 1000);
    for ( unsigned int i = 0; i < sizeof(page_a); i++ )
        if ( page_a[i] != 'A' )
            return xtf_failure("page A changed at %u", i);
    if ( gnttab[REF_PEER].flags != GTF_permit_access )
        return xtf_failure("ref %u: flags %#x", REF_PEER, gnttab[REF_PEER].flags);
    printk("d2 could neither map nor copy page A\n");
}

static void mapper(void)
{
    static const struct {
        const char *what;
        grant_ref_t ref;
        domid_t dom;
        uint32_t flags;
        int16_t status;
    } maps[] = {
        { "map(d1's grant)", REF_PEER, 1, GNTMAP_host_map, GNTST_permission_denied },
        { "map(d1's grant, read-only)", REF_PEER, 1, GNTMAP_host_map | GNTMAP_readonly,
          GNTST_permission_denied },
        { "map(ref past d1's table)", 0x7fffffff, 1, GNTMAP_host_map, GNTST_permission_denied },
        { "map(no such domain)", REF_PEER, OTHER_DOMID, GNTMAP_host_map, GNTST_bad_domain },
        { "map(no mapping flag)", REF_PEER, 1, 0, GNTST_bad_gntref },
    };
    struct gnttab_map_grant_ref op;

    if ( !idom_wait_events(PORT, 1, WAIT_US) )
        return xtf_failure("no word from d1 within %u ms", WAIT_US / 1000);
    for ( unsigned int i = 0; i < ARRAY_SIZE(maps); i++ )
        xtf_check_eq(maps[i].what, map1(maps[i].ref, maps[i].dom, maps[i].flags, &op),
                     maps[i].status);
    xtf_check_eq("copy(from d1's grant)", copy1(REF_PEER, 1, true), GNTST_permission_denied);
    xtf_check_eq("copy(into d1's grant)", copy1(REF_PEER, 1, false), GNTST_permission_denied);
    xtf_check_eq("copy(ref past d1's table)", copy1(0x7fffffff, 1, true), GNTST_permission_denied);
    xtf_check_eq("copy(no such domain)", copy1(REF_PEER, OTHER_DOMID, true), GNTST_bad_domain);
    xtf_check_eq("send(done)", idom_send(PORT), 0);
}

void test_main(void)
{
    int role = idom_start("granter", PORT, WAIT_US);
    bool is_granter = role == 1;

    if ( role < 0 )
        return;
    if ( is_granter )
        granter();
    else
        mapper();
    xtf_irq_disable();
    xtf_success(NULL);
}
