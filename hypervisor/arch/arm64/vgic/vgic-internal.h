/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Inside the virtual GIC: the pieces shared by vgic.c (glue to domains,
 * vCPUs and the hardware), vgic-irq.c (the interrupt state machine),
 * vgic-regs.c (the register banks both versions share) and the
 * version-specific vgic-v2.c / vgic-v3.c.
 *
 * vgic-irq.c and vgic-regs.c work on struct vgic_dist and vCPU numbers
 * only, never on struct domain or the hardware, so the host unit tests
 * build them as they are.  All their functions expect the caller to hold
 * dist->lock.
 */
#ifndef ARM64_VGIC_INTERNAL_H
#define ARM64_VGIC_INTERNAL_H

#include <xenith/lib.h>
#include <asm/vgic.h>

/* Bits of ICH_HCR_EL2 / GICH_HCR (same positions in both). */
#define VGIC_HCR_EN             (1U << 0)
#define VGIC_HCR_UIE            (1U << 1)   /* underflow: at most one LR valid */
#define VGIC_HCR_LRENPIE        (1U << 2)   /* EOI of an interrupt in no LR */
#define VGIC_HCR_NPIE           (1U << 3)   /* no LR holds a pending interrupt */
#define VGIC_HCR_EOICOUNT_SHIFT 27

/* One list register, independent of its encoding. */
struct vgic_lr {
    uint32_t intid;
    uint8_t priority;
    uint8_t source;             /* GICv2 SGI: the requesting vCPU */
    bool pending;
    bool active;
    bool eoi_maintenance;       /* ask for a maintenance IRQ on its EOI */
    bool hw;                    /* HW bit: physical INTID == intid, no EOI request */
};

/* vCPUs to kick once the lock is dropped. */
struct vgic_kick {
    uint64_t mask[VGIC_MAX_VCPUS / 64];
};

static inline void vgic_kick_add(struct vgic_kick *kick, unsigned int vcpu)
{
    if ( kick && vcpu < VGIC_MAX_VCPUS )
        kick->mask[vcpu / 64] |= 1ULL << (vcpu % 64);
}

static inline bool vgic_kick_any(const struct vgic_kick *kick)
{
    uint64_t any = 0;

    for ( unsigned int i = 0; i < ARRAY_SIZE(kick->mask); i++ )
        any |= kick->mask[i];
    return any;
}

/* ---- vgic-irq.c: the interrupt state machine ---------------------- */

/* Initial state of a domain's interrupts (no vCPUs yet) and of a vCPU's. */
void vgic_irq_init_spis(struct vgic_dist *dist);
void vgic_irq_init_private(struct vgic_dist *dist, struct vgic_cpu *c);

static inline struct vgic_cpu *vgic_cpu_of(const struct vgic_dist *dist,
                                           unsigned int vcpu)
{
    return vcpu < dist->nr_vcpus ? dist->vcpus[vcpu] : NULL;
}

/*
 * @intid as seen by vCPU @vcpu (its own SGIs/PPIs); NULL if none.  Inline:
 * every injection and every fold of a list register looks one up.
 */
static inline struct vgic_irq *vgic_irq_get(struct vgic_dist *dist, unsigned int vcpu,
                                            unsigned int intid)
{
    struct vgic_cpu *c;

    if ( intid >= VGIC_NR_PRIVATE_IRQS )
        return intid - VGIC_NR_PRIVATE_IRQS < dist->nr_spis ?
               &dist->spis[intid - VGIC_NR_PRIVATE_IRQS] : NULL;
    c = vgic_cpu_of(dist, vcpu);
    return c ? &c->private_irqs[intid] : NULL;
}

/*
 * Put @irq on the queue of the vCPU it should be delivered to, or off
 * every queue, after any change to its state, routing, or the
 * distributor's enable; add that vCPU to @kick (may be NULL) if the
 * interrupt is deliverable there.  An interrupt loaded in a list
 * register stays on its queue until that vCPU's fold.
 */
