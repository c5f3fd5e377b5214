/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The device tree a dom0less domU boots with (domain_fdt.c), generated with
 * libfdt's sequential-write API from a plain description, so that host
 * unit tests can build one and read it back.  Its layout is the one Xen
 * 4.17 gives a dom0less domU (checked against a tree dumped from a guest
 * on Xen 4.17: tests/unit/fixtures/xen417-domu-gic*.dts) with these
 * additions: the root has libxl's compatible, model and interrupt-parent;
 * /chosen has stdout-path to the vPL011; the initrd properties are there
 * only when there is an initrd (Xen writes empty ones for any kernel).
 */
#ifndef ARM64_DOMAIN_FDT_H
#define ARM64_DOMAIN_FDT_H

#include <xenith/types.h>
#include <public/arch-arm.h>

/* The GIC's phandle, as libxl and Xen give it (GUEST_PHANDLE_GIC). */
#define DOMAIN_FDT_PHANDLE_GIC      65000

struct domain_fdt_info {
    const char *xen_version;            /* "4.17": root compatible "xen,xenvm-4.17" */
    unsigned int nr_vcpus;
    /* The MPIDR affinity vCPU @id reads, which its cpu node's reg must be. */
    uint64_t (*vcpu_affinity)(unsigned int id);
    unsigned int gic_version;           /* 2 or 3 */
    unsigned int nr_banks;              /* 1 or 2 */
    paddr_t bank_base[GUEST_RAM_BANKS];
    paddr_t bank_size[GUEST_RAM_BANKS];
    bool vpl011;
    /*
     * xen,enhanced: a /hypervisor node for the guest to find Xen: the
     * grant-table window, then the extended regions Xen 4.17 gives a
     * domU (what each guest RAM bank leaves unused below 2^ipa_bits;
     * ipa_bits 0: none), and the event PPI.
     */
    bool hypervisor_node;
    unsigned int ipa_bits;
    const char *bootargs;               /* NULL or "": no bootargs */
    bool has_initrd;                    /* write linux,initrd-* to fill in later */
    /* The host's first CPU node: its compatible (a string list) and clock. */
    const char *cpu_compatible;
    int cpu_compatible_len;
    uint32_t cpu_clock_frequency;       /* 0: none */
    uint32_t timer_clock_frequency;     /* the host timer node's, 0: none */
    const void *partial_fdt;            /* multiboot,device-tree module, or NULL */
};

/* A buffer size domain_fdt_build() cannot outgrow for @info. */
size_t domain_fdt_max_size(const struct domain_fdt_info *info);

/*
 * Write the finished tree into the @size bytes at @buf (its totalsize is
 * what it uses).  Returns 0, or a libfdt error (negative FDT_ERR_*).
 */
int domain_fdt_build(void *buf, size_t size, const struct domain_fdt_info *info);

/* Fill in /chosen's linux,initrd-start and -end (domain_fdt_build() made room). */
int domain_fdt_set_initrd(void *fdt, paddr_t start, paddr_t end);

/*
 * Whether the @size-byte partial device tree at @pfdt can be merged: NULL
 * if so, else why not.  Its /aliases and /passthrough nodes are copied
 * into the guest's tree and its /gic node's phandle becomes the GIC's, as
 * Xen does; under /passthrough without the device-assignment properties
 * (xen,reg, xen,path, xen,force-assign-without-iommu), which
 * dom0less_assign_devices() carries out.
 */
const char *domain_fdt_check_partial(const void *pfdt, size_t size);

#endif /* ARM64_DOMAIN_FDT_H */
