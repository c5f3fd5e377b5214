/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Generating a dom0less domU's device tree (see domain_fdt.h).  Nodes come
 * in Xen 4.17's order: chosen, psci, cpus, memory, what the partial device
 * tree brings, the GIC, the timer, the vPL011, /hypervisor.  Every function returns 0
 * or a libfdt error.
 */
#include <libfdt.h>
#include <xenith/lib.h>
#include "domain_fdt.h"

#define GUEST_ROOT_CELLS        2       /* #address-cells and #size-cells */

/* The GIC binding's interrupt cells: type, number, flags. */
#define DT_IRQ_TYPE_SPI         0
#define DT_IRQ_TYPE_PPI         1
#define DT_IRQ_LEVEL_HIGH       4
#define DT_IRQ_LEVEL_LOW        8
#define DT_IRQ_ALL_CPUS         (0xfU << 8)     /* GICv2 PPI CPU mask */

/* PSCI 0.1 function numbers in the psci node (Xen's cpu_off/cpu_on) */
#define PSCI_0_1_CPU_OFF        1
#define PSCI_0_1_CPU_ON         2

#define PARTIAL_FDT_MAX_DEPTH   16

/* Names fit in 64 bytes: "interrupt-controller@" and 16 hex digits. */
#define NODE_NAME_LEN           64

struct fdt_gen {
    void *fdt;
    const struct domain_fdt_info *info;
    uint32_t phandle_gic;
};

/* The most ranges a reg has: /hypervisor's grant window and extended regions. */
#define MAX_RANGES      (1 + GUEST_RAM_BANKS)

static int property_ranges(void *fdt, const char *name, const paddr_t *base,
                           const paddr_t *size, unsigned int nr)
{
    fdt64_t cells[2 * MAX_RANGES];

    if ( nr > MAX_RANGES )
        return -FDT_ERR_BADVALUE;
    for ( unsigned int i = 0; i < nr; i++ )
    {
        cells[2 * i] = cpu_to_fdt64(base[i]);
        cells[2 * i + 1] = cpu_to_fdt64(size[i]);
    }
    return fdt_property(fdt, name, cells, nr * 2 * sizeof(cells[0]));
}

static void set_irq(fdt32_t *cells, unsigned int intid, uint32_t flags)
{
    bool ppi = intid < 32;

    cells[0] = cpu_to_fdt32(ppi ? DT_IRQ_TYPE_PPI : DT_IRQ_TYPE_SPI);
    cells[1] = cpu_to_fdt32(intid - (ppi ? 16 : 32));
    cells[2] = cpu_to_fdt32(flags);
}

static int begin_node_at(void *fdt, const char *prefix, uint64_t addr)
{
    char name[NODE_NAME_LEN];

    snprintf(name, sizeof(name), "%s@%lx", prefix, (unsigned long)addr);
    return fdt_begin_node(fdt, name);
}

static int make_root_props(struct fdt_gen *g)
{
    char compat[64], model[32];
    int len = snprintf(compat, sizeof(compat), "xen,xenvm-%s", g->info->xen_version);
    int rc;

    /* A string list: "xen,xenvm-X.Y\0xen,xenvm\0" */
    len += 1 + snprintf(compat + len + 1, sizeof(compat) - (size_t)len - 1, "xen,xenvm");
    snprintf(model, sizeof(model), "XENVM-%s", g->info->xen_version);
    rc = fdt_property_cell(g->fdt, "#address-cells", GUEST_ROOT_CELLS);
    if ( !rc )
        rc = fdt_property_cell(g->fdt, "#size-cells", GUEST_ROOT_CELLS);
    if ( !rc )
        rc = fdt_property(g->fdt, "compatible", compat, len + 1);
    if ( !rc )
        rc = fdt_property_string(g->fdt, "model", model);
    if ( !rc )
        rc = fdt_property_cell(g->fdt, "interrupt-parent", g->phandle_gic);
    return rc;
}

