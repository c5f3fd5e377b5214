/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests of the virtual GIC's pure logic (arch/arm64/vgic/vgic-irq.c
 * and vgic-regs.c): distributor register decode/encode, the enable,
 * pending, active and priority state, the choice of list registers and
 * the fold of what the guest did with them, SPI routing and SGI requests.
 * The test plays the hardware: it takes the list registers the planner
 * chose, changes their state as a guest would, and folds them back.
 */
#include <string.h>

#include "host.h"
#include <xenith/errno.h>
#include "../../hypervisor/arch/arm64/vgic/vgic-internal.h"

#define NR_VCPUS    4
#define NR_SPIS     64

/* Register offsets (the same in GICD and GICR_SGI_base). */
#define ISENABLER   0x100
#define ICENABLER   0x180
#define ISPENDR     0x200
#define ICPENDR     0x280
#define ISACTIVER   0x300
#define ICACTIVER   0x380
#define IPRIORITYR  0x400
#define ICFGR       0xc00

static struct vgic_dist dist;
static struct vgic_cpu cpus[NR_VCPUS];
static struct vgic_cpu *cpu_ptrs[NR_VCPUS];
static struct vgic_irq spis[NR_SPIS];

static void setup(unsigned int version)
{
    memset(&dist, 0, sizeof(dist));
    memset(cpus, 0, sizeof(cpus));
    dist.version = version;
    dist.nr_spis = NR_SPIS;
    dist.nr_vcpus = NR_VCPUS;
    dist.spis = spis;
    dist.vcpus = cpu_ptrs;
    dist.enabled = true;
    vgic_irq_init_spis(&dist);
    for ( unsigned int i = 0; i < NR_VCPUS; i++ )
    {
        cpus[i].vcpu_id = i;
        cpu_ptrs[i] = &cpus[i];
        vgic_irq_init_private(&dist, &cpus[i]);
    }
}

static int setup_v3(void **state)
{
    (void)state;
    setup(3);
    return 0;
}

static int setup_v2(void **state)
{
    (void)state;
    setup(2);
    return 0;
}

static const struct vgic_bank gicd_v3 = { .vcpu = 0, .lo = 32, .hi = 32 + NR_SPIS };

static struct vgic_bank gicr(unsigned int vcpu)
{
    return (struct vgic_bank){ .vcpu = vcpu, .lo = 0, .hi = 32 };
}

static uint32_t rd(const struct vgic_bank *bank, unsigned int off)
{
    uint32_t v = 0xdeadbeef;

    assert_int_equal(vgic_bank_read(&dist, bank, off, 4, &v), 0);
    return v;
}

static void wr(const struct vgic_bank *bank, unsigned int off, uint32_t v,
               struct vgic_kick *kick)
{
    assert_int_equal(vgic_bank_write(&dist, bank, off, 4, v, kick), 0);
}

static bool kicked(const struct vgic_kick *kick, unsigned int vcpu)
{
    return kick->mask[vcpu / 64] & (1ULL << (vcpu % 64));
}

/* The count the entry path and the queue walks rely on matches the bits. */
static void check_nr_queued(unsigned int vcpu)
{
    unsigned int n = 0;

    for ( unsigned int w = 0; w < VGIC_QUEUE_WORDS; w++ )
        n += (unsigned int)__builtin_popcountll(cpus[vcpu].queue[w]);
    assert_int_equal(cpus[vcpu].nr_queued, n);
}

static bool queued(unsigned int vcpu, unsigned int intid)
{
    check_nr_queued(vcpu);
    return cpus[vcpu].queue[intid / 64] & (1ULL << (intid % 64));
}

/* Enable @intid with @prio through the registers of @bank. */
static void enable(const struct vgic_bank *bank, unsigned int intid, uint8_t prio)
{
    uint32_t p = prio;

    assert_int_equal(vgic_bank_write(&dist, bank, IPRIORITYR + intid, 1, p, NULL), 0);
    wr(bank, ISENABLER + intid / 32 * 4, 1U << (intid % 32), NULL);
}

static void test_enable_bits(void **state)
{
    struct vgic_kick kick = { { 0 } };
    struct vgic_bank r1 = gicr(1);

    (void)state;
    wr(&gicd_v3, ISENABLER + 4, 0x80000003, &kick);
    assert_int_equal(rd(&gicd_v3, ISENABLER + 4), 0x80000003);
    assert_int_equal(rd(&gicd_v3, ICENABLER + 4), 0x80000003);
    wr(&gicd_v3, ICENABLER + 4, 0x1, &kick);
    assert_int_equal(rd(&gicd_v3, ISENABLER + 4), 0x80000002);
    /* GICv3 distributor: SGIs/PPIs are in the redistributor: RAZ/WI. */
    wr(&gicd_v3, ISENABLER, ~0U, &kick);
    assert_int_equal(rd(&gicd_v3, ISENABLER), 0);
    /* Beyond nr_spis: RAZ/WI. */
    wr(&gicd_v3, ISENABLER + 12, ~0U, &kick);
    assert_int_equal(rd(&gicd_v3, ISENABLER + 12), 0);
    /* Redistributor of vCPU 1: its own banked copy only. */
    wr(&r1, ISENABLER, 1U << 27, &kick);
    assert_int_equal(rd(&r1, ISENABLER), 1U << 27);
    assert_true(cpus[1].private_irqs[27].enabled);
    assert_false(cpus[0].private_irqs[27].enabled);
    /* Nothing pending: nobody to kick. */
    for ( unsigned int v = 0; v < NR_VCPUS; v++ )
        assert_false(kicked(&kick, v));
}

