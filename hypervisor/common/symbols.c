/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Symbol lookup for backtraces.  The table (scripts/gen-symbols.py) lists
 * the text symbols sorted by address; the names are packed one after the
 * other, each found through its offset.
 */
#include <xenith/lib.h>
#include <xenith/symbols.h>

extern const unsigned long symbols_num;
extern const unsigned long symbols_addrs[];
extern const uint32_t symbols_name_offs[];
extern const char symbols_names[];
extern const char _stext[], _etext[];

/* Index of the last symbol at or below @addr; symbols_num if there is none. */
static unsigned long symbols_find(unsigned long addr)
{
    unsigned long lo = 0, hi = symbols_num;

    /* Invariant: symbols_addrs[i] <= addr for i < lo, > addr for i >= hi. */
    while ( lo < hi )
    {
        unsigned long mid = lo + (hi - lo) / 2;

        if ( symbols_addrs[mid] <= addr )
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo ? lo - 1 : symbols_num;
}

const char *symbols_lookup(unsigned long addr, unsigned long *offset,
                           unsigned long *size)
{
    unsigned long i, end = (unsigned long)_etext;

    if ( addr < (unsigned long)_stext || addr >= end )
        return NULL;
    i = symbols_find(addr);
    if ( i == symbols_num )
        return NULL;
    /* Aliases share an address: the size runs to the next distinct one. */
    for ( unsigned long next = i + 1; next < symbols_num; next++ )
    {
        if ( symbols_addrs[next] > symbols_addrs[i] )
        {
            end = symbols_addrs[next];
            break;
        }
    }
    *offset = addr - symbols_addrs[i];
    *size = end - symbols_addrs[i];
    return &symbols_names[symbols_name_offs[i]];
}

char *symbols_format(char *buf, size_t size, unsigned long addr)
{
    unsigned long offset, len;
    const char *name = symbols_lookup(addr, &offset, &len);

    if ( name )
        snprintf(buf, size, "%s+0x%lx/0x%lx", name, offset, len);
    else
        snprintf(buf, size, "??");
    return buf;
}
