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

#define BENCH_STR_(x)       #x
#define BENCH_STR(x)        BENCH_STR_(x)
#define BENCH_SLED_MAX      64      /* nops a timestamp may be delayed by */

/*
 * CNTVCT read @k (< BENCH_SLED_MAX) instructions later than without a
 * delay: an event at a fixed instruction offset from a tick boundary,
 * timestamped with k = 0..m-1 (m instructions a tick), gives m samples
 * that sum to exactly the latency (Hermite's identity).
 */
static inline uint64_t bench_sled_cntvct(unsigned int k)
{
    uint64_t t;

    asm volatile ( "adr x9, 2f\n\t"
                   "sub x9, x9, %[k], lsl #2\n\t"
                   "br x9\n\t"
                   ".rept " BENCH_STR(BENCH_SLED_MAX) "\n\tnop\n\t.endr\n"
                   "2:\tmrs %[t], cntvct_el0"
                   : [t] "=r" (t) : [k] "r" ((uint64_t)k) : "x9" );
    return t;
}

/* Instructions per CNTVCT tick, or 0 if not a whole number up to @max. */
static inline uint64_t bench_tick_instrs(uint64_t max)
{
    uint64_t freq = READ_SYSREG(cntfrq_el0), m = 1000000000UL / freq;

    return m * freq == 1000000000UL && m <= max ? m : 0;
}

/* On bench/stub (no hypervisor) XENVER_version comes back as 0: x0 as the
 * guest left it. */
static inline bool bench_native(void)
{
    return hypercall_xen_version(XENVER_version, NULL) == 0;
}

#endif /* BENCH_COMMON_H */