static void test_priority_and_sizes(void **state)
{
    struct vgic_bank r0 = gicr(0);
    uint32_t v;

    (void)state;
    assert_int_equal(vgic_bank_write(&dist, &gicd_v3, IPRIORITYR + 33, 1, 0xa0, NULL), 0);
    wr(&gicd_v3, IPRIORITYR + 36, 0x40302010, NULL);
    assert_int_equal(rd(&gicd_v3, IPRIORITYR + 32), 0x0000a000);
    assert_int_equal(rd(&gicd_v3, IPRIORITYR + 36), 0x40302010);
    assert_int_equal(vgic_bank_read(&dist, &gicd_v3, IPRIORITYR + 38, 1, &v), 0);
    assert_int_equal(v, 0x30);
    assert_int_equal(dist.spis[38 - 32].priority, 0x30);
    /* Half-words, misaligned words, bytes of bit registers: refused. */
    assert_int_equal(vgic_bank_read(&dist, &gicd_v3, IPRIORITYR + 32, 2, &v), -EINVAL);
    assert_int_equal(vgic_bank_write(&dist, &gicd_v3, IPRIORITYR + 33, 4, 0, NULL), -EINVAL);
    assert_int_equal(vgic_bank_read(&dist, &gicd_v3, ISENABLER + 4, 1, &v), -EINVAL);
    assert_int_equal(vgic_bank_read(&dist, &gicd_v3, ISENABLER + 4, 8, &v), -EINVAL);
    /* Redistributor priorities: SGIs and PPIs. */
    wr(&r0, IPRIORITYR + 24, 0x80000000, NULL);
    assert_int_equal(cpus[0].private_irqs[27].priority, 0x80);
}

static void test_config(void **state)
{
    struct vgic_bank r0 = gicr(0);

    (void)state;
    /* SGIs: always edge, writes ignored. */
    assert_int_equal(rd(&r0, ICFGR), 0xaaaaaaaa);
    wr(&r0, ICFGR, 0, NULL);
    assert_int_equal(rd(&r0, ICFGR), 0xaaaaaaaa);
    /* PPIs and SPIs start level, may be made edge. */
    assert_int_equal(rd(&r0, ICFGR + 4), 0);
    wr(&r0, ICFGR + 4, 0x00800000, NULL);           /* INTID 27 */
    assert_true(cpus[0].private_irqs[27].edge);
    wr(&gicd_v3, ICFGR + 8, 0x2, NULL);             /* INTID 32 */
    assert_true(dist.spis[0].edge);
    assert_int_equal(rd(&gicd_v3, ICFGR + 8), 0x2);
}

static void test_groups(void **state)
{
    struct vgic_bank r0 = gicr(0);
    struct vgic_bank v2 = { .vcpu = 0, .lo = 0, .hi = 32 + NR_SPIS };

    (void)state;
    assert_int_equal(rd(&r0, 0x80), ~0U);
    assert_int_equal(rd(&gicd_v3, 0x84), ~0U);
    assert_int_equal(rd(&gicd_v3, 0x80), 0);       /* private: RAZ */
    dist.version = 2;
    assert_int_equal(rd(&v2, 0x84), 0);
}

static void test_pending_queues_and_kicks(void **state)
{
    struct vgic_kick kick = { { 0 } };
    struct vgic_irq *irq = vgic_irq_get(&dist, 0, 40);

    (void)state;
    /* Pending but disabled: visible, not queued, no kick. */
    vgic_irq_set_pending(&dist, irq, 0, &kick);
    assert_int_equal(rd(&gicd_v3, ISPENDR + 4), 1U << 8);
    assert_false(queued(0, 40));
    assert_false(kicked(&kick, 0));
    /* Enabling makes it deliverable to its target, vCPU 0. */
    wr(&gicd_v3, ISENABLER + 4, 1U << 8, &kick);
    assert_true(queued(0, 40));
    assert_true(kicked(&kick, 0));
    /* Distributor off: off every queue; on again: back, with a kick. */
    dist.enabled = false;
    vgic_irq_update_all(&dist, NULL);
    assert_false(queued(0, 40));
    memset(&kick, 0, sizeof(kick));
    dist.enabled = true;
    vgic_irq_update_all(&dist, &kick);
    assert_true(queued(0, 40));
    assert_true(kicked(&kick, 0));
    /* ICPENDR withdraws it. */
    wr(&gicd_v3, ICPENDR + 4, 1U << 8, NULL);
    assert_false(queued(0, 40));
    assert_int_equal(rd(&gicd_v3, ISPENDR + 4), 0);
    /* A level line lowered before the guest took it: gone; edge: stays. */
    vgic_irq_set_pending(&dist, irq, 0, NULL);
    vgic_irq_lower(&dist, irq);
    assert_false(vgic_irq_is_pending(irq));
    irq->edge = true;
    vgic_irq_set_pending(&dist, irq, 0, NULL);
    vgic_irq_lower(&dist, irq);
    assert_true(vgic_irq_is_pending(irq));
}

static void test_routing_v3(void **state)
{
    struct vgic_kick kick = { { 0 } };
    struct vgic_irq *irq = vgic_irq_get(&dist, 0, 33);

    (void)state;
    assert_int_equal(vgic_v3_irouter_to_vcpu(&dist, 0x0), 0);
    assert_int_equal(vgic_v3_irouter_to_vcpu(&dist, 0x3), 3);
    assert_int_equal(vgic_v3_irouter_to_vcpu(&dist, 0x4), VGIC_NO_VCPU);
    assert_int_equal(vgic_v3_irouter_to_vcpu(&dist, 0x100), VGIC_NO_VCPU);
    assert_int_equal(vgic_v3_irouter_to_vcpu(&dist, 1ULL << 32), VGIC_NO_VCPU);
    assert_int_equal(vgic_v3_irouter_to_vcpu(&dist, (1ULL << 31) | 2), 0);
    dist.nr_vcpus = 40;     /* affinity 2.4 is vCPU 36 (0x24) */
    assert_int_equal(vgic_v3_irouter_to_vcpu(&dist, 0x204), 0x24);
    assert_int_equal(vgic_v3_irouter_to_vcpu(&dist, 0x014), VGIC_NO_VCPU);
    dist.nr_vcpus = NR_VCPUS;

    enable(&gicd_v3, 33, 0x80);
    vgic_irq_set_pending(&dist, irq, 0, NULL);
    assert_true(queued(0, 33));
    vgic_irq_route(&dist, irq, 2, &kick);
    assert_false(queued(0, 33));
    assert_true(queued(2, 33));
    assert_true(kicked(&kick, 2));
    /* Routed nowhere: stays pending, on no queue. */
    vgic_irq_route(&dist, irq, VGIC_NO_VCPU, NULL);
    for ( unsigned int v = 0; v < NR_VCPUS; v++ )
        assert_false(queued(v, 33));
    assert_true(vgic_irq_is_pending(irq));
}

