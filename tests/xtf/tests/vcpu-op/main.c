/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * @file tests/vcpu-op/main.c
 * vcpu_op as Xen 4.17 on Arm has it: only VCPUOP_register_runstate_memory_area
 * and VCPUOP_register_vcpu_info; other commands -XEN_EINVAL, a vcpuid the
 * domain lacks -XEN_ENOENT (before the command is looked at).
 *
 * Runstate areas (checked first: a registered vcpu_info raises the upcall,
 * after which WFI no longer blocks): any address is accepted; vCPU 0's own
 * area says running at once, and after a WFI that blocks it for 20 ms it
 * shows blocked time and more running time; vCPU 1's says offline before
 * CPU_ON, blocked while it waits in WFI for an SGI, offline after CPU_OFF.
 *
 * vcpu_info: the structure must fit in the page, 8-byte aligned (-XEN_ENXIO,
 * checked before anything else); RAM only (-XEN_EINVAL); once per vCPU
 * (-XEN_EINVAL); for the caller or a vCPU that is down (-XEN_EINVAL for a running
 * one).  After a registration the area has evtchn_upcall_pending and every
 * selector bit set (Xen marks everything pending so nothing is lost), and
 * later events of the vCPU set its selector and upcall flag there.
 */
#include <xtf.h>
#include <public/event_channel.h>
#include <public/vcpu.h>

const char test_title[] = "vcpu_op: runstate areas and vcpu_info";

#define WAIT_US         2000000
#define SLEEP_MS        20
#define SGI_WAKE        6
#define SGI_PRIO        0x80
#define TIMER_PRIO      0xa0
#define VI_SIZE         sizeof(struct vcpu_info)
#define BAD_VA          0x10UL      /* nothing is mapped there */

static uint8_t vi_pages[2][4096] __attribute__((aligned(4096)));
static struct vcpu_runstate_info rs_area[2];
static volatile bool cpu1_ready, cpu1_release;
static volatile int cpu1_rc;
static volatile unsigned int sgis;

static long vcpu_op(int cmd, unsigned int vcpuid, void *arg)
{
    return xtf_hypercall(__HYPERVISOR_vcpu_op, cmd, vcpuid, (unsigned long)arg,
                         0, 0);
}

static long register_vcpu_info(unsigned int vcpuid, uint64_t gfn, uint32_t offset)
{
    struct vcpu_register_vcpu_info info = { .mfn = gfn, .offset = offset };

    return vcpu_op(VCPUOP_register_vcpu_info, vcpuid, &info);
}

static long register_runstate(unsigned int vcpuid, uint64_t va)
{
    struct vcpu_register_runstate_memory_area area = { .addr.p = va };

    return vcpu_op(VCPUOP_register_runstate_memory_area, vcpuid, &area);
}

static void read_runstate(unsigned int vcpu, struct vcpu_runstate_info *rs)
{
    const volatile struct vcpu_runstate_info *a = &rs_area[vcpu];

    rs->state = a->state;
    rs->state_entry_time = a->state_entry_time;
    for ( unsigned int i = 0; i < 4; i++ )
        rs->time[i] = a->time[i];
}

static void expect_rc(const char *what, long rc, long want)
{
    if ( rc != want )
        xtf_failure("%s: returned %ld, expected %ld", what, rc, want);
}

static void check_commands(void)
{
    struct vcpu_register_vcpu_info info = { 0 };

    expect_rc("register_vcpu_info for vCPU 2 of 2", register_vcpu_info(2, 0, 0), -XEN_ENOENT);
    expect_rc("register_runstate for vCPU 0x10000", register_runstate(0x10000, 0), -XEN_ENOENT);
    expect_rc("VCPUOP_up for vCPU 5", vcpu_op(VCPUOP_up, 5, NULL), -XEN_ENOENT);
    expect_rc("VCPUOP_is_up", vcpu_op(VCPUOP_is_up, 0, NULL), -XEN_EINVAL);
    expect_rc("VCPUOP_up", vcpu_op(VCPUOP_up, 1, NULL), -XEN_EINVAL);
    expect_rc("VCPUOP_get_runstate_info", vcpu_op(VCPUOP_get_runstate_info, 0,
                                                  &rs_area[0]), -XEN_EINVAL);
    expect_rc("command 99", vcpu_op(99, 0, &info), -XEN_EINVAL);
    expect_rc("register_vcpu_info, bad argument pointer",
              vcpu_op(VCPUOP_register_vcpu_info, 0, (void *)BAD_VA), -XEN_EFAULT);
    expect_rc("register_runstate, bad argument pointer",
              vcpu_op(VCPUOP_register_runstate_memory_area, 0, (void *)BAD_VA), -XEN_EFAULT);
}

