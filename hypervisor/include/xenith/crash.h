/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The crash path: print the reason, the registers and a symbolized
 * backtrace, then stop every CPU.  Used by panic(), BUG_ON() and
 * unexpected exceptions at EL2.
 */
#ifndef XENITH_CRASH_H
#define XENITH_CRASH_H

#include <xenith/lib.h>

struct cpu_user_regs;

void __noreturn crash_with_regs(const char *reason, const struct cpu_user_regs *regs);

#endif /* XENITH_CRASH_H */
