/* SPDX-License-Identifier: GPL-2.0-only */
/* Arch half of event channels: how an upcall reaches a vCPU, guest pages. */
#ifndef ASM_EVENT_H
#define ASM_EVENT_H

#include <xenith/sched.h>
#include <xenith/types.h>

struct page_info;

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

/*
 * Where @v's guest sees its evtchn_upcall_pending: the vcpu_info it
 * registered, else its slot in shared_info; NULL for a vCPU with neither
 * (its spare vcpu_info is invisible to the guest, as evtchn_upcall_pending()
 * says).  Read on every return to the guest: a few loads, no call.
 */
static inline const uint8_t *arch_evtchn_upcall_flag(const struct vcpu *v)
{
    const struct domain *d = v->domain;
    const struct vcpu_info *vi;

    /* d->shared_info is set whenever d->evtchn is (evtchn_domain_init). */
    if ( !d->evtchn )
        return NULL;
    vi = __atomic_load_n(&v->vcpu_info, __ATOMIC_ACQUIRE);
    if ( vi )
        return &vi->evtchn_upcall_pending;
    if ( v->vcpu_id >= XEN_LEGACY_MAX_VCPUS )
        return NULL;
    return &d->shared_info->vcpu_info[v->vcpu_id].evtchn_upcall_pending;
}

/*
 * Whether @v's upcall flag, where its guest sees it, is set (no vGIC
 * look-up); inline: every quiet exit asks.
 */
static inline bool arch_evtchn_upcall_flagged(const struct vcpu *v)
{
    const uint8_t *flag = arch_evtchn_upcall_flag(v);

    return flag && __atomic_load_n(flag, __ATOMIC_SEQ_CST);
}

/*
 * The writable RAM page @d has at @gfn, referenced (*@pg), and the
 * hypervisor's address of it; NULL if there is none.  Unmap puts it.
 */
void *arch_evtchn_map_guest_page(struct domain *d, uint64_t gfn, struct page_info **pg);
void arch_evtchn_unmap_guest_page(struct page_info *pg);

#endif /* ASM_EVENT_H */
