/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Early device-tree reading: memory banks from every /memory node (by
 * device_type), reserved ranges from /reserved-memory children and the
 * /memreserve/ table, the boot modules (kernels, ramdisks... the boot
 * loader left in RAM for the domains), and the command line from /chosen.
 */
#include <libfdt.h>
#include <xenith/bootinfo.h>
#include <xenith/device_tree.h>
#include <xenith/errno.h>
#include <xenith/printk.h>

struct bootinfo bootinfo;

static int meminfo_add(struct meminfo *mi, paddr_t start, paddr_t size)
{
    if ( !size )
        return 0;
    if ( mi->nr == NR_MEM_BANKS )
        return -ENOSPC;
    mi->bank[mi->nr].start = start;
    mi->bank[mi->nr].size = size;
    mi->nr++;
    return 0;
}

int bootinfo_reserve(paddr_t start, paddr_t size)
{
    int rc = meminfo_add(&bootinfo.reserved, start, size);

    if ( rc )
        printk(XENLOG_ERR "Too many reserved memory ranges (max %d)\n", NR_MEM_BANKS);
    return rc;
}

/* Every reg entry of @node goes into @mi. */
static int add_reg_ranges(const void *fdt, int node, struct meminfo *mi, const char *what)
{
    int nr = dt_nr_reg(node);

    for ( int i = 0; i < nr; i++ )
    {
        paddr_t start, size;

        if ( dt_read_reg(node, (unsigned int)i, &start, &size) )
            continue;
        if ( meminfo_add(mi, start, size) )
        {
            printk(XENLOG_ERR "%s: more than %d %s ranges\n",
                   fdt_get_name(fdt, node, NULL), NR_MEM_BANKS, what);
            return -ENOSPC;
        }
    }
    return 0;
}

static bool node_is_memory(const void *fdt, int node)
{
    return dt_node_is_type(node, "memory") && dt_node_is_available(node);
}

static int parse_memory_nodes(const void *fdt)
{
    int node, rc;

    dt_for_each_child(node, 0)
    {
        if ( !node_is_memory(fdt, node) )
            continue;
        rc = add_reg_ranges(fdt, node, &bootinfo.mem, "memory");
        if ( rc )
            return rc;
    }
    if ( !bootinfo.mem.nr )
    {
        printk(XENLOG_ERR "The device tree describes no RAM: it needs a node with "
               "device_type = \"memory\" and a non-empty reg property\n");
        return -ENOENT;
    }
    return 0;
}

static int parse_reserved_memory(const void *fdt)
{
    int parent = dt_lookup("/reserved-memory");
    int node, rc;

    for ( int i = 0; i < fdt_num_mem_rsv(fdt); i++ )
    {
        uint64_t addr, size;

        if ( fdt_get_mem_rsv(fdt, i, &addr, &size) == 0 &&
             (rc = bootinfo_reserve(addr, size)) )
            return rc;
    }
    if ( parent < 0 )
        return 0;
    dt_for_each_child(node, parent)
    {
        /* Only ranges with a fixed reg; dynamic "size" pools are for dom0. */
        if ( !dt_node_is_available(node) )
            continue;
        rc = add_reg_ranges(fdt, node, &bootinfo.reserved, "reserved");
        if ( rc )
            return rc;
    }
    return 0;
}

/* A boot module by its generic or (the domain builder's test) specific name. */
static bool node_is_module(const void *fdt, int node)
{
    static const char *const compat[] = {
        "multiboot,module", "xen,multiboot-module", "multiboot,kernel",
        "multiboot,ramdisk", "multiboot,device-tree",
    };

    for ( size_t i = 0; i < ARRAY_SIZE(compat); i++ )
        if ( dt_node_is_compatible(node, compat[i]) )
            return true;
    return false;
}

/*
 * Boot modules sit in RAM until their domain is built: reserve those of
 * /chosen and of each xen,domain node under it, as Xen does, so the page
 * allocator never hands them out.  A module node whose reg cannot be read
 * is left to the domain builder, which names the domain in its refusal.
 */
static int reserve_modules(const void *fdt, int parent)
{
    int node, rc;

    dt_for_each_child(node, parent)
    {
        if ( dt_node_is_compatible(node, "xen,domain") )
            rc = reserve_modules(fdt, node);
        else if ( node_is_module(fdt, node) )
            rc = add_reg_ranges(fdt, node, &bootinfo.reserved, "reserved");
        else
            continue;
        if ( rc )
            return rc;
    }
    return 0;
}

static void parse_chosen(const void *fdt)
{
    int chosen = dt_lookup("/chosen");
    const char *cmdline = NULL;

    if ( chosen >= 0 )
        cmdline = dt_read_string(chosen, "xen,xen-bootargs");
    bootinfo.cmdline = cmdline ? cmdline : "";
}

int bootinfo_parse(const void *fdt)
{
    int rc;

    memset(&bootinfo, 0, sizeof(bootinfo));
    host_fdt = fdt;
    dt_index_build();
    rc = parse_memory_nodes(fdt);
    if ( !rc )
        rc = parse_reserved_memory(fdt);
    if ( !rc && dt_lookup("/chosen") >= 0 )
        rc = reserve_modules(fdt, dt_lookup("/chosen"));
    parse_chosen(fdt);
    return rc;
}
