/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The event-channel upcall on Arm: as Xen 4.17, a level PPI
 * (GUEST_EVTCHN_PPI, 31) the guest learns from the hypervisor node of its
 * device tree.  It is asserted when evtchn_upcall_pending goes 0 -> 1;
 * the guest clears the flag itself, and a later 0 -> 1 asserts it again.
 */
#include <xenith/sched.h>
#include <asm/event.h>
#include <asm/vgic.h>
#include <public/arch-arm.h>

void arch_evtchn_notify(struct vcpu *v)
{
    vgic_inject_irq(v->domain, v, GUEST_EVTCHN_PPI, true);
}
