/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * @file tests/selftest/main.c
 * The framework's own checks: exceptions provoked on purpose are reported
 * through the expected-exception log (undefined instruction, loads and
 * stores to addresses the guest's page tables leave unmapped) and the trap
 * hook (BRK); snprintf() formats what the other tests print.
 */
#include <xtf.h>

const char test_title[] = "Framework self test";

/* Check the log holds exactly one entry; return it or NULL. */
static const struct xtf_exinfo *one_entry(const char *what)
{
    if ( xtf_exlog_count() != 1 )
    {
        xtf_exlog_dump();
        xtf_failure("%s: %u exceptions logged, expected 1", what,
                    xtf_exlog_count());
        return NULL;
    }
    return xtf_exlog_entry(0);
}

static void test_undef(void)
{
    const struct xtf_exinfo *e;
    uint64_t pc;

    xtf_exlog_reset();
    xtf_exlog_start();
    asm volatile ( "1: udf #0x5a\n\t"
                   "adr %0, 1b" : "=r" (pc) :: "memory" );
    xtf_exlog_stop();

    e = one_entry("UDF");
    if ( !e )
        return;
    if ( ESR_EC(e->esr) != ESR_EC_UNKNOWN || e->elr != pc )
        xtf_failure("UDF: ESR %#lx ELR %#lx, expected EC 0 at %#lx",
                    e->esr, e->elr, pc);
    else
        printk("UDF reported: ESR %#lx ELR %#lx\n", e->esr, e->elr);
}

/* A load from, or a store to, 'addr' must give a stage-1 translation fault. */
static void test_abort(uint64_t addr, bool write)
{
    const struct xtf_exinfo *e;
    uint64_t pc;

    pc = xtf_exlog_access(addr, write);

    e = one_entry(write ? "store" : "load");
    if ( !e )
        return;
    if ( ESR_EC(e->esr) != ESR_EC_DABT_CUR || !ESR_FSC_IS_TRANS(e->esr) ||
         e->far != addr || e->elr != pc ||
         !!(e->esr & ESR_DABT_WNR) != write )
        xtf_failure("%s %#lx: ESR %#lx FAR %#lx ELR %#lx, expected a "
                    "translation fault at %#lx", write ? "store" : "load",
                    addr, e->esr, e->far, e->elr, pc);
    else
        printk("%s at %#lx reported: ESR %#lx (%s) FAR %#lx\n",
               write ? "Store" : "Load", addr, e->esr,
               xtf_esr_ec_name(e->esr), e->far);
}

static unsigned int brk_seen;

static bool brk_hook(struct xtf_regs *regs, enum xtf_vector vec)
{
    if ( vec != XTF_VEC_SYNC || ESR_EC(regs->esr) != 0x3c ||
         ESR_ISS(regs->esr) != 0x123 )
        return false;
    brk_seen++;
    regs->elr += 4;
    return true;
}

static void test_hook(void)
{
    xtf_set_trap_hook(brk_hook);
    asm volatile ( "brk #0x123" ::: "memory" );
    xtf_set_trap_hook(NULL);
    if ( brk_seen != 1 )
        xtf_failure("BRK: the trap hook saw %u exceptions, expected 1",
                    brk_seen);
}

static void check_fmt(const char *got, const char *want)
{
    if ( strcmp(got, want) )
        xtf_failure("snprintf: \"%s\", expected \"%s\"", got, want);
}

static void test_snprintf(void)
{
    char b[64];

    snprintf(b, sizeof(b), "%d %u %x %#lx", -42, 42u, 0xbeefu, 0x1234UL);
    check_fmt(b, "-42 42 beef 0x1234");
    snprintf(b, sizeof(b), "[%5s|%-5s|%.2s]", "ab", "cd", "xyz");
    check_fmt(b, "[   ab|cd   |xy]");
    snprintf(b, sizeof(b), "%#018lx %04d %c%%", 0xfUL, 7, 'z');
    check_fmt(b, "0x000000000000000f 0007 z%");
    if ( snprintf(b, 4, "%s", "truncated") != 9 || strcmp(b, "tru") )
        xtf_failure("snprintf: truncation gave \"%s\"", b);
}

void test_main(void)
{
    uint64_t after_ram = ROUNDUP(xtf_ram_start + xtf_ram_size, PAGE_SIZE);

    test_undef();
    test_abort(0, false);                   /* the NULL page */
    test_abort(after_ram, false);           /* next to mapped RAM */
    test_abort(after_ram + 8, true);
    test_hook();
    test_snprintf();

    xtf_success(NULL);
}