static int make_chosen_node(struct fdt_gen *g)
{
    const struct domain_fdt_info *info = g->info;
    char stdout_path[NODE_NAME_LEN];
    int rc = fdt_begin_node(g->fdt, "chosen");

    if ( !rc && info->bootargs && info->bootargs[0] )
        rc = fdt_property_string(g->fdt, "bootargs", info->bootargs);
    if ( !rc && info->has_initrd )
        rc = fdt_property_u64(g->fdt, "linux,initrd-start", 0);
    if ( !rc && info->has_initrd )
        rc = fdt_property_u64(g->fdt, "linux,initrd-end", 0);
    if ( !rc && info->vpl011 )
    {
        snprintf(stdout_path, sizeof(stdout_path), "/sbsa-uart@%lx",
                 (unsigned long)GUEST_PL011_BASE);
        rc = fdt_property_string(g->fdt, "stdout-path", stdout_path);
    }
    if ( !rc )
        rc = fdt_end_node(g->fdt);
    return rc;
}

static int make_psci_node(struct fdt_gen *g)
{
    static const char compat[] = "arm,psci-1.0\0arm,psci-0.2\0arm,psci";
    int rc = fdt_begin_node(g->fdt, "psci");

    if ( !rc )
        rc = fdt_property(g->fdt, "compatible", compat, sizeof(compat));
    if ( !rc )
        rc = fdt_property_string(g->fdt, "method", "hvc");
    if ( !rc )
        rc = fdt_property_cell(g->fdt, "cpu_off", PSCI_0_1_CPU_OFF);
    if ( !rc )
        rc = fdt_property_cell(g->fdt, "cpu_on", PSCI_0_1_CPU_ON);
    if ( !rc )
        rc = fdt_end_node(g->fdt);
    return rc;
}

static int make_cpu_node(struct fdt_gen *g, unsigned int id)
{
    const struct domain_fdt_info *info = g->info;
    uint64_t aff = info->vcpu_affinity(id);
    int rc = begin_node_at(g->fdt, "cpu", aff);

    if ( !rc && info->cpu_compatible )
        rc = fdt_property(g->fdt, "compatible", info->cpu_compatible,
                          info->cpu_compatible_len);
    if ( !rc && !info->cpu_compatible )
        rc = fdt_property_string(g->fdt, "compatible", "arm,armv8");
    if ( !rc )
        rc = fdt_property_string(g->fdt, "device_type", "cpu");
    if ( !rc )
        rc = fdt_property_cell(g->fdt, "reg", (uint32_t)aff);
    if ( !rc && info->cpu_clock_frequency )
        rc = fdt_property_cell(g->fdt, "clock-frequency", info->cpu_clock_frequency);
    if ( !rc )
        rc = fdt_property_string(g->fdt, "enable-method", "psci");
    if ( !rc )
        rc = fdt_end_node(g->fdt);
    return rc;
}

static int make_cpus_node(struct fdt_gen *g)
{
    int rc = fdt_begin_node(g->fdt, "cpus");

    if ( !rc )
        rc = fdt_property_cell(g->fdt, "#address-cells", 1);
    if ( !rc )
        rc = fdt_property_cell(g->fdt, "#size-cells", 0);
    for ( unsigned int id = 0; !rc && id < g->info->nr_vcpus; id++ )
        rc = make_cpu_node(g, id);
    if ( !rc )
        rc = fdt_end_node(g->fdt);
    return rc;
}

/* One node for all banks, named after the first, as Xen does. */
static int make_memory_node(struct fdt_gen *g)
{
    const struct domain_fdt_info *info = g->info;
    int rc = begin_node_at(g->fdt, "memory", info->bank_base[0]);

    if ( !rc )
        rc = fdt_property_string(g->fdt, "device_type", "memory");
    if ( !rc )
        rc = property_ranges(g->fdt, "reg", info->bank_base, info->bank_size, info->nr_banks);
    if ( !rc )
        rc = fdt_end_node(g->fdt);
    return rc;
}

