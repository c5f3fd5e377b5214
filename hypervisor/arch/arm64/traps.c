/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Exceptions taken at EL2.  A synchronous exception raised by the
 * hypervisor itself is a bug, so it goes to the crash path.  Exits from a
 * guest are decoded here and dispatched by exception class: hypercalls
 * (one table, common/hypercall.c), SMCCC/PSCI (vsmc.c, vpsci.c), WFI/WFE
 * (the scheduler), system registers (vsysreg.c), aborts on emulated MMIO
 * (mmio.c).  Whatever a guest does wrong ends in an exception injected
 * into it (inject.c) or in the crash of its domain, never here.
 */
#include <xenith/crash.h>
#include <xenith/domain.h>
#include <xenith/errno.h>
#include <xenith/hypercall.h>
#include <xenith/irq.h>
#include <xenith/lib.h>
#include <xenith/printk.h>
#include <xenith/softirq.h>
#include <asm/mmio.h>
#include <asm/p2m.h>
#include <asm/regs.h>
#include <asm/sysregs.h>
#include <asm/event.h>
#include <asm/traps.h>
#include <asm/vgic.h>
#include <public/version.h>

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

/* ---------------------------------------------------------------- guests */

#define HPFAR_FIPA_MASK     _AC(0x0000fffffffffff0, UL)    /* IPA[51:12] at 47:4 */

/* The vGIC's list registers follow the vCPU in and out of the guest. */
static void enter_hypervisor_from_guest(void)
{
    vgic_sync_lrs(current);
}

void leave_hypervisor_to_guest(void)
{
    local_irq_disable();
    while ( local_softirq_pending() )
    {
        local_irq_enable();
        do_softirq();
        local_irq_disable();
    }
    vgic_flush_lrs(current);
}

/*
 * HVC #0xEA1: number in x16, arguments in x0-x4, result in x0.  The
 * arguments are read in place: a handler takes them by value before
 * anything can change the frame, and a continuation (-ERESTART) has left
 * the registers as the HVC must find them again.
 */
#ifdef CONFIG_DEBUG
/*
 * As debug Xen does: the registers a hypercall of @nr_args arguments may
 * clobber (x16 and its arguments but the result) are clobbered, so that a
 * guest relying on them is caught at once.
 */
static void hypercall_poison(struct cpu_user_regs *regs, unsigned int nr_args)
{
    regs->x[16] = 0xdeadbeef;
    for ( unsigned int i = 1; i < nr_args; i++ )
        regs->x[i] = 0xdeadbeef;
}

static long hypercall_run(struct cpu_user_regs *regs)
{
    unsigned int nr_args;
    long rc = hypercall_dispatch(regs->x[16], regs->x, &nr_args);

    if ( rc != -ERESTART )
        hypercall_poison(regs, nr_args);
    return rc;
}
#else
static void hypercall_poison(struct cpu_user_regs *regs, unsigned int nr_args)
{
}

/* No count of arguments asked for: nothing of this frame's address taken. */
static long hypercall_run(struct cpu_user_regs *regs)
{
    return hypercall_dispatch(regs->x[16], regs->x, NULL);
}
#endif

static void do_trap_hypercall(struct cpu_user_regs *regs)
{
    long rc = hypercall_run(regs);

    if ( rc != -ERESTART )
        regs->x[0] = (uint64_t)rc;
}

/*
 * xen_version, the hottest call (a guest's "are you there"), straight to
 * its handler: two arguments, never a continuation.
 */
static void do_trap_xen_version(struct cpu_user_regs *regs)
{
    regs->x[0] = (uint64_t)do_xen_version((int)regs->x[0], regs->x[1]);
    hypercall_poison(regs, 2);
}

long hypercall_create_continuation(unsigned int nr_args,
                                   const uint64_t args[HYPERCALL_MAX_ARGS])
{
    struct cpu_user_regs *regs = guest_cpu_user_regs(current);

    BUG_ON(nr_args > HYPERCALL_MAX_ARGS);
    for ( unsigned int i = 0; i < nr_args; i++ )
        regs->x[i] = args[i];
    /* Back onto the HVC (always 4 bytes: AArch64); x16 still has the number. */
    regs->elr -= 4;
    return -ERESTART;
}

/*
 * HVC #0 and SMC #0: SMCCC calls.  ELR already points after an HVC (Xen
 * 4.17 answers there, and injects there); a trapped SMC returns to
 * itself, so it is stepped over once answered, and its UNDEF returns to it.
 */
static void do_trap_smccc_call(struct cpu_user_regs *regs, bool smc)
{
    do_trap_smccc(regs);
    if ( smc )
        advance_pc(regs);
}

