/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What a GIC driver (gic-v2.c, gic-v3.c) provides to the interrupt layer
 * (gic.c): the hardware description in gic_hw and the operations in
 * struct gic_ops.  A driver registers with DT_DEVICE(..., DT_DEV_GIC, ...);
 * its probe sets up the distributor for every SPI (disabled, routed to the
 * boot CPU, default priority), fills gic_hw and returns 0.  irq_init() then
 * runs ops->cpu_init() on the boot CPU, irq_init_secondary_cpu() on each
 * other CPU.
 */
#ifndef XENITH_GIC_H
#define XENITH_GIC_H

#include <xenith/cpumask.h>
#include <xenith/irq.h>
#include <xenith/types.h>

#define GIC_NR_SGIS             16
#define GIC_FIRST_PPI           16
#define GIC_FIRST_SPI           32
#define GIC_MAX_LINES           1020    /* SPIs end at 1019 */
#define GIC_SPURIOUS_FIRST      1020    /* 1020-1023: special/spurious */
#define GIC_SPURIOUS_LAST       1023

/* Priorities (lower is more urgent); IPIs may preempt device IRQs. */
#define GIC_PRI_IPI             0x90
#define GIC_PRI_IRQ             0xa0
#define GIC_PRI_UNMASK_ALL      0xff    /* priority mask: let everything in */

/* Regions and the maintenance PPI, kept for the virtual GIC. */
struct gic_virt_info {
    paddr_t gicc_base, gicc_size;   /* CPU interface (GICv2; GICv3 legacy) */
    paddr_t gich_base, gich_size;   /* virtual interface control */
    paddr_t gicv_base, gicv_size;   /* virtual CPU interface seen by guests */
    unsigned int maintenance_irq;   /* PPI INTID, 0 when the DT gives none */
};

struct gic_ops {
    /* Set up the calling CPU's interface (and redistributor): 0 or -errno. */
    int (*cpu_init)(void);
    /*
     * Trigger and priority of @intid.  For SGIs and PPIs the registers are
     * banked: this configures the calling CPU's copy.  The line is disabled.
     */
    void (*configure)(unsigned int intid, bool level, uint8_t priority);
    /* Enable/disable forwarding; SGIs/PPIs on the calling CPU only. */
    void (*enable)(unsigned int intid);
    void (*disable)(unsigned int intid);
    /*
     * Acknowledge the highest priority pending IRQ: the IAR value, which
     * eoi/drop take back; its INTID is iar & gic_hw.iar_intid_mask.
     */
    uint32_t (*ack)(void);
    /* Priority drop and deactivation of an acknowledged IRQ. */
    void (*eoi)(uint32_t iar);
    /* Priority drop only: a guest deactivates it (list register HW bit). */
    void (*drop)(uint32_t iar);
    /* SPI @intid no longer pending nor active, from any CPU. */
    void (*clear)(unsigned int intid);
    /* SPI @intid delivered to CPU @cpu (cpu_init() done there) from now on. */
    void (*set_affinity)(unsigned int intid, unsigned int cpu);
    /* Raise SGI @sgi on each CPU of @targets (all have cpu_init() done). */
    void (*send_sgi)(unsigned int sgi, const cpumask_t *targets);
};

struct gic_hw {
    const struct gic_ops *ops;
    unsigned int version;           /* 2 or 3 (a GICv4 runs as a GICv3) */
    unsigned int nr_lines;          /* INTIDs 0 .. nr_lines - 1 exist */
    uint32_t iar_intid_mask;        /* the INTID's bits in an IAR value */
    paddr_t dist_base;
    char summary[96];               /* the rest of irq_init()'s boot line */
    struct gic_virt_info virt;
};

/* Filled by the probed driver; read-only once irq_init() has returned. */
extern struct gic_hw gic_hw;

/*
 * Read the virtualization regions from @node's "reg" entries @first_virt
 * (GICC), +1 (GICH), +2 (GICV) when present, and the maintenance PPI.
 */
void gic_read_virt_info(int node, unsigned int first_virt);

/*
 * SPI @spi handed to guests (irq_guest.c): as request_irq(), except that
 * do_irq() only drops its priority and leaves the deactivation to the
 * guest (its EOI through a list register with the HW bit), and that the
 * line is disabled and configured (@level) again at each call with the
 * same @handler, which keeps the SPI for good; the caller enables it.
 * -EBUSY: another handler has it; -EINVAL: not an SPI of this GIC.
 */
int irq_request_guest(unsigned int spi, bool level, irq_handler_t handler);

#endif /* XENITH_GIC_H */
