/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Guest kernel formats and placement (see xenith/kernel.h).
 *
 * Formats: Linux's arm64 Image (Documentation/arm64/booting.rst: a 64-byte
 * header with text_offset and image_size) and ELF64 executables for
 * AArch64 (segments loaded at their physical addresses).  Xen 4.17 on
 * Arm loads Images, arm32 zImages and uImages, gzip-compressed or not,
 * but no ELF; Xenith runs 64-bit guests only and has no decompressor.
 *
 * Module bytes are read through byte-wise little-endian helpers: a boot
 * loader may put a module at any address.
 */
#include <xenith/errno.h>
#include <xenith/kernel.h>
#include <xenith/lib.h>
#include <xenith/printk.h>

/* arm64 Image header (booting.rst) */
#define IMAGE_HDR_SIZE          64
#define IMAGE_OFF_CODE0         0x00
#define IMAGE_OFF_TEXT_OFFSET   0x08
#define IMAGE_OFF_IMAGE_SIZE    0x10
#define IMAGE_OFF_MAGIC         0x38
#define IMAGE_MAGIC             0x644d5241U     /* "ARM\x64" */
#define IMAGE_MAGIC_V0          0x14000008U     /* "b 0x20": pre-3.12 headers, as Xen accepts */
/* Kernels before 3.17 have image_size 0 and an unspecified-endian text_offset. */
#define IMAGE_OLD_TEXT_OFFSET   0x80000

/* ELF64 (System V ABI; AArch64 ELF supplement for EM_AARCH64) */
#define EHDR_SIZE               64
#define EHDR_OFF_CLASS          4
#define EHDR_OFF_DATA           5
#define EHDR_OFF_TYPE           16
#define EHDR_OFF_MACHINE        18
#define EHDR_OFF_ENTRY          24
#define EHDR_OFF_PHOFF          32
#define EHDR_OFF_PHENTSIZE      54
#define EHDR_OFF_PHNUM          56
#define ELFCLASS64              2
#define ELFDATA2LSB             1
#define ET_EXEC                 2
#define EM_AARCH64              183
#define PHDR_SIZE               56
#define PHDR_OFF_TYPE           0
#define PHDR_OFF_OFFSET         8
#define PHDR_OFF_VADDR          16
#define PHDR_OFF_PADDR          24
#define PHDR_OFF_FILESZ         32
#define PHDR_OFF_MEMSZ          40
#define PT_LOAD                 1

/* Other formats, recognised only to say what they are */
#define UIMAGE_MAGIC            0x27051956U     /* big-endian, at 0 */
#define ZIMAGE32_OFF_MAGIC      0x24
#define ZIMAGE32_MAGIC          0x016f2818U

#define KERNEL_MODULE_ALIGN     MB(2)

static uint64_t get_le(const uint8_t *p, unsigned int bytes)
{
    uint64_t v = 0;

    while ( bytes-- )
        v = (v << 8) | p[bytes];
    return v;
}

static uint64_t blob_le(const struct kernel_image *k, size_t off, unsigned int bytes)
{
    return get_le((const uint8_t *)k->blob + off, bytes);
}

static void __printf(2, 3) kernel_error(const struct kernel_image *k, const char *fmt, ...)
{
    char msg[160];
    va_list args;

    va_start(args, fmt);
    vsnprintf(msg, sizeof(msg), fmt, args);
    va_end(args);
    printk(XENLOG_ERR "d%u: kernel module at %#lx: %s\n", k->domid, k->module_addr, msg);
}

static bool probe_image(struct kernel_image *k)
{
    if ( k->size < IMAGE_HDR_SIZE ||
         (blob_le(k, IMAGE_OFF_MAGIC, 4) != IMAGE_MAGIC &&
          blob_le(k, IMAGE_OFF_CODE0, 4) != IMAGE_MAGIC_V0) )
        return false;
    k->format = KERNEL_ARM64_IMAGE;
    k->text_offset = blob_le(k, IMAGE_OFF_TEXT_OFFSET, 8);
    k->image_size = blob_le(k, IMAGE_OFF_IMAGE_SIZE, 8);
    if ( !k->image_size )
        k->text_offset = IMAGE_OLD_TEXT_OFFSET;
    return true;
}

static bool is_elf(const struct kernel_image *k)
{
    const uint8_t *p = k->blob;

    return k->size >= EHDR_SIZE && p[0] == 0x7f && p[1] == 'E' && p[2] == 'L' && p[3] == 'F';
}

