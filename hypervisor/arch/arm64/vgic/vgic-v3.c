/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The virtual GICv3 of a guest on a GICv3 host: the distributor at
 * GUEST_GICV3_GICD_BASE and one redistributor (RD and SGI frames, 128
 * KiB) per vCPU from GUEST_GICV3_GICR0_BASE, emulated; the CPU interface
 * is the hardware's (ICH_*_EL2), which the guest reaches through its
 * ICC_*_EL1 registers while HCR_EL2.IMO/FMO are set.
 *
 * What the guest sees, as on Xen 4.17: affinity routing always on
 * (ARE_NS reads as one), a single security state seen from the
 * non-secure side, every interrupt in Group 1, no LPIs and no ITS,
 * IIDR 0x34c, ten interrupt ID bits.
 */
#include <xenith/errno.h>
#include <xenith/gic.h>
#include <xenith/sched.h>
#include <asm/mmio.h>
#include <asm/sysregs.h>
#include <public/arch-arm.h>
#include "vgic-internal.h"

/* Distributor */
#define GICD_CTLR               0x0000
#define GICD_TYPER              0x0004
#define GICD_IIDR               0x0008
#define GICD_IROUTER            0x6000
#define GICD_IROUTER_END        0x7fe0      /* past IROUTER1019 */
#define GICD_PIDR2              0xffe8

#define GICD_CTLR_ENABLE_G1A    (1U << 1)
#define GICD_CTLR_ARE_NS        (1U << 4)
#define GICD_TYPER_CPUS_SHIFT   5
#define GICD_TYPER_IDBITS_SHIFT 19
#define VGIC_V3_ID_BITS         10
#define VGIC_V3_IIDR            0x34c
#define VGIC_V3_PIDR2           0x3b        /* ArchRev 3 */

/* Redistributor: the RD_base frame, then the SGI_base frame */
#define GICR_IIDR               0x0004
#define GICR_TYPER              0x0008
#define GICR_PIDR2              0xffe8
#define GICR_FRAME              0x10000
#define GICR_SIZE               (2 * GICR_FRAME)

static_assert(VGIC_MAX_VCPUS * GICR_SIZE <= GUEST_GICV3_GICR0_SIZE,
              "a redistributor for every vCPU fits the guest's GICR region");

#define GICR_TYPER_LAST         (1ULL << 4)
#define GICR_TYPER_PROC_SHIFT   8
#define GICR_TYPER_AFF_SHIFT    32

/* The CPU interface's virtualization registers, by encoding. */
#define ICH_AP0R_EL2(n)         S3_4_C12_C8_##n
#define ICH_AP1R_EL2(n)         S3_4_C12_C9_##n
#define ICH_HCR_EL2             S3_4_C12_C11_0
#define ICH_VTR_EL2             S3_4_C12_C11_1
#define ICH_ELRSR_EL2           S3_4_C12_C11_5
#define ICH_VMCR_EL2            S3_4_C12_C11_7
#define ICH_LR_LO_EL2(n)        S3_4_C12_C12_##n    /* LR0-7 */
#define ICH_LR_HI_EL2(n)        S3_4_C12_C13_##n    /* LR8-15 */
#define ICC_SRE_EL1             S3_0_C12_C12_5

#define ICH_VTR_LISTREGS(v)     (((v) & 0x1f) + 1)
#define ICH_VTR_PREBITS(v)      ((((v) >> 26) & 0x7) + 1)
#define ICH_VTR_PRIBITS(v)      ((((v) >> 29) & 0x7) + 1)
#define ICH_VMCR_VENG1          (1ULL << 1)
#define ICH_VMCR_VPMR_SHIFT     24
#define ICC_SRE_EL1_SRE         (1ULL << 0)

/* Active priority registers per group: 1, 2 or 4 as PREbits is 5, 6, 7. */
static unsigned int vgic_v3_nr_apr;

static inline void isb(void)
{
    asm volatile("isb" ::: "memory");
}

