/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * @file tests/console/main.c
 * Both consoles of a dom0less domU print: the vPL011 (the DT has the
 * "arm,sbsa-uart" node) and HYPERVISOR_console_io(CONSOLEIO_write).  What
 * the guest can check is the vPL011's presence and console_io's result;
 * the runner checks that both marker lines reached the console
 * (tests/console/expect).
 */
#include <xtf.h>

const char test_title[] = "vPL011 and console_io output";

static const char pl011_line[] = "console: marker line written to the vPL011\n";
static const char hvc_line[] = "console: marker line written with console_io\n";

void test_main(void)
{
    long rc;

    if ( !pl011_base() )
        xtf_failure("the device tree has no vPL011 (the domain asks for vpl011)");
    else
        pl011_write(pl011_line, sizeof(pl011_line) - 1);

    rc = xtf_console_io_write(hvc_line, sizeof(hvc_line) - 1);
    if ( rc )
        xtf_failure("console_io(CONSOLEIO_write) returned %ld", rc);

    /* count 0 writes nothing and succeeds. */
    rc = xtf_console_io_write(hvc_line, 0);
    if ( rc )
        xtf_failure("console_io(CONSOLEIO_write, 0 bytes) returned %ld", rc);

    xtf_success(NULL);
}
