/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hypervisor console: one serial port for output and input, and the
 * console ring that keeps recent output for `xl dmesg`.
 */
#ifndef XENITH_CONSOLE_H
#define XENITH_CONSOLE_H

#include <xenith/types.h>

struct console_uart {
    const char *name;
    void (*putc)(void *priv, char c);   /* waits for room, never fails */
    /* Optional: deliver input through console_receive() from an IRQ. */
    int (*init_irq)(void *priv);
    void *priv;
};

/* Switch console output from the early UART to a probed driver. */
void console_set_uart(const struct console_uart *uart);
/* A character typed on the serial line (called from the UART's IRQ). */
void console_receive(char c);
/*
 * Arch: console input for guests (arm64: vpl011.c), before the
 * keyhandlers see it: Ctrl-A three times moves the input between Xenith
 * and each guest with a console; true when @c was taken.
 */
bool guest_console_receive(char c);
/* Raw output of a NUL-terminated string, no prefix, no level filter. */
void console_puts(const char *s);
/* Copy up to @size bytes of the ring starting at @*index (0 = oldest kept). */
size_t console_ring_read(char *buf, size_t size, uint64_t *index);
/* The crash path owns the console now: drop any lock a dead CPU held. */
void console_force_unlock(void);
/* Choose and probe the console UART (dtuart=, stdout-path). */
void console_init_uart(void);
/* Once the interrupt controller is up: take console input by interrupt. */
void console_init_irq(void);

/* arm64 early printk (fixmap PL011), a no-op without CONFIG_EARLY_PRINTK */
void early_putc(char c);

#endif /* XENITH_CONSOLE_H */
