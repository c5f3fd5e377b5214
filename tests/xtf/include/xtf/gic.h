/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The guest's interrupt controller (GICv2 or GICv3, as the device tree
 * says), enough for tests that take interrupts: SGIs and PPIs of each
 * vCPU, SGIs sent between vCPUs.
 */
#ifndef XTF_GIC_H
#define XTF_GIC_H

#include <xtf/types.h>

#define GIC_INTID_SPURIOUS  1023

typedef void (*xtf_gic_handler_t)(unsigned int intid);

/* Find the GIC in the DT, map it, enable the distributor and the boot
 * vCPU's CPU interface.  0 or -errno (-ENODEV: no GIC node). */
int xtf_gic_init(void);
/* Set up the calling vCPU's CPU interface (other vCPUs, after
 * xtf_gic_init() on the boot vCPU).  0 or -errno. */
int xtf_gic_cpu_init(void);
unsigned int xtf_gic_version(void);             /* 2 or 3 */

/* Enable an SGI (0-15) or PPI (16-31) of the calling vCPU at a priority
 * (0 = highest). */
void xtf_gic_enable_ppi(unsigned int intid, uint8_t prio);
void xtf_gic_disable_ppi(unsigned int intid);

/*
 * SPIs (32 and up, e.g. a passthrough device's): enable one, level-sensitive,
 * at a priority, routed to vCPU 0 (after its xtf_gic_init()); disable it
 * (GICD_ICENABLER) and enable it again as it was (GICD_ISENABLER only);
 * clear its pending state (GICD_ICPENDR).
 */
void xtf_gic_enable_spi(unsigned int intid, uint8_t prio);
void xtf_gic_disable_spi(unsigned int intid);
void xtf_gic_reenable_spi(unsigned int intid);
void xtf_gic_clear_pending_spi(unsigned int intid);
/* Route SPI @intid to vCPU @cpu (GICv2: once it ran xtf_gic_cpu_init()).
 * 0 or -XEN_EINVAL. */
int xtf_gic_route_spi(unsigned int intid, unsigned int cpu);

/*
 * Send SGI intid (0-15) to vCPU cpu: GICv3 through ICC_SGI1R_EL1 (affinity
 * from the DT), GICv2 through GICD_SGIR (the target's CPU interface mask,
 * known once it ran xtf_gic_cpu_init()).  0 or -XEN_EINVAL.
 */
int xtf_gic_send_sgi(unsigned int intid, unsigned int cpu);
/* Send SGI intid to every vCPU but the caller (GICv3 IRM, GICv2 filter 1). */
void xtf_gic_send_sgi_others(unsigned int intid);

/* Called for every interrupt taken (acknowledged before, EOI'd after). */
void xtf_gic_set_handler(xtf_gic_handler_t fn);

static inline void xtf_irq_enable(void)
{
    asm volatile ( "msr daifclr, #2" ::: "memory" );
}

static inline void xtf_irq_disable(void)
{
    asm volatile ( "msr daifset, #2" ::: "memory" );
}

#endif /* XTF_GIC_H */
