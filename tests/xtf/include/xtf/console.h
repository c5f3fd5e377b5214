/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Console of an xtf guest.  printk() writes to every enabled console: the
 * vPL011 (SBSA UART, when the device tree has one) or, failing that, the
 * hypervisor console through HYPERVISOR_console_io(CONSOLEIO_write).
 */
#ifndef XTF_CONSOLE_H
#define XTF_CONSOLE_H

#include <xtf/types.h>

/* A place to write characters to. */
struct xtf_console {
    const char *name;
    void (*write)(const char *buf, size_t len);
};

void printk(const char *fmt, ...) __printf(1, 2);
void vprintk(const char *fmt, va_list ap);

/* Choose the console from the device tree (vPL011 first). */
void xtf_console_init(void);
const char *xtf_console_name(void);

/* Direct writes to one console, for tests of the consoles themselves. */
void pl011_write(const char *buf, size_t len);
/* Physical (= virtual) base of the vPL011, 0 if the guest has none. */
uint64_t pl011_base(void);
void pl011_init(uint64_t base);
/* Returns HYPERVISOR_console_io()'s result: 0 or -errno. */
long xtf_console_io_write(const char *buf, size_t len);

#endif /* XTF_CONSOLE_H */
