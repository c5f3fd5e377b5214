/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * @file tests/bench-micro/main.c
 * Path lengths of the hottest guest/hypervisor transitions, in instructions
 * (run by bench/run.py under QEMU -icount shift=0: one nanosecond of
 * virtual time per instruction).  Each figure is a loop of n iterations
 * timed with CNTVCT, minus the same loop without the HVC: the instructions
 * the hypervisor (and the exception entry and return) add per iteration.
 *
 *   null_hypercall   HVC #0xEA1 xen_version(XENVER_version)
 *   trap_inject      HVC #2 (a wrong immediate): UNDEF injected back; the
 *                    guest's vector is a bare ERET for the duration
 *   trap_smc         SMC #1 (an immediate SMCCC does not allow): UNDEF
 *                    injected back at the SMC, without a log line on either
 *                    hypervisor; the vector skips the SMC (natively QEMU's
 *                    own PSCI emulation answers it: the instruction alone)
 *   trap_dabt        a load from a guest-physical hole (stage-2 fault): the
 *                    data abort injected back, the vector skips the load;
 *                    natively the address is QEMU's PCIe window: a plain load
 *   trap_emulate     MRS of CNTP_CTL_EL0: the EL1 physical timer, trapped
 *                    (CNTHCTL_EL2.EL1PCEN clear) and emulated by both
 *                    hypervisors; natively a plain register read
 *   evtchn_send      EVTCHNOP_send on a loopback channel whose other end is
 *                    already pending
 *   yield_1vcpu      SCHEDOP_yield with no other vCPU to run
 *   yield_pingpong   vCPU 0 yields to vCPU 1, which yields back (2 vCPUs,
 *                    one pCPU): per round, i.e. two yields and two switches
 *   vtimer_irq       from the virtual timer's deadline to the guest's
 *                    handler (vector, GIC acknowledge, handler entry)
 *   reset_to_main    CNTPCT at test_main(): since QEMU's reset
 *   create_to_main   CNTVCT at test_main(): since the domain's creation (both
 *                    hypervisors start a domain's virtual counter at 0 then)
 *
 * On bench/stub (no hypervisor) only what has a floor is measured.
 */
#include <xtf.h>
#include <public/event_channel.h>
#include "../bench-common.h"

const char test_title[] = "Benchmark: hypercall, trap, event, yield, interrupt paths";

#define STR(x)      BENCH_STR(x)

#define DEFAULT_ITERS   100000
#define TIMER_PRIO      0xa0
#define TIMER_AHEAD     64      /* ticks from arming to the deadline */

/*
 * The ticks taken by n iterations of body; arg is an argument the body may
 * use as %[p].  The body may clobber x0-x5, x16, x17.
 */
#define TIMED(n, arg, body) ({                                           \
    uint64_t t0_, t1_;                                                   \
    unsigned long n_ = (n);                                              \
    asm volatile ( "isb\n\tmrs %[t0], cntvct_el0\n"                      \
                   "1:\n\t" body "\n\t"                                  \
                   "subs %[n], %[n], #1\n\tb.ne 1b\n\t"                  \
                   "isb\n\tmrs %[t1], cntvct_el0"                        \
                   : [t0] "=&r" (t0_), [t1] "=&r" (t1_), [n] "+r" (n_)   \
                   : [p] "r" (arg)                                       \
                   : "x0", "x1", "x2", "x3", "x4", "x5", "x16", "x17",   \
                     "memory", "cc" );                                   \
    t1_ - t0_; })

/* ns per iteration added by the HVC: loop with it minus loop without. */
#define NET(n, arg, setup, hvc) ({                                       \
    uint64_t with_ = TIMED(n, arg, setup "\n\t" hvc);                    \
    uint64_t without_ = TIMED(n, arg, setup);                            \
    bench_ticks_ns(with_ > without_ ? with_ - without_ : 0); })

#define XENVER_SETUP "mov x0, #0\n\tmov x1, #0\n\tmov x16, #" \
                     STR(__HYPERVISOR_xen_version)
#define YIELD_SETUP  "mov x0, #" STR(SCHEDOP_yield) "\n\tmov x1, #0\n\t" \
                     "mov x16, #" STR(__HYPERVISOR_sched_op)
#define SEND_SETUP   "mov x0, #" STR(EVTCHNOP_send) "\n\tmov x1, %[p]\n\t" \
                     "mov x16, #" STR(__HYPERVISOR_event_channel_op)
#define HVC_XEN      "hvc #0xea1"

