/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests of device assignment to dom0less domUs
 * (common/device-tree/passthrough.c): partial device trees built here with
 * libfdt, against the host tree fixtures/passthrough-host.dts, with the
 * stage-2 and interrupt routing calls recorded by fakes.  Each refusal must
 * name the problem and leave nothing mapped or routed past the refused
 * range.
 */
#include <stdio.h>
#include <string.h>

#include "host.h"
#include <libfdt.h>
#include <xenith/bootinfo.h>
#include <xenith/device_tree.h>
#include <xenith/dom0less.h>
#include <xenith/errno.h>
#include <xenith/gic.h>
#include <xenith/irq.h>
#include <xenith/mm.h>
#include <xenith/sched.h>
#include <asm/mmio.h>
#include <asm/p2m.h>

/* fdt.c's driver registry is linked in: it needs one entry to link. */
static const char *const no_compat[] = { NULL };
static int no_init(int node)
{
    return -ENODEV;
}
DT_DEVICE(none, "none", DT_DEV_SERIAL, no_compat, no_init);

struct gic_hw gic_hw = { .dist_base = 0x8000000 };

/* ------------------------------------------------------------- the fakes */

#define MAX_CALLS 8
static struct { unsigned long gfn, mfn, nr; p2m_type_t t; } maps[MAX_CALLS];
static unsigned int nr_maps;
static struct { unsigned int intid; bool level; } routes[MAX_CALLS];
static unsigned int nr_routes;

/* The guest's RAM: 16 MiB at 0x40000000; its vGIC distributor is emulated. */
#define FAKE_RAM_BASE   0x40000000UL
#define FAKE_RAM_SIZE   0x1000000UL
#define FAKE_GICD       0x03001000UL
/* Xenith's console UART, ioremapped. */
#define FAKE_UART       0x09000000UL
/* An SPI Xenith or another domain already has (0: none). */
static unsigned int busy_spi;

int p2m_map(struct domain *d, gfn_t gfn, mfn_t mfn, unsigned long nr, p2m_type_t t)
{
    assert_true(nr_maps < MAX_CALLS);
    maps[nr_maps].gfn = gfn_x(gfn);
    maps[nr_maps].mfn = mfn_x(mfn);
    maps[nr_maps].nr = nr;
    maps[nr_maps++].t = t;
    return 0;
}

bool p2m_gfn_mapped(struct domain *d, gfn_t gfn)
{
    return ((paddr_t)gfn_x(gfn) << PAGE_SHIFT) - FAKE_RAM_BASE < FAKE_RAM_SIZE;
}

bool mmio_is_emulated(struct domain *d, paddr_t gpa)
{
    return gpa - FAKE_GICD < 0x10000;
}

bool ioremap_overlaps(paddr_t pa, paddr_t size)
{
    return pa < FAKE_UART + 0x1000 && FAKE_UART < pa + size;
}

int route_irq_to_guest(struct domain *d, unsigned int spi, bool level)
{
    if ( spi == busy_spi )
        return -EBUSY;
    assert_true(nr_routes < MAX_CALLS);
    routes[nr_routes].intid = spi;
    routes[nr_routes++].level = level;
    return 0;
}

/* ------------------------------------------- partial trees, built here */

static char pfdt[8192];

/* One device node under /passthrough; NULL / 0 leaves a property out. */
struct pt_node {
    const char *name;
    const uint32_t *xen_reg;    /* big-endian cells already */
    int xen_reg_len;
    const char *xen_path;
    bool force;
};

static void *make_partial(const struct pt_node *nodes, unsigned int nr, uint32_t sc)
{
    assert_int_equal(fdt_create(pfdt, sizeof(pfdt)), 0);
    assert_int_equal(fdt_finish_reservemap(pfdt), 0);
    assert_int_equal(fdt_begin_node(pfdt, ""), 0);
    assert_int_equal(fdt_property_cell(pfdt, "#address-cells", 2), 0);
    assert_int_equal(fdt_property_cell(pfdt, "#size-cells", 2), 0);
    assert_int_equal(fdt_begin_node(pfdt, "passthrough"), 0);
    assert_int_equal(fdt_property_cell(pfdt, "#address-cells", 2), 0);
    assert_int_equal(fdt_property_cell(pfdt, "#size-cells", sc), 0);
    for ( unsigned int i = 0; i < nr; i++ )
    {
        assert_int_equal(fdt_begin_node(pfdt, nodes[i].name), 0);
        assert_int_equal(fdt_property_string(pfdt, "compatible", "arm,pl061"), 0);
        if ( nodes[i].xen_reg )
            assert_int_equal(fdt_property(pfdt, "xen,reg", nodes[i].xen_reg,
                                          nodes[i].xen_reg_len), 0);
        if ( nodes[i].xen_path )
            assert_int_equal(fdt_property_string(pfdt, "xen,path", nodes[i].xen_path), 0);
        if ( nodes[i].force )
            assert_int_equal(fdt_property(pfdt, "xen,force-assign-without-iommu", NULL, 0), 0);
        assert_int_equal(fdt_end_node(pfdt), 0);
    }
    assert_int_equal(fdt_end_node(pfdt), 0);
    assert_int_equal(fdt_end_node(pfdt), 0);
    assert_int_equal(fdt_finish(pfdt), 0);
    return pfdt;
}

