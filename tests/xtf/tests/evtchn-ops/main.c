/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * @file tests/evtchn-ops/main.c
 * Every generic EVTCHNOP as Xen 4.17 answers it, success paths and bad
 * arguments, on the 2-level ABI (d1 "main", two vCPUs; d2 "peer" is only
 * there as a foreign domain and checks that it exists by itself):
 *
 * - alloc_unbound/bind_interdomain in loopback on DOMID_SELF, send both
 *   ways, close (the other end waits again), rebind to the same port;
 * - foreign domains: unknown -ESRCH, another one without privilege
 *   -EPERM (for status only after the port is found in range);
 * - ports out of range -EINVAL: Xen has ports in groups of 64 as they are
 *   first used, so with few ports bound, 63 is closed and 64 is beyond;
 * - bind_virq (VIRQ >= 24 and a global VIRQ on vCPU 1 -EINVAL, a missing
 *   vCPU -ENOENT, twice -EEXIST), bind_ipi, bind_pirq (Xen on Arm: -ENOMEM
 *   below nr_pirqs 1024, as it has no PIRQ structures; -EINVAL above),
 *   bind_vcpu (global VIRQ, unbound and interdomain ports move; IPI and
 *   per-vCPU VIRQ ports -EINVAL), unmask, status of every kind;
 * - XSM SILO, Xen 4.17's default on Arm: no channel between two
 *   unprivileged domains (-EPERM), the remote domain must exist (-ESRCH);
 * - FIFO calls before init_control (set_priority -ENOSYS, expand_array
 *   -EOPNOTSUPP) and init_control's argument checks;
 * - reset (everything closed), reset_cont with no reset -EBUSY, bad
 *   pointers -EFAULT, unknown commands -ENOSYS.
 */
#include <xtf.h>
#include "../evtchn-common.h"

const char test_title[] = "event_channel_op: every generic command and its errors";

#define SELF        1       /* Xen numbers dom0less domUs from 1 */
#define PEER        2
#define NO_DOM      7
#define FAR_PORT    4096
#define EV_RESET_CONT   14  /* EVTCHNOP_reset_cont: Xen-internal, guests may call it */

static uint8_t page[4096] __attribute__((aligned(4096)));

/* Loopback: a port offered to ourselves, bound, used, closed, rebound. */
static void test_loopback(void)
{
    long p1 = ev_alloc_unbound(DOMID_SELF, DOMID_SELF), p2;

    if ( p1 <= 0 )
        return xtf_failure("alloc_unbound(SELF, SELF): %ld", p1);
    /* DOMID_SELF is stored as our own id. */
    ev_expect_status(p1, EVTCHNSTAT_unbound, 0, SELF, 0);
    p2 = ev_bind_interdomain(DOMID_SELF, p1);
    if ( p2 <= 0 )
        return xtf_failure("bind_interdomain(SELF, %ld): %ld", p1, p2);
    ev_expect_status(p1, EVTCHNSTAT_interdomain, 0, SELF, p2);
    ev_expect_status(p2, EVTCHNSTAT_interdomain, 0, SELF, p1);
    ev_expect("bind_interdomain to a bound port", ev_bind_interdomain(DOMID_SELF, p1),
              -XEN_EINVAL);
    ev_expect("send on the offered end", ev_port_op(EVTCHNOP_send, p1), 0);
    ev_expect("send on the bound end", ev_port_op(EVTCHNOP_send, p2), 0);

    ev_expect("close the bound end", ev_port_op(EVTCHNOP_close, p2), 0);
    ev_expect_status(p1, EVTCHNSTAT_unbound, 0, SELF, 0);
    ev_expect_status(p2, EVTCHNSTAT_closed, 0, 0, 0);
    ev_expect("send on an unbound port (dropped)", ev_port_op(EVTCHNOP_send, p1), 0);
    ev_expect("send on a closed port", ev_port_op(EVTCHNOP_send, p2), -XEN_EINVAL);
    ev_expect("close a closed port", ev_port_op(EVTCHNOP_close, p2), -XEN_EINVAL);
    ev_expect("rebind takes the lowest free port", ev_bind_interdomain(DOMID_SELF, p1), p2);
    ev_expect("close", ev_port_op(EVTCHNOP_close, p1), 0);
    ev_expect_status(p2, EVTCHNSTAT_unbound, 0, SELF, 0);
    ev_expect("close", ev_port_op(EVTCHNOP_close, p2), 0);

    /* A port offered by id to ourselves is the same as DOMID_SELF. */
    p1 = ev_alloc_unbound(SELF, SELF);
    ev_expect_status(p1, EVTCHNSTAT_unbound, 0, SELF, 0);
    ev_expect("bind_interdomain by own id", ev_bind_interdomain(SELF, p1), p1 + 1);
    ev_expect("reset", ev_op(EVTCHNOP_reset, &(struct evtchn_reset){ .dom = DOMID_SELF }), 0);
}