static int make_gic_node(struct fdt_gen *g)
{
    bool v3 = g->info->gic_version == 3;
    const paddr_t base[] = { GUEST_GICD_BASE, v3 ? GUEST_GICV3_GICR0_BASE : GUEST_GICC_BASE };
    const paddr_t size[] = { v3 ? GUEST_GICV3_GICD_SIZE : GUEST_GICD_SIZE,
                             v3 ? GUEST_GICV3_GICR0_SIZE : GUEST_GICC_SIZE };
    int rc = begin_node_at(g->fdt, "interrupt-controller", GUEST_GICD_BASE);

    if ( !rc )
        rc = fdt_property_cell(g->fdt, "#address-cells", 0);
    if ( !rc )
        rc = fdt_property_cell(g->fdt, "#interrupt-cells", 3);
    if ( !rc )
        rc = fdt_property(g->fdt, "interrupt-controller", NULL, 0);
    if ( !rc )
        rc = fdt_property_string(g->fdt, "compatible", v3 ? "arm,gic-v3" : "arm,gic-400");
    if ( !rc )
        rc = property_ranges(g->fdt, "reg", base, size, 2);
    if ( !rc )
        rc = fdt_property_cell(g->fdt, "linux,phandle", g->phandle_gic);
    if ( !rc )
        rc = fdt_property_cell(g->fdt, "phandle", g->phandle_gic);
    if ( !rc )
        rc = fdt_end_node(g->fdt);
    return rc;
}

/* Secure, non-secure physical and virtual timer PPIs, level-low, all CPUs. */
static int make_timer_node(struct fdt_gen *g)
{
    static const unsigned int ppis[] = {
        GUEST_TIMER_PHYS_S_PPI, GUEST_TIMER_PHYS_NS_PPI, GUEST_TIMER_VIRT_PPI,
    };
    fdt32_t irqs[3 * ARRAY_SIZE(ppis)];
    int rc = fdt_begin_node(g->fdt, "timer");

    for ( size_t i = 0; i < ARRAY_SIZE(ppis); i++ )
        set_irq(&irqs[3 * i], ppis[i], DT_IRQ_ALL_CPUS | DT_IRQ_LEVEL_LOW);
    if ( !rc )
        rc = fdt_property_string(g->fdt, "compatible", "arm,armv8-timer");
    if ( !rc )
        rc = fdt_property(g->fdt, "interrupts", irqs, sizeof(irqs));
    if ( !rc )
        rc = fdt_property_cell(g->fdt, "interrupt-parent", g->phandle_gic);
    if ( !rc && g->info->timer_clock_frequency )
        rc = fdt_property_cell(g->fdt, "clock-frequency", g->info->timer_clock_frequency);
    if ( !rc )
        rc = fdt_end_node(g->fdt);
    return rc;
}

static int make_vpl011_node(struct fdt_gen *g)
{
    const paddr_t base = GUEST_PL011_BASE, size = GUEST_PL011_SIZE;
    fdt32_t irq[3];
    int rc = begin_node_at(g->fdt, "sbsa-uart", GUEST_PL011_BASE);

    set_irq(irq, GUEST_VPL011_SPI, DT_IRQ_ALL_CPUS | DT_IRQ_LEVEL_HIGH);
    if ( !rc )
        rc = fdt_property_string(g->fdt, "compatible", "arm,sbsa-uart");
    if ( !rc )
        rc = property_ranges(g->fdt, "reg", &base, &size, 1);
    if ( !rc )
        rc = fdt_property(g->fdt, "interrupts", irq, sizeof(irq));
    if ( !rc )
        rc = fdt_property_cell(g->fdt, "interrupt-parent", g->phandle_gic);
    if ( !rc )
        rc = fdt_property_cell(g->fdt, "current-speed", 115200);
    if ( !rc )
        rc = fdt_end_node(g->fdt);
    return rc;
}

/* Xen 4.17 offers no extended region smaller than this, nor unaligned. */
#define EXT_REGION_MIN_SIZE     (64UL << 20)
#define EXT_REGION_ALIGN        (2UL << 20)

/*
 * The extended regions Xen 4.17 gives a domU (find_domU_holes): in each
 * guest RAM bank, from the end of its RAM rounded up to 2 MiB to the end
 * of the bank or of the IPA space, if that is 64 MiB or more.  Guests
 * map foreign and granted pages there instead of ballooning RAM out.
 * Appends them to @base/@size; returns how many.
 */
