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

enum xtf_status xtf_status(void);
bool xtf_status_reported(void);

/* Print the final line and shut the domain down. */
void __noreturn xtf_exit(void);

#endif /* XTF_REPORT_H */