/*
 * Xen 4.17 on Arm runs XSM SILO: two unprivileged domains may not connect
 * by themselves, and the remote domain of an unbound port must exist.
 */
static void test_silo(void)
{
    ev_expect("alloc_unbound for d2", ev_alloc_unbound(DOMID_SELF, PEER), -XEN_EPERM);
    ev_expect("alloc_unbound for an unknown domain", ev_alloc_unbound(DOMID_SELF, NO_DOM),
              -XEN_ESRCH);
    /* d2's port 1 (offered to itself, or free yet): never ours to bind. */
    ev_expect("bind_interdomain to d2's port 1", ev_bind_interdomain(PEER, 1), -XEN_EINVAL);
}

static void test_domains_and_ranges(void)
{
    struct evtchn_status st;
    struct evtchn_reset r = { .dom = PEER };

    ev_expect("alloc_unbound in an unknown domain", ev_alloc_unbound(NO_DOM, SELF), -XEN_ESRCH);
    ev_expect("alloc_unbound in DOMID_XEN", ev_alloc_unbound(DOMID_XEN, SELF), -XEN_ESRCH);
    ev_expect("alloc_unbound in d2", ev_alloc_unbound(PEER, SELF), -XEN_EPERM);
    ev_expect("bind_interdomain to an unknown domain", ev_bind_interdomain(NO_DOM, 1),
              -XEN_ESRCH);
    ev_expect("status in an unknown domain", ev_status(NO_DOM, 1, &st), -XEN_ESRCH);
    ev_expect("status in d2", ev_status(PEER, 1, &st), -XEN_EPERM);
    ev_expect("status in d2 of a port out of range", ev_status(PEER, FAR_PORT, &st),
              -XEN_EINVAL);
    ev_expect("reset of d2", ev_op(EVTCHNOP_reset, &r), -XEN_EPERM);
    r.dom = NO_DOM;
    ev_expect("reset of an unknown domain", ev_op(EVTCHNOP_reset, &r), -XEN_ESRCH);

    ev_expect("status of port 0 (reserved)", ev_status(DOMID_SELF, 0, &st), 0);
    ev_expect("... closed", st.status, EVTCHNSTAT_closed);
    ev_expect("status of port 63", ev_status(DOMID_SELF, 63, &st), 0);
    ev_expect("status of port 64 (no port of its group used)", ev_status(DOMID_SELF, 64, &st),
              -XEN_EINVAL);
    ev_expect("status of a far port", ev_status(DOMID_SELF, FAR_PORT, &st), -XEN_EINVAL);
    ev_expect("status of port ~0", ev_status(DOMID_SELF, ~0U, &st), -XEN_EINVAL);
    for ( unsigned int cmd = EVTCHNOP_close; cmd <= EVTCHNOP_send; cmd++ )
    {
        ev_expect("close/send port 0", ev_port_op(cmd, 0), -XEN_EINVAL);
        ev_expect("close/send a free port", ev_port_op(cmd, 60), -XEN_EINVAL);
        ev_expect("close/send port 64", ev_port_op(cmd, 64), -XEN_EINVAL);
    }
    ev_expect("unmask a free port", ev_port_op(EVTCHNOP_unmask, 60), 0);
    ev_expect("unmask port 64", ev_port_op(EVTCHNOP_unmask, 64), -XEN_EINVAL);
    ev_expect("bind_interdomain to port 0", ev_bind_interdomain(DOMID_SELF, 0), -XEN_EINVAL);
    ev_expect("bind_interdomain to a far port", ev_bind_interdomain(DOMID_SELF, FAR_PORT),
              -XEN_EINVAL);
}