static void test_irouter_registers(void **state)
{
    struct vgic_kick kick = { { 0 } };
    uint64_t v;

    (void)state;
    /* IROUTER32 at offset 0x100 from IROUTER0; reset: affinity 0. */
    assert_int_equal(vgic_v3_irouter_read(&dist, 0x100, 8, &v), 0);
    assert_int_equal(v, 0);
    /* Whole register: vCPU 2; reserved bits dropped. */
    assert_int_equal(vgic_v3_irouter_write(&dist, 0x108, 8, 0xff00000002ULL | (1ULL << 40) | 0x7f000000, &kick), 0);
    assert_int_equal(vgic_v3_irouter_read(&dist, 0x108, 8, &v), 0);
    assert_int_equal(v, 0xff00000002ULL);
    assert_int_equal(dist.spis[1].target, VGIC_NO_VCPU);      /* Aff3 = 0xff */
    /* Upper half cleared with a 32-bit write: vCPU 2 now exists there. */
    assert_int_equal(vgic_v3_irouter_write(&dist, 0x10c, 4, 0, &kick), 0);
    assert_int_equal(dist.spis[1].target, 2);
    assert_int_equal(vgic_v3_irouter_read(&dist, 0x108, 4, &v), 0);
    assert_int_equal(v, 2);
    assert_int_equal(vgic_v3_irouter_read(&dist, 0x10c, 4, &v), 0);
    assert_int_equal(v, 0);
    /* IRM=1: vCPU 0. */
    assert_int_equal(vgic_v3_irouter_write(&dist, 0x108, 4, 0x80000003, &kick), 0);
    assert_int_equal(dist.spis[1].target, 0);
    /* SGI/PPI routers and SPIs beyond nr_spis: RAZ/WI; bad sizes refused. */
    assert_int_equal(vgic_v3_irouter_write(&dist, 0x8, 8, 3, &kick), 0);
    assert_int_equal(vgic_v3_irouter_read(&dist, 0x8, 8, &v), 0);
    assert_int_equal(v, 0);
    assert_int_equal(vgic_v3_irouter_read(&dist, 8 * (32 + NR_SPIS), 8, &v), 0);
    assert_int_equal(v, 0);
    assert_int_equal(vgic_v3_irouter_read(&dist, 0x100, 2, &v), -EINVAL);
    assert_int_equal(vgic_v3_irouter_write(&dist, 0x104, 8, 0, &kick), -EINVAL);
}

static void test_routing_v2(void **state)
{
    (void)state;
    assert_int_equal(vgic_v2_targets_to_vcpu(&dist, 0x0c), 2);
    assert_int_equal(vgic_v2_targets_to_vcpu(&dist, 0x01), 0);
    assert_int_equal(vgic_v2_targets_to_vcpu(&dist, 0x30), VGIC_NO_VCPU);
    assert_int_equal(vgic_v2_targets_to_vcpu(&dist, 0), VGIC_NO_VCPU);
}

static void test_itargetsr(void **state)
{
    struct vgic_kick kick = { { 0 } };
    uint64_t v;

    (void)state;
    /* SGIs/PPIs: each vCPU reads its own interface; writes ignored. */
    assert_int_equal(vgic_v2_itargetsr_access(&dist, 2, 0x1c, 4, &v, false, NULL), 0);
    assert_int_equal(v, 0x04040404);
    v = 0xffffffff;
    assert_int_equal(vgic_v2_itargetsr_access(&dist, 2, 0x1c, 4, &v, true, &kick), 0);
    assert_int_equal(vgic_v2_itargetsr_access(&dist, 1, 0x1c, 1, &v, false, NULL), 0);
    assert_int_equal(v, 0x02);
    /* SPIs: reset to CPU 0; bytes and words; absent vCPUs' bits dropped. */
    assert_int_equal(vgic_v2_itargetsr_access(&dist, 0, 0x20, 4, &v, false, NULL), 0);
    assert_int_equal(v, 0x01010101);
    v = 0xf0;
    assert_int_equal(vgic_v2_itargetsr_access(&dist, 0, 0x21, 1, &v, true, &kick), 0);
    assert_int_equal(dist.spis[1].targets, 0);
    assert_int_equal(dist.spis[1].target, VGIC_NO_VCPU);
    v = 0x0c080001;
    assert_int_equal(vgic_v2_itargetsr_access(&dist, 0, 0x24, 4, &v, true, &kick), 0);
    assert_int_equal(dist.spis[4].target, 0);
    assert_int_equal(dist.spis[6].target, 3);
    assert_int_equal(dist.spis[7].target, 2);
    assert_int_equal(vgic_v2_itargetsr_access(&dist, 3, 0x24, 4, &v, false, NULL), 0);
    assert_int_equal(v, 0x0c080001);
    assert_int_equal(vgic_v2_itargetsr_access(&dist, 0, 0x24, 2, &v, false, NULL), -EINVAL);
}

