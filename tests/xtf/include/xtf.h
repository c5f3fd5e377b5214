/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What an xtf test includes.  A test is a directory tests/<name>/ with a
 * main.c that defines:
 *
 *     const char test_title[] = "What this test checks";
 *     void test_main(void) { ... xtf_success(NULL); }
 *
 * test_main() runs on vCPU 0 at EL1 with the MMU and caches on, RAM and
 * the console's UART identity-mapped, and the console set up.
 */
#ifndef XTF_H
#define XTF_H

#include <xtf/types.h>
#include <xtf/lib.h>
#include <xtf/console.h>
#include <xtf/report.h>
#include <xtf/hypercall.h>
#include <xtf/psci.h>
#include <xtf/traps.h>
#include <xtf/mm.h>
#include <xtf/fdt.h>
#include <xtf/sysreg.h>
#include <xtf/smp.h>
#include <xtf/time.h>
#include <xtf/gic.h>
#include <xtf/cmdline.h>
#include <public/errno.h>

extern const char test_title[];
void test_main(void);

/* The guest's RAM (first memory bank of the device tree). */
extern uint64_t xtf_ram_start, xtf_ram_size;

#endif /* XTF_H */
