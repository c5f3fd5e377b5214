/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * @file tests/sched-slice/main.c
 * Time slices end while a vCPU spins: three domains of one vCPU on two
 * pCPUs, so that two of them (d1 and d3 on Xenith, whose round-robin
 * places a new vCPU on the pCPU with the fewest) share a pCPU.  Neither
 * ever blocks: each waits for the other by spinning on a pending bit of
 * its shared_info with interrupts masked.  d3 ("second") clears what its
 * ends of the static channels start with, signals port 10 and spins until
 * its port 11 is pending; d1 ("first") spins until its port 10 is pending,
 * then signals port 11.  Whichever runs first spins until the scheduler
 * takes the pCPU away at the end of its slice: if slices never ended, the
 * other would never run and both would time out.  d3 spins 3 ms, then
 * yields once before it signals, so that a slice starts 3 ms before the
 * previous one's end (Xenith leaves its timer armed for that end, and
 * re-arms it when it fires): the slice after the yield must end too.  d2 only succeeds, after the others
 * are done (it spins 0.5 s first, on its own pCPU).
 */
#include <xtf.h>
#include <xtf/interdom.h>

const char test_title[] = "Time slices end for vCPUs that spin";

#define PORT_TO_FIRST   10
#define PORT_TO_SECOND  11
#define WAIT_US         20000000
#define IDLE_US         500000
#define BEFORE_YIELD_US 3000

static void spin_us(uint64_t us)
{
    for ( uint64_t end = xtf_now_us() + us; xtf_now_us() < end; )
        continue;
}

static bool pending(evtchn_port_t port)
{
    return idom_shared->evtchn_pending[port / 64] & (1UL << (port % 64));
}

/* Spin, never blocking, until @port is pending: true, or false after WAIT_US. */
static bool spin_for(evtchn_port_t port)
{
    uint64_t start = xtf_now_us(), now = start;

    while ( !pending(port) && (now = xtf_now_us()) - start < WAIT_US )
        continue;
    if ( !pending(port) )
        return false;
    printk("port %u pending after %lu us of spinning\n", port, (unsigned long)(now - start));
    return true;
}

static void first(void)
{
    if ( !spin_for(PORT_TO_FIRST) )
        return xtf_failure("port %u: never pending (no other domain ran)", PORT_TO_FIRST);
    if ( idom_send(PORT_TO_SECOND) )
        return xtf_failure("EVTCHNOP_send(%u) failed", PORT_TO_SECOND);
    xtf_success(NULL);
}

static void second(void)
{
    __atomic_fetch_and(&idom_shared->evtchn_pending[0],
                       ~((1UL << PORT_TO_FIRST) | (1UL << PORT_TO_SECOND)), __ATOMIC_SEQ_CST);
    spin_us(BEFORE_YIELD_US);
    if ( hypercall_sched_op(SCHEDOP_yield, NULL) )
        return xtf_failure("SCHEDOP_yield failed");
    if ( idom_send(PORT_TO_FIRST) )
        return xtf_failure("EVTCHNOP_send(%u) failed", PORT_TO_FIRST);
    if ( !spin_for(PORT_TO_SECOND) )
        return xtf_failure("port %u: never pending (no other domain ran)", PORT_TO_SECOND);
    xtf_success(NULL);
}

void test_main(void)
{
    char role[8];
    long rc;

    if ( xtf_cmdline_get("xtf.role", role, sizeof(role)) )
        return xtf_error("no xtf.role on the command line");
    if ( !strcmp(role, "idle") )
    {
        /* Ending (domain destruction) could make d1's pCPU schedule. */
        spin_us(IDLE_US);
        return xtf_success(NULL);
    }
    rc = idom_add_to_physmap(XENMAPSPACE_shared_info, 0, IDOM_SHARED_INFO_GPA);
    if ( rc )
        return xtf_error("mapping shared_info: %ld", rc);
    idom_shared = (volatile struct shared_info *)IDOM_SHARED_INFO_GPA;
    if ( !strcmp(role, "first") )
        first();
    else
        second();
}
