/* SPDX-License-Identifier: GPL-2.0-only */
/* The two domains of the event channel tests (evtchn_domains.h). */
#include <string.h>

#include "evtchn_domains.h"
#include "fakes.h"
#include "host.h"
#include <xenith/event.h>

struct domain d1, d2;
struct vcpu d1v0, d1v1, d2v0;
static struct vcpu *d1_vcpus[2] = { &d1v0, &d1v1 }, *d2_vcpus[1] = { &d2v0 };

void domain_for_each(void (*fn)(struct domain *d))
{
    fn(&d1);
    fn(&d2);
}

struct domain *get_domain_by_id(domid_t domid)
{
    if ( domid == d1.domain_id )
        return fake_domain_ref(&d1);
    return fake_domain_ref(domid == d2.domain_id ? &d2 : NULL);
}

static void make_domain(struct domain *d, domid_t id, struct vcpu **vcpus, unsigned int n)
{
    memset(d, 0, sizeof(*d));
    d->domain_id = id;
    d->max_vcpus = n;
    d->vcpu = vcpus;
    for ( unsigned int i = 0; i < n; i++ )
        *vcpus[i] = (struct vcpu){ .vcpu_id = i, .domain = d };
    assert_int_equal(evtchn_domain_init(d), 0);
}

void evtchn_domains_init(void)
{
    make_domain(&d1, 1, d1_vcpus, 2);
    make_domain(&d2, 2, d2_vcpus, 1);
    d2.is_privileged = true;
    this_cpu(curr_vcpu) = &d1v0;
}

void evtchn_domains_destroy(void)
{
    evtchn_domain_destroy(&d1);
    evtchn_domain_destroy(&d2);
    assert_int_equal(fake_live_allocs, 0);
    assert_int_equal(fake_domain_refs, 0);
}

int ev_bind_ipi(struct domain *d, uint32_t vcpu)
{
    struct evtchn_bind_ipi b = { .vcpu = vcpu };
    long rc = evtchn_op(d, EVTCHNOP_bind_ipi, &b);

    return rc ? rc : (int)b.port;
}

long ev_op_port(struct domain *d, unsigned int cmd, evtchn_port_t port)
{
    struct evtchn_send s = { .port = port };

    return evtchn_op(d, cmd, &s);
}