static unsigned int ext_regions(const struct domain_fdt_info *info, paddr_t *base,
                                paddr_t *size)
{
    static const paddr_t bank_base[] = { GUEST_RAM0_BASE, GUEST_RAM1_BASE };
    static const paddr_t bank_span[] = { GUEST_RAM0_SIZE, GUEST_RAM1_SIZE };
    paddr_t ipa_last = info->ipa_bits ? (paddr_t)-1 >> (64 - info->ipa_bits) : 0;
    unsigned int nr = 0;

    for ( unsigned int i = 0; i < GUEST_RAM_BANKS; i++ )
    {
        paddr_t ram = i < info->nr_banks ? info->bank_size[i] : 0;
        paddr_t start = ROUNDUP(bank_base[i] + ram, EXT_REGION_ALIGN);
        paddr_t last = min(ipa_last, bank_base[i] + bank_span[i] - 1);

        if ( last > start && last - start + 1 >= EXT_REGION_MIN_SIZE )
        {
            base[nr] = start;
            size[nr++] = last - start + 1;
        }
    }
    return nr;
}

/* What Linux looks for to find Xen (xen-arm-abi.md §1.1). */
static int make_hypervisor_node(struct fdt_gen *g)
{
    paddr_t base[MAX_RANGES] = { GUEST_GNTTAB_BASE }, size[MAX_RANGES] = { GUEST_GNTTAB_SIZE };
    unsigned int nr = 1 + ext_regions(g->info, base + 1, size + 1);
    char compat[64];
    int len = snprintf(compat, sizeof(compat), "xen,xen-%s", g->info->xen_version);
    fdt32_t irq[3];
    int rc = fdt_begin_node(g->fdt, "hypervisor");

    /* A string list: "xen,xen-X.Y\0xen,xen\0" (Linux wants that order). */
    len += 1 + snprintf(compat + len + 1, sizeof(compat) - (size_t)len - 1, "xen,xen");
    set_irq(irq, GUEST_EVTCHN_PPI, DT_IRQ_ALL_CPUS | DT_IRQ_LEVEL_LOW);
    if ( !rc )
        rc = fdt_property(g->fdt, "compatible", compat, len + 1);
    if ( !rc )
        rc = property_ranges(g->fdt, "reg", base, size, nr);
    if ( !rc )
        rc = fdt_property(g->fdt, "interrupts", irq, sizeof(irq));
    if ( !rc )
        rc = fdt_property_cell(g->fdt, "interrupt-parent", g->phandle_gic);
    if ( !rc )
        rc = fdt_end_node(g->fdt);
    return rc;
}

/* The device-assignment binding: for the hypervisor, not for the guest (as Xen). */
static bool is_assignment_property(const char *name)
{
    return !strcmp(name, "xen,reg") || !strcmp(name, "xen,path") ||
           !strcmp(name, "xen,force-assign-without-iommu");
}

/*
 * Copy @node of the partial tree, properties and sub-nodes, as it is;
 * under /passthrough (@assigns) without the device-assignment properties.
 */
static int copy_partial_node(struct fdt_gen *g, const void *pfdt, int node, unsigned int depth,
                             bool assigns)
{
    int off, sub, rc;

    if ( depth > PARTIAL_FDT_MAX_DEPTH )
        return -FDT_ERR_BADSTRUCTURE;
    rc = fdt_begin_node(g->fdt, fdt_get_name(pfdt, node, NULL));
    fdt_for_each_property_offset(off, pfdt, node)
    {
        const char *name;
        int len;
        const void *val = fdt_getprop_by_offset(pfdt, off, &name, &len);

        if ( rc )
            break;
        if ( val && assigns && is_assignment_property(name) )
            continue;
        rc = val ? fdt_property(g->fdt, name, val, len) : len;
    }
    fdt_for_each_subnode(sub, pfdt, node)
    {
        if ( rc )
            break;
        rc = copy_partial_node(g, pfdt, sub, depth + 1, assigns);
    }
    if ( !rc )
        rc = fdt_end_node(g->fdt);
    return rc;
}