void vgic_irq_update(struct vgic_dist *dist, struct vgic_irq *irq,
                     struct vgic_kick *kick);
/* vgic_irq_update() for every interrupt (GICD_CTLR changed). */
void vgic_irq_update_all(struct vgic_dist *dist, struct vgic_kick *kick);

/* vgic_claim_spi()'s bookkeeping: 0, -EBUSY or -EINVAL (not an SPI of @dist). */
int vgic_irq_claim(struct vgic_dist *dist, unsigned int intid, bool claim);

/* Pending-state changes (the GICv2 SGI source only matters for SGIs). */
void vgic_irq_set_pending(struct vgic_dist *dist, struct vgic_irq *irq,
                          unsigned int source, struct vgic_kick *kick);
void vgic_irq_clear_pending(struct vgic_dist *dist, struct vgic_irq *irq);
/* A level-triggered line dropped: withdraw it unless the guest took it. */
void vgic_irq_lower(struct vgic_dist *dist, struct vgic_irq *irq);

/* The guest-visible pending state, including a copy in a list register. */
bool vgic_irq_is_pending(const struct vgic_irq *irq);

/*
 * Choose the contents of @vcpu's @nr_lrs list registers: active
 * interrupts first (the guest must find them to EOI them), then pending
 * ones by priority (lower value first), then INTID.  Fills @lrs, marks
 * the interrupts loaded, returns how many were loaded and in *@hcr the
 * maintenance interrupts to ask for (VGIC_HCR_NPIE / UIE / LRENPIE).
 */
unsigned int vgic_plan_lrs(struct vgic_dist *dist, unsigned int vcpu,
                           struct vgic_lr *lrs, unsigned int nr_lrs,
                           uint32_t *hcr);

/*
 * Injection's fast path: load @irq, just made pending, into @vcpu's next
 * list register (index irq->lr: the caller writes it, pending alone) if
 * that is what vgic_plan_lrs() would do, i.e. every other interrupt queued
 * there is already loaded and one of @nr_lrs is free, and @irq needs
 * nothing but its pending state (no EOI maintenance, no GICv2 SGI source
 * left behind).  Only while the list registers hold what the plan or this
 * function wrote since the last fold, or what the guest has made of it
 * since (a guest empties list registers, never fills one: those from
 * nr_lrs_loaded on are still empty).  Returns whether it was loaded.
 */
bool vgic_lr_append(struct vgic_dist *dist, unsigned int vcpu, struct vgic_irq *irq,
                    unsigned int nr_lrs);

/*
 * Injection's fast path while @c's list registers are live (its guest
 * ran since they were written, none was read back): @irq, just raised,
 * goes back into its own list register (index irq->lr: the caller writes
 * it, pending alone), which the
 * caller found empty (the guest took the last one and EOIed it), if that
 * is what a fold and vgic_plan_lrs() would do: nothing else queued there
 * is unloaded, no loaded interrupt changed, @irq needs nothing but its
 * pending state.  @c: a vCPU of @dist's (the resident one: no look-up).
 * Returns whether it was loaded; else nothing changed.
 */
bool vgic_lr_refill(struct vgic_dist *dist, struct vgic_cpu *c, struct vgic_irq *irq);

/*
 * Take back what @vcpu's list registers say after the guest ran: @lrs are
 * the @nr loaded by vgic_plan_lrs(), as read back; @eoicount how many
 * EOIs the guest did for active interrupts that were in no list register
 * (each deactivates the highest-priority one).  Kicks go to @kick.
 */
void vgic_fold_lrs(struct vgic_dist *dist, unsigned int vcpu,
                   const struct vgic_lr *lrs, unsigned int nr,
                   unsigned int eoicount, struct vgic_kick *kick);

/*
 * Whether the CPU interface would signal an interrupt to @vcpu: one is
 * deliverable with a priority (its implemented bits, @prio_bits) below
 * @pmr and below the running priority of its active interrupts.
 */
bool vgic_irq_signalled(struct vgic_dist *dist, unsigned int vcpu,
                        uint8_t pmr, uint8_t prio_bits);

