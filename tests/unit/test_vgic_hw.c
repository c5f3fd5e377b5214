/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests of the list-register side of physical SPIs routed to guests
 * (route_irq_to_guest(), arch/arm64/irq_guest.c): a struct vgic_irq marked
 * hw is loaded with the HW bit and its physical INTID (== its virtual
 * one), never with an EOI maintenance request (whose bit the physical
 * INTID overlaps), and the encodings read back what they wrote.
 */
#include <string.h>

#include "host.h"
#include <xenith/errno.h>

#include "../../hypervisor/arch/arm64/vgic/vgic-internal.h"

#define NR_SPIS     64

static struct vgic_dist dist;
static struct vgic_cpu cpu0;
static struct vgic_cpu *cpu_ptrs[1] = { &cpu0 };
static struct vgic_irq spis[NR_SPIS];

static int setup(void **state)
{
    (void)state;
    memset(&dist, 0, sizeof(dist));
    memset(&cpu0, 0, sizeof(cpu0));
    dist.version = 3;
    dist.nr_spis = NR_SPIS;
    dist.nr_vcpus = 1;
    dist.spis = spis;
    dist.vcpus = cpu_ptrs;
    dist.enabled = true;
    vgic_irq_init_spis(&dist);
    vgic_irq_init_private(&dist, &cpu0);
    return 0;
}

static void test_v3_hw_encoding(void **state)
{
    /* 551 = 512 + 39: bit 9 of the physical INTID is ICH_LR.EOI's place. */
    struct vgic_lr in = { .intid = 551, .priority = 0xa0, .pending = true,
                          .hw = true, .eoi_maintenance = true };
    struct vgic_lr out;
    uint64_t v = vgic_v3_lr_encode(&in);

    (void)state;
    assert_int_equal(v & ICH_LR_VINTID_MASK, 551);
    assert_int_equal((v >> ICH_LR_PINTID_SHIFT) & ICH_LR_PINTID_MASK, 551);
    assert_true(v & ICH_LR_HW);
    assert_true(v & ICH_LR_PENDING);
    assert_false(v & ICH_LR_ACTIVE);
    vgic_v3_lr_decode(v, &out);
    assert_int_equal(out.intid, 551);
    assert_true(out.hw && out.pending && !out.active);
    assert_false(out.eoi_maintenance);
    /* Without HW the same request is the EOI bit, and no physical INTID. */
    in.hw = false;
    v = vgic_v3_lr_encode(&in);
    assert_int_equal(v >> ICH_LR_PINTID_SHIFT & ICH_LR_PINTID_MASK, 1U << 9);
    assert_false(v & ICH_LR_HW);
    vgic_v3_lr_decode(v, &out);
    assert_true(out.eoi_maintenance && !out.hw);
}

static void test_v2_hw_encoding(void **state)
{
    struct vgic_lr in = { .intid = 1019, .priority = 0xa8, .active = true,
                          .source = 5, .hw = true, .eoi_maintenance = true };
    struct vgic_lr out;
    uint32_t v = vgic_v2_lr_encode(&in);

    (void)state;
    /* HW, active, priority 0xa8 >> 3, PhysicalID 1019 in 19:10, no CPUID/EOI. */
    assert_int_equal(v, GICH_LR_HW | GICH_LR_ACTIVE | (0x15U << GICH_LR_PRIORITY_SHIFT) |
                        (1019U << GICH_LR_PHYSID_SHIFT) | 1019U);
    vgic_v2_lr_decode(v, &out);
    assert_int_equal(out.intid, 1019);
    assert_true(out.hw && out.active && !out.pending);
    assert_false(out.eoi_maintenance);
    assert_int_equal(out.source, 0);
}

/* The planner carries the hw mark into the list register, pending or active. */
static void test_plan_carries_hw(void **state)
{
    struct vgic_irq *irq = vgic_irq_get(&dist, 0, 39);
    struct vgic_lr lrs[VGIC_MAX_LRS];
    uint32_t hcr;
    unsigned int n;

    (void)state;
    irq->hw = true;
    irq->enabled = true;
    irq->priority = 0xa0;
    vgic_irq_set_pending(&dist, irq, 0, NULL);
    n = vgic_plan_lrs(&dist, 0, lrs, 4, &hcr);
    assert_int_equal(n, 1);
    assert_true(lrs[0].hw && lrs[0].pending);
    assert_int_equal(lrs[0].intid, 39);

    /* The guest acknowledged it and exited: reloaded active, still HW. */
    lrs[0].pending = false;
    lrs[0].active = true;
    vgic_fold_lrs(&dist, 0, lrs, n, 0, NULL);
    assert_true(irq->active && irq->hw);
    n = vgic_plan_lrs(&dist, 0, lrs, 4, &hcr);
    assert_int_equal(n, 1);
    assert_true(lrs[0].hw && lrs[0].active && !lrs[0].pending);
    assert_false(vgic_v3_lr_encode(&lrs[0]) & ICH_LR_EOI);

    /* Its EOI (the LR emptied) deactivates it: nothing left to load. */
    lrs[0].active = false;
    vgic_fold_lrs(&dist, 0, lrs, n, 0, NULL);
    assert_false(irq->active);
    assert_int_equal(vgic_plan_lrs(&dist, 0, lrs, 4, &hcr), 0);
}

/* One source per SPI (the vPL011's, a routed physical one): never shared. */
static void test_spi_claim(void **state)
{
    (void)state;
    assert_int_equal(vgic_irq_claim(&dist, 32, true), 0);
    assert_int_equal(vgic_irq_claim(&dist, 32, true), -EBUSY);
    assert_int_equal(vgic_irq_claim(&dist, 33, true), 0);
    assert_int_equal(vgic_irq_claim(&dist, 32, false), 0);
    assert_int_equal(vgic_irq_claim(&dist, 32, true), 0);
    /* SGIs and PPIs are not claimed; nor are SPIs the domain lacks. */
    assert_int_equal(vgic_irq_claim(&dist, 27, true), -EINVAL);
    assert_int_equal(vgic_irq_claim(&dist, 32 + NR_SPIS, true), -EINVAL);
    /* A reset (domain creation) frees them. */
    vgic_irq_init_spis(&dist);
    assert_int_equal(vgic_irq_claim(&dist, 33, true), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_v3_hw_encoding),
        cmocka_unit_test(test_v2_hw_encoding),
        cmocka_unit_test_setup(test_plan_carries_hw, setup),
        cmocka_unit_test_setup(test_spi_claim, setup),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
