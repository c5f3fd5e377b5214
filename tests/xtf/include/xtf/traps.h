/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Exceptions in xtf guests.  An exception nobody expects ends the test
 * with ERROR (ESR, FAR and ELR printed).  A test that provokes exceptions on
 * purpose either logs them (xtf_exlog_*: the faulting instruction is
 * skipped and the exception recorded) or installs a hook.
 */
#ifndef XTF_TRAPS_H
#define XTF_TRAPS_H

#include <xtf/types.h>

/* The frame saved by the vector entry (layout known to entry.S). */
struct xtf_regs {
    uint64_t x[31];
    uint64_t sp;                /* SP_EL1 at the time of the exception */
    uint64_t elr;
    uint64_t spsr;
    uint64_t esr;
    uint64_t far;
};

/* The vector that was taken (index in the table / 4 = vector group). */
enum xtf_vector {
    XTF_VEC_SYNC_SP0, XTF_VEC_IRQ_SP0, XTF_VEC_FIQ_SP0, XTF_VEC_SERROR_SP0,
    XTF_VEC_SYNC, XTF_VEC_IRQ, XTF_VEC_FIQ, XTF_VEC_SERROR,
    XTF_VEC_SYNC_A64, XTF_VEC_IRQ_A64, XTF_VEC_FIQ_A64, XTF_VEC_SERROR_A64,
    XTF_VEC_SYNC_A32, XTF_VEC_IRQ_A32, XTF_VEC_FIQ_A32, XTF_VEC_SERROR_A32,
};

/* One logged exception. */
struct xtf_exinfo {
    unsigned int vector;        /* enum xtf_vector */
    uint64_t esr;
    uint64_t far;
    uint64_t elr;               /* address of the faulting instruction */
};

#define XTF_EXLOG_MAX 8

/*
 * Between xtf_exlog_start() and xtf_exlog_stop(), every synchronous
 * exception of the current EL is recorded and execution resumes at the
 * instruction after the faulting one (A64 instructions are 4 bytes).  The
 * log keeps the first XTF_EXLOG_MAX entries and counts them all.
 */
void xtf_exlog_start(void);
void xtf_exlog_stop(void);
void xtf_exlog_reset(void);
unsigned int xtf_exlog_count(void);
const struct xtf_exinfo *xtf_exlog_entry(unsigned int idx);
void xtf_exlog_dump(void);
/*
 * Load from (or store 0 to) @addr with a fresh log running; returns the
 * address of the access instruction, to compare with the logged ELR.
 */
uint64_t xtf_exlog_access(uint64_t addr, bool write);

/*
 * A hook sees every exception before the default handling; it returns true
 * when it handled the exception (the saved registers may be changed).
 */
typedef bool (*xtf_trap_hook_t)(struct xtf_regs *regs, enum xtf_vector vec);
void xtf_set_trap_hook(xtf_trap_hook_t hook);

/* Called for IRQs taken at the current EL (the GIC driver installs it). */
typedef void (*xtf_irq_hook_t)(struct xtf_regs *regs);
void xtf_set_irq_hook(xtf_irq_hook_t hook);

const char *xtf_esr_ec_name(uint64_t esr);

#endif /* XTF_TRAPS_H */
