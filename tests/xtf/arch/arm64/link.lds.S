/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Layout of an xtf test image: linked at 0 as a PIE, relocated by head.S.
 */
OUTPUT_ARCH(aarch64)
ENTRY(_start)

SECTIONS
{
    . = 0;
    _start_image = .;
    .text : {
        *(.text.head)
        *(.text .text.*)
    }
    . = ALIGN(8);
    .rodata : { *(.rodata .rodata.*) }
    . = ALIGN(8);
    .data.rel.ro : { *(.data.rel.ro .data.rel.ro.*) }
    .got : { *(.got .got.plt) }
    .data : { *(.data .data.*) }
    . = ALIGN(8);
    .rela.dyn : {
        __rela_start = .;
        *(.rela .rela.*)
        __rela_end = .;
    }
    . = ALIGN(4096);
    _end_file = .;
    .bss (NOLOAD) : {
        . = ALIGN(16);
        __bss_start = .;
        *(.bss .bss.*) *(COMMON)
        . = ALIGN(16);
        __bss_end = .;
    }
    . = ALIGN(4096);
    _end = .;

    _image_size = _end - _start;

    /DISCARD/ : {
        *(.interp .dynamic .dynsym .dynstr .hash .gnu.hash)
        *(.note .note.*) *(.comment) *(.eh_frame)
    }
}
