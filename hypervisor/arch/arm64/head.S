/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Entry point of Xenith on arm64.
 *
 * Booted like Linux and Xen: an Image with a 64-byte header, entered at EL2
 * with the MMU off and x0 = physical address of the device tree.  The image
 * is linked at XENITH_VIRT_START and may be loaded at any 2 MiB-aligned
 * address: everything before the MMU is on is PC-relative, and the boot page
 * tables map the link address onto wherever the image was put.
 *
 * Register use on the boot CPU until start_xenith():
 *   x19  device tree physical address
 *   x20  physical offset (load address - link address)
 */
#include <asm/config.h>
#include <asm/sysregs.h>
#include <asm/pgtable.h>
#include <asm/regs.h>

/* PC-relative address of a symbol: the physical one while the MMU is off. */
.macro adr_l reg, sym
    adrp    \reg, \sym
    add     \reg, \reg, :lo12:\sym
.endm

    .section .text.head, "ax", %progbits
    .global _start
_start:
    b       primary_entry               /* code0 */
    .long   0                           /* code1 */
    .quad   0                           /* text_offset */
    .quad   _image_size                 /* image_size (from the linker script) */
    .quad   0xa                         /* flags: LE, 4K pages, anywhere in RAM */
    .quad   0, 0, 0                     /* res2-res4 */
    .ascii  "ARM\x64"                   /* magic */
    .long   0                           /* res5: no PE header */

primary_entry:
    msr     daifset, #0xf
    mov     x19, x0
    mrs     x0, CurrentEL
    ubfx    x0, x0, #2, #2
    cmp     x0, #2
    b.eq    1f
    cmp     x0, #3
    adr_l   x0, msg_el3
    b.eq    refuse
    adr_l   x0, msg_el1
    b       refuse
1:
    adr_l   x0, _start
    mov     x1, #((1 << PT_SHIFT(2)) - 1)
    tst     x0, x1
    adr_l   x0, msg_misaligned
    b.ne    refuse
    adr_l   x0, _start
    lsr     x0, x0, #PT_SHIFT(0)
    cmp     x0, #(XENITH_VIRT_START >> PT_SHIFT(0))
    adr_l   x0, msg_too_high
    b.hs    refuse

    bl      el2_setup
    adr_l   x20, _start
    ldr     x0, =_start
    sub     x20, x20, x0
    /* The rest of BSS is zeroed once the MMU is on (primary_virt). */
    adr_l   x0, boot_pgtables_start
    adr_l   x1, boot_pgtables_end
    bl      zero_with_stores
    bl      create_boot_pagetables
    bl      enable_mmu
    ldr     x0, =primary_virt
    br      x0

/* Print the string at x0 on the early UART (physical address) and halt. */
refuse:
#ifdef CONFIG_EARLY_PRINTK
    ldr     x1, =CONFIG_EARLY_UART_PL011_BASE
2:  ldrb    w2, [x0], #1
    cbz     w2, halt_forever
