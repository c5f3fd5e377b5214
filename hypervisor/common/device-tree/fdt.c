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

/*
 * libfdt finds a node's parent, a path, a phandle or the next compatible
 * node by walking the flattened tree from its start, tag by tag: the boot
 * asked it to about twenty times over.  One walk in dt_index_build() keeps
 * what those lookups need, in document order; the helpers below answer from
 * it.  A tree larger than the index, or one libfdt cannot walk, is not
 * indexed and every helper goes to libfdt as before.
 */
#define DT_INDEX_MAX    512
#define DT_MAX_DEPTH    32

struct dt_index_node {
    int offset;
    int16_t parent;             /* index of the parent; -1 for the root */
    int16_t next;               /* index of the next sibling; -1: none */
    uint8_t depth;
    bool available;             /* "status" absent, "okay" or "ok" */
    bool has_phandle;           /* a 4-byte "phandle" (else linux,phandle) */
    uint32_t phandle;           /* 0: none */
    const char *name;
    int name_len;
    const char *compat;         /* "compatible" (NULL: none) */
    int compat_len;
    const char *type;           /* "device_type" (NULL: none) */
    int type_len;
};

struct dt_blocks {
    const char *structure;
    unsigned long structure_size;
    const char *strings;
    unsigned long strings_size;
};

static struct {
    const void *fdt;            /* the tree indexed; NULL: none */
    struct dt_blocks blocks;    /* its blocks, every tag in bounds */
    unsigned int nr;
    struct dt_index_node node[DT_INDEX_MAX];
} dt_index;

static bool dt_status_okay(int node)
{
    const char *status = fdt_getprop(host_fdt, node, "status", NULL);

    return !status || !strcmp(status, "okay") || !strcmp(status, "ok");
}

/* The blocks of the tree dt_index_build() walks, bounds-checked once. */
static bool dt_blocks_of(const void *fdt, struct dt_blocks *b)
{
    unsigned long total = fdt_totalsize(fdt);
    unsigned long so = fdt_off_dt_struct(fdt), ss = fdt_size_dt_struct(fdt);
    unsigned long to = fdt_off_dt_strings(fdt), ts = fdt_size_dt_strings(fdt);

    /* Before version 17 the structure block's size is not in the header. */
    if ( fdt_version(fdt) < 17 )
        ss = so <= total ? total - so : 0;
    if ( so > total || ss > total - so || to > total || ts > total - to )
        return false;
    b->structure = (const char *)fdt + so;
    b->structure_size = ss;
    b->strings = (const char *)fdt + to;
    b->strings_size = ts;
    return true;
}

/*
 * The NUL-terminated string at @off of the strings block; NULL if it is
 * not.  A block that ends in a NUL (as dtc writes them) ends every string.
 */
static const char *dt_blocks_string(const struct dt_blocks *b, unsigned long off)
{
    const char *s = b->strings + off;

    if ( off >= b->strings_size )
        return NULL;
    if ( b->strings[b->strings_size - 1] != '\0' && !memchr(s, '\0', b->strings_size - off) )
        return NULL;
    return s;
}

/* Whether the value @v (@len bytes) is the string @str. */
static bool dt_value_is(const char *v, int len, const char *str)
{
    return len > 0 && v[len - 1] == '\0' && !strcmp(v, str);
}

/* Record the properties the lookups need, as libfdt would read them. */
static void dt_index_prop(struct dt_index_node *n, const char *name, const char *v, int len)
{
    uint32_t val = len == sizeof(uint32_t) ? fdt32_ld((const fdt32_t *)v) : 0;

    /* One comparison for the other properties: most of a tree. */
    if ( !strchr("cdslp", name[0]) )
        return;
    if ( !strcmp(name, "compatible") )
    {
        n->compat = v;
        n->compat_len = len;
    }
    else if ( !strcmp(name, "device_type") )
    {
        n->type = v;
        n->type_len = len;
    }
    else if ( !strcmp(name, "status") )
        n->available = dt_value_is(v, len, "okay") || dt_value_is(v, len, "ok");
    else if ( !strcmp(name, "phandle") && len == sizeof(uint32_t) )
    {
        n->phandle = val;
        n->has_phandle = true;
    }
    else if ( !strcmp(name, "linux,phandle") && len == sizeof(uint32_t) &&
              !n->has_phandle )
        n->phandle = val;
}

