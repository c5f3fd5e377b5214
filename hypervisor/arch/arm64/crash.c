/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The crash path (arm64): panic(), BUG_ON(), a smashed stack and every
 * unexpected exception at EL2 end here.  It stops the other CPUs, reports
 * the reason, the exception syndrome, the registers and a symbolized
 * backtrace, and halts.
 *
 * It runs on a machine in an unknown state, so it takes no lock it could
 * wait for: the console lock is reset (a stuck CPU may hold it), and a
 * second crash while reporting the first is cut short rather than looping.
 */
#include <xenith/console.h>
#include <xenith/crash.h>
#include <xenith/keyhandler.h>
#include <xenith/percpu.h>
#include <xenith/printk.h>
#include <xenith/smp.h>
#include <xenith/symbols.h>
#include <xenith/version.h>
#include <asm/regs.h>
#include <asm/spinlock.h>
#include <asm/sysregs.h>

#define CRASH_NO_OWNER      (~0U)
#define BACKTRACE_MAX_DEPTH 32
#define SYM_BUF             96

extern void halt_forever(void) __noreturn;
extern char cpu0_boot_stack[];
extern unsigned long secondary_stacks[NR_CPUS];

/* The CPU reporting a crash, and how often it crashed again meanwhile. */
static unsigned int crash_owner = CRASH_NO_OWNER;
static unsigned int crash_nesting;

/*
 * Fill a struct cpu_user_regs (x0) with the caller's registers, as an
 * exception entry would: ELR is the return address into the caller, SP the
 * caller's stack pointer, SPSR its PSTATE.  ESR and FAR stay zero.
 */
void crash_capture_regs(struct cpu_user_regs *regs);
asm (
"    .pushsection .text.crash_capture_regs, \"ax\", %progbits\n"
"    .balign 4\n"
"    .type crash_capture_regs, %function\n"
"crash_capture_regs:\n"
"    stp  x0, x1, [x0, #0]\n"
"    stp  x2, x3, [x0, #16]\n"
"    stp  x4, x5, [x0, #32]\n"
"    stp  x6, x7, [x0, #48]\n"
"    stp  x8, x9, [x0, #64]\n"
"    stp  x10, x11, [x0, #80]\n"
"    stp  x12, x13, [x0, #96]\n"
"    stp  x14, x15, [x0, #112]\n"
"    stp  x16, x17, [x0, #128]\n"
"    stp  x18, x19, [x0, #144]\n"
"    stp  x20, x21, [x0, #160]\n"
"    stp  x22, x23, [x0, #176]\n"
"    stp  x24, x25, [x0, #192]\n"
"    stp  x26, x27, [x0, #208]\n"
"    stp  x28, x29, [x0, #224]\n"
"    mov  x1, sp\n"
"    stp  x30, x1, [x0, #" __stringify(REGS_OFF_X(30)) "]\n"
"    mrs  x1, nzcv\n"                /* PSTATE fields sit where SPSR has them */
"    mrs  x2, daif\n"
"    orr  x1, x1, x2\n"
"    mrs  x2, CurrentEL\n"
"    orr  x1, x1, x2\n"
"    mrs  x2, SPSel\n"
"    orr  x1, x1, x2\n"
"    stp  x30, x1, [x0, #" __stringify(REGS_OFF_ELR) "]\n"
"    stp  xzr, xzr, [x0, #" __stringify(REGS_OFF_ESR) "]\n"
"    ret\n"
"    .size crash_capture_regs, . - crash_capture_regs\n"
"    .popsection\n"
);

static const char *esr_class_name(unsigned int ec)
{
    static const char *const names[64] = {
        [0x00] = "unknown reason",
        [0x01] = "WFI/WFE",
        [0x07] = "SVE/SIMD/FP access",
        [0x0e] = "illegal execution state",
        [0x15] = "SVC (AArch64)",
        [0x16] = "HVC (AArch64)",
        [0x17] = "SMC (AArch64)",
        [0x18] = "MSR/MRS/system instruction",
        [0x19] = "SVE access",
        [0x20] = "instruction abort from a lower EL",
        [0x21] = "instruction abort at EL2",
        [0x22] = "PC alignment fault",
        [0x24] = "data abort from a lower EL",
        [0x25] = "data abort at EL2",
        [0x26] = "SP alignment fault",
        [0x2c] = "floating-point exception (AArch64)",
        [0x2f] = "SError interrupt",
        [0x30] = "breakpoint from a lower EL",
        [0x31] = "breakpoint at EL2",
        [0x32] = "software step from a lower EL",
        [0x33] = "software step at EL2",
        [0x34] = "watchpoint from a lower EL",
        [0x35] = "watchpoint at EL2",
        [0x3c] = "BRK instruction (AArch64)",
    };

    return names[ec & 0x3f] ? names[ec & 0x3f] : "reserved or AArch32 class";
}

