/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Test outcomes.  The status only escalates: SUCCESS < SKIP < ERROR <
 * FAILURE, so a later success never hides an earlier failure.
 *   SUCCESS  the tested behaviour is right
 *   SKIP     the test cannot run here (feature absent); nothing is wrong
 *   ERROR    the test itself went wrong (unexpected exception, bad set-up)
 *   FAILURE  the tested behaviour is wrong
 * The test ends with exactly one line "Test result: <STATUS>", followed by
 * " (<reason>)" for a status other than SUCCESS: the first message given at
 * that status.
 */
#ifndef XTF_REPORT_H
#define XTF_REPORT_H

#include <xtf/types.h>

enum xtf_status {
    XTF_RUNNING,
    XTF_SUCCESS,
    XTF_SKIP,
    XTF_ERROR,
    XTF_FAILURE,
};

void xtf_success(const char *fmt, ...) __printf(1, 2);
void xtf_skip(const char *fmt, ...) __printf(1, 2);
void xtf_error(const char *fmt, ...) __printf(1, 2);
void xtf_failure(const char *fmt, ...) __printf(1, 2);

/* A FAILURE "@what: @got, expected @want" unless they are equal; whether they are. */
static inline bool xtf_check_eq(const char *what, long got, long want)
{
    if ( got != want )
        xtf_failure("%s: %ld, expected %ld", what, got, want);
    return got == want;
}

enum xtf_status xtf_status(void);
bool xtf_status_reported(void);

/*
 * How the domain ends after the result line: SCHEDOP_shutdown with a
 * SHUTDOWN_* reason (SHUTDOWN_poweroff unless changed), or XTF_EXIT_WAIT:
 * every vCPU stops in WFI with interrupts masked and the hypervisor is left
 * to end the domain (a watchdog, say).
 */
#define XTF_EXIT_WAIT   (~0U)
void xtf_set_exit_reason(unsigned int reason);

/* Print the final line and end the domain as xtf_set_exit_reason() says. */
void __noreturn xtf_exit(void);

#endif /* XTF_REPORT_H */
