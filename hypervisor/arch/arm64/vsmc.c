/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * SMC Calling Convention calls from guests (HVC #0, or SMC #0 trapped by
 * HCR_EL2.TSC), as Xen 4.17 answers them (xen-arm-abi.md §5.6): the SMCCC
 * version and feature queries, Xen's standard hypervisor service (call
 * count, UID, revision), and PSCI (vpsci.c).  Anything else returns
 * NOT_SUPPORTED (-1) in x0, which is what SMCCC asks of an unknown
 * function.
 */
#include <xenith/sched.h>
#include <asm/traps.h>

#define SMCCC_VERSION_FID           0x80000000U
#define SMCCC_ARCH_FEATURES_FID     0x80000001U
#define SMCCC_VERSION_1_1           0x10001
#define SMCCC_NOT_SUPPORTED         (-1L)
#define SMCCC_FID_32BIT             (1U << 30)  /* clear: SMC32, 32-bit arguments */

/* Xen's standard hypervisor service (owner 5) */
#define XEN_SMCCC_CALL_COUNT_FID    0x8500ff00U
#define XEN_SMCCC_UID_FID           0x8500ff01U
#define XEN_SMCCC_REVISION_FID      0x8500ff03U
#define XEN_SMCCC_FUNCTION_COUNT    3
#define XEN_SMCCC_MAJOR_REVISION    0
#define XEN_SMCCC_MINOR_REVISION    1

/* a71812dc-c698-4369-9acf-79d18ddee667, in its byte order */
static const uint8_t xen_smccc_uid[16] = {
    0xa7, 0x18, 0x12, 0xdc, 0xc6, 0x98, 0x43, 0x69,
    0x9a, 0xcf, 0x79, 0xd1, 0x8d, 0xde, 0xe6, 0x67,
};

/* SMCCC: w0-w3 hold the UID's bytes, first byte in the low bits of w0. */
static void smccc_fill_uid(struct cpu_user_regs *regs)
{
    for ( unsigned int n = 0; n < 4; n++ )
    {
        const uint8_t *b = &xen_smccc_uid[4 * n];

        regs->x[n] = (uint32_t)b[0] | (uint32_t)b[1] << 8 |
                     (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
    }
}

void do_trap_smccc(struct cpu_user_regs *regs)
{
    uint32_t fid = (uint32_t)regs->x[0];

    switch ( fid )
    {
    case SMCCC_VERSION_FID:
        regs->x[0] = SMCCC_VERSION_1_1;
        return;
    case SMCCC_ARCH_FEATURES_FID:
        /*
         * No ARCH_WORKAROUND_n is offered: Xenith does not pass them on to
         * the firmware, so a guest must not count on them.
         */
        regs->x[0] = (uint64_t)SMCCC_NOT_SUPPORTED;
        return;
    case XEN_SMCCC_CALL_COUNT_FID:
        regs->x[0] = XEN_SMCCC_FUNCTION_COUNT;
        return;
    case XEN_SMCCC_UID_FID:
        smccc_fill_uid(regs);
        return;
    case XEN_SMCCC_REVISION_FID:
        regs->x[0] = XEN_SMCCC_MAJOR_REVISION;
        regs->x[1] = XEN_SMCCC_MINOR_REVISION;
        return;
    }
    if ( !(fid & SMCCC_FID_32BIT) )
        for ( unsigned int i = 1; i <= 3; i++ )
            regs->x[i] = (uint32_t)regs->x[i];
    if ( vpsci_handle_call(fid, regs) )
        return;
    gprintk(XENLOG_INFO, "Unhandled SMC/HVC: %#x\n", fid);
    regs->x[0] = (uint64_t)SMCCC_NOT_SUPPORTED;
}
