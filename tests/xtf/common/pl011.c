/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Output on the guest's virtual SBSA UART (vPL011): polled, transmit only.
 * The SBSA UART is the PL011 subset: data register and flag register.
 */
#include <xtf.h>

#define UARTDR          0x00
#define UARTFR          0x18
#define UARTFR_TXFF     (1U << 5)       /* transmit FIFO full */

static uint64_t uart_base;

void pl011_init(uint64_t base)
{
    uart_base = base;
}

uint64_t pl011_base(void)
{
    return uart_base;
}

static void pl011_putc(char c)
{
    volatile uint32_t *fr = (volatile uint32_t *)(uart_base + UARTFR);
    volatile uint32_t *dr = (volatile uint32_t *)(uart_base + UARTDR);

    while ( *fr & UARTFR_TXFF )
        ;
    *dr = (unsigned char)c;
}

void pl011_write(const char *buf, size_t len)
{
    size_t i;

    if ( !uart_base )
        return;
    for ( i = 0; i < len; i++ )
        pl011_putc(buf[i]);
}
