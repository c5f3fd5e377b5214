/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The public ABI headers (include/public), checked on the host.
 *
 * The headers pin every layout with static assertions already; this test
 * checks the key ones again where a failure is reported by name, checks
 * numbers that have no layout (hypercalls, domain IDs, the guest memory
 * map ...), and exercises the macros that have behaviour: guest handles,
 * UUIDs, the shared rings and the xenstore error table.  That each header
 * compiles alone, for the host and for arm64, is checked by
 * tests/public-abi/check-headers.sh before this test is built.
 *
 * The host is x86-64 (LP64).  For every type here its layout equals
 * AArch64's: both ABIs give 8-byte alignment to 64-bit integers and
 * pointers, 4-byte enums, and GNU C's empty structures take no space.  The
 * differences that exist do not touch these layouts: plain char is signed
 * on x86-64 and unsigned on arm64, and a hypercall-argument handle
 * (XEN_GUEST_HANDLE_PARAM) is a register, 8 bytes on both.  An ILP32 arm32
 * guest would differ in its parameter handles only; in-memory handles stay
 * 8 bytes.  The headers describe the Arm ABI on every host, so Xen's x86
 * layouts (a 64-byte vcpu_info, 32 legacy vCPUs) never appear here.
 */
#define __XEN_TOOLS__           /* see the toolstack's declarations too */

#include <errno.h>              /* before xs_wire.h: its errno name table */
#include <stdio.h>
#include <string.h>

#include "host.h"
#include "../public-abi/guest_view.h"

#include <public/xen.h>
#include <public/arch-arm.h>
#include <public/errno.h>
#include <public/version.h>
#include <public/features.h>
#include <public/memory.h>
#include <public/vcpu.h>
#include <public/event_channel.h>
#include <public/grant_table.h>
#include <public/sched.h>
#include <public/hvm/hvm_op.h>
#include <public/hvm/params.h>
#include <public/platform.h>
#include <public/physdev.h>
#include <public/io/console.h>
#include <public/io/xs_wire.h>
#include <public/io/xenbus.h>

/* The ring macros leave the barriers to the includer. */
#define xen_mb()  __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define xen_rmb() __atomic_thread_fence(__ATOMIC_ACQUIRE)
#define xen_wmb() __atomic_thread_fence(__ATOMIC_RELEASE)
#include <public/io/ring.h>

struct abi_fact {
    const char *what;
    unsigned long long got, want;
};

#define SIZE(type, n)         { "sizeof(" #type ")", sizeof(type), n }
#define OFF(type, member, n)  { #type "." #member, offsetof(type, member), n }
#define VAL(name, n)          { #name, (unsigned long long)(name), n }

/* Report every mismatch of a table, then fail once. */
static void check_facts(const struct abi_fact *f, size_t n)
{
    unsigned int bad = 0;
    size_t i;

    for ( i = 0; i < n; i++ )
    {
        if ( f[i].got == f[i].want )
            continue;
        print_error("%s is %#llx, want %#llx\n", f[i].what, f[i].got,
                    f[i].want);
        bad++;
    }
    assert_int_equal(bad, 0);
}