static void test_pendsgir(void **state)
{
    struct vgic_bank v1 = { .vcpu = 1, .lo = 0, .hi = 32 + NR_SPIS };
    struct vgic_kick kick = { { 0 } };
    uint64_t v = 0x0500;                /* SGI 1 from vCPUs 0 and 2 */

    (void)state;
    enable(&v1, 1, 0x10);
    assert_int_equal(vgic_v2_pendsgir_access(&dist, 1, 0x10, 4, &v, true, &kick), 0);
    assert_true(kicked(&kick, 1));
    assert_int_equal(cpus[1].private_irqs[1].sgi_sources, 0x5);
    assert_true(queued(1, 1));
    assert_int_equal(vgic_v2_pendsgir_access(&dist, 1, 0x0, 4, &v, false, NULL), 0);
    assert_int_equal(v, 0x0500);
    assert_int_equal(vgic_v2_pendsgir_access(&dist, 1, 0x11, 1, &v, false, NULL), 0);
    assert_int_equal(v, 0x05);
    /* Another vCPU's view: its own SGIs, none pending. */
    assert_int_equal(vgic_v2_pendsgir_access(&dist, 0, 0x10, 4, &v, false, NULL), 0);
    assert_int_equal(v, 0);
    /* Clear one source, then the other: no longer pending or queued. */
    v = 0x01;
    assert_int_equal(vgic_v2_pendsgir_access(&dist, 1, 0x1, 1, &v, true, NULL), 0);
    assert_int_equal(cpus[1].private_irqs[1].sgi_sources, 0x4);
    assert_true(queued(1, 1));
    v = 0x0400;
    assert_int_equal(vgic_v2_pendsgir_access(&dist, 1, 0x0, 4, &v, true, NULL), 0);
    assert_false(cpus[1].private_irqs[1].pending);
    assert_false(queued(1, 1));
}

static void test_sgi_decode(void **state)
{
    struct vgic_kick t;

    (void)state;
    /* INTID 5 to Aff1=0, list {1, 3}. */
    vgic_v3_sgi1r_targets(&dist, 0, (5ULL << 24) | 0xa, &t);
    assert_int_equal(vgic_v3_sgi1r_intid((5ULL << 24) | 0xa), 5);
    assert_int_equal(t.mask[0], 0xa);
    /* Targets that do not exist are dropped (Aff1=1, RS=1). */
    vgic_v3_sgi1r_targets(&dist, 0, (1ULL << 16) | 0x1, &t);
    assert_int_equal(t.mask[0], 0);
    vgic_v3_sgi1r_targets(&dist, 0, (1ULL << 44) | 0x1, &t);
    assert_int_equal(t.mask[0], 0);
    /* IRM: everyone but the sender. */
    vgic_v3_sgi1r_targets(&dist, 2, 1ULL << 40, &t);
    assert_int_equal(t.mask[0], 0xb);

    assert_int_equal(vgic_v2_sgir_targets(&dist, 1, 0x00050003, &t), 0);
    assert_int_equal(t.mask[0], 0x5);
    assert_int_equal(vgic_v2_sgir_targets(&dist, 1, 0x01000003, &t), 0);
    assert_int_equal(t.mask[0], 0xd);
    assert_int_equal(vgic_v2_sgir_targets(&dist, 1, 0x02000003, &t), 0);
    assert_int_equal(t.mask[0], 0x2);
    assert_int_equal(vgic_v2_sgir_targets(&dist, 1, 0x03000003, &t), -EINVAL);
    /* List bits beyond the vCPUs are ignored. */
    assert_int_equal(vgic_v2_sgir_targets(&dist, 1, 0x00f00003, &t), 0);
    assert_int_equal(t.mask[0], 0);
}

static unsigned int plan(unsigned int vcpu, struct vgic_lr *lrs, unsigned int nr,
                         uint32_t *hcr)
{
    return vgic_plan_lrs(&dist, vcpu, lrs, nr, hcr);
}

static void test_lr_choice(void **state)
{
    struct vgic_bank r0 = gicr(0);
    struct vgic_lr lrs[VGIC_MAX_LRS];
    uint32_t hcr;
    unsigned int n;

    (void)state;
    enable(&gicd_v3, 40, 0xa0);
    enable(&gicd_v3, 41, 0x20);
    enable(&r0, 27, 0x80);
    enable(&gicd_v3, 42, 0x20);
    vgic_irq_set_pending(&dist, vgic_irq_get(&dist, 0, 40), 0, NULL);
    vgic_irq_set_pending(&dist, vgic_irq_get(&dist, 0, 42), 0, NULL);
    vgic_irq_set_pending(&dist, vgic_irq_get(&dist, 0, 41), 0, NULL);
    vgic_irq_set_pending(&dist, vgic_irq_get(&dist, 0, 27), 0, NULL);

    /* Two LRs for four interrupts: the two most urgent, NPIE for the rest. */
    n = plan(0, lrs, 2, &hcr);
    assert_int_equal(n, 2);
    assert_int_equal(lrs[0].intid, 41);
    assert_int_equal(lrs[1].intid, 42);
    assert_true(lrs[0].pending && !lrs[0].active);
    assert_int_equal(lrs[0].priority, 0x20);
    assert_int_equal(hcr, VGIC_HCR_NPIE);
    /* Loaded interrupts still read as pending. */
    assert_int_equal(rd(&gicd_v3, ISPENDR + 4), 0x7U << 8);

    /* The guest acknowledges 41; 42 stays pending in its LR. */
    lrs[0].pending = false;
    lrs[0].active = true;
    vgic_fold_lrs(&dist, 0, lrs, n, 0, NULL);
    assert_true(dist.spis[9].active);
    assert_false(dist.spis[9].pending);
    assert_true(dist.spis[10].pending);

    /* Active first, then by priority: 41 (active), 42, 27, 40 waits. */
    n = plan(0, lrs, 3, &hcr);
    assert_int_equal(n, 3);
    assert_int_equal(lrs[0].intid, 41);
    assert_true(lrs[0].active && !lrs[0].pending);
    assert_int_equal(lrs[1].intid, 42);
    assert_int_equal(lrs[2].intid, 27);
    assert_int_equal(hcr, VGIC_HCR_NPIE);

    /* Everything EOIed: nothing left but 40. */
    for ( unsigned int i = 0; i < n; i++ )
        lrs[i].pending = lrs[i].active = false;
    vgic_fold_lrs(&dist, 0, lrs, n, 0, NULL);
    assert_false(queued(0, 41));
    assert_false(queued(0, 27));
    n = plan(0, lrs, 4, &hcr);
    assert_int_equal(n, 1);
    assert_int_equal(lrs[0].intid, 40);
    assert_int_equal(hcr, 0);
}

