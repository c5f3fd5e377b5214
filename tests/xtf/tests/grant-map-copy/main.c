/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * @file tests/grant-map-copy/main.c
 * Grant tables v1 between two domains.  After a handshake over the static
 * event channel, both map their table's frame 0
 * (XENMEM_add_to_physmap, XENMAPSPACE_grant_table) and check setup_table
 * and query_size.  d1 (granter) grants page A read-write, page B
 * read-only and page C read-write to d2, one ref to another domain, and
 * leaves one ref empty, then signals d2 over the static event channel.
 * d2 (mapper) maps A (GNTTABOP_map_grant_ref at a free gfn of its own),
 * reads and writes it, unmaps it; maps B read-only (a write faults) and
 * not writable; copies to and from C with GNTTABOP_copy; and checks the
 * refusals: bad refs, bad domids, bad counts and pointers, bad handles.
 * Then d1 checks what d2 wrote and that no grant is still in use.
 */
#include <xtf.h>
#include <xtf/interdom.h>

const char test_title[] = "Grant map, unmap and copy between two domains";

#define PORT        10
#define WAIT_US     10000000
#define PEER_GFN_VA (IDOM_GNTTAB_GPA + 0x100000)  /* where d2 maps d1's pages */
#define REF_RW      8           /* page A, read-write to d2 */
#define REF_RO      9           /* page B, read-only to d2 */
#define REF_COPY    10          /* page C, read-write to d2 */
#define REF_OTHER   11          /* page A, to a domain that is not d2 */
#define REF_EMPTY   12          /* not granted */
#define OTHER_DOMID 7           /* no such domain */
#define COPY_OFF    256
#define COPY_LEN    128

static uint8_t page_a[4096] __attribute__((aligned(4096)));
static uint8_t page_b[4096] __attribute__((aligned(4096)));
static uint8_t page_c[4096] __attribute__((aligned(4096)));
static volatile grant_entry_v1_t *gnttab;

static uint8_t pattern(char page, unsigned int i)
{
    return (uint8_t)(page * 7 + i);
}

static void fill(uint8_t *p, char page)
{
    for ( unsigned int i = 0; i < 4096; i++ )
        p[i] = pattern(page, i);
}

/* First index where @p (@len bytes from @off) differs from @page's pattern, or -1. */
static int differs(const volatile uint8_t *p, char page, unsigned int off, unsigned int len)
{
    for ( unsigned int i = off; i < off + len; i++ )
        if ( p[i] != pattern(page, i) )
            return (int)i;
    return -1;
}

/* ------------------------------------------------------- both domains */

static bool table_setup(domid_t peer)
{
    struct gnttab_query_size qs = { .dom = DOMID_SELF };
    xen_pfn_t gfn = 0;
    struct gnttab_setup_table st = { .dom = DOMID_SELF, .nr_frames = 1 };
    long rc;

    set_xen_guest_handle(st.frame_list, &gfn);
    rc = hypercall_grant_table_op(GNTTABOP_query_size, &qs, 1);
    if ( !xtf_check_eq("query_size", rc, 0) || !xtf_check_eq("query_size status", qs.status, 0) ||
         !xtf_check_eq("query_size nr_frames", qs.nr_frames, 1) ||
         !xtf_check_eq("query_size max_nr_frames", qs.max_nr_frames, 64) )
        return false;
    printk("query_size: %u of %u frames\n", qs.nr_frames, qs.max_nr_frames);
    rc = idom_add_to_physmap(XENMAPSPACE_grant_table, 0, IDOM_GNTTAB_GPA);
    if ( !xtf_check_eq("add_to_physmap(grant_table 0)", rc, 0) )
        return false;
    gnttab = (volatile grant_entry_v1_t *)IDOM_GNTTAB_GPA;
    rc = hypercall_grant_table_op(GNTTABOP_setup_table, &st, 1);
    if ( !xtf_check_eq("setup_table", rc, 0) || !xtf_check_eq("setup_table status", st.status, 0) ||
         !xtf_check_eq("setup_table frame 0", gfn, IDOM_GNTTAB_GPA >> 12) )
        return false;
    /* Refusals: too many frames, another domain, no domain, two ops at once. */
    st.nr_frames = 65;
    rc = hypercall_grant_table_op(GNTTABOP_setup_table, &st, 1);
    if ( !xtf_check_eq("setup_table(65 frames)", rc, 0) ||
         !xtf_check_eq("setup_table(65 frames) status", st.status, GNTST_general_error) )
        return false;
    st = (struct gnttab_setup_table){ .dom = peer, .nr_frames = 1 };
    set_xen_guest_handle(st.frame_list, &gfn);
    rc = hypercall_grant_table_op(GNTTABOP_setup_table, &st, 1);
    if ( !xtf_check_eq("setup_table(peer) status", st.status, GNTST_permission_denied) )
        return false;
    qs = (struct gnttab_query_size){ .dom = OTHER_DOMID };
    rc = hypercall_grant_table_op(GNTTABOP_query_size, &qs, 1);
    if ( !xtf_check_eq("query_size(no domain) status", qs.status, GNTST_bad_domain) )
        return false;
    rc = hypercall_grant_table_op(GNTTABOP_query_size, &qs, 2);
    return xtf_check_eq("query_size count 2", rc, -XEN_EINVAL);
}

