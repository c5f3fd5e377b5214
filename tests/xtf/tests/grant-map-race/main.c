/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * @file tests/grant-map-race/main.c
 * Maps racing the granter's destruction.  d1 (dying) grants a page to d2
 * and powers off shortly after; d2 (mapper) maps and unmaps it in a loop
 * the whole time.  On Xenith, which destroys d1, some map or unmap meets the
 * destruction half way: a mapping the destruction ended is gone when d2
 * unmaps it (GNTST_bad_handle), and the first map once d1 is dying is
 * refused with GNTST_bad_domain.  No mapping may be left behind and the
 * hypervisor must not fall over.  Xen 4.17 keeps the shut-down domain, so
 * every map there works until the loop's time is up.
 */
#include <xtf.h>
#include <xtf/interdom.h>

const char test_title[] = "Grant maps racing the granter's destruction";

#define PORT        10
#define WAIT_US     10000000
#define LOOP_US     3000000
#define GRACE_US    200000      /* d2 is well into its loop when d1 dies */
#define REF         8
#define PEER_VA     (IDOM_GNTTAB_GPA + 0x100000)

static uint8_t page[4096] __attribute__((aligned(4096)));

/* d1: grant my page to d2, tell it, and power off. */
static void dying(void)
{
    volatile grant_entry_v1_t *gnttab = (volatile grant_entry_v1_t *)IDOM_GNTTAB_GPA;
    long rc = idom_add_to_physmap(XENMAPSPACE_grant_table, 0, IDOM_GNTTAB_GPA);

    if ( rc )
        return xtf_error("add_to_physmap(grant_table 0): %ld", rc);
    gnttab[REF].frame = (uint32_t)((unsigned long)page >> 12);
    gnttab[REF].domid = 2;
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    gnttab[REF].flags = GTF_permit_access;
    if ( idom_send(PORT) )
        return xtf_failure("telling d2");
    xtf_wait_until(false, GRACE_US);
    printk("powering off with my page granted to d2\n");
}

static int16_t map_once(grant_handle_t *h)
{
    struct gnttab_map_grant_ref op = { .host_addr = PEER_VA, .flags = GNTMAP_host_map,
                                       .ref = REF, .dom = 1 };
    long rc = hypercall_grant_table_op(GNTTABOP_map_grant_ref, &op, 1);

    *h = op.handle;
    return rc ? -99 : op.status;
}

/* 0, or GNTST_bad_handle when d1's destruction ended the mapping first. */
static int16_t unmap_once(grant_handle_t h)
{
    struct gnttab_unmap_grant_ref un = { .host_addr = PEER_VA, .handle = h };
    long rc = hypercall_grant_table_op(GNTTABOP_unmap_grant_ref, &un, 1);

    return rc ? -99 : un.status;
}

/* Whether d1's end of the channel is gone (Xenith closes it on destruction). */
static bool peer_destroyed(void)
{
    struct evtchn_status st = { .dom = DOMID_SELF, .port = PORT };

    return !hypercall_event_channel_op(EVTCHNOP_status, &st) &&
           st.status != EVTCHNSTAT_interdomain;
}

/* Whether anything is still mapped at PEER_VA: its unmap by address. */
static bool something_mapped(void)
{
    struct gnttab_unmap_grant_ref un = { .host_addr = PEER_VA, .handle = 0 };

    return !hypercall_grant_table_op(GNTTABOP_unmap_grant_ref, &un, 1) &&
           un.status != GNTST_bad_handle;
}

static void mapper(void)
{
    uint64_t end;
    unsigned int n = 0;
    int16_t st = GNTST_okay, ust;
    grant_handle_t h;

    if ( !idom_wait_events(PORT, 1, WAIT_US) )
        return xtf_failure("no grant from d1 within %u ms", WAIT_US / 1000);
    for ( end = xtf_now_us() + LOOP_US; xtf_now_us() < end; n++ )
    {
        st = map_once(&h);
        if ( st != GNTST_okay )
            break;
        ust = unmap_once(h);
        if ( ust != GNTST_okay && ust != GNTST_bad_handle )
            return xtf_failure("unmap %u: %d", n, ust);
    }
    if ( st != GNTST_okay && st != GNTST_bad_domain )
        return xtf_failure("map %u: %d", n, st);
    xtf_wait_until(peer_destroyed(), LOOP_US);
    if ( st == GNTST_okay )
        printk("maps racing d1's poweroff: all %u worked, d1 %s, nothing %s\n", n,
               peer_destroyed() ? "destroyed" : "not destroyed",
               something_mapped() ? "left mapped?" : "mapped");
    else
        printk("maps racing d1's poweroff: ended by bad_domain (%d) after %u, d1 %s, "
               "nothing %s\n", st, n, peer_destroyed() ? "destroyed" : "not destroyed",
               something_mapped() ? "left mapped?" : "mapped");
}

void test_main(void)
{
    int role = idom_start("dying", PORT, WAIT_US);
    bool is_dying = role == 1;

    if ( role < 0 )
        return;
    if ( is_dying )
        dying();
    else
        mapper();
    xtf_irq_disable();
    xtf_success(NULL);
}
