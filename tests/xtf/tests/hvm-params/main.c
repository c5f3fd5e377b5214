/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * @file tests/hvm-params/main.c
 * HVMOP_get_param and HVMOP_set_param (hvm_op, hypercall 34) on a domU's
 * own parameters: the ones a guest reads at boot are readable, xenstore
 * and the PV console read 0 (absent: no xen,enhanced here), setting any of
 * them is -XEN_EPERM, the monitor ring is the toolstack's (-XEN_EPERM to read),
 * other indexes -XEN_EINVAL, another domain's parameters -XEN_ESRCH or -XEN_EPERM.
 * The event-channel PPI: Xenith gives every domU libxl's value (PPI 31,
 * level, active low); Xen 4.17 sets it for dom0 only, so a dom0less domU
 * reads 0 there.
 */
#include <xtf.h>
#include <public/hvm/hvm_op.h>
#include <public/hvm/params.h>

const char test_title[] = "HVMOP_get_param / HVMOP_set_param";

#define CALLBACK_PPI31_LEVEL_LOW    0x020000000000021fULL
#define PARAM_WITHDRAWN             4   /* x86's old PAE_ENABLED */

static struct xen_hvm_param param;

static long hvm_param(unsigned int op, domid_t domid, uint32_t index, uint64_t *value)
{
    long rc;

    param = (struct xen_hvm_param){ .domid = domid, .index = index, .value = *value };
    rc = xtf_hypercall(__HYPERVISOR_hvm_op, op, (unsigned long)&param, 0, 0, 0);
    *value = param.value;
    return rc;
}

static void expect_get(uint32_t index, long rc_expected, uint64_t val_expected)
{
    uint64_t v = 0x5a5a;
    long rc = hvm_param(HVMOP_get_param, DOMID_SELF, index, &v);

    if ( rc != rc_expected )
        xtf_failure("get_param(%u): %ld, expected %ld", index, rc, rc_expected);
    else if ( !rc && v != val_expected )
        xtf_failure("get_param(%u) = %#lx, expected %#lx", index, v, val_expected);
}

static void expect_set(domid_t domid, uint32_t index, long rc_expected)
{
    uint64_t v = 1;
    long rc = hvm_param(HVMOP_set_param, domid, index, &v);

    if ( rc != rc_expected )
        xtf_failure("set_param(d%#x, %u): %ld, expected %ld", domid, index, rc, rc_expected);
}

void test_main(void)
{
    static const uint32_t guest_set[] = {
        HVM_PARAM_CALLBACK_IRQ, HVM_PARAM_STORE_PFN, HVM_PARAM_STORE_EVTCHN,
        HVM_PARAM_CONSOLE_PFN, HVM_PARAM_CONSOLE_EVTCHN, HVM_PARAM_MONITOR_RING_PFN,
    };
    uint64_t v = 0;

    hvm_param(HVMOP_get_param, DOMID_SELF, HVM_PARAM_CALLBACK_IRQ, &v);
    printk("CALLBACK_IRQ = %#lx\n", v);
    expect_get(HVM_PARAM_CALLBACK_IRQ, 0, xtf_on_xenith() ? CALLBACK_PPI31_LEVEL_LOW : 0);
    expect_get(HVM_PARAM_STORE_PFN, 0, 0);
    expect_get(HVM_PARAM_STORE_EVTCHN, 0, 0);
    expect_get(HVM_PARAM_CONSOLE_PFN, 0, 0);
    expect_get(HVM_PARAM_CONSOLE_EVTCHN, 0, 0);
    expect_get(HVM_PARAM_MONITOR_RING_PFN, -XEN_EPERM, 0);
    expect_get(PARAM_WITHDRAWN, -XEN_EINVAL, 0);
    for ( unsigned int i = 0; i < ARRAY_SIZE(guest_set); i++ )
        expect_set(DOMID_SELF, guest_set[i], -XEN_EPERM);
    expect_set(DOMID_SELF, PARAM_WITHDRAWN, -XEN_EINVAL);
    /* The writes changed nothing. */
    expect_get(HVM_PARAM_STORE_PFN, 0, 0);
    /* d1 is this domain; there is no d77, and d0 does not exist either. */
    expect_set(1, HVM_PARAM_STORE_PFN, -XEN_EPERM);
    expect_set(77, HVM_PARAM_STORE_PFN, -XEN_ESRCH);
    if ( xtf_hypercall(__HYPERVISOR_hvm_op, HVMOP_flush_tlbs, 0, 0, 0, 0) != -XEN_ENOSYS )
        xtf_failure("HVMOP_flush_tlbs is not -XEN_ENOSYS on Arm");
    xtf_success(NULL);
}
