/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Switching the pCPU from one vCPU to another (arm64): the EL1 system
 * registers and FP/SIMD registers of the guest, the hypervisor registers
 * that describe the guest (HCR_EL2, VPIDR/VMPIDR_EL2, the debug and
 * feature traps), its stage 2 (p2m.c), virtual GIC and timers (vgic/,
 * vtimer.c), and last the EL2 stack (context_switch.S).
 *
 * Nothing is switched lazily: a vCPU leaving saves everything, one
 * arriving loads everything.  The idle vCPUs have no guest state; with
 * them only HCR_EL2 changes (stage 2 off).
 */
#include <xenith/domain.h>
#include <xenith/printk.h>
#include <asm/irq.h>
#include <asm/p2m.h>
#include <asm/sysregs.h>
#include <asm/vcpu_context.h>
#include <asm/vgic.h>
#include <asm/vtimer.h>

static_assert(offsetof(struct vcpu_switch_regs, x19) == SWITCH_OFF_X19, "switch regs");
static_assert(offsetof(struct vcpu_switch_regs, fp) == SWITCH_OFF_FP, "switch regs");
static_assert(offsetof(struct vcpu_switch_regs, lr) == SWITCH_OFF_FP + 8, "switch regs");
static_assert(offsetof(struct vcpu_switch_regs, sp) == SWITCH_OFF_SP, "switch regs");
static_assert(sizeof(struct vcpu_switch_regs) == SWITCH_REGS_SIZE, "switch regs");
static_assert(offsetof(struct vcpu_fpsimd, fpsr) == FPSIMD_OFF_FPSR, "fpsimd");
static_assert(offsetof(struct vcpu_fpsimd, fpcr) == FPSIMD_OFF_FPCR, "fpsimd");

struct vcpu *__context_switch(struct vcpu_switch_regs *from,
                              struct vcpu_switch_regs *to, struct vcpu *prev);

#define ID_AA64DFR0_PMUVER(v)   (((v) >> 8) & 0xf)
#define PMCR_N(v)               (((v) >> 11) & 0x1f)

static void el1_save(struct vcpu_el1_context *c)
{
    c->sctlr = READ_SYSREG(sctlr_el1);
    c->ttbr0 = READ_SYSREG(ttbr0_el1);
    c->ttbr1 = READ_SYSREG(ttbr1_el1);
    c->tcr = READ_SYSREG(tcr_el1);
    c->mair = READ_SYSREG(mair_el1);
    c->amair = READ_SYSREG(amair_el1);
    c->vbar = READ_SYSREG(vbar_el1);
    c->contextidr = READ_SYSREG(contextidr_el1);
    c->tpidr_el0 = READ_SYSREG(tpidr_el0);
    c->tpidrro_el0 = READ_SYSREG(tpidrro_el0);
    c->tpidr_el1 = READ_SYSREG(tpidr_el1);
    c->sp_el0 = READ_SYSREG(sp_el0);
    c->sp_el1 = READ_SYSREG(sp_el1);
    c->elr_el1 = READ_SYSREG(elr_el1);
    c->spsr_el1 = READ_SYSREG(spsr_el1);
    c->esr = READ_SYSREG(esr_el1);
    c->far = READ_SYSREG(far_el1);
    c->par = READ_SYSREG(par_el1);
    c->afsr0 = READ_SYSREG(afsr0_el1);
    c->afsr1 = READ_SYSREG(afsr1_el1);
    c->cpacr = READ_SYSREG(cpacr_el1);
    c->cntkctl = READ_SYSREG(cntkctl_el1);
    c->csselr = READ_SYSREG(csselr_el1);
    fpsimd_save(&c->fp);
}

static void el1_restore(const struct vcpu_el1_context *c)
{
    WRITE_SYSREG(c->sctlr, sctlr_el1);
    WRITE_SYSREG(c->ttbr0, ttbr0_el1);
    WRITE_SYSREG(c->ttbr1, ttbr1_el1);
    WRITE_SYSREG(c->tcr, tcr_el1);
    WRITE_SYSREG(c->mair, mair_el1);
    WRITE_SYSREG(c->amair, amair_el1);
    WRITE_SYSREG(c->vbar, vbar_el1);
    WRITE_SYSREG(c->contextidr, contextidr_el1);
    WRITE_SYSREG(c->tpidr_el0, tpidr_el0);
    WRITE_SYSREG(c->tpidrro_el0, tpidrro_el0);
    WRITE_SYSREG(c->tpidr_el1, tpidr_el1);
    WRITE_SYSREG(c->sp_el0, sp_el0);
    WRITE_SYSREG(c->sp_el1, sp_el1);
    WRITE_SYSREG(c->elr_el1, elr_el1);
    WRITE_SYSREG(c->spsr_el1, spsr_el1);
    WRITE_SYSREG(c->esr, esr_el1);
    WRITE_SYSREG(c->far, far_el1);
    WRITE_SYSREG(c->par, par_el1);
    WRITE_SYSREG(c->afsr0, afsr0_el1);
    WRITE_SYSREG(c->afsr1, afsr1_el1);
    WRITE_SYSREG(c->cpacr, cpacr_el1);
    WRITE_SYSREG(c->cntkctl, cntkctl_el1);
    WRITE_SYSREG(c->csselr, csselr_el1);
    fpsimd_restore(&c->fp);
}

