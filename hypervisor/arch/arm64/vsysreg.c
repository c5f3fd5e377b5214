/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Trapped system register accesses: the one decoder (do_trap_sysreg())
 * and the handlers for what Xenith itself traps (see asm/vsysreg.h):
 *
 * - the ID registers (HCR_EL2.TID3): the host's values, with the features
 *   whose state is not switched between vCPUs hidden (SVE, SME, MTE, AMU,
 *   MPAM, pointer authentication, the PMU, statistical profiling, trace);
 * - ACTLR_EL1 (HCR_EL2.TACR): reads give the host's value, writes are
 *   ignored, as Xen does: it controls the physical core;
 * - debug, trace and PMU registers (MDCR_EL2, CPTR_EL2.TTA): read as zero,
 *   writes ignored, as Xen does; the ID registers say there is no PMU;
 * - ICC_SGI1R_EL1 (HCR_EL2.IMO): SGIs between vCPUs, for the vGIC;
 * - CNTP_*_EL0 (CNTHCTL_EL2.EL1PCEN clear): the emulated physical timer.
 */
#include <xenith/errno.h>
#include <xenith/sched.h>
#include <asm/sysregs.h>
#include <asm/traps.h>
#include <asm/vgic.h>
#include <asm/vtimer.h>
#include <asm/vsysreg.h>

extern const struct vsysreg_handler __start_xenith_vsysregs[];
extern const struct vsysreg_handler __stop_xenith_vsysregs[];

static const struct vsysreg_handler *vsysreg_find(uint32_t enc)
{
    for ( const struct vsysreg_handler *h = __start_xenith_vsysregs;
          h < __stop_xenith_vsysregs; h++ )
        if ( (enc & h->mask) == h->enc )
            return h;
    return NULL;
}

void do_trap_sysreg(struct cpu_user_regs *regs)
{
    const struct vsysreg_handler *h;
    struct vsysreg_access a;
    uint64_t val = 0;

    esr_decode_sysreg(regs->esr, &a);
    if ( !a.read )
        val = get_user_reg(regs, a.reg);
    h = vsysreg_find(a.enc);
    if ( !h || h->fn(current, &a, &val) )
    {
        gprintk(XENLOG_INFO, "%s of S%u_%u_C%u_C%u_%u (%s) at PC %#lx: undefined\n",
                a.read ? "read" : "write", SYSREG_OP0(a.enc), SYSREG_OP1(a.enc),
                SYSREG_CRN(a.enc), SYSREG_CRM(a.enc), SYSREG_OP2(a.enc),
                h ? h->name : "not emulated", regs->elr);
        inject_undef_exception(regs);
        return;
    }
    if ( a.read )
        set_user_reg(regs, a.reg, val);
    advance_pc(regs);
}

int vsysreg_raz_wi(struct vcpu *v, const struct vsysreg_access *a, uint64_t *val)
{
    if ( a->read )
        *val = 0;
    return 0;
}

/* ---------------------------------------------------------------- ID registers */

#define FIELD(shift)        (_AC(0xf, UL) << (shift))

/* Per register, the 4-bit fields that read as 0 ("not implemented"). */
static const struct {
    uint32_t enc;
    uint64_t hidden;
} id_hidden[] = {
    /* ID_DFR0_EL1: PerfMon */
    { SYSREG_ENC(3, 0, 0, 1, 2), FIELD(24) },
    /* ID_AA64PFR0_EL1: SVE, MPAM, AMU */
    { SYSREG_ENC(3, 0, 0, 4, 0), FIELD(32) | FIELD(40) | FIELD(44) },
    /* ID_AA64PFR1_EL1: MTE, MPAM_frac, SME */
    { SYSREG_ENC(3, 0, 0, 4, 1), FIELD(8) | FIELD(16) | FIELD(24) },
    /*
     * ID_AA64ISAR1_EL1: APA, API, GPA, GPI; ID_AA64ISAR2_EL1: GPA3, APA3.
     * Pointer authentication keys are not switched (their registers trap,
     * HCR_EL2.APK clear): without the feature the guest leaves its PAC
     * instructions disabled, and they run as NOPs.
     */
    { SYSREG_ENC(3, 0, 0, 6, 1), FIELD(4) | FIELD(8) | FIELD(24) | FIELD(28) },
    { SYSREG_ENC(3, 0, 0, 6, 2), FIELD(8) | FIELD(12) },
    /* ID_AA64ZFR0_EL1, ID_AA64SMFR0_EL1: SVE and SME features */
    { SYSREG_ENC(3, 0, 0, 4, 4), ~0UL },
    { SYSREG_ENC(3, 0, 0, 4, 5), ~0UL },
    /* ID_AA64DFR0_EL1: TraceVer, PMUVer, PMSVer, TraceFilt, TraceBuffer, BRBE */
    { SYSREG_ENC(3, 0, 0, 5, 0), FIELD(4) | FIELD(8) | FIELD(32) | FIELD(40) |
                                 FIELD(44) | FIELD(52) },
};

