/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Secondary vCPUs: PSCI CPU_ON into head.S, which turns the MMU on and
 * calls xtf_secondary_start() on the vCPU's own stack.
 */
#include <xtf.h>

/* Stacks of all vCPUs; vCPU n's stack top is xtf_stacks[n + 1]. */
uint8_t xtf_stacks[XTF_NR_CPUS][XTF_STACK_SIZE] __aligned(16);

static struct {
    xtf_cpu_fn_t fn;
    void *arg;
} boot_args[XTF_NR_CPUS];

extern char xtf_secondary_entry[];

unsigned int xtf_cpu_id(void)
{
    return READ_SYSREG(tpidr_el1);
}

/* MPIDR of vCPU 'cpu': the reg of the cpu node at that position. */
int xtf_cpu_mpidr(unsigned int cpu, uint64_t *mpidr)
{
    int node = -1;
    unsigned int i;
    uint64_t size;

    for ( i = 0; i <= cpu; i++ )
    {
        node = fdt_find_device_type(node, "cpu");
        if ( node < 0 )
            return -XEN_ENOENT;
    }
    return fdt_read_reg(node, 0, mpidr, &size);
}

long xtf_cpu_on(unsigned int cpu, xtf_cpu_fn_t fn, void *arg)
{
    uint64_t mpidr;

    if ( cpu == 0 || cpu >= XTF_NR_CPUS || xtf_cpu_mpidr(cpu, &mpidr) )
        return PSCI_RET_INVALID_PARAMETERS;

    boot_args[cpu].fn = fn;
    boot_args[cpu].arg = arg;
    dsb(ish);
    return psci_cpu_on(mpidr, (uint64_t)xtf_secondary_entry, cpu);
}

void __noreturn xtf_secondary_start(unsigned int cpu);
void xtf_secondary_start(unsigned int cpu)
{
    boot_args[cpu].fn(cpu, boot_args[cpu].arg);
    xtf_smccc(PSCI_CPU_OFF, 0, 0, 0);
    /* CPU_OFF only returns on failure. */
    xtf_error("vCPU %u: PSCI CPU_OFF returned", cpu);
    xtf_exit();
}
