/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Exception vectors of xtf guests.  Every vector saves a struct xtf_regs
 * (include/xtf/traps.h) on the current stack and calls
 * xtf_trap_dispatch(regs, vector); on return the (possibly changed) frame
 * is restored and the exception returns.
 */

#define FRAME_SIZE      (36 * 8)        /* x0-x30, sp, elr, spsr, esr, far */
#define OFF_SP          (31 * 8)
#define OFF_ELR         (32 * 8)
#define OFF_ESR         (34 * 8)

.macro vector idx
    .balign 0x80
    sub     sp, sp, #FRAME_SIZE
    stp     x0, x1, [sp]
    mov     x1, #\idx
    b       trap_common
.endm

    .text
    .balign 0x800
    .global xtf_vectors
xtf_vectors:
    vector 0                            /* current EL, SP_EL0 */
    vector 1
    vector 2
    vector 3
    vector 4                            /* current EL, SP_EL1 */
    vector 5
    vector 6
    vector 7
    vector 8                            /* lower EL, AArch64 */
    vector 9
    vector 10
    vector 11
    vector 12                           /* lower EL, AArch32 */
    vector 13
    vector 14
    vector 15

/* x0 and x1 are saved, x1 = vector index */
trap_common:
    stp     x2, x3, [sp, #16]
    stp     x4, x5, [sp, #32]
    stp     x6, x7, [sp, #48]
    stp     x8, x9, [sp, #64]
    stp     x10, x11, [sp, #80]
    stp     x12, x13, [sp, #96]
    stp     x14, x15, [sp, #112]
    stp     x16, x17, [sp, #128]
    stp     x18, x19, [sp, #144]
    stp     x20, x21, [sp, #160]
    stp     x22, x23, [sp, #176]
    stp     x24, x25, [sp, #192]
    stp     x26, x27, [sp, #208]
    stp     x28, x29, [sp, #224]
    add     x2, sp, #FRAME_SIZE
    stp     x30, x2, [sp, #OFF_SP - 8]
    mrs     x2, elr_el1
    mrs     x3, spsr_el1
    stp     x2, x3, [sp, #OFF_ELR]
    mrs     x2, esr_el1
    mrs     x3, far_el1
    stp     x2, x3, [sp, #OFF_ESR]
    mov     x0, sp
    bl      xtf_trap_dispatch

    ldp     x2, x3, [sp, #OFF_ELR]
    msr     elr_el1, x2
    msr     spsr_el1, x3
    ldp     x2, x3, [sp, #16]
    ldp     x4, x5, [sp, #32]
    ldp     x6, x7, [sp, #48]
    ldp     x8, x9, [sp, #64]
    ldp     x10, x11, [sp, #80]
    ldp     x12, x13, [sp, #96]
    ldp     x14, x15, [sp, #112]
    ldp     x16, x17, [sp, #128]
    ldp     x18, x19, [sp, #144]
    ldp     x20, x21, [sp, #160]
    ldp     x22, x23, [sp, #176]
    ldp     x24, x25, [sp, #192]
    ldp     x26, x27, [sp, #208]
    ldp     x28, x29, [sp, #224]
    ldr     x30, [sp, #OFF_SP - 8]
    ldp     x0, x1, [sp]
    add     sp, sp, #FRAME_SIZE
    eret
