/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Device assignment to dom0less domUs, with Xen 4.17's binding (its
 * docs/misc/arm/passthrough.txt): a node under the /passthrough node of a
 * domain's partial device tree (its multiboot,device-tree module) that has
 *   xen,reg = <machine-address size guest-address> ...  MMIO to map, in the
 *             cells of the node's parent (#address-cells, #size-cells);
 *   xen,path = "/path/in/the/host/tree"  the host device: its interrupts
 *             are routed to the domain, each SPI as itself (virq == irq);
 *   xen,force-assign-without-iommu       assign without IOMMU protection.
 * Xenith drives no IOMMU, so it assigns a device only with the last one, as
 * Xen does on a machine without an IOMMU (the device's DMA is not
 * confined: the domain must be trusted with the whole machine's memory).
 *
 * Xen maps whatever the binding names.  Xenith also refuses what would
 * hand the domain something that is not a device, or not the domain's to
 * have: machine ranges in RAM or in a device Xenith drives itself, guest
 * ranges over the domain's RAM, its emulated devices or the windows Xen
 * reserves for PV pages (grant table, magic pages).  Each refusal names the
 * domain, the partial tree's node and the problem.
 */
#include <libfdt.h>
#include <xenith/bootinfo.h>
#include <xenith/device_tree.h>
#include <xenith/dom0less.h>
#include <xenith/errno.h>
#include <xenith/gic.h>
#include <xenith/irq.h>
#include <xenith/lib.h>
#include <xenith/mm.h>
#include <xenith/printk.h>
#include <xenith/sched.h>
#include <asm/mmio.h>
#include <asm/p2m.h>
#include <public/arch-arm.h>

/* Xen's defaults when a partial-tree node does not say (DT_ROOT_NODE_*). */
#define PT_DEFAULT_ADDR_CELLS   2
#define PT_DEFAULT_SIZE_CELLS   1
#define PT_MAX_DEPTH            8

/* What the domain is being given, for messages. */
struct pt_ctx {
    struct domain *d;
    const void *pfdt;
    int node;
};

static void pt_error(const struct pt_ctx *c, const char *fmt, ...)
{
    char msg[160];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    printk(XENLOG_ERR "d%u: passthrough node %s: %s\n", c->d->domain_id,
           fdt_get_name(c->pfdt, c->node, NULL), msg);
}

static bool ranges_overlap(paddr_t a, paddr_t alen, paddr_t b, paddr_t blen)
{
    return a < b + blen && b < a + alen;
}

/* Whether [start, start + size) holds host RAM, which only the page allocator gives out. */
static bool overlaps_host_ram(paddr_t start, paddr_t size)
{
    for ( unsigned int i = 0; i < bootinfo.mem.nr; i++ )
        if ( ranges_overlap(start, size, bootinfo.mem.bank[i].start, bootinfo.mem.bank[i].size) )
            return true;
    return false;
}

/* Why the guest range [gaddr, gaddr + size) cannot take a device, or NULL. */
static const char *guest_range_taken(struct domain *d, paddr_t gaddr, paddr_t size)
{
    if ( ranges_overlap(gaddr, size, GUEST_GNTTAB_BASE, GUEST_GNTTAB_SIZE) ||
         ranges_overlap(gaddr, size, GUEST_MAGIC_BASE, GUEST_MAGIC_SIZE) )
        return "overlaps the grant-table or magic-page window of the guest memory map";
    for ( paddr_t a = gaddr; a < gaddr + size; a += PAGE_SIZE )
    {
        if ( mmio_is_emulated(d, a) )
            return "overlaps a device Xenith emulates for the domain";
        /* Not p2m_lookup(): the domain's RAM is not zeroed just to be refused. */
        if ( p2m_gfn_mapped(d, _gfn(a >> PAGE_SHIFT)) )
            return "overlaps the domain's RAM or another mapping";
    }
    return NULL;
}

/* One <machine size guest> triple of xen,reg: check it and map it. */
static int map_one(const struct pt_ctx *c, paddr_t maddr, paddr_t size, paddr_t gaddr)
{
    const char *why = NULL;
    int rc;

    if ( (maddr | size | gaddr) & (PAGE_SIZE - 1) )
        why = "xen,reg has addresses or sizes that are not page aligned";
    else if ( !size || maddr + size < maddr || gaddr + size < gaddr )
        why = "xen,reg has an empty or wrapping range";
    else if ( overlaps_host_ram(maddr, size) )
        why = "xen,reg names host RAM, not a device";
    else if ( ioremap_overlaps(maddr, size) )
        why = "xen,reg names a device Xenith drives itself";
    else
        why = guest_range_taken(c->d, gaddr, size);
    if ( why )
    {
        pt_error(c, "%s (%#lx+%#lx at guest %#lx)", why, maddr, size, gaddr);
        return -EINVAL;
    }
    rc = p2m_map(c->d, _gfn(gaddr >> PAGE_SHIFT), maddr_to_mfn(maddr), size >> PAGE_SHIFT,
                 p2m_mmio_direct_dev);
    if ( rc )
        pt_error(c, "mapping %#lx+%#lx at guest %#lx failed (%d)", maddr, size, gaddr, rc);
    return rc;
}

static int map_regions(const struct pt_ctx *c, const fdt32_t *cell, int len,
                       unsigned int ac, unsigned int sc)
{
    unsigned int triple = (2 * ac + sc) * sizeof(fdt32_t);
    int rc = 0;

    if ( !ac || ac > 2 || sc > 2 || len <= 0 || len % triple )
    {
        pt_error(c, "xen,reg is not a list of <address size guest-address> in %u+%u+%u cells",
                 ac, sc, ac);
        return -EINVAL;
    }
    for ( int i = 0; !rc && i < len / (int)triple; i++ )
    {
        const uint32_t *p = (const uint32_t *)cell + i * (2 * ac + sc);
        paddr_t maddr = dt_next_cells(&p, ac);
        paddr_t size = dt_next_cells(&p, sc);
        paddr_t gaddr = dt_next_cells(&p, ac);

        rc = map_one(c, maddr, size, gaddr);
    }
    return rc;
}

/* Whether @node's interrupts go to the GIC Xenith drives (as Xen, skip the others'). */
static bool irqs_on_the_gic(int node)
{
    uint32_t phandle = 0;
    paddr_t base, size;
    int gic;

    for ( int n = node; n >= 0 && dt_read_u32(n, "interrupt-parent", &phandle); n = dt_parent(n) )
        ;
    gic = phandle ? dt_find_phandle(phandle) : -1;
    return gic >= 0 && !dt_read_reg(gic, 0, &base, &size) && base == gic_hw.dist_base;
}

/* Route the SPIs of the host device at xen,path to the domain, each as itself. */
static int route_irqs(const struct pt_ctx *c, const char *path)
{
    int host = dt_lookup(path);
    struct dt_irq irq;
    int rc = 0;

    if ( host < 0 )
    {
        pt_error(c, "xen,path \"%s\" is not a node of the host device tree", path);
        return -EINVAL;
    }
    if ( !irqs_on_the_gic(host) )
        return 0;
    for ( unsigned int i = 0; !rc && !dt_read_irq(host, i, &irq); i++ )
    {
        if ( irq.intid < GIC_FIRST_SPI )
        {
            pt_error(c, "%s's interrupt %u is the per-CPU IRQ%u: only SPIs can be assigned",
                     path, i, irq.intid);
            return -EINVAL;
        }
        rc = route_irq_to_guest(c->d, irq.intid, irq.level);
        if ( rc )
            pt_error(c, "IRQ%u of %s cannot be routed to the domain (%d%s)", irq.intid, path,
                     rc, rc == -EBUSY ? ": Xenith, another domain or the domain's "
                     "vPL011 (SPI 32) has it" : "");
    }
    return rc;
}

static int assign_node(const struct pt_ctx *c, unsigned int ac, unsigned int sc)
{
    int reg_len = 0, path_len = 0;
    const fdt32_t *reg = fdt_getprop(c->pfdt, c->node, "xen,reg", &reg_len);
    const char *path = fdt_getprop(c->pfdt, c->node, "xen,path", &path_len);
    bool force = fdt_getprop(c->pfdt, c->node, "xen,force-assign-without-iommu", NULL);
    int rc;

    if ( !reg && !path )
        return 0;                       /* a plain node, e.g. a fixed clock */
    if ( !reg || (!path && !force) )
    {
        pt_error(c, "xen,reg or xen,path missing");
        return -EINVAL;
    }
    if ( path && (path_len < 2 || path[path_len - 1] != '\0') )
    {
        pt_error(c, "xen,path is not a string");
        return -EINVAL;
    }
    if ( !force )
    {
        pt_error(c, "Xenith has no IOMMU support: the device can only be assigned with "
                 "xen,force-assign-without-iommu");
        return -EINVAL;
    }
    rc = map_regions(c, reg, reg_len, ac, sc);
    if ( !rc && path )
        rc = route_irqs(c, path);
    return rc;
}

static uint32_t cells_of(const void *pfdt, int node, const char *name, uint32_t dflt)
{
    const fdt32_t *v = fdt_getprop(pfdt, node, name, NULL);

    return v ? fdt32_to_cpu(*v) : dflt;
}

/* @node and its sub-nodes, whose xen,reg is in @ac/@sc cells. */
static int assign_tree(struct pt_ctx *c, int node, unsigned int ac, unsigned int sc,
                       unsigned int depth)
{
    int sub, rc;

    if ( depth > PT_MAX_DEPTH )
        return -EINVAL;
    c->node = node;
    rc = assign_node(c, ac, sc);
    ac = cells_of(c->pfdt, node, "#address-cells", PT_DEFAULT_ADDR_CELLS);
    sc = cells_of(c->pfdt, node, "#size-cells", PT_DEFAULT_SIZE_CELLS);
    fdt_for_each_subnode(sub, c->pfdt, node)
    {
        if ( rc )
            break;
        rc = assign_tree(c, sub, ac, sc, depth + 1);
    }
    return rc;
}

int dom0less_assign_devices(struct domain *d, const void *pfdt)
{
    struct pt_ctx c = { .d = d, .pfdt = pfdt };
    int node = fdt_subnode_offset(pfdt, 0, "passthrough");

    if ( node < 0 )
        return 0;
    return assign_tree(&c, node, PT_DEFAULT_ADDR_CELLS, PT_DEFAULT_SIZE_CELLS, 0);
}