static void test_lr_overflow_of_active(void **state)
{
    struct vgic_lr lrs[VGIC_MAX_LRS];
    uint32_t hcr;
    unsigned int n;

    (void)state;
    /* Three nested active interrupts, one pending, two LRs. */
    for ( unsigned int i = 0; i < 3; i++ )
    {
        struct vgic_irq *irq = vgic_irq_get(&dist, 0, 32 + i);

        enable(&gicd_v3, 32 + i, (uint8_t)(0x80 - 0x10 * i));
        irq->active = true;
        vgic_irq_update(&dist, irq, NULL);
    }
    enable(&gicd_v3, 40, 0x10);
    vgic_irq_set_pending(&dist, vgic_irq_get(&dist, 0, 40), 0, NULL);
    n = plan(0, lrs, 2, &hcr);
    assert_int_equal(n, 2);
    /* The most urgent actives (the guest EOIs them first). */
    assert_int_equal(lrs[0].intid, 34);
    assert_int_equal(lrs[1].intid, 33);
    /* Nothing pending loaded: underflow, not NPIE; EOIs of unlisted ones. */
    assert_int_equal(hcr, VGIC_HCR_UIE | VGIC_HCR_LRENPIE);

    /* The guest EOIs 34, 33, and then 32 (which was in no LR). */
    lrs[0].active = lrs[1].active = false;
    vgic_fold_lrs(&dist, 0, lrs, n, 1, NULL);
    assert_false(dist.spis[0].active);
    assert_false(dist.spis[1].active);
    assert_false(dist.spis[2].active);
    n = plan(0, lrs, 2, &hcr);
    assert_int_equal(n, 1);
    assert_int_equal(lrs[0].intid, 40);
}

static void test_edge_while_loaded(void **state)
{
    struct vgic_kick kick = { { 0 } };
    struct vgic_irq *irq = vgic_irq_get(&dist, 1, 27);
    struct vgic_bank r1 = gicr(1);
    struct vgic_lr lrs[VGIC_MAX_LRS];
    uint32_t hcr;
    unsigned int n;

    (void)state;
    enable(&r1, 27, 0xa0);
    vgic_irq_set_pending(&dist, irq, 0, NULL);
    n = plan(1, lrs, 4, &hcr);
    assert_int_equal(n, 1);
    /* Guest acknowledged; meanwhile the timer fires again. */
    vgic_irq_set_pending(&dist, irq, 0, &kick);
    assert_true(kicked(&kick, 1));
    lrs[0].pending = false;
    lrs[0].active = true;
    vgic_fold_lrs(&dist, 1, lrs, n, 0, NULL);
    /* Back as pending and active in one LR. */
    n = plan(1, lrs, 4, &hcr);
    assert_int_equal(n, 1);
    assert_true(lrs[0].pending && lrs[0].active);
    assert_false(lrs[0].eoi_maintenance);
    /* A second edge while still pending in the LR merges with it. */
    vgic_irq_set_pending(&dist, irq, 0, NULL);
    vgic_fold_lrs(&dist, 1, lrs, n, 0, NULL);
    n = plan(1, lrs, 4, &hcr);
    assert_int_equal(n, 1);
}

static void test_v2_sgi_sources(void **state)
{
    struct vgic_bank v2 = { .vcpu = 2, .lo = 0, .hi = 32 + NR_SPIS };
    struct vgic_kick targets = { { 1ULL << 2 } }, kick = { { 0 } };
    struct vgic_lr lrs[VGIC_MAX_LRS];
    uint32_t hcr, v;
    unsigned int n;

    (void)state;
    enable(&v2, 3, 0x00);
    /* ISPENDR does not reach GICv2 SGIs. */
    wr(&v2, ISPENDR, 1U << 3, NULL);
    assert_int_equal(rd(&v2, ISPENDR), 0);
    /* SGI 3 from vCPUs 0 and 1. */
    vgic_raise_sgi(&dist, 0, 3, &targets, &kick);
    vgic_raise_sgi(&dist, 1, 3, &targets, &kick);
    assert_true(kicked(&kick, 2));
    assert_int_equal(cpus[2].private_irqs[3].sgi_sources, 0x3);
    assert_int_equal(vgic_bank_read(&dist, &v2, ISPENDR, 4, &v), 0);
    assert_int_equal(v, 1U << 3);

    n = plan(2, lrs, 4, &hcr);
    assert_int_equal(n, 1);
    assert_int_equal(lrs[0].source, 0);
    assert_true(lrs[0].pending);
    assert_int_equal(hcr, VGIC_HCR_NPIE);
    assert_int_equal(vgic_v2_lr_encode(&lrs[0]) & 0x1c00, 0);

    /* Acknowledged: active from source 0; source 1 waits for the EOI. */
    lrs[0].pending = false;
    lrs[0].active = true;
    vgic_fold_lrs(&dist, 2, lrs, n, 0, NULL);
    n = plan(2, lrs, 4, &hcr);
    assert_int_equal(n, 1);
    assert_true(lrs[0].active && !lrs[0].pending);
    assert_int_equal(lrs[0].source, 0);
    assert_true(lrs[0].eoi_maintenance);
    assert_int_equal(hcr, 0);

    /* EOIed: source 1 comes next, carried by the LR. */
    lrs[0].active = false;
    vgic_fold_lrs(&dist, 2, lrs, n, 0, NULL);
    n = plan(2, lrs, 4, &hcr);
    assert_int_equal(n, 1);
    assert_int_equal(lrs[0].source, 1);
    assert_true(lrs[0].pending);
    assert_int_equal(vgic_v2_lr_encode(&lrs[0]) & 0x1c00, 1U << 10);
}

