/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The event-channel upcall on Arm: as Xen 4.17, a level PPI
 * (GUEST_EVTCHN_PPI, 31) the guest learns from the hypervisor node of its
 * device tree.  It is made pending when evtchn_upcall_pending goes
 * 0 -> 1, and, as a level, it stays asserted while the flag is set: on
 * each return to the guest, a flag still set with the PPI neither pending
 * nor active (the guest EOIed it while a new event came) asserts it
 * again, as Xen's vGIC does from vcpu_info on the way back to the guest.
 *
 * Also the guest pages of the FIFO ABI: looked up in the stage-2 tables,
 * referenced, and used through the directmap.
 */
#include <xenith/event.h>
#include <xenith/mm.h>
#include <xenith/sched.h>
#include <asm/event.h>
#include <asm/p2m.h>
#include <asm/vgic.h>
#include <public/arch-arm.h>

void arch_evtchn_notify(struct vcpu *v)
{
    vgic_inject_irq(v->domain, v, GUEST_EVTCHN_PPI, true);
}

/* Out of line: the usual exit, flag clear, needs no stack frame. */
static void __attribute__((noinline)) upcall_reassert(struct vcpu *v)
{
    if ( !vgic_irq_in_flight(v, GUEST_EVTCHN_PPI) )
        vgic_inject_irq(v->domain, v, GUEST_EVTCHN_PPI, true);
}

void arch_evtchn_upcall_refresh(struct vcpu *v)
{
    if ( is_idle_vcpu(v) )
        return;
    if ( arch_evtchn_upcall_flagged(v) )
        upcall_reassert(v);
}

void *arch_evtchn_map_guest_page(struct domain *d, uint64_t gfn, struct page_info **pg)
{
    *pg = get_page_from_gfn(d, _gfn(gfn), true);
    return *pg ? page_to_virt(*pg) : NULL;
}

void arch_evtchn_unmap_guest_page(struct page_info *pg)
{
    put_page(pg);
}
