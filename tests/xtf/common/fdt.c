/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Minimal flattened device-tree reader (read-only, no allocation, aligned
 * 32-bit loads only).  Node handles are offsets of FDT_BEGIN_NODE tokens
 * inside the structure block.
 */
#include <xtf.h>

#define FDT_MAGIC       0xd00dfeedU
#define FDT_BEGIN_NODE  1
#define FDT_END_NODE    2
#define FDT_PROP        3
#define FDT_NOP         4
#define FDT_END         9
#define FDT_MAX_DEPTH   16

/* Header fields (32-bit big-endian words) */
#define HDR_MAGIC       0
#define HDR_TOTALSIZE   1
#define HDR_OFF_STRUCT  2
#define HDR_OFF_STRINGS 3
#define HDR_VERSION     5
#define HDR_SIZE_STRUCT 9

const void *xtf_fdt;
static const char *fdt_struct, *fdt_strings;
static uint32_t struct_size;

static uint32_t hdr(const void *fdt, unsigned int field)
{
    return fdt32((const uint32_t *)fdt + field);
}

int fdt_check(const void *fdt)
{
    if ( !fdt || !IS_ALIGNED((uintptr_t)fdt, 8) )
        return -XEN_EINVAL;
    if ( hdr(fdt, HDR_MAGIC) != FDT_MAGIC || hdr(fdt, HDR_VERSION) < 17 )
        return -XEN_EINVAL;
    fdt_struct = (const char *)fdt + hdr(fdt, HDR_OFF_STRUCT);
    fdt_strings = (const char *)fdt + hdr(fdt, HDR_OFF_STRINGS);
    struct_size = hdr(fdt, HDR_SIZE_STRUCT);
    return 0;
}

static uint32_t token(int off)
{
    return ((uint32_t)off + 4 <= struct_size) ? fdt32(fdt_struct + off)
                                              : FDT_END;
}

/* Offset of the token after the one at 'off'. */
static int next_token(int off)
{
    uint32_t t = token(off);

    if ( t == FDT_BEGIN_NODE )
        return off + 4 + ROUNDUP(strlen(fdt_struct + off + 4) + 1, 4);
    if ( t == FDT_PROP )
        return off + 12 + ROUNDUP(fdt32(fdt_struct + off + 4), 4);
    return off + 4;
}

/* Next node after 'off' in document order (-1 = the root); -1 at the end.
 * *depth is updated relative to the node at 'off'. */
static int next_node(int off, int *depth)
{
    uint32_t t;

    off = (off < 0) ? 0 : next_token(off);
    for ( ; ; off = next_token(off) )
    {
        t = token(off);
        if ( t == FDT_BEGIN_NODE )
        {
            ++*depth;
            return off;
        }
        if ( t == FDT_END_NODE )
            --*depth;
        else if ( t == FDT_END )
            return -1;
    }
}

const void *fdt_getprop(int node, const char *name, uint32_t *len)
{
    int off;

    for ( off = next_token(node); ; off = next_token(off) )
    {
        uint32_t t = token(off);

        if ( t == FDT_NOP )
            continue;
        if ( t != FDT_PROP )
            return NULL;
        if ( !strcmp(fdt_strings + fdt32(fdt_struct + off + 8), name) )
        {
            if ( len )
                *len = fdt32(fdt_struct + off + 4);
            return fdt_struct + off + 12;
        }
    }
}

static bool has_string(int node, const char *prop, const char *s)
{
    uint32_t len, pos = 0;
    const char *v = fdt_getprop(node, prop, &len);

    while ( v && pos < len )
    {
        if ( !strcmp(v + pos, s) )
            return true;
        pos += strnlen(v + pos, len - pos) + 1;
    }
    return false;
}

static int find_with(int after, const char *prop, const char *s)
{
    int depth = 0;
    int node = after;

    while ( (node = next_node(node, &depth)) >= 0 )
        if ( has_string(node, prop, s) )
            return node;
    return -1;
}

int fdt_find_compatible(int after, const char *compat)
{
    return find_with(after, "compatible", compat);
}

int fdt_find_device_type(int after, const char *type)
{
    return find_with(after, "device_type", type);
}

/* The parent of 'node', found by walking from the root; -1 for the root. */
static int parent_of(int node)
{
    int stack[FDT_MAX_DEPTH];
    int off = -1, depth = 0;

    while ( (off = next_node(off, &depth)) >= 0 && depth <= FDT_MAX_DEPTH )
    {
        stack[depth - 1] = off;
        if ( off == node )
            return depth > 1 ? stack[depth - 2] : -1;
    }
    return -1;
}

/* Whether the node name at 'off' is the path component 'comp' (length
 * n); a component without a unit address matches any unit address. */
static bool name_is(int off, const char *comp, size_t n)
{
    const char *name = fdt_struct + off + 4;
    size_t i;

    if ( strncmp(name, comp, n) )
        return false;
    if ( name[n] == '\0' )
        return true;
    for ( i = 0; i < n; i++ )
        if ( comp[i] == '@' )
            return false;
    return name[n] == '@';
}

int fdt_find_node(const char *path)
{
    int depth = 0, off = next_node(-1, &depth);     /* the root: depth 1 */
    int level = 1;                                  /* depth of 'off' */
    const char *comp = path, *end;

    if ( off < 0 || *comp != '/' )
        return -1;
    while ( *comp == '/' )
        comp++;
    while ( *comp )
    {
        end = comp;
        while ( *end && *end != '/' )
            end++;
        /* Search the subtree of 'off' for a child with that name. */
        do
            off = next_node(off, &depth);
        while ( off >= 0 && depth > level &&
                !(depth == level + 1 && name_is(off, comp, end - comp)) );
        if ( off < 0 || depth <= level )
            return -1;
        level++;
        for ( comp = end; *comp == '/'; comp++ )
            ;
    }
    return off;
}

static uint32_t cells(int node, const char *name, uint32_t dflt)
{
    uint32_t len;
    const void *v = (node >= 0) ? fdt_getprop(node, name, &len) : NULL;

    return (v && len == 4) ? fdt32(v) : dflt;
}

static uint64_t read_cells(const char *p, uint32_t n)
{
    uint64_t v = 0;

    while ( n-- )
    {
        v = (v << 32) | fdt32(p);
        p += 4;
    }
    return v;
}

int fdt_read_reg(int node, unsigned int idx, uint64_t *base, uint64_t *size)
{
    int parent = parent_of(node);
    uint32_t ac = cells(parent, "#address-cells", 2);
    uint32_t sc = cells(parent, "#size-cells", 1);
    uint32_t len, entry = (ac + sc) * 4;
    const char *reg = fdt_getprop(node, "reg", &len);

    if ( !reg || ac > 2 || sc > 2 || !entry )
        return -XEN_EINVAL;
    if ( (idx + 1) * entry > len )
        return -XEN_ENOENT;
    reg += idx * entry;
    *base = read_cells(reg, ac);
    *size = read_cells(reg + ac * 4, sc);
    return 0;
}

unsigned int fdt_count_cpus(void)
{
    unsigned int n = 0;
    int node = -1;

    while ( (node = fdt_find_device_type(node, "cpu")) >= 0 )
        n++;
    return n;
}