static const struct abi_fact layouts[] = {
    SIZE(struct vcpu_info, 48),
    OFF(struct vcpu_info, evtchn_pending_sel, 8),
    OFF(struct vcpu_info, time, 16),
    SIZE(struct vcpu_time_info, 32),
    SIZE(struct shared_info, 1088),
    OFF(struct shared_info, evtchn_pending, 48),
    OFF(struct shared_info, evtchn_mask, 560),
    OFF(struct shared_info, wc_version, 1072),
    OFF(struct shared_info, wc_sec_hi, 1084),
    SIZE(struct multicall_entry, 64),
    OFF(struct multicall_entry, args, 16),
    SIZE(XEN_GUEST_HANDLE(xen_pfn_t), 8),
    SIZE(XEN_GUEST_HANDLE_PARAM(xen_pfn_t), 8),
    SIZE(struct vcpu_guest_context, 352),
    OFF(struct vcpu_guest_context, user_regs.pc64, 256),
    OFF(struct vcpu_guest_context, user_regs.elr_el1, 312),
    OFF(struct vcpu_guest_context, sctlr, 320),
    SIZE(struct xen_feature_info, 8),
    SIZE(struct xen_compile_info, 144),
    SIZE(struct xen_memory_reservation, 32),
    OFF(struct xen_memory_reservation, mem_flags, 20),
    OFF(struct xen_memory_reservation, domid, 24),
    SIZE(struct xen_add_to_physmap, 24),
    OFF(struct xen_add_to_physmap, space, 4),
    OFF(struct xen_add_to_physmap, gpfn, 16),
    SIZE(struct xen_add_to_physmap_batch, 32),
    OFF(struct xen_add_to_physmap_batch, u.foreign_domid, 6),
    OFF(struct xen_add_to_physmap_batch, errs, 24),
    SIZE(struct xen_remove_from_physmap, 16),
    SIZE(struct xen_mem_acquire_resource, 32),
    OFF(struct xen_mem_acquire_resource, frame_list, 24),
    SIZE(struct vcpu_runstate_info, 48),
    OFF(struct vcpu_runstate_info, time, 16),
    SIZE(struct vcpu_register_vcpu_info, 16),
    SIZE(struct vcpu_register_runstate_memory_area, 8),
    SIZE(struct evtchn_bind_interdomain, 12),
    SIZE(struct evtchn_status, 24),
    OFF(struct evtchn_status, u.interdomain.port, 20),
    SIZE(struct evtchn_init_control, 24),
    OFF(struct evtchn_init_control, link_bits, 16),
    SIZE(struct evtchn_fifo_control_block, 72),
    SIZE(struct grant_entry_v1, 8),
    SIZE(union grant_entry_v2, 16),
    SIZE(struct gnttab_map_grant_ref, 32),
    OFF(struct gnttab_map_grant_ref, status, 18),
    OFF(struct gnttab_map_grant_ref, dev_bus_addr, 24),
    SIZE(struct gnttab_unmap_grant_ref, 24),
    SIZE(struct gnttab_setup_table, 24),
    SIZE(struct gnttab_copy, 40),
    OFF(struct gnttab_copy, len, 32),
    SIZE(struct gnttab_query_size, 16),
    SIZE(struct gnttab_cache_flush, 16),
    SIZE(struct sched_poll, 24),
    SIZE(struct sched_remote_shutdown, 8),
    SIZE(struct xen_hvm_param, 16),
    OFF(struct xen_hvm_param, value, 8),
    SIZE(struct xen_platform_op, 136),
    OFF(struct xen_platform_op, u.settime64.system_time, 24),
    OFF(struct physdev_pci_device_add, optarr, 12),
    SIZE(struct xencons_interface, 3088),
    OFF(struct xencons_interface, out_prod, 3084),
    SIZE(struct xsd_sockmsg, 16),
    SIZE(struct xenstore_domain_interface, 2076),
    OFF(struct xenstore_domain_interface, req_cons, 2048),
    OFF(struct xenstore_domain_interface, error, 2072),
};

static void test_layouts(void **state)
{
    check_facts(layouts, sizeof(layouts) / sizeof(layouts[0]));
}