/* 0, or -EINVAL after saying which part of the ELF file is unusable. */
static int probe_elf(struct kernel_image *k)
{
    const uint8_t *p = k->blob;
    uint64_t phoff = blob_le(k, EHDR_OFF_PHOFF, 8);
    unsigned int phnum = blob_le(k, EHDR_OFF_PHNUM, 2);

    if ( p[EHDR_OFF_CLASS] != ELFCLASS64 || p[EHDR_OFF_DATA] != ELFDATA2LSB ||
         blob_le(k, EHDR_OFF_MACHINE, 2) != EM_AARCH64 )
    {
        kernel_error(k, "an ELF file, but not a little-endian ELF64 for AArch64 "
                     "(class %u, data %u, machine %lu)", p[EHDR_OFF_CLASS],
                     p[EHDR_OFF_DATA], blob_le(k, EHDR_OFF_MACHINE, 2));
        return -EINVAL;
    }
    if ( blob_le(k, EHDR_OFF_TYPE, 2) != ET_EXEC )
    {
        kernel_error(k, "an ELF file of type %lu: only executables (ET_EXEC) can be loaded",
                     blob_le(k, EHDR_OFF_TYPE, 2));
        return -EINVAL;
    }
    if ( blob_le(k, EHDR_OFF_PHENTSIZE, 2) != PHDR_SIZE || !phnum ||
         phoff > k->size || (k->size - phoff) / PHDR_SIZE < phnum )
    {
        kernel_error(k, "ELF program headers (%u at %#lx) are not within the file", phnum, phoff);
        return -EINVAL;
    }
    k->format = KERNEL_ELF64;
    return 0;
}

int kernel_probe(domid_t domid, paddr_t addr, const void *blob, size_t size,
                 struct kernel_image *k)
{
    const uint8_t *p = blob;

    memset(k, 0, sizeof(*k));
    k->domid = domid;
    k->module_addr = addr;
    k->blob = blob;
    k->size = size;

    if ( probe_image(k) )
        return 0;
    if ( is_elf(k) )
        return probe_elf(k);

    if ( size >= 2 && p[0] == 0x1f && p[1] == 0x8b )
        kernel_error(k, "a gzip-compressed file; Xenith does not decompress kernels: "
                     "give it the Image uncompressed (zcat)");
    else if ( size >= ZIMAGE32_OFF_MAGIC + 4 &&
              blob_le(k, ZIMAGE32_OFF_MAGIC, 4) == ZIMAGE32_MAGIC )
        kernel_error(k, "an arm32 zImage; Xenith runs 64-bit guests only");
    else if ( size >= 4 &&
              ((uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3]) == UIMAGE_MAGIC )
        kernel_error(k, "a U-Boot uImage; give Xenith the Image inside it");
    else
        kernel_error(k, "neither an arm64 Image nor an ELF64 file");
    return -EINVAL;
}

static int place_image(struct kernel_image *k, paddr_t ram_base, paddr_t ram_size)
{
    uint64_t span = max((uint64_t)k->size, k->image_size);

    if ( k->text_offset >= ram_size || span > ram_size - k->text_offset )
    {
        kernel_error(k, "the Image needs %lu KiB at offset %#lx of RAM, more than the "
                     "domain's first RAM bank (%lu KiB) holds",
                     DIV_ROUND_UP(span, 1024), k->text_offset, ram_size / 1024);
        return -ENOSPC;
    }
    k->start = ram_base + k->text_offset;
    k->end = k->start + span;
    k->entry = k->start;
    k->nr_segments = 1;
    k->seg[0] = (struct kernel_segment){ .gpa = k->start, .offset = 0,
                                         .filesz = k->size, .memsz = span };
    return 0;
}

/* Read PT_LOAD entry @i into a segment; 0, or -EINVAL after saying why. */
static int elf_segment(struct kernel_image *k, unsigned int i, paddr_t ram_base,
                       paddr_t ram_size, uint64_t *vaddr)
{
    size_t ph = blob_le(k, EHDR_OFF_PHOFF, 8) + (size_t)i * PHDR_SIZE;
    struct kernel_segment *s = &k->seg[k->nr_segments];
    uint64_t offset = blob_le(k, ph + PHDR_OFF_OFFSET, 8);
    uint64_t filesz = blob_le(k, ph + PHDR_OFF_FILESZ, 8);

    s->gpa = blob_le(k, ph + PHDR_OFF_PADDR, 8);
    s->memsz = blob_le(k, ph + PHDR_OFF_MEMSZ, 8);
    *vaddr = blob_le(k, ph + PHDR_OFF_VADDR, 8);
    if ( offset > k->size || filesz > k->size - offset || filesz > s->memsz )
    {
        kernel_error(k, "ELF segment %u (%#lx bytes at file offset %#lx) is not within the file",
                     i, filesz, offset);
        return -EINVAL;
    }
    if ( s->gpa < ram_base || s->memsz > ram_size || s->gpa - ram_base > ram_size - s->memsz )
    {
        kernel_error(k, "ELF segment %u at %#lx-%#lx is outside the domain's first RAM "
                     "bank %#lx-%#lx", i, s->gpa, s->gpa + s->memsz - 1, ram_base,
                     ram_base + ram_size - 1);
        return -ENOSPC;
    }
    s->offset = offset;
    s->filesz = filesz;
    return 0;
}

