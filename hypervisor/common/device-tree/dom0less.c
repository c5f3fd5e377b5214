/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Reading the dom0less domains of /chosen (Xen 4.17's bindings).  Every
 * check a node can fail says which domain and what is wrong; the caller
 * then skips that domain and starts the others.
 *
 * Where Xen 4.17 is lenient in ways that only hide mistakes (a second
 * kernel module silently replacing the first, a cpus property of the
 * wrong size read anyway) the node is refused instead.
 */
#include <libfdt.h>
#include <xenith/bootinfo.h>
#include <xenith/device_tree.h>
#include <xenith/dom0less.h>
#include <xenith/errno.h>
#include <xenith/gic.h>
#include <xenith/printk.h>
#include <public/arch-arm.h>

#define DOM0LESS_MSG_LEN    200

static void __printf(2, 3) dom_error(const struct dom0less_domain *dom,
                                     const char *fmt, ...)
{
    char msg[DOM0LESS_MSG_LEN];
    va_list args;

    va_start(args, fmt);
    vsnprintf(msg, sizeof(msg), fmt, args);
    va_end(args);
    printk(XENLOG_ERR "d%u: /chosen/%s: %s\n", dom->domid, dom->name, msg);
}

int dom0less_next_domain_node(int prev)
{
    int chosen = dt_lookup("/chosen");
    int node;

    if ( chosen < 0 )
        return -1;
    node = prev < 0 ? dt_first_child(chosen) : dt_next_sibling(prev);
    for ( ; node >= 0; node = dt_next_sibling(node) )
        if ( dt_node_is_compatible(node, "xen,domain") )
            return node;
    return -1;
}

unsigned int dom0less_nr_domains(void)
{
    unsigned int nr = 0;

    for ( int node = dom0less_next_domain_node(-1); node >= 0;
          node = dom0less_next_domain_node(node) )
        nr++;
    return nr;
}

/* memory: KiB of RAM, 64-bit as the binding says (32-bit accepted). */
static int parse_memory(struct dom0less_domain *dom)
{
    int len;
    const fdt32_t *val = fdt_getprop(host_fdt, dom->node, "memory", &len);

    if ( !val )
    {
        dom_error(dom, "no \"memory\" property (the domain's RAM in KiB, e.g. <0 0x10000>)");
        return -EINVAL;
    }
    if ( len != 4 && len != 8 )
    {
        dom_error(dom, "\"memory\" is %d bytes long: it must be a 64-bit number of KiB", len);
        return -EINVAL;
    }
    dom->memory_kib = len == 8 ? ((uint64_t)fdt32_to_cpu(val[0]) << 32) |
                                 fdt32_to_cpu(val[1])
                               : fdt32_to_cpu(val[0]);
    if ( len == 4 )
        printk(XENLOG_WARNING "d%u: /chosen/%s: \"memory\" is a 32-bit number; "
               "Xen 4.17 reads only 64-bit ones (<0 %#x>) and would refuse it\n",
               dom->domid, dom->name, fdt32_to_cpu(val[0]));
    if ( !dom->memory_kib || dom->memory_kib % 4 )
    {
        dom_error(dom, "\"memory\" is %lu KiB: it must be a non-zero multiple of 4 KiB",
                  dom->memory_kib);
        return -EINVAL;
    }
    if ( dom->memory_kib > GUEST_RAM_MAX / 1024 )
    {
        dom_error(dom, "\"memory\" is %lu KiB, more than the %lu KiB of the guest memory map",
                  dom->memory_kib, (unsigned long)(GUEST_RAM_MAX / 1024));
        return -EINVAL;
    }
    return 0;
}

/* A 32-bit cell @prop: 0, -ENOENT when absent, -EINVAL (said) when malformed. */
static int read_u32_prop(const struct dom0less_domain *dom, const char *prop,
                         uint32_t *out)
{
    int rc = dt_read_u32(dom->node, prop, out);

    if ( rc == -EINVAL )
        dom_error(dom, "\"%s\" must be a single 32-bit cell", prop);
    return rc;
}

static int parse_cpus_and_spis(struct dom0less_domain *dom)
{
    uint32_t val;
    int rc = read_u32_prop(dom, "cpus", &val);

    if ( rc == -ENOENT )
        dom_error(dom, "no \"cpus\" property (the number of vCPUs)");
    if ( rc )
        return -EINVAL;
    if ( val < 1 || val > GUEST_MAX_VCPUS )
    {
        dom_error(dom, "\"cpus\" is %u: a domain has 1 to %u vCPUs", val, GUEST_MAX_VCPUS);
        return -EINVAL;
    }
    dom->cpus = val;

    dom->nr_spis = DOM0LESS_NR_SPIS_DEFAULT;
    rc = read_u32_prop(dom, "nr_spis", &val);
    if ( rc == -EINVAL )
        return rc;
    if ( rc == 0 )
    {
        if ( val > GIC_MAX_LINES - GIC_FIRST_SPI )
        {
            dom_error(dom, "\"nr_spis\" is %u: a GIC has at most %u SPIs",
                      val, GIC_MAX_LINES - GIC_FIRST_SPI);
            return -EINVAL;
        }
        if ( dom->vpl011 && val < GUEST_VPL011_SPI - GIC_FIRST_SPI + 1 )
        {
            dom_error(dom, "\"nr_spis\" is %u: the vPL011 needs SPI %u, so at least %u",
                      val, GUEST_VPL011_SPI, GUEST_VPL011_SPI - GIC_FIRST_SPI + 1);
            return -EINVAL;
        }
        dom->nr_spis = val;
    }
    return 0;
}

/*
 * max_grant_frames: Xen 4.18's property (4.17 ignores it), the most frames
 * the domain's grant table grows to; grant_table_init() checks it against
 * gnttab_max_frames.  0 when absent.
 */
static int parse_grant_frames(struct dom0less_domain *dom)
{
    uint32_t val;
    int rc = read_u32_prop(dom, "max_grant_frames", &val);

    if ( rc == -ENOENT )
        return 0;
    if ( rc )
        return rc;
    if ( !val )
    {
        dom_error(dom, "\"max_grant_frames\" is 0: a grant table has at least 1 frame");
        return -EINVAL;
    }
    dom->max_grant_frames = val;
    return 0;
}

/* xen,enhanced, decoded as Xen 4.17 does (an unreadable value means enabled). */
static void parse_enhanced(struct dom0less_domain *dom)
{
    int len;
    const char *val = fdt_getprop(host_fdt, dom->node, "xen,enhanced", &len);

    if ( !val )
        dom->enhanced = DOM0LESS_PLAIN;
    else if ( len <= 0 || val[len - 1] != '\0' || !strcmp(val, "enabled") )
        dom->enhanced = DOM0LESS_ENHANCED;
    else if ( !strcmp(val, "no-xenstore") )
        dom->enhanced = DOM0LESS_ENHANCED_NO_XS;
    else
        dom->enhanced = DOM0LESS_PLAIN;
}

/* Properties that change what "memory" means: not implemented, so refused. */
static int check_unsupported(const struct dom0less_domain *dom)
{
    static const char *const props[] = { "xen,static-mem", "direct-map" };

    for ( size_t i = 0; i < ARRAY_SIZE(props); i++ )
        if ( fdt_getprop(host_fdt, dom->node, props[i], NULL) )
        {
            dom_error(dom, "\"%s\" is not supported by Xenith yet", props[i]);
            return -EOPNOTSUPP;
        }
    if ( fdt_getprop(host_fdt, dom->node, "bootargs", NULL) )
        printk(XENLOG_WARNING "d%u: /chosen/%s: \"bootargs\" on the domain node is "
               "ignored, as by Xen 4.17: put it on the kernel module\n",
               dom->domid, dom->name);
    return 0;
}

static bool in_one_ram_bank(paddr_t start, paddr_t size)
{
    for ( unsigned int i = 0; i < bootinfo.mem.nr; i++ )
    {
        const struct membank *b = &bootinfo.mem.bank[i];

        if ( start >= b->start && size <= b->size && start - b->start <= b->size - size )
            return true;
    }
    return false;
}

static int read_module(const struct dom0less_domain *dom, int node, const char *what,
                       struct dom0less_module *mod)
{
    const char *name = fdt_get_name(host_fdt, node, NULL);
    int rc;

    if ( mod->size )
    {
        dom_error(dom, "two %s modules (%s and the one at %#lx)", what, name, mod->start);
        return -EINVAL;
    }
    if ( !fdt_getprop(host_fdt, node, "reg", NULL) )
    {
        dom_error(dom, "%s module %s has no \"reg\" (where the boot loader put it)",
                  what, name);
        return -EINVAL;
    }
    rc = dt_read_reg(node, 0, &mod->start, &mod->size);
    if ( rc )
    {
        dom_error(dom, "%s module %s: \"reg\" does not fit the domain node's "
                  "#address-cells and #size-cells", what, name);
        return -EINVAL;
    }
    if ( !mod->size )
    {
        dom_error(dom, "%s module %s is empty (size 0 in \"reg\")", what, name);
        return -EINVAL;
    }
    if ( !in_one_ram_bank(mod->start, mod->size) )
    {
        dom_error(dom, "%s module %s at %#lx-%#lx is not in RAM", what, name,
                  mod->start, mod->start + mod->size - 1);
        return -EINVAL;
    }
    mod->node = node;
    return 0;
}

/* Xen 4.17 takes a domain's command line from its first module with bootargs. */
static int read_bootargs(struct dom0less_domain *dom, int node)
{
    int len;
    const char *args = fdt_getprop(host_fdt, node, "bootargs", &len);

    if ( !args || dom->bootargs )
        return 0;
    if ( len <= 0 || args[len - 1] != '\0' )
    {
        dom_error(dom, "\"bootargs\" of %s is not a string",
                  fdt_get_name(host_fdt, node, NULL));
        return -EINVAL;
    }
    dom->bootargs = args;
    return 0;
}

static int parse_modules(struct dom0less_domain *dom)
{
    int node, rc;

    dt_for_each_child(node, dom->node)
    {
        if ( dt_node_is_compatible(node, "multiboot,kernel") )
            rc = read_module(dom, node, "kernel", &dom->kernel);
        else if ( dt_node_is_compatible(node, "multiboot,ramdisk") )
            rc = read_module(dom, node, "ramdisk", &dom->ramdisk);
        else if ( dt_node_is_compatible(node, "multiboot,device-tree") )
            rc = read_module(dom, node, "device-tree", &dom->dtb);
        else if ( dt_node_is_compatible(node, "multiboot,module") )
            rc = 0;             /* a module of no kind we know: Xen ignores it too */
        else
            continue;
        if ( !rc )
            rc = read_bootargs(dom, node);
        if ( rc )
            return rc;
    }
    if ( !dom->kernel.size )
    {
        dom_error(dom, "no kernel: the domain needs a sub-node with compatible = "
                  "\"multiboot,kernel\", \"multiboot,module\" and a reg");
        return -ENOENT;
    }
    return 0;
}

int dom0less_parse_domain(int node, domid_t domid, struct dom0less_domain *dom)
{
    int rc;

    memset(dom, 0, sizeof(*dom));
    dom->domid = domid;
    dom->node = node;
    dom->name = fdt_get_name(host_fdt, node, NULL);
    dom->kernel.node = dom->ramdisk.node = dom->dtb.node = -1;
    dom->vpl011 = fdt_getprop(host_fdt, node, "vpl011", NULL) != NULL;
    parse_enhanced(dom);

    rc = check_unsupported(dom);
    if ( !rc )
        rc = parse_memory(dom);
    if ( !rc )
        rc = parse_cpus_and_spis(dom);
    if ( !rc )
        rc = parse_grant_frames(dom);
    if ( !rc )
        rc = parse_modules(dom);
    return rc;
}

static bool modules_overlap(const struct dom0less_module *a, const struct dom0less_module *b)
{
    return a->size && b->size && a->start < b->start + b->size && b->start < a->start + a->size;
}

/* The modules of a domain, in the order their overlaps are reported. */
static const struct {
    const char *kind;
    size_t offset;
} module_kinds[] = {
    { "kernel", offsetof(struct dom0less_domain, kernel) },
    { "ramdisk", offsetof(struct dom0less_domain, ramdisk) },
    { "device-tree", offsetof(struct dom0less_domain, dtb) },
};
#define NR_KINDS ARRAY_SIZE(module_kinds)

static const struct dom0less_module *module_of(const struct dom0less_domain *dom,
                                               unsigned int kind)
{
    return (const void *)((const char *)dom + module_kinds[kind].offset);
}

void dom0less_check_overlaps(const struct dom0less_domain *doms, unsigned int nr,
                             bool *bad)
{
    /* Every pair of modules (a, b), a before b in (domain, kind) order. */
    for ( unsigned int i = 0; i < nr * NR_KINDS; i++ )
        for ( unsigned int j = i + 1; j < nr * NR_KINDS; j++ )
        {
            const struct dom0less_domain *da = &doms[i / NR_KINDS];
            const struct dom0less_domain *db = &doms[j / NR_KINDS];
            const struct dom0less_module *a = module_of(da, i % NR_KINDS);
            const struct dom0less_module *b = module_of(db, j % NR_KINDS);

            if ( !modules_overlap(a, b) )
                continue;
            printk(XENLOG_ERR "d%u: %s module at %#lx-%#lx overlaps d%u's %s module "
                   "at %#lx-%#lx: both domains are refused\n",
                   db->domid, module_kinds[j % NR_KINDS].kind,
                   b->start, b->start + b->size - 1, da->domid,
                   module_kinds[i % NR_KINDS].kind, a->start, a->start + a->size - 1);
            bad[i / NR_KINDS] = bad[j / NR_KINDS] = true;
        }
}
