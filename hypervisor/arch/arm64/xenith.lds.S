/* SPDX-License-Identifier: GPL-2.0-only */
/* Link map of the hypervisor image: text, rodata, data, bss, 4K apart. */
#include <asm/config.h>

OUTPUT_ARCH(aarch64)
ENTRY(_start)

/* A read-only registry filled by REGISTER-style macros in the sources. */
#define REGISTRY(name) \
    . = ALIGN(8); __start_##name = .; KEEP(*(name)) __stop_##name = .;

SECTIONS
{
    . = XENITH_VIRT_START;
    .text : {
        _stext = .;
        *(.text.head)
        *(.text.idmap)          /* must stay in head.S's 2 MiB identity block */
        *(.text .text.*)
        _etext = .;
    }
    . = ALIGN(PAGE_SIZE);
    .rodata : {
        _srodata = .;
        *(.rodata.head)
        . = ALIGN(4);
        __build_id_start = .;
        *(.note.gnu.build-id)
        __build_id_end = .;
        *(.rodata .rodata.*)
        REGISTRY(xenith_params)
        REGISTRY(xenith_keyhandlers)
        REGISTRY(xenith_dt_devices)
        REGISTRY(xenith_initcalls)
        REGISTRY(xenith_schedulers)
        REGISTRY(xenith_vsysregs)
        *(.rodata.symbols)
        _erodata = .;
    }
    . = ALIGN(PAGE_SIZE);
    .data : {
        _sdata = .;
        . = ALIGN(CACHE_LINE_BYTES);
        __per_cpu_start = .;
        *(.data.percpu)
        . = ALIGN(CACHE_LINE_BYTES);
        __per_cpu_end = .;
        *(.data .data.*)
        _edata = .;
    }
    . = ALIGN(PAGE_SIZE);
    .bss (NOLOAD) : {
        __bss_start = .;
        *(.bss.page_aligned)
        *(.bss .bss.*)
        *(COMMON)
        . = ALIGN(8);
        __bss_end = .;
    }
    . = ALIGN(PAGE_SIZE);
    _end = .;
    _image_size = _end - _stext;

    /DISCARD/ : {
        *(.note .note.*)
        *(.comment)
        *(.eh_frame)
        *(.interp)
        *(.dynamic .dynsym .dynstr .hash .gnu.hash)
    }
}
