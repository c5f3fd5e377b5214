/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * @file tests/evtchn-fifo/main.c
 * Event delivery through the upcall PPI 31 of the vGIC, with both ABIs,
 * on two vCPUs.  The guest's handlers are Linux's algorithms: 2-level
 * (clear the upcall flag, take the selector, then pending & ~mask) and
 * FIFO (take the ready word, unlink each queue's head, highest priority
 * first, handle it if pending and unmasked).
 *
 * 2-level: shared_info mapped (vCPU 0's vcpu_info), vCPU 1's vcpu_info
 * registered by vCPU 1 itself; an IPI port raised twice upcalls twice; a masked port
 * pends silently until EVTCHNOP_unmask.
 *
 * FIFO: EVTCHNOP_init_control for both vCPUs (a second time -EINVAL),
 * expand_array (a frame without RAM -EINVAL); the port bound before the
 * switch, pending then, is delivered once its event-array page exists;
 * words the guest initialised MASKED pend silently until unmasked; ports
 * raised with IRQs masked come out by priority (set_priority 3 before 7
 * before 12; priority 16 -EINVAL); an IPI port to vCPU 1 and an
 * interdomain loopback port moved there with bind_vcpu upcall vCPU 1;
 * EVTCHNOP_reset goes back to 2-level (expand_array -EOPNOTSUPP) and
 * init_control works again.
 */
#include <xtf.h>
#include "../evtchn-common.h"

const char test_title[] = "Event upcalls on PPI 31: 2-level and FIFO, two vCPUs";

#define NR_PORTS        64
#define WORDS           1024

static uint8_t cb_page[2][4096] __attribute__((aligned(4096)));
static uint32_t array_page[WORDS] __attribute__((aligned(4096)));
static uint8_t vi_page[4096] __attribute__((aligned(4096)));

static volatile struct shared_info *shared;
static volatile bool fifo;
static volatile unsigned int got[2][NR_PORTS];      /* [vCPU][port] */
static volatile unsigned int order[16], nr_order;
static volatile unsigned int stray;
static volatile bool cpu1_ready, cpu1_stop;
static volatile int cpu1_rc;

static volatile struct vcpu_info *vcpu_info_of(unsigned int cpu)
{
    return cpu ? (volatile struct vcpu_info *)vi_page : &shared->vcpu_info[0];
}

static void handle_port(unsigned int cpu, evtchn_port_t port)
{
    if ( port >= NR_PORTS )
    {
        stray++;
        return;
    }
    got[cpu][port]++;
    if ( nr_order < 16 )
        order[nr_order++] = port;
}

/* Unlink the head of queue @q; the next port (0: the queue is empty). */
static evtchn_port_t fifo_take(unsigned int cpu, unsigned int q, evtchn_port_t *head)
{
    struct evtchn_fifo_control_block *cb = (void *)cb_page[cpu];
    evtchn_port_t port = *head ? *head : __atomic_load_n(&cb->head[q], __ATOMIC_SEQ_CST);
    uint32_t *w = &array_page[port % WORDS], old = __atomic_load_n(w, __ATOMIC_SEQ_CST);

    while ( !__atomic_compare_exchange_n(w, &old, old & ~((1U << EVTCHN_FIFO_LINKED) |
                                                          EVTCHN_FIFO_LINK_MASK),
                                         false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST) )
        ;
    *head = old & EVTCHN_FIFO_LINK_MASK;
    if ( (old & (1U << EVTCHN_FIFO_PENDING)) && !(old & (1U << EVTCHN_FIFO_MASKED)) )
    {
        __atomic_fetch_and(w, ~(1U << EVTCHN_FIFO_PENDING), __ATOMIC_SEQ_CST);
        handle_port(cpu, port);
    }
    return *head;
}

static void upcall_fifo(unsigned int cpu)
{
    struct evtchn_fifo_control_block *cb = (void *)cb_page[cpu];
    evtchn_port_t heads[EVTCHN_FIFO_MAX_QUEUES] = { 0 };
    uint32_t ready;

    vcpu_info_of(cpu)->evtchn_upcall_pending = 0;
    ready = __atomic_exchange_n(&cb->ready, 0, __ATOMIC_SEQ_CST);
    while ( ready )
    {
        unsigned int q = __builtin_ctz(ready);

        if ( !fifo_take(cpu, q, &heads[q]) )
            ready &= ~(1U << q);
        ready |= __atomic_exchange_n(&cb->ready, 0, __ATOMIC_SEQ_CST);
    }
}

static void irq_handler(unsigned int intid)
{
    unsigned int cpu = xtf_cpu_id();

    if ( intid != EV_PPI || cpu > 1 )
        stray++;
    else if ( fifo )
        upcall_fifo(cpu);
    else
        xtf_2l_upcall(shared, vcpu_info_of(cpu), cpu, handle_port);
}

static bool wait_got(unsigned int cpu, evtchn_port_t port, unsigned int n, const char *what)
{
    if ( xtf_wait_until(got[cpu][port] >= n, EV_WAIT_US) && got[cpu][port] == n )
        return true;
    xtf_failure("%s: port %u taken %u times on vCPU %u, expected %u", what, port,
                got[cpu][port], cpu, n);
    return false;
}

static void cpu1_main(unsigned int cpu, void *arg)
{
    cpu1_rc = ev_secondary_setup(1, vi_page);
    cpu1_ready = true;
    while ( !cpu1_stop )
        asm volatile ( "yield" ::: "memory" );
    xtf_irq_disable();
}

static bool setup(void)
{
    long rc;

    shared = ev_map_shared_info();
    if ( !shared )
        return false;
    if ( (rc = xtf_gic_init()) )
        return xtf_error("GIC: %ld", rc), false;
    xtf_gic_set_handler(irq_handler);
    xtf_gic_enable_ppi(EV_PPI, EV_PRIO);
    if ( (rc = xtf_cpu_on(1, cpu1_main, NULL)) )
        return xtf_error("CPU_ON(1): %ld", rc), false;
    if ( !xtf_wait_until(cpu1_ready || cpu1_rc, EV_WAIT_US) || cpu1_rc )
        return xtf_error("vCPU 1: GIC or vcpu_info (%d)", cpu1_rc), false;
    xtf_irq_enable();
    return true;
}

static void unmask_2l(evtchn_port_t port)
{
    __atomic_fetch_and(&shared->evtchn_mask[port / 64], ~(1UL << (port % 64)),
                       __ATOMIC_SEQ_CST);
}

/* Returns the IPI port bound before the switch, left pending. */
static long test_2l(void)
{
    long a = ev_bind_ipi(0), b = ev_bind_ipi(1);

    if ( a <= 0 || b <= 0 )
        return xtf_failure("bind_ipi: %ld %ld", a, b), -1;
    unmask_2l(a);
    unmask_2l(b);
    ev_expect("2L send", ev_port_op(EVTCHNOP_send, a), 0);
    wait_got(0, a, 1, "2-level IPI to vCPU 0");
    ev_expect("2L send", ev_port_op(EVTCHNOP_send, a), 0);
    wait_got(0, a, 2, "2-level IPI to vCPU 0, again");
    ev_expect("2L send to vCPU 1", ev_port_op(EVTCHNOP_send, b), 0);
    wait_got(1, b, 1, "2-level IPI to vCPU 1");

    /* Masked: pending, no upcall, until EVTCHNOP_unmask. */
    shared->evtchn_mask[0] |= 1UL << a;
    ev_expect("2L send masked", ev_port_op(EVTCHNOP_send, a), 0);
    if ( xtf_wait_until(got[0][a] != 2, 20000) || !(shared->evtchn_pending[0] & (1UL << a)) )
        xtf_failure("2-level: a masked port upcalled, or is not pending");
    ev_expect("2L unmask", ev_port_op(EVTCHNOP_unmask, a), 0);
    wait_got(0, a, 3, "2-level port after unmask");

    /* Left pending (masked) for the switch to FIFO. */
    shared->evtchn_mask[0] |= 1UL << a;
    ev_expect("2L send before the switch", ev_port_op(EVTCHNOP_send, a), 0);
    ev_expect("close", ev_port_op(EVTCHNOP_close, b), 0);
    return a;
}

static bool fifo_switch(evtchn_port_t before)
{
    uint64_t cb0 = (unsigned long)cb_page[0] >> 12, cb1 = (unsigned long)cb_page[1] >> 12;

    for ( unsigned int i = 0; i < WORDS; i++ )
        array_page[i] = 1U << EVTCHN_FIFO_MASKED;
    xtf_irq_disable();
    fifo = true;
    if ( !ev_expect("init_control(vCPU 0)", ev_init_control(cb0, 0, 0), 0) )
        return false;
    ev_expect("init_control(vCPU 0) again", ev_init_control(cb1, 0, 0), -XEN_EINVAL);
    ev_expect("init_control(vCPU 1)", ev_init_control(cb1, 0, 1), 0);
    ev_expect("expand_array on a frame without RAM", ev_expand_array(0x7ffff), -XEN_EINVAL);
    ev_expect("expand_array", ev_expand_array((unsigned long)array_page >> 12), 0);
    xtf_irq_enable();
    /* The port pending before the switch: on its word now, still masked. */
    if ( !xtf_wait_until(array_page[before] & (1U << EVTCHN_FIFO_PENDING), 20000) )
        xtf_failure("FIFO: the port pending before the switch is not pending");
    __atomic_fetch_and(&array_page[before], ~(1U << EVTCHN_FIFO_MASKED), __ATOMIC_SEQ_CST);
    ev_expect("FIFO unmask", ev_port_op(EVTCHNOP_unmask, before), 0);
    return wait_got(0, before, 4, "FIFO: the port bound before the switch");
}

static void fifo_priorities(evtchn_port_t a)
{
    long hi = ev_bind_ipi(0), lo = ev_bind_ipi(0);

    for ( long p = hi; p <= lo; p++ )
        __atomic_fetch_and(&array_page[p], ~(1U << EVTCHN_FIFO_MASKED), __ATOMIC_SEQ_CST);
    ev_expect("set_priority 3", ev_set_priority(hi, 3), 0);
    ev_expect("set_priority 12", ev_set_priority(lo, 12), 0);
    ev_expect("set_priority 16", ev_set_priority(lo, 16), -XEN_EINVAL);
    ev_expect("set_priority of a free port", ev_set_priority(60, 3), -XEN_EACCES);
    xtf_irq_disable();
    nr_order = 0;
    ev_port_op(EVTCHNOP_send, lo);
    ev_port_op(EVTCHNOP_send, a);
    ev_port_op(EVTCHNOP_send, hi);
    xtf_irq_enable();
    if ( !xtf_wait_until(nr_order == 3, EV_WAIT_US) || order[0] != hi || order[1] != a ||
         order[2] != lo )
        xtf_failure("FIFO priorities: %u events, order %u %u %u; expected %ld %u %ld",
                    nr_order, order[0], order[1], order[2], hi, a, lo);
}

static void fifo_vcpu1(void)
{
    long ipi = ev_bind_ipi(1), rp = ev_alloc_unbound(DOMID_SELF, DOMID_SELF), lp;

    lp = ev_bind_interdomain(DOMID_SELF, rp);
    if ( ipi <= 0 || rp <= 0 || lp <= 0 )
        return xtf_failure("FIFO binds: %ld %ld %ld", ipi, rp, lp);
    __atomic_fetch_and(&array_page[ipi], ~(1U << EVTCHN_FIFO_MASKED), __ATOMIC_SEQ_CST);
    __atomic_fetch_and(&array_page[rp], ~(1U << EVTCHN_FIFO_MASKED), __ATOMIC_SEQ_CST);
    __atomic_fetch_and(&array_page[lp], ~(1U << EVTCHN_FIFO_MASKED), __ATOMIC_SEQ_CST);
    /* The new local end starts pending (Xen's bind_interdomain): unmasking it delivers. */
    ev_expect("unmask", ev_port_op(EVTCHNOP_unmask, lp), 0);
    wait_got(0, lp, 1, "FIFO: a new interdomain port starts pending");
    ev_expect("FIFO IPI to vCPU 1", ev_port_op(EVTCHNOP_send, ipi), 0);
    wait_got(1, ipi, 1, "FIFO IPI to vCPU 1");
    ev_expect("bind_vcpu to vCPU 1", ev_bind_vcpu(lp, 1), 0);
    ev_expect("send to the moved port", ev_port_op(EVTCHNOP_send, rp), 0);
    wait_got(1, lp, 1, "FIFO: the port moved to vCPU 1");
    ev_expect("send back", ev_port_op(EVTCHNOP_send, lp), 0);
    wait_got(0, rp, 1, "FIFO: the other end on vCPU 0");
}

static void fifo_reset(void)
{
    struct evtchn_reset r = { .dom = DOMID_SELF };

    xtf_irq_disable();
    ev_expect("reset", ev_op(EVTCHNOP_reset, &r), 0);
    fifo = false;
    ev_expect("2-level again: expand_array", ev_expand_array((unsigned long)array_page >> 12),
              -XEN_EOPNOTSUPP);
    ev_expect("2-level again: set_priority", ev_set_priority(1, 3), -XEN_ENOSYS);
    ev_expect("init_control after reset", ev_init_control((unsigned long)cb_page[0] >> 12, 0, 0),
              0);
    xtf_irq_enable();
}

void test_main(void)
{
    long before;

    if ( !setup() )
        return;
    before = test_2l();
    if ( before > 0 && fifo_switch(before) )
    {
        fifo_priorities(before);
        fifo_vcpu1();
        fifo_reset();
    }
    cpu1_stop = true;
    if ( stray )
        xtf_failure("%u stray interrupts or ports", stray);
    xtf_success(NULL);
}