/* SPI routing: set @irq's target (VGIC_NO_VCPU: none) and requeue it. */
void vgic_irq_route(struct vgic_dist *dist, struct vgic_irq *irq,
                    unsigned int target, struct vgic_kick *kick);

/* ---- vgic-regs.c: register banks and SGI decoding ------------------ */

/*
 * A window onto interrupts through the registers GICv2's distributor and
 * GICv3's distributor and redistributor SGI frame share (IGROUPR ..
 * ICFGR, same offsets): INTIDs @lo .. @hi - 1 exist there, the private
 * ones being those of vCPU @vcpu; others read as zero, ignore writes.
 */
struct vgic_bank {
    unsigned int vcpu;
    unsigned int lo, hi;
};

#define VGIC_BANK_START         0x080   /* GICD_IGROUPR */
#define VGIC_BANK_END           0xd00   /* up to the end of GICD_ICFGR */

/*
 * An access of @size bytes at @off (VGIC_BANK_START <= off < VGIC_BANK_END)
 * in the bank.  ITARGETSR (GICv2 only) is not handled here.  Returns 0 or
 * -EINVAL for an access of the wrong size or alignment.
 */
int vgic_bank_read(struct vgic_dist *dist, const struct vgic_bank *bank,
                   unsigned int off, unsigned int size, uint32_t *val);
int vgic_bank_write(struct vgic_dist *dist, const struct vgic_bank *bank,
                    unsigned int off, unsigned int size, uint32_t val,
                    struct vgic_kick *kick);

/* A 32-bit half (@off 0 or 4) or the whole (@off 0) of a 64-bit register. */
int vgic_reg64_read(uint64_t reg, unsigned int off, unsigned int size, uint64_t *val);

/*
 * GICv3 GICD_IROUTER<n> at @off from GICD_IROUTER0 (whole or halves):
 * writes route the SPI.  Those of SGIs, PPIs and absent SPIs are RAZ/WI.
 */
int vgic_v3_irouter_read(struct vgic_dist *dist, unsigned int off, unsigned int size,
                         uint64_t *val);
int vgic_v3_irouter_write(struct vgic_dist *dist, unsigned int off, unsigned int size,
                          uint64_t val, struct vgic_kick *kick);

/*
 * GICv2 GICD_ITARGETSR at @off from ITARGETSR0, as vCPU @vcpu sees it
 * (bytes or words): SGIs and PPIs read as @vcpu's own interface and
 * ignore writes; an SPI's byte routes it (bits of absent vCPUs dropped).
 */
int vgic_v2_itargetsr_access(struct vgic_dist *dist, unsigned int vcpu,
                             unsigned int off, unsigned int size, uint64_t *val,
                             bool write, struct vgic_kick *kick);
/*
 * GICv2 GICD_CPENDSGIR (@off 0-0xf) and GICD_SPENDSGIR (0x10-0x1f) of
 * vCPU @vcpu: one byte per SGI, one bit per requesting vCPU.
 */
int vgic_v2_pendsgir_access(struct vgic_dist *dist, unsigned int vcpu,
                            unsigned int off, unsigned int size, uint64_t *val,
                            bool write, struct vgic_kick *kick);

/* GICD_TYPER.ITLinesNumber for a domain with @nr_spis SPIs. */
static inline uint32_t vgic_typer_lines(unsigned int nr_spis)
{
    return (nr_spis + VGIC_NR_PRIVATE_IRQS) / 32 - 1;
}

/* GICv3: the vCPU a GICD_IROUTER value names, or VGIC_NO_VCPU. */
unsigned int vgic_v3_irouter_to_vcpu(const struct vgic_dist *dist, uint64_t irouter);
/* GICv3: the vCPUs an ICC_SGI1R_EL1 value from @sender names, into @targets. */
unsigned int vgic_v3_sgi1r_intid(uint64_t value);
void vgic_v3_sgi1r_targets(const struct vgic_dist *dist, unsigned int sender,
                           uint64_t value, struct vgic_kick *targets);