static void grant(grant_ref_t ref, const void *page, domid_t to, uint16_t flags)
{
    gnttab[ref].frame = (uint32_t)((unsigned long)page >> 12);
    gnttab[ref].domid = to;
    __atomic_thread_fence(__ATOMIC_SEQ_CST);    /* frame and domid before flags */
    gnttab[ref].flags = flags;
}

/* ------------------------------------------------------------- granter */

static void granter(void)
{
    fill(page_a, 'A');
    fill(page_b, 'B');
    fill(page_c, 'C');
    grant(REF_RW, page_a, 2, GTF_permit_access);
    grant(REF_RO, page_b, 2, GTF_permit_access | GTF_readonly);
    grant(REF_COPY, page_c, 2, GTF_permit_access);
    grant(REF_OTHER, page_a, OTHER_DOMID, GTF_permit_access);
    if ( !xtf_check_eq("send(granted)", idom_send(PORT), 0) )
        return;
    if ( !idom_wait_events(PORT, 1, WAIT_US) )
        return xtf_failure("no word from d2 within %u ms", WAIT_US / 1000);
    if ( differs(page_a, 'D', 0, 64) >= 0 || differs(page_a, 'A', 64, 4096 - 64) >= 0 )
        return xtf_failure("page A: not d2's 64 bytes then A's pattern");
    if ( differs(page_b, 'B', 0, 4096) >= 0 )
        return xtf_failure("page B (read-only grant) changed at %d",
                           differs(page_b, 'B', 0, 4096));
    if ( differs(page_c, 'E', COPY_OFF, COPY_LEN) >= 0 ||
         differs(page_c, 'C', 0, COPY_OFF) >= 0 ||
         differs(page_c, 'C', COPY_OFF + COPY_LEN, 4096 - COPY_OFF - COPY_LEN) >= 0 )
        return xtf_failure("page C: not d2's copy at %u-%u and C's pattern elsewhere",
                           COPY_OFF, COPY_OFF + COPY_LEN - 1);
    for ( grant_ref_t r = REF_RW; r <= REF_OTHER; r++ )
        if ( gnttab[r].flags & (GTF_reading | GTF_writing) )
            return xtf_failure("ref %u still in use: flags %#x", r, gnttab[r].flags);
    printk("d2 wrote A, left B alone, copied into C; no grant in use\n");
}

/* -------------------------------------------------------------- mapper */

static long map1(grant_ref_t ref, domid_t dom, uint64_t gpa, uint32_t flags,
                 struct gnttab_map_grant_ref *op)
{
    long rc;

    *op = (struct gnttab_map_grant_ref){ .host_addr = gpa, .flags = flags,
                                         .ref = ref, .dom = dom };
    rc = hypercall_grant_table_op(GNTTABOP_map_grant_ref, op, 1);
    return rc ? rc : op->status;
}

static long unmap1(grant_handle_t handle, uint64_t gpa)
{
    struct gnttab_unmap_grant_ref op = { .host_addr = gpa, .handle = handle };
    long rc = hypercall_grant_table_op(GNTTABOP_unmap_grant_ref, &op, 1);

    return rc ? rc : op.status;
}

