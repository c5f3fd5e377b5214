/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests of event channels (common/event_channel.c) and the 2-level
 * ABI (common/event_2l.c): two fake domains, d1 with two vCPUs and d2
 * with one; upcalls (arch_evtchn_notify) are counted per vCPU; guest
 * memory for do_event_channel_op() is a buffer at a fake address.
 */
#include "evtchn_domains.h"
#include "fakes.h"
#include "host.h"
#include <pthread.h>
#include <stdlib.h>
#include <time.h>
#include <xenith/errno.h>
#include <xenith/event.h>
#include <xenith/guest_access.h>
#include <xenith/hypercall.h>
#include <xenith/keyhandler.h>
#include <xenith/param.h>
#include <xenith/page_alloc.h>
#include <xenith/sched.h>
#include <xenith/xmalloc.h>
#include <asm/event.h>

DEFINE_PER_CPU(unsigned int, cpu_id);
DEFINE_PER_CPU(struct vcpu *, curr_vcpu);

static unsigned int upcalls_d1v0, upcalls_d1v1, upcalls_d2v0;

void arch_evtchn_notify(struct vcpu *v)
{
    if ( v == &d1v0 )
        upcalls_d1v0++;
    else if ( v == &d1v1 )
        upcalls_d1v1++;
    else if ( v == &d2v0 )
        upcalls_d2v0++;
    else
        fail_msg("upcall for an unknown vCPU");
}

/* SCHEDOP_poll's hook (sched/core.c): the last port reported, how often. */
static struct domain *poll_checked_d;
static evtchn_port_t poll_checked_port;
static unsigned int poll_checks;

void sched_check_pollers(struct domain *d, evtchn_port_t port)
{
    poll_checked_d = d;
    poll_checked_port = port;
    poll_checks++;
}

/* The FIFO ABI has its own test (test_event_fifo.c): no guest pages here. */
void *arch_evtchn_map_guest_page(struct domain *d, uint64_t gfn, struct page_info **pg)
{
    return NULL;
}

void arch_evtchn_unmap_guest_page(struct page_info *pg)
{
    fail_msg("no guest page was mapped");
}

/* EVTCHNOP_reset stops when asked to, and continues with reset_cont. */
static bool preempt;
static uint64_t cont_args[HYPERCALL_MAX_ARGS];

bool hypercall_preempt_check(void)
{
    return preempt;
}

long hypercall_create_continuation(unsigned int nr_args,
                                   const uint64_t args[HYPERCALL_MAX_ARGS])
{
    assert_int_equal(nr_args, 2);
    memcpy(cont_args, args, sizeof(cont_args));
    return -ERESTART;
}

static int setup(void **state)
{
    fake_live_allocs = 0;
    evtchn_domains_init();
    upcalls_d1v0 = upcalls_d1v1 = upcalls_d2v0 = 0;
    preempt = false;
    return 0;
}

static int teardown(void **state)
{
    evtchn_domains_destroy();
    return 0;
}

/* ------------------------------------------------------------ helpers */

static int alloc_unbound(struct domain *cur, domid_t dom, domid_t remote)
{
    struct evtchn_alloc_unbound a = { .dom = dom, .remote_dom = remote };
    long rc = evtchn_op(cur, EVTCHNOP_alloc_unbound, &a);

    return rc ? rc : (int)a.port;
}

static int bind_interdomain(struct domain *cur, domid_t remote, evtchn_port_t rport)
{
    struct evtchn_bind_interdomain b = { .remote_dom = remote, .remote_port = rport };
    long rc = evtchn_op(cur, EVTCHNOP_bind_interdomain, &b);

    return rc ? rc : (int)b.local_port;
}

static int bind_virq(struct domain *cur, uint32_t virq, uint32_t vcpu)
{
    struct evtchn_bind_virq b = { .virq = virq, .vcpu = vcpu };
    long rc = evtchn_op(cur, EVTCHNOP_bind_virq, &b);

    return rc ? rc : (int)b.port;
}

static long status(struct domain *cur, domid_t dom, evtchn_port_t port,
                   struct evtchn_status *s)
{
    *s = (struct evtchn_status){ .dom = dom, .port = port };
    return evtchn_op(cur, EVTCHNOP_status, s);
}

static long bind_vcpu(struct domain *cur, evtchn_port_t port, uint32_t vcpu)
{
    struct evtchn_bind_vcpu b = { .port = port, .vcpu = vcpu };

    return evtchn_op(cur, EVTCHNOP_bind_vcpu, &b);
}

/* Let the guest of @d consume everything: clear pending, selectors, upcall. */
static void guest_ack_all(struct domain *d)
{
    memset(d->shared_info->evtchn_pending, 0, sizeof(d->shared_info->evtchn_pending));
    for ( unsigned int i = 0; i < d->max_vcpus; i++ )
    {
        struct vcpu_info *vi = evtchn_vcpu_info(d->vcpu[i]);

        vi->evtchn_pending_sel = 0;
        vi->evtchn_upcall_pending = 0;
    }
}

static void guest_mask(struct domain *d, evtchn_port_t port)
{
    d->shared_info->evtchn_mask[port / 64] |= 1UL << (port % 64);
}

/* -------------------------------------------------------------- tests */

