/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Console output and input.
 *
 * printk() drops a message whose level is above `loglvl=` (before formatting
 * it when the level is in the format itself), formats the others,
 * prefixes each line with "(XEN) ", keeps it in the console ring and sends
 * it to the serial port (the early UART until a driver registers).
 * Characters typed on the serial port go to the guest that has the
 * console input (Ctrl-A three times switches), else to the keyhandlers.
 *
 * Lock order: console_lock is a leaf; it is taken with IRQs masked because
 * printk() runs in interrupt context too.
 */
#include <xenith/console.h>
#include <xenith/device_tree.h>
#include <xenith/errno.h>
#include <xenith/keyhandler.h>
#include <xenith/param.h>
#include <xenith/printk.h>
#include <xenith/softirq.h>
#include <xenith/spinlock.h>

#define CONRING_SIZE    (1U << 15)      /* power of two */
#define PRINTK_BUF      512

enum log_level { LOG_NONE = -1, LOG_ERR, LOG_WARNING, LOG_INFO, LOG_DEBUG };

static DEFINE_SPINLOCK(console_lock);
/* Everything below is protected by console_lock. */
static char conring[CONRING_SIZE];
static uint64_t conring_prod;           /* bytes ever written */
static bool at_line_start = true;
static const struct console_uart *console_uart;

#ifdef CONFIG_DEBUG
static int loglvl_upper = LOG_DEBUG;
#else
static int loglvl_upper = LOG_WARNING;
#endif

static int parse_loglvl(const char *s)
{
    static const char *const names[] = { "none", "error", "warning", "info", "debug", "all" };

    for ( size_t i = 0; i < ARRAY_SIZE(names); i++ )
    {
        size_t n = strlen(names[i]);

        /* Xen's form is lower[/rate-limited]; Xenith does not rate-limit. */
        if ( !strncmp(s, names[i], n) && (s[n] == '\0' || s[n] == '/') )
        {
            loglvl_upper = i == 5 ? LOG_DEBUG : (int)i - 1;
            return 0;
        }
    }
    return -EINVAL;
}
custom_param("loglvl", parse_loglvl);

static void emit_char(char c)
{
    conring[conring_prod++ & (CONRING_SIZE - 1)] = c;
    if ( console_uart )
    {
        if ( c == '\n' )
            console_uart->putc(console_uart->priv, '\r');
        console_uart->putc(console_uart->priv, c);
    }
    else
    {
        if ( c == '\n' )
            early_putc('\r');
        early_putc(c);
    }
}

static void emit_line_text(const char *s)
{
    for ( ; *s; s++ )
    {
        if ( at_line_start )
        {
            for ( const char *p = "(XEN) "; *p; p++ )
                emit_char(*p);
            at_line_start = false;
        }
        emit_char(*s);
        if ( *s == '\n' )
            at_line_start = true;
    }
}

/* Split a leading "<n>" level off @msg. */
static const char *message_level(const char *msg, int *level)
{
    *level = LOG_WARNING;
    if ( msg[0] == '<' && msg[1] >= '0' && msg[1] <= '3' && msg[2] == '>' )
    {
        *level = msg[1] - '0';
        return msg + 3;
    }
    return msg;
}

void vprintk(const char *fmt, va_list args)
{
    char buf[PRINTK_BUF];
    const char *text;
    unsigned long flags;
    int level;

    /*
     * A level written in the format is the message's level: a message
     * that will be dropped is not formatted (guests can make Xenith log
     * at will, so this is on their exit paths).
     */
    if ( message_level(fmt, &level) != fmt && level > loglvl_upper )
        return;
    vsnprintf(buf, sizeof(buf), fmt, args);
    text = message_level(buf, &level);
    if ( level > loglvl_upper )
        return;
    spin_lock_irqsave(&console_lock, flags);
    emit_line_text(text);
    spin_unlock_irqrestore(&console_lock, flags);
}

void printk(const char *fmt, ...)
{
    va_list args;

    va_start(args, fmt);
    vprintk(fmt, args);
    va_end(args);
}

void console_puts(const char *s)
{
    unsigned long flags;

    spin_lock_irqsave(&console_lock, flags);
    for ( ; *s; s++ )
        emit_char(*s);
    spin_unlock_irqrestore(&console_lock, flags);
}

void console_set_uart(const struct console_uart *uart)
{
    unsigned long flags;

    spin_lock_irqsave(&console_lock, flags);
    console_uart = uart;
    spin_unlock_irqrestore(&console_lock, flags);
    printk("Console: %s\n", uart->name);
}