/* HVC with an immediate that is no call: UNDEF, logged. */
static void do_trap_bad_hvc(struct cpu_user_regs *regs)
{
    gprintk(XENLOG_INFO, "Invalid HVC imm %#lx\n", regs->esr & ESR_HVC_IMM_MASK);
    inject_undef_exception(regs);
}

static void do_trap_wfx(struct cpu_user_regs *regs)
{
    /* WFE and WFET yield; WFI and WFIT block until an interrupt is pending. */
    if ( (regs->esr & ESR_WFX_TI_MASK) & ESR_WFX_TI_WFE )
        vcpu_yield();
    else
        vcpu_block();
    advance_pc(regs);
}

/*
 * An Access flag fault: the first access to RAM not zeroed yet, which
 * p2m_lookup() zeroes.  Out of line: the type it asks for lives on the
 * stack, and the stack protector's canary would otherwise be paid on
 * every translation fault.
 */
static bool __attribute__((noinline)) access_fault_raced(gfn_t gfn)
{
    p2m_type_t t;

    return mfn_x(p2m_lookup(current->domain, gfn, &t)) != mfn_x(INVALID_MFN);
}

/*
 * Whether the guest just retries: a translation fault on a gfn the p2m
 * maps raced with a change of the tables (break-before-make on another
 * pCPU), an Access flag fault zeroed its RAM (also a stage-1 walk's
 * access).
 */
static inline __attribute__((always_inline)) bool
stage2_fault_raced(struct domain *d, const struct cpu_user_regs *regs, paddr_t gpa)
{
    uint64_t esr = regs->esr, type = esr & ESR_FSC_TYPE_MASK;
    gfn_t gfn = _gfn(gpa >> PAGE_SHIFT);

    if ( type == ESR_FSC_TRANSLATION )
        return p2m_translation_fault_raced(d, gfn, regs->far,
                                           !(esr & (ESR_ABT_FNV | ESR_ABT_S1PTW)));
    return type == ESR_FSC_ACCESS && access_fault_raced(gfn);
}

static bool stage2_fault(uint64_t esr)
{
    uint64_t type = esr & ESR_FSC_TYPE_MASK;

    return type == ESR_FSC_TRANSLATION || type == ESR_FSC_ACCESS ||
           type == ESR_FSC_PERMISSION;
}

/*
 * Quiet exits are handled with IRQs still masked and the vGIC's list
 * registers left as the guest had them: their handlers read nothing the
 * guest changes there (pending and active states, EOIs), so the exit's
 * vgic_sync_lrs() can wait.  If they left nothing for the way back (no
 * softirq, nothing queued on the vCPU's vGIC by their own injections, no
 * upcall flag to assert again) the guest resumes at once, without
 * leave_hypervisor_to_guest(), as if it had not left; otherwise the usual
 * return does it all, its vgic_flush_lrs() syncing first.  An injection
 * from another pCPU meanwhile kicks with an IPI, taken as soon as the
 * guest runs (vcpu_kick()).  "Nothing queued" is stricter than the IRQ
 * exit's vgic_lrs_settled() (an interrupt the guest holds active sends
 * quiet exits the long way) and costs each quiet exit 5 instructions less.
 */
static inline __attribute__((always_inline)) unsigned int quiet_exit(unsigned int resume)
{
    const struct vcpu *v = current;

    if ( ACCESS_ONCE(v->arch.vgic.nr_queued) != 0 || local_softirq_pending() ||
         arch_evtchn_upcall_flagged(v) )
        return GUEST_EXIT_LEAVE;
    return resume;
}

/*
 * A data abort on emulated MMIO goes to its device model, which may read
 * the vGIC (the vGIC's own registers), and is not quiet; nor is an Access
 * flag fault, whose look-up may zero a block of RAM, too long to run with
 * IRQs masked.  Most aborts elsewhere are ruled out by the outline of @d's
 * ranges, inline.
 */
static inline __attribute__((always_inline)) bool dabt_is_mmio(struct domain *d,
                                                               uint64_t esr, paddr_t gpa)
{
    return stage2_fault(esr) && !(esr & ESR_ABT_S1PTW) &&
           !mmio_outline_excludes(&d->arch.mmio, gpa) && mmio_find(&d->arch.mmio, gpa);
}

static bool abort_is_quiet(uint64_t esr)
{
    return (esr & ESR_FSC_TYPE_MASK) != ESR_FSC_ACCESS;
}

/*
 * Emulate a data abort on emulated MMIO: true if done.  Out of line, as
 * the decoded access on its stack costs a stack-protector canary.
 */