static const struct abi_fact numbers[] = {
    VAL(__XEN_INTERFACE_VERSION__, 0x00040e00),
    VAL(XEN_HYPERCALL_TAG, 0xea1),
    VAL(__HYPERVISOR_platform_op, 7),
    VAL(__HYPERVISOR_memory_op, 12),
    VAL(__HYPERVISOR_multicall, 13),
    VAL(__HYPERVISOR_xen_version, 17),
    VAL(__HYPERVISOR_console_io, 18),
    VAL(__HYPERVISOR_grant_table_op, 20),
    VAL(__HYPERVISOR_vm_assist, 21),
    VAL(__HYPERVISOR_vcpu_op, 24),
    VAL(__HYPERVISOR_sched_op, 29),
    VAL(__HYPERVISOR_event_channel_op, 32),
    VAL(__HYPERVISOR_physdev_op, 33),
    VAL(__HYPERVISOR_hvm_op, 34),
    VAL(__HYPERVISOR_sysctl, 35),
    VAL(__HYPERVISOR_domctl, 36),
    VAL(__HYPERVISOR_dm_op, 41),
    VAL(__HYPERVISOR_hypfs_op, 42),
    VAL(DOMID_SELF, 0x7ff0),
    VAL(DOMID_IO, 0x7ff1),
    VAL(DOMID_XEN, 0x7ff2),
    VAL(DOMID_INVALID, 0x7ff4),
    VAL(DOMID_IDLE, 0x7fff),
    VAL(VIRQ_CONSOLE, 2),
    VAL(VIRQ_DOM_EXC, 3),
    VAL(NR_VIRQS, 24),
    VAL(VMASST_TYPE_runstate_update_flag, 5),
    VAL(XEN_LEGACY_MAX_VCPUS, 1),
    VAL(GUEST_GICD_BASE, 0x03001000),
    VAL(GUEST_GICC_BASE, 0x03002000),
    VAL(GUEST_GICV3_GICR0_BASE, 0x03020000),
    VAL(GUEST_PL011_BASE, 0x22000000),
    VAL(GUEST_GNTTAB_BASE, 0x38000000),
    VAL(GUEST_MAGIC_BASE, 0x39000000),
    VAL(GUEST_RAM0_BASE, 0x40000000),
    VAL(GUEST_RAM1_BASE, 0x200000000ULL),
    VAL(GUEST_RAM_MAX, 0xfec0000000ULL),
    VAL(GUEST_EVTCHN_PPI, 31),
    VAL(GUEST_TIMER_VIRT_PPI, 27),
    VAL(GUEST_VPL011_SPI, 32),
    VAL(PSR_GUEST64_INIT, 0x1c5),
    VAL(SCTLR_GUEST_INIT, 0x00c50078),
    VAL(XENVER_get_features, 6),
    VAL(XENVER_build_id, 10),
    VAL(XENFEAT_auto_translated_physmap, 2),
    VAL(XENFEAT_dom0, 11),
    VAL(XENFEAT_direct_mapped, 17),
    VAL(XENMEM_populate_physmap, 6),
    VAL(XENMEM_add_to_physmap, 7),
    VAL(XENMEM_remove_from_physmap, 15),
    VAL(XENMEM_add_to_physmap_batch, 23),
    VAL(XENMEM_acquire_resource, 28),
    VAL(XENMAPSPACE_gmfn_foreign, 4),
    VAL(XENMAPSPACE_dev_mmio, 5),
    VAL(VCPUOP_register_runstate_memory_area, 5),
    VAL(VCPUOP_register_vcpu_info, 10),
    VAL(XEN_RUNSTATE_UPDATE, 0x8000000000000000ULL),
    VAL(EVTCHNOP_init_control, 11),
    VAL(EVTCHNOP_set_priority, 13),
    VAL(EVTCHN_2L_NR_CHANNELS, 4096),
    VAL(EVTCHN_FIFO_NR_CHANNELS, 131072),
    VAL(GNTTABOP_set_version, 8),
    VAL(GNTTABOP_cache_flush, 12),
    VAL(GNTMAP_host_map, 2),
    VAL(GNTMAP_guest_avail_mask, 0xffff0000),
    VAL(GTF_writing, 0x10),
    VAL(GNTST_no_space, -13LL),
    VAL(SCHEDOP_watchdog, 6),
    VAL(SHUTDOWN_soft_reset, 5),
    VAL(HVM_PARAM_CONSOLE_EVTCHN, 18),
    VAL(HVM_PARAM_CALLBACK_TYPE_PPI, 2),
    VAL(HVM_NR_PARAMS, 39),
    VAL(XENPF_INTERFACE_VERSION, 0x03000001),
    VAL(XENPF_settime, 62),
    VAL(PHYSDEVOP_pci_device_add, 25),
    VAL(XS_SET_TARGET, 19),
    VAL(XS_RESET_WATCHES, 21),
    VAL(XS_TYPE_COUNT, 23),
    VAL(XS_INVALID, 0xffff),
    VAL(XENSTORE_PAYLOAD_MAX, 4096),
    VAL(XenbusStateReconfigured, 8),
};

