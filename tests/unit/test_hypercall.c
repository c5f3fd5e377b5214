/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests of the hypercall table (hypervisor/common/hypercall.c) and
 * the handlers behind it that need no scheduler: xen_version
 * (xen_version.c), console_io (console_io.c) and hvm_op (hvm.c).  The current vCPU
 * belongs to a fake domain; guest virtual memory is a buffer of this
 * process at a fake address, and copies outside it fail with -EFAULT as
 * the real ones do on unmapped addresses.
 */
#include "fakes.h"
#include "host.h"
#include <xenith/bootinfo.h>
#include <xenith/errno.h>
#include <xenith/event.h>
#include <xenith/guest_access.h>
#include <xenith/hypercall.h>
#include <xenith/param.h>
#include <xenith/sched.h>
#include <xenith/version.h>
#include <public/version.h>
#include <public/hvm/hvm_op.h>
#include <public/hvm/params.h>

DEFINE_PER_CPU(unsigned int, cpu_id);
DEFINE_PER_CPU(struct vcpu *, curr_vcpu);
struct bootinfo bootinfo;

static struct domain dom;
static struct vcpu vcpu0;
static char console[4096];
static int sched_op_cmd;
static uint64_t sched_op_arg;

static const unsigned char fake_build_id[20] = {
    0xde, 0xad, 0xbe, 0xef, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
};

void console_puts(const char *s)
{
    strncat(console, s, sizeof(console) - strlen(console) - 1);
}

long do_sched_op(int cmd, uint64_t arg)
{
    sched_op_cmd = cmd;
    sched_op_arg = arg;
    return 42;
}

/* Grant tables have their own test (test_grant_table.c): the routing here. */
static uint64_t gnttab_args[3];

long do_grant_table_op(unsigned int cmd, uint64_t uop, unsigned int count)
{
    gnttab_args[0] = cmd;
    gnttab_args[1] = uop;
    gnttab_args[2] = count;
    return 7;
}

/* Event channels too (test_event_channel.c): the routing here. */
static uint64_t evtchn_args[2];

long do_event_channel_op(int cmd, uint64_t arg)
{
    evtchn_args[0] = (uint64_t)cmd;
    evtchn_args[1] = arg;
    return 9;
}

/* vcpu_op, vm_assist, multicall, platform_op (test_vcpuop.c, xtf): routing. */
static uint64_t vcpuop_args[3];

long do_vcpu_op(int cmd, unsigned int vcpuid, uint64_t arg)
{
    vcpuop_args[0] = (uint64_t)cmd;
    vcpuop_args[1] = vcpuid;
    vcpuop_args[2] = arg;
    return 24;
}

long do_vm_assist(unsigned int cmd, unsigned int type)
{
    vcpuop_args[0] = cmd;
    vcpuop_args[1] = type;
    return 21;
}

long do_multicall(uint64_t call_list, uint32_t nr_calls)
{
    vcpuop_args[0] = call_list;
    vcpuop_args[1] = nr_calls;
    return 13;
}

long do_platform_op(uint64_t arg)
{
    vcpuop_args[0] = arg;
    return 7;
}

/* memory_op (xtf memory-op): the routing here. */
static uint64_t memop_args[2];

long do_memory_op(unsigned long cmd, uint64_t arg)
{
    memop_args[0] = cmd;
    memop_args[1] = arg;
    return 12;
}

/* Another domain, which hvm_op may reach only from a privileged one. */
static struct domain dom2 = { .domain_id = 2 };

struct domain *get_domain_by_id(domid_t domid)
{
    return fake_domain_ref(domid == dom2.domain_id ? &dom2 : NULL);
}

static bool softirqs_waiting;
static uint64_t cont_args[HYPERCALL_MAX_ARGS];
static unsigned int cont_nr_args;

bool softirq_pending(unsigned int cpu)
{
    return softirqs_waiting;
}

long hypercall_create_continuation(unsigned int nr_args,
                                   const uint64_t args[HYPERCALL_MAX_ARGS])
{
    cont_nr_args = nr_args;
    memcpy(cont_args, args, sizeof(cont_args));
    return -ERESTART;
}

