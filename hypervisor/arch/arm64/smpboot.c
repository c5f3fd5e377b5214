/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Finding the CPUs (/cpus in the device tree) and bringing up the
 * secondaries with PSCI CPU_ON (arm64).
 *
 * Logical CPU 0 is the boot CPU; the others are numbered in device-tree
 * order.  A secondary enters at secondary_entry (head.S) with its logical
 * number in x0, turns its MMU on, takes its stack from secondary_stacks[]
 * and calls start_secondary().
 *
 * The boot CPU waits a bounded time for each secondary.  cpu_boot_state[]
 * is the handshake: each side moves a CPU's state on with a compare-and-
 * swap, so a secondary that turns up after the boot CPU gave up on it sees
 * CPU_BOOT_ABANDONED and turns itself off instead of joining half-way.
 */
#include <libfdt.h>
#include <xenith/device_tree.h>
#include <xenith/domain.h>
#include <xenith/errno.h>
#include <xenith/irq.h>
#include <xenith/page_alloc.h>
#include <xenith/printk.h>
#include <xenith/smp.h>
#include <xenith/softirq.h>
#include <xenith/spinlock.h>
#include <xenith/time.h>
#include <asm/idle.h>
#include <asm/mm.h>
#include <asm/psci.h>
#include <asm/smp.h>

/* How long a secondary has to reach start_secondary() and to finish it. */
#define CPU_BOOT_TIMEOUT    MILLISECS(2000)

enum cpu_boot_state {
    CPU_BOOT_OFF,               /* not started (or failed to start) */
    CPU_BOOT_CALLED,            /* CPU_ON done; not heard from yet */
    CPU_BOOT_STARTING,          /* running start_secondary() */
    CPU_BOOT_ONLINE,            /* up: in cpu_online_map */
    CPU_BOOT_FAILED,            /* its own set-up failed; it turned off */
    CPU_BOOT_ABANDONED,         /* the boot CPU stopped waiting for it */
};

uint64_t __cpu_logical_map[NR_CPUS] = {
    [0 ... NR_CPUS - 1] = MPIDR_INVALID
};

/* Initial stack pointer (top) of each secondary, read by head.S. */
unsigned long secondary_stacks[NR_CPUS];

static uint32_t cpu_boot_state[NR_CPUS];

void start_secondary(unsigned int cpu);
extern char secondary_entry[];

