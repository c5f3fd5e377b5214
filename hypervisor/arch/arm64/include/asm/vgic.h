/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The virtual GIC (arch/arm64/vgic/): a GICv3 for the guests of a GICv3
 * host, a GICv2 for those of a GICv2 host, as Xen gives them.  The
 * distributor (and the GICv3 redistributors) are emulated through the MMIO
 * registry; the CPU interface runs on the hardware's virtualization
 * support (ICH_*_EL2 system registers, or the GICH/GICV frames of a
 * GICv2), fed through its list registers.
 *
 * Interrupt state lives in software (struct vgic_irq) and is loaded into
 * the list registers only while the vCPU runs: vgic_flush_lrs() on each
 * return to the guest picks what to load, vgic_sync_lrs() on each exit
 * that emulates something for the guest folds back what the guest did
 * with it (acknowledged, EOIed) and empties the list registers.  So when
 * such an exit is handled the software state is complete, and the
 * emulated registers a vCPU reads about itself are exact.  IRQ exits and
 * quiet ones leave the list registers live (vgic.c).  A change another vCPU makes to an interrupt loaded on a
 * running vCPU takes effect at that vCPU's next exit (which the change
 * forces with a kick when it makes something deliverable).
 *
 * Injection follows the vGIC of Xen 4.17: vgic_inject_irq(.., true) makes
 * an interrupt pending once, whatever its trigger (an edge); a device
 * whose level stays high does not re-interrupt after the guest's EOI
 * unless it injects again.  vgic_inject_irq(.., false) withdraws a
 * level-triggered interrupt the guest has not taken yet.
 *
 * Locking: struct vgic_dist's lock protects every struct vgic_irq of the
 * domain (shared and private), the queues and the list-register bookkeeping
 * of its vCPUs, and the distributor registers.  It is taken with IRQs
 * masked (injection happens from IRQ handlers) and is a leaf: nothing is
 * taken under it, and the vCPUs an operation made something deliverable
 * to are kicked (vcpu_unblock(), vcpu_kick()) after it is released.  A
 * device model may inject with its own lock held, as long as the
 * scheduler never takes that lock.
 */
#ifndef ASM_VGIC_H
#define ASM_VGIC_H

#include <xenith/spinlock.h>
#include <xenith/types.h>

#define VGIC_NR_SGIS            16
#define VGIC_NR_PRIVATE_IRQS    32      /* SGIs and PPIs, banked per vCPU */
#define VGIC_MAX_SPIS           988     /* INTIDs 32 .. 1019 */
#define VGIC_MAX_INTID          1019
#define VGIC_MAX_LRS            16      /* GICv3 has 16 at most; we use 16 of GICv2's 64 */
#define VGIC_MAX_VCPUS          128     /* GUEST_MAX_VCPUS: the GICv3 redistributor region */
#define VGIC_V2_MAX_VCPUS       8       /* a GICv2 has eight CPU interfaces */
#define VGIC_QUEUE_WORDS        16      /* 1024 bits: one per INTID */

#define VGIC_NO_VCPU            0xffffU
#define VGIC_NO_LR              0xffU

/* One virtual interrupt.  Protected by the domain's vgic_dist lock. */
struct vgic_irq {
    uint16_t intid;
    /*
     * The vCPU it is delivered to: the owner of an SGI/PPI; for an SPI the
     * vCPU IROUTER/ITARGETSR name (VGIC_NO_VCPU: none, it stays pending).
     */
    uint16_t target;
    uint16_t queued_on;         /* vCPU whose queue holds it, or VGIC_NO_VCPU */
    uint8_t priority;           /* as written to IPRIORITYR (all 8 bits kept) */
    uint8_t lr;                 /* list register holding it, or VGIC_NO_LR */
    bool enabled;
    bool edge;                  /* ICFGR: edge-triggered (SGIs always) */
    bool pending;               /* pending state not in a list register */
    bool active;
    bool lr_pending;            /* loaded in the pending state */
    /*
     * SPI routed from the hardware (route_irq_to_guest(), physical INTID ==
     * intid): loaded with the list register's HW bit, so the guest's
     * deactivation deactivates the physical interrupt.
     */
    bool hw;
    /* SPI: one source of interrupts has it (vgic_claim_spi()). */
    bool claimed;
    /* GICv2 SGIs: one pending request per source vCPU (bit n: vCPU n). */
    uint8_t sgi_sources;
    uint8_t lr_source;          /* the source given to the loaded copy */
    uint8_t targets;            /* GICv2 SPI: the ITARGETSR byte */
    uint64_t irouter;           /* GICv3 SPI: GICD_IROUTER as written */
};