#define ID_CASE(crm, op2) \
    case SYSREG_ENC(3, 0, 0, crm, op2): return READ_SYSREG(S3_0_C0_C##crm##_##op2)
#define ID_ROW(crm) \
    ID_CASE(crm, 0); ID_CASE(crm, 1); ID_CASE(crm, 2); ID_CASE(crm, 3); \
    ID_CASE(crm, 4); ID_CASE(crm, 5); ID_CASE(crm, 6); ID_CASE(crm, 7)

/* The host's value (unallocated encodings of this space read as zero). */
static uint64_t id_reg_host(uint32_t enc)
{
    switch ( enc )
    {
    ID_ROW(1); ID_ROW(2); ID_ROW(3); ID_ROW(4); ID_ROW(5); ID_ROW(6); ID_ROW(7);
    default:
        return 0;
    }
}

static int vsysreg_id(struct vcpu *v, const struct vsysreg_access *a, uint64_t *val)
{
    uint64_t value;

    if ( !a->read || SYSREG_CRM(a->enc) == 0 )
        return -EINVAL;
    value = id_reg_host(a->enc);
    for ( unsigned int i = 0; i < ARRAY_SIZE(id_hidden); i++ )
        if ( id_hidden[i].enc == a->enc )
            value &= ~id_hidden[i].hidden;
    *val = value;
    return 0;
}
VSYSREG_HANDLER(id_registers, SYSREG_ENC(3, 0, 0, 0, 0), VSYSREG_ANY_CRM, vsysreg_id);

/* ---------------------------------------------------------------- the others */

static int vsysreg_actlr(struct vcpu *v, const struct vsysreg_access *a, uint64_t *val)
{
    if ( a->read )
        *val = v->arch.el1.actlr;
    return 0;
}
VSYSREG_HANDLER(actlr_el1, SYSREG_ENC(3, 0, 1, 0, 1), VSYSREG_EXACT, vsysreg_actlr);

/* Debug and trace registers: all of op0 = 2. */
VSYSREG_HANDLER(debug_trace, SYSREG_ENC(2, 0, 0, 0, 0), VSYSREG_ANY_OP1, vsysreg_raz_wi);
/* PMU: PMCR_EL0 and the other EL0 registers, PMINTEN*_EL1, PMEV*_EL0. */
VSYSREG_HANDLER(pmu_el0, SYSREG_ENC(3, 3, 9, 0, 0), VSYSREG_ANY_CRM, vsysreg_raz_wi);
VSYSREG_HANDLER(pmu_el1, SYSREG_ENC(3, 0, 9, 14, 0), VSYSREG_ANY_OP2, vsysreg_raz_wi);
VSYSREG_HANDLER(pmu_evcnt, SYSREG_ENC(3, 3, 14, 8, 0), VSYSREG_ANY_CRM | (1U << 6),
                vsysreg_raz_wi);

static int vsysreg_sgi1r(struct vcpu *v, const struct vsysreg_access *a, uint64_t *val)
{
    if ( a->read )
        return -EINVAL;         /* write-only */
    return vgic_v3_emulate_sgi(v, *val);
}
VSYSREG_HANDLER(icc_sgi1r_el1, SYSREG_ENC(3, 0, 12, 11, 5), VSYSREG_EXACT, vsysreg_sgi1r);

static int vsysreg_cntp(struct vcpu *v, const struct vsysreg_access *a, uint64_t *val)
{
    return vtimer_emulate_cntp(v, SYSREG_OP2(a->enc), a->read, val);
}
VSYSREG_HANDLER(cntp_el0, SYSREG_ENC(3, 3, 14, 2, 0), VSYSREG_ANY_OP2, vsysreg_cntp);
