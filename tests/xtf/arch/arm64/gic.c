/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * GICv2 and GICv3 for xtf guests: one ops table per version, chosen from
 * the device tree.  All interrupts are Group 1 (GICv3) or the only group
 * a GICv2 virtual CPU interface signals as IRQ; EOI also deactivates.
 * The distributor is set up once (boot vCPU), the CPU interface (and for
 * GICv3 the redistributor) by each vCPU for itself.
 */
#include <xtf.h>

/* Distributor (both versions) */
#define GICD_CTLR           0x000
#define GICD_ISENABLER(n)   (0x100 + 4 * (n))
#define GICD_ICENABLER(n)   (0x180 + 4 * (n))
#define GICD_IPRIORITYR(n)  (0x400 + 4 * (n))
#define GICD_ITARGETSR(n)   (0x800 + 4 * (n))
#define GICD_ICPENDR(n)     (0x280 + 4 * (n))
#define GICD_ICFGR(n)       (0xc00 + 4 * (n))
#define GICD_IGROUPR(n)     (0x080 + 4 * (n))
#define GICD_IROUTER(n)     (0x6000 + 8 * (n))  /* GICv3 */
#define GICD_SGIR           0xf00
#define GICD_SGIR_OTHERS    (1U << 24)          /* TargetListFilter 1 */
#define GICD_SGIR_TARGETS(m) ((uint32_t)(m) << 16)
#define GICD_CTLR_V2_EN     (1U << 0)
#define GICD_CTLR_G1A       (1U << 1)           /* GICv3, ARE_NS = 1 */
#define GICD_CTLR_ARE_NS    (1U << 4)

/* GICv2 CPU interface */
#define GICC_CTLR           0x00
#define GICC_PMR            0x04
#define GICC_BPR            0x08
#define GICC_IAR            0x0c
#define GICC_EOIR           0x10
#define GICC_IAR_INTID(iar) ((iar) & 0x3ff)

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
#define ICC_SGI1R_EL1       "s3_0_c12_c11_5"
/* ICC_SGI1R_EL1 fields */
#define SGI1R_TARGETS(aff0) (1UL << ((aff0) & 0xf))
#define SGI1R_AFF1(a)       ((uint64_t)(a) << 16)
#define SGI1R_INTID(i)      ((uint64_t)(i) << 24)
#define SGI1R_AFF2(a)       ((uint64_t)(a) << 32)
#define SGI1R_IRM           (1UL << 40)         /* all but self */
#define SGI1R_RS(aff0)      ((uint64_t)((aff0) >> 4) << 44)
#define SGI1R_AFF3(a)       ((uint64_t)(a) << 48)

#define icc_read(reg) ({                                        \
    uint64_t _v;                                                \
    asm volatile ( "mrs %0, " reg : "=r" (_v) );                \
    _v; })
#define icc_write(reg, v)                                       \
    asm volatile ( "msr " reg ", %0" :: "r" ((uint64_t)(v)) )

struct gic_ops {
    unsigned int version;
    const char *const *compatible;
    int (*init)(int node);              /* distributor, once */
    int (*cpu_init)(void);              /* the calling vCPU's interface */
    uintptr_t (*ppi_base)(void);        /* where this vCPU's PPI regs are */
    uint32_t (*ack)(void);              /* the raw IAR value */
    unsigned int (*intid)(uint32_t iar);
    void (*eoi)(uint32_t iar);
    int (*send_sgi)(unsigned int intid, unsigned int cpu);
    void (*send_sgi_others)(unsigned int intid);
};

static const struct gic_ops *gic;
static uintptr_t gicd, gicc;
static uintptr_t rdist_base;
static uint64_t rdist_size;
/* Per vCPU: GICv3 SGI frame, GICv2 CPU interface mask (GICD_ITARGETSR0). */
static uintptr_t gicr[XTF_NR_CPUS];
static uint8_t v2_cpu_mask[XTF_NR_CPUS];
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
    return 0;
}

static int v2_cpu_init(void)
{
    /* The first byte of the banked GICD_ITARGETSR0 is this CPU's mask. */
    v2_cpu_mask[xtf_cpu_id()] = rd32(gicd + GICD_ITARGETSR(0)) & 0xff;
    wr32(gicc + GICC_PMR, 0xff);
    wr32(gicc + GICC_BPR, 0);
    wr32(gicc + GICC_CTLR, 1);
    return v2_cpu_mask[xtf_cpu_id()] ? 0 : -XEN_ENODEV;
}