struct vgic_ops;

/* A domain's virtual distributor (arch_domain.vgic). */
struct vgic_dist {
    spinlock_t lock;            /* see "Locking" above */
    const struct vgic_ops *ops; /* GICv2 or GICv3 emulation */
    unsigned int version;       /* 2 or 3 */
    unsigned int nr_spis;       /* a multiple of 32 */
    unsigned int nr_vcpus;      /* entries of vcpus[] */
    bool enabled;               /* GICD_CTLR: the guest enabled group forwarding */
    struct vgic_irq *spis;      /* nr_spis interrupts, INTID 32 upwards */
    struct vgic_cpu **vcpus;    /* each vCPU's half, set by vgic_vcpu_init() */
};

/* A vCPU's virtual GIC state (arch_vcpu.vgic). */
struct vgic_cpu {
    unsigned int vcpu_id;
    struct vgic_irq private_irqs[VGIC_NR_PRIVATE_IRQS];
    /* INTIDs to consider for the list registers: pending or active here. */
    uint64_t queue[VGIC_QUEUE_WORDS];
    /*
     * Bits set in queue[]: zero lets the entry path skip the list
     * registers (read there without the lock; an injection it misses
     * kicks the vCPU, which then exits again at once).
     */
    uint16_t nr_queued;
    /* What the last vgic_flush_lrs() loaded, until vgic_sync_lrs(). */
    uint16_t lr_intid[VGIC_MAX_LRS];
    uint8_t nr_lrs_loaded;
    bool loaded;                /* list registers hold this vCPU's state */
    /*
     * A loaded interrupt changed (vgic_irq_update()) since the list
     * registers were written: an injection's direct write (vgic.c) is
     * then redone by the entry path's plan.
     */
    bool lrs_changed;
    /* CPU interface state while the vCPU is off its pCPU (vgic_save()). */
    uint64_t vmcr;              /* ICH_VMCR_EL2 / GICH_VMCR */
    uint32_t apr[8];            /* GICv3: ICH_AP0R0-3, ICH_AP1R0-3; GICv2: GICH_APR */
    uint64_t sre_el1;           /* GICv3: the guest's ICC_SRE_EL1 */
};

struct domain;
struct vcpu;

/*
 * Boot CPU, after irq_init() and time_init(): find out what the hardware
 * offers guests (prints one line) and set up this CPU's virtual CPU
 * interface.  Without usable virtualization support guests get no vGIC
 * (domain creation then fails with -ENODEV).
 */
void vgic_init(void);
/* Each secondary CPU, after irq_init_secondary_cpu(). */
void vgic_init_secondary_cpu(void);

/*
 * Domain creation, once d->max_vcpus is set: a virtual GIC of the host's
 * version with @nr_spis SPIs (rounded up to a multiple of 32; at most
 * VGIC_MAX_SPIS), its MMIO regions registered at the GUEST_GIC* addresses
 * of public/arch-arm.h and, for GICv2, the hardware GICV mapped at
 * GUEST_GICC_BASE.  Returns 0 or -errno (-ENODEV: the host has no usable
 * GIC virtualization; -EINVAL: too many SPIs, or vCPUs for a GICv2).
 * vgic_domain_free() undoes it (also after a failed init).
 */
int vgic_domain_init(struct domain *d, unsigned int nr_spis);
void vgic_domain_free(struct domain *d);
/*
 * Each vCPU, after vgic_domain_init() and once v->vcpu_id/domain are set:
 * 0, or -EINVAL (no vGIC, or an id beyond max_vcpus).  vgic_vcpu_destroy()
 * before the vCPU is freed (it must not be running).
 */
int vgic_vcpu_init(struct vcpu *v);
void vgic_vcpu_destroy(struct vcpu *v);

/*
 * Make @intid pending (@level true) or withdraw it (@level false: a
 * level-triggered interrupt not yet taken by the guest is no longer
 * pending).  SGIs and PPIs (INTID < 32) go to @v; SPIs to the vCPU their
 * routing names (@v is ignored, may be NULL).  Kicks the target vCPU when
 * the interrupt becomes deliverable: wakes it from WFI, and makes it exit
 * if it runs on another pCPU.  Any context, IRQs masked or not.
 * Returns 0, or -EINVAL when @intid does not exist in @d.
 */
