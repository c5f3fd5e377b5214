/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * @file tests/passthrough-spi/main.c
 * A physical SPI routed to the guest: QEMU virt's PL061 GPIO, assigned
 * through a partial device tree, appears under /passthrough with its
 * registers at the host's address (mapped by the hypervisor) and its SPI.
 * The guest makes GPIO 0 an output with a level-high interrupt and raises
 * it by writing 1 to GPIODATA.
 *  1. Line held high: the SPI (IAR == 32 + the DT's SPI number) comes again
 *     after each EOI; dropped in the handler, it comes no more.
 *  2. GICD_ICENABLER in the handler, line held: no more interrupts; after
 *     GICD_ISENABLER it comes again (still pending), then dropped.
 *  3. Line raised with the SPI disabled: pending, not taken; taken once
 *     enabled.
 *  4. Routed to vCPU 1 (GICD_IROUTER / ITARGETSR), line held for three
 *     interrupts: all three taken there (its EOI deactivates the physical
 *     SPI wherever the hypervisor took it).
 *  5. Line held while IRQs are masked: pending; GICD_ICPENDR cannot drop
 *     a level the device still holds: once unmasked it is taken.
 */
#include <xtf.h>
#include <xtf/pl061.h>

const char test_title[] = "Passthrough SPI (PL061 GPIO) through the vGIC";

#define SPI_PRIO            0xa0
#define QUIET_US            20000       /* how long "no more" is watched */

static struct pl061 gpio;
static unsigned int spi;
static volatile unsigned int taken, bad_intid, drop_after, taken_on_1;
static volatile bool disable_in_handler, cpu1_ready;
static volatile int cpu1_rc;

static void gpio_irq(unsigned int intid)
{
    if ( intid != spi )
    {
        bad_intid = intid;
        return;
    }
    taken++;
    if ( xtf_cpu_id() == 1 )
        taken_on_1++;
    if ( disable_in_handler )
        xtf_gic_disable_spi(spi);
    if ( taken >= drop_after )
        pl061_lower(&gpio);
}

/* Reset the counts; the handler drops the line at its @drop-th interrupt. */
static void round_start(unsigned int drop, bool disable)
{
    taken = 0;
    drop_after = drop;
    disable_in_handler = disable;
}

/* Let QUIET_US pass with IRQs as they are: interrupts due come meanwhile. */
static void settle(void)
{
    xtf_wait_until(false, QUIET_US);
}

/* @want interrupts came, and no more within QUIET_US. */
static bool round_check(const char *what, unsigned int want)
{
    xtf_wait_until(taken >= want, 2000000);
    settle();
    if ( bad_intid )
        xtf_failure("%s: IAR %u, expected %u", what, bad_intid, spi);
    return xtf_check_eq(what, taken, want) && !bad_intid;
}

static void level_held(void)
{
    round_start(3, false);
    pl061_raise(&gpio);
    round_check("line held high for 3 interrupts: interrupts taken", 3);
}

static void masked_in_handler(void)
{
    round_start(~0U, true);
    pl061_raise(&gpio);
    if ( !round_check("GICD_ICENABLER in the handler, line held: interrupts", 1) )
        return;
    round_start(1, false);
    xtf_gic_reenable_spi(spi);
    round_check("GICD_ISENABLER, line still high: interrupts", 1);
}

static void raised_while_disabled(void)
{
    xtf_gic_disable_spi(spi);
    round_start(1, false);
    pl061_raise(&gpio);
    settle();
    if ( !xtf_check_eq("line raised while disabled: interrupts", taken, 0) )
        return;
    xtf_gic_reenable_spi(spi);
    round_check("then enabled: interrupts", 1);
}

/* vCPU 1: its GIC interface up, then interrupts taken in WFI until the end. */
static void cpu1_main(unsigned int cpu, void *arg)
{
    cpu1_rc = xtf_gic_cpu_init();
    if ( cpu1_rc )
        return;
    xtf_irq_enable();
    cpu1_ready = true;
    for ( ; ; )
        wfi();
}

static void cleared_while_held(void)
{
    xtf_irq_disable();
    round_start(1, false);
    pl061_raise(&gpio);
    settle();
    xtf_gic_clear_pending_spi(spi);
    xtf_irq_enable();
    round_check("GICD_ICPENDR with the line held, then unmasked: interrupts", 1);
}

static void routed_to_vcpu1(void)
{
    int rc;

    if ( xtf_cpu_on(1, cpu1_main, NULL) != PSCI_RET_SUCCESS )
        return xtf_error("CPU_ON of vCPU 1 failed");
    if ( !xtf_wait_until(cpu1_ready || cpu1_rc, 2000000) || cpu1_rc )
        return xtf_error("vCPU 1 did not set up its GIC interface: %d", cpu1_rc);
    rc = xtf_gic_route_spi(spi, 1);
    if ( rc )
        return xtf_error("routing SPI %u to vCPU 1: %d", spi, rc);
    round_start(3, false);
    taken_on_1 = 0;
    pl061_raise(&gpio);
    if ( round_check("routed to vCPU 1, line held for 3: interrupts", 3) )
        xtf_check_eq("routed to vCPU 1: interrupts taken on vCPU 1", taken_on_1, 3);
    xtf_gic_route_spi(spi, 0);
}

void test_main(void)
{
    int rc = pl061_find(&gpio, "/passthrough/pl061");

    if ( rc )
        return xtf_failure("no PL061 under /passthrough in the device tree (%d)", rc);
    spi = gpio.intid;
    rc = xtf_gic_init();
    if ( rc )
        return xtf_error("GIC set-up failed: %d", rc);
    printk("GICv%u, PL061 at %#lx, INTID %u\n", xtf_gic_version(), gpio.base, spi);
    pl061_init_level_high(&gpio);
    xtf_gic_set_handler(gpio_irq);
    xtf_gic_enable_spi(spi, SPI_PRIO);
    xtf_irq_enable();

    level_held();
    masked_in_handler();
    raised_while_disabled();
    cleared_while_held();
    routed_to_vcpu1();

    xtf_irq_disable();
    xtf_gic_disable_spi(spi);
    xtf_success(NULL);
}
