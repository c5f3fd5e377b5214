/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * @file tests/ram-zeroed/main.c
 * A new domain's RAM reads as zeroes, although the host RAM it was given
 * held junk: test.cfg's dirty-ram has QEMU fill the host's RAM with a
 * pattern before the hypervisor starts (under QEMU RAM starts zeroed, so
 * without it a hypervisor that forgot to zero would pass).
 *
 * Every byte of RAM outside the image and the DTB is checked.  A window is
 * read first with SCTLR_EL1.C clear (data accesses Non-cacheable), before
 * anything else touched it: a guest that starts with its caches off must
 * see the zeroes too, so they must have reached the point of coherency,
 * not only a cache.  The rest is read with the caches on.
 */
#include <xtf.h>

const char test_title[] = "Guest RAM reads as zeroes on dirty host RAM";

#define MIB             (1UL << 20)
#define NC_WINDOW       (4 * MIB)       /* read with the data cache off */

extern char _start[], _end[];

struct range {
    uint64_t start, end;
};

/*
 * The first non-zero 8-byte word in [p, end) (8-aligned) read with
 * SCTLR_EL1.C clear, or end; its value in *val.  Registers only between the
 * two SCTLR writes: nothing the cached code left dirty in the caches (the
 * stack) is read or written while the data cache is off.
 */
static uint64_t scan_uncached(uint64_t p, uint64_t end, uint64_t *val)
{
    uint64_t sctlr = READ_SYSREG(sctlr_el1), v = 0;

    asm volatile ( "msr  sctlr_el1, %[off]\n\t"
                   "isb\n"
                   "1:   ldr  %[v], [%[p]]\n\t"
                   "cbnz %[v], 2f\n\t"
                   "add  %[p], %[p], #8\n\t"
                   "cmp  %[p], %[end]\n\t"
                   "b.lo 1b\n"
                   "2:   msr  sctlr_el1, %[on]\n\t"
                   "isb"
                   : [p] "+r" (p), [v] "+r" (v)
                   : [off] "r" (sctlr & ~SCTLR_C), [on] "r" (sctlr),
                     [end] "r" (end)
                   : "memory", "cc" );
    *val = v;
    return p;
}

/* The first non-zero 8-byte word in [p, end) (8-aligned) with the caches on. */
static uint64_t scan_cached(uint64_t p, uint64_t end, uint64_t *val)
{
    const volatile uint64_t *w = (const volatile uint64_t *)p;

    for ( ; (uint64_t)w < end; w++ )
        if ( *w )
        {
            *val = *w;
            return (uint64_t)w;
        }
    *val = 0;
    return end;
}

/* The address of the first non-zero byte of the word @val read at @word. */
static uint64_t first_byte(uint64_t word, uint64_t val)
{
    while ( !(val & 0xff) )
    {
        val >>= 8;
        word++;
    }
    return word;
}

/* Check [start, end) minus the ranges in @skip (sorted); false if not zero. */
static bool check_range(uint64_t start, uint64_t end, const struct range *skip,
                        unsigned int nskip, bool uncached)
{
    uint64_t p = start, val, bad;

    for ( unsigned int i = 0; i <= nskip && p < end; i++ )
    {
        uint64_t stop = i < nskip && skip[i].start < end ? skip[i].start : end;

        if ( p < stop )
        {
            bad = uncached ? scan_uncached(p, stop, &val) : scan_cached(p, stop, &val);
            if ( bad < stop )
            {
                xtf_failure("RAM at %#lx is not zero (word %#lx) read with the caches %s",
                            first_byte(bad, val), val, uncached ? "off" : "on");
                return false;
            }
        }
        if ( i < nskip && skip[i].end > p )
            p = skip[i].end;
    }
    return true;
}

void test_main(void)
{
    uint64_t ram_end = xtf_ram_start + xtf_ram_size;
    uint64_t fdt = (uint64_t)xtf_fdt, fdt_end = fdt + fdt32((const char *)xtf_fdt + 4);
    struct range skip[2] = {
        { ROUNDDOWN((uint64_t)_start, 8), ROUNDUP((uint64_t)_end, 8) },
        { ROUNDDOWN(fdt, 8), ROUNDUP(fdt_end, 8) },
    };
    struct range nc;

    if ( skip[0].start > skip[1].start )
    {
        struct range t = skip[0];

        skip[0] = skip[1];
        skip[1] = t;
    }
    /*
     * The uncached window: 2 MiB-aligned in the middle of RAM (the image
     * is at its start, the DTB near its end), clear of both.
     */
    nc.start = ROUNDDOWN(xtf_ram_start + xtf_ram_size / 2, 2 * MIB);
    nc.end = nc.start + NC_WINDOW;
    if ( nc.end > ram_end || (nc.start < skip[0].end && skip[0].start < nc.end) ||
         (nc.start < skip[1].end && skip[1].start < nc.end) )
        return xtf_error("no %lu MiB window clear of the image and the DTB in RAM %#lx-%#lx",
                         NC_WINDOW / MIB, xtf_ram_start, ram_end - 1);

    printk("Image %#lx-%#lx, DTB %#lx-%#lx; caches off for %#lx-%#lx\n",
           (uint64_t)_start, (uint64_t)_end - 1, fdt, fdt_end - 1, nc.start, nc.end - 1);
    if ( !check_range(nc.start, nc.end, NULL, 0, true) )
        return;
    if ( !check_range(xtf_ram_start, ram_end, skip, 2, false) )
        return;
    xtf_success(NULL);
}