static void test_unbound_then_bind(void **state)
{
    struct evtchn_status s;
    int p2 = alloc_unbound(&d2, DOMID_SELF, 1), p1;

    assert_int_equal(p2, 1);            /* port 0 is reserved */
    assert_int_equal(status(&d2, DOMID_SELF, p2, &s), 0);
    assert_int_equal(s.status, EVTCHNSTAT_unbound);
    assert_int_equal(s.u.unbound.dom, 1);
    assert_int_equal(status(&d2, DOMID_SELF, 0, &s), 0);
    assert_int_equal(s.status, EVTCHNSTAT_closed);

    p1 = bind_interdomain(&d1, 2, p2);
    assert_int_equal(p1, 1);
    assert_int_equal(status(&d1, DOMID_SELF, p1, &s), 0);
    assert_int_equal(s.status, EVTCHNSTAT_interdomain);
    assert_int_equal(s.u.interdomain.dom, 2);
    assert_int_equal(s.u.interdomain.port, p2);
    assert_int_equal(status(&d2, DOMID_SELF, p2, &s), 0);
    assert_int_equal(s.status, EVTCHNSTAT_interdomain);
    assert_int_equal(s.u.interdomain.dom, 1);
    assert_int_equal(s.u.interdomain.port, p1);
    /* As Xen, the binder's port starts pending (a send may have been lost). */
    assert_true(evtchn_port_is_pending(&d1, p1));
    assert_int_equal(upcalls_d1v0, 1);
    /* Only the named domain may bind, and only once. */
    assert_int_equal(bind_interdomain(&d1, 2, p2), -EINVAL);
    p2 = alloc_unbound(&d2, DOMID_SELF, 2);
    assert_int_equal(bind_interdomain(&d1, 2, p2), -EINVAL);
    assert_int_equal(bind_interdomain(&d2, DOMID_SELF, p2), 3);     /* loopback */
}

static void test_interdomain_send_close_rebind(void **state)
{
    int p2 = alloc_unbound(&d2, DOMID_SELF, 1);
    int p1 = bind_interdomain(&d1, 2, p2);
    struct evtchn_status s;

    guest_ack_all(&d1);
    assert_int_equal(ev_op_port(&d1, EVTCHNOP_send, p1), 0);
    assert_true(evtchn_port_is_pending(&d2, p2));
    assert_false(evtchn_port_is_pending(&d1, p1));
    assert_int_equal(upcalls_d2v0, 1);
    assert_int_equal(ev_op_port(&d2, EVTCHNOP_send, p2), 0);
    assert_true(evtchn_port_is_pending(&d1, p1));

    /* d1 closes: d2's end waits for d1 again; sends into it are dropped. */
    assert_int_equal(ev_op_port(&d1, EVTCHNOP_close, p1), 0);
    assert_false(evtchn_port_is_pending(&d1, p1));
    assert_int_equal(status(&d2, DOMID_SELF, p2, &s), 0);
    assert_int_equal(s.status, EVTCHNSTAT_unbound);
    assert_int_equal(s.u.unbound.dom, 1);
    assert_int_equal(status(&d1, DOMID_SELF, p1, &s), 0);
    assert_int_equal(s.status, EVTCHNSTAT_closed);
    assert_int_equal(ev_op_port(&d2, EVTCHNOP_send, p2), 0);
    assert_int_equal(ev_op_port(&d1, EVTCHNOP_send, p1), -EINVAL);
    assert_int_equal(ev_op_port(&d1, EVTCHNOP_close, p1), -EINVAL);

    /* Rebind: the freed port number is reused. */
    assert_int_equal(bind_interdomain(&d1, 2, p2), p1);
    guest_ack_all(&d2);
    assert_int_equal(ev_op_port(&d1, EVTCHNOP_send, p1), 0);
    assert_true(evtchn_port_is_pending(&d2, p2));
    assert_int_equal(upcalls_d2v0, 2);
}

static void *send_from_d2(void *port)
{
    return (void *)ev_op_port(&d2, EVTCHNOP_send, (evtchn_port_t)(uintptr_t)port);
}

/* Take @lock within a second (polling with trylock): true if it was had. */
static bool lock_within_a_second(spinlock_t *lock)
{
    const struct timespec ms = { .tv_nsec = 1000000 };

    for ( unsigned int i = 0; i < 1000; i++ )
    {
        if ( spin_trylock(lock) )
            return true;
        nanosleep(&ms, NULL);
    }
    return false;
}

/*
 * A send from d2 (the higher id) while d1's lock is busy: it may not wait
 * for d1's lock holding its own (d1's holder may want d2's next, as
 * lock_two() does), so it waits in lock order and raises d1's port once
 * d1's lock is free.
 */
