/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests of the device-tree reader: bootinfo (RAM, reserved ranges,
 * command line) and the libfdt helpers drivers use (reg, interrupts,
 * aliases, status, driver probing by class).
 */
#include <stdio.h>
#include <stdlib.h>

#include "host.h"
#include <libfdt.h>
#include <xenith/bootinfo.h>
#include <xenith/device_tree.h>
#include <xenith/errno.h>

static int setup_good(void **state)
{
    host_log_clear();
    return bootinfo_parse(host_load_fixture("good"));
}

static void test_memory_banks(void **state)
{
    assert_int_equal(bootinfo.mem.nr, 2);       /* the disabled node is skipped */
    assert_int_equal(bootinfo.mem.bank[0].start, 0x40000000);
    assert_int_equal(bootinfo.mem.bank[0].size, 0x40000000);
    assert_int_equal(bootinfo.mem.bank[1].start, 0x100000000ULL);
    assert_int_equal(bootinfo.mem.bank[1].size, 0x10000000);
}

static void test_reserved(void **state)
{
    /* /memreserve/ and the fixed reserved-memory child; the pool has no reg */
    assert_int_equal(bootinfo.reserved.nr, 2);
    assert_int_equal(bootinfo.reserved.bank[0].start, 0x48000000);
    assert_int_equal(bootinfo.reserved.bank[0].size, 0x10000);
    assert_int_equal(bootinfo.reserved.bank[1].start, 0x7f000000);
    assert_int_equal(bootinfo.reserved.bank[1].size, 0x100000);
    assert_int_equal(bootinfo_reserve(0x50000000, 0x1000), 0);
    assert_int_equal(bootinfo.reserved.nr, 3);
}

static void test_cmdline(void **state)
{
    assert_string_equal(bootinfo.cmdline, "console=dtuart dtuart=serial0 loglvl=all");
}

static void test_lookup(void **state)
{
    int uart = dt_lookup("/pl011@9000000");

    assert_true(uart > 0);
    assert_int_equal(dt_lookup("serial0"), uart);
    assert_int_equal(dt_lookup("serial0:115200n8"), uart);
    assert_int_equal(dt_lookup("/pl011@9000000:115200"), uart);
    assert_int_equal(dt_lookup("/nowhere@0"), -1);
    assert_int_equal(dt_lookup("serial7"), -1);
    assert_true(dt_node_is_compatible(uart, "arm,primecell"));
    assert_false(dt_node_is_compatible(uart, "arm,gic-v3"));
}

static void test_reg(void **state)
{
    paddr_t addr, size;
    int gic = dt_find_compatible(-1, "arm,gic-v3");
    int soc_uart = dt_lookup("/soc/uart@2000");

    assert_int_equal(dt_nr_reg(gic), 2);
    assert_int_equal(dt_read_reg(gic, 1, &addr, &size), 0);
    assert_int_equal(addr, 0x80a0000);
    assert_int_equal(size, 0xf60000);
    assert_int_equal(dt_read_reg(gic, 2, &addr, &size), -ENOENT);
    /* one address and one size cell under /soc */
    assert_int_equal(dt_read_reg(soc_uart, 0, &addr, &size), 0);
    assert_int_equal(addr, 0x2000);
    assert_int_equal(size, 0x100);
}

static void test_irq(void **state)
{
    struct dt_irq irq;
    int timer = dt_find_compatible(-1, "arm,armv8-timer");

    assert_int_equal(dt_read_irq(dt_lookup("serial0"), 0, &irq), 0);
    assert_int_equal(irq.intid, 33);            /* SPI 1 */
    assert_true(irq.level);
    assert_int_equal(dt_read_irq(timer, 3, &irq), 0);
    assert_int_equal(irq.intid, 26);            /* PPI 10: the hypervisor timer */
    assert_true(irq.level);
    assert_int_equal(dt_read_irq(timer, 4, &irq), -ENOENT);
    assert_int_equal(dt_read_irq(dt_lookup("/soc/uart@2000"), 0, &irq), 0);
    assert_int_equal(irq.intid, 37);
    assert_false(irq.level);                    /* edge */
}

static void test_status(void **state)
{
    assert_false(dt_node_is_available(dt_lookup("/soc/uart@1000")));
    assert_true(dt_node_is_available(dt_lookup("/soc/uart@2000")));
    assert_true(dt_node_is_available(dt_lookup("/pl011@9000000")));
}

