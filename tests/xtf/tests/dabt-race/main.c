/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * @file tests/dabt-race/main.c
 * Stage-2 faults that race with a change of the p2m.  vCPU 1 maps
 * shared_info and grant-table frame 0 in turn at one gfn with
 * XENMEM_add_to_physmap: each replaces the other, which the hypervisor
 * does with break-before-make (the entry is invalid for a while).
 * Meanwhile vCPU 0 reads the page in a loop: a read that meets the
 * invalid entry takes a stage-2 translation fault, and by the time the
 * hypervisor looks the page is mapped again (or about to be): the read
 * must be retried, never turned into a data abort.  Between the batches
 * of reads vCPU 0 loads from a hole of the memory map, which must abort
 * every time, p2m changes or not.
 */
#include <xtf.h>
#include <public/memory.h>

const char test_title[] = "Stage-2 faults racing with p2m changes";

#define PAGE_GPA        0x39000000UL    /* GUEST_MAGIC_BASE */
#define HOLE_GPA        0x10000000UL    /* as tests/unmapped-ipa */
#define ROUNDS          4000
#define BATCH           256
#define WAIT_US         30000000

#define INJECTED_ESR    ((uint64_t)ESR_EC_DABT_CUR << ESR_EC_SHIFT | ESR_IL)

static volatile bool cpu1_done;
static volatile long cpu1_rc;
static volatile unsigned long cpu1_rounds;

static long map_at_page(unsigned int space)
{
    struct xen_add_to_physmap xatp = {
        .domid = DOMID_SELF, .space = space, .idx = 0, .gpfn = PAGE_GPA >> 12,
    };

    return xtf_hypercall(__HYPERVISOR_memory_op, XENMEM_add_to_physmap,
                         (unsigned long)&xatp, 0, 0, 0);
}

/* vCPU 1: one page replaced by another at PAGE_GPA, ROUNDS times each way. */
static void cpu1_main(unsigned int cpu, void *arg)
{
    long rc = 0;

    for ( unsigned long i = 0; i < ROUNDS && !rc; i++ )
    {
        rc = map_at_page(XENMAPSPACE_grant_table);
        if ( !rc )
            rc = map_at_page(XENMAPSPACE_shared_info);
        cpu1_rounds = i + 1;
    }
    cpu1_rc = rc;
    cpu1_done = true;
}

/* BATCH reads of the page: the exceptions they took. */
static unsigned int read_batch(void)
{
    const volatile uint64_t *p = (const volatile uint64_t *)PAGE_GPA;

    xtf_exlog_reset();
    xtf_exlog_start();
    for ( unsigned int i = 0; i < BATCH; i++ )
        (void)*p;
    xtf_exlog_stop();
    return xtf_exlog_count();
}

/* A load from the hole: exactly the abort unmapped-ipa expects. */
static bool hole_aborts(void)
{
    uint64_t pc = xtf_exlog_access(HOLE_GPA, false);
    const struct xtf_exinfo *e = xtf_exlog_entry(0);

    if ( xtf_exlog_count() == 1 && e->esr == INJECTED_ESR && e->far == HOLE_GPA &&
         e->elr == pc )
        return true;
    xtf_exlog_dump();
    xtf_failure("load from the hole %#lx: %u exceptions, expected its data abort",
                HOLE_GPA, xtf_exlog_count());
    return false;
}

void test_main(void)
{
    unsigned long batches = 0;
    unsigned int n;
    long rc;

    if ( (rc = map_at_page(XENMAPSPACE_shared_info)) )
        return xtf_error("add_to_physmap(shared_info): %ld", rc);
    if ( xtf_map(PAGE_GPA, PAGE_SIZE, XTF_MEM_NORMAL) ||
         xtf_map(HOLE_GPA, PAGE_SIZE, XTF_MEM_DEVICE) )
        return xtf_error("cannot map the test pages");
    if ( (rc = xtf_cpu_on(1, cpu1_main, NULL)) )
        return xtf_error("CPU_ON(1): %ld", rc);

    while ( !cpu1_done )
    {
        if ( (n = read_batch()) != 0 )
        {
            xtf_exlog_dump();
            return xtf_failure("reads of the page being remapped took %u exceptions "
                               "(vCPU 1 at round %lu)", n, cpu1_rounds);
        }
        if ( !hole_aborts() )
            return;
        batches++;
    }
    if ( cpu1_rc )
        return xtf_error("vCPU 1: add_to_physmap: %ld at round %lu", cpu1_rc, cpu1_rounds);
    printk("%lu remaps each way, %lu batches of %u reads, no abort; the hole aborted each time\n",
           cpu1_rounds, batches, BATCH);
    xtf_success(NULL);
}
