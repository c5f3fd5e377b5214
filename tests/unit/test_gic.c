/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests of the interrupt layer (hypervisor/drivers/gic.c) over a fake
 * GIC driver that registers with DT_DEVICE() like the real ones and
 * records what the layer asks of the hardware.  The test plays the CPU
 * interface: it queues the INTIDs that acknowledge will return, then calls
 * do_irq() as the IRQ vector would.
 */
#include <stdio.h>
#include <stdlib.h>

#include "host.h"
#include <libfdt.h>
#include <xenith/crash.h>
#include <xenith/device_tree.h>
#include <xenith/errno.h>
#include <xenith/gic.h>
#include <xenith/irq.h>
#include <xenith/keyhandler.h>
#include <xenith/percpu.h>
#include <xenith/symbols.h>

#define FAKE_LINES      64
#define FAKE_IAR_SRC    0x1000u     /* extra IAR bits eoi must get back */

DEFINE_PER_CPU(unsigned int, cpu_id);

static struct {
    unsigned int cpu_inits;
    unsigned int configures[FAKE_LINES];
    bool level[FAKE_LINES];
    uint8_t priority[FAKE_LINES];
    unsigned int enables[FAKE_LINES];
    unsigned int disables[FAKE_LINES];
    unsigned int pending[8], nr_pending, next_pending;
    uint32_t eoi[8];
    unsigned int nr_eoi;
    uint32_t drop[8];
    unsigned int nr_drop;
    unsigned int nr_sgis, last_sgi;
    cpumask_t last_targets;
} fake;

static int fake_cpu_init(void)
{
    fake.cpu_inits++;
    return 0;
}

static void fake_configure(unsigned int intid, bool level, uint8_t priority)
{
    fake.configures[intid]++;
    fake.level[intid] = level;
    fake.priority[intid] = priority;
}

static void fake_enable(unsigned int intid)
{
    fake.enables[intid]++;
}

static void fake_disable(unsigned int intid)
{
    if ( intid < FAKE_LINES )
        fake.disables[intid]++;
}

static uint32_t fake_ack(void)
{
    unsigned int intid = GIC_SPURIOUS_LAST;

    if ( fake.next_pending < fake.nr_pending )
        intid = fake.pending[fake.next_pending++];
    return intid | FAKE_IAR_SRC;
}

static void fake_eoi(uint32_t iar)
{
    assert_true(fake.nr_eoi < ARRAY_SIZE(fake.eoi));
    fake.eoi[fake.nr_eoi++] = iar;
}

static void fake_drop(uint32_t iar)
{
    assert_true(fake.nr_drop < ARRAY_SIZE(fake.drop));
    fake.drop[fake.nr_drop++] = iar;
}

static void fake_send_sgi(unsigned int sgi, const cpumask_t *targets)
{
    fake.nr_sgis++;
    fake.last_sgi = sgi;
    cpumask_copy(&fake.last_targets, targets);
}

static const struct gic_ops fake_ops = {
    .cpu_init = fake_cpu_init,
    .configure = fake_configure,
    .enable = fake_enable,
    .disable = fake_disable,
    .ack = fake_ack,
    .eoi = fake_eoi,
    .drop = fake_drop,
    .send_sgi = fake_send_sgi,
};

static int fake_probe(int node)
{
    gic_hw.version = 2;
    gic_hw.nr_lines = FAKE_LINES;
    gic_hw.iar_intid_mask = 0xfff;      /* FAKE_IAR_SRC above it */
    gic_hw.dist_base = 0x8000000;
    snprintf(gic_hw.summary, sizeof(gic_hw.summary), "fake");
    gic_read_virt_info(node, 1);
    gic_hw.ops = &fake_ops;
    return 0;
}
static const char *const fake_compat[] = { "test,gic", NULL };
DT_DEVICE(fake_gic, "fake GIC", DT_DEV_GIC, fake_compat, fake_probe);

/* The services gic.c calls that the host glue does not provide. */
void crash_with_regs(const char *reason, const struct cpu_user_regs *regs)
{
    mock_assert(0, reason, __FILE__, __LINE__);
    abort();
}

char *symbols_format(char *buf, size_t size, unsigned long addr)
{
    snprintf(buf, size, "handler@%lx", addr);
    return buf;
}

static unsigned int calls[FAKE_LINES];
static void *call_data[FAKE_LINES];

static void record_handler(unsigned int intid, void *data, struct cpu_user_regs *regs)
{
    calls[intid]++;
    call_data[intid] = data;
}

static void other_handler(unsigned int intid, void *data, struct cpu_user_regs *regs)
{
}

static void on_cpu(unsigned int cpu)
{
    this_cpu(cpu_id) = cpu;
}

static void queue_irqs(const unsigned int *intids, unsigned int nr)
{
    memcpy(fake.pending, intids, nr * sizeof(*intids));
    fake.nr_pending = nr;
    fake.next_pending = 0;
    fake.nr_eoi = 0;
    fake.nr_drop = 0;
}

