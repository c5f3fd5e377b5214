/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The 2-level event ABI (Xen 4.17): port p is bit p of
 * shared_info.evtchn_pending and .evtchn_mask; bit p / 64 of a vCPU's
 * evtchn_pending_sel says that word may hold a pending unmasked port, and
 * evtchn_upcall_pending that the selector is worth reading.  The guest
 * clears pending bits, selector and upcall flag; the hypervisor only sets
 * them, so every access is atomic and needs no lock: the order below
 * (pending, then selector, then upcall flag) is what lets a guest that
 * clears them in the reverse order never lose an event.
 */
#include <xenith/event.h>
#include <xenith/guest_atomics.h>
#include <xenith/sched.h>

#define EVTCHN_WORD_BITS    (sizeof(xen_ulong_t) * 8)

/* On guest memory: the guest may hammer these words (xenith/guest_atomics.h). */
static bool bit_test_and_set(struct domain *d, xen_ulong_t *words, unsigned int bit)
{
    xen_ulong_t m = (xen_ulong_t)1 << (bit % EVTCHN_WORD_BITS);

    return guest_fetch_or_u64(d, &words[bit / EVTCHN_WORD_BITS], m) & m;
}

static bool bit_test_and_clear(struct domain *d, xen_ulong_t *words, unsigned int bit)
{
    xen_ulong_t m = (xen_ulong_t)1 << (bit % EVTCHN_WORD_BITS);

    return guest_fetch_and_u64(d, &words[bit / EVTCHN_WORD_BITS], ~m) & m;
}

static bool bit_test(const xen_ulong_t *words, unsigned int bit)
{
    xen_ulong_t m = (xen_ulong_t)1 << (bit % EVTCHN_WORD_BITS);

    return __atomic_load_n(&words[bit / EVTCHN_WORD_BITS], __ATOMIC_SEQ_CST) & m;
}

struct vcpu_info *evtchn_vcpu_info(struct vcpu *v)
{
    struct domain *d = v->domain;
    /* VCPUOP_register_vcpu_info moved it into guest memory (vcpu_op.c). */
    struct vcpu_info *registered = __atomic_load_n(&v->vcpu_info, __ATOMIC_ACQUIRE);

    if ( registered )
        return registered;
    if ( v->vcpu_id < XEN_LEGACY_MAX_VCPUS )
        return &d->shared_info->vcpu_info[v->vcpu_id];
    return &d->evtchn->spare_vcpu_info[v->vcpu_id];
}

/* Word @word of the pending array has news for @v: selector, then upcall. */
static void evtchn_2l_mark_word(struct vcpu *v, unsigned int word)
{
    if ( !bit_test_and_set(v->domain, &evtchn_vcpu_info(v)->evtchn_pending_sel, word) )
        evtchn_mark_vcpu_pending(v);
}

static void evtchn_2l_set_pending(struct vcpu *v, evtchn_port_t port)
{
    struct shared_info *s = v->domain->shared_info;

    /* Already pending: the guest has been told, or masked it. */
    if ( bit_test_and_set(v->domain, s->evtchn_pending, port) )
        return;
    if ( !bit_test(s->evtchn_mask, port) )
        evtchn_2l_mark_word(v, port / EVTCHN_WORD_BITS);
}

static void evtchn_2l_clear_pending(struct domain *d, evtchn_port_t port)
{
    bit_test_and_clear(d, d->shared_info->evtchn_pending, port);
}

/* An event that arrived while masked is delivered now, to the port's vCPU. */
static void evtchn_2l_unmask(struct domain *d, evtchn_port_t port)
{
    struct shared_info *s = d->shared_info;

    if ( bit_test_and_clear(d, s->evtchn_mask, port) && bit_test(s->evtchn_pending, port) )
        evtchn_2l_mark_word(d->vcpu[evtchn_from_port(d, port)->notify_vcpu],
                            port / EVTCHN_WORD_BITS);
}

static bool evtchn_2l_is_pending(const struct domain *d, evtchn_port_t port)
{
    return bit_test(d->shared_info->evtchn_pending, port);
}

static bool evtchn_2l_is_masked(const struct domain *d, evtchn_port_t port)
{
    return bit_test(d->shared_info->evtchn_mask, port);
}

const struct evtchn_port_ops evtchn_port_ops_2l = {
    .name = "2-level",
    .set_pending = evtchn_2l_set_pending,
    .clear_pending = evtchn_2l_clear_pending,
    .unmask = evtchn_2l_unmask,
    .is_pending = evtchn_2l_is_pending,
    .is_masked = evtchn_2l_is_masked,
};