static void test_virq_ipi(void)
{
    long t0 = ev_bind_virq(VIRQ_TIMER, 0), d1 = ev_bind_virq(VIRQ_DEBUG, 1);
    long con = ev_bind_virq(VIRQ_CONSOLE, 0), ipi = ev_bind_ipi(1);

    if ( t0 <= 0 || d1 <= 0 || con <= 0 || ipi <= 0 )
        return xtf_failure("bind VIRQ_TIMER %ld, VIRQ_DEBUG on vCPU 1 %ld, VIRQ_CONSOLE %ld, "
                           "IPI to vCPU 1 %ld", t0, d1, con, ipi);
    ev_expect_status(t0, EVTCHNSTAT_virq, 0, VIRQ_TIMER, 0);
    ev_expect_status(d1, EVTCHNSTAT_virq, 1, VIRQ_DEBUG, 0);
    ev_expect_status(ipi, EVTCHNSTAT_ipi, 1, 0, 0);
    ev_expect("VIRQ_TIMER twice", ev_bind_virq(VIRQ_TIMER, 0), -XEN_EEXIST);
    ev_expect("VIRQ_TIMER on vCPU 1", ev_bind_virq(VIRQ_TIMER, 1) > 0, true);
    ev_expect("VIRQ_CONSOLE (global) on vCPU 1", ev_bind_virq(VIRQ_CONSOLE, 1), -XEN_EINVAL);
    ev_expect("VIRQ 24", ev_bind_virq(24, 0), -XEN_EINVAL);
    ev_expect("VIRQ ~0", ev_bind_virq(~0U, 0), -XEN_EINVAL);
    ev_expect("VIRQ_DEBUG on vCPU 2 of 2", ev_bind_virq(VIRQ_DEBUG, 2), -XEN_ENOENT);
    ev_expect("VIRQ_DEBUG on vCPU ~0", ev_bind_virq(VIRQ_DEBUG, ~0U), -XEN_ENOENT);
    ev_expect("IPI to vCPU 2 of 2", ev_bind_ipi(2), -XEN_ENOENT);
    ev_expect("send on a VIRQ port", ev_port_op(EVTCHNOP_send, t0), -XEN_EINVAL);
    ev_expect("send on an IPI port", ev_port_op(EVTCHNOP_send, ipi), 0);

    /* Which ports move: Xen's rules. */
    ev_expect("bind_vcpu of an IPI port", ev_bind_vcpu(ipi, 0), -XEN_EINVAL);
    ev_expect("bind_vcpu of a per-vCPU VIRQ", ev_bind_vcpu(d1, 0), -XEN_EINVAL);
    ev_expect("bind_vcpu of a global VIRQ", ev_bind_vcpu(con, 1), 0);
    ev_expect_status(con, EVTCHNSTAT_virq, 1, VIRQ_CONSOLE, 0);
    ev_expect("bind_vcpu to vCPU 2 of 2", ev_bind_vcpu(con, 2), -XEN_ENOENT);
    ev_expect("bind_vcpu of a far port to vCPU 2", ev_bind_vcpu(FAR_PORT, 2), -XEN_ENOENT);
    ev_expect("bind_vcpu of a far port", ev_bind_vcpu(FAR_PORT, 0), -XEN_EINVAL);
    ev_expect("bind_vcpu of a free port", ev_bind_vcpu(60, 0), -XEN_EINVAL);
    /* A global VIRQ moved, then closed, binds again. */
    ev_expect("close the moved VIRQ", ev_port_op(EVTCHNOP_close, con), 0);
    ev_expect("VIRQ_CONSOLE again", ev_bind_virq(VIRQ_CONSOLE, 0), con);
}