static void check_own_runstate(void)
{
    struct vcpu_runstate_info a, b;

    expect_rc("register_runstate at an unmapped address", register_runstate(0, BAD_VA), 0);
    expect_rc("register_runstate for vCPU 0", register_runstate(0, (uint64_t)&rs_area[0]), 0);
    read_runstate(0, &a);
    printk("vCPU 0: state %d entered %lu, running %lu ns\n", a.state,
           a.state_entry_time, a.time[RUNSTATE_running]);
    if ( a.state != RUNSTATE_running || !a.state_entry_time )
        return xtf_failure("vCPU 0's own area: state %d entered at %lu, expected running",
                           a.state, a.state_entry_time);
    if ( xtf_vtimer_wfi(SLEEP_MS, TIMER_PRIO) )
        return xtf_error("no virtual timer in the device tree");
    read_runstate(0, &b);
    printk("after WFI: state %d, running %lu, blocked %lu, runnable %lu ns\n",
           b.state, b.time[RUNSTATE_running], b.time[RUNSTATE_blocked],
           b.time[RUNSTATE_runnable]);
    if ( b.state != RUNSTATE_running || b.state_entry_time <= a.state_entry_time )
        xtf_failure("after a WFI: state %d entered at %lu (before: %lu)", b.state,
                    b.state_entry_time, a.state_entry_time);
    if ( b.time[RUNSTATE_running] <= a.time[RUNSTATE_running] ||
         b.time[RUNSTATE_blocked] < 1000000 )
        xtf_failure("after a %u ms WFI: running %lu -> %lu ns, blocked %lu ns",
                    SLEEP_MS, a.time[RUNSTATE_running], b.time[RUNSTATE_running],
                    b.time[RUNSTATE_blocked]);
}

static void sgi_handler(unsigned int intid)
{
    sgis++;
}

/* vCPU 1: wait in WFI until released by an SGI, then CPU_OFF. */
static void cpu1_main(unsigned int cpu, void *arg)
{
    cpu1_rc = xtf_gic_cpu_init();
    if ( cpu1_rc )
        return;
    xtf_gic_enable_ppi(SGI_WAKE, SGI_PRIO);
    xtf_irq_enable();
    cpu1_ready = true;
    while ( !cpu1_release )
        wfi();
    xtf_irq_disable();
}

static bool vcpu1_is_off(void)
{
    uint64_t mpidr;

    return !xtf_cpu_mpidr(1, &mpidr) && psci_affinity_info(mpidr) == PSCI_AFFINITY_OFF;
}

static void check_state(const char *when, int want)
{
    struct vcpu_runstate_info rs;

    read_runstate(1, &rs);
    printk("vCPU 1 %s: state %d, running %lu, blocked %lu, offline %lu ns\n", when,
           rs.state, rs.time[RUNSTATE_running], rs.time[RUNSTATE_blocked],
           rs.time[RUNSTATE_offline]);
    if ( rs.state != want )
        xtf_failure("vCPU 1 %s: runstate %d, expected %d", when, rs.state, want);
}

static void check_other_runstate(void)
{
    uint64_t t0;

    expect_rc("register_runstate for vCPU 1", register_runstate(1, (uint64_t)&rs_area[1]), 0);
    check_state("before CPU_ON", RUNSTATE_offline);
    if ( !rs_area[1].time[RUNSTATE_offline] )
        xtf_failure("vCPU 1 has no offline time since its creation");
    expect_rc("register_vcpu_info for a vCPU 1 that is down, offset 4",
              register_vcpu_info(1, (uint64_t)vi_pages[1] >> 12, 4), -XEN_ENXIO);

    if ( xtf_cpu_on(1, cpu1_main, NULL) != PSCI_RET_SUCCESS )
        return xtf_error("CPU_ON of vCPU 1 failed");
    if ( !xtf_wait_until(cpu1_ready || cpu1_rc, WAIT_US) || cpu1_rc )
        return xtf_error("vCPU 1 did not start: %d", cpu1_rc);
    expect_rc("register_vcpu_info for a running vCPU 1",
              register_vcpu_info(1, (uint64_t)vi_pages[1] >> 12, 0), -XEN_EINVAL);
    /* Long enough for its WFI to deschedule it. */
    t0 = xtf_now_us();
    xtf_wait_until(xtf_now_us() - t0 > 50000, 100000);
    check_state("in WFI", RUNSTATE_blocked);

    cpu1_release = true;
    xtf_gic_send_sgi(SGI_WAKE, 1);
    if ( !xtf_wait_until(vcpu1_is_off(), WAIT_US) )
        return xtf_failure("vCPU 1 is not OFF after its CPU_OFF");
    xtf_wait_until(rs_area[1].state == RUNSTATE_offline, WAIT_US);
    check_state("after CPU_OFF", RUNSTATE_offline);
    if ( !rs_area[1].time[RUNSTATE_running] || !rs_area[1].time[RUNSTATE_blocked] )
        xtf_failure("vCPU 1 has no running or no blocked time");
}

