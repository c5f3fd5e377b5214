/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Exceptions injected into the current vCPU, as an AArch64 EL1 would
 * take them (Arm ARM D1.10): ELR_EL1/SPSR_EL1 get the interrupted state,
 * ESR_EL1 (and FAR_EL1) the syndrome, and the guest resumes at the entry
 * of its vector table that matches where it was, at EL1h with DAIF set.
 * The EL1 registers written are the live ones: only the current vCPU's
 * exceptions are injected, and its EL1 state is on the CPU until it is
 * switched out.
 */
#include <xenith/lib.h>
#include <asm/esr.h>
#include <asm/sysregs.h>
#include <asm/traps.h>
#include <public/xen.h>

#define VECTOR_CURRENT_SP0      0x000
#define VECTOR_CURRENT_SPX      0x200
#define VECTOR_LOWER_AARCH64    0x400
#define VECTOR_LOWER_AARCH32    0x600

#define SCTLR_EL1_SPAN          (_AC(1, UL) << 23)
#define ID_AA64MMFR1_PAN_SHIFT  20

static bool from_el0(const struct cpu_user_regs *regs)
{
    unsigned long mode = regs->spsr & PSR_MODE_MASK;

    return mode == PSR_MODE_EL0t || (mode & PSR_MODE_BIT);
}

static uint64_t vector_offset(const struct cpu_user_regs *regs)
{
    unsigned long mode = regs->spsr & PSR_MODE_MASK;

    if ( mode == PSR_MODE_EL1h )
        return VECTOR_CURRENT_SPX;
    if ( mode == PSR_MODE_EL1t )
        return VECTOR_CURRENT_SP0;
    return (mode & PSR_MODE_BIT) ? VECTOR_LOWER_AARCH32 : VECTOR_LOWER_AARCH64;
}

/* PSTATE on entry to EL1: EL1h, DAIF masked, PAN set unless SCTLR_EL1.SPAN. */
static uint64_t entry_pstate(void)
{
    uint64_t pstate = PSR_MODE_EL1h | PSR_DBG_MASK | PSR_ABT_MASK | PSR_IRQ_MASK |
                     PSR_FIQ_MASK;

    if ( ((READ_SYSREG(id_aa64mmfr1_el1) >> ID_AA64MMFR1_PAN_SHIFT) & 0xf) &&
         !(READ_SYSREG(sctlr_el1) & SCTLR_EL1_SPAN) )
        pstate |= PSR_PAN;
    return pstate;
}

static void inject_sync(struct cpu_user_regs *regs, uint64_t esr, bool has_far,
                        uint64_t far)
{
    uint64_t target = READ_SYSREG(vbar_el1) + vector_offset(regs);

    WRITE_SYSREG(regs->elr, elr_el1);
    WRITE_SYSREG(regs->spsr, spsr_el1);
    WRITE_SYSREG(esr, esr_el1);
    if ( has_far )
        WRITE_SYSREG(far, far_el1);
    regs->elr = target;
    regs->spsr = entry_pstate();
}

/* IL as in the trapped instruction's syndrome. */
static uint64_t trap_il(const struct cpu_user_regs *regs)
{
    return regs->esr & ESR_IL;
}

void inject_undef_exception(struct cpu_user_regs *regs)
{
    inject_sync(regs, ((uint64_t)ESR_EC_UNKNOWN << ESR_EC_SHIFT) | trap_il(regs),
                false, 0);
}

/* Xen 4.17's aborts: ISS 0 (no WnR, fault status 0), only EC and IL set. */
void inject_dabt_exception(struct cpu_user_regs *regs, uint64_t far)
{
    uint64_t ec = from_el0(regs) ? ESR_EC_DABT_LOW : ESR_EC_DABT_CUR;

    inject_sync(regs, (ec << ESR_EC_SHIFT) | trap_il(regs), true, far);
}

void inject_iabt_exception(struct cpu_user_regs *regs, uint64_t far)
{
    uint64_t ec = from_el0(regs) ? ESR_EC_IABT_LOW : ESR_EC_IABT_CUR;

    inject_sync(regs, (ec << ESR_EC_SHIFT) | trap_il(regs), true, far);
}