static void test_numbers(void **state)
{
    check_facts(numbers, sizeof(numbers) / sizeof(numbers[0]));
}

/*
 * The callback value libxl gives a domU, assembled from the pieces of
 * params.h: PPI type, level-triggered, active low, INTID 31.
 */
static void test_callback_irq_encoding(void **state)
{
    uint64_t val = ((uint64_t)HVM_PARAM_CALLBACK_TYPE_PPI << 56) |
                   (HVM_PARAM_CALLBACK_TYPE_PPI_FLAG_LOW_LEVEL << 8) |
                   GUEST_EVTCHN_PPI;

    assert_int_equal(val, 0x020000000000021fULL);
    assert_int_equal((val & HVM_PARAM_CALLBACK_IRQ_TYPE_MASK) >> 56,
                     HVM_PARAM_CALLBACK_TYPE_PPI);
    assert_int_equal((val & HVM_PARAM_CALLBACK_TYPE_PPI_FLAG_MASK) >> 8, 2);
}

/* The host numbers errors like Linux, as Xen does. */
static void test_errno_matches_linux(void **state)
{
#define ERRNO_FACT(name, value) { #name, XEN_##name, name },
    static const struct abi_fact errnos[] = { XEN_ERRNO_LIST(ERRNO_FACT) };
#undef ERRNO_FACT

    check_facts(errnos, sizeof(errnos) / sizeof(errnos[0]));
    assert_int_equal(XEN_EWOULDBLOCK, EWOULDBLOCK);
    assert_int_equal(XEN_EDEADLOCK, EDEADLOCK);
}

static void test_guest_handles(void **state)
{
    XEN_GUEST_HANDLE(xen_pfn_t) h;
    XEN_GUEST_HANDLE_PARAM(xen_pfn_t) p;
    xen_pfn_t frames[2];

    memset(&h, 0xff, sizeof(h));
    set_xen_guest_handle(h, &frames[1]);
    assert_ptr_equal(h.p, &frames[1]);
    assert_int_equal(h.q, (uint64_t)(uintptr_t)&frames[1]);
    set_xen_guest_handle(p, NULL);
    assert_int_equal(p.q, 0);
    assert_int_equal(__alignof__(XEN_GUEST_HANDLE(uint8)), 8);
}

static void test_uuid(void **state)
{
    /* Xen's SMCCC UID, written aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee. */
    static const uint8_t want[16] = {
        0xa7, 0x18, 0x12, 0xdc, 0xc6, 0x98, 0x43, 0x69,
        0x9a, 0xcf, 0x79, 0xd1, 0x8d, 0xde, 0xe6, 0x67,
    };
    xen_uuid_t u = XEN_DEFINE_UUID(0xa71812dc, 0xc698, 0x4369, 0x9acf,
                                   0x79, 0xd1, 0x8d, 0xde, 0xe6, 0x67);

    assert_memory_equal(u.a, want, sizeof(want));
}

/* The errno names xenstore sends, in Xen's order. */
static void test_xs_error_table(void **state)
{
    size_t n = sizeof(xsd_errors) / sizeof(xsd_errors[0]);

    assert_int_equal(n, 16);
    assert_int_equal(xsd_errors[0].errnum, EINVAL);
    assert_string_equal(xsd_errors[0].errstring, "EINVAL");
    assert_int_equal(xsd_errors[4].errnum, ENOENT);
    assert_string_equal(xsd_errors[4].errstring, "ENOENT");
    assert_string_equal(xsd_errors[n - 1].errstring, "EPERM");
}

struct abi_req { uint64_t id; uint32_t op; };       /* 16 bytes */
struct abi_rsp { uint64_t id; int16_t status; };    /* 16 bytes */
DEFINE_RING_TYPES(abi, struct abi_req, struct abi_rsp);
DEFINE_RING_TYPES(abi8, uint64_t, uint32_t);        /* 8-byte slots */