/* The fault status code (DFSC/IFSC) of an abort, in words. */
static void format_fault_status(char *buf, size_t size, unsigned int fsc)
{
    static const char *const kinds[] = {
        "address size fault", "translation fault", "access flag fault",
        "permission fault",
    };

    if ( fsc < 0x10 )
        snprintf(buf, size, "%s, level %u", kinds[fsc >> 2], fsc & 3);
    else if ( fsc == 0x10 )
        snprintf(buf, size, "synchronous external abort");
    else if ( fsc >= 0x14 && fsc <= 0x17 )
        snprintf(buf, size, "synchronous external abort on table walk, level %u", fsc & 3);
    else if ( fsc == 0x21 )
        snprintf(buf, size, "alignment fault");
    else if ( fsc == 0x30 )
        snprintf(buf, size, "TLB conflict abort");
    else
        snprintf(buf, size, "fault status %#x", fsc);
}

static void show_abort(const struct cpu_user_regs *regs, unsigned int ec)
{
    unsigned long iss = regs->esr & 0x1ffffff;
    bool data = ec == ESR_EC_DABT_CUR || ec == ESR_EC_DABT_LOW;
    char status[64];

    format_fault_status(status, sizeof(status), iss & 0x3f);
    printk(XENLOG_ERR "%s abort: %s%s%s\n", data ? "Data" : "Instruction",
           data ? ((iss & (1UL << 6)) ? "write, " : "read, ") : "",
           status, (iss & (1UL << 7)) ? " (on a stage-1 table walk)" : "");
    printk(XENLOG_ERR "FAR_EL2: %016lx%s\n", regs->far,
           (iss & (1UL << 10)) ? " (not valid: FnV set)" : "");
}

static void show_syndrome(const struct cpu_user_regs *regs)
{
    unsigned int ec = (regs->esr >> ESR_EC_SHIFT) & 0x3f;

    printk(XENLOG_ERR "ESR_EL2: %016lx  EC=%02x (%s)  IL=%lu  ISS=%07lx\n",
           regs->esr, ec, esr_class_name(ec), (regs->esr >> 25) & 1,
           regs->esr & 0x1ffffff);
    if ( ec == ESR_EC_DABT_CUR || ec == ESR_EC_DABT_LOW ||
         ec == ESR_EC_IABT_CUR || ec == ESR_EC_IABT_LOW )
        show_abort(regs, ec);
    else if ( ec == ESR_EC_PC_ALIGN )
        printk(XENLOG_ERR "FAR_EL2: %016lx\n", regs->far);
}

static const char *spsr_mode_name(unsigned long spsr)
{
    static const char *const modes[16] = {
        [0x0] = "EL0t", [0x4] = "EL1t", [0x5] = "EL1h",
        [0x8] = "EL2t", [0x9] = "EL2h",
    };

    if ( spsr & (1UL << 4) )
        return "AArch32";
    return modes[spsr & 0xf] ? modes[spsr & 0xf] : "invalid mode";
}

static void show_registers(const struct cpu_user_regs *regs)
{
    char sym[SYM_BUF];

    printk(XENLOG_ERR "PC:   %016lx %s\n", regs->elr, symbols_format(sym, sizeof(sym), regs->elr));
    printk(XENLOG_ERR "LR:   %016lx %s\n", regs->x[30],
           symbols_format(sym, sizeof(sym), regs->x[30]));
    printk(XENLOG_ERR "SP:   %016lx\n", regs->sp);
    printk(XENLOG_ERR "SPSR: %016lx (%s, NZCV=%lx, DAIF=%lx)\n", regs->spsr,
           spsr_mode_name(regs->spsr), regs->spsr >> 28 & 0xf, regs->spsr >> 6 & 0xf);
    for ( unsigned int i = 0; i < 30; i += 3 )
        printk(XENLOG_ERR "X%-2u: %016lx  X%-2u: %016lx  X%-2u: %016lx\n",
               i, regs->x[i], i + 1, regs->x[i + 1], i + 2, regs->x[i + 2]);
    printk(XENLOG_ERR "X30: %016lx\n", regs->x[30]);
}

