/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * GICv2 (GIC-400, Cortex-A15/A7 GIC) driven by the hypervisor at EL2: the
 * memory-mapped distributor (GICD) and CPU interface (GICC).
 *
 * Interrupts stay in the group they reset to (group 0 without security
 * extensions, delivered as IRQ since FIQEn is 0; with security extensions
 * the non-secure side owns group 1 and sees it as its only group), so
 * bit 0 of GICD_CTLR and GICC_CTLR enables the right group in both views.
 *
 * The CPU interface runs with EOImode 1: the EOIR write only drops the
 * running priority and the GICC_DIR write deactivates.  The hypervisor's
 * own handlers do both at once; the split is what later lets an interrupt
 * routed to a guest be deactivated by the guest through the list register.
 *
 * gicv2_lock protects the read-modify-write of GICD_ICFGR; the other
 * registers used are write-one-to-act or byte-accessible.
 */
#include <xenith/device_tree.h>
#include <xenith/errno.h>
#include <xenith/gic.h>
#include <xenith/mm.h>
#include <xenith/percpu.h>
#include <xenith/printk.h>
#include <xenith/spinlock.h>

#define GICD_CTLR               0x000
#define GICD_TYPER              0x004
#define GICD_ISENABLER          0x100
#define GICD_ICENABLER          0x180
#define GICD_ICPENDR            0x280
#define GICD_ICACTIVER          0x380
#define GICD_IPRIORITYR         0x400
#define GICD_ITARGETSR          0x800
#define GICD_ICFGR              0xc00
#define GICD_SGIR               0xf00
#define GICD_CPENDSGIR          0xf10

#define GICD_CTLR_ENABLE        (1U << 0)
#define GICD_TYPER_LINES(t)     (32 * (((t) & 0x1f) + 1))
#define GICD_TYPER_CPUS(t)      ((((t) >> 5) & 0x7) + 1)
#define GICD_SGIR_TARGETS_SHIFT 16
#define GICD_ICFGR_EDGE         2U      /* in each 2-bit field */

#define GICC_CTLR               0x0000
#define GICC_PMR                0x0004
#define GICC_BPR                0x0008
#define GICC_IAR                0x000c
#define GICC_EOIR               0x0010
#define GICC_DIR                0x1000
#define GICC_MIN_SIZE           0x2000  /* up to and including GICC_DIR */

#define GICC_CTLR_ENABLE        (1U << 0)
#define GICC_CTLR_EOIMODE       (1U << 9)
#define GICC_IAR_INTID_MASK     0x3ffU     /* above: an SGI's source CPU */

static struct {
    volatile uint8_t *dist;
    volatile uint8_t *cpu;
    unsigned int nr_cpu_ifaces;
} gicv2;

static DEFINE_SPINLOCK(gicv2_lock);
/* Each CPU's interface bit for ITARGETSR/SGIR, written by that CPU. */
static uint8_t gicv2_cpu_mask[NR_CPUS];

static inline uint32_t gicd_read(unsigned int off)
{
    return *(volatile uint32_t *)(gicv2.dist + off);
}

static inline void gicd_write(unsigned int off, uint32_t v)
{
    *(volatile uint32_t *)(gicv2.dist + off) = v;
}

static inline void gicd_write8(unsigned int off, uint8_t v)
{
    *(volatile uint8_t *)(gicv2.dist + off) = v;
}

static inline uint32_t gicc_read(unsigned int off)
{
    return *(volatile uint32_t *)(gicv2.cpu + off);
}

static inline void gicc_write(unsigned int off, uint32_t v)
{
    *(volatile uint32_t *)(gicv2.cpu + off) = v;
}

/*
 * The calling CPU's interface bit: GICD_ITARGETSR0-7 are banked and read
 * back only the reader's own bit.  A GIC with a single CPU interface may
 * make them RAZ; that interface is then bit 0.
 */
