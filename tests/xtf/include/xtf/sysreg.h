/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * System register access and the few register fields xtf guests use.
 */
#ifndef XTF_SYSREG_H
#define XTF_SYSREG_H

#include <xtf/types.h>

#define READ_SYSREG(name) ({                                        \
    uint64_t _r;                                                    \
    asm volatile ( "mrs %0, " #name : "=r" (_r) );                  \
    _r; })

#define WRITE_SYSREG(v, name)                                       \
    asm volatile ( "msr " #name ", %0" :: "r" ((uint64_t)(v)) )

#define isb()       asm volatile ( "isb" ::: "memory" )
#define dsb(opt)    asm volatile ( "dsb " #opt ::: "memory" )
#define wfi()       asm volatile ( "wfi" ::: "memory" )

/* ESR_ELx */
#define ESR_EC_SHIFT            26
#define ESR_EC(esr)             (((esr) >> ESR_EC_SHIFT) & 0x3f)
#define ESR_ISS(esr)            ((esr) & 0x1ffffff)
#define ESR_IL                  (1UL << 25)     /* 32-bit instruction */
#define ESR_EC_UNKNOWN          0x00
#define ESR_EC_HVC64            0x16
#define ESR_EC_IABT_CUR         0x21
#define ESR_EC_DABT_CUR         0x25
#define ESR_EC_SERROR           0x2f
/* Data/instruction fault status code (ISS[5:0]); translation fault at level n */
#define ESR_FSC(esr)            ((esr) & 0x3f)
#define ESR_FSC_TRANS(level)    (0x04 + (level))
#define ESR_FSC_IS_TRANS(esr)   ((ESR_FSC(esr) & 0x3c) == 0x04)
#define ESR_DABT_WNR            (1UL << 6)

/* MPIDR_EL1 */
#define MPIDR_AFF_MASK          0xff00ffffffUL

/* SCTLR_EL1 */
#define SCTLR_M                 (1UL << 0)
#define SCTLR_C                 (1UL << 2)
#define SCTLR_I                 (1UL << 12)

/* ISR_EL1.I: an IRQ is pending (whether or not PSTATE masks it). */
#define ISR_EL1_I               (1UL << 7)

#endif /* XTF_SYSREG_H */
