/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests of the FIFO event ABI (common/event_fifo.c) behind the event
 * channel core: d1 (two vCPUs) switches to FIFO, d2 (one vCPU) stays
 * 2-level.  Guest pages are test buffers at fake frame numbers, with
 * their references counted; the guest's consumer is simulated as Linux
 * does it (drivers/xen/events/events_fifo.c's algorithm): take the ready
 * word, then for each ready queue, highest priority first, unlink the
 * head word (clearing LINKED and LINK) and handle it if pending and
 * unmasked.
 */
#include "evtchn_domains.h"
#include "fakes.h"
#include "host.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <xenith/errno.h>
#include <xenith/event.h>
#include <xenith/guest_access.h>
#include <xenith/hypercall.h>
#include <xenith/page_alloc.h>
#include <xenith/sched.h>
#include <xenith/xmalloc.h>
#include <asm/event.h>

#define GFN_BASE        0x80000UL
#define NR_GUEST_PAGES  132
#define PENDING         (1U << EVTCHN_FIFO_PENDING)
#define MASKED          (1U << EVTCHN_FIFO_MASKED)
#define LINKED          (1U << EVTCHN_FIFO_LINKED)
#define BUSY            (1U << EVTCHN_FIFO_BUSY)

DEFINE_PER_CPU(unsigned int, cpu_id);
DEFINE_PER_CPU(struct vcpu *, curr_vcpu);

static unsigned int upcalls[2];

/* Guest RAM: page i is frame GFN_BASE + i; refs counts the references. */
static event_word_t (*guest_pages)[PAGE_SIZE / sizeof(event_word_t)];
static int refs[NR_GUEST_PAGES];

/* SCHEDOP_poll's hook: no vCPU polls here (test_event_channel.c checks it). */
void sched_check_pollers(struct domain *d, evtchn_port_t port)
{
}

void arch_evtchn_notify(struct vcpu *v)
{
    if ( v == &d1v0 || v == &d1v1 )
        upcalls[v->vcpu_id]++;
    else if ( v != &d2v0 )
        fail_msg("upcall for an unknown vCPU");
}

void *arch_evtchn_map_guest_page(struct domain *d, uint64_t gfn, struct page_info **pg)
{
    if ( d != &d1 || gfn < GFN_BASE || gfn >= GFN_BASE + NR_GUEST_PAGES )
        return NULL;
    refs[gfn - GFN_BASE]++;
    *pg = (struct page_info *)&refs[gfn - GFN_BASE];
    return guest_pages[gfn - GFN_BASE];
}

void arch_evtchn_unmap_guest_page(struct page_info *pg)
{
    int *ref = (int *)pg;

    assert_true(*ref > 0);
    (*ref)--;
}

bool hypercall_preempt_check(void)
{
    return false;
}

long hypercall_create_continuation(unsigned int nr_args,
                                   const uint64_t args[HYPERCALL_MAX_ARGS])
{
    fail_msg("no continuation expected");
    return -ERESTART;
}

int copy_from_guest(void *dst, uint64_t gva, size_t len)
{
    return -EFAULT;
}

int copy_to_guest(uint64_t gva, const void *src, size_t len)
{
    return -EFAULT;
}

static int setup(void **state)
{
    fake_live_allocs = 0;
    guest_pages = calloc(NR_GUEST_PAGES, PAGE_SIZE);
    memset(refs, 0, sizeof(refs));
    evtchn_domains_init();
    upcalls[0] = upcalls[1] = 0;
    host_log_clear();
    return 0;
}

static int teardown(void **state)
{
    evtchn_domains_destroy();
    /* Every guest page went back. */
    for ( unsigned int i = 0; i < NR_GUEST_PAGES; i++ )
        assert_int_equal(refs[i], 0);
    free(guest_pages);
    return 0;
}

/* ------------------------------------------------------------ helpers */

/* Control blocks: vCPU n's at offset 64 of page n. */
static struct evtchn_fifo_control_block *cb_of(unsigned int vcpu)
{
    return (struct evtchn_fifo_control_block *)((char *)guest_pages[vcpu] + 64);
}

static long init_control(struct domain *d, unsigned int vcpu, uint64_t gfn, uint32_t offset)
{
    struct evtchn_init_control ic = { .control_gfn = gfn, .offset = offset, .vcpu = vcpu };
    long rc = evtchn_op(d, EVTCHNOP_init_control, &ic);

    assert_int_equal(ic.link_bits, EVTCHN_FIFO_LINK_BITS);
    return rc;
}

/* Event-array pages are pages 8 onwards, each initialised MASKED by the guest. */
static long expand_array(struct domain *d, unsigned int page, bool masked)
{
    struct evtchn_expand_array ea = { .array_gfn = GFN_BASE + page };

    if ( page < NR_GUEST_PAGES )
        for ( unsigned int i = 0; i < PAGE_SIZE / sizeof(event_word_t); i++ )
            guest_pages[page][i] = masked ? MASKED : 0;
    return evtchn_op(d, EVTCHNOP_expand_array, &ea);
}

static event_word_t *word(evtchn_port_t port)
{
    return &guest_pages[8 + port / 1024][port % 1024];
}

/* d1 in FIFO with both control blocks and one event-array page, unmasked. */
static void d1_fifo(void)
{
    assert_int_equal(init_control(&d1, 0, GFN_BASE, 64), 0);
    assert_int_equal(init_control(&d1, 1, GFN_BASE + 1, 64), 0);
    assert_int_equal(expand_array(&d1, 8, false), 0);
}

static long set_priority(struct domain *d, evtchn_port_t port, uint32_t prio)
{
    struct evtchn_set_priority sp = { .port = port, .priority = prio };

    return evtchn_op(d, EVTCHNOP_set_priority, &sp);
}

/* Linux's consumer for @vcpu of d1: the ports handled, in order, in @out. */
static unsigned int guest_consume(unsigned int vcpu, evtchn_port_t *out, unsigned int max)
{
    struct evtchn_fifo_control_block *cb = cb_of(vcpu);
    uint32_t heads[EVTCHN_FIFO_MAX_QUEUES] = { 0 };
    uint32_t ready;
    unsigned int n = 0;

    evtchn_vcpu_info(d1.vcpu[vcpu])->evtchn_upcall_pending = 0;
    ready = __atomic_exchange_n(&cb->ready, 0, __ATOMIC_SEQ_CST);
    while ( ready )
    {
        unsigned int q = (unsigned int)__builtin_ctz(ready);
        evtchn_port_t port = heads[q] ? heads[q] : cb->head[q];
        event_word_t *w = word(port), old = *w;

        /* Unlink: clear LINKED and LINK, keep the next port. */
        while ( !__atomic_compare_exchange_n(w, &old, old & ~(LINKED | EVTCHN_FIFO_LINK_MASK),
                                             false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST) )
            ;
        heads[q] = old & EVTCHN_FIFO_LINK_MASK;
        if ( !heads[q] )
            ready &= ~(1U << q);
        if ( (old & PENDING) && !(old & MASKED) )
        {
            __atomic_fetch_and(w, ~PENDING, __ATOMIC_SEQ_CST);     /* ack */
            assert_true(n < max);
            out[n++] = port;
        }
        ready |= __atomic_exchange_n(&cb->ready, 0, __ATOMIC_SEQ_CST);
    }
    return n;
}

/* -------------------------------------------------------------- tests */

static void test_init_control_and_expand_errors(void **state)
{
    /* Before init_control: 2-level, no event array. */
    assert_int_equal(expand_array(&d1, 8, true), -EOPNOTSUPP);
    assert_int_equal(set_priority(&d1, 0, 1), -ENOSYS);
    assert_int_equal(init_control(&d1, 2, GFN_BASE, 0), -ENOENT);
    assert_int_equal(init_control(&d1, ~0U, GFN_BASE, 0), -ENOENT);
    assert_int_equal(init_control(&d1, 0, GFN_BASE, PAGE_SIZE - 72 + 8), -EINVAL);
    assert_int_equal(init_control(&d1, 0, GFN_BASE, 4), -EINVAL);
    assert_int_equal(init_control(&d1, 0, GFN_BASE - 1, 0), -EINVAL);     /* not RAM */
    /* Failed: still 2-level. */
    assert_int_equal(expand_array(&d1, 8, true), -EOPNOTSUPP);
    assert_ptr_equal(d1.evtchn->ops, &evtchn_port_ops_2l);

    assert_int_equal(init_control(&d1, 0, GFN_BASE, PAGE_SIZE - 72), 0);
    assert_int_equal(refs[0], 1);
    assert_int_equal(init_control(&d1, 0, GFN_BASE + 1, 0), -EINVAL);    /* twice */
    assert_int_equal(refs[1], 0);
    assert_int_equal(init_control(&d1, 1, GFN_BASE + 1, 0), 0);
    assert_int_equal(expand_array(&d1, NR_GUEST_PAGES, true), -EINVAL);
    /* Up to 128 pages (131072 ports), then -ENOSPC. */
    for ( unsigned int p = 0; p < 128; p++ )
        assert_int_equal(expand_array(&d1, 2 + p, true), 0);
    assert_int_equal(expand_array(&d1, 130, true), -ENOSPC);
    assert_int_equal(refs[130], 0);
    /* The 2-level domain is not affected. */
    assert_int_equal(expand_array(&d2, 8, true), -EOPNOTSUPP);
}

/* Three ports on one queue come out in the order they were raised. */
static void test_queue_order(void **state)
{
    evtchn_port_t got[8];
    int a, b, c;

    d1_fifo();
    a = ev_bind_ipi(&d1, 0);
    b = ev_bind_ipi(&d1, 0);
    c = ev_bind_ipi(&d1, 0);
    assert_int_equal(ev_op_port(&d1, EVTCHNOP_send, c), 0);
    assert_int_equal(ev_op_port(&d1, EVTCHNOP_send, a), 0);
    assert_int_equal(ev_op_port(&d1, EVTCHNOP_send, b), 0);
    assert_int_equal(upcalls[0], 1);            /* only the first made the queue ready */
    assert_int_equal(cb_of(0)->ready, 1U << EVTCHN_FIFO_PRIORITY_DEFAULT);
    assert_int_equal(cb_of(0)->head[EVTCHN_FIFO_PRIORITY_DEFAULT], c);
    assert_int_equal(*word(c), PENDING | LINKED | (event_word_t)a);
    assert_int_equal(*word(a), PENDING | LINKED | (event_word_t)b);
    assert_int_equal(*word(b), PENDING | LINKED);
    /* Raised again while queued: nothing changes. */
    assert_int_equal(ev_op_port(&d1, EVTCHNOP_send, a), 0);
    assert_int_equal(*word(a), PENDING | LINKED | (event_word_t)b);

    assert_int_equal(guest_consume(0, got, 8), 3);
    assert_int_equal(got[0], c);
    assert_int_equal(got[1], a);
    assert_int_equal(got[2], b);
    assert_true(evtchn_vcpu_info(&d1v0)->evtchn_upcall_pending == 0);
    /* The queue was emptied: the next event starts it again, with an upcall. */
    assert_int_equal(ev_op_port(&d1, EVTCHNOP_send, b), 0);
    assert_int_equal(upcalls[0], 2);
    assert_int_equal(cb_of(0)->head[EVTCHN_FIFO_PRIORITY_DEFAULT], b);
    assert_int_equal(guest_consume(0, got, 8), 1);
}

/* A tail the guest consumed meanwhile is not linked after: head is set. */
static void test_consumed_tail(void **state)
{
    evtchn_port_t got[4];
    int a = 0, b;

    d1_fifo();
    a = ev_bind_ipi(&d1, 0);
    b = ev_bind_ipi(&d1, 0);
    ev_op_port(&d1, EVTCHNOP_send, a);
    /* The guest unlinks a but has not yet looked at ready again. */
    __atomic_fetch_and(word(a), ~(LINKED | EVTCHN_FIFO_LINK_MASK | PENDING), __ATOMIC_SEQ_CST);
    ev_op_port(&d1, EVTCHNOP_send, b);
    assert_int_equal(*word(a), 0);
    assert_int_equal(cb_of(0)->head[EVTCHN_FIFO_PRIORITY_DEFAULT], b);
    cb_of(0)->ready = 0;
    evtchn_vcpu_info(&d1v0)->evtchn_upcall_pending = 0;
    ev_op_port(&d1, EVTCHNOP_send, a);             /* b is still linked: after it */
    assert_int_equal(*word(b), PENDING | LINKED | (event_word_t)a);
    assert_int_equal(cb_of(0)->ready, 0);
    cb_of(0)->ready = 1U << EVTCHN_FIFO_PRIORITY_DEFAULT;
    assert_int_equal(guest_consume(0, got, 4), 2);
    assert_int_equal(got[0], b);
    assert_int_equal(got[1], a);
}

/* Higher priorities (lower numbers) are consumed first. */
static void test_priorities(void **state)
{
    evtchn_port_t got[8];
    int lo, mid, hi;

    d1_fifo();
    lo = ev_bind_ipi(&d1, 0);
    mid = ev_bind_ipi(&d1, 0);
    hi = ev_bind_ipi(&d1, 0);
    assert_int_equal(set_priority(&d1, lo, EVTCHN_FIFO_PRIORITY_MIN), 0);
    assert_int_equal(set_priority(&d1, hi, EVTCHN_FIFO_PRIORITY_MAX), 0);
    assert_int_equal(set_priority(&d1, hi, EVTCHN_FIFO_PRIORITY_MIN + 1), -EINVAL);
    assert_int_equal(set_priority(&d1, 60, 3), -EACCES);           /* free */
    assert_int_equal(set_priority(&d1, 64, 3), -EINVAL);           /* out of range */
    ev_op_port(&d1, EVTCHNOP_send, lo);
    ev_op_port(&d1, EVTCHNOP_send, mid);
    ev_op_port(&d1, EVTCHNOP_send, hi);
    assert_int_equal(cb_of(0)->ready, (1U << 0) | (1U << 7) | (1U << 15));
    assert_int_equal(upcalls[0], 1);
    assert_int_equal(guest_consume(0, got, 8), 3);
    assert_int_equal(got[0], hi);
    assert_int_equal(got[1], mid);
    assert_int_equal(got[2], lo);
    /* Rebinding resets the priority to the default. */
    ev_op_port(&d1, EVTCHNOP_close, hi);
    assert_int_equal(ev_bind_ipi(&d1, 0), hi);
    ev_op_port(&d1, EVTCHNOP_send, hi);
    assert_int_equal(cb_of(0)->ready, 1U << EVTCHN_FIFO_PRIORITY_DEFAULT);
}

/* A masked port is pending but not queued until EVTCHNOP_unmask. */
static void test_mask_unmask(void **state)
{
    evtchn_port_t got[4];
    int p;

    d1_fifo();
    p = ev_bind_ipi(&d1, 1);
    *word(p) = MASKED;
    ev_op_port(&d1, EVTCHNOP_send, p);
    assert_int_equal(*word(p), MASKED | PENDING);
    assert_true(evtchn_port_is_pending(&d1, p));
    assert_true(evtchn_port_is_masked(&d1, p));
    assert_int_equal(upcalls[1], 0);
    assert_int_equal(ev_op_port(&d1, EVTCHNOP_unmask, p), 0);
    assert_int_equal(*word(p), PENDING | LINKED);
    assert_int_equal(upcalls[1], 1);
    assert_int_equal(guest_consume(1, got, 4), 1);
    assert_int_equal(got[0], p);
    /* Unmasking a port that is not pending queues nothing. */
    *word(p) = MASKED;
    assert_int_equal(ev_op_port(&d1, EVTCHNOP_unmask, p), 0);
    assert_int_equal(*word(p), 0);
    assert_int_equal(upcalls[1], 1);
}

/*
 * Ports bound before the switch keep working: one pending in 2-level, and
 * one raised while its event-array page was missing, are delivered when
 * the page comes.
 */
static void test_switch_keeps_ports(void **state)
{
    evtchn_port_t got[4];
    int before = ev_bind_ipi(&d1, 0), during;

    assert_int_equal(ev_op_port(&d1, EVTCHNOP_send, before), 0);
    assert_int_equal(upcalls[0], 1);
    evtchn_vcpu_info(&d1v0)->evtchn_upcall_pending = 0;
    assert_int_equal(init_control(&d1, 0, GFN_BASE, 64), 0);
    during = ev_bind_ipi(&d1, 0);
    assert_int_equal(ev_op_port(&d1, EVTCHNOP_send, during), 0);
    assert_false(evtchn_port_is_pending(&d1, during));      /* no word yet */
    assert_true(evtchn_port_is_masked(&d1, during));
    assert_int_equal(upcalls[0], 1);
    assert_int_equal(expand_array(&d1, 8, false), 0);
    assert_int_equal(upcalls[0], 2);
    assert_int_equal(guest_consume(0, got, 4), 2);
    assert_int_equal(got[0], before);
    assert_int_equal(got[1], during);
    /* And it keeps working. */
    ev_op_port(&d1, EVTCHNOP_send, before);
    assert_int_equal(guest_consume(0, got, 4), 1);
}

/* A port closed while still on a queue is not reused until consumed. */
static void test_busy_port_not_reused(void **state)
{
    evtchn_port_t got[4];
    int a;

    d1_fifo();
    a = ev_bind_ipi(&d1, 0);
    ev_op_port(&d1, EVTCHNOP_send, a);
    assert_int_equal(ev_op_port(&d1, EVTCHNOP_close, a), 0);
    assert_int_equal(*word(a), LINKED);     /* pending cleared, still linked */
    assert_int_equal(ev_bind_ipi(&d1, 0), a + 1);
    assert_int_equal(guest_consume(0, got, 4), 0);     /* skipped: not pending */
    assert_int_equal(ev_bind_ipi(&d1, 0), a);
}

/* EVTCHNOP_bind_vcpu moves a port's next event to the other vCPU's queue. */
static void test_bind_vcpu_and_interdomain(void **state)
{
    struct evtchn_alloc_unbound au = { .dom = DOMID_SELF, .remote_dom = 1 };
    struct evtchn_bind_interdomain bi = { .remote_dom = 2 };
    struct evtchn_bind_vcpu bv;
    evtchn_port_t got[4];

    d1_fifo();
    /* d2 (2-level) offers a port, d1 (FIFO) binds it: it starts pending. */
    assert_int_equal(evtchn_op(&d2, EVTCHNOP_alloc_unbound, &au), 0);
    bi.remote_port = au.port;
    assert_int_equal(evtchn_op(&d1, EVTCHNOP_bind_interdomain, &bi), 0);
    assert_int_equal(guest_consume(0, got, 4), 1);
    assert_int_equal(got[0], bi.local_port);
    bv = (struct evtchn_bind_vcpu){ .port = bi.local_port, .vcpu = 1 };
    assert_int_equal(evtchn_op(&d1, EVTCHNOP_bind_vcpu, &bv), 0);
    assert_int_equal(ev_op_port(&d2, EVTCHNOP_send, au.port), 0);
    assert_int_equal(upcalls[1], 1);
    assert_int_equal(cb_of(0)->ready, 0);
    assert_int_equal(guest_consume(1, got, 4), 1);
    assert_int_equal(got[0], bi.local_port);
    /* And back to 2-level d2. */
    assert_int_equal(ev_op_port(&d1, EVTCHNOP_send, bi.local_port), 0);
    assert_true(evtchn_port_is_pending(&d2, au.port));
}

/* A vCPU without a control block gets nothing (dropped, as Xen, warned). */
static void test_no_control_block(void **state)
{
    int p;

    assert_int_equal(init_control(&d1, 0, GFN_BASE, 64), 0);
    assert_int_equal(expand_array(&d1, 8, false), 0);
    p = ev_bind_ipi(&d1, 1);
    ev_op_port(&d1, EVTCHNOP_send, p);
    assert_int_equal(*word(p), 0);
    assert_int_equal(upcalls[1], 0);
    assert_true(host_log_contains("d1v1 has no FIFO event channel control block"));
    /* Said once: a guest cannot flood the console with it. */
    host_log_clear();
    ev_op_port(&d1, EVTCHNOP_send, p);
    assert_false(host_log_contains("control block"));
}

/* EVTCHNOP_reset goes back to 2-level and puts every guest page. */
static void test_reset_back_to_2l(void **state)
{
    struct evtchn_reset r = { .dom = DOMID_SELF };

    d1_fifo();
    ev_bind_ipi(&d1, 0);
    assert_int_equal(refs[0] + refs[1] + refs[8], 3);
    assert_int_equal(evtchn_op(&d1, EVTCHNOP_reset, &r), 0);
    assert_int_equal(refs[0] + refs[1] + refs[8], 0);
    assert_ptr_equal(d1.evtchn->ops, &evtchn_port_ops_2l);
    assert_int_equal(expand_array(&d1, 8, false), -EOPNOTSUPP);
    assert_int_equal(ev_bind_ipi(&d1, 0), 1);
    assert_int_equal(ev_op_port(&d1, EVTCHNOP_send, 1), 0);
    assert_true(evtchn_port_is_pending(&d1, 1));
    /* And FIFO again. */
    assert_int_equal(init_control(&d1, 0, GFN_BASE, 64), 0);
}

/*
 * The LINKED/BUSY protocol under a guest that keeps changing the tail's
 * word: a guest thread flips MASKED on the tail as fast as it can (setting
 * it any time, clearing it only while BUSY is clear, as the ABI allows)
 * while the hypervisor links a new port after that tail.  Every time, the
 * new port must end up linked after the tail, and BUSY clear.
 */
static volatile bool flipping;
static volatile unsigned long flips, busy_seen;

static void *guest_flipper(void *arg)
{
    event_word_t *w = arg;

    while ( flipping )
    {
        event_word_t old = __atomic_load_n(w, __ATOMIC_SEQ_CST), new;

        if ( old & MASKED )
        {
            if ( old & BUSY )
            {
                busy_seen++;
                continue;
            }
            new = old & ~MASKED;
        }
        else
            new = old | MASKED;
        if ( __atomic_compare_exchange_n(w, &old, new, false, __ATOMIC_SEQ_CST,
                                         __ATOMIC_SEQ_CST) )
            flips++;
    }
    return NULL;
}

static void test_link_against_guest(void **state)
{
    evtchn_port_t got[4];
    pthread_t guest;
    int tail, next;

    d1_fifo();
    tail = ev_bind_ipi(&d1, 0);
    next = ev_bind_ipi(&d1, 0);
    for ( unsigned int round = 0; round < 500; round++ )
    {
        /* tail alone on the queue, then the guest starts flipping it. */
        ev_op_port(&d1, EVTCHNOP_send, tail);
        assert_int_equal(*word(tail) & (LINKED | EVTCHN_FIFO_LINK_MASK), LINKED);
        flipping = true;
        flips = 0;
        assert_int_equal(pthread_create(&guest, NULL, guest_flipper, word(tail)), 0);
        while ( flips < 3 )
            ;
        ev_op_port(&d1, EVTCHNOP_send, next);
        flipping = false;
        pthread_join(guest, NULL);
        assert_int_equal(*word(tail) & (LINKED | BUSY | EVTCHN_FIFO_LINK_MASK),
                         LINKED | (event_word_t)next);
        /* Consume both (unmasked first, as a guest would before unmasking). */
        __atomic_fetch_and(word(tail), ~MASKED, __ATOMIC_SEQ_CST);
        assert_int_equal(guest_consume(0, got, 4), 2);
        assert_int_equal(got[0], tail);
        assert_int_equal(got[1], next);
    }
    assert_false(host_log_contains("not linked"));
    if ( getenv("UNIT_VERBOSE") )
        fprintf(stderr, "guest saw BUSY %lu times\n", busy_seen);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_init_control_and_expand_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_queue_order, setup, teardown),
        cmocka_unit_test_setup_teardown(test_consumed_tail, setup, teardown),
        cmocka_unit_test_setup_teardown(test_priorities, setup, teardown),
        cmocka_unit_test_setup_teardown(test_mask_unmask, setup, teardown),
        cmocka_unit_test_setup_teardown(test_switch_keeps_ports, setup, teardown),
        cmocka_unit_test_setup_teardown(test_busy_port_not_reused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bind_vcpu_and_interdomain, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_control_block, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reset_back_to_2l, setup, teardown),
        cmocka_unit_test_setup_teardown(test_link_against_guest, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
