/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * @file tests/guest-copy/main.c
 * Hypercall arguments read and written through the guest's own
 * translation (Xenith's copy_from_guest/copy_to_guest, one AT S12E1R/W per
 * page on its fast path):
 * - a structure across a page boundary is read and written whole, each
 *   byte where the guest put it (XENVER_extraversion out, EVTCHNOP
 *   alloc_unbound in and out, close in);
 * - an argument at an address the guest maps at stage 1 but the hypervisor
 *   maps to nothing at stage 2 (a hole of the memory map) fails with
 *   -EFAULT, read or written, and nothing else happens.
 */
#include <xtf.h>
#include <xtf/interdom.h>

const char test_title[] = "Hypercall arguments across pages and in holes";

/* The space between vPL011 and vPCI MEM (arch-arm.h): nothing at stage 2. */
#define HOLE            0x22800000UL

static uint8_t pages[2 * PAGE_SIZE] __aligned(PAGE_SIZE);

static void check(const char *what, long rc, long want)
{
    if ( rc != want )
        xtf_failure("%s: %ld, expected %ld", what, rc, want);
}

/* XENVER_extraversion into a buffer that starts 7 bytes before a page end. */
static void test_out_across(void)
{
    char want[XEN_EXTRAVERSION_LEN];
    char *across = (char *)pages + PAGE_SIZE - 7;

    memset(pages, 0x5a, sizeof(pages));
    check("extraversion", hypercall_xen_version(XENVER_extraversion, want), 0);
    check("extraversion across pages", hypercall_xen_version(XENVER_extraversion, across), 0);
    if ( memcmp(across, want, sizeof(want)) )
        xtf_failure("extraversion across pages: \"%.16s\", expected \"%.16s\"", across, want);
    if ( across[-1] != 0x5a || across[sizeof(want)] != 0x5a )
        xtf_failure("extraversion across pages wrote outside its 16 bytes");
}

/*
 * alloc_unbound with dom in one page and remote_dom and port in the next;
 * then close of that port, its number across the boundary.
 */
static void test_in_across(void)
{
    struct evtchn_alloc_unbound *a = (void *)(pages + PAGE_SIZE - 2);
    struct evtchn_close *c = (void *)(pages + PAGE_SIZE - 2);
    struct evtchn_alloc_unbound b;
    evtchn_port_t port;

    memset(pages, 0, sizeof(pages));
    a->dom = DOMID_SELF;
    a->remote_dom = DOMID_SELF;
    a->port = 0x5a5a5a5a;
    check("alloc_unbound across pages", hypercall_event_channel_op(EVTCHNOP_alloc_unbound, a), 0);
    port = a->port;
    if ( port == 0 || port == 0x5a5a5a5a )
        return xtf_failure("alloc_unbound across pages: port %u", port);
    /* The next free port is the one after: the first was really taken. */
    b = (struct evtchn_alloc_unbound){ .dom = DOMID_SELF, .remote_dom = DOMID_SELF };
    check("alloc_unbound", hypercall_event_channel_op(EVTCHNOP_alloc_unbound, &b), 0);
    if ( b.port == port )
        xtf_failure("alloc_unbound gave port %u twice", port);
    c->port = port;
    check("close across pages", hypercall_event_channel_op(EVTCHNOP_close, c), 0);
    check("close again", hypercall_event_channel_op(EVTCHNOP_close, c), -XEN_EINVAL);
    c->port = b.port;
    check("close", hypercall_event_channel_op(EVTCHNOP_close, c), 0);
}

static void test_hole(void)
{
    if ( xtf_map(HOLE, PAGE_SIZE, XTF_MEM_NORMAL) )
        return xtf_error("cannot map the hole at stage 1");
    check("extraversion into a hole", hypercall_xen_version(XENVER_extraversion, (void *)HOLE),
          -XEN_EFAULT);
    check("alloc_unbound from a hole",
          hypercall_event_channel_op(EVTCHNOP_alloc_unbound, (void *)HOLE), -XEN_EFAULT);
    check("send from a hole", hypercall_event_channel_op(EVTCHNOP_send, (void *)HOLE),
          -XEN_EFAULT);
}

void test_main(void)
{
    test_out_across();
    test_in_across();
    test_hole();
    xtf_success(NULL);
}
