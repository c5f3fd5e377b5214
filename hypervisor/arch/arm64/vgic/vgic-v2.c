/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The virtual GICv2 of a guest on a GICv2 host: the distributor at
 * GUEST_GICD_BASE, emulated; the CPU interface at GUEST_GICC_BASE is the
 * hardware's virtual CPU interface (GICV) mapped there in stage 2, fed
 * through the list registers of the GICH frame (banked per CPU).
 *
 * What the guest sees, as on Xen 4.17: no security extensions, every
 * interrupt in Group 0 (IGROUPR reads as zero; the virtual CPU interface
 * signals Group 0 as IRQ unless the guest sets FIQEn), up to eight CPU
 * interfaces, GICD_IIDR 0x43b.  Unlike Xen, GICD_[CS]PENDSGIR work: SGI
 * requests are kept per source vCPU.
 */
#include <xenith/errno.h>
#include <xenith/gic.h>
#include <xenith/mm.h>
#include <xenith/sched.h>
#include <asm/mmio.h>
#include <asm/p2m.h>
#include <public/arch-arm.h>
#include "vgic-internal.h"

/* Distributor */
#define GICD_CTLR               0x000
#define GICD_TYPER              0x004
#define GICD_IIDR               0x008
#define GICD_ITARGETSR          0x800
#define GICD_ITARGETSR_END      0xc00
#define GICD_SGIR               0xf00
#define GICD_CPENDSGIR          0xf10
#define GICD_SPENDSGIR          0xf20
#define GICD_SPENDSGIR_END      0xf30
#define GICD_ICPIDR2            0xfe8

#define GICD_CTLR_ENABLE        (1U << 0)
#define GICD_TYPER_CPUS_SHIFT   5
#define VGIC_V2_IIDR            0x43b
#define VGIC_V2_PIDR2           0x2b        /* ArchRev 2 */
#define GICV_MIN_SIZE           0x2000      /* up to and including GICV_DIR */

/* Virtual interface control (GICH), banked per CPU */
#define GICH_HCR                0x000
#define GICH_VTR                0x004
#define GICH_VMCR               0x008
#define GICH_ELRSR0             0x030
#define GICH_APR                0x0f0
#define GICH_LR(n)              (0x100 + 4 * (n))

#define GICH_VTR_LISTREGS(v)    (((v) & 0x3f) + 1)
#define GICH_VMCR_GRP0_EN       (1U << 0)
#define GICH_VMCR_PMR_SHIFT     27          /* the top five bits of the mask */

static volatile uint8_t *gich;

static inline uint32_t gich_read(unsigned int off)
{
    return *(volatile uint32_t *)(gich + off);
}

static inline void gich_write(unsigned int off, uint32_t v)
{
    *(volatile uint32_t *)(gich + off) = v;
}

static int vgic_v2_probe(void)
{
    const struct gic_virt_info *virt = &gic_hw.virt;
    unsigned int nr;

    if ( !virt->gich_size || virt->gicv_size < GICV_MIN_SIZE ||
         virt->gicv_base % PAGE_SIZE )
        return -ENODEV;
    gich = ioremap(virt->gich_base, virt->gich_size);
    if ( !gich )
        return -ENOMEM;
    nr = min((unsigned int)GICH_VTR_LISTREGS(gich_read(GICH_VTR)),
             (unsigned int)VGIC_MAX_LRS);
    if ( virt->gich_size < GICH_LR(nr) )
        return -ENODEV;
    vgic_hw.nr_lrs = nr;
    vgic_hw.prio_bits = 5;              /* what a list register holds */
    return 0;
}

static void vgic_v2_cpu_init(void)
{
    gich_write(GICH_HCR, 0);
    gich_write(GICH_VMCR, 0);
    gich_write(GICH_APR, 0);
    for ( unsigned int i = 0; i < vgic_hw.nr_lrs; i++ )
        gich_write(GICH_LR(i), 0);
}

static void vgic_v2_load_lrs(const struct vgic_lr *lrs, unsigned int nr, uint32_t hcr)
{
    for ( unsigned int i = 0; i < nr; i++ )
        gich_write(GICH_LR(i), vgic_v2_lr_encode(&lrs[i]));
    gich_write(GICH_HCR, hcr);
}