static void test_signalled(void **state)
{
    struct vgic_bank r0 = gicr(0);
    struct vgic_irq *irq = vgic_irq_get(&dist, 0, 27);

    (void)state;
    assert_false(vgic_irq_signalled(&dist, 0, 0xff, 5));
    enable(&r0, 27, 0xa0);
    vgic_irq_set_pending(&dist, irq, 0, NULL);
    assert_true(vgic_irq_signalled(&dist, 0, 0xf0, 5));
    /* Masked by the priority mask (only 5 bits compare: 0xa7 ~ 0xa0). */
    assert_false(vgic_irq_signalled(&dist, 0, 0xa0, 5));
    assert_false(vgic_irq_signalled(&dist, 0, 0xa7, 5));
    assert_true(vgic_irq_signalled(&dist, 0, 0xa7, 8));
    /* Not for another vCPU. */
    assert_false(vgic_irq_signalled(&dist, 1, 0xff, 5));
    /* Below the running priority of an active interrupt: not signalled. */
    enable(&gicd_v3, 32, 0x80);
    dist.spis[0].active = true;
    vgic_irq_update(&dist, &dist.spis[0], NULL);
    assert_false(vgic_irq_signalled(&dist, 0, 0xff, 5));
    dist.spis[0].priority = 0xc0;
    assert_true(vgic_irq_signalled(&dist, 0, 0xff, 5));
    /* Disabled: no. */
    wr(&r0, ICENABLER, 1U << 27, NULL);
    assert_false(vgic_irq_signalled(&dist, 0, 0xff, 5));
}

static void test_active_registers(void **state)
{
    struct vgic_lr lrs[VGIC_MAX_LRS];
    uint32_t hcr;

    (void)state;
    wr(&gicd_v3, ISACTIVER + 4, 1U << 2, NULL);
    assert_int_equal(rd(&gicd_v3, ISACTIVER + 4), 1U << 2);
    /* Active, even though disabled: loaded so that the guest can EOI it. */
    assert_int_equal(plan(0, lrs, 4, &hcr), 1);
    assert_true(lrs[0].active);
    vgic_fold_lrs(&dist, 0, lrs, 1, 0, NULL);
    wr(&gicd_v3, ICACTIVER + 4, 1U << 2, NULL);
    assert_int_equal(rd(&gicd_v3, ISACTIVER + 4), 0);
    assert_false(queued(0, 34));
}

/*
 * What the injection writes (vgic_ops.set_lr_pending) into the list
 * register the fast paths chose for @irq: as the plan would, read back.
 */
static struct vgic_lr lr_pending(const struct vgic_irq *irq)
{
    return (struct vgic_lr){ .intid = irq->intid, .priority = irq->priority,
                             .pending = true, .hw = irq->hw };
}

/* An injection's direct load (vgic_lr_append) of @intid on vCPU 0. */
static bool append(unsigned int intid, unsigned int nr_lrs, struct vgic_lr *lr)
{
    struct vgic_irq *irq = vgic_irq_get(&dist, 0, intid);

    vgic_irq_set_pending(&dist, irq, 0, NULL);
    if ( !vgic_lr_append(&dist, 0, irq, nr_lrs) )
        return false;
    *lr = lr_pending(irq);
    return true;
}

/* The injection's refill (vgic_lr_refill) of @irq on vCPU @vcpu. */
static bool refill(unsigned int vcpu, struct vgic_irq *irq, struct vgic_lr *lr)
{
    if ( !vgic_lr_refill(&dist, vgic_cpu_of(&dist, vcpu), irq) )
        return false;
    *lr = lr_pending(irq);
    return true;
}

static void test_lr_append(void **state)
{
    struct vgic_bank r0 = gicr(0);
    struct vgic_lr lrs[VGIC_MAX_LRS], lr;
    uint32_t hcr;

    (void)state;
    enable(&r0, 27, 0xa0);
    enable(&r0, 31, 0x20);
    enable(&gicd_v3, 40, 0x10);
    enable(&gicd_v3, 41, 0x80);
    /* Nothing else queued: the timer into LR 0, as the plan would. */
    assert_true(append(27, 2, &lr));
    assert_int_equal(lr.intid, 27);
    assert_int_equal(lr.priority, 0xa0);
    assert_true(lr.pending && !lr.active && !lr.eoi_maintenance);
    assert_int_equal(dist.vcpus[0]->private_irqs[27].lr, 0);
    assert_int_equal(cpus[0].nr_lrs_loaded, 1);
    assert_int_equal(rd(&r0, ISPENDR), 1U << 27);
    /* Then the upcall into LR 1, whatever its priority. */
    assert_true(append(31, 2, &lr));
    assert_int_equal(lr.intid, 31);
    assert_int_equal(cpus[0].lr_intid[1], 31);
    /* No free LR: 40 waits for the plan, which must not be skipped. */
    assert_false(append(40, 2, &lr));
    assert_int_equal(cpus[0].nr_lrs_loaded, 2);
    assert_int_equal(cpus[0].nr_queued, 3);
    assert_false(cpus[0].lrs_changed);
    /* Another waits, not loaded: 41 must not jump ahead of it. */
    assert_false(append(41, 4, &lr));

    /* The entry path redoes it: the direct LRs come back as written. */
    lrs[0] = (struct vgic_lr){ .intid = 27, .priority = 0xa0, .pending = true };
    lrs[1] = (struct vgic_lr){ .intid = 31, .priority = 0x20, .pending = true };
    vgic_fold_lrs(&dist, 0, lrs, 2, 0, NULL);
    assert_int_equal(plan(0, lrs, 4, &hcr), 4);
    assert_int_equal(lrs[0].intid, 40);
    assert_int_equal(lrs[1].intid, 31);
    assert_int_equal(lrs[2].intid, 41);
    assert_int_equal(lrs[3].intid, 27);
    assert_int_equal(hcr, 0);

    /* The guest takes and EOIs all but 27, which it leaves active. */
    lrs[0].pending = lrs[1].pending = lrs[2].pending = false;
    lrs[3].pending = false;
    lrs[3].active = true;
    vgic_fold_lrs(&dist, 0, lrs, 4, 0, NULL);
    /* An active interrupt outside the LRs: the plan loads it, not us. */
    assert_false(append(31, 4, &lr));
    assert_int_equal(cpus[0].nr_lrs_loaded, 0);
}

