/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Helpers over libfdt for reading the host device tree: compatible
 * matching, paths and aliases, reg and interrupts decoding, and driver
 * probing through the xenith_dt_devices registry.
 */
#include <libfdt.h>
#include <xenith/device_tree.h>
#include <xenith/errno.h>
#include <xenith/printk.h>

extern const struct dt_device __start_xenith_dt_devices[], __stop_xenith_dt_devices[];

const void *host_fdt;

bool dt_node_is_compatible(int node, const char *compat)
{
    return fdt_node_check_compatible(host_fdt, node, compat) == 0;
}

bool dt_node_is_available(int node)
{
    const char *status = fdt_getprop(host_fdt, node, "status", NULL);

    return !status || !strcmp(status, "okay") || !strcmp(status, "ok");
}

int dt_find_compatible(int from, const char *compat)
{
    int node = fdt_node_offset_by_compatible(host_fdt, from, compat);

    return node < 0 ? -1 : node;
}

int dt_lookup(const char *path_or_alias)
{
    const char *colon = strchr(path_or_alias, ':');
    int len = colon ? (int)(colon - path_or_alias) : (int)strlen(path_or_alias);
    const char *path = path_or_alias;

    if ( path[0] != '/' )
    {
        path = fdt_get_alias_namelen(host_fdt, path_or_alias, len);
        if ( !path )
            return -1;
        len = (int)strlen(path);
    }
    len = fdt_path_offset_namelen(host_fdt, path, len);
    return len < 0 ? -1 : len;
}

int dt_read_u32(int node, const char *prop, uint32_t *out)
{
    int len;
    const fdt32_t *val = fdt_getprop(host_fdt, node, prop, &len);

    if ( !val )
        return -ENOENT;
    if ( len != sizeof(*val) )
        return -EINVAL;
    *out = fdt32_to_cpu(*val);
    return 0;
}

const char *dt_read_string(int node, const char *prop)
{
    int len;
    const char *s = fdt_getprop(host_fdt, node, prop, &len);

    return s && len > 0 && s[len - 1] == '\0' ? s : NULL;
}

uint64_t dt_next_cells(const uint32_t **cell, unsigned int cells)
{
    uint64_t v = 0;

    while ( cells-- )
        v = (v << 32) | fdt32_to_cpu(*(*cell)++);
    return v;
}

static int dt_reg_cells(int node, int *ac, int *sc)
{
    int parent = fdt_parent_offset(host_fdt, node);

    if ( parent < 0 )
        return -EINVAL;
    *ac = fdt_address_cells(host_fdt, parent);
    *sc = fdt_size_cells(host_fdt, parent);
    if ( *ac < 1 || *ac > 2 || *sc < 0 || *sc > 2 )
        return -EINVAL;
    return 0;
}

int dt_nr_reg(int node)
{
    int ac, sc, len;
    const void *reg = fdt_getprop(host_fdt, node, "reg", &len);

    if ( !reg || dt_reg_cells(node, &ac, &sc) )
        return 0;
    return len / (int)((ac + sc) * sizeof(uint32_t));
}

int dt_read_reg(int node, unsigned int index, paddr_t *addr, paddr_t *size)
{
    int ac, sc, rc;
    const uint32_t *cell;

    rc = dt_reg_cells(node, &ac, &sc);
    if ( rc )
        return rc;
    if ( (int)index >= dt_nr_reg(node) )
        return -ENOENT;
    cell = (const uint32_t *)fdt_getprop(host_fdt, node, "reg", NULL) +
           index * (unsigned int)(ac + sc);
    *addr = dt_next_cells(&cell, (unsigned int)ac);
    *size = dt_next_cells(&cell, (unsigned int)sc);
    return 0;
}

int dt_read_irq(int node, unsigned int index, struct dt_irq *irq)
{
    int len;
    const uint32_t *cell = fdt_getprop(host_fdt, node, "interrupts", &len);
    uint32_t type, number, flags;

    if ( !cell )
        return -ENOENT;
    if ( (index + 1) * 3 * sizeof(uint32_t) > (unsigned int)len )
        return -ENOENT;
    cell += index * 3;
    type = fdt32_to_cpu(cell[0]);
    number = fdt32_to_cpu(cell[1]);
    flags = fdt32_to_cpu(cell[2]);
    if ( type > 1 )
        return -EINVAL;
    irq->intid = number + (type == 1 ? 16 : 32);
    irq->level = (flags & 0xf) == 4 || (flags & 0xf) == 8;
    return 0;
}

static const struct dt_device *dt_device_match(int node, enum dt_device_class class)
{
    for ( const struct dt_device *d = __start_xenith_dt_devices;
          d < __stop_xenith_dt_devices; d++ )
    {
        if ( d->class != class )
            continue;
        for ( const char *const *c = d->compatible; *c; c++ )
            if ( dt_node_is_compatible(node, *c) )
                return d;
    }
    return NULL;
}

int dt_device_probe(int node, enum dt_device_class class)
{
    const struct dt_device *d = dt_device_match(node, class);
    int rc;

    if ( !d )
        return -ENODEV;
    rc = d->init(node);
    if ( rc )
        printk(XENLOG_ERR "%s: %s failed to initialise (%d)\n",
               fdt_get_name(host_fdt, node, NULL), d->name, rc);
    return rc;
}

int dt_device_probe_class(enum dt_device_class class)
{
    int depth = 0;

    for ( int node = fdt_next_node(host_fdt, 0, &depth); node >= 0;
          node = fdt_next_node(host_fdt, node, &depth) )
    {
        if ( dt_node_is_available(node) && dt_device_match(node, class) )
            return dt_device_probe(node, class);
    }
    return -ENODEV;
}
