/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the benchmark guests (tests/bench-*) share: the iteration count from
 * the command line and the "BENCH <name> <value> <unit>" lines that
 * bench/run.py parses.
 *
 * Under QEMU's -icount shift=0 virtual time advances one nanosecond per
 * executed instruction (at every EL), so CNTVCT/CNTPCT differences turned
 * into nanoseconds count the instructions executed in between.
 */
#ifndef BENCH_COMMON_H
#define BENCH_COMMON_H

#include <xtf.h>

/* The "bench.iters=N" word of the command line, or dflt. */
static inline unsigned long bench_iters(unsigned long dflt)
{
    char buf[24];
    unsigned long n = 0;
    const char *p;

    if ( xtf_cmdline_get("bench.iters", buf, sizeof(buf)) )
        return dflt;
    for ( p = buf; *p >= '0' && *p <= '9'; p++ )
        n = n * 10 + (unsigned long)(*p - '0');
    return n ? n : dflt;
}

/* Counter ticks -> nanoseconds (= instructions under -icount shift=0). */
static inline uint64_t bench_ticks_ns(uint64_t ticks)
{
    uint64_t freq = READ_SYSREG(cntfrq_el0);

    return ticks / freq * 1000000000UL + ticks % freq * 1000000000UL / freq;
}

/* One result line: ns/n with one decimal. */
static inline void bench_report(const char *name, uint64_t ns, unsigned long n,
                                const char *unit)
{
    uint64_t tenths = (ns * 10 + n / 2) / n;

    printk("BENCH %s %lu.%lu %s\n", name, tenths / 10, tenths % 10, unit);
}

/* On bench/stub (no hypervisor) XENVER_version comes back as 0: x0 as the
 * guest left it. */
static inline bool bench_native(void)
{
    return hypercall_xen_version(XENVER_version, NULL) == 0;
}

#endif /* BENCH_COMMON_H */
