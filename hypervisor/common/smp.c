/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Cross-CPU calls and stopping the other CPUs.
 *
 * A cross-CPU call runs fn(data) on a set of CPUs, from IRQ context
 * (IPI_CALL_FUNCTION) with interrupts masked.  One call is in flight at a
 * time: call_lock serializes callers, and call_data describes the call.
 * The caller fills call_data, then sets the targets' bits in
 * call_data.pending and raises the IPI; a target clears its bit once it
 * has read call_data (without @wait) or once fn has returned (with @wait),
 * and the caller waits for the mask to empty either way, so call_data is
 * never overwritten while a target still needs it.
 *
 * A caller may have interrupts masked (keyhandlers run in IRQ context).
 * Two such callers would deadlock, each waiting for call_lock or for the
 * other to take its IPI, so a CPU waiting for call_lock runs any call
 * aimed at it meanwhile.
 *
 * Lock order: call_lock is a leaf; fn must not make a cross-CPU call.
 */
#include <xenith/cpumask.h>
#include <xenith/irq.h>
#include <xenith/printk.h>
#include <xenith/smp.h>
#include <xenith/spinlock.h>
#include <xenith/time.h>
#include <asm/idle.h>
#include <asm/smp.h>

/* How long the crash path waits for the other CPUs to stop. */
#define SMP_STOP_TIMEOUT    MILLISECS(1000)

/* Written by the boot CPU at bring-up; bits leave online_map on IPI_STOP. */
cpumask_t cpu_present_map;
cpumask_t cpu_online_map;

static DEFINE_SPINLOCK(call_lock);

static struct {
    void (*fn)(void *data);     /* protected by call_lock, like the rest */
    void *data;
    bool wait;
    cpumask_t pending;          /* targets still to read or run the call */
} call_data;

/* Run the call in flight if it is aimed at this CPU; IRQs masked. */
static void smp_call_run_mine(void)
{
    unsigned int cpu = smp_processor_id();
    void (*fn)(void *data);
    void *data;
    bool wait;

    if ( !cpumask_test_cpu(cpu, &call_data.pending) )
        return;
    /* Pairs with the release in on_selected_cpus() setting our bit. */
    __atomic_thread_fence(__ATOMIC_ACQUIRE);
    fn = call_data.fn;
    data = call_data.data;
    wait = call_data.wait;
    if ( !wait )
        cpumask_clear_cpu_atomic(cpu, &call_data.pending);
    fn(data);
    if ( wait )
        cpumask_clear_cpu_atomic(cpu, &call_data.pending);
}

static void smp_call_ipi(unsigned int intid, void *data,
                         struct cpu_user_regs *regs)
{
    smp_call_run_mine();
}

/* Take call_lock, running calls aimed at us while we wait for it. */
static void smp_call_lock(void)
{
    while ( !spin_trylock(&call_lock) )
    {
        unsigned long flags = local_irq_save();

        smp_call_run_mine();
        local_irq_restore(flags);
    }
}

static void smp_call_run_local(void (*fn)(void *data), void *data)
{
    unsigned long flags = local_irq_save();

    fn(data);
    local_irq_restore(flags);
}

void on_selected_cpus(const cpumask_t *mask, void (*fn)(void *data),
                      void *data, bool wait)
{
    unsigned int self = smp_processor_id();
    cpumask_t targets;
    unsigned int cpu;

    cpumask_and(&targets, mask, &cpu_online_map);
    cpumask_clear_cpu(self, &targets);

    if ( !cpumask_empty(&targets) )
    {
        smp_call_lock();
        call_data.fn = fn;
        call_data.data = data;
        call_data.wait = wait;
        for_each_cpu ( cpu, &targets )
            cpumask_set_cpu_atomic(cpu, &call_data.pending);
        for_each_cpu ( cpu, &targets )
            send_ipi(cpu, IPI_CALL_FUNCTION);
    }

    /* Our own share runs meanwhile, in the same conditions as theirs. */
    if ( cpumask_test_cpu(self, mask) )
        smp_call_run_local(fn, data);

    if ( !cpumask_empty(&targets) )
    {
        while ( !cpumask_empty(&call_data.pending) )
            arch_cpu_relax();
        spin_unlock(&call_lock);
    }
}

void smp_call_function(void (*fn)(void *data), void *data, bool wait)
{
    cpumask_t others;

    cpumask_copy(&others, &cpu_online_map);
    cpumask_clear_cpu(smp_processor_id(), &others);
    on_selected_cpus(&others, fn, data, wait);
}

/*
 * IPI_STOP: leave the online map (the crash path's acknowledgement) and
 * park for good with interrupts masked, saying nothing.
 */
static void smp_stop_ipi(unsigned int intid, void *data,
                         struct cpu_user_regs *regs)
{
    local_irq_disable();
    cpumask_clear_cpu_atomic(smp_processor_id(), &cpu_online_map);
    for ( ; ; )
        arch_wait_for_interrupt();
}

void smp_stop_other_cpus(void)
{
    s_time_t deadline;

    if ( num_online_cpus() <= 1 )
        return;
    send_ipi_allbutself(IPI_STOP);
    deadline = NOW() + SMP_STOP_TIMEOUT;
    while ( num_online_cpus() > 1 && NOW() < deadline )
        arch_cpu_relax();
}

int smp_ipi_init_cpu(void)
{
    int rc = request_irq(IPI_CALL_FUNCTION, false, smp_call_ipi, NULL);

    if ( !rc )
        rc = request_irq(IPI_STOP, false, smp_stop_ipi, NULL);
    if ( rc )
        printk(XENLOG_ERR "CPU%u: cannot take the cross-CPU call IPIs: %d\n",
               smp_processor_id(), rc);
    return rc;
}

bool cpu_online(unsigned int cpu)
{
    return cpu < NR_CPUS && cpumask_test_cpu(cpu, &cpu_online_map);
}

unsigned int num_online_cpus(void)
{
    return cpumask_weight(&cpu_online_map);
}

unsigned int num_present_cpus(void)
{
    return cpumask_weight(&cpu_present_map);
}