static int merge_partial(struct fdt_gen *g)
{
    const void *pfdt = g->info->partial_fdt;
    int node, rc = 0;

    fdt_for_each_subnode(node, pfdt, 0)
    {
        const char *name = fdt_get_name(pfdt, node, NULL);

        if ( !strcmp(name, "aliases") || !strcmp(name, "passthrough") )
            rc = copy_partial_node(g, pfdt, node, 0, !strcmp(name, "passthrough"));
        if ( rc )
            return rc;
    }
    return 0;
}

/* The GIC phandle: the partial tree's /gic may choose it, as on Xen. */
static uint32_t choose_gic_phandle(const struct domain_fdt_info *info)
{
    int gic;
    uint32_t phandle;

    if ( !info->partial_fdt )
        return DOMAIN_FDT_PHANDLE_GIC;
    gic = fdt_subnode_offset(info->partial_fdt, 0, "gic");
    phandle = gic < 0 ? 0 : fdt_get_phandle(info->partial_fdt, gic);
    return phandle ? phandle : DOMAIN_FDT_PHANDLE_GIC;
}

static int make_tree(struct fdt_gen *g)
{
    int rc = fdt_finish_reservemap(g->fdt);

    if ( !rc )
        rc = fdt_begin_node(g->fdt, "");
    if ( !rc )
        rc = make_root_props(g);
    if ( !rc )
        rc = make_chosen_node(g);
    if ( !rc )
        rc = make_psci_node(g);
    if ( !rc )
        rc = make_cpus_node(g);
    if ( !rc )
        rc = make_memory_node(g);
    if ( !rc && g->info->partial_fdt )
        rc = merge_partial(g);
    if ( !rc )
        rc = make_gic_node(g);
    if ( !rc )
        rc = make_timer_node(g);
    if ( !rc && g->info->vpl011 )
        rc = make_vpl011_node(g);
    if ( !rc && g->info->hypervisor_node )
        rc = make_hypervisor_node(g);
    if ( !rc )
        rc = fdt_end_node(g->fdt);
    return rc;
}

int domain_fdt_build(void *buf, size_t size, const struct domain_fdt_info *info)
{
    struct fdt_gen g = { .fdt = buf, .info = info, .phandle_gic = choose_gic_phandle(info) };
    int rc;

    if ( size > INT32_MAX || info->nr_banks < 1 || info->nr_banks > GUEST_RAM_BANKS )
        return -FDT_ERR_BADVALUE;
    rc = fdt_create(buf, (int)size);
    if ( !rc )
        rc = make_tree(&g);
    if ( !rc )
        rc = fdt_finish(buf);
    return rc;
}

size_t domain_fdt_max_size(const struct domain_fdt_info *info)
{
    /* Fixed nodes and strings take about 1.3 KiB; a cpu node 100 bytes. */
    size_t size = 4096 + (size_t)info->nr_vcpus * (128 + (size_t)info->cpu_compatible_len);

    if ( info->bootargs )
        size += strlen(info->bootargs) + 16;
    if ( info->partial_fdt )
        size += fdt_totalsize(info->partial_fdt);
    return size;
}

int domain_fdt_set_initrd(void *fdt, paddr_t start, paddr_t end)
{
    int chosen = fdt_path_offset(fdt, "/chosen");
    fdt64_t val;
    int rc;

    if ( chosen < 0 )
        return chosen;
    val = cpu_to_fdt64(start);
    rc = fdt_setprop_inplace(fdt, chosen, "linux,initrd-start", &val, sizeof(val));
    if ( rc )
        return rc;
    val = cpu_to_fdt64(end);
    return fdt_setprop_inplace(fdt, chosen, "linux,initrd-end", &val, sizeof(val));
}

const char *domain_fdt_check_partial(const void *pfdt, size_t size)
{
    if ( size < sizeof(struct fdt_header) || fdt_magic(pfdt) != FDT_MAGIC )
        return "it is not a flattened device tree (no FDT magic)";
    if ( fdt_check_header(pfdt) )
        return "its device-tree header is corrupt";
    if ( fdt_totalsize(pfdt) > size )
        return "its device tree is larger than the module";
    return NULL;
}
