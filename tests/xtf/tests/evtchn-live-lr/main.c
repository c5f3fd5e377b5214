/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * @file tests/evtchn-live-lr/main.c
 * The upcall PPI 31 EOIed with evtchn_upcall_pending still set, while
 * another interrupt waits in the CPU interface (SGI 1, pending, masked by
 * the priority mask): the next exit, a trapped system register read
 * (CNTP_CTL_EL0), asserts the upcall again on Xenith, which treats it as
 * a level (see evtchn-level; Xen 4.17 injects only on the flag's 0 -> 1:
 * there one upcall is expected).
 *
 * Xenith keeps the list registers live across such exits while one
 * still holds something (the SGI): whether the upcall is still in flight
 * must then come from the hardware (ICH_ELRSR), not from the state the
 * last fold left, which says the upcall is still pending.
 */
#include <xtf.h>
#include "../evtchn-common.h"

const char test_title[] = "Upcall flag left set at EOI, another interrupt waiting";

#define SETTLE_US       50000
#define SGI_WAITING     1
#define SGI_PRIO        0xf0
#define PMR             0xc0            /* masks the SGI, not the upcall */
#define ICC_PMR_EL1     "S3_0_C4_C6_0"
#define GICC_PMR        0x4

static volatile struct shared_info *shared;
static volatile unsigned int upcalls, sgis, stray;
static volatile bool keep_flag;

static void irq_handler(unsigned int intid)
{
    if ( intid == SGI_WAITING )
    {
        sgis++;
        return;
    }
    if ( intid != EV_PPI )
    {
        stray++;
        return;
    }
    upcalls++;
    ev_upcall_ack(shared, &keep_flag);  /* EOI with the flag set, once */
}

/* The CPU interface's priority mask (GICv2: GICC_PMR, from the DT). */
static int set_pmr(uint8_t pmr)
{
    uint64_t base, size;
    int node, rc;

    if ( xtf_gic_version() == 3 )
    {
        asm volatile ( "msr " ICC_PMR_EL1 ", %0; isb" :: "r" ((uint64_t)pmr) );
        return 0;
    }
    node = fdt_find_compatible(-1, "arm,cortex-a15-gic");
    if ( node < 0 )
        node = fdt_find_compatible(-1, "arm,gic-400");
    if ( node < 0 )
        return node;
    rc = fdt_read_reg(node, 1, &base, &size);
    if ( !rc )
        rc = xtf_map(base, size, XTF_MEM_DEVICE);
    if ( !rc )
        *(volatile uint32_t *)(base + GICC_PMR) = pmr;
    return rc;
}

void test_main(void)
{
    unsigned int want = xtf_on_xenith() ? 2 : 1;
    long rc;
    unsigned int before, after;

    if ( (rc = xtf_gic_init()) || (rc = set_pmr(PMR)) )
        return xtf_error("GIC: %ld", rc);
    xtf_gic_set_handler(irq_handler);
    xtf_gic_enable_ppi(EV_PPI, EV_PRIO);
    xtf_gic_enable_ppi(SGI_WAITING, SGI_PRIO);
    if ( (rc = xtf_gic_send_sgi(SGI_WAITING, 0)) )
        return xtf_error("SGI %u: %ld", SGI_WAITING, rc);
    xtf_irq_enable();

    if ( !ev_send_keeping_flag(&shared, &keep_flag, &upcalls) )
        return;
    before = upcalls;
    /*
     * Any exit now finds the flag set and the upcall EOIed: this one must
     * assert it again at once, not some later exit that folds.
     */
    (void)READ_SYSREG(cntp_ctl_el0);
    xtf_wait_until(upcalls >= want, SETTLE_US);
    /* Counted before any hypercall (printk): one that folds would assert it. */
    after = upcalls;
    xtf_irq_disable();
    printk("Upcall flag left set at EOI, SGI %u waiting: %u upcalls (%u before the exit)\n",
           SGI_WAITING, after, before);
    if ( after != want )
        xtf_failure("flag left set at EOI: %u upcalls, expected %u on %s", after,
                    want, xtf_on_xenith() ? "Xenith" : "Xen 4.17");
    if ( sgis || stray )
        xtf_failure("%u SGIs taken through the priority mask, %u stray interrupts",
                    sgis, stray);
    xtf_success(NULL);
}
