/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * @file tests/grant-balloon/main.c
 * A granted page ballooned out while mapped is not reused meanwhile.  d1
 * grants page A to d2, which maps it; d1 then gives back page B and A's
 * frame (XENMEM_decrease_reservation: A's gfn faults for d1 from then on),
 * populates A's gfn again (XENMEM_populate_physmap) and fills the new page
 * with 'Z'.  A page held by a mapping still counts against its domain, as
 * on Xen: B makes room for the new one (and, given back before A, a
 * last-in-first-out allocator would hand out A's frame first were it
 * free).  d2 must still see A's old contents through its
 * mapping, and its writes must not reach d1's new page: the old page is
 * held by the mapping (a page reference) until d2 unmaps it.
 */
#include <xtf.h>
#include <xtf/interdom.h>

const char test_title[] = "A granted page ballooned out stays the mapper's until unmapped";

#define PORT        10
#define WAIT_US     10000000
#define REF         8
#define PEER_VA     (IDOM_GNTTAB_GPA + 0x100000)

static uint8_t page_a[4096] __attribute__((aligned(4096)));
static uint8_t page_b[4096] __attribute__((aligned(4096)));

static uint8_t pattern(char c, unsigned int i)
{
    return (uint8_t)(c * 7 + i);
}

static bool is_filled(const volatile uint8_t *p, char c)
{
    for ( unsigned int i = 0; i < 4096; i++ )
        if ( p[i] != pattern(c, i) )
            return false;
    return true;
}

/* XENMEM_decrease_reservation or populate_physmap of one frame at @gfn. */
static long one_frame(unsigned int op, xen_pfn_t gfn)
{
    struct xen_memory_reservation r = { .nr_extents = 1, .domid = DOMID_SELF };

    set_xen_guest_handle(r.extent_start, &gfn);
    return hypercall_memory_op(op, &r);
}

static void granter(void)
{
    volatile grant_entry_v1_t *gnttab = (volatile grant_entry_v1_t *)IDOM_GNTTAB_GPA;
    xen_pfn_t gfn = (unsigned long)page_a >> 12;
    long rc;

    for ( unsigned int i = 0; i < 4096; i++ )
        page_a[i] = pattern('A', i);
    gnttab[REF].frame = (uint32_t)gfn;
    gnttab[REF].domid = 2;
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    gnttab[REF].flags = GTF_permit_access;
    if ( idom_send(PORT) || !idom_wait_or_fail(PORT, 1, WAIT_US, "d2's mapping") )
        return xtf_failure("handing A over to d2");
    if ( (rc = one_frame(XENMEM_decrease_reservation, (unsigned long)page_b >> 12)) != 1 )
        return xtf_failure("decrease_reservation(B): %ld, expected 1", rc);
    if ( (rc = one_frame(XENMEM_decrease_reservation, gfn)) != 1 )
        return xtf_failure("decrease_reservation(A): %ld, expected 1", rc);
    xtf_exlog_access((unsigned long)page_a, false);
    xtf_exlog_stop();
    if ( xtf_exlog_count() != 1 )
        return xtf_failure("A's gfn after the balloon: %u aborts on a read, expected 1",
                           xtf_exlog_count());
    if ( (rc = one_frame(XENMEM_populate_physmap, gfn)) != 1 )
        return xtf_failure("populate_physmap(A's gfn): %ld, expected 1", rc);
    for ( unsigned int i = 0; i < 4096; i++ )
        page_a[i] = pattern('Z', i);
    if ( idom_send(PORT) || !idom_wait_or_fail(PORT, 2, WAIT_US, "d2's unmap") )
        return xtf_failure("telling d2");
    if ( !is_filled(page_a, 'Z') )
        return xtf_failure("d2's writes to the old page reached my new one");
    if ( gnttab[REF].flags & (GTF_reading | GTF_writing) )
        return xtf_failure("ref %u still in use after d2's unmap: %#x", REF, gnttab[REF].flags);
    printk("A ballooned out and its gfn repopulated while d2 mapped A\n");
}

static void mapper(void)
{
    struct gnttab_map_grant_ref op = { .host_addr = PEER_VA, .flags = GNTMAP_host_map,
                                       .ref = REF, .dom = 1 };
    struct gnttab_unmap_grant_ref un = { .host_addr = PEER_VA };
    volatile uint8_t *p = (volatile uint8_t *)PEER_VA;
    long rc;

    if ( !idom_wait_or_fail(PORT, 1, WAIT_US, "d1's grant") )
        return;
    rc = hypercall_grant_table_op(GNTTABOP_map_grant_ref, &op, 1);
    if ( rc || op.status )
        return xtf_failure("map(A): %ld/%d", rc, op.status);
    if ( xtf_map(PEER_VA, 4096, XTF_MEM_NORMAL) )
        return xtf_error("stage-1 map of %#lx", PEER_VA);
    if ( idom_send(PORT) || !idom_wait_or_fail(PORT, 2, WAIT_US, "d1's balloon") )
        return xtf_failure("telling d1");
    if ( !is_filled(p, 'A') )
        return xtf_failure("A changed under my mapping once d1 gave it back "
                           "(first byte %#x): the page was reused", p[0]);
    for ( unsigned int i = 0; i < 4096; i++ )
        p[i] = pattern('D', i);
    un.handle = op.handle;
    rc = hypercall_grant_table_op(GNTTABOP_unmap_grant_ref, &un, 1);
    if ( rc || un.status )
        return xtf_failure("unmap(A): %ld/%d", rc, un.status);
    if ( idom_send(PORT) )
        return xtf_failure("telling d1");
    printk("A kept its contents under my mapping until I unmapped it\n");
}

void test_main(void)
{
    int role = idom_start("granter", PORT, WAIT_US);
    bool is_granter = role == 1;
    long rc;

    if ( role < 0 )
        return;
    if ( is_granter &&
         (rc = idom_add_to_physmap(XENMAPSPACE_grant_table, 0, IDOM_GNTTAB_GPA)) )
        return xtf_error("add_to_physmap(grant_table 0): %ld", rc);
    if ( is_granter )
        granter();
    else
        mapper();
    xtf_irq_disable();
    xtf_success(NULL);
}
