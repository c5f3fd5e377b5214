/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * @file tests/unmapped-ipa/main.c
 * Accesses to guest-physical addresses the hypervisor maps to nothing (no
 * RAM, no emulated device) come back to the guest as a synchronous data
 * abort at the guest's own EL with FAR = the address, for Device and for
 * Normal memory types of the guest's stage-1 mapping, loads and stores.
 * The syndrome is Xen 4.17's exactly: EC "data abort, same EL", IL set and
 * an ISS of 0 (no WnR, fault status 0) whether the access read or wrote.
 */
#include <xtf.h>

const char test_title[] = "Data abort on unmapped guest-physical addresses";

/* Holes of the standard domU memory map (arch-arm.h): the vPCI ECAM window
 * (no vPCI for dom0less domUs) and the space between vPL011 and vPCI MEM. */
#define HOLE_DEVICE     0x10000000UL
#define HOLE_NORMAL     0x22800000UL

#define INJECTED_ESR    ((uint64_t)ESR_EC_DABT_CUR << ESR_EC_SHIFT | ESR_IL)

static void check(uint64_t addr, bool write, const char *what)
{
    const struct xtf_exinfo *e;
    uint64_t pc;

    pc = xtf_exlog_access(addr, write);

    if ( xtf_exlog_count() != 1 )
    {
        xtf_exlog_dump();
        return xtf_failure("%s %s %#lx: %u exceptions, expected 1",
                           what, write ? "store to" : "load from", addr,
                           xtf_exlog_count());
    }
    e = xtf_exlog_entry(0);
    printk("%s %s %#lx: ESR %#lx (%s) FAR %#lx\n", what,
           write ? "store to" : "load from", addr, e->esr,
           xtf_esr_ec_name(e->esr), e->far);
    if ( e->esr != INJECTED_ESR || e->far != addr || e->elr != pc )
        xtf_failure("%s %s %#lx: ESR %#lx FAR %#lx ELR %#lx, expected ESR "
                    "%#lx at %#lx", what, write ? "store to" : "load from",
                    addr, e->esr, e->far, e->elr, INJECTED_ESR, pc);
}

void test_main(void)
{
    if ( xtf_map(HOLE_DEVICE, PAGE_SIZE, XTF_MEM_DEVICE) ||
         xtf_map(HOLE_NORMAL, PAGE_SIZE, XTF_MEM_NORMAL) )
        return xtf_error("cannot map the test pages");

    check(HOLE_DEVICE, false, "Device");
    check(HOLE_DEVICE + 8, true, "Device");
    check(HOLE_NORMAL, false, "Normal");
    check(HOLE_NORMAL + 8, true, "Normal");

    xtf_success(NULL);
}