/* GICv2: the vCPU an ITARGETSR byte routes to (the lowest set bit). */
unsigned int vgic_v2_targets_to_vcpu(const struct vgic_dist *dist, uint8_t targets);
/* GICv2: the vCPUs a GICD_SGIR value from @sender names; -EINVAL if reserved. */
int vgic_v2_sgir_targets(const struct vgic_dist *dist, unsigned int sender,
                         uint32_t value, struct vgic_kick *targets);

/* Raise SGI @sgi from @sender on each vCPU of @targets; kicks into @kick. */
void vgic_raise_sgi(struct vgic_dist *dist, unsigned int sender, unsigned int sgi,
                    const struct vgic_kick *targets, struct vgic_kick *kick);

/* ---- list register encodings -------------------------------------- */

#define ICH_LR_VINTID_MASK      0xffffffffULL
#define ICH_LR_PINTID_SHIFT     32      /* with HW: bits 44:32 */
#define ICH_LR_PINTID_MASK      0x1fffULL
#define ICH_LR_EOI              (1ULL << 41)    /* without HW only */
#define ICH_LR_PRIORITY_SHIFT   48
#define ICH_LR_GROUP1           (1ULL << 60)
#define ICH_LR_HW               (1ULL << 61)
#define ICH_LR_PENDING          (1ULL << 62)
#define ICH_LR_ACTIVE           (1ULL << 63)

/*
 * GICv3: every virtual interrupt is Group 1 (IGROUPR reads as ones).  The
 * EOI bit shares its place with the physical INTID of a HW interrupt.
 */
static inline uint64_t vgic_v3_lr_encode(const struct vgic_lr *lr)
{
    uint64_t v = lr->intid | ((uint64_t)lr->priority << ICH_LR_PRIORITY_SHIFT) |
                 ICH_LR_GROUP1 | (lr->pending ? ICH_LR_PENDING : 0) |
                 (lr->active ? ICH_LR_ACTIVE : 0);

    if ( lr->hw )
        return v | ICH_LR_HW |
               ((lr->intid & ICH_LR_PINTID_MASK) << ICH_LR_PINTID_SHIFT);
    return v | (lr->eoi_maintenance ? ICH_LR_EOI : 0);
}

static inline void vgic_v3_lr_decode(uint64_t v, struct vgic_lr *lr)
{
    lr->intid = (uint32_t)(v & ICH_LR_VINTID_MASK);
    lr->priority = (uint8_t)(v >> ICH_LR_PRIORITY_SHIFT);
    lr->source = 0;
    lr->pending = v & ICH_LR_PENDING;
    lr->active = v & ICH_LR_ACTIVE;
    lr->hw = v & ICH_LR_HW;
    lr->eoi_maintenance = !lr->hw && (v & ICH_LR_EOI);
}

#define GICH_LR_VIRTUAL_MASK    0x3ffU
#define GICH_LR_CPUID_SHIFT     10
#define GICH_LR_CPUID_MASK      0x7U
#define GICH_LR_PHYSID_SHIFT    10      /* with HW: bits 19:10 */
#define GICH_LR_EOI             (1U << 19)      /* without HW only */
#define GICH_LR_PRIORITY_SHIFT  23      /* the top five bits of the priority */
#define GICH_LR_PENDING         (1U << 28)
#define GICH_LR_ACTIVE          (1U << 29)
#define GICH_LR_GROUP1          (1U << 30)
#define GICH_LR_HW              (1U << 31)

/*
 * GICv2: every virtual interrupt is Group 0 (IGROUPR reads as zero).  A HW
 * interrupt's physical ID takes the place of the CPUID and EOI fields.
 */
