/* SPDX-License-Identifier: GPL-2.0-only */
/* Arch half of event channels: how an upcall reaches a vCPU, guest pages. */
#ifndef ASM_EVENT_H
#define ASM_EVENT_H

#include <xenith/types.h>

struct domain;
struct page_info;
struct vcpu;

/*
 * @v's evtchn_upcall_pending has just gone 0 -> 1: make it take the
 * upcall interrupt (on Arm, GUEST_EVTCHN_PPI through the vGIC).
 */
void arch_evtchn_notify(struct vcpu *v);
/*
 * On the way back to the guest, after its list registers are folded:
 * assert the upcall PPI again if evtchn_upcall_pending is still set and
 * the PPI is neither pending nor active (a level, as Linux expects).
 */
void arch_evtchn_upcall_refresh(struct vcpu *v);
/* Whether @v's upcall flag, where its guest sees it, is set (no vGIC look-up). */
bool arch_evtchn_upcall_flagged(const struct vcpu *v);

/*
 * The writable RAM page @d has at @gfn, referenced (*@pg), and the
 * hypervisor's address of it; NULL if there is none.  Unmap puts it.
 */
void *arch_evtchn_map_guest_page(struct domain *d, uint64_t gfn, struct page_info **pg);
void arch_evtchn_unmap_guest_page(struct page_info *pg);

#endif /* ASM_EVENT_H */
