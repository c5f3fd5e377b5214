/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * @file tests/exit-regs/main.c
 * Every kind of exit to the hypervisor gives the guest back all of x0-x30
 * as the architecture and the ABI say: each run fills the 31 registers
 * with distinct patterns, takes one exit and compares them all after it.
 * Allowed to change: x0 (and x1-x4, x16) for a hypercall, x0-x3 for an
 * SMCCC call, the destination of an emulated MRS or MMIO load.  The
 * exits: xen_version (a hypervisor's quickest path), a hypercall that
 * does not exist, SMCCC_VERSION over HVC #0, HVC #2 and SMC #1 (UNDEF
 * injected: its class checked, as an abort's), SMCCC_VERSION over SMC #0
 * (an SMC that is a call, not an UNDEF), MRS CNTP_CTL_EL0 into a
 * caller-saved and into a callee-saved register (emulated), a load from
 * an IPA hole (data abort injected) and an emulated MMIO load
 * (GICD_TYPER) into a callee-saved register, and an IRQ: the virtual
 * timer's, which the hypervisor takes (and masks, CNTV_CTL.IMASK: both do)
 * while the guest, its IRQs masked, spins until it sees the mask (x0, x1
 * its loop's).  The guest's own exception
 * handler (exlog) restores what it saved.  All of it twice: the second
 * time with vCPU 0's evtchn_upcall_pending set (IRQs masked: the upcall
 * is not taken), so that exits a hypervisor answers at once go back the
 * long way, asserting the upcall again (Xenith's quick exits then save
 * the registers they had left in place).
 */
#include <xtf.h>
#include <xtf/shared_info.h>
#include <xtf/time.h>

const char test_title[] = "Registers across exits";

#define NR_X        31
#define HOLE        0x10000000UL    /* vPCI ECAM window: no vPCI for domUs */
/* The guest memory map's GICD (arch-arm.h: GICv2 and GICv3 alike), its TYPER. */
#define GICD_TYPER  (0x03001000UL + 4)

struct exit_run {
    uint64_t in[NR_X];
    uint64_t out[NR_X];
};

/*
 * exit_<name>(struct exit_run *r): x0-x30 from r->in, the exit, x0-x30
 * into r->out.  SP stays valid (the callee-saved registers, LR and r go
 * on the stack); the instruction after the exit is a NOP, for exlog's
 * step over a trapped instruction when the exception returns after it.
 */
#define EXIT_FN(name, insn)                                             \
    void exit_##name(struct exit_run *r);                               \
    asm ( ".pushsection .text\n"                                        \
          ".global exit_" #name "\n"                                    \
          "exit_" #name ":\n\t"                                         \
          "stp x29, x30, [sp, #-112]!\n\t"                              \
          "stp x19, x20, [sp, #16]\n\t"                                 \
          "stp x21, x22, [sp, #32]\n\t"                                 \
          "stp x23, x24, [sp, #48]\n\t"                                 \
          "stp x25, x26, [sp, #64]\n\t"                                 \
          "stp x27, x28, [sp, #80]\n\t"                                 \
          "str x0, [sp, #96]\n\t"                                       \
          "ldp x1, x2, [x0, #8]\n\t"                                    \
          "ldp x3, x4, [x0, #24]\n\t"                                   \
          "ldp x5, x6, [x0, #40]\n\t"                                   \
          "ldp x7, x8, [x0, #56]\n\t"                                   \
          "ldp x9, x10, [x0, #72]\n\t"                                  \
          "ldp x11, x12, [x0, #88]\n\t"                                 \
          "ldp x13, x14, [x0, #104]\n\t"                                \
          "ldp x15, x16, [x0, #120]\n\t"                                \
          "ldp x17, x18, [x0, #136]\n\t"                                \
          "ldp x19, x20, [x0, #152]\n\t"                                \
          "ldp x21, x22, [x0, #168]\n\t"                                \
          "ldp x23, x24, [x0, #184]\n\t"                                \
          "ldp x25, x26, [x0, #200]\n\t"                                \
          "ldp x27, x28, [x0, #216]\n\t"                                \
          "ldp x29, x30, [x0, #232]\n\t"                                \
          "ldr x0, [x0]\n\t"                                            \
          insn "\n\t"                                                   \
          "nop\n\t"                                                     \
          "str x0, [sp, #104]\n\t"                                      \
          "ldr x0, [sp, #96]\n\t"                                       \
          "add x0, x0, #248\n\t"                                        \
          "stp x1, x2, [x0, #8]\n\t"                                    \
          "stp x3, x4, [x0, #24]\n\t"                                   \
          "stp x5, x6, [x0, #40]\n\t"                                   \
          "stp x7, x8, [x0, #56]\n\t"                                   \
          "stp x9, x10, [x0, #72]\n\t"                                  \
          "stp x11, x12, [x0, #88]\n\t"                                 \
          "stp x13, x14, [x0, #104]\n\t"                                \
          "stp x15, x16, [x0, #120]\n\t"                                \
          "stp x17, x18, [x0, #136]\n\t"                                \
          "stp x19, x20, [x0, #152]\n\t"                                \
          "stp x21, x22, [x0, #168]\n\t"                                \
          "stp x23, x24, [x0, #184]\n\t"                                \
          "stp x25, x26, [x0, #200]\n\t"                                \
          "stp x27, x28, [x0, #216]\n\t"                                \
          "stp x29, x30, [x0, #232]\n\t"                                \
          "ldr x1, [sp, #104]\n\t"                                      \
          "str x1, [x0]\n\t"                                            \
          "ldp x19, x20, [sp, #16]\n\t"                                 \
          "ldp x21, x22, [sp, #32]\n\t"                                 \
          "ldp x23, x24, [sp, #48]\n\t"                                 \
          "ldp x25, x26, [sp, #64]\n\t"                                 \
          "ldp x27, x28, [sp, #80]\n\t"                                 \
          "ldp x29, x30, [sp], #112\n\t"                                \
          "ret\n"                                                       \
          ".popsection" )

EXIT_FN(hvc_xen, "hvc #0xea1");
EXIT_FN(hvc_smccc, "hvc #0");
EXIT_FN(hvc_bad, "hvc #2");
EXIT_FN(smc_bad, "smc #1");
EXIT_FN(smc_smccc, "smc #0");
EXIT_FN(mrs_x5, "mrs x5, cntp_ctl_el0");
EXIT_FN(mrs_x19, "mrs x19, cntp_ctl_el0");
EXIT_FN(load_x20, "ldr x20, [x21]");
EXIT_FN(load_w22, "ldr w22, [x23]");
/* At most x1 rounds (the case sets it) for CNTV_CTL.IMASK, read into x0. */
EXIT_FN(vtimer_irq, "1: mrs x0, cntv_ctl_el0\n\t"
                    "tbnz x0, #1, 2f\n\t"
                    "subs x1, x1, #1\n\t"
                    "b.ne 1b\n"
                    "2:");

/* What a run may change: a mask of registers, and x@reg's expected value. */
struct exit_case {
    const char *name;
    void (*fn)(struct exit_run *r);
    unsigned int exceptions;    /* injected into the guest, logged by exlog */
    uint32_t may_change;
    int reg;                    /* -1: none */
    unsigned int nr_set;
    uint64_t set[2][2];         /* {reg, value} put in before the exit */
    unsigned int ec;            /* the injected exception's class */
};

#define X(n)    (1U << (n))

static uint64_t pattern(unsigned int n)
{
    return 0xa5c3000000000000UL | ((uint64_t)n << 40) | (~(uint64_t)n & 0xffffff);
}

/* The virtual timer due in a moment, unmasked (for the IRQ exit). */
static void vtimer_arm(void)
{
    WRITE_SYSREG(READ_SYSREG(cntvct_el0) + 1000, cntv_cval_el0);
    WRITE_SYSREG(CNTV_CTL_ENABLE, cntv_ctl_el0);
    isb();
}

static void run(const struct exit_case *c, uint64_t expect)
{
    struct exit_run r;
    unsigned int n;

    if ( c->fn == exit_vtimer_irq )
        vtimer_arm();

    for ( n = 0; n < NR_X; n++ )
        r.in[n] = pattern(n);
    for ( n = 0; n < c->nr_set; n++ )
        r.in[c->set[n][0]] = c->set[n][1];

    xtf_exlog_reset();
    xtf_exlog_start();
    c->fn(&r);
    xtf_exlog_stop();
    WRITE_SYSREG(0, cntv_ctl_el0);

    if ( xtf_exlog_count() != c->exceptions )
    {
        xtf_exlog_dump();
        xtf_failure("%s: %u exceptions, expected %u", c->name,
                    xtf_exlog_count(), c->exceptions);
    }
    else if ( c->exceptions && ESR_EC(xtf_exlog_entry(0)->esr) != c->ec )
        xtf_failure("%s: exception class %#lx, expected %#x", c->name,
                    ESR_EC(xtf_exlog_entry(0)->esr), c->ec);
    for ( n = 0; n < NR_X; n++ )
    {
        if ( (int)n == c->reg )
        {
            if ( r.out[n] != expect )
                xtf_failure("%s: x%u is %#lx, expected %#lx", c->name, n,
                            r.out[n], expect);
        }
        else if ( !(c->may_change & X(n)) && r.out[n] != r.in[n] )
            xtf_failure("%s: x%u changed, %#lx -> %#lx", c->name, n,
                        r.in[n], r.out[n]);
    }
}

void test_main(void)
{
    static const uint64_t hypercall_args = X(1) | X(2) | X(3) | X(4) | X(16);
    const struct exit_case cases[] = {
        { "xen_version", exit_hvc_xen, 0, hypercall_args, 0,
          2, { { 0, XENVER_version }, { 16, __HYPERVISOR_xen_version } } },
        { "hypercall 43 (none)", exit_hvc_xen, 0, hypercall_args, 0,
          1, { { 16, 43 } } },
        { "SMCCC_VERSION", exit_hvc_smccc, 0, X(1) | X(2) | X(3), 0,
          1, { { 0, 0x80000000UL } } },
        { "HVC #2", exit_hvc_bad, 1, 0, -1, 0, { { 0 } } },
        { "SMC #1", exit_smc_bad, 1, 0, -1, 0, { { 0 } } },
        { "SMCCC_VERSION over SMC #0", exit_smc_smccc, 0, X(1) | X(2) | X(3), 0,
          1, { { 0, 0x80000000UL } } },
        { "MRS x5, CNTP_CTL_EL0", exit_mrs_x5, 0, 0, 5, 0, { { 0 } } },
        { "MRS x19, CNTP_CTL_EL0", exit_mrs_x19, 0, 0, 19, 0, { { 0 } } },
        { "load from an IPA hole", exit_load_x20, 1, 0, -1, 1, { { 21, HOLE } },
          ESR_EC_DABT_CUR },
        { "MMIO load of GICD_TYPER", exit_load_w22, 0, 0, 22,
          1, { { 23, GICD_TYPER } } },
        { "virtual timer IRQ", exit_vtimer_irq, 0, X(1), 0,
          1, { { 1, 100000000 } } },
    };
    uint64_t expect[ARRAY_SIZE(cases)] = { 0 };
    volatile struct shared_info *shared;
    unsigned int i;

    if ( xtf_map(HOLE, PAGE_SIZE, XTF_MEM_DEVICE) ||
         xtf_map(GICD_TYPER, 4, XTF_MEM_DEVICE) )
        return xtf_error("cannot map the test pages");

    /* The physical timer off: its CTL then reads 0 (ENABLE, ISTATUS clear). */
    WRITE_SYSREG(0, cntp_ctl_el0);
    isb();
    expect[0] = (uint64_t)hypercall_xen_version(XENVER_version, NULL);
    expect[1] = (uint64_t)-XEN_ENOSYS;
    expect[2] = 0x10001;        /* SMCCC 1.1 */
    expect[5] = 0x10001;
    expect[6] = expect[7] = 0;
    expect[9] = *(volatile uint32_t *)GICD_TYPER;
    expect[10] = CNTV_CTL_ENABLE | CNTV_CTL_IMASK | CNTV_CTL_ISTATUS;

    for ( i = 0; i < ARRAY_SIZE(cases); i++ )
        run(&cases[i], expect[i]);

    shared = xtf_map_shared_info();
    if ( !shared )
        return;
    shared->vcpu_info[0].evtchn_upcall_pending = 1;
    for ( i = 0; i < ARRAY_SIZE(cases); i++ )
        run(&cases[i], expect[i]);
    shared->vcpu_info[0].evtchn_upcall_pending = 0;

    xtf_success(NULL);
}