static uint8_t gicv2_own_mask(void)
{
    uint32_t mask = 0;

    for ( unsigned int i = 0; i < GIC_FIRST_SPI; i += 4 )
        mask |= gicd_read(GICD_ITARGETSR + i);
    mask |= mask >> 16;
    mask |= mask >> 8;
    mask &= 0xff;
    if ( !mask && gicv2.nr_cpu_ifaces == 1 )
        mask = 1;
    return (uint8_t)mask;
}

static void gicv2_configure(unsigned int intid, bool level, uint8_t priority)
{
    unsigned int reg = GICD_ICFGR + (intid / 16) * 4;
    unsigned int shift = (intid % 16) * 2;
    unsigned long flags;
    uint32_t cfg;

    gicd_write8(GICD_IPRIORITYR + intid, priority);
    if ( intid < GIC_NR_SGIS )
        return;                         /* SGIs are always edge */
    spin_lock_irqsave(&gicv2_lock, flags);
    cfg = gicd_read(reg) & ~(GICD_ICFGR_EDGE << shift);
    if ( !level )
        cfg |= GICD_ICFGR_EDGE << shift;
    gicd_write(reg, cfg);
    spin_unlock_irqrestore(&gicv2_lock, flags);
}

static void gicv2_enable(unsigned int intid)
{
    gicd_write(GICD_ISENABLER + (intid / 32) * 4, 1U << (intid % 32));
}

static void gicv2_disable(unsigned int intid)
{
    gicd_write(GICD_ICENABLER + (intid / 32) * 4, 1U << (intid % 32));
}

static uint32_t gicv2_ack(void)
{
    return gicc_read(GICC_IAR);
}

static void gicv2_eoi(uint32_t iar)
{
    /* The whole IAR value: for an SGI it names the source CPU too. */
    gicc_write(GICC_EOIR, iar);
    gicc_write(GICC_DIR, iar);
}

static void gicv2_drop(uint32_t iar)
{
    gicc_write(GICC_EOIR, iar);
}

static void gicv2_clear(unsigned int intid)
{
    gicd_write(GICD_ICPENDR + (intid / 32) * 4, 1U << (intid % 32));
    gicd_write(GICD_ICACTIVER + (intid / 32) * 4, 1U << (intid % 32));
}

static void gicv2_set_affinity(unsigned int intid, unsigned int cpu)
{
    gicd_write8(GICD_ITARGETSR + intid, gicv2_cpu_mask[cpu]);
}

static void gicv2_send_sgi(unsigned int sgi, const cpumask_t *targets)
{
    uint32_t mask = 0;
    unsigned int cpu;

    for_each_cpu(cpu, targets)
        mask |= gicv2_cpu_mask[cpu];
    gicd_write(GICD_SGIR, (mask << GICD_SGIR_TARGETS_SHIFT) | sgi);
}

/* The calling CPU's banked SGI/PPI state and its CPU interface. */
static int gicv2_cpu_init(void)
{
    unsigned int cpu = smp_processor_id();
    uint8_t mask = gicv2_own_mask();

    if ( __builtin_popcount(mask) != 1 )
    {
        printk(XENLOG_ERR "GICv2: CPU%u reads %#x as its interface in GICD_ITARGETSR0\n",
               cpu, mask);
        return -EIO;
    }
    gicv2_cpu_mask[cpu] = mask;

    /* SGIs may be always enabled (implementation defined): fine either way. */
    gicd_write(GICD_ICENABLER, ~0U);
    gicd_write(GICD_ICPENDR, ~0U);
    for ( unsigned int i = 0; i < GIC_NR_SGIS; i += 4 )
        gicd_write(GICD_CPENDSGIR + i, ~0U);
    gicd_write(GICD_ICACTIVER, ~0U);
    for ( unsigned int i = 0; i < GIC_FIRST_SPI; i += 4 )
        gicd_write(GICD_IPRIORITYR + i,
                   (i < GIC_NR_SGIS ? GIC_PRI_IPI : GIC_PRI_IRQ) * 0x01010101U);

    gicc_write(GICC_PMR, GIC_PRI_UNMASK_ALL);
    gicc_write(GICC_BPR, 0);
    gicc_write(GICC_CTLR, GICC_CTLR_ENABLE | GICC_CTLR_EOIMODE);
    return 0;
}

