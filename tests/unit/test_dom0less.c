/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests of the dom0less reader (common/device-tree/dom0less.c) and
 * of the boot-module reservations bootinfo makes for it, over the
 * fixtures dom0less.dts (every accepted form) and dom0less-bad.dts (one
 * mistake per domain, each refused with a message naming the domain).
 */
#include <stdio.h>
#include <stdlib.h>

#include "host.h"
#include <libfdt.h>
#include <xenith/bootinfo.h>
#include <xenith/device_tree.h>
#include <xenith/dom0less.h>
#include <xenith/errno.h>

/* fdt.c's driver registry is linked in: it needs one entry to link. */
static const char *const no_compat[] = { NULL };
static int no_init(int node)
{
    return -ENODEV;
}
DT_DEVICE(none, "none", DT_DEV_SERIAL, no_compat, no_init);

static int setup(const char *fixture)
{
    host_log_clear();
    return bootinfo_parse(host_load_fixture(fixture));
}

/* Parse the @nr-th (1-based) domain; its return code. */
static int parse_nth(unsigned int nr, struct dom0less_domain *dom)
{
    int node = -1;

    for ( unsigned int i = 0; i < nr; i++ )
    {
        node = dom0less_next_domain_node(node);
        assert_true(node >= 0);
    }
    return dom0less_parse_domain(node, (domid_t)nr, dom);
}

static void assert_module(const struct dom0less_module *m, paddr_t start, paddr_t size)
{
    assert_int_equal(m->start, start);
    assert_int_equal(m->size, size);
}

static void test_count(void **state)
{
    assert_int_equal(setup("dom0less"), 0);
    assert_int_equal(dom0less_nr_domains(), 3);     /* not the cpupool */
    assert_int_equal(setup("dom0less-bad"), 0);
    assert_int_equal(dom0less_nr_domains(), 17);
    assert_int_equal(setup("good"), 0);             /* a /chosen without domains */
    assert_int_equal(dom0less_nr_domains(), 0);
    assert_int_equal(dom0less_next_domain_node(-1), -1);
}

static void test_first_domain(void **state)
{
    struct dom0less_domain d;

    assert_int_equal(setup("dom0less"), 0);
    assert_int_equal(parse_nth(1, &d), 0);
    assert_int_equal(d.domid, 1);
    assert_string_equal(d.name, "domU1");
    assert_int_equal(d.memory_kib, 0x10000);
    assert_int_equal(d.cpus, 2);
    assert_true(d.vpl011);
    assert_int_equal(d.nr_spis, DOM0LESS_NR_SPIS_DEFAULT);
    assert_int_equal(d.enhanced, DOM0LESS_PLAIN);
    assert_module(&d.kernel, 0x50000000, 0x4d98);
    assert_module(&d.ramdisk, 0x51000000, 0x200000);
    assert_int_equal(d.dtb.size, 0);
    assert_int_equal(d.dtb.node, -1);
    /* Xen 4.17: the command line of the first module that has one. */
    assert_string_equal(d.bootargs, "console=ttyAMA0 root=/dev/ram0");
    assert_false(host_log_contains("d1:"));
}

static void test_second_domain(void **state)
{
    struct dom0less_domain d;

    assert_int_equal(setup("dom0less"), 0);
    assert_int_equal(parse_nth(2, &d), 0);
    assert_string_equal(d.name, "domU2");
    assert_int_equal(d.memory_kib, 0x20000);
    assert_true(host_log_contains("d2: /chosen/domU2: \"memory\" is a 32-bit number"));
    assert_int_equal(d.cpus, 1);
    assert_false(d.vpl011);
    assert_int_equal(d.nr_spis, 64);
    assert_int_equal(d.enhanced, DOM0LESS_ENHANCED_NO_XS);
    /* #address-cells = <1>, #size-cells = <1> in this node */
    assert_module(&d.kernel, 0x53000000, 0x10000);
    assert_module(&d.ramdisk, 0x52000000, 0x1000);
    assert_module(&d.dtb, 0x54000000, 0x800);
    assert_string_equal(d.bootargs, "from the ramdisk");
}

static void test_third_domain(void **state)
{
    struct dom0less_domain d;

    assert_int_equal(setup("dom0less"), 0);
    assert_int_equal(parse_nth(3, &d), 0);
    assert_int_equal(d.memory_kib, 0x8000000);
    assert_int_equal(d.cpus, 128);
    assert_int_equal(d.enhanced, DOM0LESS_ENHANCED);         /* empty property */
    assert_module(&d.kernel, 0x55000000, 0x1000);           /* no "multiboot,module" */
    assert_null(d.bootargs);
    assert_true(host_log_contains("d3: /chosen/domU3: \"bootargs\" on the domain node is ignored"));
}