/* The upcall flag and every selector bit, as Xen leaves a new area. */
static void check_vcpu_info_area(unsigned int vcpu, uint32_t offset)
{
    const volatile struct vcpu_info *vi = (void *)(vi_pages[vcpu] + offset);

    if ( vi->evtchn_upcall_pending != 1 || vi->evtchn_pending_sel != ~0UL )
        xtf_failure("vCPU %u's vcpu_info at %#x: upcall_pending %u, selector %#lx",
                    vcpu, offset, vi->evtchn_upcall_pending, vi->evtchn_pending_sel);
}

/*
 * An event for @vcpu after the move: its selector bit and upcall flag are
 * set in the registered area (the guest cleared them first), not in the
 * old one.  An IPI port bound to @vcpu, sent to itself.
 */
static void check_event_in_area(unsigned int vcpu, uint32_t offset)
{
    volatile struct vcpu_info *vi = (void *)(vi_pages[vcpu] + offset);
    struct evtchn_bind_ipi bind = { .vcpu = vcpu };
    struct evtchn_send send;
    long rc;

    rc = xtf_hypercall(__HYPERVISOR_event_channel_op, EVTCHNOP_bind_ipi,
                       (unsigned long)&bind, 0, 0, 0);
    if ( rc )
        return xtf_failure("EVTCHNOP_bind_ipi for vCPU %u returned %ld", vcpu, rc);
    vi->evtchn_upcall_pending = 0;
    vi->evtchn_pending_sel = 0;
    send.port = bind.port;
    rc = xtf_hypercall(__HYPERVISOR_event_channel_op, EVTCHNOP_send,
                       (unsigned long)&send, 0, 0, 0);
    if ( rc )
        return xtf_failure("EVTCHNOP_send on port %u returned %ld", send.port, rc);
    if ( vi->evtchn_upcall_pending != 1 || vi->evtchn_pending_sel != 1UL << (send.port / 64) )
        xtf_failure("port %u for vCPU %u: upcall_pending %u, selector %#lx in its vcpu_info",
                    send.port, vcpu, vi->evtchn_upcall_pending, vi->evtchn_pending_sel);
}

static void check_vcpu_info(void)
{
    uint64_t gfn0 = (uint64_t)vi_pages[0] >> 12, gfn1 = (uint64_t)vi_pages[1] >> 12;
    uint32_t last = 4096 - VI_SIZE;

    expect_rc("vcpu_info past the page end", register_vcpu_info(0, gfn0, last + 8), -XEN_ENXIO);
    expect_rc("vcpu_info at offset 4", register_vcpu_info(0, gfn0, 4), -XEN_ENXIO);
    expect_rc("vcpu_info at offset 0xffffffff", register_vcpu_info(0, gfn0, ~0U), -XEN_ENXIO);
    expect_rc("vcpu_info on gfn 0 (not RAM)", register_vcpu_info(0, 0, 0), -XEN_EINVAL);
    expect_rc("vcpu_info on a huge gfn", register_vcpu_info(0, ~0UL >> 12, 0), -XEN_EINVAL);

    expect_rc("vcpu_info for vCPU 0 at 0x128", register_vcpu_info(0, gfn0, 0x128), 0);
    check_vcpu_info_area(0, 0x128);
    expect_rc("vcpu_info for vCPU 0 again", register_vcpu_info(0, gfn0, 0x200), -XEN_EINVAL);
    expect_rc("vcpu_info for vCPU 0 again, bad offset", register_vcpu_info(0, gfn0, 4), -XEN_ENXIO);

    expect_rc("vcpu_info for vCPU 1 (down) at the last offset",
              register_vcpu_info(1, gfn1, last), 0);
    check_vcpu_info_area(1, last);
    expect_rc("vcpu_info for vCPU 1 again", register_vcpu_info(1, gfn1, 0), -XEN_EINVAL);

    check_event_in_area(0, 0x128);
    check_event_in_area(1, last);
}

void test_main(void)
{
    int rc = xtf_gic_init();

    if ( rc )
        return xtf_error("GIC set-up failed: %d", rc);
    if ( fdt_count_cpus() < 2 )
        return xtf_error("the device tree has no second vCPU");
    xtf_gic_set_handler(sgi_handler);

    check_commands();
    check_own_runstate();
    check_other_runstate();
    check_vcpu_info();
    xtf_success(NULL);
}