static void test_interdomain_send_peer_busy(void **state)
{
    int p2 = alloc_unbound(&d2, DOMID_SELF, 1);
    int p1 = bind_interdomain(&d1, 2, p2);
    const struct timespec pause = { .tv_nsec = 50000000 };
    pthread_t sender;
    unsigned int upcalls;
    bool had_d2;
    void *rc;

    guest_ack_all(&d1);
    upcalls = upcalls_d1v0;
    spin_lock(&d1.evtchn->lock);
    assert_int_equal(pthread_create(&sender, NULL, send_from_d2, (void *)(uintptr_t)p2), 0);
    nanosleep(&pause, NULL);
    had_d2 = lock_within_a_second(&d2.evtchn->lock);
    if ( had_d2 )
        spin_unlock(&d2.evtchn->lock);
    assert_false(d1.shared_info->evtchn_pending[0] & (1UL << p1));
    spin_unlock(&d1.evtchn->lock);
    pthread_join(sender, &rc);
    assert_true(had_d2);
    assert_int_equal((long)rc, 0);
    assert_true(evtchn_port_is_pending(&d1, p1));
    assert_int_equal(upcalls_d1v0, upcalls + 1);
}

/*
 * Destruction closes a dying domain's ports (its peer sees unbound, it
 * gets no new port, lookups miss it) but keeps its port table for the ops
 * still holding it, until its last put (evtchn_domain_destroy()).
 */
static void test_dying_domain_closed(void **state)
{
    int p2 = alloc_unbound(&d2, DOMID_SELF, 1);
    int p1 = bind_interdomain(&d1, 2, p2);
    struct evtchn_status s;

    assert_true(p1 > 0);
    d1.is_dying = true;
    evtchn_domain_close(&d1);
    assert_non_null(d1.evtchn);
    assert_non_null(d1.shared_info);
    assert_int_equal(status(&d2, DOMID_SELF, p2, &s), 0);
    assert_int_equal(s.status, EVTCHNSTAT_unbound);
    assert_int_equal(status(&d1, DOMID_SELF, p1, &s), 0);
    assert_int_equal(s.status, EVTCHNSTAT_closed);
    assert_int_equal(ev_bind_ipi(&d1, 0), -EINVAL);
    assert_int_equal(alloc_unbound(&d2, 1, 2), -ESRCH);
}

static void test_destroy_disconnects_peer(void **state)
{
    int p2 = alloc_unbound(&d2, DOMID_SELF, 1);
    struct evtchn_status s;

    bind_interdomain(&d1, 2, p2);
    evtchn_domain_destroy(&d1);
    assert_null(d1.shared_info);
    assert_int_equal(status(&d2, DOMID_SELF, p2, &s), 0);
    assert_int_equal(s.status, EVTCHNSTAT_unbound);
    assert_int_equal(s.u.unbound.dom, 1);
    /* A domain whose ports are gone is not found. */
    assert_int_equal(alloc_unbound(&d2, 1, 2), -ESRCH);
}

static void test_virq(void **state)
{
    struct evtchn_status s;
    int g = bind_virq(&d1, VIRQ_CONSOLE, 0), t0, t1;

    assert_true(g > 0);
    assert_int_equal(bind_virq(&d1, VIRQ_CONSOLE, 0), -EEXIST);
    assert_int_equal(bind_virq(&d1, VIRQ_CONSOLE, 1), -EINVAL);     /* global */
    t0 = bind_virq(&d1, VIRQ_DEBUG, 0);
    t1 = bind_virq(&d1, VIRQ_DEBUG, 1);                             /* per vCPU */
    assert_true(t0 > 0 && t1 > 0 && t0 != t1);
    assert_int_equal(status(&d1, DOMID_SELF, t1, &s), 0);
    assert_int_equal(s.status, EVTCHNSTAT_virq);
    assert_int_equal(s.u.virq, VIRQ_DEBUG);
    assert_int_equal(s.vcpu, 1);

    send_guest_vcpu_virq(&d1v1, VIRQ_DEBUG);
    assert_true(evtchn_port_is_pending(&d1, t1));
    assert_false(evtchn_port_is_pending(&d1, t0));
    assert_int_equal(upcalls_d1v1, 1);
    send_guest_global_virq(&d1, VIRQ_CONSOLE);
    assert_true(evtchn_port_is_pending(&d1, g));
    assert_int_equal(upcalls_d1v0, 1);
    send_guest_global_virq(&d1, VIRQ_DOM_EXC);                      /* unbound */
    assert_int_equal(upcalls_d1v0, 1);

    /* A VIRQ port cannot be sent on; closed, it can be bound again. */
    assert_int_equal(ev_op_port(&d1, EVTCHNOP_send, g), -EINVAL);
    assert_int_equal(ev_op_port(&d1, EVTCHNOP_close, g), 0);
    assert_int_equal(bind_virq(&d1, VIRQ_CONSOLE, 0), g);
}

/* The level the upcall PPI follows: only a flag the guest can clear. */
static void test_upcall_pending(void **state)
{
    int p0 = ev_bind_ipi(&d1, 0), p1 = ev_bind_ipi(&d1, 1);

    assert_false(evtchn_upcall_pending(&d1v0));
    ev_op_port(&d1, EVTCHNOP_send, p0);
    assert_true(evtchn_upcall_pending(&d1v0));
    /* vCPU 1 registered no vcpu_info: its flag is Xenith's, never cleared. */
    ev_op_port(&d1, EVTCHNOP_send, p1);
    assert_int_equal(upcalls_d1v1, 1);
    assert_true(evtchn_vcpu_info(&d1v1)->evtchn_upcall_pending);
    assert_false(evtchn_upcall_pending(&d1v1));
    guest_ack_all(&d1);
    assert_false(evtchn_upcall_pending(&d1v0));
}