/* Map A read-write: read it, write 64 bytes; unmap; it is gone. */
static bool mapper_rw(void)
{
    struct gnttab_map_grant_ref op;
    volatile uint8_t *p = (volatile uint8_t *)PEER_GFN_VA;

    if ( !xtf_check_eq("map(A rw)", map1(REF_RW, 1, PEER_GFN_VA, GNTMAP_host_map, &op), 0) )
        return false;
    printk("map(A): handle %u, dev_bus_addr %#lx\n", op.handle,
           (unsigned long)op.dev_bus_addr);
    if ( !op.dev_bus_addr || (op.dev_bus_addr & 0xfff) )
        return xtf_failure("dev_bus_addr %#lx: not a page address",
                           (unsigned long)op.dev_bus_addr), false;
    if ( xtf_map(PEER_GFN_VA, 4096, XTF_MEM_NORMAL) )
        return xtf_error("stage-1 map of %#lx", PEER_GFN_VA), false;
    if ( differs(p, 'A', 0, 4096) >= 0 )
        return xtf_failure("mapped A differs at %d", differs(p, 'A', 0, 4096)), false;
    for ( unsigned int i = 0; i < 64; i++ )
        p[i] = pattern('D', i);
    if ( !xtf_check_eq("unmap(A)", unmap1(op.handle, PEER_GFN_VA), 0) ||
         !xtf_check_eq("unmap(A) again", unmap1(op.handle, PEER_GFN_VA), GNTST_bad_handle) ||
         !xtf_check_eq("unmap(bad handle)", unmap1(4000, PEER_GFN_VA), GNTST_bad_handle) )
        return false;
    xtf_exlog_access(PEER_GFN_VA, false);
    xtf_exlog_stop();
    return xtf_check_eq("aborts reading A after unmap", xtf_exlog_count(), 1);
}

/* B is read-only: no writable mapping; a read-only one where writes fault. */
static bool mapper_ro(void)
{
    struct gnttab_map_grant_ref op;
    volatile uint8_t *p = (volatile uint8_t *)PEER_GFN_VA;

    if ( !xtf_check_eq("map(B writable)", map1(REF_RO, 1, PEER_GFN_VA, GNTMAP_host_map, &op),
                       GNTST_general_error) ||
         !xtf_check_eq("map(B ro)", map1(REF_RO, 1, PEER_GFN_VA,
                                         GNTMAP_host_map | GNTMAP_readonly, &op), 0) )
        return false;
    if ( differs(p, 'B', 0, 4096) >= 0 )
        return xtf_failure("mapped B differs at %d", differs(p, 'B', 0, 4096)), false;
    /*
     * Xen 4.17 takes a stage-2 permission fault for mem_access's and
     * returns to the guest without injecting anything: the store is
     * retried forever.  So the write is tried on Xenith only.
     */
    if ( xtf_on_xenith() )
    {
        xtf_exlog_access(PEER_GFN_VA, true);
        xtf_exlog_stop();
        if ( !xtf_check_eq("aborts writing read-only B", xtf_exlog_count(), 1) )
            return false;
        printk("read-only mapping: a write faults\n");
    }
    else
        printk("read-only mapping: write not tried (Xen 4.17 retries it forever)\n");
    return xtf_check_eq("unmap(B)", unmap1(op.handle, PEER_GFN_VA), 0);
}

/* Every refusal of map_grant_ref, as Xen 4.17 gives it. */
static bool mapper_bad_maps(void)
{
    static const struct {
        const char *what;
        grant_ref_t ref;
        domid_t dom;
        uint32_t flags;
        int16_t status;
    } cases[] = {
        { "ref granted to another domain", REF_OTHER, 1, GNTMAP_host_map, GNTST_general_error },
        { "ref not granted", REF_EMPTY, 1, GNTMAP_host_map, GNTST_general_error },
        { "ref past the table", 0x7fffffff, 1, GNTMAP_host_map, GNTST_bad_gntref },
        { "no such domain", REF_RW, OTHER_DOMID, GNTMAP_host_map, GNTST_bad_domain },
        { "DOMID_SELF", REF_RW, DOMID_SELF, GNTMAP_host_map, GNTST_bad_domain },
        { "no mapping flag", REF_RW, 1, 0, GNTST_bad_gntref },
        { "device map", REF_RW, 1, GNTMAP_host_map | GNTMAP_device_map, GNTST_general_error },
    };
    struct gnttab_map_grant_ref op;
    char what[64];

    for ( unsigned int i = 0; i < ARRAY_SIZE(cases); i++ )
    {
        snprintf(what, sizeof(what), "map(%s)", cases[i].what);
        if ( !xtf_check_eq(what, map1(cases[i].ref, cases[i].dom, PEER_GFN_VA, cases[i].flags,
                                      &op), cases[i].status) )
            return false;
    }
    return true;
}

