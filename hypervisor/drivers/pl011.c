/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ARM PL011 UART as the hypervisor console.  Output is polled; firmware
 * or QEMU has already set the line up, so the baud rate is left alone.
 * Input arrives by interrupt once the GIC is up (console_init_irq()): the
 * RX and RX-timeout interrupts drain the receive FIFO into the console.
 */
#include <xenith/console.h>
#include <xenith/device_tree.h>
#include <xenith/errno.h>
#include <xenith/irq.h>
#include <xenith/mm.h>
#include <drivers/pl011.h>

/* Error flags (framing, parity, break, overrun) above a received byte. */
#define PL011_DR_ERRORS 0xf00U
#define PL011_INT_ALL   0x7ffU      /* every source in IMSC/ICR */

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

/* Runs with IRQs masked; typed debug keys are queued from here (console.c). */
static void pl011_irq(unsigned int intid, void *data, struct cpu_user_regs *regs)
{
    struct pl011 *uart = data;

    /* Clear first: a byte arriving while we drain raises the line again. */
    pl011_write(uart->regs, PL011_ICR, PL011_INT_RX | PL011_INT_RT);
    while ( !(pl011_read(uart->regs, PL011_FR) & PL011_FR_RXFE) )
    {
        uint32_t dr = pl011_read(uart->regs, PL011_DR);

        if ( !(dr & PL011_DR_ERRORS) )
            console_receive((char)(dr & 0xff));
    }
}

static int pl011_init_irq(void *priv)
{
    struct pl011 *uart = priv;
    int rc = request_irq(uart->irq.intid, uart->irq.level, pl011_irq, uart);

    if ( rc )
        return rc;
    pl011_write(uart->regs, PL011_IMSC, PL011_INT_RX | PL011_INT_RT);
    return 0;
}

static struct console_uart pl011_console = {
    .name = "pl011",
    .putc = pl011_console_putc,
    .init_irq = pl011_init_irq,
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
    /* No interrupts until pl011_init_irq(); forget any firmware left pending. */
    pl011_write(uart->regs, PL011_IMSC, 0);
    pl011_write(uart->regs, PL011_ICR, PL011_INT_ALL);
    pl011_write(uart->regs, PL011_CR, PL011_CR_UARTEN | PL011_CR_TXE | PL011_CR_RXE);
    console_set_uart(&pl011_console);
    return 0;
}

static const char *const pl011_compatible[] = { "arm,pl011", "arm,sbsa-uart", NULL };
DT_DEVICE(pl011, "PL011 UART", DT_DEV_SERIAL, pl011_compatible, pl011_init);
