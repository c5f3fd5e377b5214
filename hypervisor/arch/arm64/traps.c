/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Exceptions taken at EL2.  Until guests exist every synchronous exception
 * at EL2 is a hypervisor bug, so it goes to the crash path.
 */
#include <xenith/crash.h>
#include <xenith/lib.h>
#include <asm/regs.h>

static_assert(offsetof(struct cpu_user_regs, sp) == REGS_OFF_SP, "regs layout");
static_assert(offsetof(struct cpu_user_regs, elr) == REGS_OFF_ELR, "regs layout");
static_assert(offsetof(struct cpu_user_regs, spsr) == REGS_OFF_SPSR, "regs layout");
static_assert(offsetof(struct cpu_user_regs, esr) == REGS_OFF_ESR, "regs layout");
static_assert(offsetof(struct cpu_user_regs, far) == REGS_OFF_FAR, "regs layout");
static_assert(sizeof(struct cpu_user_regs) == REGS_SIZE, "regs layout");

void do_trap_hyp_sync(struct cpu_user_regs *regs);
void do_bad_vector(struct cpu_user_regs *regs, unsigned int vector);

void do_trap_hyp_sync(struct cpu_user_regs *regs)
{
    crash_with_regs("Unexpected synchronous exception at EL2", regs);
}

void do_bad_vector(struct cpu_user_regs *regs, unsigned int vector)
{
    static const char *const names[] = {
        "EL2t synchronous", "EL2t IRQ", "EL2t FIQ", "EL2t SError",
        "EL2h synchronous", "EL2h IRQ", "EL2h FIQ", "EL2h SError",
        "lower EL (AArch64) synchronous", "lower EL (AArch64) IRQ",
        "lower EL (AArch64) FIQ", "lower EL (AArch64) SError",
        "lower EL (AArch32) synchronous", "lower EL (AArch32) IRQ",
        "lower EL (AArch32) FIQ", "lower EL (AArch32) SError",
    };

    crash_with_regs(vector < ARRAY_SIZE(names) ? names[vector] : "unknown vector", regs);
}
