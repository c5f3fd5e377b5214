/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * @file tests/grant-teardown/main.c
 * A domain dies with grants mapped both ways.  d1 (dying) grants a page
 * to d2; d2 (survivor) maps it, writes to it and grants d1 a page, which
 * d1 maps; both check they see each other's data.  Then d1 powers off
 * with both mappings live.  d2 waits up to DEATH_US for all of d1 to go (Xenith
 * destroys the domain: its channel end closes, the mappings end) and
 * reports: is d1
 * destroyed, is its own grant still in use (GTF_reading/GTF_writing), can
 * it still read and write d1's page, what does unmapping it say.  The
 * expect file pins the answer per hypervisor: on Xenith nothing of d1
 * survives; Xen 4.17 keeps the shut-down domain and both mappings.
 */
#include <xtf.h>
#include <xtf/interdom.h>

const char test_title[] = "A domain dies with grants mapped";

#define PORT        10
#define WAIT_US     10000000
#define DEATH_US    3000000
#define REF_D1      8           /* d1's page, granted to d2 */
#define REF_D2      9           /* d2's page, granted to d1 */
#define PEER_VA     (IDOM_GNTTAB_GPA + 0x100000)    /* the other's page */

static uint8_t page[4096] __attribute__((aligned(4096)));
static volatile grant_entry_v1_t *gnttab;

static bool setup_table(void)
{
    long rc = idom_add_to_physmap(XENMAPSPACE_grant_table, 0, IDOM_GNTTAB_GPA);

    if ( rc )
        xtf_error("add_to_physmap(grant_table 0): %ld", rc);
    gnttab = (volatile grant_entry_v1_t *)IDOM_GNTTAB_GPA;
    return !rc;
}

static void grant(grant_ref_t ref, domid_t to)
{
    gnttab[ref].frame = (uint32_t)((unsigned long)page >> 12);
    gnttab[ref].domid = to;
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    gnttab[ref].flags = GTF_permit_access;
}

/* Map @ref of @dom at PEER_VA and check its first byte is @want. */
static bool map_peer(grant_ref_t ref, domid_t dom, uint8_t want, grant_handle_t *h)
{
    struct gnttab_map_grant_ref op = { .host_addr = PEER_VA, .flags = GNTMAP_host_map,
                                       .ref = ref, .dom = dom };
    long rc = hypercall_grant_table_op(GNTTABOP_map_grant_ref, &op, 1);

    if ( rc || op.status )
        return xtf_failure("map(d%u ref %u): %ld/%d", dom, ref, rc, op.status), false;
    if ( xtf_map(PEER_VA, 4096, XTF_MEM_NORMAL) )
        return xtf_error("stage-1 map of %#lx", PEER_VA), false;
    if ( *(volatile uint8_t *)PEER_VA != want )
        return xtf_failure("d%u's page reads %#x, expected %#x", dom,
                           *(volatile uint8_t *)PEER_VA, want), false;
    *h = op.handle;
    return true;
}

/* d1: grant my page, see d2's write in it, map d2's page; then die. */
static void dying(void)
{
    grant_handle_t h;

    page[0] = 0xd1;
    grant(REF_D1, 2);
    if ( idom_send(PORT) || !idom_wait_or_fail(PORT, 1, WAIT_US, "d2's mapping and grant") )
        return xtf_failure("handing over to d2");
    if ( page[1] != 0x5a )
        return xtf_failure("d2's write did not reach my page: %#x", page[1]);
    if ( !map_peer(REF_D2, 2, 0xd2, &h) )
        return;
    printk("powering off with d2's page mapped and mine mapped by d2\n");
}

/* Whether d1's end of the channel is gone (Xenith closes it on destruction). */
static bool peer_destroyed(void)
{
    struct evtchn_status st = { .dom = DOMID_SELF, .port = PORT };

    return !hypercall_event_channel_op(EVTCHNOP_status, &st) &&
           st.status != EVTCHNSTAT_interdomain;
}

static unsigned int faults(bool write)
{
    xtf_exlog_access(PEER_VA, write);
    xtf_exlog_stop();
    return xtf_exlog_count();
}

/*
 * Everything of d1 gone: its channel end, its mapping of my page, my
 * mapping of its page.  Xenith closes the channel first, then ends the
 * mappings: wait for all of it (on Xen 4.17 none comes).
 */
static bool all_gone(void)
{
    return peer_destroyed() && !(gnttab[REF_D2].flags & (GTF_reading | GTF_writing)) &&
           faults(false);
}

static void survivor(void)
{
    struct gnttab_unmap_grant_ref un = { .host_addr = PEER_VA };
    bool gone, in_use;
    unsigned int rd, wr;
    long rc;

    page[0] = 0xd2;
    if ( !idom_wait_or_fail(PORT, 1, WAIT_US, "d1's grant") ||
         !map_peer(REF_D1, 1, 0xd1, &un.handle) )
        return;
    ((volatile uint8_t *)PEER_VA)[1] = 0x5a;
    grant(REF_D2, 1);
    if ( idom_send(PORT) )
        return xtf_failure("handing over to d1");
    xtf_wait_until(all_gone(), DEATH_US);
    gone = peer_destroyed();
    in_use = gnttab[REF_D2].flags & (GTF_reading | GTF_writing);
    rd = faults(false);
    wr = faults(true);
    rc = hypercall_grant_table_op(GNTTABOP_unmap_grant_ref, &un, 1);
    printk("after d1's poweroff: d1 %s, my grant %s, its page %s, unmap %d\n",
           gone ? "destroyed" : "not destroyed", in_use ? "in use" : "released",
           rd && wr ? "faults (read and write)" : rd || wr ? "half reachable" : "readable",
           rc ? (int)rc : un.status);
}

void test_main(void)
{
    int role = idom_start("dying", PORT, WAIT_US);
    bool is_dying = role == 1;

    if ( role < 0 || !setup_table() )
        return;
    if ( is_dying )
        dying();
    else
        survivor();
    xtf_irq_disable();
    xtf_success(NULL);
}