static void test_ring_geometry(void **state)
{
    static unsigned char page[4096];
    abi_sring_t *s = (abi_sring_t *)page;
    abi_front_ring_t f;
    unsigned int i;

    /* (4096 - 64) / 16 = 252 slots fit: rounded down to 128. */
    assert_int_equal(offsetof(abi_sring_t, ring), 64);
    assert_int_equal(__CONST_RING_SIZE(abi, 4096), 128);
    assert_int_equal(__CONST_RING_SIZE(abi8, 4096), 256);
    assert_int_equal(__CONST_RING_SIZE(abi, 64 + 16 * 255), 128);
    assert_int_equal(__CONST_RING_SIZE(abi, 64 + 16 * 256), 256);
    assert_int_equal(__CONST_RING_SIZE(abi, 64 + 15), 0);

    memset(page, 0xa5, sizeof(page));
    XEN_FRONT_RING_INIT(&f, s, sizeof(page));
    assert_int_equal(RING_SIZE(&f), 128);
    assert_int_equal(s->req_prod, 0);
    assert_int_equal(s->rsp_prod, 0);
    assert_int_equal(s->req_event, 1);
    assert_int_equal(s->rsp_event, 1);
    for ( i = 0; i < sizeof(s->pvt.pvt_pad); i++ )
        assert_int_equal(s->pvt.pvt_pad[i], 0);
    for ( i = 0; i < sizeof(s->__pad); i++ )
        assert_int_equal(s->__pad[i], 0);
    /* The slots themselves are left alone. */
    assert_int_equal(page[64], 0xa5);
}

/* Queue n requests on the front end and publish them. */
static int push_requests(abi_front_ring_t *f, unsigned int n)
{
    int notify;

    while ( n-- )
    {
        RING_GET_REQUEST(f, f->req_prod_pvt)->id = f->req_prod_pvt;
        f->req_prod_pvt++;
    }
    RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(f, notify);
    return notify;
}

/* Answer every request the back end has. */
static unsigned int answer_requests(abi_back_ring_t *b)
{
    unsigned int n = 0;

    while ( RING_HAS_UNCONSUMED_REQUESTS(b) )
    {
        struct abi_req req;

        RING_COPY_REQUEST(b, b->req_cons, &req);
        b->req_cons++;
        RING_GET_RESPONSE(b, b->rsp_prod_pvt)->id = req.id;
        b->rsp_prod_pvt++;
        n++;
    }
    return n;
}

static void test_ring_exchange(void **state)
{
    static unsigned char page[4096];
    abi_sring_t *s = (abi_sring_t *)page;
    abi_front_ring_t f;
    abi_back_ring_t b;
    int notify, work;

    XEN_FRONT_RING_INIT(&f, s, sizeof(page));
    BACK_RING_INIT(&b, s, sizeof(page));

    /* The first request wants an event; more before the back end looks
     * again do not. */
    assert_true(push_requests(&f, 3));
    assert_false(push_requests(&f, 1));
    assert_int_equal(RING_FREE_REQUESTS(&f), 124);
    assert_int_equal(RING_HAS_UNCONSUMED_REQUESTS(&b), 4);
    assert_int_equal(answer_requests(&b), 4);

    /* Going to sleep with nothing left re-arms the request event. */
    RING_FINAL_CHECK_FOR_REQUESTS(&b, work);
    assert_false(work);
    assert_int_equal(s->req_event, 5);
    assert_true(push_requests(&f, 1));
    RING_FINAL_CHECK_FOR_REQUESTS(&b, work);
    assert_true(work);

    RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(&b, notify);
    assert_true(notify);
    assert_int_equal(RING_HAS_UNCONSUMED_RESPONSES(&f), 4);
    assert_int_equal(RING_GET_RESPONSE(&f, 3)->id, 3);
    f.rsp_cons = s->rsp_prod;
    RING_FINAL_CHECK_FOR_RESPONSES(&f, work);
    assert_false(work);
    assert_int_equal(s->rsp_event, 5);

    /* Full with RING_SIZE requests outstanding (one already is). */
    push_requests(&f, RING_FREE_REQUESTS(&f));
    assert_true(RING_FULL(&f));
    assert_false(RING_REQUEST_PROD_OVERFLOW(&b, s->req_prod));
    assert_true(RING_REQUEST_PROD_OVERFLOW(&b, s->req_prod + 1));
    assert_true(RING_RESPONSE_PROD_OVERFLOW(&f, f.rsp_cons + 129));
}

