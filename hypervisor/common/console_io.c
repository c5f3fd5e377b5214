/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The console_io hypercall (xen-arm-abi.md §3.8).
 *
 * CONSOLEIO_write from any domain: as Xen 4.17 does for a domain that is
 * not the hardware domain, the text is kept per domain until a newline
 * (or DOMAIN_PBUF_SIZE - 1 characters), stripped of what is not printable,
 * and printed as one line "(d<id>) <text>" - without the "(XEN) " prefix
 * of the hypervisor's own lines - at Xen's guest debug level, so it shows
 * only with `guest_loglvl=all` (or debug; the default of a debug build).
 *
 * A long write gives way to other work on the pCPU (a continuation).
 *
 * CONSOLEIO_read, and every other command, is for privileged domains
 * only (-EPERM for the others); console input for the control domain is
 * not implemented yet (-ENOSYS).
 *
 * Locking: d->pbuf_lock protects the line being collected; the console's
 * own lock nests inside it.
 */
#include <xenith/console.h>
#include <xenith/errno.h>
#include <xenith/guest_access.h>
#include <xenith/hypercall.h>
#include <xenith/param.h>
#include <xenith/sched.h>

#define COPY_CHUNK          128

/* Xen's guest_loglvl= levels; console_io text is at "debug". */
enum { GUEST_LOG_NONE, GUEST_LOG_ERR, GUEST_LOG_WARNING, GUEST_LOG_INFO, GUEST_LOG_DEBUG };

#ifdef CONFIG_DEBUG
static unsigned int guest_loglvl = GUEST_LOG_DEBUG;
#else
static unsigned int guest_loglvl = GUEST_LOG_WARNING;
#endif

static int parse_guest_loglvl(const char *s)
{
    static const char *const names[] = { "none", "error", "warning", "info", "debug", "all" };

    for ( unsigned int i = 0; i < ARRAY_SIZE(names); i++ )
    {
        size_t n = strlen(names[i]);

        /* Xen's form is lower[/upper]; Xenith keeps the first level only. */
        if ( !strncmp(s, names[i], n) && (s[n] == '\0' || s[n] == '/') )
        {
            guest_loglvl = i == 5 ? GUEST_LOG_DEBUG : i;
            return 0;
        }
    }
    return -EINVAL;
}
custom_param("guest_loglvl", parse_guest_loglvl);

/* Print the collected line; with d->pbuf_lock held. */
static void guest_console_flush(struct domain *d)
{
    char line[DOMAIN_PBUF_SIZE + 16];

    snprintf(line, sizeof(line), "(d%u) %.*s\n", d->domain_id, (int)d->pbuf_len, d->pbuf);
    console_puts(line);
    d->pbuf_len = 0;
}

static void guest_console_put(struct domain *d, const char *s, size_t n)
{
    spin_lock(&d->pbuf_lock);
    for ( size_t i = 0; i < n; i++ )
    {
        char c = s[i];

        if ( c == '\n' )
            guest_console_flush(d);
        else if ( (c >= 0x20 && c < 0x7f) || c == '\t' )
        {
            d->pbuf[d->pbuf_len++] = c;
            if ( d->pbuf_len == DOMAIN_PBUF_SIZE - 1 )
                guest_console_flush(d);
        }
    }
    spin_unlock(&d->pbuf_lock);
}

static long guest_console_write(struct domain *d, uint64_t buffer, unsigned int count)
{
    char chunk[COPY_CHUNK];

    while ( count > 0 )
    {
        unsigned int n = min(count, (unsigned int)sizeof(chunk));

        if ( copy_from_guest(chunk, buffer, n) )
            return -EFAULT;
        if ( guest_loglvl >= GUEST_LOG_DEBUG )
            guest_console_put(d, chunk, n);
        buffer += n;
        count -= n;
        if ( count && hypercall_preempt_check() )
        {
            const uint64_t args[HYPERCALL_MAX_ARGS] = { CONSOLEIO_write, count, buffer };

            return hypercall_create_continuation(3, args);
        }
    }
    return 0;
}

long do_console_io(unsigned int cmd, unsigned int count, uint64_t buffer)
{
    struct domain *d = current->domain;

    if ( cmd == CONSOLEIO_write )
        return guest_console_write(d, buffer, count);
    if ( !d->is_privileged )
        return -EPERM;
    return -ENOSYS;
}
