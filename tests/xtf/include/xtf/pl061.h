/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A PL061 GPIO assigned to the guest (QEMU virt's, under /passthrough in
 * the guest's device tree), used as an interrupt source the guest drives
 * itself: GPIO 0 is an output whose level-high interrupt is unmasked, so
 * writing 1 to it raises the PL061's interrupt line and keeps it high.
 */
#ifndef XTF_PL061_H
#define XTF_PL061_H

#include <xtf/types.h>

/* GPIODATA as written through address bits 9:2 = 1: only GPIO 0 changes. */
#define PL061_GPIODATA_PIN0     0x004
#define PL061_PIN0              1U

struct pl061 {
    uint64_t base;              /* its registers, identity-mapped as Device */
    uint64_t size;
    unsigned int intid;         /* its SPI, as the GIC numbers it (32 + n) */
};

/*
 * Find the PL061 at @path in the device tree ("/passthrough/pl061" in a
 * guest it is assigned to), read its registers and its one SPI
 * ("interrupts" with three cells), map the registers.  0 or -XEN_ENODEV
 * (no such node), -XEN_EINVAL (no SPI in it).
 */
int pl061_find(struct pl061 *g, const char *path);
/* GPIO 0: output, low; its interrupt level-sensitive, active high, unmasked. */
void pl061_init_level_high(const struct pl061 *g);
/* The line up (GPIODATA bit 0 set): the interrupt is asserted until lowered. */
void pl061_raise(const struct pl061 *g);
/* The line down and the latched state cleared (GPIOIC): deasserted. */
void pl061_lower(const struct pl061 *g);

#endif /* XTF_PL061_H */
