/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests of the guest kernel loaders (common/kernel.c) over small
 * synthetic images: arm64 Image headers, ELF64 files, the formats that
 * are refused, and the placement of kernel, DTB and initrd in guest RAM
 * (the numbers Xen 4.17 gives where it has a rule).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host.h"
#include <xenith/errno.h>
#include <xenith/kernel.h>

#define RAM_BASE        0x40000000UL
#define MiB             (1UL << 20)
#define MODULE_ADDR     0x50000000UL

static uint8_t blob[64 * 1024];

static void put_le(uint8_t *p, uint64_t v, unsigned int bytes)
{
    for ( unsigned int i = 0; i < bytes; i++ )
        p[i] = (uint8_t)(v >> (8 * i));
}

/* An arm64 Image header (booting.rst) with an EFI "MZ" first instruction. */
static size_t make_image(uint64_t text_offset, uint64_t image_size, size_t size)
{
    memset(blob, 0, sizeof(blob));
    put_le(blob + 0x00, 0x91005a4d, 4);
    put_le(blob + 0x08, text_offset, 8);
    put_le(blob + 0x10, image_size, 8);
    put_le(blob + 0x18, 0xa, 8);
    put_le(blob + 0x38, 0x644d5241, 4);
    return size;
}

static int probe(size_t size, struct kernel_image *k)
{
    host_log_clear();
    return kernel_probe(1, MODULE_ADDR, blob, size, k);
}

static void test_image(void **state)
{
    struct kernel_image k;

    assert_int_equal(probe(make_image(0, 0x30000, 0x4d98), &k), 0);
    assert_int_equal(k.format, KERNEL_ARM64_IMAGE);
    assert_int_equal(k.text_offset, 0);
    assert_int_equal(k.image_size, 0x30000);
    assert_int_equal(kernel_place(&k, RAM_BASE, 64 * MiB), 0);
    /* Xen's rule: bank 0 + text_offset; image_size reserved, not the file size */
    assert_int_equal(k.start, RAM_BASE);
    assert_int_equal(k.entry, RAM_BASE);
    assert_int_equal(k.end, RAM_BASE + 0x30000);
    assert_int_equal(k.nr_segments, 1);
    assert_int_equal(k.seg[0].gpa, RAM_BASE);
    assert_int_equal(k.seg[0].offset, 0);
    assert_int_equal(k.seg[0].filesz, 0x4d98);

    assert_int_equal(probe(make_image(0x80000, 0x200000, 0x1000), &k), 0);
    assert_int_equal(kernel_place(&k, RAM_BASE, 64 * MiB), 0);
    assert_int_equal(k.entry, RAM_BASE + 0x80000);
    assert_int_equal(k.end, RAM_BASE + 0x280000);
}

static void test_old_image(void **state)
{
    struct kernel_image k;

    /* Before Linux 3.12: only the branch at offset 0 says "Image"; image_size 0. */
    make_image(0x12345, 0, 0x1000);
    put_le(blob + 0x00, 0x14000008, 4);
    put_le(blob + 0x38, 0, 4);
    assert_int_equal(probe(0x1000, &k), 0);
    assert_int_equal(k.format, KERNEL_ARM64_IMAGE);
    assert_int_equal(k.text_offset, 0x80000);       /* booting.rst: assume 0x80000 */
    assert_int_equal(kernel_place(&k, RAM_BASE, 64 * MiB), 0);
    assert_int_equal(k.end, RAM_BASE + 0x80000 + 0x1000);  /* the file size */
}

static void test_image_too_big(void **state)
{
    struct kernel_image k;

    assert_int_equal(probe(make_image(0, 65 * MiB, 0x1000), &k), 0);
    assert_int_equal(kernel_place(&k, RAM_BASE, 64 * MiB), -ENOSPC);
    assert_true(host_log_contains("d1: kernel module at 0x50000000: the Image needs 66560 KiB"));
    assert_int_equal(probe(make_image(64 * MiB, 0x1000, 0x1000), &k), 0);
    assert_int_equal(kernel_place(&k, RAM_BASE, 64 * MiB), -ENOSPC);
}

static void assert_refused(size_t size, const char *why)
{
    struct kernel_image k;
    char msg[256];

    assert_int_equal(probe(size, &k), -EINVAL);
    snprintf(msg, sizeof(msg), "d1: kernel module at 0x50000000: %s", why);
    if ( !host_log_contains(msg) )
        fail_msg("expected \"%s\", log: %s", msg, host_log);
}

