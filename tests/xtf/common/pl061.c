/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The PL061 GPIO as an interrupt source (xtf/pl061.h).
 *
 * QEMU's model (hw/gpio/pl061.c) latches a level interrupt: each register
 * write ORs "GPIODATA matches GPIOIEV" into the raw status of the pins in
 * GPIOIS, and only GPIOIC clears it.  So the line drops when GPIO 0 is 0
 * and its status is cleared, in that order; set-up orders GPIOIEV before
 * GPIOIS so that no low level is latched on the way.
 */
#include <xtf.h>
#include <xtf/pl061.h>

#define GPIODIR         0x400
#define GPIOIS          0x404       /* 1: level-sensitive */
#define GPIOIEV         0x40c       /* 1: high level (rising edge) */
#define GPIOIE          0x410       /* 1: unmasked */
#define GPIOIC          0x41c       /* write 1: clear the latched status */

#define GIC_SPI         0           /* first cell of "interrupts" */
#define GIC_FIRST_SPI   32

static void pl061_write(const struct pl061 *g, unsigned int off, uint32_t v)
{
    *(volatile uint32_t *)(g->base + off) = v;
    dsb(sy);
}

int pl061_find(struct pl061 *g, const char *path)
{
    int node = fdt_find_node(path);
    const uint32_t *irq;
    uint32_t len;
    int rc;

    if ( node < 0 )
        return -XEN_ENODEV;
    irq = fdt_getprop(node, "interrupts", &len);
    if ( !irq || len < 12 || fdt32(&irq[0]) != GIC_SPI )
        return -XEN_EINVAL;
    g->intid = GIC_FIRST_SPI + fdt32(&irq[1]);
    rc = fdt_read_reg(node, 0, &g->base, &g->size);
    if ( !rc )
        rc = xtf_map(g->base, g->size, XTF_MEM_DEVICE);
    return rc;
}

void pl061_init_level_high(const struct pl061 *g)
{
    pl061_write(g, GPIOIE, 0);
    pl061_write(g, PL061_GPIODATA_PIN0, 0);
    pl061_write(g, GPIODIR, PL061_PIN0);
    pl061_write(g, GPIOIEV, PL061_PIN0);
    pl061_write(g, GPIOIS, PL061_PIN0);
    pl061_write(g, GPIOIC, PL061_PIN0);
    pl061_write(g, GPIOIE, PL061_PIN0);
}

void pl061_raise(const struct pl061 *g)
{
    pl061_write(g, PL061_GPIODATA_PIN0, PL061_PIN0);
}

void pl061_lower(const struct pl061 *g)
{
    pl061_write(g, PL061_GPIODATA_PIN0, 0);
    pl061_write(g, GPIOIC, PL061_PIN0);
}
