/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * @file tests/sgi/main.c
 * SGIs between vCPUs through the virtual GIC (GICv3: ICC_SGI1R_EL1, GICv2:
 * GICD_SGIR).  vCPU 0 sends SGI 3 to vCPU 1, which waits for it in WFI;
 * vCPU 1's handler acknowledges it and vCPU 1 answers with SGI 4 to vCPU 0;
 * then vCPU 0 sends SGI 5 to "all but self".  Each vCPU must take exactly
 * the SGIs sent to it, once each, with the INTID that was sent.
 */
#include <xtf.h>

const char test_title[] = "SGIs between vCPUs";

#define SGI_TO_1        3
#define SGI_REPLY       4
#define SGI_OTHERS      5
#define SGI_PRIO        0x80
#define WAIT_US         2000000

static volatile unsigned int seen[2][16];      /* [vCPU][INTID] */
static volatile unsigned int bad_intid, bad_cpu;
static volatile bool ready, done;
static volatile int cpu1_rc;

static void sgi_handler(unsigned int intid)
{
    unsigned int cpu = xtf_cpu_id();

    if ( cpu < 2 && intid < 16 )
        seen[cpu][intid]++;
    else
    {
        bad_intid = intid;
        bad_cpu = cpu;
    }
}

static void enable_sgis(void)
{
    xtf_gic_enable_ppi(SGI_TO_1, SGI_PRIO);
    xtf_gic_enable_ppi(SGI_REPLY, SGI_PRIO);
    xtf_gic_enable_ppi(SGI_OTHERS, SGI_PRIO);
}

/* vCPU 1: sleep in WFI until SGI 3, answer with SGI 4, then wait for 5. */
static void cpu1_main(unsigned int cpu, void *arg)
{
    cpu1_rc = xtf_gic_cpu_init();
    if ( cpu1_rc )
        return;
    enable_sgis();
    xtf_irq_enable();
    ready = true;
    while ( !seen[1][SGI_TO_1] )
        wfi();
    cpu1_rc = xtf_gic_send_sgi(SGI_REPLY, 0);
    while ( !seen[1][SGI_OTHERS] && !done )
        wfi();
    xtf_irq_disable();
}

static bool wait_for(volatile unsigned int *count, const char *what)
{
    if ( xtf_wait_until(*count, WAIT_US) )
        return true;
    xtf_failure("%s: not taken within %u ms", what, WAIT_US / 1000);
    return false;
}

static void check_counts(void)
{
    unsigned int cpu, i, want;

    for ( cpu = 0; cpu < 2; cpu++ )
        for ( i = 0; i < 16; i++ )
        {
            want = (cpu == 1 && (i == SGI_TO_1 || i == SGI_OTHERS)) ||
                   (cpu == 0 && i == SGI_REPLY);
            if ( seen[cpu][i] != want )
                xtf_failure("vCPU %u took SGI %u %u times, expected %u",
                            cpu, i, seen[cpu][i], want);
        }
    if ( bad_cpu || bad_intid )
        xtf_failure("interrupt %u taken on vCPU %u", bad_intid, bad_cpu);
}

void test_main(void)
{
    uint64_t t0;
    int rc = xtf_gic_init();

    if ( rc )
        return xtf_error("GIC set-up failed: %d", rc);
    if ( fdt_count_cpus() < 2 )
        return xtf_error("the device tree has no second vCPU");
    printk("GICv%u: SGIs via %s\n", xtf_gic_version(),
           xtf_gic_version() == 3 ? "ICC_SGI1R_EL1" : "GICD_SGIR");
    xtf_gic_set_handler(sgi_handler);
    enable_sgis();
    xtf_irq_enable();

    if ( xtf_cpu_on(1, cpu1_main, NULL) != PSCI_RET_SUCCESS )
        return xtf_error("CPU_ON of vCPU 1 failed");
    if ( !xtf_wait_until(ready || cpu1_rc, WAIT_US) || cpu1_rc )
        return xtf_error("vCPU 1 did not set up its GIC interface: %d",
                         cpu1_rc);

    t0 = xtf_now_us();
    rc = xtf_gic_send_sgi(SGI_TO_1, 1);
    if ( rc )
        return xtf_error("sending SGI %u to vCPU 1: %d", SGI_TO_1, rc);
    if ( !wait_for(&seen[1][SGI_TO_1], "SGI 3 to vCPU 1") ||
         !wait_for(&seen[0][SGI_REPLY], "SGI 4 from vCPU 1 to vCPU 0") )
        return;
    printk("vCPU 1 woke from WFI for SGI %u and answered in %lu us\n",
           SGI_TO_1, xtf_now_us() - t0);

    xtf_gic_send_sgi_others(SGI_OTHERS);
    if ( !wait_for(&seen[1][SGI_OTHERS], "SGI 5 to all but self") )
        return;
    /* Time for a wrongly delivered SGI to arrive on vCPU 0 too. */
    t0 = xtf_now_us();
    xtf_wait_until(xtf_now_us() - t0 > 20000, 20000);
    xtf_irq_disable();
    done = true;

    if ( cpu1_rc )
        xtf_failure("vCPU 1 could not send SGI %u: %d", SGI_REPLY, cpu1_rc);
    check_counts();
    xtf_success(NULL);
}
