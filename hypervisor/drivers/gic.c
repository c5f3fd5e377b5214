/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The interrupt layer over the GIC driver that the device tree selected:
 * handler registration, dispatch of IRQs taken at EL2, IPIs, per-CPU
 * bring-up, and the 'i' debug key.
 *
 * Locking:
 *  - irq_desc_lock protects the descriptors' handler, data and level and
 *    serialises the hardware configuration done by request_irq().  Drivers
 *    may take their own register locks under it (those are leaves).
 *  - do_irq() reads a descriptor without the lock: a handler is published
 *    once, with a release store after its data, level and guest flag, and
 *    is never changed or removed (there is no free_irq(); an SPI handed to
 *    guests keeps irq_guest.c's handler, which knows the owner), so an
 *    acquire load sees a complete descriptor.
 *  - Counters: banked interrupts (SGIs, PPIs) count per CPU, SPIs with an
 *    atomic add.  gic_cpus_up only gains bits, atomically.
 * IRQ handlers run with IRQs masked (PSTATE.I is set on exception entry and
 * do_irq() never clears it).
 */
#include <xenith/crash.h>
#include <xenith/device_tree.h>
#include <xenith/errno.h>
#include <xenith/gic.h>
#include <xenith/irq.h>
#include <xenith/keyhandler.h>
#include <xenith/percpu.h>
#include <xenith/printk.h>
#include <xenith/spinlock.h>
#include <xenith/symbols.h>
#include <asm/irq.h>

struct irq_desc {
    irq_handler_t handler;      /* published last; see "Locking" above */
    void *data;
    bool level;
    bool warned;                /* "no handler" reported once already */
    bool guest;                 /* deactivated by a guest: irq_request_guest() */
    unsigned long count;        /* SPIs: times handled (atomic) */
};

struct gic_hw gic_hw;

static DEFINE_SPINLOCK(irq_desc_lock);
static struct irq_desc irq_desc[GIC_MAX_LINES];
static DEFINE_PER_CPU(unsigned long [GIC_FIRST_SPI], irq_banked_count);
/* CPUs whose GIC interface is set up: the only valid IPI targets. */
static cpumask_t gic_cpus_up;

void gic_read_virt_info(int node, unsigned int first_virt)
{
    struct gic_virt_info *v = &gic_hw.virt;
    struct dt_irq irq;

    /* Each region is optional; an absent one stays at base 0, size 0. */
    if ( dt_read_reg(node, first_virt, &v->gicc_base, &v->gicc_size) )
        v->gicc_base = v->gicc_size = 0;
    if ( dt_read_reg(node, first_virt + 1, &v->gich_base, &v->gich_size) )
        v->gich_base = v->gich_size = 0;
    if ( dt_read_reg(node, first_virt + 2, &v->gicv_base, &v->gicv_size) )
        v->gicv_base = v->gicv_size = 0;
    if ( !dt_read_irq(node, 0, &irq) && irq.intid >= GIC_FIRST_PPI &&
         irq.intid < GIC_FIRST_SPI )
        v->maintenance_irq = irq.intid;
}

static uint8_t irq_priority(unsigned int intid)
{
    return intid < GIC_NR_SGIS ? GIC_PRI_IPI : GIC_PRI_IRQ;
}

int request_irq(unsigned int intid, bool level, irq_handler_t handler, void *data)
{
    struct irq_desc *desc;
    unsigned long flags;
    int rc = 0;

    if ( !gic_hw.ops || intid >= gic_hw.nr_lines || !handler )
        return -EINVAL;
    desc = &irq_desc[intid];
    if ( intid < GIC_NR_SGIS )
        level = false;

    spin_lock_irqsave(&irq_desc_lock, flags);
    if ( desc->handler && (desc->guest || desc->handler != handler || desc->data != data) )
        rc = -EBUSY;
    else if ( desc->handler && desc->level != level )
        rc = -EINVAL;
    else if ( !desc->handler || intid < GIC_FIRST_SPI )
    {
        /* First request, or another CPU's banked copy: configure, enable. */
        gic_hw.ops->configure(intid, level, irq_priority(intid));
        desc->data = data;
        desc->level = level;
        __atomic_store_n(&desc->handler, handler, __ATOMIC_RELEASE);
        gic_hw.ops->enable(intid);
    }
    spin_unlock_irqrestore(&irq_desc_lock, flags);
    return rc;
}

int irq_request_guest(unsigned int spi, bool level, irq_handler_t handler)
{
    struct irq_desc *desc;
    unsigned long flags;
    int rc = 0;

    if ( !gic_hw.ops || spi < GIC_FIRST_SPI || spi >= gic_hw.nr_lines || !handler )
        return -EINVAL;
    desc = &irq_desc[spi];

    spin_lock_irqsave(&irq_desc_lock, flags);
    if ( desc->handler && (desc->handler != handler || !desc->guest) )
        rc = -EBUSY;
    else
    {
        gic_hw.ops->disable(spi);
        gic_hw.ops->configure(spi, level, GIC_PRI_IRQ);
        desc->data = NULL;
        desc->level = level;
        desc->guest = true;
        __atomic_store_n(&desc->handler, handler, __ATOMIC_RELEASE);
    }
    spin_unlock_irqrestore(&irq_desc_lock, flags);
    return rc;
}

/* Report an interrupt nobody asked for (once per line) and switch it off. */
static void irq_unhandled(unsigned int intid)
{
    static bool warned_out_of_range;
    bool *warned = &warned_out_of_range;

    if ( intid < gic_hw.nr_lines )
    {
        gic_hw.ops->disable(intid);
        warned = &irq_desc[intid].warned;
    }
    if ( !__atomic_exchange_n(warned, true, __ATOMIC_RELAXED) )
        printk(XENLOG_WARNING "IRQ %u on CPU%u has no handler: %s\n", intid,
               smp_processor_id(), intid < gic_hw.nr_lines ? "disabled" : "ignored");
}

/* Returns whether Xenith deactivates it (not a guest's, see irq_request_guest). */
static bool irq_dispatch(unsigned int intid, struct cpu_user_regs *regs)
{
    struct irq_desc *desc;
    irq_handler_t handler;

    if ( intid >= gic_hw.nr_lines )
    {
        irq_unhandled(intid);
        return true;
    }
    desc = &irq_desc[intid];
    handler = __atomic_load_n(&desc->handler, __ATOMIC_ACQUIRE);
    if ( !handler )
    {
        irq_unhandled(intid);
        return true;
    }
    if ( intid < GIC_FIRST_SPI )
        this_cpu(irq_banked_count)[intid]++;
    else
        __atomic_fetch_add(&desc->count, 1, __ATOMIC_RELAXED);
    handler(intid, desc->data, regs);
    return !desc->guest;
}

void do_irq(struct cpu_user_regs *regs)
{
    if ( unlikely(!gic_hw.ops) )
        crash_with_regs("IRQ taken before the interrupt controller was set up", regs);

    /*
     * One interrupt an exception: another one still pending keeps the IRQ
     * signalled, and is taken as soon as the return unmasks IRQs (at once
     * in a guest, where IRQs go to EL2 whatever its PSTATE.I), which costs
     * less than the spurious acknowledge that ended a loop every time.
     * Spurious: the interrupt went away (or was taken by another CPU).
     */
    uint32_t iar = gic_hw.ops->ack();
    unsigned int intid = iar & gic_hw.iar_intid_mask;

    if ( intid >= GIC_SPURIOUS_FIRST && intid <= GIC_SPURIOUS_LAST )
        return;
    if ( irq_dispatch(intid, regs) )
        gic_hw.ops->eoi(iar);
    else
        gic_hw.ops->drop(iar);
}

static void irq_send_sgi(enum ipi ipi, cpumask_t *targets)
{
    ASSERT(ipi < NR_IPIS);
    cpumask_and(targets, targets, &gic_cpus_up);
    /* Pairs with irq_cpu_up(): the driver's data about each target is set. */
    __atomic_thread_fence(__ATOMIC_ACQUIRE);
    if ( cpumask_empty(targets) )
        return;
    /* The target's handler must see what this CPU wrote before the IPI. */
    arch_ipi_barrier();
    gic_hw.ops->send_sgi(ipi, targets);
}

void send_ipi(unsigned int cpu, enum ipi ipi)
{
    cpumask_t targets;

    cpumask_clear(&targets);
    cpumask_set_cpu(cpu, &targets);
    irq_send_sgi(ipi, &targets);
}

void send_ipi_allbutself(enum ipi ipi)
{
    cpumask_t targets;

    cpumask_setall(&targets);
    cpumask_clear_cpu(smp_processor_id(), &targets);
    irq_send_sgi(ipi, &targets);
}

static void irq_cpu_up(void)
{
    unsigned int cpu = smp_processor_id();
    int rc = gic_hw.ops->cpu_init();

    arch_irq_route_to_hyp();
    if ( rc )
        panic("CPU%u cannot use the interrupt controller: its GICv%u CPU interface "
              "failed to initialise (error %d, see above)", cpu, gic_hw.version, rc);
    cpumask_set_cpu_atomic(cpu, &gic_cpus_up);
}

/* What the virtual GIC will have to work with, as the device tree says. */
static void irq_print_virt_info(void)
{
    const struct gic_virt_info *v = &gic_hw.virt;

    if ( v->gich_size && v->gicv_size )
        printk("GICv%u virtualization: GICH at %#lx, GICV at %#lx (%#lx bytes), "
               "maintenance IRQ %u\n", gic_hw.version, v->gich_base, v->gicv_base,
               v->gicv_size, v->maintenance_irq);
    else
        printk("GICv%u virtualization: maintenance IRQ %u, no GICH/GICV regions\n",
               gic_hw.version, v->maintenance_irq);
    if ( gic_hw.version == 2 && (!v->gich_size || !v->gicv_size) )
        printk(XENLOG_WARNING "GICv2 without GICH/GICV in the device tree: "
               "guests will have no virtual GIC\n");
    if ( !v->maintenance_irq )
        printk(XENLOG_WARNING "The GIC node gives no maintenance interrupt: "
               "guests will have no virtual GIC\n");
}

void irq_init(void)
{
    int rc = dt_device_probe_class(DT_DEV_GIC);

    if ( rc == -ENODEV )
        panic("The device tree has no supported interrupt controller: Xenith needs "
              "a GICv3 (\"arm,gic-v3\") or a GICv2 (\"arm,gic-400\", "
              "\"arm,cortex-a15-gic\", \"arm,cortex-a7-gic\") node");
    if ( rc )
        panic("The interrupt controller failed to initialise (error %d, see above)", rc);
    BUG_ON(!gic_hw.ops || gic_hw.nr_lines > GIC_MAX_LINES);

    printk("GICv%u: distributor at %#lx, %u interrupt lines, %s\n", gic_hw.version,
           gic_hw.dist_base, gic_hw.nr_lines, gic_hw.summary);
    irq_print_virt_info();
    irq_cpu_up();
}

void irq_init_secondary_cpu(void)
{
    BUG_ON(!gic_hw.ops);
    irq_cpu_up();
}

/* Per-CPU counts of a banked interrupt, on one line. */
static void irq_dump_banked(unsigned int intid, const char *handler, bool level)
{
    char counts[160];
    size_t n = 0;
    unsigned int cpu;

    counts[0] = '\0';
    for_each_cpu(cpu, &gic_cpus_up)
    {
        if ( n >= sizeof(counts) )
            break;
        n += (size_t)snprintf(counts + n, sizeof(counts) - n, " CPU%u:%lu", cpu,
                              per_cpu(irq_banked_count, cpu)[intid]);
    }
    printk("  IRQ %4u %s %-5s %s, count%s\n", intid, intid < GIC_NR_SGIS ? "SGI" : "PPI",
           level ? "level" : "edge", handler, counts);
}

static void irq_dump(char key)
{
    printk("'%c' pressed -> dumping interrupts\n", key);
    if ( !gic_hw.ops )
    {
        printk("  no interrupt controller yet\n");
        return;
    }
    printk("  GICv%u, %u lines, SPIs routed to CPU0\n", gic_hw.version, gic_hw.nr_lines);
    for ( unsigned int intid = 0; intid < gic_hw.nr_lines; intid++ )
    {
        const struct irq_desc *desc = &irq_desc[intid];
        irq_handler_t handler = __atomic_load_n(&desc->handler, __ATOMIC_ACQUIRE);
        char name[64];

        if ( !handler )
            continue;
        symbols_format(name, sizeof(name), (unsigned long)handler);
        if ( intid < GIC_FIRST_SPI )
            irq_dump_banked(intid, name, desc->level);
        else
            printk("  IRQ %4u SPI %-5s %s, count %lu\n", intid,
                   desc->level ? "level" : "edge", name,
                   __atomic_load_n(&desc->count, __ATOMIC_RELAXED));
    }
}
KEYHANDLER('i', irq_dump, "dump interrupt bindings and counts");
