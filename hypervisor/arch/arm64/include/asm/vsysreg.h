/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Trapped MRS/MSR (vsysreg.c): one decoder, and handlers registered next
 * to the state they emulate with VSYSREG_HANDLER() (the ID registers,
 * ACTLR, debug and PMU registers in vsysreg.c; the EL1 physical timer in
 * vtimer.c; ICC_SGI1R_EL1 for the vGIC).  An access no handler claims, or
 * that its handler refuses, is an undefined instruction for the guest.
 */
#ifndef ASM_VSYSREG_H
#define ASM_VSYSREG_H

#include <xenith/lib.h>
#include <asm/esr.h>

struct vcpu;

struct vsysreg_handler {
    uint32_t enc, mask;         /* claims the accesses with (enc & mask) == enc */
    const char *name;
    /*
     * A read fills *@val, a write finds the value in it.  Returns 0, or
     * -errno to give the guest an undefined-instruction exception.
     */
    int (*fn)(struct vcpu *v, const struct vsysreg_access *a, uint64_t *val);
};

/* Masks over SYSREG_ENC(): which fields must match. */
#define VSYSREG_EXACT       0xffffU     /* this one register */
#define VSYSREG_ANY_OP2     0xfff8U     /* op0, op1, CRn, CRm */
#define VSYSREG_ANY_CRM     0xff80U     /* op0, op1, CRn */
#define VSYSREG_ANY_OP1     0xc000U     /* op0 */

/* Claim the registers (@enc, @mask) for @fn; @id names them (unique). */
#define VSYSREG_HANDLER(id, _enc, _mask, _fn)                               \
    static const struct vsysreg_handler __used __aligned(8)                 \
    __section("xenith_vsysregs") __vsysreg_##id = {                         \
        .enc = (_enc), .mask = (_mask), .name = #id, .fn = (_fn) }

/* Read-as-zero, writes ignored: for registers a guest may probe harmlessly. */
int vsysreg_raz_wi(struct vcpu *v, const struct vsysreg_access *a, uint64_t *val);

#endif /* ASM_VSYSREG_H */