/* ------------------------------------------------ before irq_init() */

static void test_request_before_init(void **state)
{
    assert_int_equal(request_irq(33, true, record_handler, NULL), -EINVAL);
}

static void test_no_supported_gic_panics(void **state)
{
    host_fdt = host_load_fixture("nogic");
    host_log_clear();
    expect_assert_failure(irq_init());
    assert_true(host_log_contains("no supported interrupt controller"));
    assert_null(gic_hw.ops);
}

/* ------------------------------------------------ after irq_init() */

static int setup_gic(void **state)
{
    host_fdt = host_load_fixture("gic");
    host_log_clear();
    on_cpu(0);
    irq_init();
    return 0;
}

static void test_init(void **state)
{
    assert_ptr_equal(gic_hw.ops, &fake_ops);
    assert_int_equal(fake.cpu_inits, 1);
    assert_true(host_log_contains("GICv2: distributor at 0x8000000, 64 interrupt lines, fake"));
    assert_int_equal(gic_hw.virt.gicc_base, 0x8010000);
    assert_int_equal(gic_hw.virt.gich_base, 0x8030000);
    assert_int_equal(gic_hw.virt.gicv_base, 0x8040000);
    assert_int_equal(gic_hw.virt.gicv_size, 0x2000);
    assert_int_equal(gic_hw.virt.maintenance_irq, 25);
    assert_true(host_log_contains("GICH at 0x8030000, GICV at 0x8040000"));
}

static void test_request_spi(void **state)
{
    int data;

    assert_int_equal(request_irq(40, true, record_handler, &data), 0);
    assert_int_equal(fake.configures[40], 1);
    assert_true(fake.level[40]);
    assert_int_equal(fake.priority[40], GIC_PRI_IRQ);
    assert_int_equal(fake.enables[40], 1);

    /* Same handler and data again: nothing to redo for an SPI. */
    assert_int_equal(request_irq(40, true, record_handler, &data), 0);
    assert_int_equal(fake.configures[40], 1);
    /* Taken by someone else, or asked with another trigger. */
    assert_int_equal(request_irq(40, true, other_handler, &data), -EBUSY);
    assert_int_equal(request_irq(40, true, record_handler, NULL), -EBUSY);
    assert_int_equal(request_irq(40, false, record_handler, &data), -EINVAL);
    /* Out of range or without a handler. */
    assert_int_equal(request_irq(FAKE_LINES, true, record_handler, NULL), -EINVAL);
    assert_int_equal(request_irq(41, true, NULL, NULL), -EINVAL);
}

static void test_request_banked(void **state)
{
    /* An SGI is always edge and gets the IPI priority. */
    assert_int_equal(request_irq(IPI_SOFTIRQ, true, record_handler, NULL), 0);
    assert_false(fake.level[IPI_SOFTIRQ]);
    assert_int_equal(fake.priority[IPI_SOFTIRQ], GIC_PRI_IPI);
    /* A PPI requested by a second CPU is configured again: it is banked. */
    assert_int_equal(request_irq(26, true, record_handler, NULL), 0);
    on_cpu(1);
    assert_int_equal(request_irq(26, true, record_handler, NULL), 0);
    on_cpu(0);
    assert_int_equal(fake.configures[26], 2);
    assert_int_equal(fake.enables[26], 2);
    assert_int_equal(fake.priority[26], GIC_PRI_IRQ);
}

static void test_do_irq_dispatch(void **state)
{
    static const unsigned int irqs[] = { 40, IPI_SOFTIRQ, 40 };
    int data;

    assert_int_equal(request_irq(40, true, record_handler, &data), 0);
    memset(calls, 0, sizeof(calls));
    queue_irqs(irqs, ARRAY_SIZE(irqs));
    /* One interrupt an exception: the next one is taken by the next. */
    do_irq(NULL);
    assert_int_equal(fake.next_pending, 1);
    assert_int_equal(calls[40], 1);
    assert_int_equal(calls[IPI_SOFTIRQ], 0);
    do_irq(NULL);
    do_irq(NULL);
    assert_int_equal(fake.next_pending, 3);
    /* Nothing left: a spurious acknowledge, not ended. */
    do_irq(NULL);

    assert_int_equal(calls[40], 2);
    assert_ptr_equal(call_data[40], &data);
    assert_int_equal(calls[IPI_SOFTIRQ], 1);
    /* Each one acknowledged is ended with its full IAR value; spurious is not. */
    assert_int_equal(fake.nr_eoi, 3);
    assert_int_equal(fake.eoi[0], 40 | FAKE_IAR_SRC);
    assert_int_equal(fake.eoi[1], IPI_SOFTIRQ | FAKE_IAR_SRC);
}

