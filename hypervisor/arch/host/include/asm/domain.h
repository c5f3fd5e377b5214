/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Host: domains and vCPUs have no architectural state (empty structs, a
 * GNU extension); unit tests provide the arch hooks themselves.
 */
#ifndef ASM_DOMAIN_H
#define ASM_DOMAIN_H

struct arch_domain {
};

struct arch_vcpu {
};

#endif /* ASM_DOMAIN_H */