static bool mapper_bad_calls(void)
{
    struct gnttab_map_grant_ref op = { .host_addr = PEER_GFN_VA, .flags = GNTMAP_host_map,
                                       .ref = REF_RW, .dom = 1 };

    return xtf_check_eq("map count 0",
                        hypercall_grant_table_op(GNTTABOP_map_grant_ref, &op, 0), 0) &&
           xtf_check_eq("map count 2^31", hypercall_grant_table_op(GNTTABOP_map_grant_ref, &op,
                                                                   0x80000000u), -XEN_EINVAL) &&
           xtf_check_eq("map from a bad pointer", xtf_hypercall(__HYPERVISOR_grant_table_op,
                        GNTTABOP_map_grant_ref, 0x1000, 1, 0, 0), -XEN_EFAULT) &&
           xtf_check_eq("unknown op", hypercall_grant_table_op(99, &op, 1), -XEN_ENOSYS);
}

static long copy1(struct gnttab_copy *op)
{
    long rc = hypercall_grant_table_op(GNTTABOP_copy, op, 1);

    return rc ? rc : op->status;
}

/* Copy 128 bytes of my page into C, then C's first 64 bytes back. */
static bool mapper_copy(void)
{
    static uint8_t mine[4096] __attribute__((aligned(4096)));
    struct gnttab_copy op = {
        .source = { .u.gmfn = (unsigned long)mine >> 12, .domid = DOMID_SELF },
        .dest = { .u.ref = REF_COPY, .domid = 1, .offset = COPY_OFF },
        .len = COPY_LEN, .flags = GNTCOPY_dest_gref,
    };
    struct gnttab_copy bad;

    fill(mine, 'E');
    if ( !xtf_check_eq("copy(mine -> C)", copy1(&op), 0) )
        return false;
    op = (struct gnttab_copy){
        .source = { .u.ref = REF_COPY, .domid = 1 },
        .dest = { .u.gmfn = (unsigned long)mine >> 12, .domid = DOMID_SELF },
        .len = 64, .flags = GNTCOPY_source_gref,
    };
    if ( !xtf_check_eq("copy(C -> mine)", copy1(&op), 0) )
        return false;
    if ( differs(mine, 'C', 0, 64) >= 0 || differs(mine, 'E', 64, 4096 - 64) >= 0 )
        return xtf_failure("copy from C: got the wrong bytes"), false;
    bad = op;
    bad.source.offset = 4000;
    bad.len = 200;
    if ( !xtf_check_eq("copy(across a page end)", copy1(&bad), GNTST_bad_copy_arg) )
        return false;
    bad = op;
    bad.source.u.ref = REF_OTHER;
    if ( !xtf_check_eq("copy(ref of another domain)", copy1(&bad), GNTST_general_error) )
        return false;
    bad = op;
    bad.source.domid = OTHER_DOMID;
    if ( !xtf_check_eq("copy(no such domain)", copy1(&bad), GNTST_bad_domain) )
        return false;
    bad = op;
    bad.dest.domid = 2;         /* my own id, but a frame needs DOMID_SELF */
    if ( !xtf_check_eq("copy(frame by domid)", copy1(&bad), GNTST_permission_denied) )
        return false;
    bad = (struct gnttab_copy){
        .source = op.dest, .dest = { .u.ref = REF_RO, .domid = 1 },
        .len = 8, .flags = GNTCOPY_dest_gref,
    };
    return xtf_check_eq("copy(into a read-only grant)", copy1(&bad), GNTST_general_error);
}

static void mapper(void)
{
    if ( !idom_wait_events(PORT, 1, WAIT_US) )
        return xtf_failure("no word from d1 within %u ms", WAIT_US / 1000);
    if ( mapper_bad_calls() && mapper_rw() && mapper_ro() && mapper_bad_maps() &&
         mapper_copy() )
        printk("maps, unmaps, copies and refusals as expected\n");
    /* d1 checks what was done, whatever happened here. */
    xtf_check_eq("send(done)", idom_send(PORT), 0);
}

void test_main(void)
{
    int role = idom_start("granter", PORT, WAIT_US);
    bool is_granter = role == 1;

    if ( role < 0 )
        return;
    if ( !table_setup(is_granter ? 2 : 1) )
    {
        if ( is_granter )
            idom_send(PORT);        /* d2 must not wait for nothing */
        return;
    }
    if ( is_granter )
        granter();
    else
        mapper();
    xtf_irq_disable();
    xtf_success(NULL);
}
