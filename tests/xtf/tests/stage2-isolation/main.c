/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * @file tests/stage2-isolation/main.c
 * Stage-2 isolation between two domains booted from this image (test.cfg
 * "domains": the role comes as xtf.role= on the command line).
 *
 * prober (d1): loads from and stores to guest-physical addresses outside
 * its RAM (right after it, where the host loaded the images, the rest of
 * the RAM windows, high in the address space), each mapped Normal memory
 * at stage 1: every access must come back as a data abort at EL1 with FAR =
 * the address; none may reach memory.
 *
 * neighbour (d2): fills 32 MiB of its RAM with a pattern and checks it
 * again and again for NEIGHBOUR_S seconds while the prober faults, watching
 * the virtual counter for a long stall (its vCPU stopped): its memory must
 * stay intact and it must keep running.  Both report a result.
 */
#include <xtf.h>

const char test_title[] = "Stage-2 isolation between two domains";

#define NEIGHBOUR_S     3
#define MAX_STALL_MS    1500        /* TCG on a loaded host: generous */
#define PATTERN_OFF     (16UL << 20)
#define PATTERN_SIZE    (32UL << 20)
#define PATTERN_KEY     0x5a17e2d15c0fe11eUL
#define SWEEP_SIZE      (64UL << 20)
#define SWEEP_STEP      (2UL << 20)
#define BLOCK           (2UL << 20)

/* Load from (write = false) or store to addr: 1 if it faulted as it must. */
static unsigned int probe(uint64_t addr, bool write)
{
    const struct xtf_exinfo *e;
    uint64_t val = 0;

    xtf_exlog_reset();
    xtf_exlog_start();
    if ( write )
        asm volatile ( "str %0, [%1]" :: "r" (PATTERN_KEY), "r" (addr)
                       : "memory" );
    else
        asm volatile ( "ldr %0, [%1]" : "+r" (val) : "r" (addr) : "memory" );
    xtf_exlog_stop();

    e = xtf_exlog_entry(0);
    if ( xtf_exlog_count() == 1 && ESR_EC(e->esr) == ESR_EC_DABT_CUR &&
         e->far == addr )
        return 1;
    xtf_exlog_dump();
    xtf_failure("%s %#lx: %u exception(s), expected one data abort with "
                "FAR = the address", write ? "store to" : "load from", addr,
                xtf_exlog_count());
    return 0;
}

static unsigned int probe_both(uint64_t addr)
{
    int rc = xtf_map(ROUNDDOWN(addr, BLOCK), BLOCK, XTF_MEM_NORMAL);

    if ( rc )
    {
        xtf_error("cannot map %#lx at stage 1: %d", addr, rc);
        return 0;
    }
    return probe(addr, false) + probe(addr + 8, true);
}

static void prober(void)
{
    uint64_t ram_end = xtf_ram_start + xtf_ram_size;
    const uint64_t far[] = {
        0x1000,                         /* below every device */
        xtf_ram_start + 0x10000000,     /* where QEMU loaded the images */
        0x80000000,
        0xbffff000,                     /* last page of the RAM0 window */
        0x100000000,
        0x200000000,                    /* GUEST_RAM1_BASE: no bank 1 */
        0x4000000000,
        0x7ffffff000,                   /* top of the 39-bit space */
    };
    unsigned int i, ok = 0, n = 0;
    uint64_t a, t0 = xtf_now_us();

    for ( a = ram_end; a < ram_end + SWEEP_SIZE; a += SWEEP_STEP, n += 2 )
        ok += probe_both(a);
    for ( i = 0; i < ARRAY_SIZE(far); i++, n += 2 )
        ok += probe_both(far[i]);
    printk("prober: %u of %u accesses outside RAM faulted (%lu ms)\n", ok, n,
           (xtf_now_us() - t0) / 1000);
}

static void neighbour(void)
{
    uint64_t *p = (uint64_t *)(xtf_ram_start + PATTERN_OFF);
    uint64_t i, n = PATTERN_SIZE / 8, now, last, end, stall = 0;
    unsigned int passes = 0;

    for ( i = 0; i < n; i++ )
        p[i] = (uint64_t)&p[i] ^ PATTERN_KEY;
    last = xtf_now_us();
    end = last + NEIGHBOUR_S * 1000000UL;
    do {
        for ( i = 0; i < n; i++ )
        {
            if ( p[i] != ((uint64_t)&p[i] ^ PATTERN_KEY) )
                return xtf_failure("neighbour: word at %p changed to %#lx",
                                   &p[i], p[i]);
            if ( !(i & 0x1fff) )        /* every 64 KiB: still running? */
            {
                now = xtf_now_us();
                if ( now - last > stall )
                    stall = now - last;
                last = now;
            }
        }
        passes++;
    } while ( last < end );

    printk("neighbour: %u passes over %lu MiB intact in %u s, longest stall "
           "%lu ms\n", passes, PATTERN_SIZE >> 20, NEIGHBOUR_S, stall / 1000);
    if ( stall > MAX_STALL_MS * 1000UL )
        xtf_failure("neighbour: stopped for %lu ms", stall / 1000);
}

void test_main(void)
{
    char role[16];

    if ( xtf_cmdline_get("xtf.role", role, sizeof(role)) )
        return xtf_error("no xtf.role= on the command line \"%s\"",
                         xtf_cmdline());
    if ( !strcmp(role, "prober") )
        prober();
    else if ( !strcmp(role, "neighbour") )
        neighbour();
    else
        return xtf_error("unknown role \"%s\"", role);
    xtf_success(NULL);
}