/*
 * A push notifies exactly when the receiver's event threshold lies in
 * (old producer, new producer], also across the 2^32 wrap.
 */
static void test_ring_notify_window(void **state)
{
    static unsigned char page[4096];
    abi_sring_t *s = (abi_sring_t *)page;
    static const RING_IDX starts[] = { 0, 100, 0xfffffffeu };
    static const struct { int event_from_old; int notify; } cases[] = {
        { -1, 0 }, { 0, 0 }, { 1, 1 }, { 3, 1 }, { 4, 0 }, { 5, 0 },
    };
    abi_front_ring_t f;
    abi_back_ring_t b;
    unsigned int i, j;
    int notify;

    for ( i = 0; i < sizeof(starts) / sizeof(starts[0]); i++ )
        for ( j = 0; j < sizeof(cases) / sizeof(cases[0]); j++ )
        {
            SHARED_RING_INIT(s);
            s->req_prod = s->rsp_prod = starts[i];
            FRONT_RING_ATTACH(&f, s, starts[i], sizeof(page));
            BACK_RING_ATTACH(&b, s, starts[i], sizeof(page));
            s->req_event = s->rsp_event = starts[i] + cases[j].event_from_old;

            /* Three messages each way: old + 3 is the new producer. */
            assert_int_equal(push_requests(&f, 3), cases[j].notify);
            answer_requests(&b);
            RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(&b, notify);
            assert_int_equal(notify, cases[j].notify);
        }
}

/* Free-running indices wrap at 2^32 without changing anything. */
static void test_ring_wrap(void **state)
{
    static unsigned char page[4096];
    abi_sring_t *s = (abi_sring_t *)page;
    abi_front_ring_t f;
    abi_back_ring_t b;
    const RING_IDX start = 0xfffffffeu;

    SHARED_RING_INIT(s);
    s->req_prod = s->rsp_prod = start;
    s->req_event = s->rsp_event = start + 1;
    FRONT_RING_ATTACH(&f, s, start, sizeof(page));
    BACK_RING_ATTACH(&b, s, start, sizeof(page));

    assert_true(push_requests(&f, 5));
    assert_int_equal(s->req_prod, 3);
    assert_int_equal(RING_HAS_UNCONSUMED_REQUESTS(&b), 5);
    assert_int_equal(answer_requests(&b), 5);
    RING_PUSH_RESPONSES(&b);
    assert_int_equal(RING_HAS_UNCONSUMED_RESPONSES(&f), 5);
    assert_int_equal(RING_GET_RESPONSE(&f, 2)->id, 2);
    assert_ptr_equal(RING_GET_REQUEST(&f, start), &s->ring[126].req);
}

/* A 16-byte flexible ring half. */
DEFINE_XEN_FLEX_RING(abi16);