/* A vector table of ERETs: the injected UNDEF returns at once (Xen and
 * Xenith return to the instruction after the HVC). */
asm ( "    .pushsection .text.bench_vectors, \"ax\", %progbits\n"
      "    .balign 2048\n"
      "bench_eret_vectors:\n"
      "    .rept 16\n"
      "    .balign 0x80\n"
      "    eret\n"
      "    .endr\n"
      "    .popsection\n" );
extern const char bench_eret_vectors[] __attribute__((visibility("hidden")));

/* The same, returning past the faulting instruction (an abort's ELR is the
 * instruction itself); x17 is the loop's to clobber. */
asm ( "    .pushsection .text.bench_vectors, \"ax\", %progbits\n"
      "    .balign 2048\n"
      "bench_skip_vectors:\n"
      "    .rept 16\n"
      "    .balign 0x80\n"
      "    mrs x17, elr_el1\n"
      "    add x17, x17, #4\n"
      "    msr elr_el1, x17\n"
      "    eret\n"
      "    .endr\n"
      "    .popsection\n" );
extern const char bench_skip_vectors[] __attribute__((visibility("hidden")));

#define IPA_HOLE        0x10000000UL    /* as tests/unmapped-ipa */

static void bench_null_hypercall(unsigned long n)
{
    bench_report("null_hypercall", NET(n, 0, XENVER_SETUP, HVC_XEN), n, "instr");
}

static void bench_trap_inject(unsigned long n)
{
    uint64_t vbar = READ_SYSREG(vbar_el1), ns;

    WRITE_SYSREG(bench_eret_vectors, vbar_el1);
    isb();
    ns = NET(n, 0, "", "hvc #2");
    WRITE_SYSREG(vbar, vbar_el1);
    isb();
    bench_report("trap_inject", ns, n, "instr");
    bench_report("trap_emulate", NET(n, 0, "", "mrs x0, cntp_ctl_el0"), n, "instr");
}

static void bench_trap_smc(unsigned long n)
{
    uint64_t vbar = READ_SYSREG(vbar_el1), ns;

    WRITE_SYSREG(bench_skip_vectors, vbar_el1);
    isb();
    /* x0 = 0: no PSCI function, should the SMC reach QEMU's firmware. */
    ns = NET(n, 0, "mov x0, #0", "smc #1");
    WRITE_SYSREG(vbar, vbar_el1);
    isb();
    bench_report("trap_smc", ns, n, "instr");
}

static void bench_trap_dabt(unsigned long n)
{
    uint64_t vbar = READ_SYSREG(vbar_el1), ns;

    if ( xtf_map(IPA_HOLE, PAGE_SIZE, XTF_MEM_DEVICE) )
        return (void)printk("BENCH-MISSING trap_dabt no stage-1 mapping\n");
    WRITE_SYSREG(bench_skip_vectors, vbar_el1);
    isb();
    ns = NET(n, IPA_HOLE, "", "ldr x0, [%[p]]");
    WRITE_SYSREG(vbar, vbar_el1);
    isb();
    bench_report("trap_dabt", ns, n, "instr");
}

static void bench_evtchn_send(unsigned long n)
{
    struct evtchn_alloc_unbound alloc = { .dom = DOMID_SELF,
                                          .remote_dom = DOMID_SELF };
    struct evtchn_bind_interdomain bind = { .remote_dom = DOMID_SELF };
    struct evtchn_send send;
    long rc;

    rc = xtf_hypercall(__HYPERVISOR_event_channel_op, EVTCHNOP_alloc_unbound,
                       (unsigned long)&alloc, 0, 0, 0);
    if ( !rc )
    {
        bind.remote_port = alloc.port;
        rc = xtf_hypercall(__HYPERVISOR_event_channel_op,
                           EVTCHNOP_bind_interdomain, (unsigned long)&bind,
                           0, 0, 0);
    }
    if ( rc )
        return (void)printk("BENCH-MISSING evtchn_send loopback channel: %ld\n", rc);
    send.port = bind.local_port;
    /* The first send makes the other end pending; the loop finds it so. */
    rc = xtf_hypercall(__HYPERVISOR_event_channel_op, EVTCHNOP_send,
                       (unsigned long)&send, 0, 0, 0);
    if ( rc )
        return (void)printk("BENCH-MISSING evtchn_send EVTCHNOP_send: %ld\n", rc);
    bench_report("evtchn_send", NET(n, &send, SEND_SETUP, HVC_XEN), n, "instr");
}