static void test_unbound_pirq_moves(void)
{
    struct evtchn_bind_pirq bp = { .pirq = 5 };
    long ub = ev_alloc_unbound(DOMID_SELF, DOMID_SELF), lb, rb;

    ev_expect("bind_vcpu of an unbound port", ev_bind_vcpu(ub, 1), 0);
    ev_expect_status(ub, EVTCHNSTAT_unbound, 1, SELF, 0);
    rb = ev_alloc_unbound(DOMID_SELF, DOMID_SELF);
    lb = ev_bind_interdomain(DOMID_SELF, rb);
    ev_expect("bind_vcpu of an interdomain port", ev_bind_vcpu(lb, 1), 0);
    ev_expect_status(lb, EVTCHNSTAT_interdomain, 1, SELF, rb);
    ev_expect_status(rb, EVTCHNSTAT_interdomain, 0, SELF, lb);

    /* Xen on Arm has no PIRQ structures: -ENOMEM below nr_pirqs (1024). */
    ev_expect("bind_pirq 5", ev_op(EVTCHNOP_bind_pirq, &bp), -XEN_ENOMEM);
    bp.pirq = 1023;
    ev_expect("bind_pirq 1023", ev_op(EVTCHNOP_bind_pirq, &bp), -XEN_ENOMEM);
    bp.pirq = 1024;
    ev_expect("bind_pirq 1024", ev_op(EVTCHNOP_bind_pirq, &bp), -XEN_EINVAL);
}

/* FIFO calls on a 2-level domain, and init_control's checks (no switch). */
static void test_fifo_before_init(void)
{
    uint64_t gfn = (unsigned long)page >> 12;

    ev_expect("set_priority in 2-level", ev_set_priority(1, 3), -XEN_ENOSYS);
    ev_expect("expand_array before init_control", ev_expand_array(gfn), -XEN_EOPNOTSUPP);
    ev_expect("init_control for vCPU 2 of 2", ev_init_control(gfn, 0, 2), -XEN_ENOENT);
    ev_expect("init_control at offset 4096 - 64", ev_init_control(gfn, 4096 - 64, 0),
              -XEN_EINVAL);
    ev_expect("init_control at offset 4", ev_init_control(gfn, 4, 0), -XEN_EINVAL);
    ev_expect("init_control on a frame without RAM", ev_init_control(0x7ffff, 0, 0),
              -XEN_EINVAL);
    ev_expect("still 2-level: expand_array", ev_expand_array(gfn), -XEN_EOPNOTSUPP);
}

static void test_reset_and_abi(void)
{
    struct evtchn_reset r = { .dom = DOMID_SELF };
    struct evtchn_status st;

    ev_expect("reset_cont with no reset under way", ev_op(EV_RESET_CONT, &r), -XEN_EBUSY);
    ev_expect("reset", ev_op(EVTCHNOP_reset, &r), 0);
    for ( evtchn_port_t p = 1; p < 64; p++ )
        if ( ev_status(DOMID_SELF, p, &st) || st.status != EVTCHNSTAT_closed )
            return xtf_failure("port %u not closed by reset (status %u)", p, st.status);
    ev_expect("reset with nothing bound", ev_op(EVTCHNOP_reset, &r), 0);
    ev_expect("VIRQ_TIMER after reset: port 1", ev_bind_virq(VIRQ_TIMER, 0), 1);

    ev_expect("status, bad pointer", ev_op(EVTCHNOP_status, (void *)EV_BAD_VA), -XEN_EFAULT);
    ev_expect("send, bad pointer", ev_op(EVTCHNOP_send, (void *)EV_BAD_VA), -XEN_EFAULT);
    ev_expect("command 15", ev_op(15, page), -XEN_ENOSYS);
    ev_expect("command ~0", ev_op(~0U, page), -XEN_ENOSYS);
}

void test_main(void)
{
    char role[16] = "";

    /*
     * Each domain is the other's foreign domain: both stay when done
     * (Xenith destroys a domain that powers off, Xen keeps it).
     */
    xtf_set_exit_reason(XTF_EXIT_WAIT);
    xtf_cmdline_get("xtf.role", role, sizeof(role));
    if ( !strcmp(role, "peer") )
    {
        /* d2 sees itself and d1. */
        ev_expect("peer: alloc_unbound for d1 (SILO)", ev_alloc_unbound(DOMID_SELF, SELF),
                  -XEN_EPERM);
        ev_expect("peer: alloc_unbound in itself by id", ev_alloc_unbound(PEER, PEER), 1);
        return xtf_success(NULL);
    }
    test_loopback();
    test_silo();
    test_domains_and_ranges();
    test_virq_ipi();
    test_unbound_pirq_moves();
    test_fifo_before_init();
    test_reset_and_abi();
    xtf_success(NULL);
}
