/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * @file tests/shutdown-watchdog/main.c
 * Domain watchdogs (SCHEDOP_watchdog): id 0 creates one and returns its id
 * (1-based); (id, 0) destroys it, after which poking it is -EINVAL; (id, t)
 * pokes it with a new timeout.  The last one is left to expire: the guest
 * stops in WFI and the hypervisor must shut the domain down with reason
 * watchdog (the runner checks the hypervisor's line, 'expect').
 */
#include <xtf.h>

const char test_title[] = "Shutdown by a domain watchdog";

#define EXPIRY_S    1

static long watchdog(uint32_t id, uint32_t timeout)
{
    struct sched_watchdog wd = { .id = id, .timeout = timeout };

    return hypercall_sched_op(SCHEDOP_watchdog, &wd);
}

void test_main(void)
{
    long a, b, rc;

    a = watchdog(0, 60);
    if ( a < 1 )
        return xtf_failure("creating a watchdog returned %ld, expected an id",
                           a);
    rc = watchdog(a, 0);
    if ( rc )
        return xtf_failure("destroying watchdog %ld returned %ld", a, rc);
    rc = watchdog(a, 5);
    if ( rc != -XEN_EINVAL )
        return xtf_failure("poking destroyed watchdog %ld returned %ld, "
                           "expected %d", a, rc, -XEN_EINVAL);

    b = watchdog(0, 30);
    if ( b < 1 )
        return xtf_failure("creating a watchdog returned %ld", b);
    rc = watchdog(b, EXPIRY_S);
    if ( rc )
        return xtf_failure("poking watchdog %ld returned %ld", b, rc);

    printk("Watchdog %ld armed for %u s; waiting in WFI for it to fire\n",
           b, EXPIRY_S);
    xtf_set_exit_reason(XTF_EXIT_WAIT);
    xtf_success(NULL);
}