static void vgic_v2_set_lr_pending(unsigned int n, unsigned int intid, uint8_t priority,
                                   bool hw)
{
    const struct vgic_lr lr = { .intid = intid, .priority = priority, .pending = true,
                                .hw = hw };

    gich_write(GICH_LR(n), vgic_v2_lr_encode(&lr));
}

static uint32_t vgic_v2_empty_lrs(void)
{
    return gich_read(GICH_ELRSR0);
}

static unsigned int vgic_v2_unload_lrs(struct vgic_lr *lrs, unsigned int nr)
{
    uint32_t hcr = gich_read(GICH_HCR);

    for ( unsigned int i = 0; i < nr; i++ )
    {
        vgic_v2_lr_decode(gich_read(GICH_LR(i)), &lrs[i]);
        gich_write(GICH_LR(i), 0);
    }
    /* Just enabled already (nothing was asked, nothing counted): no write. */
    if ( hcr != (hcr & VGIC_HCR_EN) )
        gich_write(GICH_HCR, hcr & VGIC_HCR_EN);
    return hcr >> VGIC_HCR_EOICOUNT_SHIFT;
}

static void vgic_v2_save(struct vgic_cpu *c)
{
    c->vmcr = gich_read(GICH_VMCR);
    c->apr[0] = gich_read(GICH_APR);
    gich_write(GICH_HCR, 0);
}

static void vgic_v2_restore(const struct vgic_cpu *c)
{
    gich_write(GICH_VMCR, (uint32_t)c->vmcr);
    gich_write(GICH_APR, c->apr[0]);
    gich_write(GICH_HCR, VGIC_HCR_EN);
}

static void vgic_v2_vcpu_reset(struct vgic_cpu *c)
{
    c->vmcr = 0;
    for ( unsigned int i = 0; i < ARRAY_SIZE(c->apr); i++ )
        c->apr[i] = 0;
}

static uint64_t vgic_v2_read_vmcr(void)
{
    return gich_read(GICH_VMCR);
}

static void vgic_v2_vmcr_mask(uint64_t vmcr, uint8_t *pmr, bool *group_enabled)
{
    *pmr = (uint8_t)(((vmcr >> GICH_VMCR_PMR_SHIFT) & 0x1f) << 3);
    *group_enabled = vmcr & GICH_VMCR_GRP0_EN;
}

/* ---- MMIO: the distributor ---------------------------------------------- */

static int vgic_v2_misc_read(const struct vgic_dist *dist, unsigned int off,
                             unsigned int size, uint64_t *val)
{
    uint32_t v;

    switch ( off )
    {
    case GICD_CTLR:
        v = dist->enabled ? GICD_CTLR_ENABLE : 0;
        break;
    case GICD_TYPER:
        v = vgic_typer_lines(dist->nr_spis) |
            ((dist->nr_vcpus - 1) << GICD_TYPER_CPUS_SHIFT);
        break;
    case GICD_IIDR:
        v = VGIC_V2_IIDR;
        break;
    case GICD_ICPIDR2:
        v = VGIC_V2_PIDR2;
        break;
    default:
        *val = 0;                   /* SGIR is write-only; the rest reserved */
        return 0;
    }
    if ( size != 4 )
        return -EINVAL;
    *val = v;
    return 0;
}

static int vgic_v2_misc_write(struct vgic_dist *dist, unsigned int vcpu, unsigned int off,
                              unsigned int size, uint64_t val, struct vgic_kick *kick)
{
    struct vgic_kick targets;
    int rc;

    if ( (off == GICD_CTLR || off == GICD_SGIR) && size != 4 )
        return -EINVAL;
    if ( off == GICD_CTLR && dist->enabled != !!(val & GICD_CTLR_ENABLE) )
    {
        dist->enabled = val & GICD_CTLR_ENABLE;
        vgic_irq_update_all(dist, kick);
    }
    else if ( off == GICD_SGIR )
    {
        rc = vgic_v2_sgir_targets(dist, vcpu, (uint32_t)val, &targets);
        if ( rc )
            return rc;
        vgic_raise_sgi(dist, vcpu, val & 0xf, &targets, kick);
    }
    return 0;
}

