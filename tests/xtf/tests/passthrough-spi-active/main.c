/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * @file tests/passthrough-spi-active/main.c
 * A guest that never EOIs its passthrough SPI: the PL061's level interrupt
 * is raised and held, and the handler ends the domain from inside, between
 * the acknowledge and the EOI.  The physical SPI is then active with no
 * guest to deactivate it; Xenith must deactivate it when it destroys the
 * domain (`expect`: its console says so).
 */
#include <xtf.h>
#include <xtf/pl061.h>

const char test_title[] = "Passthrough SPI active when the domain ends";

static struct pl061 gpio;

static void gpio_irq(unsigned int intid)
{
    if ( intid != gpio.intid )
        xtf_failure("IAR %u, expected %u", intid, gpio.intid);
    else
        xtf_success("the domain ends with SPI %u active", intid);
    xtf_exit();
}

void test_main(void)
{
    int rc = pl061_find(&gpio, "/passthrough/pl061");

    if ( rc )
        return xtf_failure("no PL061 under /passthrough in the device tree (%d)", rc);
    rc = xtf_gic_init();
    if ( rc )
        return xtf_error("GIC set-up failed: %d", rc);
    pl061_init_level_high(&gpio);
    xtf_gic_set_handler(gpio_irq);
    xtf_gic_enable_spi(gpio.intid, 0xa0);
    xtf_irq_enable();
    pl061_raise(&gpio);
    xtf_wait_until(false, 2000000);
    xtf_failure("the PL061's SPI %u did not come within 2 s", gpio.intid);
}