const unsigned char *xenith_build_id_bytes(unsigned int *len)
{
    *len = sizeof(fake_build_id);
    return fake_build_id;
}

static int setup(void **state)
{
    /* The test before put every domain it looked up. */
    assert_int_equal(fake_domain_refs, 0);
    memset(&dom, 0, sizeof(dom));
    dom.domain_id = 1;
    spin_lock_init(&dom.pbuf_lock);
    vcpu0 = (struct vcpu){ .domain = &dom };
    this_cpu(curr_vcpu) = &vcpu0;
    memset(fake_guest_mem, 0x5a, sizeof(fake_guest_mem));
    console[0] = '\0';
    softirqs_waiting = false;
    cont_nr_args = 0;
    bootinfo.cmdline = "console=dtuart guest_loglvl=all";
    cmdline_parse("guest_loglvl=all");
    return 0;
}

static long hypercall(unsigned long nr, uint64_t a0, uint64_t a1, uint64_t a2,
                      unsigned int *nr_args)
{
    const uint64_t args[HYPERCALL_MAX_ARGS] = { a0, a1, a2, 0xdead, 0xbeef };
    unsigned int n;

    return hypercall_dispatch(nr, args, nr_args ? nr_args : &n);
}

static void test_dispatch(void **state)
{
    static const unsigned long absent[] = { 0, 1, 43, 63, 64, 1000, ~0UL };
    unsigned int nr_args = 99;

    for ( unsigned int i = 0; i < ARRAY_SIZE(absent); i++ )
    {
        assert_int_equal(hypercall(absent[i], 0, 0, 0, &nr_args), -ENOSYS);
        assert_int_equal(nr_args, 0);
    }
    assert_int_equal(hypercall(__HYPERVISOR_xen_version, XENVER_version, 0, 0, &nr_args),
                     0x40011);
    assert_int_equal(nr_args, 2);
    assert_int_equal(hypercall(__HYPERVISOR_console_io, CONSOLEIO_write, 0, GUEST_VA,
                               &nr_args), 0);
    assert_int_equal(nr_args, 3);
    /* The arguments reach the handler as the guest put them. */
    assert_int_equal(hypercall(__HYPERVISOR_sched_op, 6, GUEST_VA + 8, 0, &nr_args), 42);
    assert_int_equal(nr_args, 2);
    assert_int_equal(sched_op_cmd, 6);
    assert_int_equal(sched_op_arg, GUEST_VA + 8);
    assert_int_equal(hypercall(__HYPERVISOR_grant_table_op, 5, GUEST_VA, 3, &nr_args), 7);
    assert_int_equal(nr_args, 3);
    assert_int_equal(gnttab_args[0], 5);
    assert_int_equal(gnttab_args[1], GUEST_VA);
    assert_int_equal(gnttab_args[2], 3);
    /* memory_op's cmd is a whole register: the restart position is above bit 5. */
    assert_int_equal(hypercall(__HYPERVISOR_memory_op, (5UL << 38) | 7, GUEST_VA, 0,
                               &nr_args), 12);
    assert_int_equal(nr_args, 2);
    assert_int_equal(memop_args[0], (5UL << 38) | 7);
    assert_int_equal(memop_args[1], GUEST_VA);
    assert_int_equal(hypercall(__HYPERVISOR_event_channel_op, 4, GUEST_VA, 0, &nr_args), 9);
    assert_int_equal(nr_args, 2);
    assert_int_equal(evtchn_args[0], 4);
    assert_int_equal(evtchn_args[1], GUEST_VA);
    /* 32-bit arguments are cut as Xen's prototypes cut them. */
    assert_int_equal(hypercall(__HYPERVISOR_vcpu_op, 10, (1UL << 32) | 1, GUEST_VA,
                               &nr_args), 24);
    assert_int_equal(nr_args, 3);
    assert_int_equal(vcpuop_args[0], 10);
    assert_int_equal(vcpuop_args[1], 1);
    assert_int_equal(vcpuop_args[2], GUEST_VA);
    assert_int_equal(hypercall(__HYPERVISOR_vm_assist, (1UL << 32), (1UL << 32) | 5, 0,
                               &nr_args), 21);
    assert_int_equal(nr_args, 2);
    assert_int_equal(vcpuop_args[0], 0);
    assert_int_equal(vcpuop_args[1], 5);
    assert_int_equal(hypercall(__HYPERVISOR_multicall, GUEST_VA, (1UL << 32) | 3, 0,
                               &nr_args), 13);
    assert_int_equal(nr_args, 2);
    assert_int_equal(vcpuop_args[0], GUEST_VA);
    assert_int_equal(vcpuop_args[1], 3);
    assert_int_equal(hypercall(__HYPERVISOR_platform_op, GUEST_VA, 0, 0, &nr_args), 7);
    assert_int_equal(nr_args, 1);
    assert_int_equal(vcpuop_args[0], GUEST_VA);
}