static bool reserved(paddr_t start, paddr_t size)
{
    for ( unsigned int i = 0; i < bootinfo.reserved.nr; i++ )
        if ( bootinfo.reserved.bank[i].start == start && bootinfo.reserved.bank[i].size == size )
            return true;
    return false;
}

static void test_modules_reserved(void **state)
{
    assert_int_equal(setup("dom0less"), 0);
    assert_int_equal(bootinfo.reserved.nr, 7);
    assert_true(reserved(0x48000000, 0x100000));    /* dom0's, under /chosen */
    assert_true(reserved(0x50000000, 0x4d98));
    assert_true(reserved(0x51000000, 0x200000));
    assert_true(reserved(0x52000000, 0x1000));
    assert_true(reserved(0x53000000, 0x10000));
    assert_true(reserved(0x54000000, 0x800));
    assert_true(reserved(0x55000000, 0x1000));
}

/* Domain @nr of dom0less-bad is refused, saying @msg about itself. */
static void assert_refused(unsigned int nr, const char *msg)
{
    struct dom0less_domain d;
    char prefix[32];

    host_log_clear();
    assert_true(parse_nth(nr, &d) < 0);
    snprintf(prefix, sizeof(prefix), "d%u: /chosen/", nr);
    if ( !host_log_contains(prefix) || !host_log_contains(msg) )
        fail_msg("d%u: expected \"%s\", log: %s", nr, msg, host_log);
}

static void test_refusals(void **state)
{
    assert_int_equal(setup("dom0less-bad"), 0);
    assert_refused(1, "no \"cpus\" property");
    assert_refused(2, "\"cpus\" must be a single 32-bit cell");
    assert_refused(4, "no kernel");
    assert_refused(5, "\"memory\" is 12 bytes long");
    assert_refused(6, "kernel module module@90000000 at 0x90000000-0x90000fff is not in RAM");
    assert_refused(9, "two kernel modules");
    assert_refused(10, "\"xen,static-mem\" is not supported");
    assert_refused(11, "a GIC has at most 988 SPIs");
    assert_refused(12, "\"bootargs\" of module@50b00000 is not a string");
    assert_refused(13, "kernel module module has no \"reg\"");
    assert_refused(14, "the vPL011 needs SPI 32");
    assert_refused(15, "multiple of 4 KiB");
    assert_refused(16, "1 to 128 vCPUs");
    assert_refused(17, "more than the 1068498944 KiB of the guest memory map");
}

static void test_default_cells(void **state)
{
    struct dom0less_domain d;

    /* No #address-cells/#size-cells in the node: 2 and 1. */
    assert_int_equal(setup("dom0less-bad"), 0);
    assert_int_equal(parse_nth(3, &d), 0);
    assert_module(&d.kernel, 0x50200000, 0x1000);
    assert_null(d.bootargs);
}

static void test_overlaps(void **state)
{
    struct dom0less_domain doms[3];
    bool bad[3] = { false };

    assert_int_equal(setup("dom0less-bad"), 0);
    assert_int_equal(parse_nth(3, &doms[0]), 0);
    assert_int_equal(parse_nth(7, &doms[1]), 0);
    assert_int_equal(parse_nth(8, &doms[2]), 0);
    host_log_clear();
    dom0less_check_overlaps(doms, 3, bad);
    assert_false(bad[0]);
    assert_true(bad[1]);
    assert_true(bad[2]);
    assert_true(host_log_contains("d8: kernel module at 0x50601000-0x50601fff overlaps "
                                  "d7's ramdisk module at 0x50600000-0x50601fff"));

    /* The good domains of the good fixture share nothing. */
    assert_int_equal(setup("dom0less"), 0);
    for ( unsigned int i = 0; i < 3; i++ )
    {
        assert_int_equal(parse_nth(i + 1, &doms[i]), 0);
        bad[i] = false;
    }
    dom0less_check_overlaps(doms, 3, bad);
    assert_false(bad[0] || bad[1] || bad[2]);

    /* A domain's own modules count too. */
    doms[0].ramdisk.start = doms[0].kernel.start + 0x1000;
    dom0less_check_overlaps(doms, 1, bad);
    assert_true(bad[0]);
    assert_true(host_log_contains("d1: ramdisk module at 0x50001000-0x50200fff overlaps d1's kernel"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_count),
        cmocka_unit_test(test_first_domain),
        cmocka_unit_test(test_second_domain),
        cmocka_unit_test(test_third_domain),
        cmocka_unit_test(test_modules_reserved),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_default_cells),
        cmocka_unit_test(test_overlaps),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