static uint64_t vgic_v3_read_lr(unsigned int n)
{
    uint64_t v = 0;

#define RD(reg, i) v = READ_SYSREG(reg(i))
    switch ( n )
    {
    case 0: RD(ICH_LR_LO_EL2, 0); break;
    case 1: RD(ICH_LR_LO_EL2, 1); break;
    case 2: RD(ICH_LR_LO_EL2, 2); break;
    case 3: RD(ICH_LR_LO_EL2, 3); break;
    case 4: RD(ICH_LR_LO_EL2, 4); break;
    case 5: RD(ICH_LR_LO_EL2, 5); break;
    case 6: RD(ICH_LR_LO_EL2, 6); break;
    case 7: RD(ICH_LR_LO_EL2, 7); break;
    case 8: RD(ICH_LR_HI_EL2, 0); break;
    case 9: RD(ICH_LR_HI_EL2, 1); break;
    case 10: RD(ICH_LR_HI_EL2, 2); break;
    case 11: RD(ICH_LR_HI_EL2, 3); break;
    case 12: RD(ICH_LR_HI_EL2, 4); break;
    case 13: RD(ICH_LR_HI_EL2, 5); break;
    case 14: RD(ICH_LR_HI_EL2, 6); break;
    case 15: RD(ICH_LR_HI_EL2, 7); break;
    default: BUG();
    }
#undef RD
    return v;
}

/* Inline: the injection's single write (set_lr_pending) is a leaf then. */
static inline __attribute__((always_inline)) void vgic_v3_write_lr(unsigned int n, uint64_t v)
{
#define WR(reg, i) WRITE_SYSREG(v, reg(i))
    switch ( n )
    {
    case 0: WR(ICH_LR_LO_EL2, 0); break;
    case 1: WR(ICH_LR_LO_EL2, 1); break;
    case 2: WR(ICH_LR_LO_EL2, 2); break;
    case 3: WR(ICH_LR_LO_EL2, 3); break;
    case 4: WR(ICH_LR_LO_EL2, 4); break;
    case 5: WR(ICH_LR_LO_EL2, 5); break;
    case 6: WR(ICH_LR_LO_EL2, 6); break;
    case 7: WR(ICH_LR_LO_EL2, 7); break;
    case 8: WR(ICH_LR_HI_EL2, 0); break;
    case 9: WR(ICH_LR_HI_EL2, 1); break;
    case 10: WR(ICH_LR_HI_EL2, 2); break;
    case 11: WR(ICH_LR_HI_EL2, 3); break;
    case 12: WR(ICH_LR_HI_EL2, 4); break;
    case 13: WR(ICH_LR_HI_EL2, 5); break;
    case 14: WR(ICH_LR_HI_EL2, 6); break;
    case 15: WR(ICH_LR_HI_EL2, 7); break;
    default: BUG();
    }
#undef WR
}

/* Active priorities: apr[0..3] Group 0, apr[4..7] Group 1. */
static void vgic_v3_read_aprs(uint32_t *apr)
{
    apr[0] = (uint32_t)READ_SYSREG(ICH_AP0R_EL2(0));
    apr[4] = (uint32_t)READ_SYSREG(ICH_AP1R_EL2(0));
    if ( vgic_v3_nr_apr < 2 )
        return;
    apr[1] = (uint32_t)READ_SYSREG(ICH_AP0R_EL2(1));
    apr[5] = (uint32_t)READ_SYSREG(ICH_AP1R_EL2(1));
    if ( vgic_v3_nr_apr < 4 )
        return;
    apr[2] = (uint32_t)READ_SYSREG(ICH_AP0R_EL2(2));
    apr[6] = (uint32_t)READ_SYSREG(ICH_AP1R_EL2(2));
    apr[3] = (uint32_t)READ_SYSREG(ICH_AP0R_EL2(3));
    apr[7] = (uint32_t)READ_SYSREG(ICH_AP1R_EL2(3));
}

static void vgic_v3_write_aprs(const uint32_t *apr)
{
    WRITE_SYSREG(apr[0], ICH_AP0R_EL2(0));
    WRITE_SYSREG(apr[4], ICH_AP1R_EL2(0));
    if ( vgic_v3_nr_apr < 2 )
        return;
    WRITE_SYSREG(apr[1], ICH_AP0R_EL2(1));
    WRITE_SYSREG(apr[5], ICH_AP1R_EL2(1));
    if ( vgic_v3_nr_apr < 4 )
        return;
    WRITE_SYSREG(apr[2], ICH_AP0R_EL2(2));
    WRITE_SYSREG(apr[6], ICH_AP1R_EL2(2));
    WRITE_SYSREG(apr[3], ICH_AP0R_EL2(3));
    WRITE_SYSREG(apr[7], ICH_AP1R_EL2(3));
}

static int vgic_v3_probe(void)
{
    uint64_t vtr = READ_SYSREG(ICH_VTR_EL2);
    unsigned int pre = ICH_VTR_PREBITS(vtr);

    if ( pre < 5 || pre > 7 )
        return -EOPNOTSUPP;
    vgic_v3_nr_apr = 1U << (pre - 5);
    vgic_hw.nr_lrs = min((unsigned int)ICH_VTR_LISTREGS(vtr), (unsigned int)VGIC_MAX_LRS);
    vgic_hw.prio_bits = (uint8_t)ICH_VTR_PRIBITS(vtr);
    return 0;
}