static bool __attribute__((noinline)) dabt_emulate(struct cpu_user_regs *regs,
                                                   paddr_t gpa)
{
    struct mmio_access a;
    int rc;

    if ( esr_decode_dabt(regs->esr, &a) != 0 )
    {
        gprintk(XENLOG_INFO, "MMIO access at %#lx not decodable (ISV=0)\n", gpa);
        return false;
    }
    a.gpa = gpa;
    rc = mmio_emulate(current, regs, &a);
    if ( rc == 0 )
    {
        advance_pc(regs);
        return true;
    }
    if ( rc != -ENODEV )
        gprintk(XENLOG_INFO, "MMIO %s at %#lx failed (%d)\n",
                a.write ? "write" : "read", gpa, rc);
    return false;
}

/*
 * Out of line: the hypercall path need not set up this one's stack frame.
 * Emulated MMIO is tried before the race check, as Xen tries it before the
 * p2m (a page the guest mapped over an emulated range is the device's).
 */
static void __attribute__((noinline)) do_trap_dabt(struct cpu_user_regs *regs,
                                                   paddr_t gpa, bool mmio)
{
    if ( !mmio && stage2_fault(regs->esr) && stage2_fault_raced(current->domain, regs, gpa) )
        return;
    if ( mmio && dabt_emulate(regs, gpa) )
        return;
    inject_dabt_exception(regs, regs->far);
}

static void __attribute__((noinline)) do_trap_iabt(struct cpu_user_regs *regs,
                                                   paddr_t gpa)
{
    if ( stage2_fault(regs->esr) && stage2_fault_raced(current->domain, regs, gpa) )
        return;
    inject_iabt_exception(regs, regs->far);
}

/* Instructions the guest may not use, or that Xenith does not emulate. */
static bool undef_class(unsigned int ec)
{
    switch ( ec )
    {
    case ESR_EC_UNKNOWN:
    case ESR_EC_CP15_32: case ESR_EC_CP15_64: case ESR_EC_CP14_MR:
    case ESR_EC_CP14_LS: case ESR_EC_CP14_64:
    case ESR_EC_HVC32: case ESR_EC_SMC32:
    case ESR_EC_FP_ASIMD: case ESR_EC_SVE:
        return true;
    default:
        return false;
    }
}

static_assert(ESR_XEN_HYPERCALL == (((uint64_t)ESR_EC_HVC64 << ESR_EC_SHIFT) | ESR_IL |
                                   XEN_HYPERCALL_TAG), "HVC #0xEA1 syndrome");
static_assert(ESR_ENTRY_EC_SHIFT == ESR_EC_SHIFT && ESR_ENTRY_EC_SMC64 == ESR_EC_SMC64 &&
              ESR_ENTRY_EC_SYS64 == ESR_EC_SYS64 && ESR_ENTRY_EC_DABT_LOW == ESR_EC_DABT_LOW &&
              ESR_ENTRY_SMC_IMM == ESR_HVC_IMM_MASK,
              "the syndromes entry.S tests");

static unsigned int esr_ec(uint64_t esr)
{
    return (unsigned int)(esr >> ESR_EC_SHIFT) & 0x3f;
}

/* The IPA of an abort: HPFAR_EL2 is read before IRQs are enabled. */
static paddr_t abort_gpa(const struct cpu_user_regs *regs)
{
    return ((READ_SYSREG(hpfar_el2) & HPFAR_FIPA_MASK) << 8) |
           (regs->far & (PAGE_SIZE - 1));
}

/* The exits that are not quiet: the vGIC synced first, IRQs enabled. */
static unsigned int __attribute__((noinline)) do_trap_guest_loud(struct cpu_user_regs *regs)
{
    unsigned int ec = esr_ec(regs->esr);
    paddr_t gpa = (ec == ESR_EC_DABT_LOW || ec == ESR_EC_IABT_LOW) ? abort_gpa(regs) : 0;

    enter_hypervisor_from_guest();
    local_irq_enable();
    switch ( ec )
    {
    case ESR_EC_WFx:    do_trap_wfx(regs); break;
    case ESR_EC_HVC64:  do_trap_smccc_call(regs, false); break;
    case ESR_EC_SMC64:  do_trap_smccc_call(regs, true); break;
    case ESR_EC_DABT_LOW:
        do_trap_dabt(regs, gpa, dabt_is_mmio(current->domain, regs->esr, gpa));
        break;
    case ESR_EC_IABT_LOW: do_trap_iabt(regs, gpa); break;
    default:
        if ( undef_class(ec) )
        {
            inject_undef_exception(regs);
            break;
        }
        gprintk(XENLOG_ERR, "unexpected exit, ESR %#lx (EC %#x) at PC %#lx\n",
                regs->esr, ec, regs->elr);
        domain_crash(current->domain);
    }
    return GUEST_EXIT_LEAVE;
}

/*
 * HVC #0xEA1 with XENVER_version, picked out by entry.S: the hottest call
 * is quiet (a constant).  Its other subcommands copy to guest memory,
 * whose first touch may zero a 2 MiB block of RAM, which is not done with
 * IRQs masked: they go the way of every hypercall.
 */
