/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The 'e' debug key: every domain's event channels, one line per port in
 * use, in the format of Xen's 'e' key (event_channel.c keeps the ports).
 */
#include <xenith/domain.h>
#include <xenith/event.h>
#include <xenith/keyhandler.h>
#include <xenith/printk.h>
#include <xenith/sched.h>

static const char *const state_names[] = {
    [ECS_FREE] = "free", [ECS_RESERVED] = "reserved", [ECS_UNBOUND] = "unbound",
    [ECS_INTERDOMAIN] = "interdomain", [ECS_VIRQ] = "virq", [ECS_IPI] = "ipi",
    [ECS_XEN] = "xenith",
};

/* One line per port in use: [pending/masked], state, vCPU, binding. */
static void evtchn_dump_domain(struct domain *d)
{
    struct evtchn_domain *e = d->evtchn;
    unsigned long flags;

    if ( !e )
        return;
    spin_lock_irqsave(&e->lock, flags);
    printk("Event channel information for domain %u:\n", d->domain_id);
    printk("    %s ABI, ports 0-%u valid\n", e->ops->name, e->nr_valid - 1);
    for ( evtchn_port_t p = 1; p < e->nr_valid; p++ )
    {
        const struct evtchn *chn = &e->ports[p];

        if ( chn->state == ECS_FREE )
            continue;
        printk("    %4u [%d/%d]: %s n=%u", p, e->ops->is_pending(d, p),
               e->ops->is_masked(d, p), state_names[chn->state], chn->notify_vcpu);
        if ( chn->state == ECS_UNBOUND )
            printk(" d=%u\n", chn->u.unbound_remote);
        else if ( chn->state == ECS_INTERDOMAIN )
            printk(" d=%u p=%u\n", chn->u.peer->domain_id, chn->peer_port);
        else if ( chn->state == ECS_VIRQ )
            printk(" v=%u\n", chn->u.virq);
        else
            printk("\n");
    }
    spin_unlock_irqrestore(&e->lock, flags);
}

static void evtchn_dump(char key)
{
    printk("'%c' pressed -> dumping event-channel info\n", key);
    domain_for_each(evtchn_dump_domain);
}
KEYHANDLER('e', evtchn_dump, "dump evtchn info");
