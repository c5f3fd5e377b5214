/* SPDX-License-Identifier: GPL-2.0-only */
/* IRQs taken at EL2. */
#include <xenith/crash.h>
#include <asm/regs.h>

void do_irq(struct cpu_user_regs *regs);

void do_irq(struct cpu_user_regs *regs)
{
    crash_with_regs("IRQ with no interrupt controller driver", regs);
}
