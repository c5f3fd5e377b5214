/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * @file tests/evtchn-pingpong/main.c
 * Two domains ping-pong over a static event channel (Xen 4.17's
 * xen,evtchn-v1 nodes; test.cfg: port 10 of d1 to port 10 of d2).  Both
 * check the channel's status, map shared_info and take the upcall on PPI
 * 31.  d2 (pong) clears what is pending on its end (the second end of a
 * static channel starts pending) and sends "ready" (idom_handshake); then
 * d1 (ping) sends ROUNDS events, each after the answer to the previous
 * one, and d2 answers each.  Every event must arrive exactly once, on the
 * right port.
 */
#include <xtf.h>
#include <xtf/interdom.h>

const char test_title[] = "Ping-pong between two domains over a static event channel";

#define PORT        10
#define ROUNDS      1000
#define WAIT_US     5000000

/* The port is interdomain, connected to the other domain's port 10. */
static bool check_status(domid_t peer)
{
    struct evtchn_status st = { .dom = DOMID_SELF, .port = PORT };
    long rc = hypercall_event_channel_op(EVTCHNOP_status, &st);

    if ( rc )
        return xtf_failure("EVTCHNOP_status(%u): %ld", PORT, rc), false;
    if ( st.status != EVTCHNSTAT_interdomain || st.u.interdomain.dom != peer ||
         st.u.interdomain.port != PORT || st.vcpu != 0 )
        return xtf_failure("port %u: status %u, peer d%u port %u, vCPU %u; expected "
                           "interdomain to d%u port %u on vCPU 0", PORT, st.status,
                           st.u.interdomain.dom, st.u.interdomain.port, st.vcpu,
                           peer, PORT), false;
    return true;
}

static bool send(const char *what, unsigned int i)
{
    long rc = idom_send(PORT);

    if ( rc )
        xtf_failure("EVTCHNOP_send(%u) for %s %u: %ld", PORT, what, i, rc);
    return !rc;
}

static bool wait_for(const char *what, unsigned int n)
{
    if ( idom_wait_events(PORT, n, WAIT_US) )
        return true;
    xtf_failure("%s %u: not received within %u ms (%u events so far)", what, n,
                WAIT_US / 1000, idom_events[PORT]);
    return false;
}

static void ping(void)
{
    uint64_t start = xtf_now_us();
    unsigned int i;

    for ( i = 1; i <= ROUNDS; i++ )
        if ( !send("ping", i) || !wait_for("pong", i) )
            return;
    printk("%u round trips in %lu ms\n", ROUNDS,
           (unsigned long)(xtf_now_us() - start) / 1000);
}

static void pong(void)
{
    unsigned int i;

    for ( i = 1; i <= ROUNDS; i++ )
        if ( !wait_for("ping", i) || !send("pong", i) )
            return;
    printk("answered %u pings\n", ROUNDS);
}

void test_main(void)
{
    char role[8];
    bool is_ping;

    if ( xtf_cmdline_get("xtf.role", role, sizeof(role)) )
        return xtf_error("no xtf.role on the command line");
    is_ping = !strcmp(role, "ping");
    if ( !check_status(is_ping ? 2 : 1) )
        return;
    if ( idom_init(is_ping ? 0 : PORT) || idom_handshake(PORT, !is_ping, WAIT_US) )
        return;
    if ( is_ping )
        ping();
    else
        pong();
    xtf_irq_disable();
    /* Nothing more may arrive: each event was sent once and taken once. */
    if ( idom_events[PORT] != ROUNDS )
        return xtf_failure("port %u saw %u events, expected %u", PORT, idom_events[PORT],
                           ROUNDS);
    for ( unsigned int p = 0; p < IDOM_PORTS; p++ )
        if ( p != PORT && idom_events[p] )
            return xtf_failure("port %u saw %u events", p, idom_events[p]);
    if ( idom_stray_irqs )
        return xtf_failure("%u interrupts other than the upcall and the timer",
                           idom_stray_irqs);
    xtf_success(NULL);
}