static void show_system_registers(void)
{
    printk(XENLOG_ERR "SCTLR_EL2: %016lx  HCR_EL2: %016lx\n",
           READ_SYSREG(sctlr_el2), READ_SYSREG(hcr_el2));
    printk(XENLOG_ERR "TTBR0_EL2: %016lx  TCR_EL2: %016lx\n",
           READ_SYSREG(ttbr0_el2), READ_SYSREG(tcr_el2));
    printk(XENLOG_ERR "VBAR_EL2:  %016lx\n", READ_SYSREG(vbar_el2));
}

/*
 * The stack holding @sp: the boot CPU's, or the one head.S gave secondary
 * @cpu.  Anything else is a vCPU's stack (arch_vcpu_create()): STACK_SIZE
 * bytes from the page allocator, so naturally aligned to STACK_SIZE.
 */
static void crash_stack_bounds(unsigned int cpu, unsigned long sp,
                               unsigned long *lo, unsigned long *hi)
{
    unsigned long top = (unsigned long)cpu0_boot_stack + STACK_SIZE;

    if ( cpu != 0 && cpu < NR_CPUS )
        top = secondary_stacks[cpu];
    if ( sp >= top - STACK_SIZE && sp < top )
    {
        *lo = top - STACK_SIZE;
        *hi = top;
    }
    else
    {
        *lo = sp;
        *hi = ROUNDUP(sp + 1, STACK_SIZE);
    }
}

/*
 * Walk the frame records (x29 -> {previous x29, return address}) that
 * -fno-omit-frame-pointer keeps.  Each record must lie in the current
 * stack, above the previous one, so a corrupted chain ends the walk
 * instead of faulting; head.S starts every chain with x29 = 0.
 */
static void show_backtrace(const struct cpu_user_regs *regs, unsigned int cpu)
{
    unsigned long lo, hi, fp = regs->x[29], sp;
    char sym[SYM_BUF];
    unsigned int depth;

    asm volatile("mov %0, sp" : "=r" (sp));
    crash_stack_bounds(cpu, sp, &lo, &hi);
    printk(XENLOG_ERR "Call trace (stack %016lx-%016lx):\n", lo, hi - 1);
    printk(XENLOG_ERR "   [<%016lx>] %s (PC)\n", regs->elr,
           symbols_format(sym, sizeof(sym), regs->elr));
    for ( depth = 0; depth < BACKTRACE_MAX_DEPTH && fp; depth++ )
    {
        const unsigned long *frame = (const unsigned long *)fp;

        if ( fp < lo || fp > hi - 16 || !IS_ALIGNED(fp, 8) )
        {
            printk(XENLOG_ERR "   (frame pointer %016lx is outside the stack: stopping)\n", fp);
            return;
        }
        /* Show the call, not the return address: a call may end a function. */
        printk(XENLOG_ERR "   [<%016lx>] %s\n", frame[1] - 4,
               symbols_format(sym, sizeof(sym), frame[1] - 4));
        if ( frame[0] && frame[0] <= fp )
        {
            printk(XENLOG_ERR "   (frame chain does not go up the stack: stopping)\n");
            return;
        }
        fp = frame[0];
    }
    if ( fp )
        printk(XENLOG_ERR "   (more than %u frames: stopping)\n", BACKTRACE_MAX_DEPTH);
}

/*
 * Claim the crash path for this CPU; returns only if it got it.  A CPU
 * crashing while another reports just halts (the reporter stops it); the
 * reporter crashing again says so once and halts.
 */
static void crash_claim(unsigned int cpu, const char *reason,
                        const struct cpu_user_regs *regs)
{
    unsigned int expected = CRASH_NO_OWNER;
    char sym[SYM_BUF];

    if ( __atomic_compare_exchange_n(&crash_owner, &expected, cpu, false,
                                     __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE) )
        return;
    if ( expected != cpu )
        halt_forever();
    /* Only the first nested crash speaks: printing it may crash again. */
    if ( __atomic_add_fetch(&crash_nesting, 1, __ATOMIC_RELAXED) == 1 )
    {
        console_force_unlock();
        printk(XENLOG_ERR "Crash on CPU%u while reporting a crash: %s, PC %016lx %s\n",
               cpu, reason, regs->elr, symbols_format(sym, sizeof(sym), regs->elr));
        printk(XENLOG_ERR "Xenith halted: the machine is halted, reset it to restart.\n");
    }
    halt_forever();
}

