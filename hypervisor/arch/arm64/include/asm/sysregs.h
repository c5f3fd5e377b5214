/* SPDX-License-Identifier: GPL-2.0-only */
/* System register access and the bit fields Xenith programs (arm64). */
#ifndef ASM_SYSREGS_H
#define ASM_SYSREGS_H

#include <xenith/const.h>

/* SCTLR_EL2 (non-VHE layout) */
#define SCTLR_EL2_M         (_AC(1, UL) << 0)
#define SCTLR_EL2_A         (_AC(1, UL) << 1)
#define SCTLR_EL2_C         (_AC(1, UL) << 2)
#define SCTLR_EL2_SA        (_AC(1, UL) << 3)
#define SCTLR_EL2_I         (_AC(1, UL) << 12)
#define SCTLR_EL2_WXN       (_AC(1, UL) << 19)
#define SCTLR_EL2_RES1      _AC(0x30c50830, UL)
#define SCTLR_EL2_BOOT      (SCTLR_EL2_RES1 | SCTLR_EL2_M | SCTLR_EL2_C | \
                             SCTLR_EL2_SA | SCTLR_EL2_I)

/* MAIR_EL2 attribute indices used in page-table entries */
#define MT_NORMAL           0   /* Normal, inner/outer write-back RW-alloc */
#define MT_DEVICE_nGnRE     1
#define MT_DEVICE_nGnRnE    2
#define MT_NORMAL_NC        3
#define MAIR_EL2_VALUE      _AC(0x00000000440004ff, UL)

/* TCR_EL2: 48-bit VA, 4K granule, WBWA inner shareable walks; PS set at run time */
#define TCR_EL2_T0SZ_48     _AC(16, UL)
#define TCR_EL2_IRGN0_WBWA  (_AC(1, UL) << 8)
#define TCR_EL2_ORGN0_WBWA  (_AC(1, UL) << 10)
#define TCR_EL2_SH0_IS      (_AC(3, UL) << 12)
#define TCR_EL2_TG0_4K      (_AC(0, UL) << 14)
#define TCR_EL2_PS_SHIFT    16
#define TCR_EL2_RES1        ((_AC(1, UL) << 31) | (_AC(1, UL) << 23))
#define TCR_EL2_BOOT        (TCR_EL2_RES1 | TCR_EL2_T0SZ_48 | TCR_EL2_IRGN0_WBWA | \
                             TCR_EL2_ORGN0_WBWA | TCR_EL2_SH0_IS | TCR_EL2_TG0_4K)

/* CPTR_EL2 (non-VHE): keep FP/SIMD untrapped at EL2 during boot */
#define CPTR_EL2_RES1       _AC(0x000032ff, UL)

/* HCR_EL2: at boot only RW (EL1 is AArch64); IMO is asm/irq.h's */
#define HCR_EL2_VM          (_AC(1, UL) << 0)   /* stage 2 on */
#define HCR_EL2_SWIO        (_AC(1, UL) << 1)   /* set/way invalidate -> clean+invalidate */
#define HCR_EL2_PTW         (_AC(1, UL) << 2)   /* stage-1 walks to Device memory fault */
#define HCR_EL2_FMO         (_AC(1, UL) << 3)   /* FIQs to EL2, virtual FIQs to EL1 */
#define HCR_EL2_AMO         (_AC(1, UL) << 5)   /* SErrors to EL2, virtual SErrors to EL1 */
#define HCR_EL2_FB          (_AC(1, UL) << 9)   /* broadcast TLB/cache maintenance */
#define HCR_EL2_BSU_IS      (_AC(1, UL) << 10)  /* barriers upgraded to inner shareable */
#define HCR_EL2_TWI         (_AC(1, UL) << 13)  /* trap WFI */
#define HCR_EL2_TWE         (_AC(1, UL) << 14)  /* trap WFE */
#define HCR_EL2_TID3        (_AC(1, UL) << 18)  /* trap the ID registers (group 3) */
#define HCR_EL2_TSC         (_AC(1, UL) << 19)  /* trap SMC */
#define HCR_EL2_TIDCP       (_AC(1, UL) << 20)  /* trap implementation-defined registers */
#define HCR_EL2_TACR        (_AC(1, UL) << 21)  /* trap ACTLR_EL1 */
#define HCR_EL2_RW          (_AC(1, UL) << 31)