int vgic_inject_irq(struct domain *d, struct vcpu *v, unsigned int intid, bool level);
/*
 * Claim (@claim) or give back SPI @intid of @d for one source of interrupts,
 * a device Xenith emulates (the vPL011) or a physical SPI routed to the
 * domain, as Xen's vgic_reserve_virq() does: two sources never share one.
 * Returns 0, -EBUSY when another source has it, -EINVAL when @d has no
 * such SPI.
 */
int vgic_claim_spi(struct domain *d, unsigned int intid, bool claim);

/* Whether @intid of @v is pending or active (in a list register or not). */
bool vgic_irq_in_flight(struct vcpu *v, unsigned int intid);

/*
 * The exit and entry paths (the cpu engineer's entry.S/traps.c):
 * vgic_sync_lrs(current) on every exit from a guest vCPU that emulates
 * something (MMIO, WFI, hypercalls: they see exact state), before it is
 * handled, not on IRQ exits and quiet ones;
 * vgic_flush_lrs(current) on every return to a guest vCPU, with IRQs
 * masked, after the last chance to reschedule.  Both are cheap no-ops for
 * the idle vCPU and when already done.
 */
void vgic_sync_lrs(struct vcpu *v);
void vgic_flush_lrs(struct vcpu *v);

/*
 * Whether the list registers no longer hold what the plan would load:
 * something queued is not loaded, or a loaded interrupt changed.  Read
 * without the lock: an injection or change racing with these reads kicks
 * the vCPU, which exits again as soon as it enters, or lands as it would
 * once the guest runs.
 */
static inline bool vgic_lrs_stale(const struct vgic_cpu *c)
{
    unsigned int queued = __atomic_load_n(&c->nr_queued, __ATOMIC_RELAXED);

    /* Nothing queued: nothing loaded either, nor changed. */
    return queued && (queued != c->nr_lrs_loaded ||
                      __atomic_load_n(&c->lrs_changed, __ATOMIC_RELAXED));
}

/*
 * An IRQ exit's way back (traps.c), IRQs masked: whether the list
 * registers the guest left are still @c's, and hold what its plan would
 * load, the handlers' injections included (written straight into them).
 * vgic_flush_lrs() would then load nothing; at most it would fold list
 * registers the guest has emptied, which may as well wait for the next
 * exit that syncs (as they did through the IRQ exit itself).
 */
static inline bool vgic_lrs_settled(const struct vgic_cpu *c)
{
    return c->loaded && !vgic_lrs_stale(c);
}

/*
 * Whether an interrupt would be signalled to @v now: pending, enabled,
 * above its priority mask and running priority, its group enabled (the
 * live CPU interface state if @v's is on this pCPU, else the saved one).
 * For WFI: set VPF_blocked first, then ask, so that an injection in
 * between is not lost (the injection clears it with vcpu_unblock()).
 */
bool vgic_vcpu_pending_irq(struct vcpu *v);

/* Context switch: the CPU interface state of @v off / onto this pCPU. */
void vgic_save(struct vcpu *v);
void vgic_restore(struct vcpu *v);

/*
 * ICC_SGI1R_EL1 written by the guest (trapped: HCR_EL2.IMO is set): raise
 * the SGI on the vCPUs it names.  Returns 0, or -EINVAL when the domain's
 * vGIC is not a GICv3 (inject UNDEF).  ICC_SGI0R_EL1 and ICC_ASGI1R_EL1
 * (Group 0 / other security state) are not emulated, as on Xen: UNDEF.
 */
int vgic_v3_emulate_sgi(struct vcpu *v, uint64_t value);

/*
 * The distributor emulation, dist->lock held, after a guest write of @size
 * bytes at GICD offset @off: the physical SPIs routed to the guest
 * (irq_guest.c) that the write concerns follow their virtual enable
 * (GICD_ISENABLER/ICENABLER), target (GICD_IROUTER, GICv2 ITARGETSR) or
 * lack of pending and active state (GICD_ICPENDR/ICACTIVER).
 */
void irq_guest_sync(struct vgic_dist *dist, unsigned int off, unsigned int size);

/* The MPIDR affinity of vCPU @id, as Xen gives it (Aff0 = id % 16, ...). */
static inline uint64_t vgic_vcpu_affinity(unsigned int id)
{
    return (id & 0xfU) | ((uint64_t)((id >> 4) & 0xffU) << 8) |
           ((uint64_t)((id >> 12) & 0xffU) << 16);
}

#endif /* ASM_VGIC_H */
