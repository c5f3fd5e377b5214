/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests of the generated guest device tree (arch/arm64/domain_fdt.c),
 * read back with libfdt.  The main check is differential: every node and
 * property of the tree Xen 4.17.7 gave a dom0less domU
 * (fixtures/xen417-domu-gic{2,3}.dts) is in ours with the same value, and
 * ours has no other node; the extra properties are the ones domain_fdt.h
 * lists.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host.h"
#include <libfdt.h>
#include <arch/arm64/domain_fdt.h>

#define MiB     (1UL << 20)

static char tree[64 * 1024];

/* Xen 4.17's vMPIDR (Aff0 = id % 16, Aff1 = id / 16). */
static uint64_t xen_affinity(unsigned int id)
{
    return (id & 0xf) | ((uint64_t)(id >> 4) << 8);
}

static const char a57[] = "arm,cortex-a57";

/* The domain of the Xen fixtures. */
static struct domain_fdt_info xen_like(unsigned int gic_version)
{
    return (struct domain_fdt_info){
        .xen_version = "4.17", .nr_vcpus = 2, .vcpu_affinity = xen_affinity,
        .gic_version = gic_version, .nr_banks = 1,
        .bank_base = { 0x40000000 }, .bank_size = { 64 * MiB },
        .vpl011 = true, .bootargs = "console=ttyAMA0 foo=bar",
        .cpu_compatible = a57, .cpu_compatible_len = sizeof(a57),
    };
}

static void build(const struct domain_fdt_info *info)
{
    assert_true(domain_fdt_max_size(info) <= sizeof(tree));
    assert_int_equal(domain_fdt_build(tree, domain_fdt_max_size(info), info), 0);
    assert_int_equal(fdt_check_header(tree), 0);
    assert_true(fdt_totalsize(tree) <= domain_fdt_max_size(info));
}

static const void *prop(const char *path, const char *name, int *len)
{
    int node = fdt_path_offset(tree, path);

    if ( node < 0 )
        fail_msg("no node %s", path);
    return fdt_getprop(tree, node, name, len);
}

static uint32_t cell(const char *path, const char *name, unsigned int i)
{
    int len;
    const fdt32_t *v = prop(path, name, &len);

    assert_non_null(v);
    assert_true((unsigned int)len >= (i + 1) * 4);
    return fdt32_to_cpu(v[i]);
}

/* Every property of @xen's node @xnode (at @path) is in ours, same value. */
static void compare_node(const void *xen, int xnode, const char *path)
{
    int off, sub, node = fdt_path_offset(tree, path);

    if ( node < 0 )
        fail_msg("Xen has %s, we do not", path);
    fdt_for_each_property_offset(off, xen, xnode)
    {
        const char *name;
        int xlen, len;
        const void *xval = fdt_getprop_by_offset(xen, off, &name, &xlen);
        const void *val = fdt_getprop(tree, node, name, &len);

        /* Xen writes empty initrd properties for any kernel (domain_fdt.h). */
        if ( !strncmp(name, "linux,initrd-", 13) )
            continue;
        if ( !val || len != xlen || memcmp(val, xval, (size_t)len) )
            fail_msg("%s: property %s differs from Xen's", path, name);
    }
    fdt_for_each_subnode(sub, xen, xnode)
    {
        char subpath[256];

        snprintf(subpath, sizeof(subpath), "%s/%s", strcmp(path, "/") ? path : "",
                 fdt_get_name(xen, sub, NULL));
        compare_node(xen, sub, subpath);
    }
}

static int count_nodes(const void *fdt)
{
    int depth = 0, nr = 0;

    for ( int node = 0; node >= 0; node = fdt_next_node(fdt, node, &depth) )
        nr++;
    return nr;
}