/* <machine size guest> in 2+2+2 cells, big-endian. */
static const uint32_t *triple(uint32_t *buf, uint64_t m, uint64_t size, uint64_t g)
{
    uint64_t v[3] = { m, size, g };

    for ( unsigned int i = 0; i < 3; i++ )
    {
        buf[2 * i] = cpu_to_fdt32((uint32_t)(v[i] >> 32));
        buf[2 * i + 1] = cpu_to_fdt32((uint32_t)v[i]);
    }
    return buf;
}

static struct domain dom = { .domain_id = 3 };

static int assign(const struct pt_node *nodes, unsigned int nr)
{
    return dom0less_assign_devices(&dom, make_partial(nodes, nr, 2));
}

static int setup(void **state)
{
    nr_maps = nr_routes = 0;
    busy_spi = 0;
    host_log_clear();
    return bootinfo_parse(host_load_fixture("passthrough-host"));
}

/* --------------------------------------------------------------- tests */

static void test_pl061_assigned(void **state)
{
    uint32_t reg[6];
    struct pt_node n = { "pl061@9030000", triple(reg, 0x9030000, 0x1000, 0x9030000), 24,
                         "/pl061@9030000", true };

    assert_int_equal(assign(&n, 1), 0);
    assert_int_equal(nr_maps, 1);
    assert_int_equal(maps[0].gfn, 0x9030);
    assert_int_equal(maps[0].mfn, 0x9030);
    assert_int_equal(maps[0].nr, 1);
    assert_int_equal(maps[0].t, p2m_mmio_direct_dev);
    /* Both SPIs of the host node, each as itself, with the host's trigger. */
    assert_int_equal(nr_routes, 2);
    assert_int_equal(routes[0].intid, 39);
    assert_true(routes[0].level);
    assert_int_equal(routes[1].intid, 40);
    assert_false(routes[1].level);
}

static void test_alias_and_moved_address(void **state)
{
    uint32_t reg[6];
    struct pt_node n = { "gpio", triple(reg, 0x9030000, 0x2000, 0x10000000), 24, "gpio0", true };

    assert_int_equal(assign(&n, 1), 0);
    assert_int_equal(maps[0].gfn, 0x10000);
    assert_int_equal(maps[0].mfn, 0x9030);
    assert_int_equal(maps[0].nr, 2);
}

static void test_mmio_only_with_force(void **state)
{
    uint32_t reg[6];
    struct pt_node n = { "sram", triple(reg, 0x9100000, 0x1000, 0x9100000), 24, NULL, true };

    assert_int_equal(assign(&n, 1), 0);
    assert_int_equal(nr_maps, 1);
    assert_int_equal(nr_routes, 0);
}

static void test_plain_nodes_ignored(void **state)
{
    struct pt_node n = { "clk", NULL, 0, NULL, false };

    assert_int_equal(assign(&n, 1), 0);
    assert_int_equal(nr_maps + nr_routes, 0);
    assert_int_equal(dom0less_assign_devices(&dom, host_load_fixture("passthrough-host")), 0);
}

/* A refusal: -EINVAL (or @rc), nothing mapped, and @text said about node @name. */
static void refused(const struct pt_node *n, int rc, const char *text)
{
    assert_int_equal(assign(n, 1), rc);
    assert_int_equal(nr_maps, 0);
    assert_true(host_log_contains("d3: passthrough node "));
    assert_true(host_log_contains(n->name));
    if ( !host_log_contains(text) )
        fail_msg("\"%s\" not in the log:\n%s", text, host_log);
}

