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
/* Arch (vpl011.c): whether domain @domid has the console input now. */
bool guest_console_focused(unsigned int domid);
/*
 * Arch (vpl011.c): domain @domid's last console goes; if it had the
 * input, the input returns to Xenith (and the console says so).
 */
void guest_console_release(unsigned int domid);

/*
 * A domain's console output on the hypervisor console, as Xen prints its
 * guests' (console_line.c; the vPL011's and the PV console's): whole
 * lines, "DOM<n>: <line>", cut after 126 characters (Xen's 128-byte
 * buffer keeps room for the '\n' and the NUL).  The domain that has the
 * console input is echoed character by character, without the prefix,
 * so that a shell's prompt shows.  The caller serializes calls on a line.
 */
#define CONSOLE_LINE_SIZE   128

struct console_line {
    char buf[CONSOLE_LINE_SIZE];
    unsigned int len;
};

/* @c, written by domain @domid to the console whose line @l is. */
void console_line_putc(struct console_line *l, unsigned int domid, char c);
/* Print what is left of the line, if anything (a console's last words). */
void console_line_flush(struct console_line *l, unsigned int domid);
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
