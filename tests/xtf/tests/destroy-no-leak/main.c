/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * @file tests/destroy-no-leak/main.c
 * A domain that ran on two vCPUs powers off; the hypervisor destroys it and
 * every page it took comes back: the runner compares the free page counts
 * the hypervisor prints before the build and after the destruction
 * ('expect').  Xenith only (test.cfg says why).
 */
#include <xtf.h>

const char test_title[] = "Destroy a domain with no page leaked";

#define WAIT_US     2000000

static volatile bool ran;

static void secondary(unsigned int cpu, void *arg)
{
    ran = true;
}

void test_main(void)
{
    uint64_t mpidr;
    long rc;

    if ( xtf_cpu_mpidr(1, &mpidr) )
        return xtf_error("the device tree has no second vCPU");
    rc = xtf_cpu_on(1, secondary, NULL);
    if ( rc != PSCI_RET_SUCCESS )
        return xtf_error("CPU_ON of vCPU 1 returned %ld", rc);
    if ( !xtf_wait_until(ran && psci_affinity_info(mpidr) == PSCI_AFFINITY_OFF,
                         WAIT_US) )
        return xtf_error("vCPU 1 did not run and power off");
    printk("vCPU 1 ran; powering the domain off\n");
    xtf_success(NULL);
}
