/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * GICv3 (and a GICv4 used as one) driven by the hypervisor at EL2: the
 * distributor with affinity routing, one redistributor per CPU, and the
 * CPU interface through the ICC_*_EL1 system registers (head.S has set
 * ICC_SRE_EL2.SRE, so at EL2 they reach the physical interface).
 *
 * Every interrupt is made non-secure Group 1.  GICD_CTLR is written with
 * bits 0, 1 and 4 set: with a single security state (DS=1, QEMU without
 * secure firmware) they are EnableGrp0, EnableGrp1 and ARE; in the
 * non-secure view of a GIC with two security states they are EnableGrp1,
 * EnableGrp1A and ARE_NS.  Either way Group 1 is enabled, affinity routed.
 *
 * EOImode is 1 (ICC_CTLR_EL1.EOImode): EOIR drops the priority, DIR
 * deactivates, so that an interrupt later handed to a guest can be
 * deactivated by the guest.
 *
 * gicv3_lock protects the read-modify-write of GICD_ICFGR and of each
 * redistributor's GICR_ICFGR1.
 */
#include <libfdt.h>
#include <xenith/device_tree.h>
#include <xenith/errno.h>
#include <xenith/gic.h>
#include <xenith/mm.h>
#include <xenith/percpu.h>
#include <xenith/printk.h>
#include <xenith/spinlock.h>
#include <asm/smp.h>
#include <asm/sysregs.h>

/* Distributor; the banked copies in a redistributor's SGI frame share the
 * offsets of IGROUPR..ICFGR for INTIDs 0-31. */
#define GICD_CTLR               0x0000
#define GICD_TYPER              0x0004
#define GICD_IGROUPR            0x0080
#define GICD_ISENABLER          0x0100
#define GICD_ICENABLER          0x0180
#define GICD_ICPENDR            0x0280
#define GICD_ICACTIVER          0x0380
#define GICD_IPRIORITYR         0x0400
#define GICD_ICFGR              0x0c00
#define GICD_IROUTER            0x6000
#define GICD_PIDR2              0xffe8

#define GICD_CTLR_ENABLE_G1     (1U << 0)
#define GICD_CTLR_ENABLE_G1A    (1U << 1)
#define GICD_CTLR_ARE           (1U << 4)
#define GICD_CTLR_RWP           (1U << 31)
#define GICD_TYPER_LINES(t)     (32 * (((t) & 0x1f) + 1))
#define GIC_PIDR2_ARCH(p)       (((p) >> 4) & 0xf)
#define GIC_ICFGR_EDGE          2U      /* in each 2-bit field */

/* Redistributor: RD_base frame, then the SGI_base frame. */
#define GICR_CTLR               0x0000
#define GICR_TYPER              0x0008
#define GICR_WAKER              0x0014
#define GICR_PIDR2              0xffe8
#define GICR_FRAME              0x10000
#define GICR_SGI_BASE           GICR_FRAME

#define GICR_CTLR_RWP           (1U << 3)
#define GICR_TYPER_VLPIS        (1UL << 1)  /* GICv4: two more frames */
#define GICR_TYPER_LAST         (1UL << 4)
#define GICR_TYPER_AFF_SHIFT    32
#define GICR_WAKER_PROC_SLEEP   (1U << 1)
#define GICR_WAKER_CHILD_ASLEEP (1U << 2)

/* CPU interface system registers (by encoding: any assembler takes them) */
#define ICC_PMR_EL1             S3_0_C4_C6_0
#define ICC_DIR_EL1             S3_0_C12_C11_1
#define ICC_SGI1R_EL1           S3_0_C12_C11_5
#define ICC_IAR1_EL1            S3_0_C12_C12_0
#define ICC_EOIR1_EL1           S3_0_C12_C12_1
#define ICC_BPR1_EL1            S3_0_C12_C12_3
#define ICC_CTLR_EL1            S3_0_C12_C12_4
#define ICC_IGRPEN1_EL1         S3_0_C12_C12_7
#define ICC_SRE_EL2             S3_4_C12_C9_5

#define ICC_CTLR_EOIMODE        (1UL << 1)
#define ICC_CTLR_RSS            (1UL << 18) /* SGIs reach Aff0 16-255 */
#define ICC_SRE_SRE             (1UL << 0)
#define ICC_IAR_INTID_MASK      0xffffffU
#define ICC_SGI1R_TARGETS       0xffffUL
#define ICC_SGI1R_AFF1_SHIFT    16
#define ICC_SGI1R_INTID_SHIFT   24
#define ICC_SGI1R_AFF2_SHIFT    32
#define ICC_SGI1R_RS_SHIFT      44
#define ICC_SGI1R_AFF3_SHIFT    48

#define GICV3_MAX_RDIST_REGIONS 16
#define GICV3_POLL_LIMIT        1000000 /* reads; no timer exists yet */
#define GICV3_NO_AFFINITY       (~0ULL) /* matches no redistributor */

struct gicv3_rdist_region {
    volatile uint8_t *base;
    paddr_t size;
};

static struct {
    volatile uint8_t *dist;
    struct gicv3_rdist_region rdist[GICV3_MAX_RDIST_REGIONS];
    unsigned int nr_rdist_regions;
    uint64_t rdist_stride;              /* 0: from each GICR_TYPER */
} gicv3;

static DEFINE_SPINLOCK(gicv3_lock);
/* The calling CPU's redistributor (RD_base), found by its affinity. */
static DEFINE_PER_CPU(volatile uint8_t *, gicv3_rdist);

static inline uint32_t mmio_read32(volatile uint8_t *addr)
{
    return *(volatile uint32_t *)addr;
}

static inline uint64_t mmio_read64(volatile uint8_t *addr)
{
    return *(volatile uint64_t *)addr;
}

static inline void mmio_write32(volatile uint8_t *addr, uint32_t v)
{
    *(volatile uint32_t *)addr = v;
}

static inline void mmio_write64(volatile uint8_t *addr, uint64_t v)
{
    *(volatile uint64_t *)addr = v;
}

static inline void isb(void)
{
    asm volatile("isb" ::: "memory");
}

/* Wait for a distributor or redistributor write to take effect. */
static void gicv3_wait_rwp(volatile uint8_t *ctlr, uint32_t rwp)
{
    for ( unsigned int i = 0; i < GICV3_POLL_LIMIT; i++ )
        if ( !(mmio_read32(ctlr) & rwp) )
            return;
    panic("The GICv3 never completed a register write (RWP stays set)");
}

/* SPIs live in the distributor; SGIs/PPIs in this CPU's SGI frame. */
static volatile uint8_t *gicv3_regs_for(unsigned int intid)
{
    return intid < GIC_FIRST_SPI ? this_cpu(gicv3_rdist) + GICR_SGI_BASE : gicv3.dist;
}

static void gicv3_wait_rwp_for(unsigned int intid)
{
    if ( intid < GIC_FIRST_SPI )
        gicv3_wait_rwp(this_cpu(gicv3_rdist) + GICR_CTLR, GICR_CTLR_RWP);
    else
        gicv3_wait_rwp(gicv3.dist + GICD_CTLR, GICD_CTLR_RWP);
}

/* GICR_TYPER's affinity format: Aff3.Aff2.Aff1.Aff0 in 32 bits. */
static uint64_t gicv3_mpidr_to_rdist_aff(uint64_t mpidr)
{
    return (MPIDR_AFFINITY(mpidr, 3) << 24) | (MPIDR_AFFINITY(mpidr, 2) << 16) |
           (MPIDR_AFFINITY(mpidr, 1) << 8) | MPIDR_AFFINITY(mpidr, 0);
}

/*
 * Walk the redistributor frames of every region.  Returns the RD_base of
 * the one whose affinity is @aff; counts those seen in *@nr on the way.
 */
static volatile uint8_t *gicv3_rdist_walk(uint64_t aff, unsigned int *nr)
{
    *nr = 0;
    for ( unsigned int r = 0; r < gicv3.nr_rdist_regions; r++ )
    {
        volatile uint8_t *rd = gicv3.rdist[r].base;
        volatile uint8_t *end = rd + gicv3.rdist[r].size;

        while ( rd + 2 * GICR_FRAME <= end )
        {
            uint32_t arch = GIC_PIDR2_ARCH(mmio_read32(rd + GICR_PIDR2));
            uint64_t typer;

            if ( arch != 3 && arch != 4 )
                break;
            typer = mmio_read64(rd + GICR_TYPER);
            (*nr)++;
            if ( (typer >> GICR_TYPER_AFF_SHIFT) == aff )
                return rd;
            if ( typer & GICR_TYPER_LAST )
                break;
            rd += gicv3.rdist_stride ?:
                  (typer & GICR_TYPER_VLPIS ? 4 : 2) * GICR_FRAME;
        }
    }
    return NULL;
}