static void test_refused_formats(void **state)
{
    memset(blob, 0, sizeof(blob));
    memcpy(blob, "\x1f\x8b\x08\x00", 4);
    assert_refused(0x100, "a gzip-compressed file; Xenith does not decompress kernels");
    memset(blob, 0, sizeof(blob));
    put_le(blob + 0x24, 0x016f2818, 4);
    assert_refused(0x100, "an arm32 zImage");
    memset(blob, 0, sizeof(blob));
    memcpy(blob, "\x27\x05\x19\x56", 4);
    assert_refused(0x100, "a U-Boot uImage");
    memset(blob, 0x5a, sizeof(blob));
    assert_refused(0x100, "neither an arm64 Image nor an ELF64 file");
    /* A header cut short is not an Image. */
    make_image(0, 0x1000, 0x1000);
    assert_refused(0x3c, "neither an arm64 Image nor an ELF64 file");
}

/* ELF64 AArch64 executable: header, program headers at 0x40, data at 0x1000. */
#define PH(i)   (blob + 0x40 + (i) * 56)

static void make_elf(unsigned int phnum, uint64_t entry)
{
    memset(blob, 0, sizeof(blob));
    memcpy(blob, "\x7f" "ELF", 4);
    blob[4] = 2;                        /* ELFCLASS64 */
    blob[5] = 1;                        /* ELFDATA2LSB */
    blob[6] = 1;                        /* EV_CURRENT */
    put_le(blob + 16, 2, 2);            /* ET_EXEC */
    put_le(blob + 18, 183, 2);          /* EM_AARCH64 */
    put_le(blob + 20, 1, 4);
    put_le(blob + 24, entry, 8);
    put_le(blob + 32, 0x40, 8);         /* e_phoff */
    put_le(blob + 52, 64, 2);           /* e_ehsize */
    put_le(blob + 54, 56, 2);           /* e_phentsize */
    put_le(blob + 56, phnum, 2);
}

static void set_phdr(unsigned int i, uint32_t type, uint64_t offset, uint64_t vaddr,
                     uint64_t paddr, uint64_t filesz, uint64_t memsz)
{
    put_le(PH(i) + 0, type, 4);
    put_le(PH(i) + 4, 5, 4);            /* R+X */
    put_le(PH(i) + 8, offset, 8);
    put_le(PH(i) + 16, vaddr, 8);
    put_le(PH(i) + 24, paddr, 8);
    put_le(PH(i) + 32, filesz, 8);
    put_le(PH(i) + 40, memsz, 8);
    put_le(PH(i) + 48, 0x1000, 8);
}

#define KVA 0xffff800000000000UL

static void make_good_elf(void)
{
    make_elf(3, KVA + 0x80010);
    set_phdr(0, 1, 0x1000, KVA + 0x80000, RAM_BASE + 0x80000, 0x100, 0x100);
    set_phdr(1, 4, 0x1100, 0, 0, 0x10, 0x10);             /* PT_NOTE: skipped */
    set_phdr(2, 1, 0x2000, KVA + 0x200000, RAM_BASE + 0x200000, 0x20, 0x1000);
}

static void test_elf(void **state)
{
    struct kernel_image k;

    make_good_elf();
    assert_int_equal(probe(0x3000, &k), 0);
    assert_int_equal(k.format, KERNEL_ELF64);
    assert_int_equal(kernel_place(&k, RAM_BASE, 64 * MiB), 0);
    assert_int_equal(k.nr_segments, 2);
    assert_int_equal(k.entry, RAM_BASE + 0x80010);  /* e_entry through its segment */
    assert_int_equal(k.start, RAM_BASE + 0x80000);
    assert_int_equal(k.end, RAM_BASE + 0x201000);
    assert_int_equal(k.seg[1].gpa, RAM_BASE + 0x200000);
    assert_int_equal(k.seg[1].offset, 0x2000);
    assert_int_equal(k.seg[1].filesz, 0x20);
    assert_int_equal(k.seg[1].memsz, 0x1000);
}

static void place_fails(size_t size, int rc, const char *why)
{
    struct kernel_image k;

    assert_int_equal(probe(size, &k), 0);
    assert_int_equal(kernel_place(&k, RAM_BASE, 64 * MiB), rc);
    if ( !host_log_contains(why) )
        fail_msg("expected \"%s\", log: %s", why, host_log);
}

