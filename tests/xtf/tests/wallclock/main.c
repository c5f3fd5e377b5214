/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * @file tests/wallclock/main.c
 * The wallclock in a new domU's shared_info, as Xen 4.17 on Arm leaves it:
 * published once at domain creation (wc_version 0 -> odd -> 2) with the
 * time nobody set (no privileged domain ran XENPF_settime64: 0 s, 0 ns).
 * A domU's own XENPF_settime64 is refused (-EPERM) and changes nothing.
 * shared_info is mapped with XENMEM_add_to_physmap at GUEST_MAGIC_BASE,
 * where a dom0less domU without xen,enhanced has nothing.
 */
#include <xtf.h>
#include <xtf/shared_info.h>
#include <public/memory.h>
#include <public/platform.h>

const char test_title[] = "Wallclock of a new domU";

static void check_wallclock(volatile struct shared_info *s, const char *when)
{
    uint32_t version = s->wc_version;

    printk("%s: wc_version %u, wc_sec %u, wc_nsec %u, wc_sec_hi %u\n", when,
           version, s->wc_sec, s->wc_nsec, s->wc_sec_hi);
    if ( version != 2 )
        xtf_failure("%s: wc_version %u, expected 2 (published once)", when, version);
    if ( s->wc_sec || s->wc_nsec || s->wc_sec_hi )
        xtf_failure("%s: a wallclock nobody set is %u:%u.%09u, expected 0", when,
                    s->wc_sec_hi, s->wc_sec, s->wc_nsec);
}

void test_main(void)
{
    volatile struct shared_info *s = xtf_map_shared_info();
    struct xen_platform_op op = {
        .cmd = XENPF_settime64, .interface_version = XENPF_INTERFACE_VERSION,
        .u.settime64 = { .secs = 1700000000, .system_time = 1 },
    };
    long rc;

    if ( !s )
        return;
    check_wallclock(s, "at start");
    rc = xtf_hypercall(__HYPERVISOR_platform_op, (unsigned long)&op, 0, 0, 0, 0);
    if ( rc != -XEN_EPERM )
        xtf_failure("XENPF_settime64 from a domU returned %ld, expected %d", rc,
                    -XEN_EPERM);
    check_wallclock(s, "after a refused settime");
    xtf_success(NULL);
}