static int vgic_v2_gicd_access(struct vcpu *v, const struct mmio_access *a,
                               uint64_t *val, bool write)
{
    struct domain *d = v->domain;
    struct vgic_dist *dist = &d->arch.vgic;
    struct vgic_bank bank = { v->vcpu_id, 0, VGIC_NR_PRIVATE_IRQS + dist->nr_spis };
    unsigned int off = (unsigned int)(a->gpa - GUEST_GICD_BASE);
    struct vgic_kick kick = { { 0 } };
    unsigned long flags;
    uint32_t v32 = (uint32_t)*val;
    int rc;

    if ( off % a->size )
        return -EINVAL;
    spin_lock_irqsave(&dist->lock, flags);
    if ( off >= GICD_ITARGETSR && off < GICD_ITARGETSR_END )
    {
        rc = vgic_v2_itargetsr_access(dist, v->vcpu_id, off - GICD_ITARGETSR, a->size,
                                      val, write, &kick);
        if ( write )
            irq_guest_sync(dist, off, a->size);
    }
    else if ( off >= GICD_CPENDSGIR && off < GICD_SPENDSGIR_END )
        rc = vgic_v2_pendsgir_access(dist, v->vcpu_id, off - GICD_CPENDSGIR, a->size,
                                     val, write, &kick);
    else if ( off >= VGIC_BANK_START && off < VGIC_BANK_END && write )
    {
        rc = vgic_bank_write(dist, &bank, off, a->size, v32, &kick);
        irq_guest_sync(dist, off, a->size);
    }
    else if ( off >= VGIC_BANK_START && off < VGIC_BANK_END )
    {
        rc = vgic_bank_read(dist, &bank, off, a->size, &v32);
        *val = v32;
    }
    else if ( write )
        rc = vgic_v2_misc_write(dist, v->vcpu_id, off, a->size, *val, &kick);
    else
        rc = vgic_v2_misc_read(dist, off, a->size, val);
    spin_unlock_irqrestore(&dist->lock, flags);
    vgic_kick_vcpus(d, &kick);
    return rc;
}

static int vgic_v2_gicd_read(struct vcpu *v, const struct mmio_access *a,
                             uint64_t *val, void *priv)
{
    *val = 0;
    return vgic_v2_gicd_access(v, a, val, false);
}

static int vgic_v2_gicd_write(struct vcpu *v, const struct mmio_access *a,
                              uint64_t val, void *priv)
{
    return vgic_v2_gicd_access(v, a, &val, true);
}

static const struct mmio_handler_ops vgic_v2_gicd_ops = {
    .read = vgic_v2_gicd_read,
    .write = vgic_v2_gicd_write,
};

/* The distributor, emulated; the hardware GICV as the guest's GICC. */
static int vgic_v2_domain_init(struct domain *d)
{
    int rc = register_mmio_handler(d, &vgic_v2_gicd_ops, GUEST_GICD_BASE,
                                   GUEST_GICD_SIZE, NULL);

    if ( rc )
        return rc;
    return p2m_map(d, _gfn(GUEST_GICC_BASE >> PAGE_SHIFT),
                   _mfn(gic_hw.virt.gicv_base >> PAGE_SHIFT),
                   GUEST_GICC_SIZE >> PAGE_SHIFT, p2m_mmio_direct_dev);
}

const struct vgic_ops vgic_v2_ops = {
    .version = 2,
    .max_vcpus = VGIC_V2_MAX_VCPUS,
    .probe = vgic_v2_probe,
    .domain_init = vgic_v2_domain_init,
    .vcpu_reset = vgic_v2_vcpu_reset,
    .cpu_init = vgic_v2_cpu_init,
    .load_lrs = vgic_v2_load_lrs,
    .set_lr_pending = vgic_v2_set_lr_pending,
    .empty_lrs = vgic_v2_empty_lrs,
    .unload_lrs = vgic_v2_unload_lrs,
    .save = vgic_v2_save,
    .restore = vgic_v2_restore,
    .read_vmcr = vgic_v2_read_vmcr,
    .vmcr_mask = vgic_v2_vmcr_mask,
};
