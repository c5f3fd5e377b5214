/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * @file tests/bad-domains/main.c
 * The one good domain among bad neighbours (test.cfg's extra-domain lines):
 * the hypervisor refuses each neighbour, saying which and why (expect), and
 * still starts this domain, which only has to run.
 */
#include <xtf.h>

const char test_title[] = "A good domain starts beside refused bad ones";

void test_main(void)
{
    printk("d1 runs beside its refused neighbours\n");
    xtf_success(NULL);
}
