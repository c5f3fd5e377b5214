/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Entry of an xtf test guest.
 *
 * The image is an arm64 Linux Image (64-byte header, text_offset 0, "load
 * anywhere") so that Xen's and Xenith's domain builders accept it.  It is
 * linked at address 0 as a position-independent executable and applies its
 * own R_AARCH64_RELATIVE relocations, so any 4 KiB-aligned load address
 * works.  Entered at EL1 with the MMU off and x0 = device tree address.
 *
 * Until the MMU is on, data accesses are Device accesses that bypass the
 * caches.  So the image is cleaned and invalidated before anything is
 * written (no dirty line can later overwrite what we write) and invalidated
 * again just before the MMU goes on (no stale line hides it).
 */
#include <xtf/smp.h>

#define R_AARCH64_NONE      0
#define R_AARCH64_RELATIVE  1027

.macro adr_l reg, sym
    adrp    \reg, \sym
    add     \reg, \reg, :lo12:\sym
.endm

/* \reg = D-cache line size in bytes (CTR_EL0.DminLine); clobbers \tmp */
.macro dcache_line reg, tmp
    mrs     \tmp, ctr_el0
    ubfx    \tmp, \tmp, #16, #4
    mov     \reg, #4
    lsl     \reg, \reg, \tmp
.endm

/* Apply 'dc \op' to every line of [\start, \end); clobbers x9-x11 */
.macro dcache_range op, start, end
    dcache_line x9, x10
    sub     x10, x9, #1
    bic     x11, \start, x10
1:  dc      \op, x11
    add     x11, x11, x9
    cmp     x11, \end
    b.lo    1b
    dsb     sy
.endm

    .section .text.head, "ax", %progbits
    .global _start
_start:
    b       xtf_entry                   /* code0 */
    .long   0                           /* code1 */
    .quad   0                           /* text_offset */
    .quad   _image_size                 /* image_size, including BSS */
    .quad   0xa                         /* flags: LE, 4 KiB pages, anywhere */
    .quad   0, 0, 0                     /* res2-res4 */
    .ascii  "ARM\x64"                   /* magic */
    .long   0                           /* res5: no PE header */

xtf_entry:
    msr     daifset, #0xf
    mov     x19, x0                     /* device tree */
    adr_l   x20, _start                 /* load address = link offset */
    adr_l   x21, _end
    dcache_range civac, x20, x21

    /* Relocate: *(base + r_offset) = base + r_addend */
    adr_l   x1, __rela_start
    adr_l   x2, __rela_end
2:  cmp     x1, x2
    b.hs    3f
    ldp     x3, x4, [x1], #16           /* r_offset, r_info */
    ldr     x5, [x1], #8                /* r_addend */
    cmp     x4, #R_AARCH64_NONE         /* a slot the linker left unused */
    b.eq    2b
    cmp     x4, #R_AARCH64_RELATIVE
    b.ne    .                           /* the build refuses other types */
    add     x5, x5, x20
    str     x5, [x20, x3]
    b       2b

3:  adr_l   x1, __bss_start             /* 16-byte aligned (link.lds.S) */
    adr_l   x2, __bss_end
4:  cmp     x1, x2
    b.hs    5f
    stp     xzr, xzr, [x1], #16
    b       4b

5:  adr_l   x1, xtf_stacks
    add     sp, x1, #XTF_STACK_SIZE
    adr_l   x1, xtf_vectors
    msr     vbar_el1, x1
    msr     tpidr_el1, xzr              /* vCPU index 0 */
    isb
    mov     x0, x19
    bl      xtf_start                   /* does not return */
    b       .

/*
 * void xtf_mmu_enable(const struct xtf_mmu_regs *regs, uint64_t inval_start,
 *                     uint64_t inval_end)
 * Called with the MMU off: drop cached copies of [inval_start, inval_end)
 * (what was written with the MMU off), load the translation registers and
 * turn the MMU and caches on.  The code runs identity-mapped, so the next
 * instruction is fetched from the same address.
 */
    .text
    .global xtf_mmu_enable
xtf_mmu_enable:
    cmp     x1, x2
    b.hs    9f
    dcache_range ivac, x1, x2
9:  ldp     x3, x4, [x0]                /* mair, tcr */
    ldp     x5, x6, [x0, #16]           /* ttbr0, sctlr */
    msr     mair_el1, x3
    msr     tcr_el1, x4
    msr     ttbr0_el1, x5
    isb
    tlbi    vmalle1
    dsb     nsh
    isb
    msr     sctlr_el1, x6
    isb
    ic      iallu
    dsb     nsh
    isb
    ret

/* void xtf_dcache_clean_range(const void *start, size_t size) */
    .global xtf_dcache_clean_range
xtf_dcache_clean_range:
    add     x1, x0, x1
    dcache_range cvac, x0, x1
    ret

/*
 * Entry of a secondary vCPU (PSCI CPU_ON), x0 = vCPU index.  The MMU goes
 * on before any memory is written, with the registers the boot vCPU left
 * in xtf_mmu_regs (cleaned to memory before CPU_ON).
 */
    .global xtf_secondary_entry
xtf_secondary_entry:
    msr     daifset, #0xf
    mov     x19, x0
    adr_l   x0, xtf_mmu_regs
    mov     x1, xzr
    mov     x2, xzr
    bl      xtf_mmu_enable
    adr_l   x1, xtf_vectors
    msr     vbar_el1, x1
    msr     tpidr_el1, x19
    isb
    adr_l   x1, xtf_stacks
    add     x2, x19, #1
    add     x1, x1, x2, lsl #XTF_STACK_SHIFT
    mov     sp, x1
    mov     x0, x19
    bl      xtf_secondary_start         /* does not return */
    b       .