/* Every SPI: disabled, inactive, level, default priority, to the boot CPU. */
static void gicv2_dist_init(void)
{
    uint32_t boot = gicv2_own_mask() * 0x01010101U;
    unsigned int nr = gic_hw.nr_lines;

    gicd_write(GICD_CTLR, 0);
    for ( unsigned int i = GIC_FIRST_SPI; i < nr; i += 32 )
    {
        gicd_write(GICD_ICENABLER + i / 8, ~0U);
        gicd_write(GICD_ICPENDR + i / 8, ~0U);
        gicd_write(GICD_ICACTIVER + i / 8, ~0U);
    }
    for ( unsigned int i = GIC_FIRST_SPI; i < nr; i += 4 )
    {
        gicd_write(GICD_IPRIORITYR + i, GIC_PRI_IRQ * 0x01010101U);
        gicd_write(GICD_ITARGETSR + i, boot);
    }
    for ( unsigned int i = GIC_FIRST_SPI; i < nr; i += 16 )
        gicd_write(GICD_ICFGR + i / 4, 0);
    gicd_write(GICD_CTLR, GICD_CTLR_ENABLE);
}

static const struct gic_ops gicv2_ops = {
    .cpu_init = gicv2_cpu_init,
    .configure = gicv2_configure,
    .enable = gicv2_enable,
    .disable = gicv2_disable,
    .ack = gicv2_ack,
    .eoi = gicv2_eoi,
    .drop = gicv2_drop,
    .clear = gicv2_clear,
    .set_affinity = gicv2_set_affinity,
    .send_sgi = gicv2_send_sgi,
};

static int gicv2_map(int node, paddr_t *dbase, paddr_t *cbase)
{
    paddr_t dsize, csize;

    if ( dt_read_reg(node, 0, dbase, &dsize) || dt_read_reg(node, 1, cbase, &csize) )
    {
        printk(XENLOG_ERR "GICv2: \"reg\" must give the GICD and GICC regions\n");
        return -EINVAL;
    }
    if ( csize < GICC_MIN_SIZE )
    {
        printk(XENLOG_ERR "GICv2: the GICC region at %#lx is %#lx bytes; "
               "%#x are needed to reach GICC_DIR\n", *cbase, csize, GICC_MIN_SIZE);
        return -EINVAL;
    }
    gicv2.dist = ioremap(*dbase, dsize);
    gicv2.cpu = ioremap(*cbase, csize);
    return gicv2.dist && gicv2.cpu ? 0 : -ENOMEM;
}

static int gicv2_probe(int node)
{
    paddr_t dbase, cbase;
    uint32_t typer;
    int rc = gicv2_map(node, &dbase, &cbase);

    if ( rc )
        return rc;
    typer = gicd_read(GICD_TYPER);
    gicv2.nr_cpu_ifaces = GICD_TYPER_CPUS(typer);
    gic_hw.version = 2;
    gic_hw.iar_intid_mask = GICC_IAR_INTID_MASK;
    gic_hw.dist_base = dbase;
    gic_hw.nr_lines = min(GICD_TYPER_LINES(typer), (unsigned int)GIC_MAX_LINES);
    gic_read_virt_info(node, 1);
    snprintf(gic_hw.summary, sizeof(gic_hw.summary),
             "%u CPU interface(s), GICC at %#lx", gicv2.nr_cpu_ifaces, cbase);
    gicv2_dist_init();
    gic_hw.ops = &gicv2_ops;
    return 0;
}

static const char *const gicv2_compatible[] = {
    "arm,gic-400", "arm,cortex-a15-gic", "arm,cortex-a7-gic", NULL
};
DT_DEVICE(gicv2, "GICv2", DT_DEV_GIC, gicv2_compatible, gicv2_probe);