static void test_ipi_and_bind_vcpu(void **state)
{
    int ipi = ev_bind_ipi(&d1, 1), virq, ub;
    struct evtchn_status s;

    assert_true(ipi > 0);
    assert_int_equal(ev_op_port(&d1, EVTCHNOP_send, ipi), 0);
    assert_int_equal(upcalls_d1v1, 1);
    assert_int_equal(upcalls_d1v0, 0);
    assert_int_equal(status(&d1, DOMID_SELF, ipi, &s), 0);
    assert_int_equal(s.status, EVTCHNSTAT_ipi);
    assert_int_equal(s.vcpu, 1);

    /* IPI and per-vCPU VIRQ ports keep their vCPU. */
    assert_int_equal(bind_vcpu(&d1, ipi, 0), -EINVAL);
    virq = bind_virq(&d1, VIRQ_DEBUG, 0);
    assert_int_equal(bind_vcpu(&d1, virq, 1), -EINVAL);
    /* Global VIRQs, unbound and interdomain ports move. */
    virq = bind_virq(&d1, VIRQ_CONSOLE, 0);
    assert_int_equal(bind_vcpu(&d1, virq, 1), 0);
    send_guest_global_virq(&d1, VIRQ_CONSOLE);
    assert_int_equal(upcalls_d1v1, 1);  /* selector word already set */
    assert_true(evtchn_port_is_pending(&d1, virq));
    ub = alloc_unbound(&d1, DOMID_SELF, 2);
    assert_int_equal(bind_vcpu(&d1, ub, 1), 0);
    assert_int_equal(status(&d1, DOMID_SELF, ub, &s), 0);
    assert_int_equal(s.vcpu, 1);
    assert_int_equal(bind_vcpu(&d1, ub, 2), -ENOENT);
    assert_int_equal(bind_vcpu(&d1, EVTCHN_MAX_PORTS, 0), -EINVAL);
    assert_int_equal(bind_vcpu(&d1, 200, 0), -EINVAL);             /* free */
}

/*
 * 2-level: pending, then selector bit (port / 64), then upcall flag, and
 * an upcall only when the flag goes 0 -> 1; a masked port is pending but
 * raises nothing until unmasked.
 */
static void test_2l_mask_unmask(void **state)
{
    struct vcpu_info *vi = &d2.shared_info->vcpu_info[0];
    int ipi[70];

    for ( unsigned int i = 0; i < 70; i++ )
        ipi[i] = ev_bind_ipi(&d2, 0);
    assert_int_equal(ipi[69], 70);

    guest_mask(&d2, ipi[0]);
    assert_int_equal(ev_op_port(&d2, EVTCHNOP_send, ipi[0]), 0);
    assert_true(evtchn_port_is_pending(&d2, ipi[0]));
    assert_true(evtchn_port_is_masked(&d2, ipi[0]));
    assert_int_equal(vi->evtchn_pending_sel, 0);
    assert_int_equal(vi->evtchn_upcall_pending, 0);
    assert_int_equal(upcalls_d2v0, 0);

    /* Unmasking delivers what arrived while masked. */
    assert_int_equal(ev_op_port(&d2, EVTCHNOP_unmask, ipi[0]), 0);
    assert_false(evtchn_port_is_masked(&d2, ipi[0]));
    assert_int_equal(vi->evtchn_pending_sel, 1UL << 0);
    assert_int_equal(vi->evtchn_upcall_pending, 1);
    assert_int_equal(upcalls_d2v0, 1);

    /* Port 64 is in word 1: a new selector bit, but the flag is still set. */
    assert_int_equal(ev_op_port(&d2, EVTCHNOP_send, 64), 0);
    assert_int_equal(vi->evtchn_pending_sel, 3);
    assert_int_equal(upcalls_d2v0, 1);

    /* Once the guest has cleared everything, the next send upcalls again. */
    guest_ack_all(&d2);
    assert_int_equal(ev_op_port(&d2, EVTCHNOP_send, 5), 0);
    assert_int_equal(upcalls_d2v0, 2);
    /* Still pending: a second send changes nothing. */
    vi->evtchn_upcall_pending = 0;
    vi->evtchn_pending_sel = 0;
    assert_int_equal(ev_op_port(&d2, EVTCHNOP_send, 5), 0);
    assert_int_equal(vi->evtchn_pending_sel, 0);
    assert_int_equal(upcalls_d2v0, 2);

    /* Unmasking a port that is not pending, or not masked, raises nothing. */
    guest_ack_all(&d2);
    guest_mask(&d2, 7);
    assert_int_equal(ev_op_port(&d2, EVTCHNOP_unmask, 7), 0);
    assert_int_equal(ev_op_port(&d2, EVTCHNOP_unmask, 8), 0);
    assert_int_equal(vi->evtchn_upcall_pending, 0);
    assert_int_equal(upcalls_d2v0, 2);
}

/*
 * SCHEDOP_poll: a port raised, masked or not, is reported to the pollers;
 * evtchn_port_poll() tells pending, not pending and not in use apart.
 */