static void check_against_xen(unsigned int gic_version, const char *fixture)
{
    struct domain_fdt_info info = xen_like(gic_version);
    const void *xen = host_load_fixture(fixture);
    int len;

    build(&info);
    compare_node(xen, 0, "/");
    assert_int_equal(count_nodes(tree), count_nodes(xen));
    /* Our additions */
    assert_memory_equal(prop("/", "compatible", &len), "xen,xenvm-4.17\0xen,xenvm", 25);
    assert_int_equal(len, 25);
    assert_string_equal(prop("/", "model", NULL), "XENVM-4.17");
    assert_int_equal(cell("/", "interrupt-parent", 0), 65000);
    assert_string_equal(prop("/chosen", "stdout-path", NULL), "/sbsa-uart@22000000");
    assert_null(prop("/chosen", "linux,initrd-start", NULL));
}

static void test_like_xen_gicv3(void **state)
{
    check_against_xen(3, "xen417-domu-gic3");
}

static void test_like_xen_gicv2(void **state)
{
    check_against_xen(2, "xen417-domu-gic2");
}

static void test_minimal(void **state)
{
    struct domain_fdt_info info = xen_like(3);

    info.vpl011 = false;
    info.bootargs = "";
    info.cpu_compatible = NULL;
    info.cpu_compatible_len = 0;
    info.cpu_clock_frequency = 1000000000;
    info.timer_clock_frequency = 62500000;
    build(&info);
    assert_true(fdt_path_offset(tree, "/sbsa-uart@22000000") < 0);
    assert_null(prop("/chosen", "stdout-path", NULL));
    assert_null(prop("/chosen", "bootargs", NULL));
    assert_string_equal(prop("/cpus/cpu@1", "compatible", NULL), "arm,armv8");
    assert_int_equal(cell("/cpus/cpu@1", "clock-frequency", 0), 1000000000);
    assert_int_equal(cell("/timer", "clock-frequency", 0), 62500000);
}

static void test_initrd(void **state)
{
    struct domain_fdt_info info = xen_like(3);

    info.has_initrd = true;
    build(&info);
    assert_int_equal(domain_fdt_set_initrd(tree, 0x48200000, 0x48345678), 0);
    assert_int_equal(cell("/chosen", "linux,initrd-start", 0), 0);
    assert_int_equal(cell("/chosen", "linux,initrd-start", 1), 0x48200000);
    assert_int_equal(cell("/chosen", "linux,initrd-end", 1), 0x48345678);
}

static void test_big_domain(void **state)
{
    struct domain_fdt_info info = xen_like(3);
    static char args[1024];
    char path[32];

    memset(args, 'x', sizeof(args) - 1);
    info.bootargs = args;
    info.nr_vcpus = 128;
    info.nr_banks = 2;
    info.bank_size[0] = 3UL << 30;
    info.bank_base[1] = 0x200000000UL;
    info.bank_size[1] = 5UL << 30;
    build(&info);
    /* vCPU 17 is Aff1 1, Aff0 1; vCPU 127 Aff1 7, Aff0 15 */
    assert_int_equal(cell("/cpus/cpu@101", "reg", 0), 0x101);
    assert_int_equal(cell("/cpus/cpu@70f", "reg", 0), 0x70f);
    assert_int_equal(cell("/memory@40000000", "reg", 5), 0x0);
    assert_int_equal(cell("/memory@40000000", "reg", 4), 0x2);
    assert_int_equal(cell("/memory@40000000", "reg", 6), 0x1);
    assert_int_equal(cell("/memory@40000000", "reg", 7), 0x40000000);
    assert_int_equal(strlen(prop("/chosen", "bootargs", NULL)), sizeof(args) - 1);
    snprintf(path, sizeof(path), "/cpus/cpu@%x", 0x80);
    assert_true(fdt_path_offset(tree, path) < 0);
}

static void test_too_small(void **state)
{
    struct domain_fdt_info info = xen_like(3);

    assert_int_equal(domain_fdt_build(tree, 512, &info), -FDT_ERR_NOSPACE);
    info.nr_banks = 0;
    assert_int_equal(domain_fdt_build(tree, sizeof(tree), &info), -FDT_ERR_BADVALUE);
}