static uintptr_t v2_ppi_base(void)
{
    return gicd;                        /* banked per CPU */
}

static uint32_t v2_ack(void)
{
    return rd32(gicc + GICC_IAR);
}

/* The IAR of an SGI also names its source CPU: EOI takes it back whole. */
static unsigned int v2_intid(uint32_t iar)
{
    return GICC_IAR_INTID(iar);
}

static void v2_eoi(uint32_t iar)
{
    wr32(gicc + GICC_EOIR, iar);
}

static int v2_send_sgi(unsigned int intid, unsigned int cpu)
{
    /* The target must have set its interface up (and so its mask). */
    if ( cpu >= XTF_NR_CPUS || !v2_cpu_mask[cpu] )
        return -XEN_EINVAL;
    dsb(ishst);
    wr32(gicd + GICD_SGIR, GICD_SGIR_TARGETS(v2_cpu_mask[cpu]) | intid);
    return 0;
}

static void v2_send_sgi_others(unsigned int intid)
{
    dsb(ishst);
    wr32(gicd + GICD_SGIR, GICD_SGIR_OTHERS | intid);
}

/* The redistributor whose GICR_TYPER affinity is this vCPU's MPIDR. */
static int v3_find_rdist(void)
{
    uint64_t mpidr = READ_SYSREG(mpidr_el1);
    uint32_t aff = ((mpidr >> 8) & 0xff000000) | (mpidr & 0xffffff);
    uintptr_t rd;
    uint64_t typer;

    for ( rd = rdist_base; rd < rdist_base + rdist_size;
          rd += 2 * GICR_FRAME_SIZE )
    {
        typer = *(volatile uint64_t *)(rd + GICR_TYPER);
        if ( (typer >> 32) == aff )
        {
            wr32(rd + GICR_WAKER, rd32(rd + GICR_WAKER) & ~GICR_WAKER_SLEEP);
            if ( !xtf_wait_until(!(rd32(rd + GICR_WAKER) & GICR_WAKER_ASLEEP),
                                 100000) )
                return -XEN_ETIMEDOUT;
            gicr[xtf_cpu_id()] = rd + GICR_FRAME_SIZE;
            return 0;
        }
        if ( typer & GICR_TYPER_LAST )
            break;
    }
    return -XEN_ENODEV;
}

static int v3_init(int node)
{
    int rc = map_reg(node, 0, &gicd, NULL);

    if ( !rc )
        rc = map_reg(node, 1, &rdist_base, &rdist_size);
    if ( rc )
        return rc;
    wr32(gicd + GICD_CTLR, GICD_CTLR_ARE_NS | GICD_CTLR_G1A);
    return 0;
}

static int v3_cpu_init(void)
{
    int rc = v3_find_rdist();

    if ( rc )
        return rc;
    wr32(gicr[xtf_cpu_id()] + GICR_IGROUPR0, ~0U);
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
    return gicr[xtf_cpu_id()];          /* same offsets as the distributor */
}

static uint32_t v3_ack(void)
{
    uint32_t iar = icc_read(ICC_IAR1_EL1) & 0xffffff;

    dsb(sy);
    return iar;
}

static unsigned int v3_intid(uint32_t iar)
{
    return iar;
}

static void v3_eoi(uint32_t iar)
{
    icc_write(ICC_EOIR1_EL1, iar);
    isb();
}

static int v3_send_sgi(unsigned int intid, unsigned int cpu)
{
    uint64_t m;

    if ( xtf_cpu_mpidr(cpu, &m) )
        return -XEN_EINVAL;
    dsb(ishst);
    icc_write(ICC_SGI1R_EL1, SGI1R_AFF3((m >> 32) & 0xff) |
              SGI1R_AFF2((m >> 16) & 0xff) | SGI1R_AFF1((m >> 8) & 0xff) |
              SGI1R_RS(m & 0xff) | SGI1R_INTID(intid) |
              SGI1R_TARGETS(m & 0xff));
    isb();
    return 0;
}

static void v3_send_sgi_others(unsigned int intid)
{
    dsb(ishst);
    icc_write(ICC_SGI1R_EL1, SGI1R_IRM | SGI1R_INTID(intid));
    isb();
}

static const char *const v2_compat[] = {
    "arm,cortex-a15-gic", "arm,gic-400", "arm,cortex-a9-gic", NULL
};
static const char *const v3_compat[] = { "arm,gic-v3", NULL };