static void test_poll(void **state)
{
    int ipi = ev_bind_ipi(&d2, 0);

    poll_checks = 0;
    guest_mask(&d2, ipi);
    assert_int_equal(evtchn_port_poll(&d2, ipi), 0);
    assert_int_equal(ev_op_port(&d2, EVTCHNOP_send, ipi), 0);
    assert_int_equal(poll_checks, 1);
    assert_ptr_equal(poll_checked_d, &d2);
    assert_int_equal(poll_checked_port, ipi);
    assert_int_equal(evtchn_port_poll(&d2, ipi), 1);

    /* Port 0, a free port and one out of range are not in use. */
    assert_int_equal(evtchn_port_poll(&d2, 0), -EINVAL);
    assert_int_equal(evtchn_port_poll(&d2, ipi + 1), -EINVAL);
    assert_int_equal(evtchn_port_poll(&d2, 5000), -EINVAL);
    assert_int_equal(poll_checks, 1);
}

static void test_reset(void **state)
{
    int p2 = alloc_unbound(&d2, DOMID_SELF, 1);
    struct evtchn_reset r = { .dom = DOMID_SELF };
    struct evtchn_status s;

    bind_interdomain(&d1, 2, p2);
    ev_bind_ipi(&d1, 0);
    bind_virq(&d1, VIRQ_CONSOLE, 0);
    assert_int_equal(evtchn_op(&d1, EVTCHNOP_reset, &r), 0);
    for ( evtchn_port_t p = 1; p < 4; p++ )
    {
        assert_int_equal(status(&d1, DOMID_SELF, p, &s), 0);
        assert_int_equal(s.status, EVTCHNSTAT_closed);
    }
    assert_int_equal(status(&d2, DOMID_SELF, p2, &s), 0);
    assert_int_equal(s.status, EVTCHNSTAT_unbound);
    assert_int_equal(bind_virq(&d1, VIRQ_CONSOLE, 0), 1);
    r.dom = 2;
    assert_int_equal(evtchn_op(&d1, EVTCHNOP_reset, &r), -EPERM);
    r.dom = 9;
    assert_int_equal(evtchn_op(&d1, EVTCHNOP_reset, &r), -ESRCH);
}

static void test_bad_arguments(void **state)
{
    struct evtchn_status s;
    struct evtchn_init_control ic = { 0 };

    /* Domains: unknown -ESRCH, another without privilege -EPERM. */
    assert_int_equal(alloc_unbound(&d1, 9, 2), -ESRCH);
    assert_int_equal(alloc_unbound(&d1, 2, 1), -EPERM);
    assert_int_equal(status(&d1, 9, 1, &s), -ESRCH);
    assert_int_equal(status(&d1, 2, 1, &s), -EPERM);
    assert_int_equal(bind_interdomain(&d1, 9, 1), -ESRCH);
    d1.is_privileged = true;
    assert_int_equal(alloc_unbound(&d1, 2, 1), 1);
    assert_int_equal(status(&d1, 2, 1, &s), 0);
    assert_int_equal(s.status, EVTCHNSTAT_unbound);
    d1.is_privileged = false;

    /* Ports out of range -EINVAL; free or reserved ones -EINVAL where used. */
    assert_int_equal(bind_interdomain(&d1, 2, EVTCHN_MAX_PORTS), -EINVAL);
    assert_int_equal(bind_interdomain(&d1, 2, 5), -EINVAL);
    for ( unsigned int cmd = EVTCHNOP_close; cmd <= EVTCHNOP_send; cmd++ )
    {
        assert_int_equal(ev_op_port(&d1, cmd, EVTCHN_MAX_PORTS), -EINVAL);
        assert_int_equal(ev_op_port(&d1, cmd, 0), -EINVAL);
        assert_int_equal(ev_op_port(&d1, cmd, 5), -EINVAL);
    }
    assert_int_equal(ev_op_port(&d1, EVTCHNOP_unmask, EVTCHN_MAX_PORTS), -EINVAL);
    assert_int_equal(ev_op_port(&d1, EVTCHNOP_unmask, 5), 0);
    assert_int_equal(status(&d1, DOMID_SELF, EVTCHN_MAX_PORTS, &s), -EINVAL);
    assert_int_equal(status(&d1, DOMID_SELF, ~0U, &s), -EINVAL);

    /* VIRQs and vCPUs. */
    assert_int_equal(bind_virq(&d1, EVTCHN_NR_VIRQS, 0), -EINVAL);
    assert_int_equal(bind_virq(&d1, VIRQ_DEBUG, 2), -ENOENT);
    assert_int_equal(bind_virq(&d1, VIRQ_DEBUG, ~0U), -ENOENT);
    assert_int_equal(ev_bind_ipi(&d1, 2), -ENOENT);

    /* 2-level: no priorities, no event array; unknown commands. */
    assert_int_equal(evtchn_op(&d1, EVTCHNOP_set_priority, &ic), -ENOSYS);
    assert_int_equal(evtchn_op(&d1, EVTCHNOP_expand_array, &ic), -EOPNOTSUPP);
    assert_int_equal(evtchn_op(&d1, 15, &ic), -ENOSYS);
    assert_int_equal(evtchn_op(&d1, 99, &ic), -ENOSYS);
}

