/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * @file tests/example/main.c
 * The smallest test: prints and succeeds.  Copy it to start a new test.
 */
#include <xtf.h>

const char test_title[] = "Hello World";

void test_main(void)
{
    printk("Hello World\n");
    xtf_success(NULL);
}