static void test_binding_mistakes(void **state)
{
    uint32_t reg[6];
    struct pt_node n = { "a", NULL, 0, "/pl061@9030000", true };

    refused(&n, -EINVAL, "xen,reg or xen,path missing");
    n = (struct pt_node){ "b", triple(reg, 0x9030000, 0x1000, 0x9030000), 24, NULL, false };
    refused(&n, -EINVAL, "xen,reg or xen,path missing");
    n = (struct pt_node){ "c", triple(reg, 0x9030000, 0x1000, 0x9030000), 24,
                          "/pl061@9030000", false };
    refused(&n, -EINVAL, "xen,force-assign-without-iommu");
    n = (struct pt_node){ "d", triple(reg, 0x9030000, 0x1000, 0x9030000), 20,
                          "/pl061@9030000", true };
    refused(&n, -EINVAL, "is not a list of <address size guest-address> in 2+2+2 cells");
    n = (struct pt_node){ "e", triple(reg, 0x9030000, 0x1000, 0x9030000), 24, "/nope", true };
    assert_int_equal(assign(&n, 1), -EINVAL);
    assert_true(host_log_contains("xen,path \"/nope\" is not a node of the host device tree"));
}

static void test_ranges_refused(void **state)
{
    static const struct { uint64_t m, size, g; const char *why; } bad[] = {
        { 0x9030800, 0x1000, 0x9030000, "not page aligned" },
        { 0x9030000, 0x0, 0x9030000, "empty or wrapping" },
        { 0x7ffff000, 0x2000, 0x9030000, "names host RAM" },
        { 0x8fff000, 0x2000, 0x9030000, "a device Xenith drives itself" },
        { 0x9030000, 0x1000, 0x40800000, "overlaps the domain's RAM" },
        { 0x9030000, 0x2000, 0x3000000, "a device Xenith emulates" },
        { 0x9030000, 0x1000, 0x38000000, "grant-table or magic-page window" },
        { 0x9030000, 0x1000, 0x39fff000, "grant-table or magic-page window" },
    };
    uint32_t reg[6];

    for ( unsigned int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++ )
    {
        struct pt_node n = { "dev", triple(reg, bad[i].m, bad[i].size, bad[i].g), 24,
                             "/pl061@9030000", true };

        setup(state);
        refused(&n, -EINVAL, bad[i].why);
        assert_int_equal(nr_routes, 0);
    }
}

static void test_irqs_refused_or_skipped(void **state)
{
    uint32_t reg[6];
    struct pt_node n = { "pmu", triple(reg, 0x9040000, 0x1000, 0x9040000), 24, "/pmu", true };

    assert_int_equal(assign(&n, 1), -EINVAL);
    assert_true(host_log_contains("only SPIs can be assigned"));
    /* Interrupts of another controller: not the GIC's to route (as Xen). */
    setup(state);
    n = (struct pt_node){ "button", triple(reg, 0x9040000, 0x1000, 0x9040000), 24, "/button", true };
    assert_int_equal(assign(&n, 1), 0);
    assert_int_equal(nr_routes, 0);
    /* An SPI that is taken: the route fails and says why. */
    setup(state);
    busy_spi = 40;
    n = (struct pt_node){ "pl061", triple(reg, 0x9030000, 0x1000, 0x9030000), 24,
                          "/pl061@9030000", true };
    assert_int_equal(assign(&n, 1), -EBUSY);
    assert_true(host_log_contains("IRQ40 of /pl061@9030000 cannot be routed"));
    assert_true(host_log_contains("another domain or the domain's vPL011 (SPI 32) has it"));
}

static void test_size_cells_one(void **state)
{
    uint32_t reg[5] = { cpu_to_fdt32(0), cpu_to_fdt32(0x9030000), cpu_to_fdt32(0x1000),
                        cpu_to_fdt32(0), cpu_to_fdt32(0x9030000) };
    struct pt_node n = { "pl061", reg, 20, NULL, true };

    assert_int_equal(dom0less_assign_devices(&dom, make_partial(&n, 1, 1)), 0);
    assert_int_equal(maps[0].gfn, 0x9030);
    assert_int_equal(maps[0].nr, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_pl061_assigned, setup),
        cmocka_unit_test_setup(test_alias_and_moved_address, setup),
        cmocka_unit_test_setup(test_mmio_only_with_force, setup),
        cmocka_unit_test_setup(test_plain_nodes_ignored, setup),
        cmocka_unit_test_setup(test_binding_mistakes, setup),
        cmocka_unit_test_setup(test_ranges_refused, setup),
        cmocka_unit_test_setup(test_irqs_refused_or_skipped, setup),
        cmocka_unit_test_setup(test_size_cells_one, setup),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
