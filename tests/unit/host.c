/* SPDX-License-Identifier: GPL-2.0-only */
/* Host implementations of the few hypervisor services common code calls. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host.h"
#include <libfdt.h>
#include <xenith/lib.h>
#include <xenith/percpu.h>
#include <xenith/printk.h>

char host_log[65536];
static size_t host_log_len;

unsigned long per_cpu_offset[NR_CPUS];

void host_log_clear(void)
{
    host_log_len = 0;
    host_log[0] = '\0';
}

int host_log_contains(const char *text)
{
    return strstr(host_log, text) != NULL;
}

void *host_load_fixture(const char *name)
{
    static char bufs[4][64 * 1024];
    static unsigned int next;
    char *buf = bufs[next++ % 4];
    char path[512];
    FILE *f;
    size_t n;

    snprintf(path, sizeof(path), "%s/%s.dtb", UNIT_FIXTURES, name);
    f = fopen(path, "rb");
    assert_non_null(f);
    n = fread(buf, 1, sizeof(bufs[0]), f);
    fclose(f);
    assert_true(n > 0);
    assert_int_equal(fdt_check_header(buf), 0);
    return buf;
}

void vprintk(const char *fmt, va_list args)
{
    int n = vsnprintf(host_log + host_log_len, sizeof(host_log) - host_log_len, fmt, args);

    if ( n > 0 )
        host_log_len = host_log_len + (size_t)n < sizeof(host_log) ?
                       host_log_len + (size_t)n : sizeof(host_log) - 1;
    if ( getenv("UNIT_VERBOSE") )
        fputs(host_log + host_log_len - (n > 0 ? (size_t)n : 0), stderr);
}

void printk(const char *fmt, ...)
{
    va_list args;

    va_start(args, fmt);
    vprintk(fmt, args);
    va_end(args);
}

void panic(const char *fmt, ...)
{
    char buf[512];
    va_list args;

    va_start(args, fmt);
    vsnprintf(buf, sizeof(buf), fmt, args);
    va_end(args);
    printk("PANIC: %s\n", buf);
    mock_assert(0, buf, __FILE__, __LINE__);
    abort();
}

void __bug(const char *file, int line, const char *cond)
{
    printk("BUG at %s:%d: %s\n", file, line, cond);
    mock_assert(0, cond, file, line);
    abort();
}
