/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests of the guest exit syndrome decoders (hypervisor/arch/arm64/
 * esr.c): data aborts on emulated MMIO and trapped MRS/MSR.  Syndromes
 * are built from the fields of the Arm ARM and from instructions whose
 * encodings are given in the comments.
 */
#include "host.h"
#include <xenith/errno.h>
#include <asm/esr.h>

#define EC_DABT_LOW     (0x24ULL << 26)
#define EC_SYS64        (0x18ULL << 26)

static uint64_t dabt(unsigned int sas, bool sse, unsigned int srt, bool sf, bool wnr)
{
    return EC_DABT_LOW | ESR_IL | ESR_ABT_ISV | ((uint64_t)sas << ESR_ABT_SAS_SHIFT) |
           (sse ? ESR_ABT_SSE : 0) | ((uint64_t)srt << ESR_ABT_SRT_SHIFT) |
           (sf ? ESR_ABT_SF : 0) | (wnr ? ESR_ABT_WNR : 0) | 0x07 /* translation, level 3 */;
}

static void test_dabt_sizes_and_registers(void **state)
{
    struct mmio_access a;

    /* str w3, [x0]: 32-bit store of w3 */
    assert_int_equal(esr_decode_dabt(dabt(2, false, 3, false, true), &a), 0);
    assert_int_equal(a.size, 4);
    assert_true(a.write);
    assert_false(a.sign_extend);
    assert_false(a.reg64);
    assert_int_equal(a.reg, 3);

    /* ldr x30, [x1]: 64-bit load into x30 */
    assert_int_equal(esr_decode_dabt(dabt(3, false, 30, true, false), &a), 0);
    assert_int_equal(a.size, 8);
    assert_false(a.write);
    assert_true(a.reg64);
    assert_int_equal(a.reg, 30);

    /* ldrsb x2, [x1]: byte, sign-extended to 64 bits */
    assert_int_equal(esr_decode_dabt(dabt(0, true, 2, true, false), &a), 0);
    assert_int_equal(a.size, 1);
    assert_true(a.sign_extend);

    /* strh wzr, [x1]: Rt 31 is the zero register */
    assert_int_equal(esr_decode_dabt(dabt(1, false, 31, false, true), &a), 0);
    assert_int_equal(a.size, 2);
    assert_int_equal(a.reg, REG_ZR);
}

static void test_dabt_without_syndrome(void **state)
{
    struct mmio_access a = { .size = 99 };

    /* ldp x0, x1, [x2]: no valid ISS (ISV clear) */
    assert_int_equal(esr_decode_dabt(dabt(3, false, 0, true, false) & ~ESR_ABT_ISV, &a),
                     -EINVAL);
    assert_int_equal(a.size, 99);       /* untouched */
    /* Xen 4.17's injected abort syndrome has no ISV either */
    assert_int_equal(esr_decode_dabt(0x96000000ULL, &a), -EINVAL);
}

static void test_load_results(void **state)
{
    struct mmio_access a = { .size = 1, .sign_extend = true, .reg64 = true };

    /* ldrsb x: 0x80 -> -128 in 64 bits */
    assert_int_equal(mmio_load_result(&a, 0x80), 0xffffffffffffff80ULL);
    /* ldrsb w: sign-extended to 32 bits only, upper half clear */
    a.reg64 = false;
    assert_int_equal(mmio_load_result(&a, 0x80), 0xffffff80ULL);
    /* ldrh w: zero-extended; bits beyond the size are dropped */
    a = (struct mmio_access){ .size = 2 };
    assert_int_equal(mmio_load_result(&a, 0xdead8001ULL), 0x8001);
    /* ldrsw x */
    a = (struct mmio_access){ .size = 4, .sign_extend = true, .reg64 = true };
    assert_int_equal(mmio_load_result(&a, 0x7fffffffULL), 0x7fffffffULL);
    assert_int_equal(mmio_load_result(&a, 0x80000000ULL), 0xffffffff80000000ULL);
    /* ldr x: everything */
    a = (struct mmio_access){ .size = 8, .reg64 = true };
    assert_int_equal(mmio_load_result(&a, 0x0123456789abcdefULL), 0x0123456789abcdefULL);
    /* ldr w of a 64-bit value the handler should not have given: cut */
    a = (struct mmio_access){ .size = 4 };
    assert_int_equal(mmio_load_result(&a, 0x0123456789abcdefULL), 0x89abcdefULL);
}

/* ISS of an MSR/MRS: Op0 21:20, Op2 19:17, Op1 16:14, CRn 13:10, Rt 9:5, CRm 4:1, dir 0 */
static uint64_t sysreg(unsigned int op0, unsigned int op1, unsigned int crn,
                       unsigned int crm, unsigned int op2, unsigned int rt, bool read)
{
    return EC_SYS64 | ESR_IL | ((uint64_t)op0 << 20) | ((uint64_t)op2 << 17) |
           ((uint64_t)op1 << 14) | ((uint64_t)crn << 10) | ((uint64_t)rt << 5) |
           ((uint64_t)crm << 1) | (read ? 1 : 0);
}

static void test_sysreg(void **state)
{
    struct vsysreg_access a;

    /* mrs x5, id_aa64pfr0_el1 (S3_0_C0_C4_0) */
    esr_decode_sysreg(sysreg(3, 0, 0, 4, 0, 5, true), &a);
    assert_int_equal(a.enc, SYSREG_ENC(3, 0, 0, 4, 0));
    assert_true(a.read);
    assert_int_equal(a.reg, 5);

    /* msr icc_sgi1r_el1, x1 (S3_0_C12_C11_5) */
    esr_decode_sysreg(sysreg(3, 0, 12, 11, 5, 1, false), &a);
    assert_int_equal(a.enc, SYSREG_ENC(3, 0, 12, 11, 5));
    assert_false(a.read);
    assert_int_equal(SYSREG_OP0(a.enc), 3);
    assert_int_equal(SYSREG_OP1(a.enc), 0);
    assert_int_equal(SYSREG_CRN(a.enc), 12);
    assert_int_equal(SYSREG_CRM(a.enc), 11);
    assert_int_equal(SYSREG_OP2(a.enc), 5);

    /* msr oslar_el1, xzr (S2_0_C1_C0_4): Rt 31 */
    esr_decode_sysreg(sysreg(2, 0, 1, 0, 4, 31, false), &a);
    assert_int_equal(a.enc, SYSREG_ENC(2, 0, 1, 0, 4));
    assert_int_equal(a.reg, REG_ZR);

    /* mrs x0, cntp_ctl_el0 (S3_3_C14_C2_1) */
    esr_decode_sysreg(sysreg(3, 3, 14, 2, 1, 0, true), &a);
    assert_int_equal(a.enc, SYSREG_ENC(3, 3, 14, 2, 1));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dabt_sizes_and_registers),
        cmocka_unit_test(test_dabt_without_syndrome),
        cmocka_unit_test(test_load_results),
        cmocka_unit_test(test_sysreg),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
