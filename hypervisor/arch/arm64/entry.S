/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * EL2 exception vectors.  Every entry saves a struct cpu_user_regs on the
 * current stack and hands it to C.  IRQs taken at EL2 return; everything
 * else at EL2 is unexpected and ends in the crash path.
 *
 * Exceptions from a guest (lower EL) arrive on the running vCPU's own
 * stack, empty but for what the last entry left: the saved frame lands at
 * its top, where guest_cpu_user_regs() finds it.  Every one returns to the
 * guest through return_to_guest, which runs pending softirqs first (a
 * schedule there may switch to another vCPU's stack and come back later)
 * and leaves with the stack empty again.  FIQs from a guest cannot
 * happen (the GIC signals only IRQs) and stay unexpected.
 */
#include <asm/regs.h>
#include <public/xen.h>

/* The pieces of a saved frame (struct cpu_user_regs). */
.macro save_x0_x17
    stp     x0, x1, [sp, #REGS_OFF_X(0)]
    stp     x2, x3, [sp, #REGS_OFF_X(2)]
    stp     x4, x5, [sp, #REGS_OFF_X(4)]
    stp     x6, x7, [sp, #REGS_OFF_X(6)]
    stp     x8, x9, [sp, #REGS_OFF_X(8)]
    stp     x10, x11, [sp, #REGS_OFF_X(10)]
    stp     x12, x13, [sp, #REGS_OFF_X(12)]
    stp     x14, x15, [sp, #REGS_OFF_X(14)]
    stp     x16, x17, [sp, #REGS_OFF_X(16)]
.endm

.macro save_x20_x27
    stp     x20, x21, [sp, #REGS_OFF_X(20)]
    stp     x22, x23, [sp, #REGS_OFF_X(22)]
    stp     x24, x25, [sp, #REGS_OFF_X(24)]
    stp     x26, x27, [sp, #REGS_OFF_X(26)]
.endm

/* ELR, SPSR, ESR and FAR of EL2; ESR_EL2 stays in x0. */
.macro save_exception_regs
    mrs     x0, elr_el2
    mrs     x1, spsr_el2
    stp     x0, x1, [sp, #REGS_OFF_ELR]
    mrs     x0, esr_el2
    mrs     x1, far_el2
    stp     x0, x1, [sp, #REGS_OFF_ESR]
.endm

/*
 * Save x0-x30, the interrupted SP and the exception registers; ESR_EL2
 * stays in x0.
 */
.macro save_frame
    sub     sp, sp, #REGS_SIZE
    save_x0_x17
    stp     x18, x19, [sp, #REGS_OFF_X(18)]
    save_x20_x27
    stp     x28, x29, [sp, #REGS_OFF_X(28)]
    add     x0, sp, #REGS_SIZE
    stp     x30, x0, [sp, #REGS_OFF_X(30)]
    save_exception_regs
.endm

/*
 * A guest exit saves at first what its quick way back restores: the
 * registers a C call may change, and x29, which it clears (x19 and x28 ride
 * along in their pairs).  x20-x27 are callee-saved in every C call and the
 * SP is the frame's own end, read by nobody: the quick handlers neither
 * read nor change them, so the ways that may need them save x20-x27 from
 * the registers that still hold them.
 */
.macro save_guest_caller_saved
    sub     sp, sp, #REGS_SIZE
    save_x0_x17
    stp     x18, x19, [sp, #REGS_OFF_X(18)]
    stp     x28, x29, [sp, #REGS_OFF_X(28)]
    str     x30, [sp, #REGS_OFF_X(30)]
.endm

/* A synchronous exit: its syndrome too; ESR_EL2 stays in x0. */
.macro save_guest_sync_frame
    save_guest_caller_saved
    save_exception_regs
.endm

/*
 * An IRQ exit saves that and where the guest was (ELR, SPSR: what a dump
 * of the vCPU from another pCPU shows as its PC), not its syndrome (ESR
 * and FAR mean nothing for an IRQ); save_x20_x27 adds the rest, still in
 * the registers, before the long way back (softirqs, a context switch)
 * may read the frame.
 */
.macro save_guest_irq_frame
    save_guest_caller_saved
    mrs     x0, elr_el2
    mrs     x1, spsr_el2
    stp     x0, x1, [sp, #REGS_OFF_ELR]
.endm

/*
 * With caller_saved=1, x19-x28 are left as they are: the caller knows
 * they hold the frame's values already (callee-saved in every C call).
 * With elr=0, so are ELR_EL2 and SPSR_EL2: the caller knows nothing
 * changed them in the frame, and no exception was taken at EL2 since
 * the save (IRQs masked all along; any other one ends in the crash path).
 */
.macro restore_frame_eret caller_saved=0, elr=1
.if \elr
    ldp     x0, x1, [sp, #REGS_OFF_ELR]
    msr     elr_el2, x0
    msr     spsr_el2, x1
.endif
    ldp     x0, x1, [sp, #REGS_OFF_X(0)]
    ldp     x2, x3, [sp, #REGS_OFF_X(2)]
    ldp     x4, x5, [sp, #REGS_OFF_X(4)]
    ldp     x6, x7, [sp, #REGS_OFF_X(6)]
    ldp     x8, x9, [sp, #REGS_OFF_X(8)]
    ldp     x10, x11, [sp, #REGS_OFF_X(10)]
    ldp     x12, x13, [sp, #REGS_OFF_X(12)]
    ldp     x14, x15, [sp, #REGS_OFF_X(14)]
    ldp     x16, x17, [sp, #REGS_OFF_X(16)]
.if \caller_saved
    ldr     x18, [sp, #REGS_OFF_X(18)]
    ldp     x29, x30, [sp, #REGS_OFF_X(29)]
.else
    ldp     x18, x19, [sp, #REGS_OFF_X(18)]
    ldp     x20, x21, [sp, #REGS_OFF_X(20)]
    ldp     x22, x23, [sp, #REGS_OFF_X(22)]
    ldp     x24, x25, [sp, #REGS_OFF_X(24)]
    ldp     x26, x27, [sp, #REGS_OFF_X(26)]
    ldp     x28, x29, [sp, #REGS_OFF_X(28)]
    ldr     x30, [sp, #REGS_OFF_X(30)]
.endif
    add     sp, sp, #REGS_SIZE
    eret
.endm

/* An unexpected vector: save, then report with its number; never returns. */
.macro bad_vector num
    save_frame
    mov     x0, sp
    mov     x1, #\num
    bl      do_bad_vector
    b       halt_forever
.endm

/* A guest exit: save its frame, end the hypervisor's frame-pointer chain. */
.macro guest_vector handler
    save_frame
    mov     x29, xzr
    mov     x0, sp
    bl      \handler
    b       return_to_guest
.endm

.macro ventry label
    .balign 128
    b       \label
.endm

    .text
    .balign 2048
    .global hyp_vector_table
hyp_vector_table:
    ventry  bad_el2t_sync           /* current EL, SP_EL0 */
    ventry  bad_el2t_irq
    ventry  bad_el2t_fiq
    ventry  bad_el2t_serror
    ventry  hyp_sync                /* current EL, SP_ELx */
    ventry  hyp_irq
    ventry  bad_el2h_fiq
    ventry  bad_el2h_serror
    ventry  guest_sync              /* lower EL, AArch64 */
    ventry  guest_irq
    ventry  bad_lower64_fiq
    ventry  guest_serror
    ventry  guest_sync              /* lower EL, AArch32 (EL0 of a guest) */
    ventry  guest_irq
    ventry  bad_lower32_fiq
    ventry  guest_serror

hyp_sync:
    save_frame
    mov     x0, sp
    bl      do_trap_hyp_sync
    restore_frame_eret

hyp_irq:
    save_frame
    mov     x0, sp
    bl      do_irq
    restore_frame_eret

/*
 * The hypercalls are picked out here, xen_version's XENVER_version first
 * (the save leaves ESR_EL2 in x0; x16 is still the guest's, its x0 in the
 * frame), then an SMC with an
 * immediate that is no call (not 0, SMCCC's), then MSR/MRS (which
 * returns GUEST_EXIT_RESUME_ALL or _LEAVE), then data aborts.  A quiet
 * exit (traps.c) goes back at once, IRQs masked all along; if its handler
 * changed no register of the frame but x0-x18, ELR and SPSR
 * (GUEST_EXIT_RESUME), x19-x28 are still the guest's, kept by the C
 * calls; xen_version's changes no more than x0-x18.
 */
guest_sync:
    save_guest_sync_frame
    mov     x29, xzr
    mov     x1, #(ESR_XEN_HYPERCALL & 0xffff)
    movk    x1, #(ESR_XEN_HYPERCALL >> 16), lsl #16
    cmp     x0, x1
    b.ne    1f
    mov     x0, sp
    cmp     x16, #__HYPERVISOR_xen_version
    b.ne    2f
    ldr     x1, [sp, #REGS_OFF_X(0)]        /* XENVER_version is 0 (traps.c) */
    cbnz    x1, 2f
    bl      do_trap_xen_version_quiet
    cbnz    w0, 6f
    restore_frame_eret caller_saved=1, elr=0
1:  ubfx    x1, x0, #ESR_ENTRY_EC_SHIFT, #6
    cmp     x1, #ESR_ENTRY_EC_SMC64
    b.ne    5f
    tst     x0, #ESR_ENTRY_SMC_IMM
    b.eq    5f
    mov     x0, sp
    bl      do_trap_bad_smc_quiet
    cbnz    w0, 6f
    restore_frame_eret caller_saved=1
2:  save_x20_x27
    bl      do_trap_guest_hypercall
    b       return_to_guest
5:  save_x20_x27
    cmp     x1, #ESR_ENTRY_EC_SYS64
    mov     x0, sp
    b.ne    4f
    bl      do_trap_sysreg_quiet
    b       3f
4:  cmp     x1, #ESR_ENTRY_EC_DABT_LOW
    b.ne    7f
    bl      do_trap_guest_dabt
    cbnz    w0, 3f
    restore_frame_eret caller_saved=1
7:  bl      do_trap_guest_sync
    cbnz    w0, 3f
    restore_frame_eret caller_saved=1
3:  cmp     w0, #GUEST_EXIT_LEAVE
    b.eq    return_to_guest
    restore_frame_eret
    /* A quick handler's GUEST_EXIT_LEAVE: x20-x27 are the guest's still. */
6:  save_x20_x27
    b       return_to_guest

/* An IRQ exit with nothing left for the way back resumes at once (traps.c). */
guest_irq:
    save_guest_irq_frame
    mov     x29, xzr
    mov     x0, sp
    bl      do_trap_guest_irq
    cbnz    w0, 1f
    restore_frame_eret caller_saved=1, elr=0
1:  save_x20_x27
    b       return_to_guest

guest_serror:   guest_vector do_trap_guest_serror

/*
 * Back to the current vCPU's guest, with the stack pointer on its frame:
 * leave_hypervisor_to_guest() returns with IRQs masked and nothing left to
 * do, so the state restored is final.  Also where a new vCPU starts.
 */
    .global return_to_guest
return_to_guest:
    bl      leave_hypervisor_to_guest
    restore_frame_eret

bad_el2t_sync:      bad_vector 0
bad_el2t_irq:       bad_vector 1
bad_el2t_fiq:       bad_vector 2
bad_el2t_serror:    bad_vector 3
bad_el2h_fiq:       bad_vector 6
bad_el2h_serror:    bad_vector 7
bad_lower64_fiq:    bad_vector 10
bad_lower32_fiq:    bad_vector 14