static void vgic_v3_cpu_init(void)
{
    static const uint32_t zero[8];

    WRITE_SYSREG(0, ICH_HCR_EL2);
    WRITE_SYSREG(0, ICH_VMCR_EL2);
    vgic_v3_write_aprs(zero);
    for ( unsigned int i = 0; i < vgic_hw.nr_lrs; i++ )
        vgic_v3_write_lr(i, 0);
    isb();
}

static void vgic_v3_load_lrs(const struct vgic_lr *lrs, unsigned int nr, uint32_t hcr)
{
    for ( unsigned int i = 0; i < nr; i++ )
        vgic_v3_write_lr(i, vgic_v3_lr_encode(&lrs[i]));
    WRITE_SYSREG(hcr, ICH_HCR_EL2);
    isb();
}

static void vgic_v3_set_lr_pending(unsigned int n, unsigned int intid, uint8_t priority,
                                   bool hw)
{
    const struct vgic_lr lr = { .intid = intid, .priority = priority, .pending = true,
                                .hw = hw };

    vgic_v3_write_lr(n, vgic_v3_lr_encode(&lr));
}

static uint32_t vgic_v3_empty_lrs(void)
{
    return (uint32_t)READ_SYSREG(ICH_ELRSR_EL2);
}

static unsigned int vgic_v3_unload_lrs(struct vgic_lr *lrs, unsigned int nr)
{
    uint64_t hcr = READ_SYSREG(ICH_HCR_EL2);

    for ( unsigned int i = 0; i < nr; i++ )
    {
        vgic_v3_lr_decode(vgic_v3_read_lr(i), &lrs[i]);
        vgic_v3_write_lr(i, 0);
    }
    /* Just enabled already (nothing was asked, nothing counted): no write. */
    if ( hcr != (hcr & VGIC_HCR_EN) )
        WRITE_SYSREG(hcr & VGIC_HCR_EN, ICH_HCR_EL2);
    /* The emptied LRs take effect (an EOI maintenance request goes) now. */
    if ( nr || hcr != (hcr & VGIC_HCR_EN) )
        isb();
    return (hcr >> VGIC_HCR_EOICOUNT_SHIFT) & 0x1f;
}

static void vgic_v3_save(struct vgic_cpu *c)
{
    c->vmcr = READ_SYSREG(ICH_VMCR_EL2);
    vgic_v3_read_aprs(c->apr);
    c->sre_el1 = READ_SYSREG(ICC_SRE_EL1);
    WRITE_SYSREG(0, ICH_HCR_EL2);
    isb();
}

static void vgic_v3_restore(const struct vgic_cpu *c)
{
    WRITE_SYSREG(c->sre_el1, ICC_SRE_EL1);
    WRITE_SYSREG(c->vmcr, ICH_VMCR_EL2);
    vgic_v3_write_aprs(c->apr);
    WRITE_SYSREG(VGIC_HCR_EN, ICH_HCR_EL2);
    isb();
}

static void vgic_v3_vcpu_reset(struct vgic_cpu *c)
{
    c->vmcr = 0;
    for ( unsigned int i = 0; i < ARRAY_SIZE(c->apr); i++ )
        c->apr[i] = 0;
    c->sre_el1 = ICC_SRE_EL1_SRE;
}

static uint64_t vgic_v3_read_vmcr(void)
{
    return READ_SYSREG(ICH_VMCR_EL2);
}

static void vgic_v3_vmcr_mask(uint64_t vmcr, uint8_t *pmr, bool *group_enabled)
{
    *pmr = (uint8_t)(vmcr >> ICH_VMCR_VPMR_SHIFT);
    *group_enabled = vmcr & ICH_VMCR_VENG1;
}

/* ---- MMIO: distributor and redistributors ------------------------------ */

static uint32_t vgic_v3_gicd_typer(const struct vgic_dist *dist)
{
    return vgic_typer_lines(dist->nr_spis) |
           ((min(dist->nr_vcpus, 8U) - 1) << GICD_TYPER_CPUS_SHIFT) |
           ((VGIC_V3_ID_BITS - 1) << GICD_TYPER_IDBITS_SHIFT);
}