static const struct gic_ops gic_ops[] = {
    { 2, v2_compat, v2_init, v2_cpu_init, v2_ppi_base, v2_ack, v2_intid,
      v2_eoi, v2_send_sgi, v2_send_sgi_others },
    { 3, v3_compat, v3_init, v3_cpu_init, v3_ppi_base, v3_ack, v3_intid,
      v3_eoi, v3_send_sgi, v3_send_sgi_others },
};

static void gic_irq(struct xtf_regs *regs)
{
    uint32_t iar = gic->ack();
    unsigned int intid = gic->intid(iar);

    if ( intid == GIC_INTID_SPURIOUS )
        return;
    if ( handler )
        handler(intid);
    else
        printk("IRQ %u with no handler\n", intid);
    gic->eoi(iar);
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
            return gic->cpu_init();
        }
    return -XEN_ENODEV;
}

int xtf_gic_cpu_init(void)
{
    return gic ? gic->cpu_init() : -XEN_ENODEV;
}

int xtf_gic_send_sgi(unsigned int intid, unsigned int cpu)
{
    if ( intid > 15 )
        return -XEN_EINVAL;
    return gic->send_sgi(intid, cpu);
}

void xtf_gic_send_sgi_others(unsigned int intid)
{
    gic->send_sgi_others(intid);
}

unsigned int xtf_gic_version(void)
{
    return gic ? gic->version : 0;
}

/* One byte of a register array the guest may only access by words. */
static void set_byte(uintptr_t reg, unsigned int n, uint8_t v)
{
    uintptr_t word = reg + (n & ~3U);
    unsigned int shift = 8 * (n % 4);

    wr32(word, (rd32(word) & ~(0xffU << shift)) | ((uint32_t)v << shift));
}

void xtf_gic_enable_ppi(unsigned int intid, uint8_t prio)
{
    uintptr_t base = gic->ppi_base();

    set_byte(base + GICD_IPRIORITYR(0), intid, prio);
    wr32(base + GICD_ISENABLER(0), 1U << intid);
    dsb(sy);
}

void xtf_gic_disable_ppi(unsigned int intid)
{
    wr32(gic->ppi_base() + GICD_ICENABLER(0), 1U << intid);
    dsb(sy);
}

void xtf_gic_clear_pending_spi(unsigned int intid)
{
    wr32(gicd + GICD_ICPENDR(intid / 32), 1U << (intid % 32));
    dsb(sy);
}

int xtf_gic_route_spi(unsigned int intid, unsigned int cpu)
{
    uint64_t m;

    if ( gic->version == 2 )
    {
        if ( cpu >= XTF_NR_CPUS || !v2_cpu_mask[cpu] )
            return -XEN_EINVAL;
        set_byte(gicd + GICD_ITARGETSR(0), intid, v2_cpu_mask[cpu]);
        return 0;
    }
    if ( xtf_cpu_mpidr(cpu, &m) )
        return -XEN_EINVAL;
    /* Aff3 in bits 39:32, Aff2.Aff1.Aff0 as in MPIDR; IRM 0. */
    wr32(gicd + GICD_IROUTER(intid), (uint32_t)(m & 0xffffff));
    wr32(gicd + GICD_IROUTER(intid) + 4, (uint32_t)((m >> 32) & 0xff));
    return 0;
}

void xtf_gic_enable_spi(unsigned int intid, uint8_t prio)
{
    uintptr_t cfg = gicd + GICD_ICFGR(intid / 16);

    set_byte(gicd + GICD_IPRIORITYR(0), intid, prio);
    wr32(cfg, rd32(cfg) & ~(2U << (2 * (intid % 16))));     /* level */
    /* Group 1 (a vGIC has it so already; bench/stub's GIC does not). */
    if ( gic->version == 3 )
        wr32(gicd + GICD_IGROUPR(intid / 32), rd32(gicd + GICD_IGROUPR(intid / 32)) |
                                             (1U << (intid % 32)));
    xtf_gic_route_spi(intid, 0);
    wr32(gicd + GICD_ISENABLER(intid / 32), 1U << (intid % 32));
    dsb(sy);
}

void xtf_gic_disable_spi(unsigned int intid)
{
    wr32(gicd + GICD_ICENABLER(intid / 32), 1U << (intid % 32));
    dsb(sy);
}

void xtf_gic_reenable_spi(unsigned int intid)
{
    wr32(gicd + GICD_ISENABLER(intid / 32), 1U << (intid % 32));
    dsb(sy);
}

void xtf_gic_set_handler(xtf_gic_handler_t fn)
{
    handler = fn;
}