/* The NUL-terminated string xen_version put at GUEST_VA, within @size. */
static const char *guest_string(size_t size)
{
    assert_non_null(memchr(fake_guest_mem, 0, size));
    return (const char *)fake_guest_mem;
}

static void test_xen_version_strings(void **state)
{
    const struct xen_compile_info *ci = (const void *)fake_guest_mem;

    assert_int_equal(do_xen_version(XENVER_extraversion, GUEST_VA), 0);
    assert_string_equal(guest_string(XEN_EXTRAVERSION_LEN), ".0-xenith");
    /* The whole 16-byte buffer is written, NUL-padded: nothing beyond it. */
    assert_int_equal(fake_guest_mem[XEN_EXTRAVERSION_LEN - 1], 0);
    assert_int_equal(fake_guest_mem[XEN_EXTRAVERSION_LEN], 0x5a);

    assert_int_equal(do_xen_version(XENVER_capabilities, GUEST_VA), 0);
    assert_string_equal(guest_string(XEN_CAPABILITIES_INFO_LEN),
                        "xen-3.0-aarch64 xen-3.0-armv7l ");
    assert_int_equal(fake_guest_mem[XEN_CAPABILITIES_INFO_LEN], 0x5a);

    assert_int_equal(do_xen_version(XENVER_changeset, GUEST_VA), 0);
    assert_string_equal(guest_string(XEN_CHANGESET_INFO_LEN), XENITH_CHANGESET);

    assert_int_equal(do_xen_version(XENVER_compile_info, GUEST_VA), 0);
    assert_non_null(memchr(ci->compiler, 0, sizeof(ci->compiler)));
    assert_non_null(memchr(ci->compile_by, 0, sizeof(ci->compile_by)));
    assert_non_null(memchr(ci->compile_date, 0, sizeof(ci->compile_date)));
    assert_true(strlen(ci->compile_date) > 0);

    /* A buffer the guest does not have. */
    assert_int_equal(do_xen_version(XENVER_capabilities, GUEST_VA + GUEST_SIZE - 100),
                     -EFAULT);
    assert_int_equal(do_xen_version(XENVER_extraversion, 0), -EFAULT);
}

static void test_xen_version_values(void **state)
{
    struct xen_feature_info fi = { .submap_idx = 0 };

    assert_int_equal(do_xen_version(XENVER_version, 0), (4 << 16) | 17);
    assert_int_equal(do_xen_version(XENVER_pagesize, 0), 4096);
    assert_int_equal(do_xen_version(XENVER_pagesize, GUEST_VA), -EINVAL);
    assert_int_equal(do_xen_version(11, GUEST_VA), -ENOSYS);
    assert_int_equal(do_xen_version(-1, GUEST_VA), -ENOSYS);

    /* Feature bits of a domU, as Xen 4.17 gives them. */
    memcpy(fake_guest_mem, &fi, sizeof(fi));
    assert_int_equal(do_xen_version(XENVER_get_features, GUEST_VA), 0);
    memcpy(&fi, fake_guest_mem, sizeof(fi));
    assert_int_equal(fi.submap, 0x00016005);
    fi.submap_idx = 1;
    memcpy(fake_guest_mem, &fi, sizeof(fi));
    assert_int_equal(do_xen_version(XENVER_get_features, GUEST_VA), -EINVAL);

    /* Xen 4.17's virt_start on arm64, as a domU's Linux reads it there. */
    assert_int_equal(do_xen_version(XENVER_platform_parameters, GUEST_VA), 0);
    assert_int_equal(*(uint64_t *)fake_guest_mem, 0x200000);

    /* A dom0less domain's handle is all zeroes. */
    assert_int_equal(do_xen_version(XENVER_guest_handle, GUEST_VA), 0);
    for ( unsigned int i = 0; i < 16; i++ )
        assert_int_equal(fake_guest_mem[i], 0);
    assert_int_equal(fake_guest_mem[16], 0x5a);
}

