/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * @file tests/sched-poll/main.c
 * SCHEDOP_poll (Xen 4.17's do_poll): the vCPU blocks until one of the
 * listed ports is pending or the timeout (absolute system time in ns, 0
 * for none) passes.
 *
 * The ports are IPI ports of vCPU 0, masked in shared_info: a send marks
 * them pending without an upcall, so only the poll's own wake-up can end
 * a poll on them (no interrupt reaches vCPU 0, whose IRQs stay masked).
 *
 * - Bad arguments: an unreadable sched_poll or port list -XEN_EFAULT, more
 *   than 128 ports -XEN_EINVAL (before the list is read), port 0, a free port
 *   or one out of range -XEN_EINVAL; a pending port listed before a bad one
 *   ends the poll with 0, after it -XEN_EINVAL.
 * - A pending port: 0 at once, with no timeout.
 * - Timeouts: one in the past returns at once; one 300 ms in the future
 *   returns no sooner.  The hypervisor's system time counts from its own
 *   boot, the guest's virtual counter from the domain's creation: the
 *   physical counter (CNTPCT_EL0, readable at EL1 on both) is ahead of
 *   system time by the hypervisor's boot, so "300 ms after it" is at
 *   least 300 ms away.
 * - Wake-ups by vCPU 1: polling one port, a send on another port leaves
 *   vCPU 0 asleep and a send on the polled one wakes it; polling two
 *   ports, a send on either wakes it.
 */
#include <xtf.h>
#include "../evtchn-common.h"

const char test_title[] = "SCHEDOP_poll: pending ports, timeouts, wake-up by another vCPU";

#define SEND_DELAY_US   200000      /* vCPU 1 waits this long before a send */
#define LONG_US         10000000    /* no poll here should last this long */
#define AT_ONCE_US      3000000     /* "at once", with room for a loaded host */

static volatile struct shared_info *shared;
static evtchn_port_t p_a, p_b;      /* IPI ports of vCPU 0 */

/* vCPU 1's script: on step n, wait, send first (if any), wait, send second. */
struct cpu1_step {
    evtchn_port_t first, second;
};
static struct cpu1_step steps[2];
static volatile unsigned int cpu1_go, cpu1_done;
static volatile uint64_t cpu1_sent_us;      /* when the waking send was made */
static volatile long cpu1_rc;

static long poll(const evtchn_port_t *ports, unsigned int nr, uint64_t timeout)
{
    struct sched_poll sp = { .nr_ports = nr, .timeout = timeout };

    sp.ports.q = (unsigned long)ports;
    return hypercall_sched_op(SCHEDOP_poll, &sp);
}

/* Nanoseconds on the physical counter: never behind system time. */
static uint64_t phys_now_ns(void)
{
    uint64_t freq = READ_SYSREG(cntfrq_el0), cnt;

    isb();
    cnt = READ_SYSREG(cntpct_el0);
    return (cnt / freq) * 1000000000ULL + (cnt % freq) * 1000000000ULL / freq;
}

static void port_mask(evtchn_port_t p)
{
    __atomic_fetch_or(&shared->evtchn_mask[p / 64], 1UL << (p % 64), __ATOMIC_SEQ_CST);
}

static void port_clear(evtchn_port_t p)
{
    __atomic_fetch_and(&shared->evtchn_pending[p / 64], ~(1UL << (p % 64)), __ATOMIC_SEQ_CST);
}

static bool port_pending(evtchn_port_t p)
{
    return __atomic_load_n(&shared->evtchn_pending[p / 64], __ATOMIC_SEQ_CST) & (1UL << (p % 64));
}

static void spin_us(uint64_t us)
{
    uint64_t end = xtf_now_us() + us;

    while ( xtf_now_us() < end )
        asm volatile ( "yield" ::: "memory" );
}

static void cpu1_main(unsigned int cpu, void *arg)
{
    for ( unsigned int n = 1; n <= ARRAY_SIZE(steps); n++ )
    {
        const struct cpu1_step *s = &steps[n - 1];

        while ( cpu1_go < n )
            asm volatile ( "yield" ::: "memory" );
        spin_us(SEND_DELAY_US);
        if ( s->first && (cpu1_rc = ev_port_op(EVTCHNOP_send, s->first)) )
            return;
        if ( s->first )
            spin_us(SEND_DELAY_US);
        cpu1_sent_us = xtf_now_us();
        if ( (cpu1_rc = ev_port_op(EVTCHNOP_send, s->second)) )
            return;
        cpu1_done = n;
    }
}

static void test_bad_arguments(void)
{
    evtchn_port_t list[2];

    ev_expect("poll(bad sched_poll)", hypercall_sched_op(SCHEDOP_poll, (void *)EV_BAD_VA), -XEN_EFAULT);
    ev_expect("poll(129 ports)", poll(&p_a, 129, 1), -XEN_EINVAL);
    ev_expect("poll(129 ports, bad list)", poll((void *)EV_BAD_VA, 129, 1), -XEN_EINVAL);
    ev_expect("poll(128 ports, bad list)", poll((void *)EV_BAD_VA, 128, 1), -XEN_EFAULT);
    list[0] = 0;
    ev_expect("poll(port 0)", poll(list, 1, 1), -XEN_EINVAL);
    list[0] = 60;
    ev_expect("poll(free port 60)", poll(list, 1, 1), -XEN_EINVAL);
    list[0] = 5000;
    ev_expect("poll(port 5000)", poll(list, 1, 1), -XEN_EINVAL);

    /* The ports are read in order: the first verdict counts. */
    ev_expect("send(a)", ev_port_op(EVTCHNOP_send, p_a), 0);
    list[0] = p_a;
    list[1] = 5000;
    ev_expect("poll(pending a, port 5000)", poll(list, 2, 0), 0);
    list[0] = 5000;
    list[1] = p_a;
    ev_expect("poll(port 5000, pending a)", poll(list, 2, 0), -XEN_EINVAL);
    port_clear(p_a);
}

static void test_pending_and_timeouts(void)
{
    uint64_t start, elapsed, deadline;

    /* Pending: at once, although no timeout would end it. */
    ev_expect("send(a)", ev_port_op(EVTCHNOP_send, p_a), 0);
    start = xtf_now_us();
    ev_expect("poll(pending a, no timeout)", poll(&p_a, 1, 0), 0);
    elapsed = xtf_now_us() - start;
    if ( elapsed > AT_ONCE_US )
        xtf_failure("poll of a pending port took %lu us", (unsigned long)elapsed);
    if ( !port_pending(p_a) )
        xtf_failure("poll cleared the pending port");
    port_clear(p_a);

    start = xtf_now_us();
    ev_expect("poll(a, timeout in the past)", poll(&p_a, 1, 1), 0);
    ev_expect("poll(no ports, timeout in the past)", poll(NULL, 0, 1), 0);
    elapsed = xtf_now_us() - start;
    if ( elapsed > AT_ONCE_US )
        xtf_failure("polls with a past timeout took %lu us", (unsigned long)elapsed);

    start = xtf_now_us();
    deadline = phys_now_ns() + 300000000ULL;
    ev_expect("poll(a, timeout in 300 ms)", poll(&p_a, 1, deadline), 0);
    elapsed = xtf_now_us() - start;
    printk("poll with a timeout 300 ms after the physical counter: %lu us\n",
           (unsigned long)elapsed);
    if ( elapsed < 299000 || elapsed > LONG_US )
        xtf_failure("poll with a timeout in 300 ms returned after %lu us",
                    (unsigned long)elapsed);
}

/* vCPU 1 runs step @n while vCPU 0 polls @nr of @ports. */
static void poll_woken_by_cpu1(unsigned int n, const evtchn_port_t *ports, unsigned int nr,
                               const char *what)
{
    uint64_t woken;
    long rc;

    cpu1_go = n;
    rc = poll(ports, nr, phys_now_ns() + LONG_US * 1000ULL);
    woken = xtf_now_us();
    if ( !xtf_wait_until(cpu1_done >= n || cpu1_rc, LONG_US) || cpu1_rc )
        return (void)xtf_error("%s: vCPU 1 did not send (%ld)", what, cpu1_rc);
    if ( rc )
        return (void)xtf_failure("%s: poll returned %ld", what, rc);
    if ( woken < cpu1_sent_us )
        xtf_failure("%s: woken %lu us before the send", what,
                    (unsigned long)(cpu1_sent_us - woken));
    else if ( woken - cpu1_sent_us > LONG_US / 2 )
        xtf_failure("%s: woken %lu us after the send", what,
                    (unsigned long)(woken - cpu1_sent_us));
}

static void test_wakeups(void)
{
    evtchn_port_t both[2] = { p_b, p_a };
    long rc;

    /* Step 1: b (not polled), then a (polled). */
    steps[0] = (struct cpu1_step){ .first = p_b, .second = p_a };
    /* Step 2: a while a and b are polled. */
    steps[1] = (struct cpu1_step){ .first = 0, .second = p_a };
    if ( (rc = xtf_cpu_on(1, cpu1_main, NULL)) )
        return (void)xtf_error("CPU_ON(1): %ld", rc);

    poll_woken_by_cpu1(1, &p_a, 1, "poll(a), b then a sent by vCPU 1");
    if ( !port_pending(p_b) || !port_pending(p_a) )
        xtf_failure("after step 1: b pending %d, a pending %d", port_pending(p_b),
                    port_pending(p_a));
    port_clear(p_a);
    port_clear(p_b);
    poll_woken_by_cpu1(2, both, 2, "poll(b, a), a sent by vCPU 1");
    port_clear(p_a);
}

void test_main(void)
{
    long rc;

    if ( !(shared = xtf_map_shared_info()) )
        return;
    if ( (rc = ev_bind_ipi(0)) < 0 )
        return xtf_error("bind_ipi(0): %ld", rc);
    p_a = rc;
    if ( (rc = ev_bind_ipi(0)) < 0 )
        return xtf_error("bind_ipi(0): %ld", rc);
    p_b = rc;
    port_mask(p_a);
    port_mask(p_b);

    test_bad_arguments();
    test_pending_and_timeouts();
    test_wakeups();
    xtf_success(NULL);
}
