/* SPDX-License-Identifier: GPL-2.0-only */
/* The idle loop: where every CPU goes once it has nothing else to do. */
#include <xenith/percpu.h>
#include <xenith/softirq.h>
#include <xenith/spinlock.h>
#include <asm/idle.h>

void idle_loop(void)
{
    unsigned int cpu = smp_processor_id();

    local_irq_enable();
    for ( ; ; )
    {
        do_softirq();
        /*
         * Check and sleep with IRQs masked: an interrupt that raises a
         * softirq after the check stays pending and makes WFI return at
         * once, instead of being handled just before a sleep that would
         * then last until some unrelated interrupt.
         */
        local_irq_disable();
        if ( !softirq_pending(cpu) )
            arch_wait_for_interrupt();
        local_irq_enable();
    }
}
