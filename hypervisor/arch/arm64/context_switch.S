/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Switching vCPUs means switching EL2 stacks (vcpu.c): the callee-saved
 * registers, frame pointer, link register and stack pointer of the one
 * leaving go to its struct vcpu_switch_regs, the other's come back.  Also
 * the guest FP/SIMD registers, which only this file touches: the rest of
 * the hypervisor is built with -mgeneral-regs-only.
 */
#include <asm/vcpu_context.h>

    .text

/*
 * struct vcpu *__context_switch(struct vcpu_switch_regs *from,
 *                               struct vcpu_switch_regs *to,
 *                               struct vcpu *prev)
 * Returns @prev on the stack of @to: to the point where that vCPU called
 * us itself, or to continue_new_vcpu for a vCPU that never ran.
 */
    .global __context_switch
    .type   __context_switch, %function
__context_switch:
    stp     x19, x20, [x0, #SWITCH_OFF_X19]
    stp     x21, x22, [x0, #SWITCH_OFF_X19 + 16]
    stp     x23, x24, [x0, #SWITCH_OFF_X19 + 32]
    stp     x25, x26, [x0, #SWITCH_OFF_X19 + 48]
    stp     x27, x28, [x0, #SWITCH_OFF_X19 + 64]
    stp     x29, x30, [x0, #SWITCH_OFF_FP]
    mov     x9, sp
    str     x9, [x0, #SWITCH_OFF_SP]

    ldp     x19, x20, [x1, #SWITCH_OFF_X19]
    ldp     x21, x22, [x1, #SWITCH_OFF_X19 + 16]
    ldp     x23, x24, [x1, #SWITCH_OFF_X19 + 32]
    ldp     x25, x26, [x1, #SWITCH_OFF_X19 + 48]
    ldp     x27, x28, [x1, #SWITCH_OFF_X19 + 64]
    ldp     x29, x30, [x1, #SWITCH_OFF_FP]
    ldr     x9, [x1, #SWITCH_OFF_SP]
    mov     sp, x9
    mov     x0, x2
    ret
    .size   __context_switch, . - __context_switch

/*
 * Where a vCPU's first switch lands (its switch_regs.lr), with the vCPU
 * switched from in x0 and the stack pointer on the guest frame at the top
 * of the new stack: finish the switch, then enter the guest.
 */
    .global continue_new_vcpu
    .type   continue_new_vcpu, %function
continue_new_vcpu:
    bl      sched_context_switched
    b       return_to_guest
    .size   continue_new_vcpu, . - continue_new_vcpu

/* void fpsimd_save(struct vcpu_fpsimd *fp) */
    .global fpsimd_save
    .type   fpsimd_save, %function
fpsimd_save:
    stp     q0, q1, [x0, #0]
    stp     q2, q3, [x0, #32]
    stp     q4, q5, [x0, #64]
    stp     q6, q7, [x0, #96]
    stp     q8, q9, [x0, #128]
    stp     q10, q11, [x0, #160]
    stp     q12, q13, [x0, #192]
    stp     q14, q15, [x0, #224]
    stp     q16, q17, [x0, #256]
    stp     q18, q19, [x0, #288]
    stp     q20, q21, [x0, #320]
    stp     q22, q23, [x0, #352]
    stp     q24, q25, [x0, #384]
    stp     q26, q27, [x0, #416]
    stp     q28, q29, [x0, #448]
    stp     q30, q31, [x0, #480]
    mrs     x1, fpsr
    str     w1, [x0, #FPSIMD_OFF_FPSR]
    mrs     x1, fpcr
    str     w1, [x0, #FPSIMD_OFF_FPCR]
    ret
    .size   fpsimd_save, . - fpsimd_save

/* void fpsimd_restore(const struct vcpu_fpsimd *fp) */
    .global fpsimd_restore
    .type   fpsimd_restore, %function
fpsimd_restore:
    ldp     q0, q1, [x0, #0]
    ldp     q2, q3, [x0, #32]
    ldp     q4, q5, [x0, #64]
    ldp     q6, q7, [x0, #96]
    ldp     q8, q9, [x0, #128]
    ldp     q10, q11, [x0, #160]
    ldp     q12, q13, [x0, #192]
    ldp     q14, q15, [x0, #224]
    ldp     q16, q17, [x0, #256]
    ldp     q18, q19, [x0, #288]
    ldp     q20, q21, [x0, #320]
    ldp     q22, q23, [x0, #352]
    ldp     q24, q25, [x0, #384]
    ldp     q26, q27, [x0, #416]
    ldp     q28, q29, [x0, #448]
    ldp     q30, q31, [x0, #480]
    ldr     w1, [x0, #FPSIMD_OFF_FPSR]
    msr     fpsr, x1
    ldr     w1, [x0, #FPSIMD_OFF_FPCR]
    msr     fpcr, x1
    ret
    .size   fpsimd_restore, . - fpsimd_restore