static bool dt_index_node(int offset, const char *name, int depth, int *stack, int *last)
{
    struct dt_index_node *n = &dt_index.node[dt_index.nr];
    int i = (int)dt_index.nr;

    if ( dt_index.nr == DT_INDEX_MAX || depth >= DT_MAX_DEPTH - 1 )
        return false;
    memset(n, 0, sizeof(*n));
    n->offset = offset;
    n->depth = (uint8_t)depth;
    n->parent = (int16_t)(depth ? stack[depth - 1] : -1);
    n->next = -1;
    n->available = true;
    n->name = name;
    n->name_len = (int)strlen(name);
    if ( last[depth] >= 0 )
        dt_index.node[last[depth]].next = (int16_t)i;
    last[depth] = i;
    last[depth + 1] = -1;
    stack[depth] = i;
    dt_index.nr++;
    return true;
}

/*
 * The tag at @off of the structure block and the offset of the next one
 * (*@next), its node name or property (*@name, *@v, *@len) checked to lie
 * in their blocks; FDT_END for a tag that does not (as the end of the
 * walk, it leaves the tree unindexed).
 */
static uint32_t dt_blocks_tag(const struct dt_blocks *b, unsigned long off, unsigned long *next,
                              const char **name, const char **v, int *len)
{
    const char *p = b->structure + off;
    unsigned long left = off <= b->structure_size ? b->structure_size - off : 0;
    uint32_t tag = left >= FDT_TAGSIZE ? fdt32_ld((const fdt32_t *)p) : FDT_END;
    unsigned long size = FDT_TAGSIZE;

    p += FDT_TAGSIZE;
    left -= min(left, (unsigned long)FDT_TAGSIZE);
    if ( tag == FDT_BEGIN_NODE )
    {
        size += strnlen(p, left) + 1;
        *name = p;
        if ( size > left + FDT_TAGSIZE )
            return FDT_END;
    }
    else if ( tag == FDT_PROP )
    {
        if ( left < 8 )
            return FDT_END;
        *len = (int)fdt32_ld((const fdt32_t *)p);
        *name = dt_blocks_string(b, fdt32_ld((const fdt32_t *)(p + 4)));
        *v = p + 8;
        size += 8 + (unsigned long)(uint32_t)*len;
        if ( *len < 0 || size > left + FDT_TAGSIZE || !*name )
            return FDT_END;
    }
    *next = off + ROUNDUP(size, FDT_TAGSIZE);
    return tag;
}

/*
 * One pass over the structure block's tags, read here rather than through
 * libfdt's fdt_next_tag() (which checks each tag's bounds several times
 * over); not indexed on any error.
 */
void dt_index_build(void)
{
    int stack[DT_MAX_DEPTH], last[DT_MAX_DEPTH];
    int depth = -1, len = 0;
    unsigned long offset = 0, next = 0;
    const char *name = NULL, *v = NULL;
    struct dt_blocks *b = &dt_index.blocks;

    dt_index.fdt = NULL;
    dt_index.nr = 0;
    last[0] = -1;
    /* Before version 16, property values could be realigned: libfdt's. */
    if ( fdt_version(host_fdt) < 0x10 || !dt_blocks_of(host_fdt, b) ||
         b->structure_size > INT_MAX )
        return;
    for ( ;; offset = next )
    {
        switch ( dt_blocks_tag(b, offset, &next, &name, &v, &len) )
        {
        case FDT_BEGIN_NODE:
            if ( !dt_index_node((int)offset, name, ++depth, stack, last) )
                return;
            break;
        case FDT_PROP:
            if ( depth < 0 )
                return;
            dt_index_prop(&dt_index.node[stack[depth]], name, v, len);
            break;
        case FDT_END_NODE:
            if ( --depth >= 0 )
                break;
            dt_index.fdt = host_fdt;
            return;
        case FDT_NOP:
            break;
        default:
            return;
        }
    }
}

static bool dt_indexed(void)
{
    return dt_index.fdt && dt_index.fdt == host_fdt;
}

