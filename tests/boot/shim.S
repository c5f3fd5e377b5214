/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A stand-in boot loader for the boot tests: an arm64 Image that QEMU
 * boots with -kernel like any other, and that enters Xenith where the test
 * put it (with -device loader), as a boot loader choosing another load
 * address would.  x0 (the device tree) is handed on unchanged unless the
 * test names a device tree of its own, loaded raw where QEMU cannot edit it.
 *
 * The test runner writes the two addresses into the parameter block, the
 * last 16 bytes of the image.
 */
    .section .text, "ax", %progbits
    .global _start
_start:
    b       shim_entry                  /* code0 */
    .long   0                           /* code1 */
    .quad   0                           /* text_offset */
    .quad   shim_end - _start           /* image_size */
    .quad   0xa                         /* flags: LE, 4K pages, anywhere */
    .quad   0, 0, 0                     /* res2-res4 */
    .ascii  "ARM\x64"                   /* magic */
    .long   0                           /* res5 */

shim_entry:
    ldr     x4, shim_dtb
    cbz     x4, 1f
    mov     x0, x4
1:  ldr     x4, shim_xenith
    cbz     x4, shim_hang               /* the runner forgot the block */
    mov     x1, xzr                     /* x1-x3 are zero at an Image's entry */
    mov     x2, xzr
    mov     x3, xzr
    br      x4

shim_hang:
    wfi
    b       shim_hang

    .balign 8
shim_params:
shim_xenith:    .quad 0                 /* where Xenith's Image was loaded */
shim_dtb:       .quad 0                 /* raw device tree, or 0 for QEMU's */
shim_end:
