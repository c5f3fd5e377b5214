/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * GICv2 and GICv3 for xtf guests: one ops table per version, chosen from
 * the device tree.  All interrupts are Group 1 (GICv3) or the only group
 * a GICv2 virtual CPU interface signals as IRQ; EOI also deactivates.
 */
#include <xtf.h>

/* Distributor (both versions) */
#define GICD_CTLR           0x000
#define GICD_ISENABLER(n)   (0x100 + 4 * (n))
#define GICD_ICENABLER(n)   (0x180 + 4 * (n))
#define GICD_IPRIORITYR(n)  (0x400 + 4 * (n))
#define GICD_CTLR_V2_EN     (1U << 0)
#define GICD_CTLR_G1A       (1U << 1)           /* GICv3, ARE_NS = 1 */
#define GICD_CTLR_ARE_NS    (1U << 4)

/* GICv2 CPU interface */
#define GICC_CTLR           0x00
#define GICC_PMR            0x04
#define GICC_BPR            0x08
#define GICC_IAR            0x0c
#define GICC_EOIR           0x10

/* GICv3 redistributor: RD frame, then SGI frame */
#define GICR_FRAME_SIZE     0x10000
#define GICR_TYPER          0x0008
#define GICR_WAKER          0x0014
#define GICR_TYPER_LAST     (1UL << 4)
#define GICR_WAKER_SLEEP    (1U << 1)
#define GICR_WAKER_ASLEEP   (1U << 2)
#define GICR_IGROUPR0       0x0080

/* GICv3 CPU interface system registers (encodings: no assembler support
 * needed) */
#define ICC_PMR_EL1         "s3_0_c4_c6_0"
#define ICC_IAR1_EL1        "s3_0_c12_c12_0"
#define ICC_EOIR1_EL1       "s3_0_c12_c12_1"
#define ICC_BPR1_EL1        "s3_0_c12_c12_3"
#define ICC_SRE_EL1         "s3_0_c12_c12_5"
#define ICC_IGRPEN1_EL1     "s3_0_c12_c12_7"

#define icc_read(reg) ({                                        \
    uint64_t _v;                                                \
    asm volatile ( "mrs %0, " reg : "=r" (_v) );                \
    _v; })
#define icc_write(reg, v)                                       \
    asm volatile ( "msr " reg ", %0" :: "r" ((uint64_t)(v)) )

struct gic_ops {
    unsigned int version;
    const char *const *compatible;
    int (*init)(int node);
    uintptr_t (*ppi_base)(void);        /* where this vCPU's PPI regs are */
    unsigned int (*ack)(void);
    void (*eoi)(unsigned int intid);
};

static const struct gic_ops *gic;
static uintptr_t gicd, gicc, gicr;      /* gicr: this vCPU's SGI frame */
static xtf_gic_handler_t handler;

static inline uint32_t rd32(uintptr_t a)
{
    return *(volatile uint32_t *)a;
}

static inline void wr32(uintptr_t a, uint32_t v)
{
    *(volatile uint32_t *)a = v;
}

/* Map reg entry 'idx' of the node as Device memory; its base in *base. */
static int map_reg(int node, unsigned int idx, uintptr_t *base, uint64_t *size)
{
    uint64_t b, s;
    int rc = fdt_read_reg(node, idx, &b, &s);

    if ( !rc )
        rc = xtf_map(b, s, XTF_MEM_DEVICE);
    *base = b;
    if ( size )
        *size = s;
    return rc;
}

static int v2_init(int node)
{
    int rc = map_reg(node, 0, &gicd, NULL);

    if ( !rc )
        rc = map_reg(node, 1, &gicc, NULL);
    if ( rc )
        return rc;
    wr32(gicd + GICD_CTLR, GICD_CTLR_V2_EN);
    wr32(gicc + GICC_PMR, 0xff);
    wr32(gicc + GICC_BPR, 0);
    wr32(gicc + GICC_CTLR, 1);
    return 0;
}

static uintptr_t v2_ppi_base(void)
{
    return gicd;                        /* banked per CPU */
}

static unsigned int v2_ack(void)
{
    return rd32(gicc + GICC_IAR) & 0x3ff;
}

static void v2_eoi(unsigned int intid)
{
    wr32(gicc + GICC_EOIR, intid);
}

/* The redistributor whose GICR_TYPER affinity is this vCPU's MPIDR. */
static int v3_find_rdist(uintptr_t base, uint64_t size)
{
    uint64_t mpidr = READ_SYSREG(mpidr_el1);
    uint32_t aff = ((mpidr >> 8) & 0xff000000) | (mpidr & 0xffffff);
    uintptr_t rd;
    uint64_t typer;

    for ( rd = base; rd < base + size; rd += 2 * GICR_FRAME_SIZE )
    {
        typer = *(volatile uint64_t *)(rd + GICR_TYPER);
        if ( (typer >> 32) == aff )
        {
            wr32(rd + GICR_WAKER, rd32(rd + GICR_WAKER) & ~GICR_WAKER_SLEEP);
            if ( !xtf_wait_until(!(rd32(rd + GICR_WAKER) & GICR_WAKER_ASLEEP),
                                 100000) )
                return -XEN_ETIMEDOUT;
            gicr = rd + GICR_FRAME_SIZE;
            return 0;
        }
        if ( typer & GICR_TYPER_LAST )
            break;
    }
    return -XEN_ENODEV;
}

static int v3_init(int node)
{
    uintptr_t rbase;
    uint64_t rsize;
    int rc = map_reg(node, 0, &gicd, NULL);

    if ( !rc )
        rc = map_reg(node, 1, &rbase, &rsize);
    if ( !rc )
        rc = v3_find_rdist(rbase, rsize);
    if ( rc )
        return rc;
    wr32(gicd + GICD_CTLR, GICD_CTLR_ARE_NS | GICD_CTLR_G1A);
    wr32(gicr + GICR_IGROUPR0, ~0U);
    icc_write(ICC_SRE_EL1, icc_read(ICC_SRE_EL1) | 1);
    isb();
    icc_write(ICC_PMR_EL1, 0xff);
    icc_write(ICC_BPR1_EL1, 0);
    icc_write(ICC_IGRPEN1_EL1, 1);
    isb();
    return 0;
}

static uintptr_t v3_ppi_base(void)
{
    return gicr;                        /* same offsets as the distributor */
}

static unsigned int v3_ack(void)
{
    unsigned int intid = icc_read(ICC_IAR1_EL1) & 0xffffff;

    dsb(sy);
    return intid;
}

static void v3_eoi(unsigned int intid)
{
    icc_write(ICC_EOIR1_EL1, intid);
    isb();
}

static const char *const v2_compat[] = {
    "arm,cortex-a15-gic", "arm,gic-400", "arm,cortex-a9-gic", NULL
};
static const char *const v3_compat[] = { "arm,gic-v3", NULL };

static const struct gic_ops gic_ops[] = {
    { 2, v2_compat, v2_init, v2_ppi_base, v2_ack, v2_eoi },
    { 3, v3_compat, v3_init, v3_ppi_base, v3_ack, v3_eoi },
};

static void gic_irq(struct xtf_regs *regs)
{
    unsigned int intid = gic->ack();

    if ( intid == GIC_INTID_SPURIOUS )
        return;
    if ( handler )
        handler(intid);
    else
        printk("IRQ %u with no handler\n", intid);
    gic->eoi(intid);
}

int xtf_gic_init(void)
{
    const char *const *c;
    unsigned int i;
    int node, rc;

    for ( i = 0; i < ARRAY_SIZE(gic_ops); i++ )
        for ( c = gic_ops[i].compatible; *c; c++ )
        {
            node = fdt_find_compatible(-1, *c);
            if ( node < 0 )
                continue;
            rc = gic_ops[i].init(node);
            if ( rc )
                return rc;
            gic = &gic_ops[i];
            xtf_set_irq_hook(gic_irq);
            return 0;
        }
    return -XEN_ENODEV;
}

unsigned int xtf_gic_version(void)
{
    return gic ? gic->version : 0;
}

void xtf_gic_enable_ppi(unsigned int intid, uint8_t prio)
{
    uintptr_t base = gic->ppi_base();
    uintptr_t preg = base + GICD_IPRIORITYR(intid / 4);
    unsigned int shift = 8 * (intid % 4);

    wr32(preg, (rd32(preg) & ~(0xffU << shift)) | ((uint32_t)prio << shift));
    wr32(base + GICD_ISENABLER(0), 1U << intid);
    dsb(sy);
}

void xtf_gic_disable_ppi(unsigned int intid)
{
    wr32(gic->ppi_base() + GICD_ICENABLER(0), 1U << intid);
    dsb(sy);
}

void xtf_gic_set_handler(xtf_gic_handler_t fn)
{
    handler = fn;
}