static void test_flex_ring(void **state)
{
    unsigned char ring[16], out[16];
    static const unsigned char msg[] = "0123456789abcdef";
    RING_IDX prod = 0, cons = 0, mprod = 0, mcons = 0;

    abi16_write_packet(ring, msg, 10, &mprod, mcons, sizeof(ring));
    prod += 10;
    assert_int_equal(abi16_queued(prod, cons, sizeof(ring)), 10);
    abi16_read_packet(out, ring, 10, mprod, &mcons, sizeof(ring));
    cons += 10;
    assert_memory_equal(out, msg, 10);
    assert_int_equal(abi16_queued(prod, cons, sizeof(ring)), 0);

    /* 12 bytes from slot 10 wrap after 6. */
    abi16_write_packet(ring, msg, 12, &mprod, mcons, sizeof(ring));
    prod += 12;
    assert_int_equal(mprod, 6);
    assert_memory_equal(ring + 10, msg, 6);
    assert_memory_equal(ring, msg + 6, 6);
    assert_int_equal(abi16_queued(prod, cons, sizeof(ring)), 12);
    abi16_read_packet(out, ring, 12, mprod, &mcons, sizeof(ring));
    cons += 12;
    assert_memory_equal(out, msg, 12);
    assert_int_equal(mcons, 6);

    /* A full ring is told apart from an empty one. */
    assert_int_equal(abi16_queued(cons + 16, cons, sizeof(ring)), 16);
    assert_ptr_equal(abi16_get_ring_ptr(ring, 35, sizeof(ring)), ring + 3);
    assert_int_equal(XEN_FLEX_RING_SIZE(1), 4096);
}

static void check_guest_view(const struct guest_view_value *v, size_t n,
                             const struct abi_fact *want, size_t nwant)
{
    size_t i;

    assert_int_equal(n, nwant);
    for ( i = 0; i < n; i++ )
    {
        assert_string_equal(v[i].name, want[i].what);
        if ( (unsigned long long)v[i].value != want[i].want )
            print_error("%s is %#llx, want %#llx\n", v[i].name,
                        (unsigned long long)v[i].value, want[i].want);
        assert_int_equal(v[i].value, want[i].want);
    }
}

/* Guests pinned to Mini-OS's interface get the old names, same layouts. */
static void test_old_interface(void **state)
{
    static const struct abi_fact want[] = {
        { "version", 0, 0x00030205 },
        { "__HYPERVISOR_sched_op", 0, 29 },
        { "__HYPERVISOR_event_channel_op", 0, 32 },
        { "__HYPERVISOR_physdev_op", 0, 33 },
        { "MAX_VMASST_TYPE", 0, 3 },
        { "NR_EVENT_CHANNELS", 0, 4096 },
        { "address_bits", 0, 20 },
        { "foreign_domid", 0, 6 },
        { "XENMEM_add_to_physmap_range", 0, 23 },
        { "sizeof(xen_add_to_physmap_range_t)", 0, 32 },
        { "vcpu_time_info.pad1", 0, 29 },
        { "sizeof(grant_entry_t)", 0, 8 },
        { "frame_list", 0, 16 },
        { "XENPF_settime", 0, 17 },
        { "sizeof(xenpf_settime_t)", 0, 16 },
        { "PHYSDEVOP_pirq_eoi_gmfn", 0, 17 },
        { "PHYSDEVOP_IRQ_STATUS_QUERY", 0, 5 },
    };

    check_guest_view(guest_view_minios, guest_view_minios_count, want,
                     sizeof(want) / sizeof(want[0]));
}

/* A guest that pins nothing gets interface 0: the oldest call numbers. */
static void test_default_interface(void **state)
{
    static const struct abi_fact want[] = {
        { "version", 0, 0 },
        { "__HYPERVISOR_sched_op", 0, 6 },
        { "__HYPERVISOR_event_channel_op", 0, 16 },
        { "__HYPERVISOR_dom0_op", 0, 7 },
        { "sizeof(struct vcpu_info)", 0, 48 },
        { "HVM_PARAM_CALLBACK_TYPE_PPI", 0, 2 },
    };

    check_guest_view(guest_view_default, guest_view_default_count, want,
                     sizeof(want) / sizeof(want[0]));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_layouts),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_callback_irq_encoding),
        cmocka_unit_test(test_errno_matches_linux),
        cmocka_unit_test(test_guest_handles),
        cmocka_unit_test(test_uuid),
        cmocka_unit_test(test_xs_error_table),
        cmocka_unit_test(test_ring_geometry),
        cmocka_unit_test(test_ring_exchange),
        cmocka_unit_test(test_ring_notify_window),
        cmocka_unit_test(test_ring_wrap),
        cmocka_unit_test(test_flex_ring),
        cmocka_unit_test(test_old_interface),
        cmocka_unit_test(test_default_interface),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