static volatile bool partner_stop, partner_up;
static volatile unsigned long partner_yields;

static void yield_partner(unsigned int cpu, void *arg)
{
    partner_up = true;
    while ( !partner_stop )
    {
        hypercall_sched_op(SCHEDOP_yield, NULL);
        partner_yields++;
    }
}

static void bench_yield(unsigned long n)
{
    unsigned long before;
    uint64_t ns, mpidr;
    long rc;

    bench_report("yield_1vcpu", NET(n, 0, YIELD_SETUP, HVC_XEN), n, "instr");

    rc = xtf_cpu_on(1, yield_partner, NULL);
    if ( rc )
        return (void)printk("BENCH-MISSING yield_pingpong CPU_ON: %ld\n", rc);
    while ( !partner_up )
        hypercall_sched_op(SCHEDOP_yield, NULL);
    before = partner_yields;
    ns = NET(n, 0, YIELD_SETUP, HVC_XEN);
    bench_report("yield_pingpong", ns, n, "instr");
    bench_report("yield_partner_ratio", partner_yields - before, n, "per-round");
    partner_stop = true;
    if ( xtf_cpu_mpidr(1, &mpidr) )
        return;
    while ( psci_affinity_info(mpidr) != PSCI_AFFINITY_OFF )
        hypercall_sched_op(SCHEDOP_yield, NULL);
}

static unsigned int sled;               /* nops before the timestamp */
static volatile bool fired;
static volatile uint64_t fired_at;

static void timer_irq(unsigned int intid)
{
    fired_at = bench_sled_cntvct(sled);     /* see bench_vtimer */
    xtf_vtimer_stop();
    fired = true;
}

/*
 * The timer fires exactly at a tick boundary and the handler reads the
 * counter L instructions later, so one sample gives floor(L / m) ticks
 * (m instructions a tick).  With k = 0..m-1 nops added before the read,
 * the m samples sum to exactly L (Hermite's identity): full resolution.
 */
static void bench_vtimer(unsigned long rounds)
{
    uint64_t m = bench_tick_instrs(BENCH_SLED_MAX), sum = 0, deadline;
    unsigned int intid;
    unsigned long i;
    int rc;

    if ( !m )
        return (void)printk("BENCH-MISSING vtimer_irq CNTFRQ %lu Hz\n",
                            READ_SYSREG(cntfrq_el0));
    if ( xtf_vtimer_intid(&intid) || (rc = xtf_gic_init()) )
        return (void)printk("BENCH-MISSING vtimer_irq GIC or timer\n");
    xtf_gic_set_handler(timer_irq);
    xtf_gic_enable_ppi(intid, TIMER_PRIO);
    for ( i = 0; i < rounds * m; i++ )
    {
        sled = i % m;
        fired = false;
        deadline = xtf_vtimer_arm(TIMER_AHEAD);
        xtf_irq_enable();
        while ( !fired )
            asm volatile ( "" ::: "memory" );
        xtf_irq_disable();
        sum += fired_at - deadline;
    }
    xtf_gic_disable_ppi(intid);
    bench_report("vtimer_irq", sum, rounds, "instr");
}

/* "bench.only=<group>" on the command line runs that group only (e.g. for
 * a profile of one path): null, trap, vtimer, evtchn, yield. */
static bool wanted(const char *group)
{
    char only[16];

    return xtf_cmdline_get("bench.only", only, sizeof(only)) || !strcmp(only, group);
}

void test_main(void)
{
    uint64_t pct = READ_SYSREG(cntpct_el0), vct = READ_SYSREG(cntvct_el0);
    unsigned long n = bench_iters(DEFAULT_ITERS);
    bool native = bench_native();

    bench_report("reset_to_main", bench_ticks_ns(pct), 1, "ns");
    if ( !native )
        bench_report("create_to_main", bench_ticks_ns(vct), 1, "ns");
    printk("iterations %lu, CNTFRQ %lu Hz, %s\n", n, READ_SYSREG(cntfrq_el0),
           native ? "native (bench/stub)" : "under a hypervisor");

    if ( wanted("null") )
        bench_null_hypercall(n);
    if ( wanted("trap") )
    {
        bench_trap_inject(n);
        bench_trap_smc(n);
        bench_trap_dabt(n);
    }
    if ( wanted("vtimer") )
        bench_vtimer(n / 1000 ? n / 1000 : 1);
    if ( !native && wanted("evtchn") )
        bench_evtchn_send(n);
    if ( !native && wanted("yield") )
        bench_yield(n);
    xtf_success(NULL);
}
