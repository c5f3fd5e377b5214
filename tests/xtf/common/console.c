/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * printk() for xtf guests.  One console is used, chosen at start: the
 * vPL011 when the device tree describes one (dom0less "vpl011"), else the
 * hypervisor console through console_io.  Lines are written whole.
 */
#include <xtf.h>

#define PRINTK_BUF      256

static const struct xtf_console *console;

long xtf_console_io_write(const char *buf, size_t len)
{
    return hypercall_console_io(CONSOLEIO_write, len, buf);
}

static void console_io_write(const char *buf, size_t len)
{
    xtf_console_io_write(buf, len);
}

static const struct xtf_console pl011_console = {
    .name = "vpl011",
    .write = pl011_write,
};

static const struct xtf_console hvc_console = {
    .name = "console_io",
    .write = console_io_write,
};

static uint64_t find_uart(void)
{
    static const char *const compats[] = { "arm,sbsa-uart", "arm,pl011" };
    uint64_t base, size;
    unsigned int i;
    int node;

    for ( i = 0; i < ARRAY_SIZE(compats); i++ )
    {
        node = fdt_find_compatible(-1, compats[i]);
        if ( node >= 0 && !fdt_read_reg(node, 0, &base, &size) )
            return base;
    }
    return 0;
}

void xtf_console_init(void)
{
    uint64_t base = find_uart();

    if ( base )
    {
        pl011_init(base);
        console = &pl011_console;
    }
    else
        console = &hvc_console;
}

const char *xtf_console_name(void)
{
    return console ? console->name : "none";
}

void vprintk(const char *fmt, va_list ap)
{
    char buf[PRINTK_BUF];
    int len = vsnprintf(buf, sizeof(buf), fmt, ap);

    if ( !console || len <= 0 )
        return;
    if ( (size_t)len >= sizeof(buf) )
    {
        /* Keep the line ending of a truncated line. */
        len = sizeof(buf) - 1;
        buf[len - 1] = '\n';
    }
    console->write(buf, len);
}

void printk(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vprintk(fmt, ap);
    va_end(ap);
}