/* Move @cpu from state @from to @to; false if it is no longer in @from. */
static bool cpu_boot_move(unsigned int cpu, uint32_t from, uint32_t to)
{
    return __atomic_compare_exchange_n(&cpu_boot_state[cpu], &from, to, false,
                                       __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
}

static uint32_t cpu_boot_read(unsigned int cpu)
{
    return __atomic_load_n(&cpu_boot_state[cpu], __ATOMIC_ACQUIRE);
}

/* ------------------------------------------------------------------ */
/* Discovery                                                          */

static int cpu_find_logical(uint64_t mpidr)
{
    for ( unsigned int cpu = 0; cpu < NR_CPUS; cpu++ )
        if ( cpu_logical_map(cpu) == mpidr )
            return (int)cpu;
    return -1;
}

/* Whether @node (a /cpus child with device_type "cpu") can be started. */
static bool cpu_node_usable(int node, uint64_t mpidr)
{
    const char *method = dt_read_string(node, "enable-method");
    const char *name = fdt_get_name(host_fdt, node, NULL);

    if ( cpu_find_logical(mpidr) >= 0 )
    {
        printk(XENLOG_WARNING "%s: MPIDR %#lx listed twice: ignored\n", name, mpidr);
        return false;
    }
    if ( !method || strcmp(method, "psci") )
    {
        printk(XENLOG_WARNING "%s: enable-method \"%s\" is not supported (only psci): left off\n",
               name, method ? method : "(none)");
        return false;
    }
    return true;
}

/* Give logical numbers to the secondaries of /cpus, in device-tree order. */
static void cpu_scan_nodes(int cpus)
{
    unsigned int next = 1, extra = 0;
    int node;

    dt_for_each_child(node, cpus)
    {
        paddr_t reg, size;
        uint64_t mpidr;

        if ( !dt_node_is_type(node, "cpu") || !dt_node_is_available(node) )
            continue;
        if ( dt_read_reg(node, 0, &reg, &size) )
        {
            printk(XENLOG_WARNING "%s: no usable reg: ignored\n",
                   fdt_get_name(host_fdt, node, NULL));
            continue;
        }
        mpidr = reg & MPIDR_HWID_MASK;
        if ( mpidr == cpu_logical_map(0) || !cpu_node_usable(node, mpidr) )
            continue;
        if ( next == NR_CPUS )
        {
            extra++;
            continue;
        }
        cpu_logical_map(next) = mpidr;
        cpumask_set_cpu(next++, &cpu_present_map);
    }
    if ( extra )
        printk(XENLOG_WARNING "%u CPU(s) beyond NR_CPUS=%u ignored\n", extra, NR_CPUS);
}

void smp_init_cpus(void)
{
    int cpus;

    cpu_logical_map(0) = cpu_current_mpidr();
    cpumask_set_cpu(0, &cpu_present_map);
    cpumask_set_cpu(0, &cpu_online_map);
    cpu_boot_state[0] = CPU_BOOT_ONLINE;

    if ( psci_init() )
        return;
    cpus = dt_lookup("/cpus");
    if ( cpus < 0 )
    {
        printk(XENLOG_WARNING "No /cpus node in the device tree: only the boot CPU runs\n");
        return;
    }
    cpu_scan_nodes(cpus);
}

/* ------------------------------------------------------------------ */
/* Bring-up, on the boot CPU                                          */

/* Wait for @cpu to leave state @from; false (and abandoned) on timeout. */
static bool cpu_wait_leave(unsigned int cpu, uint32_t from)
{
    s_time_t deadline = NOW() + CPU_BOOT_TIMEOUT;

    while ( cpu_boot_read(cpu) == from )
    {
        if ( NOW() >= deadline && cpu_boot_move(cpu, from, CPU_BOOT_ABANDONED) )
            return false;
        arch_cpu_relax();
    }
    return true;
}

static void cpu_report_silent(unsigned int cpu, const char *what)
{
    int state = psci_affinity_info(cpu_logical_map(cpu));

    printk(XENLOG_ERR "CPU%u (MPIDR %#lx) %s within %lums (firmware: %s): left out\n",
           cpu, cpu_logical_map(cpu), what,
           (unsigned long)(CPU_BOOT_TIMEOUT / MILLISECS(1)),
           state == PSCI_AFFINITY_ON ? "on" :
           state == PSCI_AFFINITY_OFF ? "off" :
           state == PSCI_AFFINITY_ON_PENDING ? "on pending" : psci_strerror(state));
}

static int cpu_up(unsigned int cpu)
{
    void *stack = alloc_xenheap_pages(STACK_ORDER, 0);
    int rc;

    if ( !stack )
    {
        printk(XENLOG_ERR "CPU%u: no memory for its stack: left out\n", cpu);
        return -ENOMEM;
    }
    secondary_stacks[cpu] = (unsigned long)stack + STACK_SIZE;
    cpu_boot_state[cpu] = CPU_BOOT_CALLED;
    /* The secondary reads both with its MMU and caches on: a DSB will do. */
    asm volatile("dsb ish" ::: "memory");

    rc = psci_cpu_on(cpu_logical_map(cpu), image_virt_to_maddr(secondary_entry), cpu);
    if ( rc != PSCI_SUCCESS )
    {
        cpu_boot_state[cpu] = CPU_BOOT_OFF;
        free_xenheap_pages(stack, STACK_ORDER);
        printk(XENLOG_ERR "CPU%u (MPIDR %#lx) not started: CPU_ON: %s\n",
               cpu, cpu_logical_map(cpu), psci_strerror(rc));
        return -EIO;
    }

    /* An abandoned CPU may still wake up and use its stack: keep it. */
    if ( !cpu_wait_leave(cpu, CPU_BOOT_CALLED) )
    {
        cpu_report_silent(cpu, "did not respond");
        return -ETIMEDOUT;
    }
    if ( !cpu_wait_leave(cpu, CPU_BOOT_STARTING) )
    {
        cpu_report_silent(cpu, "started but did not finish its set-up");
        return -ETIMEDOUT;
    }
    if ( cpu_boot_read(cpu) != CPU_BOOT_ONLINE )
    {
        printk(XENLOG_ERR "CPU%u (MPIDR %#lx) failed its set-up: left out\n",
               cpu, cpu_logical_map(cpu));
        return -EIO;
    }
    cpumask_set_cpu_atomic(cpu, &cpu_online_map);
    printk(XENLOG_INFO "CPU%u (MPIDR %#lx) up\n", cpu, cpu_logical_map(cpu));
    return 0;
}

void smp_init(void)
{
    unsigned int cpu;

    /* Secondaries may call on the boot CPU, or stop it in a crash. */
    if ( smp_ipi_init_cpu() )
        panic("The boot CPU cannot take the IPIs of cross-CPU calls (see above)");
    for_each_present_cpu ( cpu )
        if ( cpu != 0 )
            cpu_up(cpu);
    printk("Brought up %u CPUs\n", num_online_cpus());
}

/* ------------------------------------------------------------------ */
/* On the secondary                                                   */

/* We are not wanted or not able: go away as quietly as we can. */
static void __noreturn cpu_park(void)
{
    local_irq_disable();
    psci_cpu_off();
    for ( ; ; )
        arch_wait_for_interrupt();
}

void start_secondary(unsigned int cpu)
{
    percpu_set_this_cpu(cpu);
    if ( !cpu_boot_move(cpu, CPU_BOOT_CALLED, CPU_BOOT_STARTING) )
        cpu_park();

    irq_init_secondary_cpu();
    timer_init_secondary_cpu();
    if ( smp_ipi_init_cpu() || guest_support_init_secondary_cpu() )
    {
        cpu_boot_move(cpu, CPU_BOOT_STARTING, CPU_BOOT_FAILED);
        cpu_park();
    }

    if ( !cpu_boot_move(cpu, CPU_BOOT_STARTING, CPU_BOOT_ONLINE) )
        cpu_park();
    idle_loop();
}

/* ------------------------------------------------------------------ */
/* The CPUs in the 'q' key                                            */

/* What each CPU says about itself, gathered by a cross-CPU call. */
static struct cpu_report {
    uint64_t mpidr;             /* MPIDR_EL1 as the CPU itself reads it */
    bool answered;
} cpu_reports[NR_CPUS];

static void cpu_report_self(void *unused)
{
    struct cpu_report *r = &cpu_reports[smp_processor_id()];

    r->mpidr = cpu_current_mpidr();
    r->answered = true;
}

static const char *const cpu_boot_state_names[] = {
    [CPU_BOOT_OFF]       = "off",
    [CPU_BOOT_CALLED]    = "started, never heard from",
    [CPU_BOOT_STARTING]  = "stuck in its set-up",
    [CPU_BOOT_ONLINE]    = "online",
    [CPU_BOOT_FAILED]    = "set-up failed, turned off",
    [CPU_BOOT_ABANDONED] = "given up on",
};

static void cpu_report_print(unsigned int cpu)
{
    const struct cpu_report *r = &cpu_reports[cpu];

    if ( !cpu_online(cpu) )
        printk("  CPU%u: MPIDR %#lx, %s\n", cpu, cpu_logical_map(cpu),
               cpu_boot_state_names[cpu_boot_read(cpu)]);
    else if ( !r->answered )
        printk("  CPU%u: MPIDR %#lx, online but did not answer\n",
               cpu, cpu_logical_map(cpu));
    else
        printk("  CPU%u: MPIDR %#lx, online, answered from MPIDR %#lx\n",
               cpu, cpu_logical_map(cpu), r->mpidr);
}

/*
 * The physical CPUs, for the 'q' key (after the domains): each online one
 * reads its own MPIDR in a cross-CPU call, which checks that it answers.
 */
void smp_dump_cpus(void)
{
    unsigned int cpu;

    memset(cpu_reports, 0, sizeof(cpu_reports));
    on_selected_cpus(&cpu_online_map, cpu_report_self, NULL, true);
    printk("Physical CPUs: %u present, %u online\n", num_present_cpus(), num_online_cpus());
    for_each_present_cpu ( cpu )
        cpu_report_print(cpu);
}
