/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Host: domains and vCPUs have no architectural state but the table of
 * emulated MMIO ranges (so mmio.c runs in unit tests); the tests provide
 * the arch hooks themselves.  struct arch_vcpu is empty (a GNU extension).
 */
#ifndef ASM_DOMAIN_H
#define ASM_DOMAIN_H

#include <asm/mmio.h>

struct arch_domain {
    struct vmmio mmio;
};

struct arch_vcpu {
};

#endif /* ASM_DOMAIN_H */