static void test_lr_append_refused(void **state)
{
    struct vgic_bank r0 = gicr(0);
    struct vgic_lr lr;
    struct vgic_irq *irq = vgic_irq_get(&dist, 0, 27);

    (void)state;
    /* Disabled, or the distributor off: not deliverable, not loaded. */
    assert_false(append(27, 4, &lr));
    enable(&r0, 27, 0xa0);
    dist.enabled = false;
    assert_false(append(27, 4, &lr));
    dist.enabled = true;
    vgic_irq_update(&dist, irq, NULL);
    /* Active and pending again: needs its EOI maintenance, the plan's. */
    irq->active = true;
    assert_false(append(27, 4, &lr));
    irq->active = false;
    /* Loaded already. */
    assert_true(vgic_lr_append(&dist, 0, irq, 4));
    assert_false(vgic_lr_append(&dist, 0, irq, 4));
    /* An SPI routed to vCPU 1 is not vCPU 0's to load. */
    enable(&gicd_v3, 33, 0xa0);
    vgic_irq_set_pending(&dist, &dist.spis[1], 0, NULL);
    vgic_irq_route(&dist, &dist.spis[1], 1, NULL);
    assert_false(vgic_lr_append(&dist, 0, &dist.spis[1], 4));
}

/* Any change to a directly loaded interrupt sends the entry to the plan. */
static void test_lr_append_changed(void **state)
{
    struct vgic_bank r0 = gicr(0);
    struct vgic_lr lr;
    uint32_t prio = 0x40;

    (void)state;
    enable(&r0, 27, 0xa0);
    assert_true(append(27, 4, &lr));
    assert_false(cpus[0].lrs_changed);
    assert_int_equal(vgic_bank_write(&dist, &r0, IPRIORITYR + 27, 1, prio, NULL), 0);
    assert_true(cpus[0].lrs_changed);
    vgic_fold_lrs(&dist, 0, &lr, 1, 0, NULL);
    assert_false(cpus[0].lrs_changed);
    assert_true(append(27, 4, &lr));
    assert_int_equal(lr.priority, 0x40);
    /* Cleared by the guest (ICPENDR), or a second edge, or disabled. */
    wr(&r0, ICPENDR, 1U << 27, NULL);
    assert_true(cpus[0].lrs_changed);
    vgic_fold_lrs(&dist, 0, &lr, 1, 0, NULL);
    assert_true(append(27, 4, &lr));
    vgic_irq_set_pending(&dist, vgic_irq_get(&dist, 0, 27), 0, NULL);
    assert_true(cpus[0].lrs_changed);
    vgic_fold_lrs(&dist, 0, &lr, 1, 0, NULL);
    assert_true(append(27, 4, &lr));
    wr(&r0, ICENABLER, 1U << 27, NULL);
    assert_true(cpus[0].lrs_changed);
}

static void test_lr_append_v2_sgi(void **state)
{
    struct vgic_irq *irq = vgic_irq_get(&dist, 0, 3);

    (void)state;
    irq->enabled = true;
    /* A GICv2 SGI carries one source per LR: always the plan's. */
    vgic_irq_set_pending(&dist, irq, 1, NULL);
    assert_false(vgic_lr_append(&dist, 0, irq, 4));
}

/*
 * The guest took and EOIed the interrupt in LR 0 (the hardware shows it
 * empty), the list registers still live: it goes back into LR 0.
 */
static void test_lr_refill(void **state)
{
    struct vgic_bank r0 = gicr(0);
    struct vgic_irq *irq = vgic_irq_get(&dist, 0, 27);
    struct vgic_lr lr, back[2];

    (void)state;
    enable(&r0, 27, 0xa0);
    enable(&r0, 31, 0x20);
    assert_true(append(27, 4, &lr));
    assert_true(append(31, 4, &lr));
    /* Loaded active by a plan once: the empty LR says it is no longer. */
    irq->active = true;
    assert_true(refill(0, irq, &lr));
    assert_int_equal(lr.intid, 27);
    assert_int_equal(lr.priority, 0xa0);
    assert_true(lr.pending && !lr.active && !lr.eoi_maintenance);
    assert_false(irq->active || irq->pending);
    assert_int_equal(irq->lr, 0);
    assert_int_equal(cpus[0].lr_intid[0], 27);
    assert_int_equal(cpus[0].nr_lrs_loaded, 2);
    assert_int_equal(cpus[0].nr_queued, 2);
    assert_false(cpus[0].lrs_changed);
    assert_int_equal(rd(&r0, ISPENDR), (1U << 27) | (1U << 31));
    assert_int_equal(rd(&r0, ISACTIVER), 0);
    /* The fold takes it back as the guest leaves it: pending still. */
    back[0] = lr;
    back[1] = (struct vgic_lr){ .intid = 31, .priority = 0x20 };
    vgic_fold_lrs(&dist, 0, back, 2, 0, NULL);
    assert_true(irq->pending && irq->lr == VGIC_NO_LR);
    assert_int_equal(cpus[0].nr_queued, 1);
}