/* CPTR_EL2 (non-VHE) traps besides RES1 */
#define CPTR_EL2_TZ         (_AC(1, UL) << 8)   /* SVE (RES1 without SVE) */
#define CPTR_EL2_TTA        (_AC(1, UL) << 20)  /* trace registers */

/* DCZID_EL0: the DC ZVA block */
#define DCZID_BS_MASK       _AC(0xf, UL)        /* log2 of the block, in words */
#define DCZID_DZP           (_AC(1, UL) << 4)   /* DC ZVA prohibited */

/* MDCR_EL2: debug and PMU register traps */
#define MDCR_EL2_HPMN_MASK  _AC(0x1f, UL)
#define MDCR_EL2_TPMCR      (_AC(1, UL) << 5)
#define MDCR_EL2_TPM        (_AC(1, UL) << 6)
#define MDCR_EL2_TDA        (_AC(1, UL) << 9)
#define MDCR_EL2_TDOSA      (_AC(1, UL) << 10)
#define MDCR_EL2_TDRA       (_AC(1, UL) << 11)

/* PSTATE as SPSR_ELx holds it, beyond public/arch-arm.h's PSR_* */
#define PSR_MODE_MASK       _AC(0x1f, UL)       /* M[4:0]; M[4] is PSR_MODE_BIT */
#define PSR_PAN             (_AC(1, UL) << 22)

/* ESR_ELx exception classes */
#define ESR_EC_SHIFT        26
#define ESR_EC_UNKNOWN      0x00
#define ESR_EC_WFx          0x01
#define ESR_EC_CP15_32      0x03
#define ESR_EC_CP15_64      0x04
#define ESR_EC_CP14_MR      0x05
#define ESR_EC_CP14_LS      0x06
#define ESR_EC_FP_ASIMD     0x07
#define ESR_EC_CP14_64      0x0c
#define ESR_EC_ILL          0x0e
#define ESR_EC_HVC32        0x12
#define ESR_EC_SMC32        0x13
#define ESR_EC_SVC64        0x15
#define ESR_EC_HVC64        0x16
#define ESR_EC_SMC64        0x17
#define ESR_EC_SYS64        0x18
#define ESR_EC_SVE          0x19
#define ESR_EC_IABT_LOW     0x20
#define ESR_EC_IABT_CUR     0x21
#define ESR_EC_PC_ALIGN     0x22
#define ESR_EC_DABT_LOW     0x24
#define ESR_EC_DABT_CUR     0x25
#define ESR_EC_SP_ALIGN     0x26
#define ESR_EC_SERROR       0x2f
#define ESR_EC_BRK          0x3c

/* PAR_EL1 after an AT instruction (the 64-bit format, Arm ARM D24.2.142) */
#define PAR_F               (_AC(1, UL) << 0)   /* the translation aborted: */
#define PAR_FST_SHIFT       1                   /*   its fault status, as DFSC */
#define PAR_PTW             (_AC(1, UL) << 8)   /*   at stage 2, on the stage-1 walk */
#define PAR_S               (_AC(1, UL) << 9)   /*   at stage 2 */
#define PAR_PA_MASK         _AC(0x0000fffffffff000, UL)     /* or its output */

#ifndef __ASSEMBLY__
#include <xenith/stringify.h>

#define READ_SYSREG(name) ({                                     \
    unsigned long _r;                                            \
    asm volatile("mrs %0, " __stringify(name) : "=r" (_r));      \
    _r; })

#define WRITE_SYSREG(v, name) do {                               \
    unsigned long _w = (unsigned long)(v);                       \
    asm volatile("msr " __stringify(name) ", %0" :: "r" (_w));   \
} while ( 0 )

/*
 * AT @op (a string: "s12e1r", "s1e1w", ...) on @va, from EL2: PAR_EL1's
 * answer.  AT writes the guest's own PAR_EL1, which is put back (an IRQ
 * handler that translates in between puts it back as well).
 */
#define AT_TRANSLATE(op, va) ({                                  \
    unsigned long _saved = READ_SYSREG(par_el1), _par;           \
    asm volatile("at " op ", %0\n\tisb" :: "r" (va) : "memory"); \
    _par = READ_SYSREG(par_el1);                                 \
    WRITE_SYSREG(_saved, par_el1);                               \
    _par; })

#endif /* __ASSEMBLY__ */
#endif /* ASM_SYSREGS_H */