static void test_partial(void **state)
{
    struct domain_fdt_info info = xen_like(3);
    const void *pfdt = host_load_fixture("partial");

    assert_null(domain_fdt_check_partial(pfdt, fdt_totalsize(pfdt)));
    info.partial_fdt = pfdt;
    build(&info);
    /* The partial tree's /gic chose the GIC phandle, for every reference. */
    assert_int_equal(cell("/interrupt-controller@3001000", "phandle", 0), 0x1234);
    assert_int_equal(cell("/timer", "interrupt-parent", 0), 0x1234);
    assert_int_equal(cell("/", "interrupt-parent", 0), 0x1234);
    assert_int_equal(cell("/passthrough/serial@9000000", "interrupt-parent", 0), 0x1234);
    assert_int_equal(cell("/passthrough/serial@9000000", "reg", 1), 0x9000000);
    assert_string_equal(prop("/aliases", "serial1", NULL), "/passthrough/serial@9000000");
    assert_true(fdt_path_offset(tree, "/gic") < 0);
    assert_true(fdt_path_offset(tree, "/ignored") < 0);
}

/* Device assignment: the guest sees the device, not the binding (as on Xen). */
static void test_partial_assigning(void **state)
{
    struct domain_fdt_info info = xen_like(3);
    const void *pfdt = host_load_fixture("partial-passthrough");

    assert_null(domain_fdt_check_partial(pfdt, fdt_totalsize(pfdt)));
    info.partial_fdt = pfdt;
    build(&info);
    assert_int_equal(cell("/passthrough/serial@9000000", "reg", 1), 0x9000000);
    assert_int_equal(cell("/passthrough/serial@9000000", "interrupts", 1), 1);
    assert_null(prop("/passthrough/serial@9000000", "xen,reg", NULL));
    assert_null(prop("/passthrough/serial@9000000", "xen,path", NULL));
    assert_null(prop("/passthrough/serial@9000000", "xen,force-assign-without-iommu", NULL));
    /* Outside /passthrough nothing is dropped, even properties with those names. */
    assert_non_null(prop("/aliases", "xen,path", NULL));
}

static void test_partial_refused(void **state)
{
    const void *pfdt = host_load_fixture("partial");
    static char junk[256];

    assert_string_equal(domain_fdt_check_partial(pfdt, fdt_totalsize(pfdt) - 1),
                        "its device tree is larger than the module");
    assert_string_equal(domain_fdt_check_partial(junk, sizeof(junk)),
                        "it is not a flattened device tree (no FDT magic)");
    assert_non_null(domain_fdt_check_partial(junk, 8));
}

/* xen,enhanced: /hypervisor as libxl writes it (xen-arm-abi.md §1.1). */
static void test_hypervisor_node(void **state)
{
    static const char compat[] = "xen,xen-4.17\0xen,xen";
    static const uint32_t reg[] = { 0, 0x38000000, 0, 0x01000000 };
    static const uint32_t irq[] = { 1, 15, 0xf08 };
    struct domain_fdt_info info = xen_like(3);
    int len, depth, node;

    build(&info);
    assert_true(fdt_path_offset(tree, "/hypervisor") < 0);
    info.hypervisor_node = true;
    build(&info);
    assert_non_null(prop("/hypervisor", "compatible", &len));
    assert_int_equal(len, sizeof(compat));
    assert_memory_equal(prop("/hypervisor", "compatible", NULL), compat, sizeof(compat));
    assert_int_equal(fdt_node_check_compatible(tree, fdt_path_offset(tree, "/hypervisor"),
                                               "xen,xen"), 0);
    assert_non_null(prop("/hypervisor", "reg", &len));
    assert_int_equal(len, sizeof(reg));
    for ( unsigned int i = 0; i < 4; i++ )
        assert_int_equal(cell("/hypervisor", "reg", i), reg[i]);
    assert_non_null(prop("/hypervisor", "interrupts", &len));
    assert_int_equal(len, sizeof(irq));
    for ( unsigned int i = 0; i < 3; i++ )
        assert_int_equal(cell("/hypervisor", "interrupts", i), irq[i]);
    assert_int_equal(cell("/hypervisor", "interrupt-parent", 0), DOMAIN_FDT_PHANDLE_GIC);
    /* A direct child of the root, the last one, as Xen puts it. */
    node = fdt_path_offset(tree, "/hypervisor");
    assert_int_equal(fdt_parent_offset(tree, node), 0);
    depth = 1;
    fdt_next_node(tree, node, &depth);
    assert_true(depth < 1);
}

