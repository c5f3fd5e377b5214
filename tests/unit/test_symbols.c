/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests of the backtrace symbol lookup (hypervisor/common/symbols.c)
 * against a hand-made table in the layout scripts/gen-symbols.py emits.
 */
#include "host.h"
#include <string.h>
#include <xenith/symbols.h>

/* A fake text section of 0x100 bytes: _stext is the array, _etext its end. */
const char _stext[0x100];
asm (".globl _etext\n.set _etext, _stext + 0x100\n");

#define TEXT(off)   ((unsigned long)_stext + (off))

/* "alias" and "second" share an address; "last" runs to _etext. */
const unsigned long symbols_num = 5;
const unsigned long symbols_addrs[] = {
    TEXT(0x00), TEXT(0x10), TEXT(0x40), TEXT(0x40), TEXT(0xc0),
};
const uint32_t symbols_name_offs[] = { 0, 6, 12, 18, 25 };
const char symbols_names[] = "start\0first\0alias\0second\0last";

static void test_start_of_symbol(void **state)
{
    unsigned long off = ~0UL, size = 0;

    assert_string_equal(symbols_lookup(TEXT(0x10), &off, &size), "first");
    assert_int_equal(off, 0);
    assert_int_equal(size, 0x30);
}

static void test_inside_symbol(void **state)
{
    unsigned long off, size;

    assert_string_equal(symbols_lookup(TEXT(0x0f), &off, &size), "start");
    assert_int_equal(off, 0x0f);
    assert_int_equal(size, 0x10);
}

static void test_aliases_share_size(void **state)
{
    unsigned long off, size;

    /* The later alias wins; the size runs to the next distinct address. */
    assert_string_equal(symbols_lookup(TEXT(0x44), &off, &size), "second");
    assert_int_equal(off, 4);
    assert_int_equal(size, 0x80);
}

static void test_last_symbol_ends_at_etext(void **state)
{
    unsigned long off, size;

    assert_string_equal(symbols_lookup(TEXT(0xff), &off, &size), "last");
    assert_int_equal(off, 0x3f);
    assert_int_equal(size, 0x40);
}

static void test_outside_text(void **state)
{
    unsigned long off, size;

    assert_null(symbols_lookup(TEXT(0x100), &off, &size));
    assert_null(symbols_lookup(TEXT(0) - 1, &off, &size));
    assert_null(symbols_lookup(0, &off, &size));
}

static void test_format(void **state)
{
    char buf[64];

    assert_string_equal(symbols_format(buf, sizeof(buf), TEXT(0x2c)), "first+0x1c/0x30");
    assert_string_equal(symbols_format(buf, sizeof(buf), TEXT(0x200)), "??");
    /* Truncated, still terminated. */
    assert_string_equal(symbols_format(buf, 6, TEXT(0x2c)), "first");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_start_of_symbol),
        cmocka_unit_test(test_inside_symbol),
        cmocka_unit_test(test_aliases_share_size),
        cmocka_unit_test(test_last_symbol_ends_at_etext),
        cmocka_unit_test(test_outside_text),
        cmocka_unit_test(test_format),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