static void test_xen_version_privileged(void **state)
{
    uint32_t len;

    /* An ordinary domain: the command line is "<denied>", no build id. */
    assert_int_equal(do_xen_version(XENVER_commandline, GUEST_VA), 0);
    assert_string_equal(guest_string(sizeof(xen_commandline_t)), "<denied>");
    assert_int_equal(do_xen_version(XENVER_build_id, GUEST_VA), -EPERM);
    assert_int_equal(do_xen_version(XENVER_build_id, 0), -EPERM);

    dom.is_privileged = true;
    assert_int_equal(do_xen_version(XENVER_commandline, GUEST_VA), 0);
    assert_string_equal(guest_string(sizeof(xen_commandline_t)), bootinfo.cmdline);
    assert_int_equal(fake_guest_mem[sizeof(xen_commandline_t) - 1], 0);
    /* NULL: the size; a short buffer: -ENOBUFS; else the bytes. */
    assert_int_equal(do_xen_version(XENVER_build_id, 0), 20);
    memset(fake_guest_mem, 0x5a, sizeof(fake_guest_mem));
    len = 19;
    memcpy(fake_guest_mem, &len, sizeof(len));
    assert_int_equal(do_xen_version(XENVER_build_id, GUEST_VA), -ENOBUFS);
    len = 64;
    memcpy(fake_guest_mem, &len, sizeof(len));
    assert_int_equal(do_xen_version(XENVER_build_id, GUEST_VA), 20);
    assert_memory_equal(fake_guest_mem + 4, fake_build_id, 20);
    assert_int_equal(fake_guest_mem[24], 0x5a);
}

static long console_write(const char *s)
{
    memcpy(fake_guest_mem, s, strlen(s));
    return do_console_io(CONSOLEIO_write, (unsigned int)strlen(s), GUEST_VA);
}

static void test_console_lines(void **state)
{
    /* Lines are printed whole, tagged, without the hypervisor's prefix. */
    assert_int_equal(console_write("hello\nwor"), 0);
    assert_string_equal(console, "(d1) hello\n");
    assert_int_equal(console_write("ld\n"), 0);
    assert_string_equal(console, "(d1) hello\n(d1) world\n");

    /* Not printable: dropped; tabs kept; count 0 writes nothing. */
    console[0] = '\0';
    assert_int_equal(console_write("a\x1b[31mb\r\tc\x7f\n"), 0);
    assert_string_equal(console, "(d1) a[31mb\tc\n");
    assert_int_equal(do_console_io(CONSOLEIO_write, 0, 0), 0);
    assert_string_equal(console, "(d1) a[31mb\tc\n");
}

static void test_console_long_line(void **state)
{
    char line[DOMAIN_PBUF_SIZE + 40];
    char expect[64];

    /* A line longer than the buffer goes out in pieces of 199. */
    memset(line, 'x', sizeof(line) - 2);
    line[sizeof(line) - 2] = '\n';
    line[sizeof(line) - 1] = '\0';
    assert_int_equal(console_write(line), 0);
    assert_int_equal(strlen(console),
                     (5 + DOMAIN_PBUF_SIZE - 1 + 1) + (5 + sizeof(line) - 2 - (DOMAIN_PBUF_SIZE - 1) + 1));
    snprintf(expect, sizeof(expect), "\n(d1) %.*s\n", (int)(sizeof(line) - 2 - (DOMAIN_PBUF_SIZE - 1)),
             line);
    assert_string_equal(console + 5 + DOMAIN_PBUF_SIZE - 1, expect);
}

