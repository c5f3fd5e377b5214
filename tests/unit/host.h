/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Glue for running hypervisor sources on the host under cmocka.
 * printk() output is kept in a buffer so tests can assert on messages;
 * panic() and BUG_ON() become cmocka assertion failures, so a test can
 * check that bad input stops the boot with expect_assert_failure().
 */
#ifndef TESTS_UNIT_HOST_H
#define TESTS_UNIT_HOST_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

/* Everything printk()ed since the last host_log_clear(). */
extern char host_log[65536];
void host_log_clear(void);
/* True if @text appears in host_log. */
int host_log_contains(const char *text);

/*
 * The device tree tests/unit/fixtures/<name>.dts compiled, read into one of
 * four buffers used in turn (the last four loads stay valid); its header is
 * checked.
 */
void *host_load_fixture(const char *name);

#endif /* TESTS_UNIT_HOST_H */