/*
 * As Xen, ports exist in groups of 64 as they are first used: beyond the
 * last group used, a port is out of range even below the maximum.
 */
static void test_port_groups(void **state)
{
    struct evtchn_status s;

    assert_int_equal(status(&d1, DOMID_SELF, 63, &s), 0);
    assert_int_equal(s.status, EVTCHNSTAT_closed);
    assert_int_equal(status(&d1, DOMID_SELF, 64, &s), -EINVAL);
    assert_int_equal(ev_op_port(&d1, EVTCHNOP_unmask, 64), -EINVAL);
    for ( unsigned int p = 1; p < 64; p++ )
        assert_int_equal(ev_bind_ipi(&d1, 0), (int)p);
    assert_int_equal(status(&d1, DOMID_SELF, 127, &s), -EINVAL);
    assert_int_equal(ev_bind_ipi(&d1, 0), 64);
    assert_int_equal(status(&d1, DOMID_SELF, 127, &s), 0);
    assert_int_equal(status(&d1, DOMID_SELF, 128, &s), -EINVAL);
    /* Closing all of them leaves the groups in range. */
    for ( unsigned int p = 1; p <= 64; p++ )
        assert_int_equal(ev_op_port(&d1, EVTCHNOP_close, p), 0);
    assert_int_equal(status(&d1, DOMID_SELF, 127, &s), 0);
    /* The permission is checked after the port, as Xen. */
    assert_int_equal(status(&d1, 2, 200, &s), -EINVAL);
    assert_int_equal(status(&d1, 2, 1, &s), -EPERM);
}

/* Xen 4.17 on Arm: -ENOMEM below 1024 (no PIRQ structure), -EINVAL above. */
static void test_pirq(void **state)
{
    struct evtchn_bind_pirq b = { .pirq = 5 };
    struct evtchn_status s;

    assert_int_equal(evtchn_op(&d1, EVTCHNOP_bind_pirq, &b), -ENOMEM);
    assert_int_equal(status(&d1, DOMID_SELF, 1, &s), 0);
    assert_int_equal(s.status, EVTCHNSTAT_closed);
    b.pirq = 1024;
    assert_int_equal(evtchn_op(&d1, EVTCHNOP_bind_pirq, &b), -EINVAL);
    for ( unsigned int p = 1; p < EVTCHN_MAX_PORTS; p++ )
        assert_int_equal(ev_bind_ipi(&d1, 0), (int)p);
    b.pirq = 5;
    assert_int_equal(evtchn_op(&d1, EVTCHNOP_bind_pirq, &b), -ENOSPC);
}

/*
 * XSM SILO (Xen 4.17 on Arm's default): two unprivileged domains cannot
 * connect by themselves; a privileged one may; a domain with itself may.
 * xsm=dummy lets them.
 */
static void test_silo(void **state)
{
    int p2 = alloc_unbound(&d2, DOMID_SELF, 1);

    d2.is_privileged = false;
    assert_int_equal(alloc_unbound(&d1, DOMID_SELF, 2), -EPERM);
    assert_int_equal(alloc_unbound(&d1, DOMID_SELF, 9), -ESRCH);
    assert_int_equal(alloc_unbound(&d1, DOMID_SELF, DOMID_SELF), 1);
    assert_int_equal(alloc_unbound(&d1, DOMID_SELF, 1), 2);
    /* The port checks come first, then SILO's. */
    assert_int_equal(bind_interdomain(&d1, 2, 50), -EINVAL);
    assert_int_equal(bind_interdomain(&d1, 2, p2), -EPERM);
    assert_int_equal(bind_interdomain(&d1, DOMID_SELF, 1), 3);
    d1.is_privileged = true;
    assert_int_equal(bind_interdomain(&d1, 2, p2), 4);
    d1.is_privileged = false;
    /* The hypervisor's own static channels are not checked. */
    assert_int_equal(evtchn_bind_static(&d1, 20, &d2, 20), 0);

    /* xsm=dummy, as on Xen: any remote domain, even one that is not there. */
    assert_int_equal(cmdline_parse("xsm=dummy"), 0);
    assert_int_equal(alloc_unbound(&d1, DOMID_SELF, 2), 5);
    assert_int_equal(alloc_unbound(&d1, DOMID_SELF, 9), 6);
    assert_int_equal(alloc_unbound(&d1, 2, 1), -EPERM);     /* not d1's port */
    assert_int_equal(bind_interdomain(&d2, 1, 5), 2);
    assert_int_equal(cmdline_parse("xsm=flask"), 1);        /* refused: SILO stays */
    assert_int_equal(cmdline_parse("xsm=silo"), 0);
    assert_int_equal(alloc_unbound(&d1, DOMID_SELF, 2), -EPERM);
}

/* A global VIRQ moved to vCPU 1 and closed can be bound again. */
static void test_virq_moved_then_closed(void **state)
{
    int g = bind_virq(&d1, VIRQ_DOM_EXC, 0);

    assert_int_equal(bind_vcpu(&d1, g, 1), 0);
    assert_int_equal(ev_op_port(&d1, EVTCHNOP_close, g), 0);
    send_guest_global_virq(&d1, VIRQ_DOM_EXC);
    assert_int_equal(upcalls_d1v0 + upcalls_d1v1, 0);
    assert_int_equal(bind_virq(&d1, VIRQ_DOM_EXC, 0), g);
}

