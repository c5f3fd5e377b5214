/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The distributor registers GICv2 and GICv3 share (IGROUPR, I[SC]ENABLER,
 * I[SC]PENDR, I[SC]ACTIVER, IPRIORITYR, ICFGR: the same layout in a GICv2
 * distributor, a GICv3 distributor and a GICv3 redistributor's SGI frame),
 * the decoding of routing (IROUTER, ITARGETSR) and of SGI requests
 * (ICC_SGI1R_EL1, GICD_SGIR).  Pure functions over struct vgic_dist; the
 * caller holds dist->lock.
 *
 * Reserved and unimplemented parts read as zero and ignore writes, as the
 * GIC architecture asks; accesses of a size the architecture does not
 * allow fail (the MMIO layer turns that into a data abort in the guest).
 */
#include <xenith/errno.h>
#include "vgic-internal.h"

#define GICD_IGROUPR        0x080
#define GICD_ISENABLER      0x100
#define GICD_ICENABLER      0x180
#define GICD_ISPENDR        0x200
#define GICD_ICPENDR        0x280
#define GICD_ISACTIVER      0x300
#define GICD_ICACTIVER      0x380
#define GICD_IPRIORITYR     0x400
#define GICD_ITARGETSR      0x800
#define GICD_ICFGR          0xc00

#define ICFGR_EDGE          2U          /* in each 2-bit field */

static struct vgic_irq *vgic_bank_irq(struct vgic_dist *dist,
                                      const struct vgic_bank *bank,
                                      unsigned int intid)
{
    if ( intid < bank->lo || intid >= bank->hi )
        return NULL;
    return vgic_irq_get(dist, bank->vcpu, intid);
}

/* Bit @intid's state in one of the one-bit-per-interrupt registers. */
static bool vgic_bit_read(const struct vgic_dist *dist, const struct vgic_irq *irq,
                          unsigned int reg)
{
    switch ( reg )
    {
    case GICD_IGROUPR:
        return dist->version == 3;      /* all Group 1 / all Group 0 */
    case GICD_ISENABLER:
    case GICD_ICENABLER:
        return irq->enabled;
    case GICD_ISPENDR:
    case GICD_ICPENDR:
        return vgic_irq_is_pending(irq);
    default:
        return irq->active;
    }
}

static void vgic_bit_write(struct vgic_dist *dist, const struct vgic_bank *bank,
                           struct vgic_irq *irq, unsigned int reg,
                           struct vgic_kick *kick)
{
    /* GICv2 SGI pending state belongs to GICD_[SC]PENDSGIR. */
    bool v2_sgi = dist->version == 2 && irq->intid < VGIC_NR_SGIS;

    switch ( reg )
    {
    case GICD_ISENABLER:
        irq->enabled = true;
        break;
    case GICD_ICENABLER:
        irq->enabled = false;
        break;
    case GICD_ISPENDR:
        if ( !v2_sgi )
            vgic_irq_set_pending(dist, irq, bank->vcpu, kick);
        return;
    case GICD_ICPENDR:
        if ( !v2_sgi )
            vgic_irq_clear_pending(dist, irq);
        return;
    case GICD_ISACTIVER:
        irq->active = true;
        break;
    case GICD_ICACTIVER:
        irq->active = false;
        break;
    default:
        return;                         /* IGROUPR: fixed */
    }
    vgic_irq_update(dist, irq, kick);
}

static uint32_t vgic_bits_read(struct vgic_dist *dist, const struct vgic_bank *bank,
                               unsigned int reg, unsigned int first)
{
    uint32_t val = 0;

    for ( unsigned int i = 0; i < 32; i++ )
    {
        struct vgic_irq *irq = vgic_bank_irq(dist, bank, first + i);

        if ( irq && vgic_bit_read(dist, irq, reg) )
            val |= 1U << i;
    }
    return val;
}

static void vgic_bits_write(struct vgic_dist *dist, const struct vgic_bank *bank,
                            unsigned int reg, unsigned int first, uint32_t val,
                            struct vgic_kick *kick)
{
    for ( ; val; val &= val - 1 )
    {
        unsigned int i = (unsigned int)__builtin_ctz(val);
        struct vgic_irq *irq = vgic_bank_irq(dist, bank, first + i);

        if ( irq )
            vgic_bit_write(dist, bank, irq, reg, kick);
    }
}

static uint32_t vgic_cfg_read(struct vgic_dist *dist, const struct vgic_bank *bank,
                              unsigned int first)
{
    uint32_t val = 0;

    for ( unsigned int i = 0; i < 16; i++ )
    {
        struct vgic_irq *irq = vgic_bank_irq(dist, bank, first + i);

        if ( irq && irq->edge )
            val |= ICFGR_EDGE << (2 * i);
    }
    return val;
}

static void vgic_cfg_write(struct vgic_dist *dist, const struct vgic_bank *bank,
                           unsigned int first, uint32_t val)
{
    for ( unsigned int i = 0; i < 16; i++ )
    {
        struct vgic_irq *irq = vgic_bank_irq(dist, bank, first + i);

        /* SGIs are always edge-triggered. */
        if ( irq && irq->intid >= VGIC_NR_SGIS )
            irq->edge = (val >> (2 * i)) & ICFGR_EDGE;
    }
}

static int vgic_prio_access(struct vgic_dist *dist, const struct vgic_bank *bank,
                            unsigned int first, unsigned int size, uint32_t *val,
                            bool write)
{
    if ( size != 1 && size != 4 )
        return -EINVAL;
    if ( !write )
        *val = 0;
    for ( unsigned int i = 0; i < size; i++ )
    {
        struct vgic_irq *irq = vgic_bank_irq(dist, bank, first + i);

        if ( !irq )
            continue;
        if ( write )
        {
            irq->priority = (uint8_t)(*val >> (8 * i));
            /* A list register holding it keeps the old one: tell the entry. */
            vgic_irq_update(dist, irq, NULL);
        }
        else
            *val |= (uint32_t)irq->priority << (8 * i);
    }
    return 0;
}

/* The register at @off: its base offset, the first INTID it covers. */
static unsigned int vgic_bank_decode(unsigned int off, unsigned int *first)
{
    unsigned int reg;

    if ( off >= GICD_ICFGR )
    {
        *first = (off - GICD_ICFGR) / 4 * 16;
        return GICD_ICFGR;
    }
    if ( off >= GICD_ITARGETSR )
        return GICD_ITARGETSR;
    if ( off >= GICD_IPRIORITYR )
    {
        *first = off - GICD_IPRIORITYR;
        return GICD_IPRIORITYR;
    }
    reg = off & ~0x7fU;
    *first = (off - reg) * 8;
    return reg;
}

static int vgic_bank_check(unsigned int off, unsigned int size, unsigned int reg)
{
    if ( off % size )
        return -EINVAL;
    if ( reg == GICD_IPRIORITYR || reg == GICD_ITARGETSR )
        return size == 1 || size == 4 ? 0 : -EINVAL;
    return size == 4 ? 0 : -EINVAL;
}

int vgic_bank_read(struct vgic_dist *dist, const struct vgic_bank *bank,
                   unsigned int off, unsigned int size, uint32_t *val)
{
    unsigned int first = 0, reg = vgic_bank_decode(off, &first);
    int rc = vgic_bank_check(off, size, reg);

    if ( rc )
        return rc;
    switch ( reg )
    {
    case GICD_IPRIORITYR:
        return vgic_prio_access(dist, bank, first, size, val, false);
    case GICD_ITARGETSR:
        *val = 0;
        return 0;
    case GICD_ICFGR:
        *val = vgic_cfg_read(dist, bank, first);
        return 0;
    default:
        *val = vgic_bits_read(dist, bank, reg, first);
        return 0;
    }
}

int vgic_bank_write(struct vgic_dist *dist, const struct vgic_bank *bank,
                    unsigned int off, unsigned int size, uint32_t val,
                    struct vgic_kick *kick)
{
    unsigned int first = 0, reg = vgic_bank_decode(off, &first);
    int rc = vgic_bank_check(off, size, reg);

    if ( rc )
        return rc;
    switch ( reg )
    {
    case GICD_IPRIORITYR:
        return vgic_prio_access(dist, bank, first, size, &val, true);
    case GICD_ITARGETSR:
        return 0;
    case GICD_ICFGR:
        vgic_cfg_write(dist, bank, first, val);
        return 0;
    default:
        vgic_bits_write(dist, bank, reg, first, val, kick);
        return 0;
    }
}

/* The vCPU whose MPIDR affinity is Aff3.Aff2.Aff1.Aff0, or VGIC_NO_VCPU. */
static unsigned int vgic_affinity_to_vcpu(const struct vgic_dist *dist,
                                          unsigned int aff3, unsigned int aff2,
                                          unsigned int aff1, unsigned int aff0)
{
    unsigned int id = (aff0 & 0xf) | (aff1 << 4) | (aff2 << 12);
    uint64_t want = aff0 | ((uint64_t)aff1 << 8) | ((uint64_t)aff2 << 16);

    if ( aff3 || id >= dist->nr_vcpus || vgic_vcpu_affinity(id) != want )
        return VGIC_NO_VCPU;
    return id;
}

#define IROUTER_IRM         (1ULL << 31)

unsigned int vgic_v3_irouter_to_vcpu(const struct vgic_dist *dist, uint64_t irouter)
{
    /* "Any participating PE": like Xen, always vCPU 0. */
    if ( irouter & IROUTER_IRM )
        return dist->nr_vcpus ? 0 : VGIC_NO_VCPU;
    return vgic_affinity_to_vcpu(dist, (irouter >> 32) & 0xff, (irouter >> 16) & 0xff,
                                 (irouter >> 8) & 0xff, irouter & 0xff);
}

#define SGI1R_TARGETS       0xffffULL
#define SGI1R_AFF1_SHIFT    16
#define SGI1R_INTID_SHIFT   24
#define SGI1R_AFF2_SHIFT    32
#define SGI1R_IRM           (1ULL << 40)
#define SGI1R_RS_SHIFT      44
#define SGI1R_AFF3_SHIFT    48

unsigned int vgic_v3_sgi1r_intid(uint64_t value)
{
    return (value >> SGI1R_INTID_SHIFT) & 0xf;
}

void vgic_v3_sgi1r_targets(const struct vgic_dist *dist, unsigned int sender,
                           uint64_t value, struct vgic_kick *targets)
{
    unsigned int aff1 = (value >> SGI1R_AFF1_SHIFT) & 0xff;
    unsigned int aff2 = (value >> SGI1R_AFF2_SHIFT) & 0xff;
    unsigned int aff3 = (value >> SGI1R_AFF3_SHIFT) & 0xff;
    unsigned int rs = (value >> SGI1R_RS_SHIFT) & 0xf;

    *targets = (struct vgic_kick){ { 0 } };
    if ( value & SGI1R_IRM )
    {
        for ( unsigned int v = 0; v < dist->nr_vcpus; v++ )
            if ( v != sender )
                vgic_kick_add(targets, v);
        return;
    }
    for ( uint64_t list = value & SGI1R_TARGETS; list; list &= list - 1 )
    {
        unsigned int aff0 = rs * 16 + (unsigned int)__builtin_ctzll(list);

        vgic_kick_add(targets, vgic_affinity_to_vcpu(dist, aff3, aff2, aff1, aff0));
    }
}

unsigned int vgic_v2_targets_to_vcpu(const struct vgic_dist *dist, uint8_t targets)
{
    unsigned int valid = (1U << min(dist->nr_vcpus, (unsigned int)VGIC_V2_MAX_VCPUS)) - 1;

    targets &= (uint8_t)valid;
    return targets ? (unsigned int)__builtin_ctz(targets) : VGIC_NO_VCPU;
}

#define SGIR_FILTER_SHIFT   24
#define SGIR_LIST           0U      /* the CPUs of CPUTargetList */
#define SGIR_OTHERS         1U      /* all but the requester */
#define SGIR_SELF           2U
#define SGIR_TARGETS_SHIFT  16

int vgic_v2_sgir_targets(const struct vgic_dist *dist, unsigned int sender,
                         uint32_t value, struct vgic_kick *targets)
{
    unsigned int nr = min(dist->nr_vcpus, (unsigned int)VGIC_V2_MAX_VCPUS);
    unsigned int list = (value >> SGIR_TARGETS_SHIFT) & 0xff;

    *targets = (struct vgic_kick){ { 0 } };
    switch ( (value >> SGIR_FILTER_SHIFT) & 3 )
    {
    case SGIR_LIST:
        break;
    case SGIR_OTHERS:
        list = ((1U << nr) - 1) & ~(1U << sender);
        break;
    case SGIR_SELF:
        list = 1U << sender;
        break;
    default:
        return -EINVAL;
    }
    for ( unsigned int v = 0; v < nr; v++ )
        if ( list & (1U << v) )
            vgic_kick_add(targets, v);
    return 0;
}

void vgic_raise_sgi(struct vgic_dist *dist, unsigned int sender, unsigned int sgi,
                    const struct vgic_kick *targets, struct vgic_kick *kick)
{
    for ( unsigned int v = 0; v < dist->nr_vcpus; v++ )
    {
        struct vgic_irq *irq;

        if ( !(targets->mask[v / 64] & (1ULL << (v % 64))) )
            continue;
        irq = vgic_irq_get(dist, v, sgi % VGIC_NR_SGIS);
        if ( irq )
            vgic_irq_set_pending(dist, irq, sender, kick);
    }
}

int vgic_reg64_read(uint64_t reg, unsigned int off, unsigned int size, uint64_t *val)
{
    if ( size == 8 && off == 0 )
        *val = reg;
    else if ( size == 4 && (off == 0 || off == 4) )
        *val = (uint32_t)(reg >> (8 * off));
    else
        return -EINVAL;
    return 0;
}

static int vgic_reg64_write(uint64_t *reg, unsigned int off, unsigned int size,
                            uint64_t val)
{
    if ( size == 8 && off == 0 )
        *reg = val;
    else if ( size == 4 && (off == 0 || off == 4) )
        *reg = (*reg & ~(0xffffffffULL << (8 * off))) | (val << (8 * off));
    else
        return -EINVAL;
    return 0;
}

#define IROUTER_VALID       0xff80ffffffULL     /* Aff3, IRM, Aff2-0 */

/* The SPI of GICD_IROUTER<n> at @off; SGIs/PPIs and absent SPIs: none. */
static struct vgic_irq *vgic_v3_irouter_irq(struct vgic_dist *dist, unsigned int off)
{
    unsigned int intid = off / 8;

    return intid >= VGIC_NR_PRIVATE_IRQS ? vgic_irq_get(dist, 0, intid) : NULL;
}

int vgic_v3_irouter_read(struct vgic_dist *dist, unsigned int off, unsigned int size,
                         uint64_t *val)
{
    struct vgic_irq *irq = vgic_v3_irouter_irq(dist, off);

    return vgic_reg64_read(irq ? irq->irouter : 0, off % 8, size, val);
}

int vgic_v3_irouter_write(struct vgic_dist *dist, unsigned int off, unsigned int size,
                          uint64_t val, struct vgic_kick *kick)
{
    struct vgic_irq *irq = vgic_v3_irouter_irq(dist, off);
    uint64_t irouter = irq ? irq->irouter : 0;
    int rc = vgic_reg64_write(&irouter, off % 8, size, val);

    if ( rc || !irq )
        return rc;
    irq->irouter = irouter & IROUTER_VALID;
    vgic_irq_route(dist, irq, vgic_v3_irouter_to_vcpu(dist, irq->irouter), kick);
    return 0;
}

int vgic_v2_itargetsr_access(struct vgic_dist *dist, unsigned int vcpu,
                             unsigned int off, unsigned int size, uint64_t *val,
                             bool write, struct vgic_kick *kick)
{
    uint8_t valid = (uint8_t)((1U << min(dist->nr_vcpus, (unsigned int)VGIC_V2_MAX_VCPUS)) - 1);

    if ( size != 1 && size != 4 )
        return -EINVAL;
    if ( !write )
        *val = 0;
    for ( unsigned int i = 0; i < size; i++ )
    {
        struct vgic_irq *irq = vgic_irq_get(dist, vcpu, off + i);
        uint8_t byte = (uint8_t)(*val >> (8 * i));

        if ( !irq )
            continue;
        if ( !write )
            *val |= (uint64_t)(irq->intid < VGIC_NR_PRIVATE_IRQS ?
                               1U << vcpu : irq->targets) << (8 * i);
        else if ( irq->intid >= VGIC_NR_PRIVATE_IRQS )
        {
            irq->targets = byte & valid;
            vgic_irq_route(dist, irq, vgic_v2_targets_to_vcpu(dist, irq->targets), kick);
        }
    }
    return 0;
}

#define PENDSGIR_SET        0x10        /* SPENDSGIR follows CPENDSGIR */

int vgic_v2_pendsgir_access(struct vgic_dist *dist, unsigned int vcpu,
                            unsigned int off, unsigned int size, uint64_t *val,
                            bool write, struct vgic_kick *kick)
{
    bool set = off >= PENDSGIR_SET;

    if ( size != 1 && size != 4 )
        return -EINVAL;
    if ( !write )
        *val = 0;
    for ( unsigned int i = 0; i < size; i++ )
    {
        struct vgic_irq *irq = vgic_irq_get(dist, vcpu, off % PENDSGIR_SET + i);
        uint8_t byte = (uint8_t)(*val >> (8 * i));

        if ( !irq )
            continue;
        if ( !write )
            *val |= (uint64_t)(irq->sgi_sources |
                               (irq->lr != VGIC_NO_LR && irq->lr_pending ?
                                1U << irq->lr_source : 0)) << (8 * i);
        else if ( set )
            for ( ; byte; byte &= (uint8_t)(byte - 1) )
                vgic_irq_set_pending(dist, irq, (unsigned int)__builtin_ctz(byte), kick);
        else
        {
            irq->sgi_sources &= (uint8_t)~byte;
            irq->pending = irq->sgi_sources != 0;
            vgic_irq_update(dist, irq, NULL);
        }
    }
    return 0;
}
