/* SPDX-License-Identifier: GPL-2.0-only */
/* The host "architecture" used to build hypervisor/common for unit tests. */
#ifndef ASM_CONFIG_H
#define ASM_CONFIG_H

#include <xenith/const.h>

#define PAGE_SHIFT          12
#define PAGE_SIZE           (_AC(1, UL) << PAGE_SHIFT)
#define STACK_ORDER         2
#define STACK_SIZE          (PAGE_SIZE << STACK_ORDER)
#define NR_CPUS             CONFIG_NR_CPUS
#define CACHE_LINE_BYTES    64

#endif /* ASM_CONFIG_H */