/* The 'e' key: every port in use, per domain. */
static void test_dump_key(void **state)
{
    int p2 = alloc_unbound(&d2, DOMID_SELF, 1);

    bind_interdomain(&d1, 2, p2);
    bind_virq(&d1, VIRQ_DEBUG, 1);
    guest_mask(&d1, 2);
    host_log_clear();
    handle_keypress('e');
    assert_true(host_log_contains("'e' pressed -> dumping event-channel info"));
    assert_true(host_log_contains("Event channel information for domain 1:\n"
                                  "    2-level ABI, ports 0-63 valid\n"
                                  "       1 [1/0]: interdomain n=0 d=2 p=1\n"
                                  "       2 [0/1]: virq n=1 v=1\n"
                                  "Event channel information for domain 2:\n"));
    assert_true(host_log_contains("       1 [0/0]: interdomain n=0 d=1 p=1\n"));
}

/* Global VIRQs go to domain 0 (Xen's hardware domain), when there is one. */
static void test_global_virq_and_debug(void **state)
{
    int t0 = bind_virq(&d1, VIRQ_DEBUG, 0), t1 = bind_virq(&d1, VIRQ_DEBUG, 1);

    bind_virq(&d1, VIRQ_DOM_EXC, 0);
    send_global_virq(VIRQ_DOM_EXC);     /* d1 is not domain 0 */
    assert_int_equal(upcalls_d1v0, 0);
    d1.domain_id = 0;
    send_global_virq(VIRQ_DOM_EXC);
    d1.domain_id = 1;
    assert_int_equal(upcalls_d1v0, 1);

    guest_ack_all(&d1);
    host_log_clear();
    evtchn_send_debug_virqs(&d1);
    assert_true(evtchn_port_is_pending(&d1, t0));
    assert_true(evtchn_port_is_pending(&d1, t1));
    assert_int_equal(upcalls_d1v0, 2);
    assert_int_equal(upcalls_d1v1, 1);
    assert_true(host_log_contains("Notifying guest 1:1 (virq 1, port 2)"));
    /* Unbound on d2: nothing raised, port 0 named. */
    evtchn_send_debug_virqs(&d2);
    assert_true(host_log_contains("Notifying guest 2:0 (virq 1, port 0)"));
    assert_int_equal(upcalls_d2v0, 0);
}

/*
 * Reset: another domain only while paused (-EINVAL), _cont only to go on
 * with a reset under way (-EBUSY); it stops by groups of ports when the
 * pCPU has work, and leaves Xenith's own ports.
 */
static void test_reset_rules(void **state)
{
    struct evtchn_reset r = { .dom = 2 };
    struct evtchn_status s;
    int xp;

    d1.is_privileged = true;
    assert_int_equal(evtchn_op(&d1, EVTCHNOP_reset, &r), -EINVAL);
    d2.pause_count = 1;
    assert_int_equal(evtchn_op(&d1, EVTCHNOP_reset, &r), 0);
    d1.is_privileged = false;
    r.dom = DOMID_SELF;
    assert_int_equal(evtchn_op(&d1, EVTCHNOP_reset_cont, &r), -EBUSY);

    xp = evtchn_alloc_xen_port(&d1, 0, NULL);
    for ( unsigned int p = 2; p < 130; p++ )
        assert_int_equal(ev_bind_ipi(&d1, 0), (int)p);
    preempt = true;
    memcpy(fake_guest_mem, &r, sizeof(r));
    assert_int_equal(do_event_channel_op(EVTCHNOP_reset, GUEST_VA), -ERESTART);
    assert_int_equal(cont_args[0], EVTCHNOP_reset_cont);
    assert_int_equal(cont_args[1], GUEST_VA);
    assert_int_equal(status(&d1, DOMID_SELF, 63, &s), 0);
    assert_int_equal(s.status, EVTCHNSTAT_closed);
    assert_int_equal(status(&d1, DOMID_SELF, 64, &s), 0);
    assert_int_equal(s.status, EVTCHNSTAT_ipi);
    /* Meanwhile, another reset is refused. */
    assert_int_equal(evtchn_op(&d1, EVTCHNOP_reset, &r), -EBUSY);
    preempt = false;
    assert_int_equal(evtchn_op(&d1, EVTCHNOP_reset_cont, &r), 0);
    assert_int_equal(status(&d1, DOMID_SELF, 129, &s), 0);
    assert_int_equal(s.status, EVTCHNSTAT_closed);
    assert_int_equal(status(&d1, DOMID_SELF, xp, &s), 0);
    assert_int_equal(s.status, EVTCHNSTAT_interdomain);
    assert_int_equal(evtchn_op(&d1, EVTCHNOP_reset_cont, &r), -EBUSY);
}

static void test_no_free_port(void **state)
{
    for ( unsigned int p = 1; p < EVTCHN_MAX_PORTS; p++ )
        assert_int_equal(ev_bind_ipi(&d2, 0), (int)p);
    assert_int_equal(ev_bind_ipi(&d2, 0), -ENOSPC);
    assert_int_equal(alloc_unbound(&d2, DOMID_SELF, 1), -ENOSPC);
    assert_int_equal(bind_virq(&d2, VIRQ_CONSOLE, 0), -ENOSPC);
    assert_int_equal(bind_interdomain(&d2, 1, alloc_unbound(&d1, DOMID_SELF, 2)), -ENOSPC);
}

