/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Test outcome: the status only escalates; the first message given at the
 * final status is repeated on the result line.
 */
#include <xtf.h>

#define REASON_LEN      160
#define RESULT_REASON_MAX 96

static enum xtf_status status = XTF_RUNNING;
static char reason[REASON_LEN];
static bool exiting;
static unsigned int exit_reason = SHUTDOWN_poweroff;

static const char *const status_names[] = {
    [XTF_RUNNING] = "RUNNING",
    [XTF_SUCCESS] = "SUCCESS",
    [XTF_SKIP]    = "SKIP",
    [XTF_ERROR]   = "ERROR",
    [XTF_FAILURE] = "FAILURE",
};

static void report(enum xtf_status s, const char *fmt, va_list ap)
{
    char msg[REASON_LEN];

    msg[0] = '\0';
    if ( fmt )
        vsnprintf(msg, sizeof(msg), fmt, ap);
    if ( msg[0] )
        printk("%s: %s\n", s == XTF_SUCCESS ? "Success" :
               s == XTF_SKIP ? "Skip" : s == XTF_ERROR ? "Error" : "Failure",
               msg);

    if ( s > status )
    {
        status = s;
        memcpy(reason, msg, sizeof(reason));
    }
}

#define DEFINE_REPORT(fn, s)                    \
void fn(const char *fmt, ...)                   \
{                                               \
    va_list ap;                                 \
                                                \
    va_start(ap, fmt);                          \
    report(s, fmt, ap);                         \
    va_end(ap);                                 \
}

DEFINE_REPORT(xtf_success, XTF_SUCCESS)
DEFINE_REPORT(xtf_skip, XTF_SKIP)
DEFINE_REPORT(xtf_error, XTF_ERROR)
DEFINE_REPORT(xtf_failure, XTF_FAILURE)

enum xtf_status xtf_status(void)
{
    return status;
}

bool xtf_status_reported(void)
{
    return status != XTF_RUNNING;
}

/* Nothing is pending for ever: the hypervisor may deschedule this vCPU. */
static void __noreturn halt(void)
{
    xtf_irq_disable();
    for ( ;; )
        wfi();
}

void xtf_set_exit_reason(unsigned int how)
{
    exit_reason = how;
}

void xtf_exit(void)
{
    long rc;

    /* A fault while reporting must not print a second result line. */
    if ( exiting )
        halt();
    exiting = true;

    if ( status == XTF_RUNNING )
    {
        status = XTF_ERROR;
        memcpy(reason, "test_main() reported no result",
               sizeof("test_main() reported no result"));
    }
    /* Xen's vPL011 splits lines longer than 127 characters: keep the result
     * line whole by cutting the reason (printed in full when reported). */
    if ( status == XTF_SUCCESS || !reason[0] )
        printk("Test result: %s\n", status_names[status]);
    else
        printk("Test result: %s (%.*s%s)\n", status_names[status],
               RESULT_REASON_MAX, reason,
               strlen(reason) > RESULT_REASON_MAX ? "..." : "");

    if ( exit_reason == XTF_EXIT_WAIT )
        halt();
    rc = hypercall_shutdown(exit_reason);
    /* Only reached if the hypervisor refused the shutdown. */
    printk("SCHEDOP_shutdown(%u) returned %ld, trying PSCI SYSTEM_OFF\n",
           exit_reason, rc);
    rc = psci_system_off();
    printk("PSCI SYSTEM_OFF returned %ld\n", rc);
    halt();
}
