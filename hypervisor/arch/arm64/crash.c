/* SPDX-License-Identifier: GPL-2.0-only */
/* The crash path (arm64): report, then halt. */
#include <xenith/console.h>
#include <xenith/crash.h>
#include <xenith/printk.h>
#include <asm/regs.h>
#include <asm/spinlock.h>

extern void halt_forever(void) __noreturn;

void crash_with_regs(const char *reason, const struct cpu_user_regs *regs)
{
    local_irq_disable();
    console_force_unlock();
    printk(XENLOG_ERR "\n****************************************\n");
    printk(XENLOG_ERR "Panic on CPU: %s\n", reason);
    if ( regs )
        printk(XENLOG_ERR "ELR_EL2 %016lx ESR_EL2 %016lx FAR_EL2 %016lx\n",
               regs->elr, regs->esr, regs->far);
    printk(XENLOG_ERR "****************************************\n");
    halt_forever();
}

void panic(const char *fmt, ...)
{
    char buf[256];
    va_list args;

    va_start(args, fmt);
    vsnprintf(buf, sizeof(buf), fmt, args);
    va_end(args);
    crash_with_regs(buf, NULL);
}

void __bug(const char *file, int line, const char *cond)
{
    char buf[256];

    snprintf(buf, sizeof(buf), "BUG at %s:%d: %s", file, line, cond);
    crash_with_regs(buf, NULL);
}

unsigned long __stack_chk_guard = 0x5a3c96e1f00dba11UL;
void __stack_chk_fail(void);
void __stack_chk_fail(void)
{
    panic("stack protector: stack corrupted");
}
