/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Guest kernels in boot modules: recognising an arm64 Image or an ELF64
 * executable for AArch64, placing it in the guest's first RAM bank as Xen
 * 4.17 does, and placing the device tree and initrd next to it.  Copying
 * into the guest is the domain builder's; these functions only read the
 * module and compute addresses, so they run as host unit tests too.
 *
 * Every function that refuses a kernel prints why, naming the domain:
 * "d1: kernel module at 0x50000000: ...".
 */
#ifndef XENITH_KERNEL_H
#define XENITH_KERNEL_H

#include <xenith/types.h>
#include <public/xen.h>

enum kernel_format {
    KERNEL_ARM64_IMAGE,         /* Linux's arm64 boot Image (booting.rst) */
    KERNEL_ELF64,               /* ELF64 AArch64 executable, loaded by p_paddr */
};

#define KERNEL_MAX_SEGMENTS     16

/* Bytes of the module to copy to the guest; RAM above filesz up to memsz stays zero. */
struct kernel_segment {
    paddr_t gpa;                /* guest-physical destination */
    size_t offset;              /* of the bytes in the module */
    size_t filesz;
    paddr_t memsz;
};

struct kernel_image {
    domid_t domid;              /* for messages */
    paddr_t module_addr;        /* where the module is (machine address) */
    const void *blob;           /* the module's bytes */
    size_t size;
    enum kernel_format format;

    uint64_t text_offset;       /* Image: load offset from the 2 MiB-aligned base */
    uint64_t image_size;        /* Image: bytes it needs from there, BSS included */

    /* Set by kernel_place(): */
    paddr_t start, end;         /* guest-physical range it occupies, end exclusive */
    paddr_t entry;              /* guest-physical entry point (MMU off) */
    unsigned int nr_segments;
    struct kernel_segment seg[KERNEL_MAX_SEGMENTS];
};

/*
 * Recognise the kernel of domain @domid in the @size bytes at @blob (the
 * module at machine address @addr).  Returns 0, or -EINVAL (printed) for
 * anything that is neither an arm64 Image nor an ELF64 AArch64
 * executable: a gzip-compressed Image is refused with the way to unpack
 * it, since Xenith has no decompressor.
 */
int kernel_probe(domid_t domid, paddr_t addr, const void *blob, size_t size,
                 struct kernel_image *k);

/*
 * Place @k in the guest RAM bank [@ram_base, @ram_base + @ram_size) (the
 * first one, 2 MiB aligned): an Image at ram_base + text_offset with
 * image_size bytes reserved, an ELF file at its segments' physical
 * addresses.  0, or -ENOSPC (printed) when it does not fit.
 */
int kernel_place(struct kernel_image *k, paddr_t ram_base, paddr_t ram_size);

/*
 * Where the device tree (@dtb_size bytes) and the initrd (@initrd_size,
 * 0 for none) go, by Xen 4.17's rule: each rounded up to 2 MiB, the
 * initrd right after the DTB, both at ram_base + 128 MiB if the kernel
 * ends below and RAM allows, else as high as possible above the kernel,
 * else below it.  0, or -ENOSPC (printed) when the bank is too small.
 */
int kernel_place_modules(const struct kernel_image *k, paddr_t ram_base, paddr_t ram_size,
                         size_t dtb_size, size_t initrd_size,
                         paddr_t *dtb_gpa, paddr_t *initrd_gpa);

#endif /* XENITH_KERNEL_H */
