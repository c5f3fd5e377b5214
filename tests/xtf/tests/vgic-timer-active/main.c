/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * @file tests/vgic-timer-active/main.c
 * The virtual timer fires again while its handler runs (re-armed there,
 * the interrupt active): the new edge waits, pending, beside the active
 * one, and is taken once the handler's EOI lets it.  While the handler
 * waits, the interrupt reads active and pending (GICR_ISACTIVER0 /
 * GICD_ISACTIVER0, ISPENDR0), on Xenith only: Xen 4.17's read as zero.
 * Xenith writes an injection straight into the list register the guest
 * emptied (ICH_ELRSR_EL2); one still active must not be overwritten.
 * Five rounds, so that the list registers are reused as they were left.
 */
#include <xtf.h>

const char test_title[] = "Virtual timer firing again while its interrupt is active";

#define TIMER_PRIO          0xa0
#define ROUNDS              5
#define GICR_SGI_FRAME      0x10000
#define GICD_ISPENDR0       0x200
#define GICD_ISACTIVER0     0x300

static unsigned int timer_intid;
static uintptr_t ppi_regs;              /* vCPU 0's ISPENDR0/ISACTIVER0 */
static volatile unsigned int fired, nested;
static volatile uint32_t seen_pending, seen_active;

static uint32_t ppi_bit(unsigned int off)
{
    return *(volatile uint32_t *)(ppi_regs + off) & (1U << timer_intid);
}

static void timer_irq(unsigned int intid)
{
    uint64_t freq = READ_SYSREG(cntfrq_el0);

    if ( intid != timer_intid )
        return xtf_failure("interrupt %u, expected the timer's %u", intid, timer_intid);
    if ( fired++ & 1 )
    {
        xtf_vtimer_stop();
        return;
    }
    /* Fire again now, while this one is active: the hypervisor masks it. */
    xtf_vtimer_arm(freq / 10000);
    if ( !xtf_wait_until(READ_SYSREG(cntv_ctl_el0) & CNTV_CTL_IMASK, 100000) )
        return xtf_failure("the re-armed timer did not fire in its handler");
    nested++;
    if ( xtf_on_xenith() )
    {
        seen_pending = ppi_bit(GICD_ISPENDR0);
        seen_active = ppi_bit(GICD_ISACTIVER0);
    }
}

/* Where vCPU 0's SGI/PPI registers are: GICR0's SGI frame, or the GICD. */
static int find_ppi_regs(void)
{
    bool v3 = xtf_gic_version() == 3;
    int node = fdt_find_compatible(-1, v3 ? "arm,gic-v3" : "arm,cortex-a15-gic");
    uint64_t base, size;
    int rc;

    if ( node < 0 && !v3 )
        node = fdt_find_compatible(-1, "arm,gic-400");
    if ( node < 0 )
        return node;
    rc = fdt_read_reg(node, v3 ? 1 : 0, &base, &size);
    if ( !rc )
        rc = xtf_map(base, size, XTF_MEM_DEVICE);
    ppi_regs = base + (v3 ? GICR_SGI_FRAME : 0);
    return rc;
}

void test_main(void)
{
    int rc;

    if ( xtf_vtimer_intid(&timer_intid) )
        return xtf_error("no virtual timer interrupt in the device tree");
    if ( (rc = xtf_gic_init()) || (rc = find_ppi_regs()) )
        return xtf_error("GIC set-up failed: %d", rc);
    xtf_gic_set_handler(timer_irq);
    xtf_gic_enable_ppi(timer_intid, TIMER_PRIO);
    for ( unsigned int i = 0; i < ROUNDS; i++ )
    {
        fired = nested = 0;
        seen_pending = seen_active = 0;
        xtf_vtimer_arm(READ_SYSREG(cntfrq_el0) / 1000);
        xtf_irq_enable();
        xtf_wait_until(fired >= 2, 2000000);
        xtf_irq_disable();
        if ( fired != 2 || nested != 1 )
            return xtf_failure("round %u: the timer taken %u times (%u in its handler), "
                               "expected 2 (1)", i, fired, nested);
        if ( xtf_on_xenith() && (!seen_pending || !seen_active) )
            return xtf_failure("round %u: in the handler, fired again, the timer read "
                               "%spending, %sactive; expected both", i,
                               seen_pending ? "" : "not ", seen_active ? "" : "not ");
    }
    xtf_gic_disable_ppi(timer_intid);
    xtf_success(NULL);
}
