/* SPDX-License-Identifier: GPL-2.0-only */
/* A vCPU's saved EL1 state and the registers kept across a stack switch. */
#ifndef ASM_VCPU_CONTEXT_H
#define ASM_VCPU_CONTEXT_H

#include <xenith/types.h>

/* What context_switch() saves of the hypervisor's own state: x19-x30, sp. */
struct vcpu_switch_regs {
    uint64_t x19, x20, x21, x22, x23, x24, x25, x26, x27, x28;
    uint64_t fp, lr, sp;
};

struct vcpu_el1_context {
    uint64_t sctlr, ttbr0, ttbr1, tcr, mair, amair, vbar, contextidr;
    uint64_t tpidr_el0, tpidrro_el0, tpidr_el1, sp_el0, sp_el1;
    uint64_t elr_el1, spsr_el1, esr, far, par, afsr0, afsr1, cpacr;
    uint64_t cntkctl;
};

#endif /* ASM_VCPU_CONTEXT_H */