/* The 32-bit identification and control registers; the rest RAZ/WI. */
static int vgic_v3_gicd_misc_read(const struct vgic_dist *dist, unsigned int off,
                                  unsigned int size, uint64_t *val)
{
    uint32_t v;

    switch ( off )
    {
    case GICD_CTLR:
        v = GICD_CTLR_ARE_NS | (dist->enabled ? GICD_CTLR_ENABLE_G1A : 0);
        break;
    case GICD_TYPER:
        v = vgic_v3_gicd_typer(dist);
        break;
    case GICD_IIDR:
        v = VGIC_V3_IIDR;
        break;
    case GICD_PIDR2:
        v = VGIC_V3_PIDR2;
        break;
    default:
        *val = 0;
        return 0;
    }
    if ( size != 4 )
        return -EINVAL;
    *val = v;
    return 0;
}

static int vgic_v3_gicd_read(struct vcpu *v, const struct mmio_access *a,
                             uint64_t *val, void *priv)
{
    struct vgic_dist *dist = &v->domain->arch.vgic;
    struct vgic_bank bank = { v->vcpu_id, VGIC_NR_PRIVATE_IRQS,
                              VGIC_NR_PRIVATE_IRQS + dist->nr_spis };
    unsigned int off = (unsigned int)(a->gpa - GUEST_GICV3_GICD_BASE);
    unsigned long flags;
    uint32_t v32 = 0;
    int rc;

    if ( off % a->size )
        return -EINVAL;
    spin_lock_irqsave(&dist->lock, flags);
    if ( off >= VGIC_BANK_START && off < VGIC_BANK_END )
    {
        rc = vgic_bank_read(dist, &bank, off, a->size, &v32);
        *val = v32;
    }
    else if ( off >= GICD_IROUTER && off < GICD_IROUTER_END )
    {
        rc = vgic_v3_irouter_read(dist, off - GICD_IROUTER, a->size, val);
    }
    else
        rc = vgic_v3_gicd_misc_read(dist, off, a->size, val);
    spin_unlock_irqrestore(&dist->lock, flags);
    return rc;
}

static int vgic_v3_gicd_write(struct vcpu *v, const struct mmio_access *a,
                              uint64_t val, void *priv)
{
    struct domain *d = v->domain;
    struct vgic_dist *dist = &d->arch.vgic;
    struct vgic_bank bank = { v->vcpu_id, VGIC_NR_PRIVATE_IRQS,
                              VGIC_NR_PRIVATE_IRQS + dist->nr_spis };
    unsigned int off = (unsigned int)(a->gpa - GUEST_GICV3_GICD_BASE);
    struct vgic_kick kick = { { 0 } };
    unsigned long flags;
    int rc = 0;

    if ( off % a->size )
        return -EINVAL;
    spin_lock_irqsave(&dist->lock, flags);
    if ( off >= VGIC_BANK_START && off < VGIC_BANK_END )
    {
        rc = vgic_bank_write(dist, &bank, off, a->size, (uint32_t)val, &kick);
        irq_guest_sync(dist, off, a->size);
    }
    else if ( off >= GICD_IROUTER && off < GICD_IROUTER_END )
    {
        rc = vgic_v3_irouter_write(dist, off - GICD_IROUTER, a->size, val, &kick);
        irq_guest_sync(dist, off, a->size);
    }
    else if ( off == GICD_CTLR && a->size != 4 )
        rc = -EINVAL;
    else if ( off == GICD_CTLR && dist->enabled != !!(val & GICD_CTLR_ENABLE_G1A) )
    {
        dist->enabled = val & GICD_CTLR_ENABLE_G1A;
        vgic_irq_update_all(dist, &kick);
    }
    spin_unlock_irqrestore(&dist->lock, flags);
    vgic_kick_vcpus(d, &kick);
    return rc;
}

static const struct mmio_handler_ops vgic_v3_gicd_ops = {
    .read = vgic_v3_gicd_read,
    .write = vgic_v3_gicd_write,
};

static uint64_t vgic_v3_gicr_typer(const struct vgic_dist *dist, unsigned int id)
{
    /* Affinity as Aff3.Aff2.Aff1.Aff0; vCPUs never use Aff3. */
    return (vgic_vcpu_affinity(id) << GICR_TYPER_AFF_SHIFT) |
           ((uint64_t)id << GICR_TYPER_PROC_SHIFT) |
           (id + 1 == dist->nr_vcpus ? GICR_TYPER_LAST : 0);
}