static_assert(XENVER_version == 0, "entry.S picks XENVER_version out with cbnz");
unsigned int do_trap_xen_version_quiet(struct cpu_user_regs *regs)
{
    do_trap_xen_version(regs);
    return quiet_exit(GUEST_EXIT_RESUME);
}

void do_trap_guest_hypercall(struct cpu_user_regs *regs)
{
    enter_hypervisor_from_guest();
    local_irq_enable();
    do_trap_hypercall(regs);
}

/* A data abort on emulated MMIO, for its device model. */
static unsigned int __attribute__((noinline)) do_trap_mmio(struct cpu_user_regs *regs,
                                                           paddr_t gpa)
{
    enter_hypervisor_from_guest();
    local_irq_enable();
    do_trap_dabt(regs, gpa, true);
    return GUEST_EXIT_LEAVE;
}

/*
 * A data abort from the guest, picked out by entry.S.  An Access flag
 * fault and emulated MMIO are loud; elsewhere the guest retries (the
 * fault raced with a change of the p2m) or gets its abort, quietly.  Its
 * helpers inlined, current->domain read once: an abort on a hole is a
 * benchmark figure.
 */
unsigned int do_trap_guest_dabt(struct cpu_user_regs *regs)
{
    struct domain *d = current->domain;
    uint64_t esr = regs->esr;
    paddr_t gpa;

    if ( !abort_is_quiet(esr) )
        return do_trap_guest_loud(regs);
    gpa = abort_gpa(regs);
    if ( dabt_is_mmio(d, esr, gpa) )
        return do_trap_mmio(regs, gpa);
    if ( !stage2_fault(esr) || !stage2_fault_raced(d, regs, gpa) )
        inject_dabt_exception(regs, regs->far);
    return quiet_exit(GUEST_EXIT_RESUME);
}

/*
 * SMC from AArch64 with an immediate that is no call (not 0, SMCCC's),
 * picked out by entry.S: UNDEF, quiet, nothing logged (as Xen 4.17).
 */
unsigned int do_trap_bad_smc_quiet(struct cpu_user_regs *regs)
{
    inject_undef_exception(regs);
    return quiet_exit(GUEST_EXIT_RESUME);
}

/*
 * MSR/MRS, picked out by entry.S: quiet (none of the system registers
 * trapped is the vGIC's state: ICC_SGI1R_EL1 only injects).  An emulated
 * MRS may have written any register of the frame.
 */
unsigned int do_trap_sysreg_quiet(struct cpu_user_regs *regs)
{
    do_trap_sysreg(regs);
    return quiet_exit(GUEST_EXIT_RESUME_ALL);
}

/*
 * Every other exit but HVC #0xEA1 and data aborts.  Quiet: HVC with an
 * immediate that is no call (UNDEF), instruction aborts but Access flag
 * faults.  HVC #0 and SMC #0 (SMCCC) are loud.
 */
unsigned int do_trap_guest_sync(struct cpu_user_regs *regs)
{
    uint64_t esr = regs->esr;

    switch ( esr_ec(esr) )
    {
    case ESR_EC_HVC64:
        if ( !(esr & ESR_HVC_IMM_MASK) )
            break;
        do_trap_bad_hvc(regs);
        return quiet_exit(GUEST_EXIT_RESUME);
    case ESR_EC_IABT_LOW:
        if ( !abort_is_quiet(esr) )
            break;
        do_trap_iabt(regs, abort_gpa(regs));
        return quiet_exit(GUEST_EXIT_RESUME);
    }
    return do_trap_guest_loud(regs);
}

/*
 * The list registers stay live (vgic.c): an IRQ changes nothing the guest
 * did with them, and its handlers' injections write beside them.  If the
 * handlers left nothing for the way back (no softirq, the list registers
 * as vgic_flush_lrs() would keep them, no upcall flag to assert again)
 * the guest resumes at once, as after a quiet exit: do_irq() changed
 * nothing of the frame, and IRQs stayed masked.
 */
unsigned int do_trap_guest_irq(struct cpu_user_regs *regs)
{
    const struct vcpu *v = current;

    do_irq(regs);
    if ( local_softirq_pending() || !vgic_lrs_settled(&v->arch.vgic) ||
         arch_evtchn_upcall_flagged(v) )
        return GUEST_EXIT_LEAVE;
    return GUEST_EXIT_RESUME;
}

/* An SError while the guest ran is the guest's: it does not survive it. */
void do_trap_guest_serror(struct cpu_user_regs *regs)
{
    enter_hypervisor_from_guest();
    local_irq_enable();
    gprintk(XENLOG_ERR, "SError from the guest, ESR %#lx at PC %#lx\n",
            regs->esr, regs->elr);
    domain_crash(current->domain);
}
