/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * @file tests/shutdown-poweroff/main.c
 * SCHEDOP_shutdown(SHUTDOWN_poweroff) stops the domain: the call does not
 * return (the framework prints "SCHEDOP_shutdown(...) returned" if it does)
 * and the hypervisor reports the shutdown with its reason.  The result line
 * comes first; the runner checks what follows it ('expect').
 */
#include <xtf.h>

const char test_title[] = "Shutdown with reason poweroff";

void test_main(void)
{
    printk("Shutting down with SHUTDOWN_poweroff (%u)\n", SHUTDOWN_poweroff);
    xtf_set_exit_reason(SHUTDOWN_poweroff);
    xtf_success(NULL);
}
