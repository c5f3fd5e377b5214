/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A vCPU's saved EL1 state and the registers kept across a stack switch
 * (vcpu.c, context_switch.S).  Offsets used by assembly are defined here
 * and checked against the structs in vcpu.c.
 */
#ifndef ASM_VCPU_CONTEXT_H
#define ASM_VCPU_CONTEXT_H

/* struct vcpu_switch_regs */
#define SWITCH_OFF_X19      0
#define SWITCH_OFF_FP       80
#define SWITCH_OFF_SP       96
#define SWITCH_REGS_SIZE    104

/* struct vcpu_fpsimd */
#define FPSIMD_OFF_FPSR     512
#define FPSIMD_OFF_FPCR     516

#ifndef __ASSEMBLY__
#include <xenith/types.h>

/* What context_switch() saves of the hypervisor's own state: x19-x30, sp. */
struct vcpu_switch_regs {
    uint64_t x19, x20, x21, x22, x23, x24, x25, x26, x27, x28;
    uint64_t fp, lr, sp;
};

/*
 * The guest's FP/SIMD registers.  The hypervisor is built with
 * -mgeneral-regs-only, so they stay the guest's while it is in the
 * hypervisor and are only moved at a context switch (context_switch.S).
 */
struct vcpu_fpsimd {
    uint64_t q[64];             /* q0-q31, two words each */
    uint32_t fpsr, fpcr;
} __attribute__((__aligned__(16)));

struct vcpu_el1_context {
    uint64_t sctlr, ttbr0, ttbr1, tcr, mair, amair, vbar, contextidr;
    uint64_t tpidr_el0, tpidrro_el0, tpidr_el1, sp_el0, sp_el1;
    uint64_t elr_el1, spsr_el1, esr, far, par, afsr0, afsr1, cpacr;
    uint64_t cntkctl, csselr;
    uint64_t actlr;             /* what the guest reads (writes trap, ignored) */
    struct vcpu_fpsimd fp;
};

/* context_switch.S */
void fpsimd_save(struct vcpu_fpsimd *fp);
void fpsimd_restore(const struct vcpu_fpsimd *fp);

#endif /* __ASSEMBLY__ */
#endif /* ASM_VCPU_CONTEXT_H */
