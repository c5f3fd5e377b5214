/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The arm64 halves of struct domain and struct vcpu.  Each subsystem owns
 * its member: the stage-2 tables (p2m.h), the virtual GIC (vgic.h), the
 * virtual timer (vtimer.h), the virtual UART (vpl011.h), the saved EL1
 * context (vcpu_context.h).
 */
#ifndef ASM_DOMAIN_H
#define ASM_DOMAIN_H

#include <xenith/types.h>
#include <asm/config.h>
#include <asm/mmio.h>
#include <asm/p2m.h>
#include <asm/regs.h>
#include <asm/vcpu_context.h>
#include <asm/vgic.h>
#include <asm/vtimer.h>

struct vpl011;

struct arch_domain {
    struct p2m_domain p2m;      /* stage-2 translation (p2m.c) */
    struct vgic_dist vgic;      /* distributor state (vgic/) */
    struct vtimer_domain vtimer;        /* the guests' counter offset (vtimer.c) */
    struct vpl011 *vpl011;      /* NULL unless the domain has one */
    struct vmmio mmio;          /* emulated MMIO ranges (mmio.c) */
};

struct arch_vcpu {
    void *stack;                /* this vCPU's EL2 stack (STACK_SIZE) */
    struct vcpu_switch_regs switch_regs;    /* callee-saved regs for context_switch */
    struct vcpu_el1_context el1;            /* EL1 system registers, FP/SIMD */
    uint64_t hcr_el2;           /* its HCR_EL2 */
    uint64_t vmpidr;            /* MPIDR the guest reads */
    struct vgic_cpu vgic;       /* per-vCPU virtual GIC state */
    struct vtimer vtimer;       /* virtual and physical timers */
};

/*
 * The guest's registers as its last exit saved them (and as its next
 * entry restores them): the frame at the top of its stack.  Not for the
 * idle vCPUs, which have no guest.
 */
#define guest_cpu_user_regs(v) \
    ((struct cpu_user_regs *)((char *)(v)->arch.stack + STACK_SIZE) - 1)

#endif /* ASM_DOMAIN_H */
