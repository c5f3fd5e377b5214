/* SPDX-License-Identifier: GPL-2.0-only */
/* Decoding guest exit syndromes (see asm/esr.h); plain functions of data. */
#include <xenith/errno.h>
#include <asm/esr.h>

int esr_decode_dabt(uint64_t esr, struct mmio_access *a)
{
    if ( !(esr & ESR_ABT_ISV) )
        return -EINVAL;
    a->size = 1U << ((esr >> ESR_ABT_SAS_SHIFT) & ESR_ABT_SAS_MASK);
    a->write = esr & ESR_ABT_WNR;
    a->sign_extend = esr & ESR_ABT_SSE;
    a->reg64 = esr & ESR_ABT_SF;
    a->reg = (esr >> ESR_ABT_SRT_SHIFT) & ESR_ABT_SRT_MASK;
    return 0;
}

void esr_decode_sysreg(uint64_t esr, struct vsysreg_access *a)
{
    uint32_t op0 = (esr >> 20) & 3, op2 = (esr >> 17) & 7, op1 = (esr >> 14) & 7;
    uint32_t crn = (esr >> 10) & 15, crm = (esr >> 1) & 15;

    a->enc = SYSREG_ENC(op0, op1, crn, crm, op2);
    a->reg = (esr >> 5) & 31;
    a->read = esr & 1;
}

uint64_t mmio_load_result(const struct mmio_access *a, uint64_t val)
{
    unsigned int bits = a->size * 8;

    if ( bits < 64 )
    {
        uint64_t sign = 1ULL << (bits - 1);

        val &= (1ULL << bits) - 1;
        if ( a->sign_extend )
            val = (val ^ sign) - sign;
    }
    return a->reg64 ? val : (uint32_t)val;
}