static void test_bad_elf(void **state)
{
    make_good_elf();
    put_le(blob + 18, 62, 2);           /* EM_X86_64 */
    assert_refused(0x3000, "an ELF file, but not a little-endian ELF64 for AArch64");
    make_good_elf();
    put_le(blob + 16, 3, 2);            /* ET_DYN */
    assert_refused(0x3000, "an ELF file of type 3");
    make_good_elf();
    assert_refused(0x40 + 2 * 56, "ELF program headers (3 at 0x40) are not within the file");

    make_good_elf();
    set_phdr(2, 1, 0x2000, KVA, 0x80000000, 0x20, 0x1000);
    place_fails(0x3000, -ENOSPC, "ELF segment 2 at 0x80000000-0x80000fff is outside");
    make_good_elf();
    set_phdr(2, 1, 0x2000, KVA + 0x80080, RAM_BASE + 0x80080, 0x20, 0x1000);
    place_fails(0x3000, -EINVAL, "ELF segments at 0x40080000 and 0x40080080 overlap");
    make_good_elf();
    place_fails(0x2010, -EINVAL, "ELF segment 2 (0x20 bytes at file offset 0x2000) is not within");
    make_good_elf();
    put_le(blob + 24, KVA, 8);
    place_fails(0x3000, -EINVAL, "the ELF entry point 0xffff800000000000 is in no loaded segment");
    make_good_elf();
    set_phdr(0, 4, 0, 0, 0, 0, 0);
    set_phdr(2, 4, 0, 0, 0, 0, 0);
    place_fails(0x3000, -EINVAL, "the ELF file has no segment to load");
}

static void modules_at(size_t kernel_size, uint64_t image_size, paddr_t ram_size,
                       size_t dtb, size_t initrd, paddr_t want_dtb, paddr_t want_initrd)
{
    struct kernel_image k;
    paddr_t d = 0, i = 0;

    assert_int_equal(probe(make_image(0, image_size, kernel_size), &k), 0);
    assert_int_equal(kernel_place(&k, RAM_BASE, ram_size), 0);
    assert_int_equal(kernel_place_modules(&k, RAM_BASE, ram_size, dtb, initrd, &d, &i), 0);
    assert_int_equal(d, want_dtb);
    assert_int_equal(i, want_initrd);
}

static void test_module_placement(void **state)
{
    /* As Xen 4.17 placed it for a 64 MiB domain: "Loading d1 DTB to 0x43e00000" */
    modules_at(0x4d98, 0x4d98, 64 * MiB, 0x47c, 0, 0x43e00000, 0x44000000);
    /* Enough RAM: at 128 MiB, initrd right after the 2 MiB-rounded DTB */
    modules_at(0x4d98, 0x4d98, 256 * MiB, 0x47c, 3 * MiB, RAM_BASE + 128 * MiB,
               RAM_BASE + 130 * MiB);
    /* A kernel reaching past 128 MiB: as high as possible */
    modules_at(0x1000, 130 * MiB, 512 * MiB, 0x1000, 5 * MiB, RAM_BASE + 504 * MiB,
               RAM_BASE + 506 * MiB);
}

static void test_modules_below_kernel(void **state)
{
    struct kernel_image k;
    paddr_t d, i;

    /* An ELF kernel filling the top half of 16 MiB: the DTB goes below it. */
    make_elf(1, KVA);
    set_phdr(0, 1, 0x1000, KVA, RAM_BASE + 8 * MiB, 0x100, 8 * MiB);
    assert_int_equal(probe(0x2000, &k), 0);
    assert_int_equal(kernel_place(&k, RAM_BASE, 16 * MiB), 0);
    assert_int_equal(kernel_place_modules(&k, RAM_BASE, 16 * MiB, 0x1000, 0, &d, &i), 0);
    assert_int_equal(d, RAM_BASE + 6 * MiB);
}

static void test_no_room(void **state)
{
    struct kernel_image k;
    paddr_t d, i;

    assert_int_equal(probe(make_image(0, 3 * MiB, 0x1000), &k), 0);
    assert_int_equal(kernel_place(&k, RAM_BASE, 4 * MiB), 0);
    assert_int_equal(kernel_place_modules(&k, RAM_BASE, 4 * MiB, 0x1000, 0, &d, &i), -ENOSPC);
    assert_true(host_log_contains("d1: kernel module at 0x50000000: no room for the device tree"));
    assert_int_equal(kernel_place(&k, RAM_BASE, 6 * MiB), 0);
    assert_int_equal(kernel_place_modules(&k, RAM_BASE, 6 * MiB, 0x1000, 0x1000, &d, &i),
                     -ENOSPC);
    assert_int_equal(kernel_place_modules(&k, RAM_BASE, 6 * MiB, 0x1000, 0, &d, &i), 0);
    assert_int_equal(d, RAM_BASE + 4 * MiB);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_image),
        cmocka_unit_test(test_old_image),
        cmocka_unit_test(test_image_too_big),
        cmocka_unit_test(test_refused_formats),
        cmocka_unit_test(test_elf),
        cmocka_unit_test(test_bad_elf),
        cmocka_unit_test(test_module_placement),
        cmocka_unit_test(test_modules_below_kernel),
        cmocka_unit_test(test_no_room),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
