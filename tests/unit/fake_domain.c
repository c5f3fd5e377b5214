/* SPDX-License-Identifier: GPL-2.0-only */
/* Domain references and pauses (common/domain.c), counted (fakes.h). */
#include "fakes.h"
#include "host.h"
#include <xenith/domain.h>
#include <xenith/sched.h>

int fake_domain_refs;

struct domain *fake_domain_ref(struct domain *d)
{
    if ( !d || d->is_dying )
        return NULL;
    fake_domain_refs++;
    return d;
}

bool get_domain(struct domain *d)
{
    return fake_domain_ref(d);
}

void get_knownalive_domain(struct domain *d)
{
    fake_domain_refs++;
}

void put_domain(struct domain *d)
{
    assert_true(fake_domain_refs-- > 0);
}

/* Guest atomics pause a domain whose guest keeps a word changing: balanced. */
void domain_pause_nosync(struct domain *d)
{
    d->pause_count++;
}

void domain_unpause(struct domain *d)
{
    assert_true(d->pause_count > 0);
    d->pause_count--;
}