/* A long write stops after a chunk when the pCPU has work, to go on later. */
static void test_console_continuation(void **state)
{
    memset(fake_guest_mem, 'y', 300);
    softirqs_waiting = true;
    assert_int_equal(do_console_io(CONSOLEIO_write, 300, GUEST_VA), -ERESTART);
    assert_int_equal(cont_nr_args, 3);
    assert_int_equal(cont_args[0], CONSOLEIO_write);
    assert_int_equal(cont_args[1], 300 - 128);
    assert_int_equal(cont_args[2], GUEST_VA + 128);
    assert_string_equal(console, "");       /* still collecting the line */
    /* The rest, called again as the continuation says, ends the line. */
    softirqs_waiting = false;
    fake_guest_mem[299] = '\n';
    assert_int_equal(do_console_io(CONSOLEIO_write, (unsigned int)cont_args[1], cont_args[2]), 0);
    assert_int_equal(strlen(console), 5 + 199 + 1 + 5 + 100 + 1);
    /* The last chunk never asks to continue. */
    softirqs_waiting = true;
    cont_nr_args = 0;
    assert_int_equal(console_write("short\n"), 0);
    assert_int_equal(cont_nr_args, 0);
}

static void test_console_errors(void **state)
{
    /* A buffer beyond the guest's memory; larger than one copy chunk. */
    assert_int_equal(do_console_io(CONSOLEIO_write, 200, GUEST_VA + GUEST_SIZE - 100),
                     -EFAULT);
    /* Reading, or anything else, is for privileged domains. */
    assert_int_equal(do_console_io(CONSOLEIO_read, 16, GUEST_VA), -EPERM);
    assert_int_equal(do_console_io(7, 16, GUEST_VA), -EPERM);
    dom.is_privileged = true;
    assert_int_equal(do_console_io(CONSOLEIO_read, 16, GUEST_VA), -ENOSYS);
}

static void test_console_loglvl(void **state)
{
    /* guest_loglvl below debug: console_io text is not shown (as on Xen). */
    assert_int_equal(cmdline_parse("guest_loglvl=warning"), 0);
    assert_int_equal(console_write("quiet\n"), 0);
    assert_string_equal(console, "");
    /* Xen's lower/upper form is accepted. */
    assert_int_equal(cmdline_parse("guest_loglvl=all/warning"), 0);
    assert_int_equal(console_write("loud\n"), 0);
    assert_string_equal(console, "(d1) loud\n");
    assert_int_equal(cmdline_parse("guest_loglvl=loud"), 1);
}

/* hvm_op on the xen_hvm_param at GUEST_VA; its value is left in *@value. */
static long hvm_param(unsigned int op, domid_t domid, uint32_t index, uint64_t *value)
{
    struct xen_hvm_param p = { .domid = domid, .index = index, .value = *value };
    unsigned int nr_args;
    long rc;

    memcpy(fake_guest_mem, &p, sizeof(p));
    rc = hypercall(__HYPERVISOR_hvm_op, op, GUEST_VA, 0, &nr_args);
    assert_int_equal(nr_args, 2);
    memcpy(&p, fake_guest_mem, sizeof(p));
    *value = p.value;
    return rc;
}

static void test_hvm_get_param(void **state)
{
    static const uint32_t absent[] = {
        HVM_PARAM_STORE_PFN, HVM_PARAM_STORE_EVTCHN,
        HVM_PARAM_CONSOLE_PFN, HVM_PARAM_CONSOLE_EVTCHN,
    };
    uint64_t v = 0;

    assert_int_equal(hvm_param(HVMOP_get_param, DOMID_SELF, HVM_PARAM_CALLBACK_IRQ, &v), 0);
    assert_int_equal(v, 0x020000000000021fULL);
    v = 0;
    assert_int_equal(hvm_param(HVMOP_get_param, 1, HVM_PARAM_CALLBACK_IRQ, &v), 0);
    assert_int_equal(v, 0x020000000000021fULL);
    for ( unsigned int i = 0; i < ARRAY_SIZE(absent); i++ )
    {
        v = 0x1234;
        assert_int_equal(hvm_param(HVMOP_get_param, DOMID_SELF, absent[i], &v), 0);
        assert_int_equal(v, 0);
    }
    v = 0x1234;
    assert_int_equal(hvm_param(HVMOP_get_param, DOMID_SELF, HVM_PARAM_MONITOR_RING_PFN, &v),
                     -EPERM);
    assert_int_equal(v, 0x1234);
    assert_int_equal(hvm_param(HVMOP_get_param, DOMID_SELF, 1000, &v), -EINVAL);
    assert_int_equal(hvm_param(HVMOP_get_param, DOMID_SELF, HVM_PARAM_PAE_ENABLED, &v),
                     -EINVAL);
    assert_int_equal(v, 0x1234);
}

