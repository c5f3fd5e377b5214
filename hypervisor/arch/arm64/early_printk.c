/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Early printk: the PL011 at CONFIG_EARLY_UART_PL011_BASE, mapped by head.S
 * at slot FIXMAP_EARLY_UART, carries console output until the device tree
 * has named the real console UART and its driver is up.
 */
#include <xenith/console.h>
#include <asm/config.h>
#include <drivers/pl011.h>

void early_putc(char c)
{
#ifdef CONFIG_EARLY_PRINTK
    pl011_putc_polled((void *)(FIXMAP_VIRT_START + FIXMAP_EARLY_UART * PAGE_SIZE), c);
#endif
}
