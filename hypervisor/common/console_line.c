/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A domain's console output turned into hypervisor console lines (see
 * xenith/console.h), shared by the consoles Xenith is the backend of:
 * the vPL011 and the PV console print the same way, as Xen's do.
 */
#include <xenith/console.h>
#include <xenith/printk.h>

static void console_line_print(struct console_line *l, unsigned int domid, bool prefixed)
{
    if ( l->buf[l->len - 1] != '\n' )
        l->buf[l->len++] = '\n';
    l->buf[l->len] = '\0';
    /* An explicit level, so that a line starting "<n>" is printed as it is. */
    if ( prefixed )
        printk(XENLOG_WARNING "DOM%u: %s", domid, l->buf);
    else
        printk(XENLOG_WARNING "%s", l->buf);
    l->len = 0;
}

void console_line_putc(struct console_line *l, unsigned int domid, char c)
{
    l->buf[l->len++] = c;
    if ( guest_console_focused(domid) )
    {
        if ( l->len == 1 )
        {
            printk(XENLOG_WARNING "%c", c);
            l->len = 0;
        }
        else
            console_line_print(l, domid, false);    /* what was pending before the switch */
    }
    else if ( c == '\n' || l->len == CONSOLE_LINE_SIZE - 2 )
        console_line_print(l, domid, true);
}

void console_line_flush(struct console_line *l, unsigned int domid)
{
    if ( l->len )
        console_line_print(l, domid, true);
}
