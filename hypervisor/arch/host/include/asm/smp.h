/* SPDX-License-Identifier: GPL-2.0-only */
/* Host: a busy-wait lets the other threads of the test run. */
#ifndef ASM_SMP_H
#define ASM_SMP_H

#include <sched.h>

static inline void arch_cpu_relax(void)
{
    sched_yield();
}

#endif /* ASM_SMP_H */