static void gicv3_configure(unsigned int intid, bool level, uint8_t priority)
{
    volatile uint8_t *regs = gicv3_regs_for(intid);
    volatile uint8_t *cfg = regs + GICD_ICFGR + (intid / 16) * 4;
    unsigned int shift = (intid % 16) * 2;
    unsigned long flags;
    uint32_t v;

    *(regs + GICD_IPRIORITYR + intid) = priority;
    if ( intid < GIC_NR_SGIS )
        return;                         /* SGIs are always edge */
    spin_lock_irqsave(&gicv3_lock, flags);
    v = mmio_read32(cfg) & ~(GIC_ICFGR_EDGE << shift);
    if ( !level )
        v |= GIC_ICFGR_EDGE << shift;
    mmio_write32(cfg, v);
    spin_unlock_irqrestore(&gicv3_lock, flags);
}

static void gicv3_enable(unsigned int intid)
{
    mmio_write32(gicv3_regs_for(intid) + GICD_ISENABLER + (intid / 32) * 4,
                 1U << (intid % 32));
}

static void gicv3_disable(unsigned int intid)
{
    mmio_write32(gicv3_regs_for(intid) + GICD_ICENABLER + (intid / 32) * 4,
                 1U << (intid % 32));
    gicv3_wait_rwp_for(intid);
}

static uint32_t gicv3_ack(void)
{
    return (uint32_t)READ_SYSREG(ICC_IAR1_EL1);
}

static void gicv3_eoi(uint32_t iar)
{
    WRITE_SYSREG(iar, ICC_EOIR1_EL1);
    isb();
    WRITE_SYSREG(iar, ICC_DIR_EL1);
    isb();
}

static void gicv3_drop(uint32_t iar)
{
    WRITE_SYSREG(iar, ICC_EOIR1_EL1);
    isb();
}

static void gicv3_clear(unsigned int intid)
{
    mmio_write32(gicv3.dist + GICD_ICPENDR + (intid / 32) * 4, 1U << (intid % 32));
    mmio_write32(gicv3.dist + GICD_ICACTIVER + (intid / 32) * 4, 1U << (intid % 32));
}

/* GICD_IROUTER has MPIDR's affinity fields at the same places; IRM 0. */
static void gicv3_set_affinity(unsigned int intid, unsigned int cpu)
{
    mmio_write64(gicv3.dist + GICD_IROUTER + intid * 8, cpu_logical_map(cpu) & MPIDR_HWID_MASK);
}

/* The ICC_SGI1R_EL1 value that reaches the CPU with affinity @mpidr. */
static uint64_t gicv3_sgi1r(uint64_t mpidr, unsigned int sgi)
{
    uint64_t aff0 = MPIDR_AFFINITY(mpidr, 0);

    return (1UL << (aff0 % 16)) |
           (MPIDR_AFFINITY(mpidr, 1) << ICC_SGI1R_AFF1_SHIFT) |
           ((uint64_t)sgi << ICC_SGI1R_INTID_SHIFT) |
           (MPIDR_AFFINITY(mpidr, 2) << ICC_SGI1R_AFF2_SHIFT) |
           ((aff0 / 16) << ICC_SGI1R_RS_SHIFT) |
           (MPIDR_AFFINITY(mpidr, 3) << ICC_SGI1R_AFF3_SHIFT);
}

/*
 * One write reaches up to 16 CPUs that differ only in Aff0 % 16; logical
 * CPUs usually follow MPIDR order, so neighbours are batched together.
 */
static void gicv3_send_sgi(unsigned int sgi, const cpumask_t *targets)
{
    uint64_t batch = 0;
    unsigned int cpu;

    for_each_cpu(cpu, targets)
    {
        uint64_t v = gicv3_sgi1r(cpu_logical_map(cpu), sgi);

        if ( batch && (batch & ~ICC_SGI1R_TARGETS) != (v & ~ICC_SGI1R_TARGETS) )
        {
            WRITE_SYSREG(batch, ICC_SGI1R_EL1);
            batch = 0;
        }
        batch |= v;
    }
    if ( batch )
        WRITE_SYSREG(batch, ICC_SGI1R_EL1);
    isb();
}

static int gicv3_rdist_wake(volatile uint8_t *rd)
{
    mmio_write32(rd + GICR_WAKER, mmio_read32(rd + GICR_WAKER) & ~GICR_WAKER_PROC_SLEEP);
    for ( unsigned int i = 0; i < GICV3_POLL_LIMIT; i++ )
        if ( !(mmio_read32(rd + GICR_WAKER) & GICR_WAKER_CHILD_ASLEEP) )
            return 0;
    return -ETIMEDOUT;
}