size_t console_ring_read(char *buf, size_t size, uint64_t *index)
{
    unsigned long flags;
    size_t n = 0;

    spin_lock_irqsave(&console_lock, flags);
    if ( conring_prod > CONRING_SIZE && *index < conring_prod - CONRING_SIZE )
        *index = conring_prod - CONRING_SIZE;
    for ( ; n < size && *index < conring_prod; n++, (*index)++ )
        buf[n] = conring[*index & (CONRING_SIZE - 1)];
    spin_unlock_irqrestore(&console_lock, flags);
    return n;
}

/*
 * Debug keys run from KEYPRESS_SOFTIRQ, not in the UART's interrupt (Xen
 * defers most of them to a tasklet): a guest's IRQ exit saves only what its
 * quick way back restores, and the way back through the softirqs completes
 * the frame of the vCPU interrupted on this pCPU first, so a key that shows
 * it sees all of it (a vCPU running elsewhere shows its last saved state).
 * The handlers still run with IRQs masked, as they did in the interrupt.
 * KEYHANDLER_IRQ keys ('C') run in the interrupt: they must work while
 * this pCPU is stuck in the hypervisor.  key_lock protects the queue; it
 * is a leaf.
 */
#define KEY_QUEUE_SIZE  32U             /* power of two */

static DEFINE_SPINLOCK(key_lock);
static char key_queue[KEY_QUEUE_SIZE];
static unsigned int key_prod, key_cons; /* keys ever queued, ever run */

static void key_queue_add(char c)
{
    unsigned long flags;
    bool full;

    spin_lock_irqsave(&key_lock, flags);
    full = key_prod - key_cons == KEY_QUEUE_SIZE;
    if ( !full )
        key_queue[key_prod++ & (KEY_QUEUE_SIZE - 1)] = c;
    spin_unlock_irqrestore(&key_lock, flags);
    if ( full )
        printk(XENLOG_WARNING "Debug key '%c' dropped: %u keys are waiting already\n",
               c, KEY_QUEUE_SIZE);
    else
        raise_softirq(KEYPRESS_SOFTIRQ);
}

static void key_softirq(void)
{
    unsigned long flags;

    spin_lock_irqsave(&key_lock, flags);
    while ( key_cons != key_prod )
    {
        char c = key_queue[key_cons++ & (KEY_QUEUE_SIZE - 1)];

        spin_unlock(&key_lock);
        handle_keypress(c);
        spin_lock(&key_lock);
    }
    spin_unlock_irqrestore(&key_lock, flags);
}

void console_receive(char c)
{
    if ( guest_console_receive(c) )
        return;
    if ( keyhandler_in_irq(c) )
        handle_keypress(c);
    else
        key_queue_add(c);
}

void console_init_irq(void)
{
    int rc;

    if ( !console_uart || !console_uart->init_irq )
        return;
    open_softirq(KEYPRESS_SOFTIRQ, key_softirq);
    rc = console_uart->init_irq(console_uart->priv);
    if ( rc )
        printk(XENLOG_WARNING "Console: %s input interrupt unavailable (%d): no debug keys\n",
               console_uart->name, rc);
}

void console_force_unlock(void)
{
    spin_lock_init(&console_lock);
}

/*
 * The console UART, as Xen chooses it: `dtuart=` names a device-tree path
 * or alias (optionally followed by ":options"); without it, /chosen's
 * stdout-path.  A console that was asked for and cannot be had stops the
 * boot with a message saying why, on the early UART.
 */
static char opt_console[64] = "dtuart";
string_param("console", opt_console);
static char opt_dtuart[128];
string_param("dtuart", opt_dtuart);

void console_init_uart(void)
{
    const char *path = opt_dtuart;
    int node, rc;

    if ( !strstr(opt_console, "dtuart") )
    {
        printk("Console: no serial console (console=%s)\n", opt_console);
        return;
    }
    if ( !*path )
    {
        int chosen = dt_lookup("/chosen");

        path = chosen < 0 ? NULL : dt_read_string(chosen, "stdout-path");
        if ( !path )
        {
            printk(XENLOG_WARNING "Console: no dtuart= and no /chosen/stdout-path; "
                   "staying on the early UART\n");
            return;
        }
    }
    node = dt_lookup(path);
    if ( node < 0 )
        panic("Console: dtuart=%s names no device-tree node or alias", path);
    rc = dt_device_probe(node, DT_DEV_SERIAL);
    if ( rc == -ENODEV )
        panic("Console: dtuart=%s is not a UART that Xenith has a driver for", path);
    if ( rc )
        panic("Console: the UART at %s failed to initialise (%d)", path, rc);
}