/* Anything a plan would do differently: the refill leaves it all alone. */
static void test_lr_refill_refused(void **state)
{
    struct vgic_bank r0 = gicr(0);
    struct vgic_irq *irq = vgic_irq_get(&dist, 0, 27);
    struct vgic_lr lr;
    uint32_t prio = 0x40;

    (void)state;
    enable(&r0, 27, 0xa0);
    enable(&gicd_v3, 40, 0x10);
    /* Not in a list register. */
    assert_false(refill(0, irq, &lr));
    assert_true(append(27, 4, &lr));
    /* Not that vCPU's. */
    assert_false(refill(1, irq, &lr));
    /* A loaded interrupt changed: the plan must run. */
    assert_int_equal(vgic_bank_write(&dist, &r0, IPRIORITYR + 31, 1, prio, NULL), 0);
    assert_false(cpus[0].lrs_changed);
    assert_int_equal(vgic_bank_write(&dist, &r0, IPRIORITYR + 27, 1, prio, NULL), 0);
    assert_true(cpus[0].lrs_changed);
    assert_false(refill(0, irq, &lr));
    cpus[0].lrs_changed = false;
    /* Pending already (a new edge the fold must merge). */
    irq->pending = true;
    assert_false(refill(0, irq, &lr));
    irq->pending = false;
    /* The distributor off: not deliverable. */
    dist.enabled = false;
    assert_false(refill(0, irq, &lr));
    dist.enabled = true;
    /* Another interrupt waits unloaded: it may go first. */
    vgic_irq_set_pending(&dist, &dist.spis[8], 0, NULL);
    assert_int_equal(cpus[0].nr_queued, 2);
    assert_false(refill(0, irq, &lr));
    /* None of it touched the state. */
    assert_int_equal(irq->lr, 0);
    assert_true(irq->lr_pending && !irq->pending);
    assert_int_equal(cpus[0].nr_lrs_loaded, 1);
}

static void test_lr_refill_v2_sgi(void **state)
{
    struct vgic_lr lr;
    struct vgic_irq *irq = vgic_irq_get(&dist, 0, 3);

    (void)state;
    irq->enabled = true;
    vgic_irq_set_pending(&dist, irq, 1, NULL);
    assert_int_equal(plan(0, &lr, 1, &(uint32_t){ 0 }), 1);
    assert_int_equal(irq->lr, 0);
    /* One source per LR, the others in software: always the plan's. */
    assert_false(refill(0, irq, &lr));
}

static void test_lr_encodings(void **state)
{
    struct vgic_lr in = { .intid = 1019, .priority = 0xa8, .source = 5,
                          .pending = true, .active = true, .eoi_maintenance = true };
    struct vgic_lr out;
    uint64_t v3 = vgic_v3_lr_encode(&in);
    uint32_t v2 = vgic_v2_lr_encode(&in);

    (void)state;
    assert_int_equal(v3, 0xd0a8020000000000ULL | 1019);
    vgic_v3_lr_decode(v3, &out);
    assert_int_equal(out.intid, 1019);
    assert_int_equal(out.priority, 0xa8);
    assert_true(out.pending && out.active && out.eoi_maintenance);
    /* GICv2: five priority bits, Group 0, CPUID for SGIs. */
    assert_int_equal(v2, (3U << 28) | (0x15U << 23) | (1U << 19) | (5U << 10) | 1019);
    vgic_v2_lr_decode(v2, &out);
    assert_int_equal(out.intid, 1019);
    assert_int_equal(out.priority, 0xa8);
    assert_int_equal(out.source, 5);
    in.priority = 0xaf;
    vgic_v2_lr_decode(vgic_v2_lr_encode(&in), &out);
    assert_int_equal(out.priority, 0xa8);
}

int main(void)
{
    const struct CMUnitTest v3_tests[] = {
        cmocka_unit_test_setup(test_enable_bits, setup_v3),
        cmocka_unit_test_setup(test_priority_and_sizes, setup_v3),
        cmocka_unit_test_setup(test_config, setup_v3),
        cmocka_unit_test_setup(test_groups, setup_v3),
        cmocka_unit_test_setup(test_pending_queues_and_kicks, setup_v3),
        cmocka_unit_test_setup(test_routing_v3, setup_v3),
        cmocka_unit_test_setup(test_irouter_registers, setup_v3),
        cmocka_unit_test_setup(test_sgi_decode, setup_v3),
        cmocka_unit_test_setup(test_lr_choice, setup_v3),
        cmocka_unit_test_setup(test_lr_overflow_of_active, setup_v3),
        cmocka_unit_test_setup(test_edge_while_loaded, setup_v3),
        cmocka_unit_test_setup(test_signalled, setup_v3),
        cmocka_unit_test_setup(test_active_registers, setup_v3),
        cmocka_unit_test_setup(test_lr_append, setup_v3),
        cmocka_unit_test_setup(test_lr_append_refused, setup_v3),
        cmocka_unit_test_setup(test_lr_append_changed, setup_v3),
        cmocka_unit_test_setup(test_lr_refill, setup_v3),
        cmocka_unit_test_setup(test_lr_refill_refused, setup_v3),
        cmocka_unit_test(test_lr_encodings),
    };
    const struct CMUnitTest v2_tests[] = {
        cmocka_unit_test_setup(test_routing_v2, setup_v2),
        cmocka_unit_test_setup(test_itargetsr, setup_v2),
        cmocka_unit_test_setup(test_pendsgir, setup_v2),
        cmocka_unit_test_setup(test_v2_sgi_sources, setup_v2),
        cmocka_unit_test_setup(test_lr_append_v2_sgi, setup_v2),
        cmocka_unit_test_setup(test_lr_refill_v2_sgi, setup_v2),
    };

    return cmocka_run_group_tests_name("vgic-v3", v3_tests, NULL, NULL) |
           cmocka_run_group_tests_name("vgic-v2", v2_tests, NULL, NULL);
}