/* RD_base: identification, TYPER; CTLR, WAKER, LPI registers RAZ/WI. */
static int vgic_v3_rd_read(const struct vgic_dist *dist, unsigned int id,
                           unsigned int off, unsigned int size, uint64_t *val)
{
    if ( off >= GICR_TYPER && off < GICR_TYPER + 8 )
        return vgic_reg64_read(vgic_v3_gicr_typer(dist, id), off - GICR_TYPER, size, val);
    if ( off == GICR_IIDR || off == GICR_PIDR2 )
    {
        if ( size != 4 )
            return -EINVAL;
        *val = off == GICR_IIDR ? VGIC_V3_IIDR : VGIC_V3_PIDR2;
        return 0;
    }
    *val = 0;
    return 0;
}

/* Which vCPU's redistributor @a hits, and where in it. */
static unsigned int vgic_v3_gicr_decode(const struct mmio_access *a, unsigned int *off)
{
    paddr_t rel = a->gpa - GUEST_GICV3_GICR0_BASE;

    *off = (unsigned int)(rel % GICR_SIZE);
    return (unsigned int)(rel / GICR_SIZE);
}

static int vgic_v3_gicr_read(struct vcpu *v, const struct mmio_access *a,
                             uint64_t *val, void *priv)
{
    struct vgic_dist *dist = &v->domain->arch.vgic;
    unsigned int off, id = vgic_v3_gicr_decode(a, &off);
    struct vgic_bank bank = { id, 0, VGIC_NR_PRIVATE_IRQS };
    unsigned long flags;
    uint32_t v32 = 0;
    int rc;

    if ( off % a->size )
        return -EINVAL;
    spin_lock_irqsave(&dist->lock, flags);
    if ( off < GICR_FRAME )
        rc = vgic_v3_rd_read(dist, id, off, a->size, val);
    else if ( off - GICR_FRAME >= VGIC_BANK_START && off - GICR_FRAME < VGIC_BANK_END )
    {
        rc = vgic_bank_read(dist, &bank, off - GICR_FRAME, a->size, &v32);
        *val = v32;
    }
    else
    {
        *val = 0;
        rc = 0;
    }
    spin_unlock_irqrestore(&dist->lock, flags);
    return rc;
}

static int vgic_v3_gicr_write(struct vcpu *v, const struct mmio_access *a,
                              uint64_t val, void *priv)
{
    struct domain *d = v->domain;
    struct vgic_dist *dist = &d->arch.vgic;
    unsigned int off, id = vgic_v3_gicr_decode(a, &off);
    struct vgic_bank bank = { id, 0, VGIC_NR_PRIVATE_IRQS };
    struct vgic_kick kick = { { 0 } };
    unsigned long flags;
    int rc = 0;

    if ( off % a->size )
        return -EINVAL;
    if ( off < GICR_FRAME + VGIC_BANK_START || off >= GICR_FRAME + VGIC_BANK_END )
        return 0;                   /* RD_base, IGRPMODR0, NSACR: WI */
    spin_lock_irqsave(&dist->lock, flags);
    rc = vgic_bank_write(dist, &bank, off - GICR_FRAME, a->size, (uint32_t)val, &kick);
    spin_unlock_irqrestore(&dist->lock, flags);
    vgic_kick_vcpus(d, &kick);
    return rc;
}

static const struct mmio_handler_ops vgic_v3_gicr_ops = {
    .read = vgic_v3_gicr_read,
    .write = vgic_v3_gicr_write,
};

static int vgic_v3_domain_init(struct domain *d)
{
    unsigned int nr = d->arch.vgic.nr_vcpus;
    int rc;

    rc = register_mmio_handler(d, &vgic_v3_gicd_ops, GUEST_GICV3_GICD_BASE,
                               GUEST_GICV3_GICD_SIZE, NULL);
    if ( !rc )
        rc = register_mmio_handler(d, &vgic_v3_gicr_ops, GUEST_GICV3_GICR0_BASE,
                                   (paddr_t)nr * GICR_SIZE, NULL);
    return rc;
}

const struct vgic_ops vgic_v3_ops = {
    .version = 3,
    .max_vcpus = VGIC_MAX_VCPUS,
    .probe = vgic_v3_probe,
    .domain_init = vgic_v3_domain_init,
    .vcpu_reset = vgic_v3_vcpu_reset,
    .cpu_init = vgic_v3_cpu_init,
    .load_lrs = vgic_v3_load_lrs,
    .set_lr_pending = vgic_v3_set_lr_pending,
    .empty_lrs = vgic_v3_empty_lrs,
    .unload_lrs = vgic_v3_unload_lrs,
    .save = vgic_v3_save,
    .restore = vgic_v3_restore,
    .read_vmcr = vgic_v3_read_vmcr,
    .vmcr_mask = vgic_v3_vmcr_mask,
};