3:  ldr     w3, [x1, #0x18]             /* UARTFR */
    tbnz    w3, #5, 3b                  /* TXFF: transmit FIFO full */
    str     w2, [x1]                    /* UARTDR */
    b       2b
#endif
    .global halt_forever
halt_forever:
    wfi
    b       halt_forever

/* Secondary CPUs: entered from PSCI CPU_ON at EL2, MMU off, x0 = CPU index. */
    .global secondary_entry
secondary_entry:
    msr     daifset, #0xf
    mov     x19, x0
    bl      el2_setup
    bl      enable_mmu
    ldr     x0, =secondary_virt
    br      x0

/* EL2 state shared by every CPU before its MMU is turned on. */
el2_setup:
    ldr     x0, =SCTLR_EL2_RES1
    msr     sctlr_el2, x0
    ldr     x0, =HCR_EL2_RW
    msr     hcr_el2, x0
    ldr     x0, =CPTR_EL2_RES1
    msr     cptr_el2, x0
    msr     cntvoff_el2, xzr
    /* GICv3 CPU interface: use the system registers at EL2 and below */
    mrs     x0, id_aa64pfr0_el1
    ubfx    x0, x0, #24, #4
    cbz     x0, 1f
    mrs     x0, S3_4_C12_C9_5           /* ICC_SRE_EL2 */
    orr     x0, x0, #0x1                /* SRE */
    orr     x0, x0, #0x8                /* Enable: EL1 may use SRE too */
    msr     S3_4_C12_C9_5, x0
    isb
1:  ret

/*
 * Zero [x0, x1), both 64-byte aligned, with stores: what works with the
 * MMU off, when memory is Device memory to DC ZVA.  Clobbers x0.
 */
zero_with_stores:
    cmp     x0, x1
    b.hs    2f
1:  stp     xzr, xzr, [x0], #16
    stp     xzr, xzr, [x0], #16
    stp     xzr, xzr, [x0], #16
    stp     xzr, xzr, [x0], #16
    cmp     x0, x1
    b.lo    1b
2:  ret

/*
 * Zero [x0, x1), both page-aligned, in cacheable memory (MMU on): with
 * DC ZVA, a block per instruction, unless DCZID_EL0 prohibits it.
 * Clobbers x0, x2, x3.
 */
zero_pages_early:
    mrs     x2, dczid_el0
    tbnz    x2, #4, zero_with_stores    /* DCZID_DZP */
    and     x2, x2, #DCZID_BS_MASK
    mov     x3, #4
    lsl     x3, x3, x2                  /* block bytes: at most 2 KiB */
    cmp     x2, #8                      /* four blocks a step divide a page? */
    b.hi    4f
    b       2f
1:  dc      zva, x0
    add     x0, x0, x3
    dc      zva, x0
    add     x0, x0, x3
    dc      zva, x0
    add     x0, x0, x3
    dc      zva, x0
    add     x0, x0, x3
2:  cmp     x0, x1
    b.lo    1b
    ret
3:  dc      zva, x0
    add     x0, x0, x3
4:  cmp     x0, x1
    b.lo    3b
    ret

/*
 * Write entry \idx of table \tbl (physical) to point at table \next.
 * Clobbers x9, x10.
 */
.macro link_table tbl, next, idx
    adr_l   x9, \next
    orr     x9, x9, #PTE_TABLE
    adr_l   x10, \tbl
    str     x9, [x10, \idx, lsl #3]
.endm

/*
 * Boot page tables: the 2 MiB identity block holding this code, the image
 * at its link address in 2 MiB blocks, and the early UART in the fixmap.
 */
create_boot_pagetables:
    /* identity: L0 -> boot_first_id -> boot_second_id -> 2 MiB block */
    adr_l   x0, _start
    ubfx    x1, x0, #PT_SHIFT(0), #9
    link_table boot_pgtable, boot_first_id, x1
    ubfx    x1, x0, #PT_SHIFT(1), #9
    link_table boot_first_id, boot_second_id, x1
    ubfx    x1, x0, #PT_SHIFT(2), #9
    lsr     x2, x0, #PT_SHIFT(2)
    lsl     x2, x2, #PT_SHIFT(2)
    ldr     x3, =(PTE_NORMAL_RW | PTE_BLOCK)
    orr     x2, x2, x3
    adr_l   x10, boot_second_id
    str     x2, [x10, x1, lsl #3]

    /* link address: L0 -> boot_first -> boot_second */
    mov     x1, #PT_INDEX(XENITH_VIRT_START, 0)
    link_table boot_pgtable, boot_first, x1
    mov     x1, #PT_INDEX(XENITH_VIRT_START, 1)
    link_table boot_first, boot_second, x1

    /* image: as many 2 MiB blocks as _image_size needs */
    ldr     x4, =(_image_size + (1 << PT_SHIFT(2)) - 1)
    lsr     x4, x4, #PT_SHIFT(2)        /* number of blocks */
    adr_l   x2, _start
    orr     x2, x2, x3                  /* x3 still holds the attributes */
    adr_l   x10, boot_second
    mov     x1, #0
1:  str     x2, [x10, x1, lsl #3]
    add     x2, x2, #(1 << (PT_SHIFT(2) - 12)), lsl #12
    add     x1, x1, #1
    cmp     x1, x4
    b.lo    1b

    /* fixmap: boot_second[FIXMAP] -> boot_third_fixmap */
    mov     x1, #PT_INDEX(FIXMAP_VIRT_START, 2)
    link_table boot_second, boot_third_fixmap, x1
#ifdef CONFIG_EARLY_PRINTK
    ldr     x2, =(CONFIG_EARLY_UART_PL011_BASE | PTE_DEVICE_RW | PTE_PAGE)
    adr_l   x10, boot_third_fixmap
    str     x2, [x10, #(FIXMAP_EARLY_UART * 8)]
#endif

    /* The walker reads through the caches: drop any stale lines. */
    adr_l   x0, boot_pgtables_start
    adr_l   x1, boot_pgtables_end
    mrs     x2, ctr_el0
    ubfx    x2, x2, #16, #4             /* DminLine: log2(words) */
    mov     x3, #4
    lsl     x3, x3, x2                  /* bytes per line */
2:  dc      ivac, x0
    add     x0, x0, x3
    cmp     x0, x1
    b.lo    2b
    dsb     sy
    ret

/* Turn on the MMU with the boot page tables; PA size from the CPU. */
enable_mmu:
    ldr     x0, =MAIR_EL2_VALUE
    msr     mair_el2, x0
    ldr     x0, =TCR_EL2_BOOT
    mrs     x1, id_aa64mmfr0_el1
    and     x1, x1, #0xf                /* PARange */
    mov     x2, #5                      /* 48 bits is all 4K/4-level needs */
    cmp     x1, x2
    csel    x1, x1, x2, ls
    orr     x0, x0, x1, lsl #TCR_EL2_PS_SHIFT
    msr     tcr_el2, x0
    adr_l   x0, boot_pgtable
    msr     ttbr0_el2, x0
    isb
    tlbi    alle2
    dsb     sy
    isb
    ldr     x0, =SCTLR_EL2_BOOT
    msr     sctlr_el2, x0
    isb
    ret

    .ltorg

/* From here on we run at the link address. */
    .text
primary_virt:
    /*
     * BSS but the boot page tables (zeroed before): cpu0_boot_stack too,
     * so no call before this one uses the stack.  Up to _end, page-aligned
     * (the image's memory, head.S maps it all).
     */
    adr_l   x0, __bss_start
    adr_l   x1, boot_pgtables_start
    bl      zero_pages_early
    adr_l   x0, boot_pgtables_end
    adr_l   x1, _end
    bl      zero_pages_early
    ldr     x0, =cpu0_boot_stack + STACK_SIZE
    mov     sp, x0
    mov     x29, xzr
    ldr     x0, =hyp_vector_table
    msr     vbar_el2, x0
    isb
    mov     x0, x19
    mov     x1, x20
    bl      start_xenith
    b       halt_forever

secondary_virt:
    ldr     x0, =secondary_stacks
    ldr     x0, [x0, x19, lsl #3]
    mov     sp, x0
    mov     x29, xzr
    ldr     x0, =hyp_vector_table
    msr     vbar_el2, x0
    isb
    mov     x0, x19
    bl      start_secondary
    b       halt_forever

    .section .rodata.head, "a", %progbits
msg_el1:
    .asciz  "Xenith: entered at EL1, not EL2: this CPU offers no virtualization extensions to us (under QEMU add -machine virtualization=on). Halting.\r\n"
msg_el3:
    .asciz  "Xenith: entered at EL3: firmware must drop to non-secure EL2 before starting the hypervisor. Halting.\r\n"
msg_misaligned:
    .asciz  "Xenith: image not loaded at a 2 MiB-aligned address, as the arm64 Image protocol requires. Halting.\r\n"
msg_too_high:
    .asciz  "Xenith: image loaded at or above 10 TiB, where its link address lives; load it lower. Halting.\r\n"

    .section .bss.page_aligned, "aw", %nobits
    .balign PAGE_SIZE
boot_pgtables_start:
    .global boot_pgtable
boot_pgtable:       .skip PAGE_SIZE
boot_first:         .skip PAGE_SIZE
    .global boot_second
boot_second:        .skip PAGE_SIZE
boot_first_id:      .skip PAGE_SIZE
boot_second_id:     .skip PAGE_SIZE
    .global boot_third_fixmap
boot_third_fixmap:  .skip PAGE_SIZE
boot_pgtables_end:
    .global cpu0_boot_stack
    .balign PAGE_SIZE
cpu0_boot_stack:    .skip STACK_SIZE
