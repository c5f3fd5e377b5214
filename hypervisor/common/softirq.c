/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Softirqs: per-CPU pending bitmaps and the table of handlers.
 *
 * No lock: a pending word is only changed by atomic read-modify-writes,
 * by its own CPU (clearing, raising) and by others (raising).  Handlers
 * are opened at boot, before anything raises them.
 *
 * Raising a softirq on another CPU sends IPI_SOFTIRQ only when the bit
 * was clear.  When it was already set, an earlier raise has either sent
 * the IPI or happened on that CPU itself, and in both cases the CPU runs
 * do_softirq() after clearing the bit, so it sees this raise's data too.
 */
#include <xenith/irq.h>
#include <xenith/percpu.h>
#include <xenith/printk.h>
#include <xenith/softirq.h>
#include <xenith/spinlock.h>

static softirq_handler_t softirq_handlers[NR_SOFTIRQS];

struct softirq_cpu softirq_cpu[NR_CPUS];

static_assert(NR_SOFTIRQS <= sizeof(unsigned long) * 8, "one bit per softirq");

void open_softirq(enum softirq nr, softirq_handler_t handler)
{
    BUG_ON(nr >= NR_SOFTIRQS || softirq_handlers[nr] || !handler);
    softirq_handlers[nr] = handler;
}

void raise_softirq(enum softirq nr)
{
    __atomic_fetch_or(&softirq_cpu[smp_processor_id()].pending, 1UL << nr,
                      __ATOMIC_RELEASE);
}

void cpu_raise_softirq(unsigned int cpu, enum softirq nr)
{
    unsigned long old;

    BUG_ON(cpu >= NR_CPUS);
    old = __atomic_fetch_or(&softirq_cpu[cpu].pending, 1UL << nr, __ATOMIC_SEQ_CST);
    if ( cpu != smp_processor_id() && !(old & (1UL << nr)) )
        send_ipi(cpu, IPI_SOFTIRQ);
}

bool softirq_pending(unsigned int cpu)
{
    return __atomic_load_n(&softirq_cpu[cpu].pending, __ATOMIC_ACQUIRE) != 0;
}

void do_softirq(void)
{
    unsigned long *pending = &softirq_cpu[smp_processor_id()].pending;
    unsigned long p;

    ASSERT(local_irq_is_enabled());
    while ( (p = __atomic_load_n(pending, __ATOMIC_ACQUIRE)) != 0 )
    {
        unsigned int nr = (unsigned int)__builtin_ctzl(p);

        BUG_ON(!softirq_handlers[nr]);
        /* Clear before running: a raise during the handler runs it again. */
        __atomic_fetch_and(pending, ~(1UL << nr), __ATOMIC_ACQ_REL);
        softirq_handlers[nr]();
    }
}

/*
 * The interrupt is the whole message: it wakes the CPU from WFI, and the
 * idle loop (or the way back to a guest) then runs what is pending.
 */
static void softirq_ipi(unsigned int intid, void *data, struct cpu_user_regs *regs)
{
}

void softirq_init_cpu(void)
{
    int rc = request_irq(IPI_SOFTIRQ, false, softirq_ipi, NULL);

    if ( rc )
        panic("CPU%u cannot receive the softirq IPI (SGI %u): error %d",
              smp_processor_id(), IPI_SOFTIRQ, rc);
}