/*
 * Debug and PMU registers trap (vsysreg.c emulates them); the counters
 * the guest cannot reach stay the hypervisor's (HPMN = all of them, which
 * the architecture requires to be non-zero).
 */
static uint64_t mdcr_el2_guest(void)
{
    uint64_t mdcr = MDCR_EL2_TDRA | MDCR_EL2_TDOSA | MDCR_EL2_TDA |
                    MDCR_EL2_TPM | MDCR_EL2_TPMCR;
    unsigned int pmuver = ID_AA64DFR0_PMUVER(READ_SYSREG(id_aa64dfr0_el1));

    if ( pmuver != 0 && pmuver != 0xf )
        mdcr |= PMCR_N(READ_SYSREG(pmcr_el0)) & MDCR_EL2_HPMN_MASK;
    return mdcr;
}

static void ctxt_switch_from(struct vcpu *p)
{
    el1_save(&p->arch.el1);
    vtimer_save(p);
    vgic_save(p);
    p2m_save_state(p);
}

static void ctxt_switch_to(struct vcpu *n)
{
    WRITE_SYSREG(n->arch.hcr_el2, hcr_el2);
    if ( !is_idle_vcpu(n) )
    {
        p2m_restore_state(n);
        WRITE_SYSREG(READ_SYSREG(midr_el1), vpidr_el2);
        WRITE_SYSREG(n->arch.vmpidr, vmpidr_el2);
        WRITE_SYSREG(CPTR_EL2_RES1 | CPTR_EL2_TZ | CPTR_EL2_TTA, cptr_el2);
        WRITE_SYSREG(mdcr_el2_guest(), mdcr_el2);
        el1_restore(&n->arch.el1);
        vgic_restore(n);
        vtimer_restore(n);
    }
    asm volatile("isb" ::: "memory");
}

void context_switch(struct vcpu *prev, struct vcpu *next)
{
    ASSERT(!local_irq_is_enabled());
    if ( !is_idle_vcpu(prev) )
        ctxt_switch_from(prev);
    ctxt_switch_to(next);
    set_current(next);
    /* Returns on next's stack, where next left it, with the vCPU we left. */
    prev = __context_switch(&prev->arch.switch_regs, &next->arch.switch_regs, prev);
    sched_context_switched(prev);
}

/* ---------------------------------------------------------------- dumps */

static const char *guest_mode_name(uint64_t spsr)
{
    switch ( spsr & PSR_MODE_MASK )
    {
    case PSR_MODE_EL0t: return "EL0t";
    case PSR_MODE_EL1t: return "EL1t";
    case PSR_MODE_EL1h: return "EL1h";
    default:
        return (spsr & PSR_MODE_BIT) ? "AArch32 EL0" : "invalid";
    }
}

static void show_el1_state(const struct vcpu *v)
{
    struct vcpu_el1_context live;
    const struct vcpu_el1_context *c = &v->arch.el1;

    /* The current vCPU's EL1 registers are on this pCPU, not saved. */
    if ( v == current )
    {
        el1_save(&live);
        c = &live;
    }
    printk("    SCTLR_EL1 %016lx TCR_EL1 %016lx VBAR_EL1 %016lx\n",
           c->sctlr, c->tcr, c->vbar);
    printk("    TTBR0_EL1 %016lx TTBR1_EL1 %016lx\n", c->ttbr0, c->ttbr1);
    printk("    ESR_EL1 %016lx FAR_EL1 %016lx ELR_EL1 %016lx\n",
           c->esr, c->far, c->elr_el1);
    printk("    SP_EL0 %016lx SP_EL1 %016lx SPSR_EL1 %016lx\n",
           c->sp_el0, c->sp_el1, c->spsr_el1);
}

void arch_vcpu_show_state(const struct vcpu *v, bool full)
{
    const struct cpu_user_regs *regs = guest_cpu_user_regs(v);

    printk("    PC %016lx PSTATE %08lx (%s)%s\n", regs->elr, regs->spsr,
           guest_mode_name(regs->spsr),
           v->is_running && v != current ? ", as of its last exit" : "");
    if ( !full )
        return;
    for ( unsigned int i = 0; i < 30; i += 3 )
        printk("    x%-2u %016lx  x%-2u %016lx  x%-2u %016lx\n", i, regs->x[i],
               i + 1, regs->x[i + 1], i + 2, regs->x[i + 2]);
    printk("    x30 %016lx\n", regs->x[30]);
    show_el1_state(v);
}
