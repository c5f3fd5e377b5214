/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * @file tests/evtchn-level/main.c
 * The upcall PPI 31 and evtchn_upcall_pending, as Linux relies on them
 * (2-level ABI, one vCPU):
 *
 * - An event that arrives while the upcall handler runs (the flag cleared,
 *   the PPI active) sets the flag again, and the PPI is taken again after
 *   the EOI: the handler sends itself an event once, so it must run twice.
 * - A handler that EOIs with the flag still set: Xenith treats the upcall
 *   as a level and asserts the PPI again on the way back to the guest (as
 *   Xen's new vGIC does); Xen 4.17's default vGIC injects only on the
 *   flag's 0 -> 1 and does not.  The test checks each hypervisor's own
 *   behaviour (Xenith is told by XENVER_extraversion) and says which it saw.
 */
#include <xtf.h>
#include "../evtchn-common.h"

const char test_title[] = "Upcall PPI 31: taken again for an event during the handler";

#define SETTLE_US   50000

static volatile struct shared_info *shared;
static volatile unsigned int upcalls, stray;
static volatile long self_port;
static volatile bool send_in_handler, keep_flag;

static void irq_handler(unsigned int intid)
{
    volatile struct vcpu_info *vi = &shared->vcpu_info[0];

    if ( intid != EV_PPI )
    {
        stray++;
        return;
    }
    upcalls++;
    if ( keep_flag )
    {
        /* EOI with the flag still set, once; clear it the next time. */
        keep_flag = false;
        return;
    }
    vi->evtchn_upcall_pending = 0;
    vi->evtchn_pending_sel = 0;
    shared->evtchn_pending[0] = 0;
    if ( send_in_handler )
    {
        send_in_handler = false;
        ev_port_op(EVTCHNOP_send, self_port);
    }
}

void test_main(void)
{
    long rc;

    shared = ev_map_shared_info();
    if ( !shared )
        return;
    self_port = ev_bind_ipi(0);
    if ( self_port <= 0 || self_port >= 64 )
        return xtf_failure("bind_ipi(0): %ld", self_port);
    shared->evtchn_mask[0] &= ~(1UL << self_port);
    if ( (rc = xtf_gic_init()) )
        return xtf_error("GIC: %ld", rc);
    xtf_gic_set_handler(irq_handler);
    xtf_gic_enable_ppi(EV_PPI, EV_PRIO);
    xtf_irq_enable();

    /* An event during the handler: taken again after the EOI. */
    send_in_handler = true;
    ev_expect("send", ev_port_op(EVTCHNOP_send, self_port), 0);
    xtf_wait_until(upcalls >= 2, EV_WAIT_US);
    xtf_wait_until(false, SETTLE_US);
    if ( upcalls != 2 )
        xtf_failure("an event sent during the upcall handler: %u upcalls, expected 2",
                    upcalls);

    /* EOI with the flag left set. */
    upcalls = 0;
    keep_flag = true;
    ev_expect("send", ev_port_op(EVTCHNOP_send, self_port), 0);
    xtf_wait_until(upcalls >= 2, xtf_on_xenith() ? EV_WAIT_US : SETTLE_US);
    xtf_wait_until(false, SETTLE_US);
    printk("Upcall flag left set at EOI: %u upcalls (%s)\n", upcalls,
           upcalls == 2 ? "asserted again, a level" : "not again, an edge");
    if ( xtf_on_xenith() ? upcalls != 2 : upcalls != 1 )
        xtf_failure("flag left set at EOI: %u upcalls, expected %u on %s", upcalls,
                    xtf_on_xenith() ? 2 : 1, xtf_on_xenith() ? "Xenith" : "Xen 4.17");
    if ( stray )
        xtf_failure("%u stray interrupts", stray);
    xtf_success(NULL);
}
