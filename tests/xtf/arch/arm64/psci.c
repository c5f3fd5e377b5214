/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * SMCCC conduit for xtf guests.  A guest's firmware interface is the
 * hypervisor's, reached with HVC #0 (HVC #0xEA1 is a Xen hypercall).
 */
#include <xtf/psci.h>

long xtf_smccc(uint32_t fid, uint64_t a1, uint64_t a2, uint64_t a3)
{
    register uint64_t x0 asm("x0") = fid;
    register uint64_t x1 asm("x1") = a1;
    register uint64_t x2 asm("x2") = a2;
    register uint64_t x3 asm("x3") = a3;

    /* SMCCC 1.0 lets the callee change x4-x17 as well. */
    asm volatile ( "hvc #0"
                   : "+r" (x0), "+r" (x1), "+r" (x2), "+r" (x3)
                   :
                   : "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12",
                     "x13", "x14", "x15", "x16", "x17", "memory" );

    return (long)x0;
}