/* reg of /hypervisor as 64-bit (address, size) pairs: @nr of them. */
static void assert_hypervisor_reg(const uint64_t *pairs, unsigned int nr)
{
    int len;

    assert_non_null(prop("/hypervisor", "reg", &len));
    assert_int_equal(len, nr * 16);
    for ( unsigned int i = 0; i < 4 * nr; i++ )
        assert_int_equal(cell("/hypervisor", "reg", i),
                         (uint32_t)(pairs[i / 2] >> (i % 2 ? 0 : 32)));
}

/*
 * Extended regions after the grant window, as Xen 4.17 writes them: the
 * first case is the reg Debian's kernel read in /proc/device-tree of a
 * 512 MiB xen,enhanced domU on Xen 4.17 (44-bit IPA).
 */
static void test_hypervisor_ext_regions(void **state)
{
    static const uint64_t xen417_512m[] = {
        0x38000000, 0x01000000, 0x60000000, 0xa0000000, 0x200000000, 0xfe00000000 };
    static const uint64_t ipa39[] = {
        0x38000000, 0x01000000, 0x44000000, 0xbc000000, 0x200000000, 0x7e00000000 };
    static const uint64_t big[] = {
        0x38000000, 0x01000000, 0x240000000, 0xfdc0000000 };
    struct domain_fdt_info info = xen_like(3);

    info.hypervisor_node = true;
    info.ipa_bits = 44;
    info.bank_size[0] = 512 * MiB;
    build(&info);
    assert_hypervisor_reg(xen417_512m, 3);
    /* 64 MiB of RAM; the IPA space ends inside bank 1. */
    info.ipa_bits = 39;
    info.bank_size[0] = 64 * MiB;
    build(&info);
    assert_hypervisor_reg(ipa39, 3);
    /* 4 GiB: bank 0 full (3 GiB), 1 GiB in bank 1. */
    info.ipa_bits = 40;
    info.nr_banks = 2;
    info.bank_size[0] = 0xc0000000;
    info.bank_base[1] = 0x200000000;
    info.bank_size[1] = 0x40000000;
    build(&info);
    assert_hypervisor_reg(big, 2);
    /*
     * The start rounded up to 2 MiB, then 64 MiB at least (a 32-bit IPA
     * space leaves bank 1 out).
     */
    info.ipa_bits = 32;
    info.nr_banks = 1;
    info.bank_size[0] = 0xc0000000 - 64 * MiB - 4096;
    build(&info);
    assert_hypervisor_reg((const uint64_t[]){ 0x38000000, 0x01000000,
                                              0xfc000000, 0x04000000 }, 2);
    info.bank_size[0] = 0xc0000000 - 64 * MiB + 4096;
    build(&info);
    assert_hypervisor_reg(big, 1);
    /* No IPA size given: the grant window alone. */
    info.ipa_bits = 0;
    info.bank_size[0] = 64 * MiB;
    build(&info);
    assert_hypervisor_reg(big, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_like_xen_gicv3),
        cmocka_unit_test(test_like_xen_gicv2),
        cmocka_unit_test(test_minimal),
        cmocka_unit_test(test_initrd),
        cmocka_unit_test(test_big_domain),
        cmocka_unit_test(test_too_small),
        cmocka_unit_test(test_partial),
        cmocka_unit_test(test_partial_assigning),
        cmocka_unit_test(test_partial_refused),
        cmocka_unit_test(test_hypervisor_node),
        cmocka_unit_test(test_hypervisor_ext_regions),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