/* The calling CPU's SGIs and PPIs: Group 1, disabled, idle, prioritised. */
static void gicv3_rdist_init_banked(volatile uint8_t *rd)
{
    volatile uint8_t *sgi = rd + GICR_SGI_BASE;

    mmio_write32(sgi + GICD_ICENABLER, ~0U);
    gicv3_wait_rwp(rd + GICR_CTLR, GICR_CTLR_RWP);
    mmio_write32(sgi + GICD_ICPENDR, ~0U);
    mmio_write32(sgi + GICD_ICACTIVER, ~0U);
    mmio_write32(sgi + GICD_IGROUPR, ~0U);
    for ( unsigned int i = 0; i < GIC_FIRST_SPI; i += 4 )
        mmio_write32(sgi + GICD_IPRIORITYR + i,
                     (i < GIC_NR_SGIS ? GIC_PRI_IPI : GIC_PRI_IRQ) * 0x01010101U);
}

static int gicv3_cpu_if_init(unsigned int cpu, uint64_t mpidr)
{
    if ( !(READ_SYSREG(ICC_SRE_EL2) & ICC_SRE_SRE) )
    {
        printk(XENLOG_ERR "GICv3: CPU%u cannot use the system register interface "
               "(ICC_SRE_EL2.SRE stays 0: firmware must allow it)\n", cpu);
        return -EOPNOTSUPP;
    }
    if ( MPIDR_AFFINITY(mpidr, 0) > 15 && !(READ_SYSREG(ICC_CTLR_EL1) & ICC_CTLR_RSS) )
    {
        printk(XENLOG_ERR "GICv3: CPU%u has Aff0 %lu, out of reach of SGIs "
               "(no range selector support)\n", cpu, MPIDR_AFFINITY(mpidr, 0));
        return -EINVAL;
    }
    WRITE_SYSREG(GIC_PRI_UNMASK_ALL, ICC_PMR_EL1);
    WRITE_SYSREG(0, ICC_BPR1_EL1);
    WRITE_SYSREG(ICC_CTLR_EOIMODE, ICC_CTLR_EL1);
    WRITE_SYSREG(1, ICC_IGRPEN1_EL1);
    isb();
    return 0;
}

static int gicv3_cpu_init(void)
{
    unsigned int cpu = smp_processor_id(), nr;
    uint64_t mpidr = cpu_current_mpidr();
    volatile uint8_t *rd = gicv3_rdist_walk(gicv3_mpidr_to_rdist_aff(mpidr), &nr);

    if ( !rd )
    {
        printk(XENLOG_ERR "GICv3: none of the %u redistributors in the device tree "
               "belongs to CPU%u (MPIDR %#lx)\n", nr, cpu, mpidr);
        return -ENODEV;
    }
    this_cpu(gicv3_rdist) = rd;
    if ( gicv3_rdist_wake(rd) )
    {
        printk(XENLOG_ERR "GICv3: CPU%u's redistributor does not wake up\n", cpu);
        return -ETIMEDOUT;
    }
    gicv3_rdist_init_banked(rd);
    return gicv3_cpu_if_init(cpu, mpidr);
}

/*
 * Affinity routing on, then every SPI: Group 1, disabled, idle, level,
 * default priority, routed to the boot CPU (the caller).
 */
static int gicv3_dist_init(void)
{
    volatile uint8_t *d = gicv3.dist;
    uint64_t boot = cpu_current_mpidr();
    unsigned int nr = gic_hw.nr_lines;

    mmio_write32(d + GICD_CTLR, 0);
    gicv3_wait_rwp(d + GICD_CTLR, GICD_CTLR_RWP);
    mmio_write32(d + GICD_CTLR, GICD_CTLR_ARE);
    gicv3_wait_rwp(d + GICD_CTLR, GICD_CTLR_RWP);
    if ( !(mmio_read32(d + GICD_CTLR) & GICD_CTLR_ARE) )
    {
        printk(XENLOG_ERR "GICv3: affinity routing cannot be enabled (GICD_CTLR.ARE_NS)\n");
        return -EIO;
    }
    for ( unsigned int i = GIC_FIRST_SPI; i < nr; i += 32 )
    {
        mmio_write32(d + GICD_ICENABLER + i / 8, ~0U);
        mmio_write32(d + GICD_ICPENDR + i / 8, ~0U);
        mmio_write32(d + GICD_ICACTIVER + i / 8, ~0U);
        mmio_write32(d + GICD_IGROUPR + i / 8, ~0U);
    }
    gicv3_wait_rwp(d + GICD_CTLR, GICD_CTLR_RWP);
    for ( unsigned int i = GIC_FIRST_SPI; i < nr; i += 4 )
        mmio_write32(d + GICD_IPRIORITYR + i, GIC_PRI_IRQ * 0x01010101U);
    for ( unsigned int i = GIC_FIRST_SPI; i < nr; i += 16 )
        mmio_write32(d + GICD_ICFGR + i / 4, 0);
    for ( unsigned int i = GIC_FIRST_SPI; i < nr; i++ )
        mmio_write64(d + GICD_IROUTER + i * 8, boot);
    mmio_write32(d + GICD_CTLR, GICD_CTLR_ARE | GICD_CTLR_ENABLE_G1A | GICD_CTLR_ENABLE_G1);
    gicv3_wait_rwp(d + GICD_CTLR, GICD_CTLR_RWP);
    return 0;
}

