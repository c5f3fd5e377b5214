/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Calling the PSCI firmware (Arm DEN 0022) to start and stop CPUs and to
 * turn the machine off or reset it.
 *
 * The device tree's /psci node says how to call it.  PSCI 0.2 and later
 * ("arm,psci-0.2", "arm,psci-1.0") have fixed function IDs and report
 * their version; PSCI 0.1 ("arm,psci") names its function IDs in the node.
 * Xenith runs at EL2, so only the "smc" conduit reaches the firmware: an
 * HVC from EL2 would trap into Xenith itself.
 */
#include <libfdt.h>
#include <xenith/device_tree.h>
#include <xenith/errno.h>
#include <xenith/printk.h>
#include <asm/psci.h>

enum psci_fn {
    PSCI_FN_CPU_ON,
    PSCI_FN_CPU_OFF,
    PSCI_FN_AFFINITY_INFO,
    PSCI_FN_SYSTEM_OFF,
    PSCI_FN_SYSTEM_RESET,
    NR_PSCI_FNS
};

/* Function ID of each call; 0 where the firmware does not offer it. */
static uint32_t psci_fn_id[NR_PSCI_FNS];
static bool psci_ok;

/* SMC Calling Convention: x0 function ID, x1-x3 arguments, result in x0. */
static unsigned long psci_smc(uint32_t fn, uint64_t a1, uint64_t a2,
                              uint64_t a3)
{
    register unsigned long x0 asm("x0") = fn;
    register unsigned long x1 asm("x1") = a1;
    register unsigned long x2 asm("x2") = a2;
    register unsigned long x3 asm("x3") = a3;

    /* SMCCC 1.0 firmware may clobber x4-x17. */
    asm volatile("smc #0"
                 : "+r" (x0), "+r" (x1), "+r" (x2), "+r" (x3)
                 :
                 : "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12",
                   "x13", "x14", "x15", "x16", "x17", "memory");
    return x0;
}

static int psci_call(enum psci_fn fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
    if ( !psci_ok || !psci_fn_id[fn] )
        return PSCI_NOT_SUPPORTED;
    return (int)psci_smc(psci_fn_id[fn], a1, a2, a3);
}

const char *psci_strerror(int code)
{
    switch ( code )
    {
    case PSCI_SUCCESS:            return "success";
    case PSCI_NOT_SUPPORTED:      return "not supported by the firmware";
    case PSCI_INVALID_PARAMETERS: return "invalid parameters (no such CPU?)";
    case PSCI_DENIED:             return "denied by the firmware";
    case PSCI_ALREADY_ON:         return "the CPU is already on";
    case PSCI_ON_PENDING:         return "the CPU is already being turned on";
    case PSCI_INTERNAL_FAILURE:   return "internal failure in the firmware";
    case PSCI_NOT_PRESENT:        return "the CPU is not present";
    case PSCI_DISABLED:           return "the CPU is disabled";
    case PSCI_INVALID_ADDRESS:    return "invalid entry point address";
    default:                      return "unknown PSCI error";
    }
}

int psci_cpu_on(uint64_t mpidr, paddr_t entry, uint64_t context_id)
{
    return psci_call(PSCI_FN_CPU_ON, mpidr, entry, context_id);
}

int psci_cpu_off(void)
{
    return psci_call(PSCI_FN_CPU_OFF, 0, 0, 0);
}

int psci_affinity_info(uint64_t mpidr)
{
    /* Lowest affinity level: the one CPU named by @mpidr. */
    return psci_call(PSCI_FN_AFFINITY_INFO, mpidr, 0, 0);
}

void psci_system_off(void)
{
    int rc = psci_call(PSCI_FN_SYSTEM_OFF, 0, 0, 0);

    printk(XENLOG_ERR "PSCI SYSTEM_OFF failed: %s\n", psci_strerror(rc));
}

void psci_system_reset(void)
{
    int rc = psci_call(PSCI_FN_SYSTEM_RESET, 0, 0, 0);

    printk(XENLOG_ERR "PSCI SYSTEM_RESET failed: %s\n", psci_strerror(rc));
}

bool psci_available(void)
{
    return psci_ok;
}

/* PSCI 0.1: the node lists the IDs of the calls it offers. */
static void psci_init_0_1(int node)
{
    uint32_t id;

    if ( !dt_read_u32(node, "cpu_on", &id) )
        psci_fn_id[PSCI_FN_CPU_ON] = id;
    if ( !dt_read_u32(node, "cpu_off", &id) )
        psci_fn_id[PSCI_FN_CPU_OFF] = id;
    printk("PSCI v0.1 via smc\n");
}

static void psci_init_0_2(void)
{
    uint32_t version;

    psci_fn_id[PSCI_FN_CPU_ON] = PSCI_0_2_FN64_CPU_ON;
    psci_fn_id[PSCI_FN_CPU_OFF] = PSCI_0_2_FN_CPU_OFF;
    psci_fn_id[PSCI_FN_AFFINITY_INFO] = PSCI_0_2_FN64_AFFINITY_INFO;
    psci_fn_id[PSCI_FN_SYSTEM_OFF] = PSCI_0_2_FN_SYSTEM_OFF;
    psci_fn_id[PSCI_FN_SYSTEM_RESET] = PSCI_0_2_FN_SYSTEM_RESET;
    version = (uint32_t)psci_smc(PSCI_0_2_FN_VERSION, 0, 0, 0);
    printk("PSCI v%u.%u via smc\n", PSCI_VERSION_MAJOR(version),
           PSCI_VERSION_MINOR(version));
}

/* The /psci node of the newest interface the device tree offers, or < 0. */
static int psci_find_node(bool *v0_2)
{
    static const char *const compat_0_2[] = { "arm,psci-1.0", "arm,psci-0.2" };
    int node;

    *v0_2 = true;
    for ( unsigned int i = 0; i < ARRAY_SIZE(compat_0_2); i++ )
    {
        node = dt_find_compatible(-1, compat_0_2[i]);
        if ( node >= 0 && dt_node_is_available(node) )
            return node;
    }
    *v0_2 = false;
    node = dt_find_compatible(-1, "arm,psci");
    return node >= 0 && dt_node_is_available(node) ? node : -1;
}

int psci_init(void)
{
    bool v0_2;
    int node = psci_find_node(&v0_2);
    const char *method;

    if ( node < 0 )
    {
        printk("PSCI: no /psci node in the device tree: only the boot CPU runs\n");
        return -ENODEV;
    }
    method = dt_read_string(node, "method");
    if ( !method || strcmp(method, "smc") )
    {
        printk(XENLOG_ERR "PSCI: method \"%s\" cannot be used from EL2 (only smc can): only the boot CPU runs\n",
               method ? method : "(none)");
        return -ENODEV;
    }
    psci_ok = true;
    if ( v0_2 )
        psci_init_0_2();
    else
        psci_init_0_1(node);
    return 0;
}
