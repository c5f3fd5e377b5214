/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ARM PL011 UART as the hypervisor console.  Output is polled; firmware
 * or QEMU has already set the line up, so the baud rate is left alone.
 */
#include <xenith/console.h>
#include <xenith/device_tree.h>
#include <xenith/errno.h>
#include <xenith/mm.h>
#include <drivers/pl011.h>

struct pl011 {
    volatile void *regs;
    struct dt_irq irq;
};

static struct pl011 pl011_port;

static void pl011_console_putc(void *priv, char c)
{
    struct pl011 *uart = priv;

    pl011_putc_polled(uart->regs, c);
}

static struct console_uart pl011_console = {
    .name = "pl011",
    .putc = pl011_console_putc,
    .priv = &pl011_port,
};

static int pl011_init(int node)
{
    struct pl011 *uart = &pl011_port;
    paddr_t addr, size;
    int rc;

    rc = dt_read_reg(node, 0, &addr, &size);
    if ( rc )
        return rc;
    uart->regs = ioremap(addr, size);
    if ( !uart->regs )
        return -ENOMEM;
    rc = dt_read_irq(node, 0, &uart->irq);
    if ( rc )
        return rc;
    pl011_write(uart->regs, PL011_CR, PL011_CR_UARTEN | PL011_CR_TXE | PL011_CR_RXE);
    console_set_uart(&pl011_console);
    return 0;
}

static const char *const pl011_compatible[] = { "arm,pl011", "arm,sbsa-uart", NULL };
DT_DEVICE(pl011, "PL011 UART", DT_DEV_SERIAL, pl011_compatible, pl011_init);
