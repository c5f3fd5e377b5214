/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * @file tests/psci-cpu-on/main.c
 * PSCI over HVC #0 brings up a second vCPU: PSCI_VERSION is at least 0.2;
 * CPU_ON starts vCPU 1 at the given entry with the context id in x0 (the
 * framework's secondary entry uses it as the vCPU index) and MPIDR_EL1 as
 * the DT says; CPU_ON of a running vCPU is ALREADY_ON; AFFINITY_INFO
 * follows the vCPU through ON and, after its CPU_OFF, OFF.
 */
#include <xtf.h>

const char test_title[] = "PSCI CPU_ON, AFFINITY_INFO and CPU_OFF";

#define WAIT_US     2000000     /* TCG under load is slow: be generous */

static volatile bool started, release;
static volatile uint64_t seen_mpidr;
static volatile unsigned int seen_id;

static void secondary(unsigned int cpu, void *arg)
{
    seen_mpidr = READ_SYSREG(mpidr_el1);
    seen_id = xtf_cpu_id();
    started = true;
    xtf_wait_until(release, WAIT_US * 5);
}

static void idle_fn(unsigned int cpu, void *arg)
{
}

void test_main(void)
{
    long ver = psci_version(), rc;
    uint64_t mpidr;

    printk("PSCI version %ld.%ld\n", ver >> 16, ver & 0xffff);
    if ( ver < 0x2 )
        return xtf_failure("PSCI_VERSION returned %#lx, expected >= 0.2", ver);
    if ( fdt_count_cpus() < 2 || xtf_cpu_mpidr(1, &mpidr) )
        return xtf_error("the device tree has no second vCPU");

    if ( psci_affinity_info(mpidr) != PSCI_AFFINITY_OFF )
        xtf_failure("AFFINITY_INFO of vCPU 1 before CPU_ON: %ld, expected OFF",
                    psci_affinity_info(mpidr));

    rc = xtf_cpu_on(1, secondary, NULL);
    if ( rc != PSCI_RET_SUCCESS )
        return xtf_failure("CPU_ON of vCPU 1 returned %ld", rc);
    if ( !xtf_wait_until(started, WAIT_US) )
        return xtf_failure("vCPU 1 did not run within %u ms", WAIT_US / 1000);
    printk("vCPU 1 up: MPIDR %#lx, id %u\n", seen_mpidr, seen_id);
    if ( (seen_mpidr & MPIDR_AFF_MASK) != mpidr || seen_id != 1 )
        xtf_failure("vCPU 1 runs with MPIDR %#lx id %u, expected %#lx id 1",
                    seen_mpidr, seen_id, mpidr);

    if ( psci_affinity_info(mpidr) != PSCI_AFFINITY_ON )
        xtf_failure("AFFINITY_INFO of a running vCPU 1: %ld, expected ON",
                    psci_affinity_info(mpidr));
    rc = xtf_cpu_on(1, idle_fn, NULL);
    if ( rc != PSCI_RET_ALREADY_ON )
        xtf_failure("CPU_ON of a running vCPU returned %ld, expected %d",
                    rc, PSCI_RET_ALREADY_ON);

    release = true;
    if ( !xtf_wait_until(psci_affinity_info(mpidr) == PSCI_AFFINITY_OFF,
                         WAIT_US) )
        return xtf_failure("vCPU 1 is not OFF after its CPU_OFF");

    xtf_success(NULL);
}
