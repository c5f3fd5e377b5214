/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The floor of the benchmarks: an EL2 "hypervisor" that does nothing but
 * answer a guest's HVCs, so that the table shows how far above the
 * hardware's own cost each real hypervisor is.
 *
 * QEMU boots it as an arm64 Image (x0 = its device tree).  It leaves the
 * guest everything (no stage 2, no traps but HVC, IRQs routed straight to
 * EL1, the physical counter and timer open, the GICv3 CPU interface's
 * system registers enabled for EL1) and enters the benchmark guest at EL1
 * at GUEST_ENTRY, where QEMU's loader put it, with x0 still the device tree:
 * the same xtf image that runs as a domU of Xen and Xenith.
 *
 * Its HVC handler has one fast path and two slow ones:
 *   HVC #0xEA1 (odd immediate):  return at once (x17 kept in TPIDR_EL2);
 *   HVC #0:      an SMCCC call (PSCI): passed on to QEMU's firmware by SMC;
 *   other even immediates: an UNDEF injected into EL1 the way Xen 4.17 does
 *                (ELR_EL1 = the instruction after the HVC).
 * The benchmarks' "wrong immediate" is #2 for that reason.
 */

#define GUEST_ENTRY     0x40400000      /* bench/run.py loads the guest here */
#define HCR_RW          (1 << 31)       /* EL1 is AArch64 */
#define CNTHCTL_EL1PCTEN_EL1PCEN 3      /* EL1 physical counter and timer */
#define CPTR_EL2_RES1   0x33ff          /* nothing trapped */
#define SCTLR_EL1_RES1  0x30d00800      /* MMU and caches off */
#define ICC_SRE_EL2_ALL 0xf             /* SRE, DFB, DIB, Enable (EL1 SRE) */
#define SPSR_EL1H_DAIF  0x3c5
#define ESR_UNKNOWN_IL  (1 << 25)       /* EC 0, 32-bit instruction */

    .section .text, "ax", %progbits
    .global _start
_start:
    b       stub_entry                  /* arm64 Image header */
    .long   0
    .quad   0                           /* text_offset */
    .quad   stub_end - _start           /* image_size */
    .quad   0xa                         /* LE, 4 KiB pages, anywhere */
    .quad   0, 0, 0
    .ascii  "ARM\x64"
    .long   0

stub_entry:
    adr     x1, stub_vectors
    msr     vbar_el2, x1
    mov     x1, #HCR_RW
    msr     hcr_el2, x1
    mov     x1, #CNTHCTL_EL1PCTEN_EL1PCEN
    msr     cnthctl_el2, x1
    msr     cntvoff_el2, xzr
    mov     x1, #CPTR_EL2_RES1
    msr     cptr_el2, x1
    msr     mdcr_el2, xzr
    ldr     x1, =SCTLR_EL1_RES1
    msr     sctlr_el1, x1
    /* EL1 reads MPIDR_EL1/MIDR_EL1 from these when EL2 is implemented. */
    mrs     x1, mpidr_el1
    msr     vmpidr_el2, x1
    mrs     x1, midr_el1
    msr     vpidr_el2, x1
    /* A GICv3 CPU interface: let EL1 use its system registers. */
    mrs     x1, id_aa64pfr0_el1
    ubfx    x1, x1, #24, #4
    cbz     x1, 1f
    mov     x1, #ICC_SRE_EL2_ALL
    msr     S3_4_C12_C9_5, x1           /* ICC_SRE_EL2 */
1:  isb
    mov     x1, #SPSR_EL1H_DAIF
    msr     spsr_el2, x1
    ldr     x1, =GUEST_ENTRY
    msr     elr_el2, x1
    mov     x1, xzr
    eret

    .ltorg

/* Every vector but the lower-EL AArch64 synchronous one is unexpected:
 * stop there (a debugger shows where). */
.macro stop_vector
    .balign 0x80
    b       .
.endm

    .balign 0x800
stub_vectors:
    .rept   8
    stop_vector
    .endr
    .balign 0x80                        /* 0x400: lower EL, AArch64, sync */
    msr     tpidr_el2, x17
    mrs     x17, esr_el2
    tbz     x17, #0, stub_slow          /* every HVC here; odd imm: fast */
    mrs     x17, tpidr_el2
    eret
    .rept   7
    stop_vector
    .endr

stub_slow:
    ubfx    x17, x17, #0, #16
    cbz     x17, stub_smccc
    /* UNDEF at EL1 (current EL, SPx vector), return after the HVC. */
    mrs     x17, elr_el2
    msr     elr_el1, x17
    mrs     x17, spsr_el2
    msr     spsr_el1, x17
    mov     x17, #ESR_UNKNOWN_IL
    msr     esr_el1, x17
    mrs     x17, vbar_el1
    add     x17, x17, #0x200
    msr     elr_el2, x17
    mov     x17, #SPSR_EL1H_DAIF
    msr     spsr_el2, x17
    mrs     x17, tpidr_el2
    eret

stub_smccc:
    mrs     x17, tpidr_el2
    smc     #0
    eret

    .balign 16
stub_end:
