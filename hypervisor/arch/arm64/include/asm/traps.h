/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Guest exits (traps.c) and what their handlers use: the guest's general
 * registers in the saved frame, stepping over the trapped instruction,
 * and exceptions injected into the guest (inject.c).
 */
#ifndef ASM_TRAPS_H
#define ASM_TRAPS_H

#include <xenith/types.h>
#include <asm/esr.h>
#include <asm/regs.h>

/* Register @reg (0-30) of the guest; 31 is the zero register in traps. */
static inline uint64_t get_user_reg(const struct cpu_user_regs *regs, unsigned int reg)
{
    return reg == REG_ZR ? 0 : regs->x[reg];
}

static inline void set_user_reg(struct cpu_user_regs *regs, unsigned int reg, uint64_t val)
{
    if ( reg != REG_ZR )
        regs->x[reg] = val;
}

/* Continue after the trapped instruction (4 bytes, or 2 for a T16 one). */
static inline void advance_pc(struct cpu_user_regs *regs)
{
    regs->elr += (regs->esr & ESR_IL) ? 4 : 2;
}

/*
 * Make the current vCPU take an exception at its EL1 on return: the
 * state of @regs is saved into its ELR_EL1/SPSR_EL1 and it resumes at the
 * right entry of its VBAR_EL1.  The return address is regs->elr as it is:
 * the trapped instruction, or the one after it if the caller stepped.
 */
void inject_undef_exception(struct cpu_user_regs *regs);
/* A synchronous external-style abort on @far, with Xen 4.17's syndrome. */
void inject_dabt_exception(struct cpu_user_regs *regs, uint64_t far);
void inject_iabt_exception(struct cpu_user_regs *regs, uint64_t far);

/*
 * Entry points from entry.S.  A synchronous exit goes to one of six:
 * HVC #0xEA1 with x16 = xen_version, any other HVC #0xEA1 (which returns
 * through leave_hypervisor_to_guest()), SMC from AArch64 with an
 * immediate that is not 0, MSR/MRS, a data abort from the guest, the
 * rest.  All but the second say how the way back goes (GUEST_EXIT_*,
 * asm/regs.h): at once, restoring the registers C calls may clobber, ELR
 * and SPSR (x19-x28 are the guest's still: the frame's were not changed);
 * at once, all of the frame; or through leave_hypervisor_to_guest().  The
 * first changes no more than x0-x18 of the frame (ELR and SPSR are left
 * on the CPU), the third no more than ELR and SPSR, the fourth returns
 * _RESUME_ALL or _LEAVE.
 */
unsigned int do_trap_xen_version_quiet(struct cpu_user_regs *regs);
void do_trap_guest_hypercall(struct cpu_user_regs *regs);
unsigned int do_trap_bad_smc_quiet(struct cpu_user_regs *regs);
unsigned int do_trap_sysreg_quiet(struct cpu_user_regs *regs);
unsigned int do_trap_guest_dabt(struct cpu_user_regs *regs);
unsigned int do_trap_guest_sync(struct cpu_user_regs *regs);
/* An IRQ exit: GUEST_EXIT_RESUME (x19-x28, ELR, SPSR kept) or _LEAVE. */
unsigned int do_trap_guest_irq(struct cpu_user_regs *regs);
void do_trap_guest_serror(struct cpu_user_regs *regs);
void leave_hypervisor_to_guest(void);

/* HVC #0 and SMC #0 (vsmc.c): always answers, in x0-x3. */
void do_trap_smccc(struct cpu_user_regs *regs);
/* PSCI functions (vpsci.c): false when @fid is not one of them. */
bool vpsci_handle_call(uint32_t fid, struct cpu_user_regs *regs);
/* MRS/MSR trapped (vsysreg.c). */
void do_trap_sysreg(struct cpu_user_regs *regs);

#endif /* ASM_TRAPS_H */
