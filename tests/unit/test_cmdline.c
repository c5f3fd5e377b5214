/* SPDX-License-Identifier: GPL-2.0-only */
/* Unit tests of the command-line parser (hypervisor/common/cmdline.c). */
#include "host.h"
#include <xenith/errno.h>
#include <xenith/param.h>

static bool opt_flag;
boolean_param("flag", opt_flag);
static bool opt_on_by_default = true;
boolean_param("ondefault", opt_on_by_default);
static unsigned int opt_count;
integer_param("count", opt_count);
static uint8_t opt_small;
integer_param("small", opt_small);
static uint64_t opt_mem;
size_param("mem", opt_mem);
static char opt_str[16];
string_param("str", opt_str);

static char custom_seen[64];
static int parse_custom(const char *s)
{
    if ( !strcmp(s, "bad") )
        return -EINVAL;
    strlcpy(custom_seen, s, sizeof(custom_seen));
    return 0;
}
custom_param("custom", parse_custom);

static int reset(void **state)
{
    opt_flag = false;
    opt_on_by_default = true;
    opt_count = 0;
    opt_small = 0;
    opt_mem = 0;
    opt_str[0] = '\0';
    custom_seen[0] = '\0';
    host_log_clear();
    return 0;
}

static void test_booleans(void **state)
{
    assert_int_equal(cmdline_parse("flag no-ondefault"), 0);
    assert_true(opt_flag);
    assert_false(opt_on_by_default);
    assert_int_equal(cmdline_parse("flag=off ondefault=yes"), 0);
    assert_false(opt_flag);
    assert_true(opt_on_by_default);
    assert_int_equal(cmdline_parse("flag=maybe"), 1);
    assert_true(host_log_contains("parameter \"flag\": bad value \"maybe\""));
}

static void test_integers(void **state)
{
    assert_int_equal(cmdline_parse("count=42 small=0x10"), 0);
    assert_int_equal(opt_count, 42);
    assert_int_equal(opt_small, 16);
    /* Out of range for a uint8_t, and trailing garbage: both refused. */
    assert_int_equal(cmdline_parse("small=300 count=12abc count="), 3);
    assert_int_equal(opt_count, 42);
}

static void test_sizes(void **state)
{
    assert_int_equal(cmdline_parse("mem=512M"), 0);
    assert_int_equal(opt_mem, 512ULL << 20);
    assert_int_equal(cmdline_parse("mem=2g"), 0);
    assert_int_equal(opt_mem, 2ULL << 30);
    assert_int_equal(cmdline_parse("mem=4096"), 0);     /* no unit: KiB, as Xen */
    assert_int_equal(opt_mem, 4096ULL << 10);
    assert_int_equal(cmdline_parse("mem=100B"), 0);
    assert_int_equal(opt_mem, 100);
    assert_int_equal(cmdline_parse("mem=1Q"), 1);
}

static void test_strings_and_quotes(void **state)
{
    assert_int_equal(cmdline_parse("str=hello"), 0);
    assert_string_equal(opt_str, "hello");
    assert_int_equal(cmdline_parse("str=\"two words\" flag"), 0);
    assert_string_equal(opt_str, "two words");
    assert_true(opt_flag);
    /* Too long for the buffer: refused, truncated, never overflowed. */
    assert_int_equal(cmdline_parse("str=abcdefghijklmnopqrstuvwxyz"), 1);
    assert_int_equal(strlen(opt_str), sizeof(opt_str) - 1);
}

static void test_custom(void **state)
{
    assert_int_equal(cmdline_parse("custom=/pl011@9000000:115200"), 0);
    assert_string_equal(custom_seen, "/pl011@9000000:115200");
    assert_int_equal(cmdline_parse("custom=bad"), 1);
}

static void test_unknown_and_spacing(void **state)
{
    assert_int_equal(cmdline_parse("   nosuchthing   count=7  no-nosuch "), 2);
    assert_int_equal(opt_count, 7);
    assert_true(host_log_contains("parameter \"nosuchthing\" unknown!"));
    assert_int_equal(cmdline_parse(""), 0);
    assert_int_equal(cmdline_parse(NULL), 0);
    /* no- on a non-boolean is not a negation */
    assert_int_equal(cmdline_parse("no-count"), 1);
}

static void test_parse_size_and_unit(void **state)
{
    const char *end;

    assert_int_equal(parse_size_and_unit("3T,rest", &end), 3ULL << 40);
    assert_string_equal(end, ",rest");
    assert_int_equal(parse_size_and_unit("0x10k", &end), 16ULL << 10);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_booleans, reset),
        cmocka_unit_test_setup(test_integers, reset),
        cmocka_unit_test_setup(test_sizes, reset),
        cmocka_unit_test_setup(test_strings_and_quotes, reset),
        cmocka_unit_test_setup(test_custom, reset),
        cmocka_unit_test_setup(test_unknown_and_spacing, reset),
        cmocka_unit_test_setup(test_parse_size_and_unit, reset),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
