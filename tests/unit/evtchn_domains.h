/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The two domains of the event channel tests (test_event_channel.c,
 * test_event_fifo.c; evtchn_domains.c): d1 with two vCPUs, d2 with one
 * and privileged (a toolstack's: XSM SILO lets d1 connect to it).
 * domain_for_each() walks them, get_domain_by_id() finds them by id
 * (references counted by fake_domain.c).
 */
#ifndef TESTS_UNIT_EVTCHN_DOMAINS_H
#define TESTS_UNIT_EVTCHN_DOMAINS_H

#include <xenith/sched.h>

extern struct domain d1, d2;
extern struct vcpu d1v0, d1v1, d2v0;

/* d1 (id 1) and d2 (id 2) made afresh, event channels set up, d1v0 current. */
void evtchn_domains_init(void);
/* Both destroyed: every allocation freed, every domain reference put. */
void evtchn_domains_destroy(void);

/* EVTCHNOP_bind_ipi by @d for @vcpu: the port or -errno. */
int ev_bind_ipi(struct domain *d, uint32_t vcpu);
/* An op of @d that takes just { port } (close, send, unmask...). */
long ev_op_port(struct domain *d, unsigned int cmd, evtchn_port_t port);

#endif /* TESTS_UNIT_EVTCHN_DOMAINS_H */
