/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * @file tests/memory-op-grant/main.c
 * A page its domain gives back while another domain has it mapped
 * (XENMEM_decrease_reservation of a granted page): the granter loses it
 * at once (its gfn faults), while the mapper's grant mapping holds a
 * reference that keeps the page alive with its contents until the mapper
 * unmaps it.  Until then the page still counts in the granter's
 * current_reservation (Xen 4.17), so it cannot populate another page;
 * after the unmap it can, and the grant is no longer in use.  Two domains
 * over a static event channel (port 10): d2 (mapper) clears what its end
 * starts with pending and says "ready", as in evtchn-pingpong.
 */
#include <xtf.h>
#include <xtf/interdom.h>

const char test_title[] = "A granted page ballooned out while mapped";

#define PORT        10
#define WAIT_US     10000000
#define REF         8
#define RAM_PAGES   (64UL << 8)                 /* 64 MiB (test.cfg) */
#define MAP_GPA     (IDOM_GNTTAB_GPA + 0x100000) /* where d2 maps d1's page */

static uint8_t page[4096] __attribute__((aligned(4096)));

static long current_pages(void)
{
    struct xen_memory_domain md = { .domid = DOMID_SELF };

    return hypercall_memory_op(XENMEM_current_reservation, &md);
}

static long reservation(unsigned int op, unsigned long gfn)
{
    xen_pfn_t l[1] = { gfn };
    struct xen_memory_reservation r = { .nr_extents = 1, .domid = DOMID_SELF };

    set_xen_guest_handle(r.extent_start, l);
    return hypercall_memory_op(op, &r);
}

static bool faults(uint64_t va)
{
    xtf_exlog_access(va, false);
    xtf_exlog_stop();
    return xtf_exlog_count() == 1;
}

/* The first byte of @p that is not @base + its index, or -1. */
static int differs(const volatile uint8_t *p, uint8_t base)
{
    for ( unsigned int i = 0; i < 4096; i++ )
        if ( p[i] != (uint8_t)(base + i) )
            return (int)i;
    return -1;
}

static bool wait_for(unsigned int n)
{
    if ( idom_wait_events(PORT, n, WAIT_US) )
        return true;
    xtf_failure("no event %u from the other domain within %u ms", n, WAIT_US / 1000);
    return false;
}

static void granter(void)
{
    volatile grant_entry_v1_t *gt = (volatile grant_entry_v1_t *)IDOM_GNTTAB_GPA;
    unsigned long gfn = (unsigned long)page >> 12;

    if ( !wait_for(1) ||
         !xtf_check_eq("map grant frame 0",
                       idom_add_to_physmap(XENMAPSPACE_grant_table, 0, IDOM_GNTTAB_GPA), 0) )
        return;
    for ( unsigned int i = 0; i < 4096; i++ )
        page[i] = (uint8_t)(0x40 + i);
    gt[REF].frame = (uint32_t)gfn;
    gt[REF].domid = 2;
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    gt[REF].flags = GTF_permit_access;
    if ( !xtf_check_eq("send(granted)", idom_send(PORT), 0) || !wait_for(2) )
        return;

    /* d2 has it mapped: give it back to the hypervisor anyway. */
    if ( !xtf_check_eq("decrease the granted page",
                       reservation(XENMEM_decrease_reservation, gfn), 1) ||
         !xtf_check_eq("current while d2 maps it", current_pages(), RAM_PAGES) ||
         !xtf_check_eq("populate while d2 maps it", reservation(XENMEM_populate_physmap, gfn), 0) )
        return;
    if ( !faults((uint64_t)page) )
        return xtf_failure("the ballooned page is still mapped in d1");
    if ( !xtf_check_eq("send(ballooned)", idom_send(PORT), 0) || !wait_for(3) )
        return;

    if ( gt[REF].flags & (GTF_reading | GTF_writing) )
        return xtf_failure("grant still in use after d2's unmap: flags %#x", gt[REF].flags);
    if ( !xtf_check_eq("current after d2's unmap", current_pages(), RAM_PAGES - 1) ||
         !xtf_check_eq("populate the gfn again", reservation(XENMEM_populate_physmap, gfn), 1) ||
         !xtf_check_eq("current after populate", current_pages(), RAM_PAGES) )
        return;
    page[0] = 1;
    xtf_success(NULL);
}

static long map_ref(struct gnttab_map_grant_ref *op)
{
    long rc;

    *op = (struct gnttab_map_grant_ref){ .host_addr = MAP_GPA, .flags = GNTMAP_host_map,
                                         .ref = REF, .dom = 1 };
    rc = hypercall_grant_table_op(GNTTABOP_map_grant_ref, op, 1);
    return rc ? rc : op->status;
}

static void mapper(void)
{
    volatile uint8_t *p = (volatile uint8_t *)MAP_GPA;
    struct gnttab_map_grant_ref op;
    struct gnttab_unmap_grant_ref un;

    if ( !xtf_check_eq("send(ready)", idom_send(PORT), 0) || !wait_for(1) ||
         !xtf_check_eq("map d1's page", map_ref(&op), 0) )
        return;
    if ( xtf_map(MAP_GPA, 4096, XTF_MEM_NORMAL) )
        return xtf_error("stage-1 map of %#lx", MAP_GPA);
    if ( differs(p, 0x40) >= 0 )
        return xtf_failure("mapped page differs at %d", differs(p, 0x40));
    if ( !xtf_check_eq("send(mapped)", idom_send(PORT), 0) || !wait_for(2) )
        return;

    /* d1 gave it up: still here, still d1's data, still writable. */
    if ( differs(p, 0x40) >= 0 )
        return xtf_failure("after d1's decrease the page differs at %d", differs(p, 0x40));
    for ( unsigned int i = 0; i < 4096; i++ )
        p[i] = (uint8_t)(0x80 + i);
    if ( differs(p, 0x80) >= 0 )
        return xtf_failure("writes to the page did not stick at %d", differs(p, 0x80));
    un = (struct gnttab_unmap_grant_ref){ .host_addr = MAP_GPA, .handle = op.handle };
    if ( !xtf_check_eq("unmap", hypercall_grant_table_op(GNTTABOP_unmap_grant_ref, &un, 1), 0) ||
         !xtf_check_eq("unmap status", un.status, GNTST_okay) )
        return;
    if ( !faults(MAP_GPA) )
        return xtf_failure("d1's page still mapped in d2 after unmap");
    if ( xtf_check_eq("send(unmapped)", idom_send(PORT), 0) )
        xtf_success(NULL);
}

void test_main(void)
{
    char role[16];

    if ( xtf_cmdline_get("xtf.role", role, sizeof(role)) )
        return xtf_error("no xtf.role on the command line");
    if ( idom_init(strcmp(role, "granter") ? PORT : 0) )
        return;
    if ( !strcmp(role, "granter") )
        granter();
    else
        mapper();
}
