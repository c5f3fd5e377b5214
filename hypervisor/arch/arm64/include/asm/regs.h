/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The register frame saved on the stack by every exception entry at EL2.
 * Offsets are used by entry.S; static_asserts in traps.c keep them honest.
 */
#ifndef ASM_REGS_H
#define ASM_REGS_H

#define REGS_OFF_X(n)   ((n) * 8)
#define REGS_OFF_SP     248
#define REGS_OFF_ELR    256
#define REGS_OFF_SPSR   264
#define REGS_OFF_ESR    272
#define REGS_OFF_FAR    280
#define REGS_SIZE       288

/*
 * ESR_EL2 of HVC #0xEA1 from AArch64, the Xen hypercall (EC 0x16, IL, the
 * immediate alone: traps.c checks it), which entry.S picks out.
 */
#define ESR_XEN_HYPERCALL       0x5a000ea1

/*
 * The exception classes (ESR_EL2 bits 31:26) entry.S picks out: SMC from
 * AArch64 (its immediate in bits 15:0), MSR/MRS, data aborts from a lower
 * EL (traps.c checks them).
 */
#define ESR_ENTRY_EC_SHIFT      26
#define ESR_ENTRY_EC_SMC64      0x17
#define ESR_ENTRY_EC_SYS64      0x18
#define ESR_ENTRY_EC_DABT_LOW   0x24
#define ESR_ENTRY_SMC_IMM       0xffff

/* What the guest exit handlers ask of entry.S (asm/traps.h). */
#define GUEST_EXIT_RESUME       0
#define GUEST_EXIT_LEAVE        1
#define GUEST_EXIT_RESUME_ALL   2

#ifndef __ASSEMBLY__
#include <stdint.h>

struct cpu_user_regs {
    uint64_t x[31];     /* x0-x30 (x29 = frame pointer, x30 = link register) */
    uint64_t sp;        /* stack pointer at the time of the exception
                           (not saved by a guest's synchronous exit) */
    uint64_t elr;       /* ELR_EL2: where the exception was taken */
    uint64_t spsr;      /* SPSR_EL2 */
    uint64_t esr;       /* ESR_EL2 */
    uint64_t far;       /* FAR_EL2 */
};

#endif /* __ASSEMBLY__ */
#endif /* ASM_REGS_H */
