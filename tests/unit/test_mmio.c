/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests of the MMIO emulation registry (hypervisor/arch/arm64/mmio.c):
 * ranges registered per domain, refused when they overlap, found by
 * address, and loads and stores handed to their handlers with the guest
 * register read or written as the decoded access says.
 */
#include "host.h"
#include <xenith/errno.h>
#include <xenith/sched.h>
#include <asm/mmio.h>
#include <asm/traps.h>

static struct domain dom;
static struct vcpu vcpu0 = { .domain = &dom };
static struct cpu_user_regs regs;

struct device {
    paddr_t last_gpa;
    uint64_t last_write;
    uint64_t read_value;
    int result;
    unsigned int calls;
};

static int dev_read(struct vcpu *v, const struct mmio_access *a, uint64_t *val, void *priv)
{
    struct device *dev = priv;

    assert_ptr_equal(v, &vcpu0);
    dev->calls++;
    dev->last_gpa = a->gpa;
    *val = dev->read_value;
    return dev->result;
}

static int dev_write(struct vcpu *v, const struct mmio_access *a, uint64_t val, void *priv)
{
    struct device *dev = priv;

    dev->calls++;
    dev->last_gpa = a->gpa;
    dev->last_write = val;
    return dev->result;
}

static const struct mmio_handler_ops dev_ops = { .read = dev_read, .write = dev_write };
static struct device gicd, uart;

static int setup(void **state)
{
    memset(&regs, 0, sizeof(regs));
    memset(&gicd, 0, sizeof(gicd));
    memset(&uart, 0, sizeof(uart));
    mmio_domain_init(&dom);
    dom.pause_count = 1;                /* created paused */
    return 0;
}

/* The trap path searches without a lock: a running domain's table is fixed. */
static void test_register_running(void **state)
{
    dom.pause_count = 0;
    expect_assert_failure(register_mmio_handler(&dom, &dev_ops, 0x22000000, 0x1000, &uart));
    assert_false(mmio_is_emulated(&dom, 0x22000000));
}

static void test_register(void **state)
{
    static const struct mmio_handler_ops no_write = { .read = dev_read };

    assert_int_equal(register_mmio_handler(&dom, &dev_ops, 0x22000000, 0x1000, &uart), 0);
    assert_int_equal(register_mmio_handler(&dom, &dev_ops, 0x03001000, 0x10000, &gicd), 0);
    /* Overlaps, from either side or inside, are refused. */
    assert_int_equal(register_mmio_handler(&dom, &dev_ops, 0x21fff000, 0x1001, &uart), -EEXIST);
    assert_int_equal(register_mmio_handler(&dom, &dev_ops, 0x22000fff, 0x10, &uart), -EEXIST);
    assert_int_equal(register_mmio_handler(&dom, &dev_ops, 0x03005000, 0x10, &uart), -EEXIST);
    assert_int_equal(register_mmio_handler(&dom, &dev_ops, 0x03000000, 0x100000, &uart), -EEXIST);
    /* Touching is not overlapping. */
    assert_int_equal(register_mmio_handler(&dom, &dev_ops, 0x03011000, 0x1000, &uart), 0);
    assert_int_equal(register_mmio_handler(&dom, &dev_ops, 0x03000000, 0x1000, &uart), 0);
    /* Empty, wrapping, or without both handlers. */
    assert_int_equal(register_mmio_handler(&dom, &dev_ops, 0x50000000, 0, &uart), -EINVAL);
    assert_int_equal(register_mmio_handler(&dom, &dev_ops, ~0xfffUL, 0x2000, &uart), -EINVAL);
    assert_int_equal(register_mmio_handler(&dom, &no_write, 0x50000000, 4, &uart), -EINVAL);

    assert_true(mmio_is_emulated(&dom, 0x03001000));
    assert_true(mmio_is_emulated(&dom, 0x03010fff));
    assert_true(mmio_is_emulated(&dom, 0x03000fff));
    assert_true(mmio_is_emulated(&dom, 0x22000ffc));
    assert_false(mmio_is_emulated(&dom, 0x22001000));
    assert_false(mmio_is_emulated(&dom, 0x02fff000));
    assert_false(mmio_is_emulated(&dom, 0x10000000));
}

static void test_table_full(void **state)
{
    for ( unsigned int i = 0; i < MMIO_MAX_HANDLERS; i++ )
        /* In decreasing order: each goes in at the front. */
        assert_int_equal(register_mmio_handler(&dom, &dev_ops,
                                               0x10000000 - (i + 1) * 0x1000, 0x1000,
                                               &uart), 0);
    assert_int_equal(register_mmio_handler(&dom, &dev_ops, 0x20000000, 0x1000, &uart),
                     -ENOSPC);
    for ( unsigned int i = 0; i < MMIO_MAX_HANDLERS; i++ )
        assert_true(mmio_is_emulated(&dom, 0x10000000 - (i + 1) * 0x1000 + 0x800));
    assert_false(mmio_is_emulated(&dom, 0x10000000));
}

