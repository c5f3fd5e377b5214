/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Exception handling of xtf guests: the expected-exception log, the hook,
 * and the report of an exception nobody expected.
 */
#include <xtf.h>

static struct {
    bool active;
    unsigned int count;
    struct xtf_exinfo entries[XTF_EXLOG_MAX];
} exlog;

static xtf_trap_hook_t trap_hook;
static xtf_irq_hook_t irq_hook;

void xtf_exlog_start(void)
{
    exlog.active = true;
    barrier();
}

void xtf_exlog_stop(void)
{
    barrier();
    exlog.active = false;
}

void xtf_exlog_reset(void)
{
    exlog.count = 0;
}

unsigned int xtf_exlog_count(void)
{
    return exlog.count;
}

uint64_t xtf_exlog_access(uint64_t addr, bool write)
{
    uint64_t pc, val = 0;

    xtf_exlog_reset();
    xtf_exlog_start();
    if ( write )
        asm volatile ( "1: str %1, [%2]\n\t"
                       "adr %0, 1b" : "=&r" (pc) : "r" (val), "r" (addr)
                       : "memory" );
    else
        asm volatile ( "1: ldr %1, [%2]\n\t"
                       "adr %0, 1b" : "=&r" (pc), "+r" (val) : "r" (addr)
                       : "memory" );
    xtf_exlog_stop();
    return pc;
}

const struct xtf_exinfo *xtf_exlog_entry(unsigned int idx)
{
    if ( idx >= exlog.count || idx >= XTF_EXLOG_MAX )
        return NULL;
    return &exlog.entries[idx];
}

void xtf_exlog_dump(void)
{
    unsigned int i;

    printk("Exception log: %u entries\n", exlog.count);
    for ( i = 0; i < exlog.count && i < XTF_EXLOG_MAX; i++ )
        printk("  %u: vector %u ESR %#lx (%s) FAR %#lx ELR %#lx\n", i,
               exlog.entries[i].vector, exlog.entries[i].esr,
               xtf_esr_ec_name(exlog.entries[i].esr), exlog.entries[i].far,
               exlog.entries[i].elr);
}

void xtf_set_trap_hook(xtf_trap_hook_t hook)
{
    trap_hook = hook;
}

void xtf_set_irq_hook(xtf_irq_hook_t hook)
{
    irq_hook = hook;
}

const char *xtf_esr_ec_name(uint64_t esr)
{
    switch ( ESR_EC(esr) )
    {
    case ESR_EC_UNKNOWN:    return "unknown/undefined instruction";
    case 0x01:              return "WFI/WFE";
    case 0x07:              return "FP/SIMD access";
    case 0x0e:              return "illegal execution state";
    case 0x15:              return "SVC";
    case ESR_EC_HVC64:      return "HVC";
    case 0x17:              return "SMC";
    case 0x18:              return "system register";
    case 0x20:              return "instruction abort (lower EL)";
    case ESR_EC_IABT_CUR:   return "instruction abort";
    case 0x22:              return "PC alignment";
    case 0x24:              return "data abort (lower EL)";
    case ESR_EC_DABT_CUR:   return "data abort";
    case 0x26:              return "SP alignment";
    case ESR_EC_SERROR:     return "SError";
    case 0x3c:              return "BRK";
    default:                return "other";
    }
}

static bool exlog_record(struct xtf_regs *regs, enum xtf_vector vec)
{
    struct xtf_exinfo *e;

    if ( !exlog.active || vec != XTF_VEC_SYNC )
        return false;

    if ( exlog.count < XTF_EXLOG_MAX )
    {
        e = &exlog.entries[exlog.count];
        e->vector = vec;
        e->esr = regs->esr;
        e->far = regs->far;
        e->elr = regs->elr;
    }
    exlog.count++;
    regs->elr += 4;             /* resume after the faulting instruction */
    return true;
}

static void __noreturn unhandled(const struct xtf_regs *regs,
                                 enum xtf_vector vec)
{
    unsigned int i;

    printk("Unhandled exception on vCPU %u: vector %u\n", xtf_cpu_id(), vec);
    printk("  ESR 0x%016lx (EC %#lx: %s)\n", regs->esr, ESR_EC(regs->esr),
           xtf_esr_ec_name(regs->esr));
    printk("  FAR 0x%016lx  ELR 0x%016lx  SPSR %#010lx  SP %#lx\n",
           regs->far, regs->elr, regs->spsr, regs->sp);
    for ( i = 0; i < 30; i += 2 )
        printk("  x%-2u 0x%016lx  x%-2u 0x%016lx\n", i, regs->x[i], i + 1,
               regs->x[i + 1]);
    printk("  x30 0x%016lx\n", regs->x[30]);
    xtf_error("unhandled exception: ESR %#lx FAR %#lx ELR %#lx", regs->esr,
              regs->far, regs->elr);
    xtf_exit();
}

void xtf_trap_dispatch(struct xtf_regs *regs, enum xtf_vector vec);
void xtf_trap_dispatch(struct xtf_regs *regs, enum xtf_vector vec)
{
    if ( trap_hook && trap_hook(regs, vec) )
        return;
    if ( exlog_record(regs, vec) )
        return;
    if ( vec == XTF_VEC_IRQ && irq_hook )
    {
        irq_hook(regs);
        return;
    }
    unhandled(regs, vec);
}
