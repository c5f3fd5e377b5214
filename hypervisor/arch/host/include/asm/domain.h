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

/* The guest's saved registers: the test that needs them provides them. */
struct cpu_user_regs;
struct vcpu;
struct cpu_user_regs *host_guest_cpu_user_regs(struct vcpu *v);
#define guest_cpu_user_regs(v) host_guest_cpu_user_regs(v)

#endif /* ASM_DOMAIN_H */