static void test_do_irq_unhandled(void **state)
{
    static const unsigned int irqs[] = { 50, 50, 2000 };

    host_log_clear();
    queue_irqs(irqs, ARRAY_SIZE(irqs));
    for ( unsigned int i = 0; i < ARRAY_SIZE(irqs); i++ )
        do_irq(NULL);

    /* Disabled each time it shows up, reported once; still EOIed. */
    assert_int_equal(fake.disables[50], 2);
    assert_true(host_log_contains("IRQ 50 on CPU0 has no handler: disabled"));
    assert_null(strstr(strstr(host_log, "IRQ 50") + 1, "IRQ 50"));
    assert_true(host_log_contains("IRQ 2000 on CPU0 has no handler: ignored"));
    assert_int_equal(fake.nr_eoi, 3);
}

/* An SPI handed to guests: only its priority dropped, reconfigurable, its own. */
static void test_guest_spi(void **state)
{
    static const unsigned int irqs[] = { 45 };

    /* Xenith's own SPI, a PPI, out of range: not for guests. */
    assert_int_equal(irq_request_guest(40, true, other_handler), -EBUSY);
    assert_int_equal(irq_request_guest(26, true, other_handler), -EINVAL);
    assert_int_equal(irq_request_guest(FAKE_LINES, true, other_handler), -EINVAL);

    assert_int_equal(irq_request_guest(45, true, record_handler), 0);
    assert_int_equal(fake.configures[45], 1);
    assert_true(fake.level[45]);
    assert_int_equal(fake.disables[45], 1);
    assert_int_equal(fake.enables[45], 0);      /* the guest's enable decides */
    /* Taken for guests: not Xenith's, not another handler's. */
    assert_int_equal(request_irq(45, true, record_handler, NULL), -EBUSY);
    assert_int_equal(irq_request_guest(45, true, other_handler), -EBUSY);
    /* Handed out again (another domain): configured anew. */
    assert_int_equal(irq_request_guest(45, false, record_handler), 0);
    assert_int_equal(fake.configures[45], 2);
    assert_false(fake.level[45]);

    memset(calls, 0, sizeof(calls));
    queue_irqs(irqs, ARRAY_SIZE(irqs));
    do_irq(NULL);
    assert_int_equal(calls[45], 1);
    /* The guest deactivates it (list register HW bit): priority drop only. */
    assert_int_equal(fake.nr_eoi, 0);
    assert_int_equal(fake.nr_drop, 1);
    assert_int_equal(fake.drop[0], 45 | FAKE_IAR_SRC);
}

static void test_ipis_reach_cpus_that_are_up(void **state)
{
    unsigned int sgis = fake.nr_sgis;

    /* CPU1's interface is not set up yet: nothing to send. */
    send_ipi(1, IPI_CALL_FUNCTION);
    send_ipi_allbutself(IPI_STOP);
    assert_int_equal(fake.nr_sgis, sgis);

    on_cpu(1);
    irq_init_secondary_cpu();
    on_cpu(0);
    assert_int_equal(fake.cpu_inits, 2);

    send_ipi(1, IPI_CALL_FUNCTION);
    assert_int_equal(fake.nr_sgis, sgis + 1);
    assert_int_equal(fake.last_sgi, IPI_CALL_FUNCTION);
    assert_int_equal(cpumask_weight(&fake.last_targets), 1);
    assert_true(cpumask_test_cpu(1, &fake.last_targets));

    on_cpu(1);
    send_ipi_allbutself(IPI_STOP);
    on_cpu(0);
    assert_int_equal(fake.last_sgi, IPI_STOP);
    assert_int_equal(cpumask_weight(&fake.last_targets), 1);
    assert_true(cpumask_test_cpu(0, &fake.last_targets));
}

static void test_dump_key(void **state)
{
    host_log_clear();
    handle_keypress('i');
    assert_true(host_log_contains("GICv2, 64 lines"));
    assert_true(host_log_contains("IRQ   40 SPI level handler@"));
    assert_true(host_log_contains("count 2"));
    assert_true(host_log_contains("IRQ    2 SGI edge  handler@"));
    assert_true(host_log_contains("IRQ   26 PPI level"));
}

int main(void)
{
    const struct CMUnitTest before_init[] = {
        cmocka_unit_test(test_request_before_init),
        cmocka_unit_test(test_no_supported_gic_panics),
    };
    const struct CMUnitTest after_init[] = {
        cmocka_unit_test(test_init),
        cmocka_unit_test(test_request_spi),
        cmocka_unit_test(test_request_banked),
        cmocka_unit_test(test_do_irq_dispatch),
        cmocka_unit_test(test_do_irq_unhandled),
        cmocka_unit_test(test_guest_spi),
        cmocka_unit_test(test_ipis_reach_cpus_that_are_up),
        cmocka_unit_test(test_dump_key),
    };

    return cmocka_run_group_tests(before_init, NULL, NULL) |
           cmocka_run_group_tests(after_init, setup_gic, NULL);
}