/*
 * Stop the other CPUs before printing anything.  A CPU in the middle of a
 * printk() holds the console lock with interrupts masked: it finishes,
 * unlocks, then takes the stop IPI.  Only after that is resetting the lock
 * safe; reset under a live holder, its late unlock would wedge the ticket
 * lock half-way through the report.  smp_stop_other_cpus() waits a bounded
 * time (and takes no lock), so a CPU that never answers cannot hang us.
 * Returns how many other CPUs were online, and leaves how many still are.
 */
static unsigned int crash_stop_others(unsigned int *still_online)
{
    unsigned int online = num_online_cpus();

    if ( online > 1 )
        smp_stop_other_cpus();
    *still_online = num_online_cpus();
    return online > 1 ? online - 1 : 0;
}

static void show_stopped(unsigned int cpu, unsigned int others, unsigned int online)
{
    if ( !others )
        printk(XENLOG_ERR "CPU%u: no other CPU was online\n", cpu);
    else if ( online <= 1 )
        printk(XENLOG_ERR "CPU%u: all other CPUs stopped (%u)\n", cpu, others);
    else
        printk(XENLOG_ERR "CPU%u: %u of the %u other CPUs did not stop\n",
               cpu, online - 1, others);
}

static void __noreturn crash_report(const char *reason,
                                    const struct cpu_user_regs *regs, bool trap)
{
    unsigned int cpu, others, online;

    asm volatile("msr daifset, #0xf" ::: "memory");
    cpu = smp_processor_id();
    crash_claim(cpu, reason, regs);
    others = crash_stop_others(&online);
    console_force_unlock();

    printk(XENLOG_ERR "****************************************\n");
    printk(XENLOG_ERR "Panic on CPU %u:\n", cpu);
    printk(XENLOG_ERR "%s\n", reason);
    printk(XENLOG_ERR "****************************************\n");
    printk(XENLOG_ERR "----[ Xenith %s  arm64  CPU %u  %s ]----\n", XENITH_VERSION, cpu,
           trap ? "exception at EL2" : "registers at the call of panic");
    if ( trap )
        show_syndrome(regs);
    show_registers(regs);
    show_system_registers();
    show_backtrace(regs, cpu);
    show_stopped(cpu, others, online);
    printk(XENLOG_ERR "Xenith halted: the machine is halted, reset it to restart.\n");
    halt_forever();
}

void crash_with_regs(const char *reason, const struct cpu_user_regs *regs)
{
    struct cpu_user_regs here;

    if ( regs )
        crash_report(reason, regs, true);
    crash_capture_regs(&here);
    crash_report(reason, &here, false);
}

void panic(const char *fmt, ...)
{
    struct cpu_user_regs regs;
    char buf[256];
    va_list args;

    crash_capture_regs(&regs);
    va_start(args, fmt);
    vsnprintf(buf, sizeof(buf), fmt, args);
    va_end(args);
    crash_report(buf, &regs, false);
}

void __bug(const char *file, int line, const char *cond)
{
    struct cpu_user_regs regs;
    char buf[256];

    crash_capture_regs(&regs);
    snprintf(buf, sizeof(buf), "Xenith BUG at %s:%d: %s", file, line, cond);
    crash_report(buf, &regs, false);
}

unsigned long __stack_chk_guard = 0x5a3c96e1f00dba11UL;
void __stack_chk_fail(void);
void __stack_chk_fail(void)
{
    panic("Stack protector: the stack of the caller was corrupted");
}

/*
 * 'C': crash on purpose through the real exception path, to see (and to
 * test) what a hypervisor bug looks like.  Nothing is ever mapped in the
 * 512 GiB below the image's link address (see asm/config.h), so the store
 * takes a translation fault: a data abort at EL2.
 */
static void crash_key(char key)
{
    volatile unsigned long *unmapped = (volatile unsigned long *)(XENITH_VIRT_START - PAGE_SIZE);

    printk(XENLOG_ERR "'%c' pressed -> crashing the hypervisor (store to unmapped %p)\n",
           key, (void *)unmapped);
    *unmapped = 0xdead;
    panic("'C': the store to the unmapped address %p did not fault", (void *)unmapped);
}
KEYHANDLER_IRQ('C', crash_key, "crash the hypervisor (data abort at EL2) to test the crash path");