/* The index entry of @node; -1 if the tree is not indexed or no such node. */
static int dt_index_of(int node)
{
    int lo = 0, hi = dt_indexed() ? (int)dt_index.nr - 1 : -1;

    while ( lo <= hi )
    {
        int mid = (lo + hi) / 2;

        if ( dt_index.node[mid].offset == node )
            return mid;
        if ( dt_index.node[mid].offset < node )
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return -1;
}

/*
 * Property @name of @node, its length in *@lenp: read from the structure
 * block when the tree is indexed (libfdt's fdt_getprop() checks each tag's
 * bounds several times over; the index's walk checked them all), from
 * libfdt otherwise.  NULL if there is none.
 */
static const void *dt_getprop(int node, const char *name, int *lenp)
{
    unsigned long off = (unsigned long)node, next;
    const char *pname = NULL, *v = NULL;
    int len = 0;
    uint32_t tag;

    if ( dt_index_of(node) < 0 )
        return fdt_getprop(host_fdt, node, name, lenp);
    /* Past the node's FDT_BEGIN_NODE: its properties come before any child. */
    dt_blocks_tag(&dt_index.blocks, off, &off, &pname, &v, &len);
    for ( ; (tag = dt_blocks_tag(&dt_index.blocks, off, &next, &pname, &v, &len)) == FDT_PROP ||
            tag == FDT_NOP; off = next )
        if ( tag == FDT_PROP && !strcmp(pname, name) )
        {
            *lenp = len;
            return v;
        }
    return NULL;
}

/* Whether index entry @i, or @node if it has none (-1), is compatible with @compat. */
static bool dt_is_compatible(int i, int node, const char *compat)
{
    if ( i < 0 )
        return fdt_node_check_compatible(host_fdt, node, compat) == 0;
    return dt_index.node[i].compat &&
           fdt_stringlist_contains(dt_index.node[i].compat,
                                   dt_index.node[i].compat_len, compat);
}

bool dt_node_is_compatible(int node, const char *compat)
{
    return dt_is_compatible(dt_index_of(node), node, compat);
}

bool dt_node_is_available(int node)
{
    int i = dt_index_of(node);

    return i < 0 ? dt_status_okay(node) : dt_index.node[i].available;
}

bool dt_node_is_type(int node, const char *type)
{
    int i = dt_index_of(node);
    const char *t = i < 0 ? dt_read_string(node, "device_type") : dt_index.node[i].type;

    if ( i >= 0 && t && (dt_index.node[i].type_len < 1 ||
                         t[dt_index.node[i].type_len - 1] != '\0') )
        t = NULL;
    return t && !strcmp(t, type);
}

int dt_find_compatible(int from, const char *compat)
{
    int node;

    if ( !dt_indexed() )
    {
        node = fdt_node_offset_by_compatible(host_fdt, from, compat);
        return node < 0 ? -1 : node;
    }
    for ( unsigned int i = 0; i < dt_index.nr; i++ )
    {
        node = dt_index.node[i].offset;
        if ( node > from && dt_is_compatible((int)i, node, compat) )
            return node;
    }
    return -1;
}

int dt_find_phandle(uint32_t phandle)
{
    int node;

    if ( !dt_indexed() )
    {
        node = fdt_node_offset_by_phandle(host_fdt, phandle);
        return node < 0 ? -1 : node;
    }
    for ( unsigned int i = 0; phandle && phandle != (uint32_t)-1 && i < dt_index.nr; i++ )
        if ( dt_index.node[i].phandle == phandle )
            return dt_index.node[i].offset;
    return -1;
}

int dt_parent(int node)
{
    int i = dt_index_of(node);

    if ( i < 0 )
    {
        node = fdt_parent_offset(host_fdt, node);
        return node < 0 ? -1 : node;
    }
    i = dt_index.node[i].parent;
    return i < 0 ? -1 : dt_index.node[i].offset;
}

int dt_first_child(int parent)
{
    int i = dt_index_of(parent);

    if ( i < 0 )
    {
        parent = fdt_first_subnode(host_fdt, parent);
        return parent < 0 ? -1 : parent;
    }
    if ( (unsigned int)i + 1 < dt_index.nr && dt_index.node[i + 1].parent == i )
        return dt_index.node[i + 1].offset;
    return -1;
}

int dt_next_sibling(int node)
{
    int i = dt_index_of(node);

    if ( i < 0 )
    {
        node = fdt_next_subnode(host_fdt, node);
        return node < 0 ? -1 : node;
    }
    i = dt_index.node[i].next;
    return i < 0 ? -1 : dt_index.node[i].offset;
}

/* libfdt's rule: "name" matches "name" and, without an '@', "name@addr". */
static bool dt_name_matches(int i, const char *name, int len)
{
    const struct dt_index_node *n = &dt_index.node[i];

    if ( n->name_len < len || memcmp(n->name, name, (size_t)len) )
        return false;
    return n->name[len] == '\0' ||
           (n->name[len] == '@' && !memchr(name, '@', (size_t)len));
}

static int dt_path_offset(const char *path, int len)
{
    const char *p = path, *end = path + len;
    int node, i = 0;

    if ( !dt_indexed() )
    {
        node = fdt_path_offset_namelen(host_fdt, path, len);
        return node < 0 ? -1 : node;
    }
    while ( p < end )
    {
        const char *q;

        while ( p < end && *p == '/' )
            p++;
        if ( p == end )
            break;
        q = memchr(p, '/', (size_t)(end - p));
        if ( !q )
            q = end;
        i = i + 1 < (int)dt_index.nr && dt_index.node[i + 1].parent == i ? i + 1 : -1;
        for ( ; i >= 0; i = dt_index.node[i].next )
            if ( dt_name_matches(i, p, (int)(q - p)) )
                break;
        if ( i < 0 )
            return -1;
        p = q;
    }
    return dt_index.node[i].offset;
}

int dt_lookup(const char *path_or_alias)
{
    const char *colon = strchr(path_or_alias, ':');
    int len = colon ? (int)(colon - path_or_alias) : (int)strlen(path_or_alias);
    const char *path = path_or_alias;

    if ( path[0] != '/' )
    {
        int aliases = dt_path_offset("/aliases", 8);

        path = aliases < 0 ? NULL
                           : fdt_getprop_namelen(host_fdt, aliases, path_or_alias, len, NULL);
        if ( !path )
            return -1;
        len = (int)strlen(path);
    }
    return dt_path_offset(path, len);
}

int dt_read_u32(int node, const char *prop, uint32_t *out)
{
    int len;
    const fdt32_t *val = dt_getprop(node, prop, &len);

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
    const char *s = dt_getprop(node, prop, &len);

    return s && len > 0 && s[len - 1] == '\0' ? s : NULL;
}

uint64_t dt_next_cells(const uint32_t **cell, unsigned int cells)
{
    uint64_t v = 0;

    while ( cells-- )
        v = (v << 32) | fdt32_to_cpu(*(*cell)++);
    return v;
}

/* @node's "#address-cells" or "#size-cells"; @none without; -1 if malformed. */
static int dt_cells(int node, const char *name, int none)
{
    uint32_t v;
    int rc = dt_read_u32(node, name, &v);

    if ( rc == -ENOENT )
        return none;
    return rc || v > FDT_MAX_NCELLS ? -1 : (int)v;
}

static int dt_reg_cells(int node, int *ac, int *sc)
{
    int parent = dt_parent(node);

    if ( parent < 0 )
        return -EINVAL;
    *ac = dt_cells(parent, "#address-cells", 2);
    *sc = dt_cells(parent, "#size-cells", 1);
    if ( *ac < 1 || *ac > 2 || *sc < 0 || *sc > 2 )
        return -EINVAL;
    return 0;
}

int dt_nr_reg(int node)
{
    int ac, sc, len;
    const void *reg = dt_getprop(node, "reg", &len);

    if ( !reg || dt_reg_cells(node, &ac, &sc) )
        return 0;
    return len / (int)((ac + sc) * sizeof(uint32_t));
}

int dt_read_reg(int node, unsigned int index, paddr_t *addr, paddr_t *size)
{
    int ac, sc, len, rc;
    const uint32_t *cell;

    rc = dt_reg_cells(node, &ac, &sc);
    if ( rc )
        return rc;
    cell = dt_getprop(node, "reg", &len);
    if ( !cell || (int)index >= len / (int)((ac + sc) * sizeof(uint32_t)) )
        return -ENOENT;
    cell += index * (unsigned int)(ac + sc);
    *addr = dt_next_cells(&cell, (unsigned int)ac);
    *size = dt_next_cells(&cell, (unsigned int)sc);
    return 0;
}

int dt_read_irq(int node, unsigned int index, struct dt_irq *irq)
{
    int len;
    const uint32_t *cell = dt_getprop(node, "interrupts", &len);
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

/* The driver of @class for index entry @i, or @node if it has none (-1). */
static const struct dt_device *dt_device_match(int i, int node, enum dt_device_class class)
{
    for ( const struct dt_device *d = __start_xenith_dt_devices;
          d < __stop_xenith_dt_devices; d++ )
    {
        if ( d->class != class )
            continue;
        for ( const char *const *c = d->compatible; *c; c++ )
            if ( dt_is_compatible(i, node, *c) )
                return d;
    }
    return NULL;
}

int dt_device_probe(int node, enum dt_device_class class)
{
    const struct dt_device *d = dt_device_match(dt_index_of(node), node, class);
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

    if ( dt_indexed() )
    {
        for ( unsigned int i = 1; i < dt_index.nr; i++ )
            if ( dt_index.node[i].available &&
                 dt_device_match((int)i, dt_index.node[i].offset, class) )
                return dt_device_probe(dt_index.node[i].offset, class);
        return -ENODEV;
    }
    for ( int node = fdt_next_node(host_fdt, 0, &depth); node >= 0;
          node = fdt_next_node(host_fdt, node, &depth) )
    {
        if ( dt_node_is_available(node) && dt_device_match(-1, node, class) )
            return dt_device_probe(node, class);
    }
    return -ENODEV;
}