/* A port whose other end is Xenith: sends call back, Xenith raises it. */
static struct domain *xen_notified_d;
static evtchn_port_t xen_notified_port;
static unsigned int xen_notified;

static void xen_notify(struct domain *d, evtchn_port_t port)
{
    /* No evtchn lock held: the backend may raise the port at once. */
    evtchn_send_xen_port(d, port);
    xen_notified_d = d;
    xen_notified_port = port;
    xen_notified++;
}

static void test_xen_port(void **state)
{
    struct evtchn_status s;
    int p = evtchn_alloc_xen_port(&d1, 1, xen_notify);

    assert_int_equal(p, 1);
    assert_int_equal(evtchn_alloc_xen_port(&d1, 2, xen_notify), -ENOENT);
    assert_int_equal(status(&d1, DOMID_SELF, p, &s), 0);
    assert_int_equal(s.status, EVTCHNSTAT_interdomain);
    assert_int_equal(s.u.interdomain.dom, DOMID_XEN);
    assert_int_equal(s.vcpu, 1);

    assert_int_equal(ev_op_port(&d1, EVTCHNOP_send, p), 0);
    assert_int_equal(xen_notified, 1);
    assert_ptr_equal(xen_notified_d, &d1);
    assert_int_equal(xen_notified_port, p);
    assert_true(evtchn_port_is_pending(&d1, p));
    assert_int_equal(upcalls_d1v1, 1);

    /* The guest may move it, then close it: Xenith's raise does nothing. */
    guest_ack_all(&d1);
    assert_int_equal(bind_vcpu(&d1, p, 0), 0);
    evtchn_send_xen_port(&d1, p);
    assert_int_equal(upcalls_d1v0, 1);
    guest_ack_all(&d1);
    assert_int_equal(ev_op_port(&d1, EVTCHNOP_close, p), 0);
    evtchn_send_xen_port(&d1, p);
    evtchn_send_xen_port(&d1, EVTCHN_MAX_PORTS);
    assert_false(evtchn_port_is_pending(&d1, p));
    assert_int_equal(ev_op_port(&d1, EVTCHNOP_send, p), -EINVAL);
    assert_int_equal(xen_notified, 1);
    /* Reused as an IPI port, it is not Xenith's any more. */
    assert_int_equal(ev_bind_ipi(&d1, 0), p);
    evtchn_send_xen_port(&d1, p);
    assert_false(evtchn_port_is_pending(&d1, p));
}

/* The hypercall copies in, and copies results out only on success. */
static void test_hypercall_copies(void **state)
{
    struct evtchn_alloc_unbound a = { .dom = DOMID_SELF, .remote_dom = 2 };

    memcpy(fake_guest_mem, &a, sizeof(a));
    assert_int_equal(do_event_channel_op(EVTCHNOP_alloc_unbound, GUEST_VA), 0);
    memcpy(&a, fake_guest_mem, sizeof(a));
    assert_int_equal(a.port, 1);
    a = (struct evtchn_alloc_unbound){ .dom = 9, .remote_dom = 2, .port = 77 };
    memcpy(fake_guest_mem, &a, sizeof(a));
    assert_int_equal(do_event_channel_op(EVTCHNOP_alloc_unbound, GUEST_VA), -ESRCH);
    memcpy(&a, fake_guest_mem, sizeof(a));
    assert_int_equal(a.port, 77);
    assert_int_equal(do_event_channel_op(EVTCHNOP_send, GUEST_VA + GUEST_SIZE), -EFAULT);
    assert_int_equal(do_event_channel_op(EVTCHNOP_alloc_unbound, GUEST_VA + GUEST_SIZE - 4),
                     -EFAULT);
    assert_int_equal(do_event_channel_op(15, GUEST_VA), -ENOSYS);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_unbound_then_bind, setup, teardown),
        cmocka_unit_test_setup_teardown(test_interdomain_send_close_rebind, setup, teardown),
        cmocka_unit_test_setup_teardown(test_interdomain_send_peer_busy, setup, teardown),
        cmocka_unit_test_setup_teardown(test_destroy_disconnects_peer, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dying_domain_closed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_virq, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ipi_and_bind_vcpu, setup, teardown),
        cmocka_unit_test_setup_teardown(test_2l_mask_unmask, setup, teardown),
        cmocka_unit_test_setup_teardown(test_poll, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reset, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_arguments, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_free_port, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hypercall_copies, setup, teardown),
        cmocka_unit_test_setup_teardown(test_xen_port, setup, teardown),
        cmocka_unit_test_setup_teardown(test_port_groups, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pirq, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dump_key, setup, teardown),
        cmocka_unit_test_setup_teardown(test_upcall_pending, setup, teardown),
        cmocka_unit_test_setup_teardown(test_silo, setup, teardown),
        cmocka_unit_test_setup_teardown(test_virq_moved_then_closed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_global_virq_and_debug, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reset_rules, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
