/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * @file tests/hypercall-abi/main.c
 * The arm64 hypercall calling convention (xen-arm-abi.md §2):
 * - unknown and x86-only hypercall numbers return -ENOSYS;
 * - a hypercall preserves every register but x0 (result), x16 and the
 *   argument registers x1-x4;
 * - HVC with an immediate other than 0xEA1 (Xen) or 0 (SMCCC) raises an
 *   undefined-instruction exception in the guest, returning after the HVC
 *   (Xen 4.17 injects it with the HVC's own return address);
 * - an unknown SMCCC function over HVC #0 returns NOT_SUPPORTED (-1).
 */
#include <xtf.h>

const char test_title[] = "Hypercall calling convention";

#define NR_SAVED    24          /* x5-x15, x17-x28, x30 */

static void test_enosys(void)
{
    /* 1: mmu_update (x86 PV only); 43-63: unallocated; 64, 1000: out of range */
    static const unsigned int nrs[] = { 1, 43, 63, 64, 1000 };
    unsigned int i;
    long rc;

    for ( i = 0; i < ARRAY_SIZE(nrs); i++ )
    {
        rc = xtf_hypercall(nrs[i], 0, 0, 0, 0, 0);
        if ( rc != -XEN_ENOSYS )
            xtf_failure("hypercall %u returned %ld, expected -ENOSYS (%d)",
                        nrs[i], rc, -XEN_ENOSYS);
    }
}

/*
 * Load known values into x5-x15, x17-x28 and x30, issue
 * xen_version(XENVER_version) and store the registers back.  The buffer
 * pointer survives on the stack (SP is preserved by the ABI).
 */
static void test_preserved(void)
{
    uint64_t buf[2 * NR_SAVED];
    register uint64_t *p asm("x2") = buf;
    unsigned int i;

    for ( i = 0; i < NR_SAVED; i++ )
        buf[i] = 0x5a5a000000000000UL | ((uint64_t)i << 32) | ~i;

    asm volatile ( "str x2, [sp, #-16]!\n\t"
                   "ldp x5, x6, [x2, #0]\n\t"
                   "ldp x7, x8, [x2, #16]\n\t"
                   "ldp x9, x10, [x2, #32]\n\t"
                   "ldp x11, x12, [x2, #48]\n\t"
                   "ldp x13, x14, [x2, #64]\n\t"
                   "ldp x15, x17, [x2, #80]\n\t"
                   "ldp x18, x19, [x2, #96]\n\t"
                   "ldp x20, x21, [x2, #112]\n\t"
                   "ldp x22, x23, [x2, #128]\n\t"
                   "ldp x24, x25, [x2, #144]\n\t"
                   "ldp x26, x27, [x2, #160]\n\t"
                   "ldp x28, x30, [x2, #176]\n\t"
                   "mov x0, #0\n\t"             /* XENVER_version */
                   "mov x1, #0\n\t"
                   "mov x16, #17\n\t"           /* __HYPERVISOR_xen_version */
                   "hvc #0xea1\n\t"
                   "ldr x2, [sp], #16\n\t"
                   "stp x5, x6, [x2, #192]\n\t"
                   "stp x7, x8, [x2, #208]\n\t"
                   "stp x9, x10, [x2, #224]\n\t"
                   "stp x11, x12, [x2, #240]\n\t"
                   "stp x13, x14, [x2, #256]\n\t"
                   "stp x15, x17, [x2, #272]\n\t"
                   "stp x18, x19, [x2, #288]\n\t"
                   "stp x20, x21, [x2, #304]\n\t"
                   "stp x22, x23, [x2, #320]\n\t"
                   "stp x24, x25, [x2, #336]\n\t"
                   "stp x26, x27, [x2, #352]\n\t"
                   "stp x28, x30, [x2, #368]\n\t"
                   : "+r" (p)
                   :
                   : "x0", "x1", "x3", "x4", "x5", "x6", "x7", "x8", "x9",
                     "x10", "x11", "x12", "x13", "x14", "x15", "x16", "x17",
                     "x18", "x19", "x20", "x21", "x22", "x23", "x24", "x25",
                     "x26", "x27", "x28", "x30", "memory" );

    for ( i = 0; i < NR_SAVED; i++ )
        if ( buf[NR_SAVED + i] != buf[i] )
            xtf_failure("register slot %u changed by a hypercall: %#lx -> %#lx",
                        i, buf[i], buf[NR_SAVED + i]);
}

static void test_bad_immediate(void)
{
    const struct xtf_exinfo *e;
    uint64_t pc;

    xtf_exlog_reset();
    xtf_exlog_start();
    /* The nop absorbs the exlog's skip if ELR points after the HVC. */
    asm volatile ( "1: hvc #0x1234\n\t"
                   "nop\n\t"
                   "adr %0, 1b" : "=r" (pc) :: "x0", "x1", "x2", "x3", "x4",
                                               "x16", "memory" );
    xtf_exlog_stop();

    if ( xtf_exlog_count() != 1 )
    {
        xtf_exlog_dump();
        return xtf_failure("HVC #0x1234: %u exceptions, expected 1",
                           xtf_exlog_count());
    }
    e = xtf_exlog_entry(0);
    printk("HVC #0x1234: ESR %#lx (%s) ELR %s\n", e->esr,
           xtf_esr_ec_name(e->esr),
           e->elr == pc ? "at the HVC" : e->elr == pc + 4 ? "after the HVC"
                                                          : "elsewhere");
    if ( ESR_EC(e->esr) != ESR_EC_UNKNOWN )
        xtf_failure("HVC #0x1234 raised EC %#lx, expected undefined (0)",
                    ESR_EC(e->esr));
    if ( e->elr != pc + 4 )
        xtf_failure("HVC #0x1234: ELR %#lx, expected %#lx (after the HVC)",
                    e->elr, pc + 4);
}

void test_main(void)
{
    long rc;

    test_enosys();
    test_preserved();
    test_bad_immediate();

    rc = xtf_smccc(0x840000ffU, 0, 0, 0);     /* unallocated PSCI id */
    if ( rc != PSCI_RET_NOT_SUPPORTED )
        xtf_failure("SMCCC function 0x840000ff returned %ld, expected -1", rc);

    xtf_success(NULL);
}