static const struct gic_ops gicv3_ops = {
    .cpu_init = gicv3_cpu_init,
    .configure = gicv3_configure,
    .enable = gicv3_enable,
    .disable = gicv3_disable,
    .ack = gicv3_ack,
    .eoi = gicv3_eoi,
    .drop = gicv3_drop,
    .clear = gicv3_clear,
    .set_affinity = gicv3_set_affinity,
    .send_sgi = gicv3_send_sgi,
};

/* "#redistributor-regions" regions follow the distributor in "reg". */
static int gicv3_map_rdist(int node)
{
    uint32_t nr = 1;
    const fdt32_t *stride;
    int len;

    if ( dt_read_u32(node, "#redistributor-regions", &nr) != -ENOENT &&
         (nr < 1 || nr > GICV3_MAX_RDIST_REGIONS) )
    {
        printk(XENLOG_ERR "GICv3: #redistributor-regions must be 1 to %u\n",
               GICV3_MAX_RDIST_REGIONS);
        return -EINVAL;
    }
    for ( unsigned int r = 0; r < nr; r++ )
    {
        struct gicv3_rdist_region *region = &gicv3.rdist[r];
        paddr_t base;

        if ( dt_read_reg(node, 1 + r, &base, &region->size) )
        {
            printk(XENLOG_ERR "GICv3: \"reg\" lacks redistributor region %u\n", r);
            return -EINVAL;
        }
        region->base = ioremap(base, region->size);
        if ( !region->base )
            return -ENOMEM;
    }
    gicv3.nr_rdist_regions = nr;

    stride = fdt_getprop(host_fdt, node, "redistributor-stride", &len);
    if ( stride && (len == 4 || len == 8) )
        gicv3.rdist_stride = dt_next_cells((const uint32_t **)&stride, (unsigned int)len / 4);
    if ( gicv3.rdist_stride % GICR_FRAME )
    {
        printk(XENLOG_ERR "GICv3: redistributor-stride %#lx is not a multiple of 64 KiB\n",
               gicv3.rdist_stride);
        return -EINVAL;
    }
    return 0;
}

static int gicv3_probe(int node)
{
    paddr_t dbase, dsize;
    unsigned int nr_rdist, arch;
    int rc;

    if ( dt_read_reg(node, 0, &dbase, &dsize) )
        return -EINVAL;
    gicv3.dist = ioremap(dbase, dsize);
    if ( !gicv3.dist )
        return -ENOMEM;
    arch = GIC_PIDR2_ARCH(mmio_read32(gicv3.dist + GICD_PIDR2));
    if ( arch != 3 && arch != 4 )
    {
        printk(XENLOG_ERR "GICv3: %#lx is not a GICv3/v4 distributor (PIDR2 arch %u)\n",
               dbase, arch);
        return -EINVAL;
    }
    rc = gicv3_map_rdist(node);
    if ( rc )
        return rc;
    gicv3_rdist_walk(GICV3_NO_AFFINITY, &nr_rdist);

    gic_hw.version = 3;
    gic_hw.iar_intid_mask = ICC_IAR_INTID_MASK;
    gic_hw.dist_base = dbase;
    gic_hw.nr_lines = min(GICD_TYPER_LINES(mmio_read32(gicv3.dist + GICD_TYPER)),
                          (unsigned int)GIC_MAX_LINES);
    gic_read_virt_info(node, 1 + gicv3.nr_rdist_regions);
    snprintf(gic_hw.summary, sizeof(gic_hw.summary),
             "%u redistributor(s) in %u region(s), CPU interface by system registers",
             nr_rdist, gicv3.nr_rdist_regions);
    rc = gicv3_dist_init();
    if ( rc )
        return rc;
    gic_hw.ops = &gicv3_ops;
    return 0;
}

static const char *const gicv3_compatible[] = { "arm,gic-v3", NULL };
DT_DEVICE(gicv3, "GICv3", DT_DEV_GIC, gicv3_compatible, gicv3_probe);
