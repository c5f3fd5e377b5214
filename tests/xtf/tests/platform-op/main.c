/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * @file tests/platform-op/main.c
 * platform_op from a domU, as Xen 4.17 on Arm: the argument is read first
 * (-EFAULT for a bad pointer), then its interface_version checked
 * (-EACCES), and only then is the caller refused (-EPERM: only the
 * privileged domain may set the time), whatever the command.
 */
#include <xtf.h>
#include <public/platform.h>

const char test_title[] = "platform_op: refused to a domU";

static struct xen_platform_op op;

static long platform_op(void *arg)
{
    return xtf_hypercall(__HYPERVISOR_platform_op, (unsigned long)arg, 0, 0, 0, 0);
}

static void expect_rc(const char *what, void *arg, long want)
{
    long rc = platform_op(arg);

    if ( rc != want )
        xtf_failure("%s: returned %ld, expected %ld", what, rc, want);
}

void test_main(void)
{
    op = (struct xen_platform_op){
        .cmd = XENPF_settime64,
        .interface_version = XENPF_INTERFACE_VERSION,
        .u.settime64 = { .secs = 1700000000, .nsecs = 5, .system_time = 1000 },
    };
    expect_rc("XENPF_settime64", &op, -XEN_EPERM);
    op.u.settime64.mbz = 1;
    expect_rc("XENPF_settime64 with mbz set", &op, -XEN_EPERM);
    op.cmd = XENPF_get_cpuinfo;
    expect_rc("XENPF_get_cpuinfo", &op, -XEN_EPERM);
    op.cmd = 0xdead;
    expect_rc("command 0xdead", &op, -XEN_EPERM);

    op.cmd = XENPF_settime64;
    op.interface_version = XENPF_INTERFACE_VERSION - 1;
    expect_rc("an old interface version", &op, -XEN_EACCES);
    op.interface_version = 0;
    expect_rc("interface version 0", &op, -XEN_EACCES);

    expect_rc("a bad pointer", (void *)0x10UL, -XEN_EFAULT);
    xtf_success(NULL);
}
