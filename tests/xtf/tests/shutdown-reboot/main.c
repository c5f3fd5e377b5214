/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * @file tests/shutdown-reboot/main.c
 * SCHEDOP_shutdown(SHUTDOWN_reboot) stops the domain: the call does not
 * return (the framework prints "SCHEDOP_shutdown(...) returned" if it does)
 * and the hypervisor reports the shutdown with its reason.  The result line
 * comes first; the runner checks what follows it ('expect').
 */
#include <xtf.h>

const char test_title[] = "Shutdown with reason reboot";

void test_main(void)
{
    printk("Shutting down with SHUTDOWN_reboot (%u)\n", SHUTDOWN_reboot);
    xtf_set_exit_reason(SHUTDOWN_reboot);
    xtf_success(NULL);
}
