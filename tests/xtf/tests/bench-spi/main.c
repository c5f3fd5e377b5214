/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * @file tests/bench-spi/main.c
 * Passthrough SPI latency in instructions (bench/run.py, QEMU -icount
 * shift=0): from the guest's GPIODATA store that raises QEMU virt's PL061
 * interrupt to the guest's handler.  Under a hypervisor the SPI is a
 * physical one routed to the guest (EL2 takes it, injects it, enters the
 * guest); on bench/stub the guest drives the GIC itself (the floor).
 *
 *   passthrough_spi   store -> the handler's timestamp (guest vector, GIC
 *                     acknowledge and handler entry included)
 *
 * The counter ticks every m (16) instructions, so the store is put at a
 * known offset from a tick boundary: 17 back-to-back CNTVCT reads always
 * see one, counting (without branches) the reads before it says where,
 * and as many nops before the store keep the store STORE_AFTER_TICK
 * instructions after the boundary whatever the phase.  The handler then
 * timestamps after k = 0..m-1 nops as bench-micro's timer does: m samples
 * sum to exactly STORE_AFTER_TICK plus the latency.
 */
#include <xtf.h>
#include <xtf/pl061.h>
#include "../bench-common.h"

const char test_title[] = "Benchmark: passthrough SPI (PL061) to the guest handler";

#define DEFAULT_ITERS       100000
#define SPI_PRIO            0xa0
#define READS               17      /* CNTVCT reads: m + 1 see a boundary */
/*
 * Instructions from the first read that sees the new tick to the store,
 * c being the number of reads between the first read and that one: the
 * reads from it on (READS - 1 - c), the count (1 + 2 * (READS - 1)), the
 * tick (1), the jump into the nops (3) and c nops.
 */
#define STORE_AFTER_TICK    (READS - 1 + 1 + 2 * (READS - 1) + 1 + 3)

#define RD(r)   "mrs " #r ", cntvct_el0\n\t"
#define CNT(r)  "cmp " #r ", x1\n\tcinc x0, x0, eq\n\t"

/* Store @val at @addr STORE_AFTER_TICK instructions after a tick boundary:
 * that boundary's tick. */
static uint64_t store_after_tick(uint64_t addr, uint32_t val)
{
    uint64_t tick;

    asm volatile ( RD(x1) RD(x2) RD(x3) RD(x4) RD(x5) RD(x6) RD(x7) RD(x8)
                   RD(x9) RD(x10) RD(x11) RD(x12) RD(x13) RD(x14) RD(x15)
                   RD(x16) RD(x17)
                   "mov x0, #0\n\t"
                   CNT(x2) CNT(x3) CNT(x4) CNT(x5) CNT(x6) CNT(x7) CNT(x8)
                   CNT(x9) CNT(x10) CNT(x11) CNT(x12) CNT(x13) CNT(x14)
                   CNT(x15) CNT(x16) CNT(x17)
                   "add %[tick], x1, #1\n\t"
                   "adr x9, 2f\n\t"
                   "sub x9, x9, x0, lsl #2\n\t"
                   "br x9\n\t"
                   ".rept " BENCH_STR(READS) "\n\tnop\n\t.endr\n"
                   "2:\tstr %w[val], [%[addr]]"
                   : [tick] "=&r" (tick)
                   : [addr] "r" (addr), [val] "r" (val)
                   : "x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9",
                     "x10", "x11", "x12", "x13", "x14", "x15", "x16", "x17",
                     "memory", "cc" );
    return tick;
}

static struct pl061 gpio;
static unsigned int sled;
static volatile bool fired;
static volatile uint64_t fired_at;
static volatile unsigned int fired_intid;

static void spi_irq(unsigned int intid)
{
    fired_at = bench_sled_cntvct(sled);
    fired_intid = intid;
    pl061_lower(&gpio);
    fired = true;
}

static void bench_spi(unsigned long rounds)
{
    uint64_t m = bench_tick_instrs(READS - 1), sum = 0, tick;
    unsigned long i;

    for ( i = 0; i < rounds * m; i++ )
    {
        sled = i % m;
        fired = false;
        tick = store_after_tick(gpio.base + PL061_GPIODATA_PIN0, PL061_PIN0);
        if ( !xtf_wait_until(fired, 1000000) )
            return xtf_failure("no interrupt from the PL061 (round %lu)", i);
        if ( fired_intid != gpio.intid )
            return xtf_failure("IAR %u, expected %u", fired_intid, gpio.intid);
        sum += fired_at - tick;
    }
    bench_report("passthrough_spi", sum - rounds * STORE_AFTER_TICK, rounds, "instr");
}

void test_main(void)
{
    unsigned long n = bench_iters(DEFAULT_ITERS);
    bool native = bench_native();
    int rc = pl061_find(&gpio, native ? "/pl061" : "/passthrough/pl061");

    if ( !bench_tick_instrs(READS - 1) )
        printk("BENCH-MISSING passthrough_spi CNTFRQ %lu Hz\n", READ_SYSREG(cntfrq_el0));
    else if ( rc || (rc = xtf_gic_init()) )
        printk("BENCH-MISSING passthrough_spi no PL061 or GIC (%d)\n", rc);
    else
    {
        pl061_init_level_high(&gpio);
        xtf_gic_set_handler(spi_irq);
        xtf_gic_enable_spi(gpio.intid, SPI_PRIO);
        xtf_irq_enable();
        bench_spi(n / 1000 ? n / 1000 : 1);
        xtf_irq_disable();
        xtf_gic_disable_spi(gpio.intid);
    }
    xtf_success(NULL);
}
