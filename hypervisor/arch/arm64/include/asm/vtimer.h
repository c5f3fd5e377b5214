/* SPDX-License-Identifier: GPL-2.0-only */
/* Virtual timers of a vCPU (vtimer.c). */
#ifndef ASM_VTIMER_H
#define ASM_VTIMER_H

#include <xenith/types.h>

struct vtimer {
    uint64_t cntv_ctl, cntv_cval;
};

#endif /* ASM_VTIMER_H */