/* A driver registered the way real ones are. */
static int probed_node = -1;
static int test_uart_init(int node)
{
    probed_node = node;
    return 0;
}
static const char *const test_uart_compat[] = { "test,uart", NULL };
DT_DEVICE(test_uart, "test UART", DT_DEV_SERIAL, test_uart_compat, test_uart_init);

static void test_probe(void **state)
{
    probed_node = -1;
    /* the first available match: uart@1000 is disabled */
    assert_int_equal(dt_device_probe_class(DT_DEV_SERIAL), 0);
    assert_int_equal(probed_node, dt_lookup("/soc/uart@2000"));
    /* no driver of that class for this node */
    assert_int_equal(dt_device_probe(dt_lookup("/soc/uart@2000"), DT_DEV_GIC), -ENODEV);
    assert_int_equal(dt_device_probe_class(DT_DEV_TIMER), -ENODEV);
}

/* Every node's full path into @buf (libfdt's own answer). */
static void node_path(int node, char *buf, int len)
{
    assert_int_equal(fdt_get_path(host_fdt, node, buf, len), 0);
}

static bool dt_node_available_libfdt(int node)
{
    const char *status = fdt_getprop(host_fdt, node, "status", NULL);

    return !status || !strcmp(status, "okay") || !strcmp(status, "ok");
}

static bool dt_node_type_libfdt(int node, const char *type)
{
    const char *t = dt_read_string(node, "device_type");

    return t && !strcmp(t, type);
}

/* @node's properties read by the helpers as libfdt reads them. */
static void check_props_match_libfdt(int node)
{
    static const char *const props[] = {
        "compatible", "status", "device_type", "#address-cells", "#size-cells",
        "phandle", "reg", "interrupts", "none,such",
    };
    int parent = fdt_parent_offset(host_fdt, node), len, ac, sc;

    for ( size_t i = 0; i < ARRAY_SIZE(props); i++ )
    {
        const char *v = fdt_getprop(host_fdt, node, props[i], &len);
        uint32_t u = 0xdead;
        int rc = dt_read_u32(node, props[i], &u);

        assert_ptr_equal(dt_read_string(node, props[i]),
                         v && len > 0 && v[len - 1] == '\0' ? v : NULL);
        assert_int_equal(rc, !v ? -ENOENT : len != 4 ? -EINVAL : 0);
        if ( !rc )
            assert_int_equal(u, fdt32_to_cpu(*(const fdt32_t *)v));
    }
    if ( parent < 0 )
        return;
    ac = fdt_address_cells(host_fdt, parent);
    sc = fdt_size_cells(host_fdt, parent);
    if ( ac < 1 || ac > 2 || sc < 0 || sc > 2 || !fdt_getprop(host_fdt, node, "reg", &len) )
        assert_int_equal(dt_nr_reg(node), 0);
    else
        assert_int_equal(dt_nr_reg(node), len / (int)((ac + sc) * sizeof(uint32_t)));
}

/* The index answers each lookup exactly as libfdt's walks do. */
static void check_index_matches_libfdt(const char *fixture)
{
    static const char *const compats[] = {
        "arm,gic-v3", "arm,primecell", "test,uart", "xen,domain", "none,such",
    };
    int depth = 0, node;
    char path[256];

    bootinfo_parse(host_load_fixture(fixture));
    for ( node = 0; node >= 0 && depth >= 0;
          node = fdt_next_node(host_fdt, node, &depth) )
    {
        int parent = fdt_parent_offset(host_fdt, node);
        int child = fdt_first_subnode(host_fdt, node);
        uint32_t ph = fdt_get_phandle(host_fdt, node);

        assert_int_equal(dt_parent(node), parent < 0 ? -1 : parent);
        assert_int_equal(dt_first_child(node), child < 0 ? -1 : child);
        if ( node )
        {
            int next = fdt_next_subnode(host_fdt, node);

            assert_int_equal(dt_next_sibling(node), next < 0 ? -1 : next);
        }
        if ( ph )
            assert_int_equal(dt_find_phandle(ph), node);
        assert_int_equal(dt_node_is_available(node), dt_node_available_libfdt(node));
        assert_int_equal(dt_node_is_type(node, "memory"), dt_node_type_libfdt(node, "memory"));
        assert_int_equal(dt_node_is_type(node, "cpu"), dt_node_type_libfdt(node, "cpu"));
        check_props_match_libfdt(node);
        node_path(node, path, sizeof(path));
        assert_int_equal(dt_lookup(path), node);
        for ( size_t i = 0; i < ARRAY_SIZE(compats); i++ )
        {
            int next = fdt_node_offset_by_compatible(host_fdt, node, compats[i]);

            assert_int_equal(dt_node_is_compatible(node, compats[i]),
                             fdt_node_check_compatible(host_fdt, node, compats[i]) == 0);
            assert_int_equal(dt_find_compatible(node, compats[i]), next < 0 ? -1 : next);
        }
    }
    assert_int_equal(dt_find_phandle(0x7fffffff), -1);
    assert_int_equal(dt_find_compatible(-1, "arm,gic-v3"),
                     fdt_node_offset_by_compatible(host_fdt, -1, "arm,gic-v3"));
}