/*
 * The outline that rules most addresses out before the search must never
 * rule out one inside a range: every address near every range's edges
 * and a sweep of the space are checked against the ranges themselves,
 * as the ranges are registered one by one (each changes the outline).
 */
static bool in_some_range(const paddr_t (*r)[2], unsigned int nr, paddr_t gpa)
{
    for ( unsigned int i = 0; i < nr; i++ )
        if ( gpa >= r[i][0] && gpa - r[i][0] < r[i][1] )
            return true;
    return false;
}

static void check_against_ranges(const paddr_t (*r)[2], unsigned int nr)
{
    static const paddr_t near[] = { 0, 1, 0xfff, 0x1000, 0x1001 };

    for ( unsigned int i = 0; i < nr; i++ )
        for ( unsigned int j = 0; j < ARRAY_SIZE(near); j++ )
            for ( unsigned int k = 0; k < 2; k++ )
            {
                paddr_t edge = k ? r[i][0] + r[i][1] : r[i][0];

                assert_int_equal(mmio_is_emulated(&dom, edge + near[j]),
                                 in_some_range(r, nr, edge + near[j]));
                assert_int_equal(mmio_is_emulated(&dom, edge - near[j]),
                                 in_some_range(r, nr, edge - near[j]));
            }
    for ( paddr_t a = 0; a < 0x30000000; a += 0x3ff1 )
        assert_int_equal(mmio_is_emulated(&dom, a), in_some_range(r, nr, a));
    assert_false(mmio_is_emulated(&dom, ~0UL));
}

static void test_outline(void **state)
{
    /* The guest layout (GICD, GICR, vPL011), then odd sizes and places. */
    static const paddr_t r[][2] = {
        { 0x03001000, 0x10000 }, { 0x03020000, 0x1000000 }, { 0x22000000, 0x1000 },
        { 0x0, 0x1 }, { 0x10000fff, 0x2 }, { 0x2fffffff, 0x1 }, { 0x22001000, 0x3 },
    };

    check_against_ranges(r, 0);
    for ( unsigned int i = 0; i < ARRAY_SIZE(r); i++ )
    {
        assert_int_equal(register_mmio_handler(&dom, &dev_ops, r[i][0], r[i][1], &uart), 0);
        check_against_ranges(r, i + 1);
    }
}

static void test_emulate(void **state)
{
    struct mmio_access a = { .gpa = 0x03001004, .size = 4, .reg = 7 };

    assert_int_equal(register_mmio_handler(&dom, &dev_ops, 0x03001000, 0x10000, &gicd), 0);
    assert_int_equal(register_mmio_handler(&dom, &dev_ops, 0x22000000, 0x1000, &uart), 0);

    /* ldr w7, [..]: the handler's value lands in w7, upper half clear. */
    regs.x[7] = ~0UL;
    gicd.read_value = 0x12345678;
    assert_int_equal(mmio_emulate(&vcpu0, &regs, &a), 0);
    assert_int_equal(regs.x[7], 0x12345678);
    assert_int_equal(gicd.last_gpa, 0x03001004);
    assert_int_equal(uart.calls, 0);

    /* ldrsb x7: sign-extended */
    a = (struct mmio_access){ .gpa = 0x22000018, .size = 1, .reg = 7, .sign_extend = true,
                              .reg64 = true };
    uart.read_value = 0xfe;
    assert_int_equal(mmio_emulate(&vcpu0, &regs, &a), 0);
    assert_int_equal(regs.x[7], (uint64_t)-2);

    /* strh w3: only 16 bits reach the device */
    a = (struct mmio_access){ .gpa = 0x22000000, .size = 2, .write = true, .reg = 3 };
    regs.x[3] = 0xdeadbeefcafe0041UL;
    assert_int_equal(mmio_emulate(&vcpu0, &regs, &a), 0);
    assert_int_equal(uart.last_write, 0x0041);

    /* str xzr: zero; ldr into xzr: nothing written */
    a = (struct mmio_access){ .gpa = 0x22000000, .size = 8, .write = true, .reg = REG_ZR,
                              .reg64 = true };
    assert_int_equal(mmio_emulate(&vcpu0, &regs, &a), 0);
    assert_int_equal(uart.last_write, 0);
    a.write = false;
    assert_int_equal(mmio_emulate(&vcpu0, &regs, &a), 0);

    /* The handler's error comes back and the register is left alone. */
    uart.result = -EINVAL;
    a = (struct mmio_access){ .gpa = 0x22000000, .size = 4, .reg = 9 };
    regs.x[9] = 77;
    assert_int_equal(mmio_emulate(&vcpu0, &regs, &a), -EINVAL);
    assert_int_equal(regs.x[9], 77);

    /* Nobody's address. */
    a.gpa = 0x22001000;
    assert_int_equal(mmio_emulate(&vcpu0, &regs, &a), -ENODEV);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_register, setup),
        cmocka_unit_test_setup(test_table_full, setup),
        cmocka_unit_test_setup(test_outline, setup),
        cmocka_unit_test_setup(test_register_running, setup),
        cmocka_unit_test_setup(test_emulate, setup),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
