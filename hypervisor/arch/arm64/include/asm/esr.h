/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The syndrome (ESR_EL2) of the guest exits Xenith decodes, and the
 * decoders (esr.c): plain data, so the host unit tests use them as they
 * are.  Field positions: Arm ARM D13.2.39 (ESR_ELx); the exception
 * classes are in asm/sysregs.h.
 */
#ifndef ASM_ESR_H
#define ASM_ESR_H

#include <xenith/const.h>
#include <xenith/types.h>

#define ESR_IL              (_AC(1, UL) << 25)  /* 32-bit instruction */
#define ESR_ISS_MASK        _AC(0x1ffffff, UL)

/* Data and instruction aborts (EC 0x24/0x25, 0x20/0x21) */
#define ESR_ABT_ISV         (_AC(1, UL) << 24)  /* the fields below are valid */
#define ESR_ABT_SAS_SHIFT   22                  /* access size: 1 << SAS bytes */
#define ESR_ABT_SAS_MASK    _AC(3, UL)
#define ESR_ABT_SSE         (_AC(1, UL) << 21)  /* sign-extending load */
#define ESR_ABT_SRT_SHIFT   16                  /* the register */
#define ESR_ABT_SRT_MASK    _AC(31, UL)
#define ESR_ABT_SF          (_AC(1, UL) << 15)  /* 64-bit register */
#define ESR_ABT_FNV         (_AC(1, UL) << 10)  /* FAR not valid */
#define ESR_ABT_S1PTW       (_AC(1, UL) << 7)   /* on the stage-1 table walk */
#define ESR_ABT_WNR         (_AC(1, UL) << 6)   /* a write */
#define ESR_ABT_FSC_MASK    _AC(0x3f, UL)
#define ESR_FSC_TYPE_MASK   _AC(0x3c, UL)       /* the fault type, level masked */
#define ESR_FSC_TRANSLATION _AC(0x04, UL)
#define ESR_FSC_ACCESS      _AC(0x08, UL)
#define ESR_FSC_PERMISSION  _AC(0x0c, UL)

/* HVC/SMC (EC 0x16/0x17): the immediate */
#define ESR_HVC_IMM_MASK    _AC(0xffff, UL)

/* WFI/WFE (EC 0x01) */
#define ESR_WFX_TI_MASK     _AC(3, UL)
#define ESR_WFX_TI_WFI      0
#define ESR_WFX_TI_WFE      1

/*
 * System register accesses (EC 0x18): an encoding key made of op0, op1,
 * CRn, CRm, op2 in the order the architecture names them.
 */
#define SYSREG_ENC(op0, op1, crn, crm, op2) \
    (((op0) << 14) | ((op1) << 11) | ((crn) << 7) | ((crm) << 3) | (op2))
#define SYSREG_OP0(enc)     (((enc) >> 14) & 3)
#define SYSREG_OP1(enc)     (((enc) >> 11) & 7)
#define SYSREG_CRN(enc)     (((enc) >> 7) & 15)
#define SYSREG_CRM(enc)     (((enc) >> 3) & 15)
#define SYSREG_OP2(enc)     ((enc) & 7)

#define REG_ZR              31  /* Rt 31: XZR/WZR in these encodings */

/* A decoded load or store (data abort with a valid syndrome). */
struct mmio_access {
    paddr_t gpa;                /* guest-physical address accessed */
    unsigned int size;          /* bytes: 1, 2, 4 or 8 */
    bool write;
    bool sign_extend;           /* a signed load (LDRSB, LDRSH, LDRSW) */
    bool reg64;                 /* the register is Xn; else Wn (32 bits) */
    unsigned int reg;           /* Rt */
};

/* A decoded MRS or MSR. */
struct vsysreg_access {
    uint32_t enc;               /* SYSREG_ENC() of the register */
    bool read;                  /* MRS: the guest reads it */
    unsigned int reg;           /* Rt */
};

/*
 * A data abort's access (all but gpa); -EINVAL when the syndrome does not
 * describe it (ISV clear: a load/store pair, writeback, SIMD, ...).
 */
int esr_decode_dabt(uint64_t esr, struct mmio_access *a);
/* An MRS/MSR's register, direction and Rt. */
void esr_decode_sysreg(uint64_t esr, struct vsysreg_access *a);
/*
 * What a load of @a->size bytes leaves in its register: @val sign- or
 * zero-extended as the instruction says, cut to 32 bits for a Wn.
 */
uint64_t mmio_load_result(const struct mmio_access *a, uint64_t val);

#endif /* ASM_ESR_H */