static inline uint32_t vgic_v2_lr_encode(const struct vgic_lr *lr)
{
    uint32_t v = (lr->intid & GICH_LR_VIRTUAL_MASK) |
                 ((uint32_t)(lr->priority >> 3) << GICH_LR_PRIORITY_SHIFT) |
                 (lr->pending ? GICH_LR_PENDING : 0) | (lr->active ? GICH_LR_ACTIVE : 0);

    if ( lr->hw )
        return v | GICH_LR_HW | ((lr->intid & GICH_LR_VIRTUAL_MASK) << GICH_LR_PHYSID_SHIFT);
    return v | ((uint32_t)(lr->source & GICH_LR_CPUID_MASK) << GICH_LR_CPUID_SHIFT) |
           (lr->eoi_maintenance ? GICH_LR_EOI : 0);
}

static inline void vgic_v2_lr_decode(uint32_t v, struct vgic_lr *lr)
{
    lr->intid = v & GICH_LR_VIRTUAL_MASK;
    lr->priority = (uint8_t)(((v >> GICH_LR_PRIORITY_SHIFT) & 0x1f) << 3);
    lr->pending = v & GICH_LR_PENDING;
    lr->active = v & GICH_LR_ACTIVE;
    lr->hw = v & GICH_LR_HW;
    lr->source = lr->hw ? 0 : (v >> GICH_LR_CPUID_SHIFT) & GICH_LR_CPUID_MASK;
    lr->eoi_maintenance = !lr->hw && (v & GICH_LR_EOI);
}

/* ---- version operations (vgic-v2.c, vgic-v3.c) ---------------------- */

struct domain;
struct vcpu;

struct vgic_ops {
    unsigned int version;
    unsigned int max_vcpus;
    /* Boot: can the hardware virtualize?  Fills vgic_hw; 0 or -errno. */
    int (*probe)(void);
    /* Register the MMIO regions (and map GICV for GICv2): 0 or -errno. */
    int (*domain_init)(struct domain *d);
    /* CPU interface state of a new vCPU. */
    void (*vcpu_reset)(struct vgic_cpu *c);
    /* This pCPU's virtual interface: reset, maintenance interrupts off. */
    void (*cpu_init)(void);
    /* Write @nr list registers (the rest were left empty), then ICH_HCR. */
    void (*load_lrs)(const struct vgic_lr *lrs, unsigned int nr, uint32_t hcr);
    /*
     * Write list register @n alone (empty until then): @intid pending,
     * nothing else (the injection's fast paths); ICH_HCR unchanged.
     * Scalars: the injection takes no address of a local (no canary).
     */
    void (*set_lr_pending)(unsigned int n, unsigned int intid, uint8_t priority, bool hw);
    /* ICH_ELRSR_EL2 / GICH_ELRSR0: bit n set, list register n holds nothing. */
    uint32_t (*empty_lrs)(void);
    /*
     * Read back @nr list registers into @lrs and empty them; maintenance
     * requests off, the EOI count reset.  Returns the EOI count.
     */
    unsigned int (*unload_lrs)(struct vgic_lr *lrs, unsigned int nr);
    /* Context switch: the interface state off (interface disabled) / on. */
    void (*save)(struct vgic_cpu *c);
    void (*restore)(const struct vgic_cpu *c);
    /* The live ICH_VMCR_EL2 / GICH_VMCR. */
    uint64_t (*read_vmcr)(void);
    /* A VMCR's priority mask and whether it enables the guest's group. */
    void (*vmcr_mask)(uint64_t vmcr, uint8_t *pmr, bool *group_enabled);
};

/* What this host offers, found by vgic_init(). */
struct vgic_hw {
    const struct vgic_ops *ops;     /* NULL: guests get no vGIC */
    unsigned int nr_lrs;            /* list registers we use (<= VGIC_MAX_LRS) */
    uint8_t prio_bits;              /* implemented virtual priority bits */
};
extern struct vgic_hw vgic_hw;

extern const struct vgic_ops vgic_v2_ops;
extern const struct vgic_ops vgic_v3_ops;

/* Kick each vCPU of @kick in domain @d (vgic.c); call without the lock. */
void vgic_kick_vcpus(struct domain *d, const struct vgic_kick *kick);

#endif /* ARM64_VGIC_INTERNAL_H */