static void test_index(void **state)
{
    check_index_matches_libfdt("good");
    check_index_matches_libfdt("dom0less");
    check_index_matches_libfdt("gic");
    /* A unit name without '@' finds "name@addr", as libfdt's paths do. */
    bootinfo_parse(host_load_fixture("good"));
    assert_int_equal(dt_lookup("/soc/uart"), dt_lookup("/soc/uart@1000"));
    assert_int_equal(dt_lookup("//soc//uart@2000/"), dt_lookup("/soc/uart@2000"));
    assert_int_equal(dt_lookup("/soc/uart@3000"), -1);
}

/* The property at offset @prop of @fdt, as its cells: tag, len, nameoff. */
static fdt32_t *prop_cells(void *fdt, int prop)
{
    return (fdt32_t *)((char *)fdt + fdt_off_dt_struct(fdt) + prop);
}

/*
 * A tree the index cannot trust is not indexed: the helpers answer as
 * libfdt does (ASan sees any read outside the exactly sized copy).
 */
static void check_malformed(void *fdt)
{
    int uart = fdt_path_offset(fdt, "/soc/uart@2000");
    int c = fdt_node_offset_by_compatible(fdt, -1, "test,uart");

    bootinfo_parse(fdt);
    assert_int_equal(dt_find_compatible(-1, "test,uart"), c < 0 ? -1 : c);
    assert_int_equal(dt_lookup("/soc/uart@2000"), uart < 0 ? -1 : uart);
    if ( uart >= 0 )
        assert_int_equal(dt_node_is_compatible(uart, "test,uart"),
                         fdt_node_check_compatible(fdt, uart, "test,uart") == 0);
}

static void test_index_malformed(void **state)
{
    const void *good = host_load_fixture("good");
    size_t size = fdt_totalsize(good);
    char *fdt = malloc(size);
    int uart, prop;

    assert_non_null(fdt);
    for ( unsigned int bad = 0; bad < 4; bad++ )
    {
        memcpy(fdt, good, size);
        uart = fdt_path_offset(fdt, "/soc/uart@2000");
        prop = fdt_first_property_offset(fdt, uart);
        assert_true(prop >= 0);
        if ( bad == 0 )         /* a name outside the strings block */
            prop_cells(fdt, prop)[2] = cpu_to_fdt32(fdt_size_dt_strings(fdt));
        else if ( bad == 1 )    /* a value longer than the structure block */
            prop_cells(fdt, prop)[1] = cpu_to_fdt32(0x7ffffff0);
        else if ( bad == 2 )    /* the structure block cut short at that property */
            fdt_set_size_dt_struct(fdt, (uint32_t)prop + 8);
        else                    /* an unknown tag */
            prop_cells(fdt, prop)[0] = cpu_to_fdt32(0x77);
        check_malformed(fdt);
        /* The good tree is indexed again, and right. */
        check_index_matches_libfdt("good");
    }
    free(fdt);
}

static void test_no_memory(void **state)
{
    host_log_clear();
    assert_int_equal(bootinfo_parse(host_load_fixture("nomem")), -ENOENT);
    assert_int_equal(bootinfo.mem.nr, 0);
    assert_true(host_log_contains("describes no RAM"));
    assert_string_equal(bootinfo.cmdline, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_memory_banks, setup_good),
        cmocka_unit_test_setup(test_reserved, setup_good),
        cmocka_unit_test_setup(test_cmdline, setup_good),
        cmocka_unit_test_setup(test_lookup, setup_good),
        cmocka_unit_test_setup(test_reg, setup_good),
        cmocka_unit_test_setup(test_irq, setup_good),
        cmocka_unit_test_setup(test_status, setup_good),
        cmocka_unit_test_setup(test_probe, setup_good),
        cmocka_unit_test(test_index),
        cmocka_unit_test(test_index_malformed),
        cmocka_unit_test(test_no_memory),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
