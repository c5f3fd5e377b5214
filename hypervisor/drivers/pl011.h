/* SPDX-License-Identifier: GPL-2.0-only */
/* ARM PL011 / SBSA UART registers, shared by the driver and early printk. */
#ifndef DRIVERS_PL011_H
#define DRIVERS_PL011_H

#include <xenith/types.h>

#define PL011_DR        0x00
#define PL011_FR        0x18
#define PL011_IBRD      0x24
#define PL011_FBRD      0x28
#define PL011_LCR_H     0x2c
#define PL011_CR        0x30
#define PL011_IMSC      0x38
#define PL011_MIS       0x40
#define PL011_ICR       0x44

#define PL011_FR_RXFE   (1U << 4)   /* receive FIFO empty */
#define PL011_FR_TXFF   (1U << 5)   /* transmit FIFO full */
#define PL011_FR_BUSY   (1U << 3)
#define PL011_INT_RX    (1U << 4)
#define PL011_INT_RT    (1U << 6)   /* receive timeout */
#define PL011_CR_UARTEN (1U << 0)
#define PL011_CR_TXE    (1U << 8)
#define PL011_CR_RXE    (1U << 9)
#define PL011_LCR_FEN   (1U << 4)
#define PL011_LCR_WLEN8 (3U << 5)

static inline uint32_t pl011_read(volatile void *base, unsigned int reg)
{
    return *(volatile uint32_t *)((volatile char *)base + reg);
}

static inline void pl011_write(volatile void *base, unsigned int reg, uint32_t v)
{
    *(volatile uint32_t *)((volatile char *)base + reg) = v;
}

static inline void pl011_putc_polled(volatile void *base, char c)
{
    while ( pl011_read(base, PL011_FR) & PL011_FR_TXFF )
        ;
    pl011_write(base, PL011_DR, (unsigned char)c);
}

#endif /* DRIVERS_PL011_H */