static void test_hvm_set_param(void **state)
{
    static const uint32_t forbidden[] = {
        HVM_PARAM_CALLBACK_IRQ, HVM_PARAM_STORE_PFN, HVM_PARAM_STORE_EVTCHN,
        HVM_PARAM_CONSOLE_PFN, HVM_PARAM_CONSOLE_EVTCHN, HVM_PARAM_MONITOR_RING_PFN,
    };
    uint64_t v = 0x1f;

    for ( unsigned int i = 0; i < ARRAY_SIZE(forbidden); i++ )
        assert_int_equal(hvm_param(HVMOP_set_param, DOMID_SELF, forbidden[i], &v), -EPERM);
    assert_int_equal(hvm_param(HVMOP_set_param, DOMID_SELF, 1000, &v), -EINVAL);
    /* Reading back: the write changed nothing. */
    assert_int_equal(hvm_param(HVMOP_get_param, DOMID_SELF, HVM_PARAM_STORE_PFN, &v), 0);
    assert_int_equal(v, 0);
}

static void test_hvm_other_domains(void **state)
{
    unsigned int nr_args;
    uint64_t v = 0;

    assert_int_equal(hvm_param(HVMOP_get_param, 7, HVM_PARAM_CALLBACK_IRQ, &v), -ESRCH);
    assert_int_equal(hvm_param(HVMOP_get_param, 2, HVM_PARAM_CALLBACK_IRQ, &v), -EPERM);
    assert_int_equal(v, 0);
    dom.is_privileged = true;
    assert_int_equal(hvm_param(HVMOP_get_param, 2, HVM_PARAM_CALLBACK_IRQ, &v), 0);
    assert_int_equal(v, 0x020000000000021fULL);
    assert_int_equal(hvm_param(HVMOP_set_param, 2, HVM_PARAM_CALLBACK_IRQ, &v), -EPERM);
    /* Bad pointers and other operations */
    assert_int_equal(hypercall(__HYPERVISOR_hvm_op, HVMOP_get_param, 0x1000, 0, &nr_args),
                     -EFAULT);
    assert_int_equal(hypercall(__HYPERVISOR_hvm_op, HVMOP_get_param,
                               GUEST_VA + GUEST_SIZE - 8, 0, &nr_args), -EFAULT);
    assert_int_equal(hypercall(__HYPERVISOR_hvm_op, HVMOP_flush_tlbs, 0, 0, &nr_args),
                     -ENOSYS);
    assert_int_equal(hypercall(__HYPERVISOR_hvm_op, 1ULL << 32, GUEST_VA, 0, &nr_args),
                     -ENOSYS);
    assert_int_equal(hypercall(__HYPERVISOR_hvm_op, HVMOP_guest_request_vm_event, 0, 0,
                               &nr_args), 0);
    assert_int_equal(hypercall(__HYPERVISOR_hvm_op, HVMOP_guest_request_vm_event, GUEST_VA,
                               0, &nr_args), -EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_dispatch, setup),
        cmocka_unit_test_setup(test_xen_version_strings, setup),
        cmocka_unit_test_setup(test_xen_version_values, setup),
        cmocka_unit_test_setup(test_xen_version_privileged, setup),
        cmocka_unit_test_setup(test_console_lines, setup),
        cmocka_unit_test_setup(test_console_long_line, setup),
        cmocka_unit_test_setup(test_console_continuation, setup),
        cmocka_unit_test_setup(test_console_errors, setup),
        cmocka_unit_test_setup(test_console_loglvl, setup),
        cmocka_unit_test_setup(test_hvm_get_param, setup),
        cmocka_unit_test_setup(test_hvm_set_param, setup),
        cmocka_unit_test_setup(test_hvm_other_domains, setup),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