static bool segments_overlap(const struct kernel_segment *a, const struct kernel_segment *b)
{
    return a->gpa < b->gpa + b->memsz && b->gpa < a->gpa + a->memsz;
}

/*
 * The entry point e_entry is a virtual address; with the MMU off the vCPU
 * starts at its physical image, found through the segment holding it.
 */
static int elf_add_segment(struct kernel_image *k, uint64_t vaddr, uint64_t e_entry,
                           bool *has_entry)
{
    struct kernel_segment *s = &k->seg[k->nr_segments];

    for ( unsigned int j = 0; j < k->nr_segments; j++ )
        if ( segments_overlap(&k->seg[j], s) )
        {
            kernel_error(k, "ELF segments at %#lx and %#lx overlap", k->seg[j].gpa, s->gpa);
            return -EINVAL;
        }
    if ( e_entry >= vaddr && e_entry - vaddr < s->memsz )
    {
        k->entry = s->gpa + (e_entry - vaddr);
        *has_entry = true;
    }
    k->start = k->nr_segments ? min(k->start, s->gpa) : s->gpa;
    k->end = max(k->end, s->gpa + s->memsz);
    k->nr_segments++;
    return 0;
}

static int place_elf(struct kernel_image *k, paddr_t ram_base, paddr_t ram_size)
{
    unsigned int phnum = blob_le(k, EHDR_OFF_PHNUM, 2);
    uint64_t e_entry = blob_le(k, EHDR_OFF_ENTRY, 8);
    bool has_entry = false;
    int rc;

    for ( unsigned int i = 0; i < phnum; i++ )
    {
        size_t ph = blob_le(k, EHDR_OFF_PHOFF, 8) + (size_t)i * PHDR_SIZE;
        uint64_t vaddr;

        if ( blob_le(k, ph + PHDR_OFF_TYPE, 4) != PT_LOAD || !blob_le(k, ph + PHDR_OFF_MEMSZ, 8) )
            continue;
        if ( k->nr_segments == KERNEL_MAX_SEGMENTS )
        {
            kernel_error(k, "more than %u ELF segments to load", KERNEL_MAX_SEGMENTS);
            return -EINVAL;
        }
        rc = elf_segment(k, i, ram_base, ram_size, &vaddr);
        if ( !rc )
            rc = elf_add_segment(k, vaddr, e_entry, &has_entry);
        if ( rc )
            return rc;
    }
    if ( !k->nr_segments || !has_entry )
    {
        kernel_error(k, k->nr_segments ? "the ELF entry point %#lx is in no loaded segment"
                                       : "the ELF file has no segment to load (%#lx)", e_entry);
        return -EINVAL;
    }
    return 0;
}

int kernel_place(struct kernel_image *k, paddr_t ram_base, paddr_t ram_size)
{
    k->nr_segments = 0;
    k->start = k->end = 0;
    if ( k->format == KERNEL_ARM64_IMAGE )
        return place_image(k, ram_base, ram_size);
    return place_elf(k, ram_base, ram_size);
}

int kernel_place_modules(const struct kernel_image *k, paddr_t ram_base, paddr_t ram_size,
                         size_t dtb_size, size_t initrd_size,
                         paddr_t *dtb_gpa, paddr_t *initrd_gpa)
{
    paddr_t dtb_len = ROUNDUP((paddr_t)dtb_size, KERNEL_MODULE_ALIGN);
    paddr_t modsize = dtb_len + ROUNDUP((paddr_t)initrd_size, KERNEL_MODULE_ALIGN);
    paddr_t ram_end = ram_base + ram_size;
    paddr_t ram_128m = ram_base + MB(128);
    paddr_t kern_base = ROUNDDOWN(k->start, KERNEL_MODULE_ALIGN);
    paddr_t kern_end = ROUNDUP(k->end, KERNEL_MODULE_ALIGN);
    paddr_t base;

    if ( modsize + (kern_end - kern_base) > ram_size )
        goto no_room;
    if ( ram_end >= ram_128m + modsize && k->end < ram_128m )
        base = ram_128m;
    else if ( ram_end - modsize >= kern_end )
        base = ram_end - modsize;
    else if ( kern_base - ram_base >= modsize )
        base = kern_base - modsize;
    else
        goto no_room;
    *dtb_gpa = base;
    *initrd_gpa = base + dtb_len;
    return 0;

 no_room:
    kernel_error(k, "no room for the device tree and the initrd (%lu KiB) beside the "
                 "kernel in the first %lu MiB of RAM", modsize / 1024, ram_size >> 20);
    return -ENOSPC;
}
