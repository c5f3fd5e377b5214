/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Static event channels between dom0less domains, with Xen 4.17's binding
 * (its docs/misc/arm/device-tree/booting.txt, "Static Event Channel"):
 * under a xen,domain node, a sub-node with compatible = "xen,evtchn-v1"
 * and xen,evtchn = <local-port &other-end> names a port of that domain and
 * the node of the channel's other end; the two nodes name each other.
 * Both ports are connected before the domains start: the guests only send.
 * As in Xen, the end met first in device-tree order is allocated and the
 * other binds to it, which leaves the second end pending.
 *
 * Xen 4.17 panics on any mistake here.  Xenith refuses the domain whose
 * node is wrong, naming it and the node, and starts the others: a channel
 * to a domain that does not start is not made (with a warning).
 */
#include <libfdt.h>
#include <xenith/device_tree.h>
#include <xenith/dom0less.h>
#include <xenith/domain.h>
#include <xenith/errno.h>
#include <xenith/event.h>
#include <xenith/printk.h>
#include <xenith/xmalloc.h>

#define SEVTCHN_MSG_LEN     200

/* One xen,evtchn-v1 node. */
struct sevtchn {
    int node;
    unsigned int dom;           /* index in the domains' array */
    uint32_t port;
    uint32_t phandle;           /* of the other end, as the node says */
    int peer;                   /* index of the other end, -1: none */
    bool ok;
};

struct sevtchn_set {
    const struct dom0less_domain *doms;
    unsigned int nr_doms;
    struct sevtchn *ch;
    unsigned int nr;
    bool *refused;              /* per domain */
};

/* Say what is wrong with channel @c, naming its domain and node; refuse it. */
static void __printf(3, 4) sevtchn_error(struct sevtchn_set *s, struct sevtchn *c,
                                         const char *fmt, ...)
{
    const struct dom0less_domain *dom = &s->doms[c->dom];
    char msg[SEVTCHN_MSG_LEN];
    va_list args;

    va_start(args, fmt);
    vsnprintf(msg, sizeof(msg), fmt, args);
    va_end(args);
    printk(XENLOG_ERR "d%u: /chosen/%s/%s: static event channel: %s\n", dom->domid,
           dom->name, fdt_get_name(host_fdt, c->node, NULL), msg);
    c->ok = false;
    s->refused[c->dom] = true;
}

static bool is_sevtchn(int node)
{
    return dt_node_is_compatible(node, "xen,evtchn-v1");
}

/* Every xen,evtchn-v1 node of every domain, in device-tree order. */
static unsigned int sevtchn_collect(struct sevtchn_set *s, struct sevtchn *out)
{
    unsigned int n = 0;
    int node;

    for ( unsigned int d = 0; d < s->nr_doms; d++ )
        dt_for_each_child(node, s->doms[d].node)
            if ( is_sevtchn(node) )
            {
                if ( out )
                    out[n] = (struct sevtchn){ .node = node, .dom = d, .peer = -1,
                                               .ok = true };
                n++;
            }
    return n;
}

/* xen,evtchn = <port phandle>, the port a usable one. */
static void sevtchn_read(struct sevtchn_set *s, struct sevtchn *c)
{
    int len;
    const fdt32_t *val = fdt_getprop(host_fdt, c->node, "xen,evtchn", &len);

    if ( !val || len != 2 * sizeof(fdt32_t) )
    {
        sevtchn_error(s, c, "\"xen,evtchn\" must be <local-port &other-end> (2 cells)");
        return;
    }
    c->port = fdt32_to_cpu(val[0]);
    c->phandle = fdt32_to_cpu(val[1]);
    if ( c->port < 1 || c->port >= EVTCHN_MAX_PORTS )
        sevtchn_error(s, c, "port %u is out of range: ports are 1 to %u",
                      c->port, EVTCHN_MAX_PORTS - 1);
}

/* The channel whose node is @node, or -1. */
static int sevtchn_find(const struct sevtchn_set *s, int node)
{
    for ( unsigned int i = 0; i < s->nr; i++ )
        if ( s->ch[i].node == node )
            return (int)i;
    return -1;
}

/* Resolve the other end of @c: an existing channel node, not @c itself. */
static void sevtchn_link(struct sevtchn_set *s, struct sevtchn *c)
{
    int node = dt_find_phandle(c->phandle);

    if ( node < 0 )
    {
        sevtchn_error(s, c, "no node has phandle %#x (the other end)", c->phandle);
        return;
    }
    if ( node == c->node )
    {
        sevtchn_error(s, c, "the channel goes to itself: the other end must be "
                      "another xen,evtchn-v1 node");
        return;
    }
    c->peer = sevtchn_find(s, node);
    if ( c->peer < 0 )
        sevtchn_error(s, c, "the other end (phandle %#x, %s) is not a xen,evtchn-v1 "
                      "node of a dom0less domain", c->phandle,
                      fdt_get_name(host_fdt, node, NULL));
}

/* A port given twice in one domain: the later node is wrong. */
static void sevtchn_check_dups(struct sevtchn_set *s, struct sevtchn *c)
{
    for ( struct sevtchn *o = s->ch; o < c; o++ )
        if ( o->dom == c->dom && o->port == c->port )
        {
            sevtchn_error(s, c, "port %u is used twice (also by %s)", c->port,
                          fdt_get_name(host_fdt, o->node, NULL));
            return;
        }
}

/* The two ends must name each other. */
static void sevtchn_check_pair(struct sevtchn_set *s, struct sevtchn *c)
{
    const struct sevtchn *p = &s->ch[c->peer];

    if ( p->peer != c - s->ch )
        sevtchn_error(s, c, "the other end %s does not name this node back "
                      "(xen,evtchn phandle %#x)",
                      fdt_get_name(host_fdt, p->node, NULL), p->phandle);
}

static void sevtchn_validate(struct sevtchn_set *s)
{
    struct sevtchn *c;

    for ( c = s->ch; c < s->ch + s->nr; c++ )
        sevtchn_read(s, c);
    for ( c = s->ch; c < s->ch + s->nr; c++ )
        if ( c->ok )
            sevtchn_link(s, c);
    for ( c = s->ch; c < s->ch + s->nr; c++ )
        if ( c->ok )
            sevtchn_check_dups(s, c);
    for ( c = s->ch; c < s->ch + s->nr; c++ )
        if ( c->ok && c->peer >= 0 && s->ch[c->peer].peer >= 0 )
            sevtchn_check_pair(s, c);
}

/* Whether channel @c's domain and its other end's both start. */
static bool sevtchn_live(const struct sevtchn_set *s, const struct sevtchn *c,
                         struct domain **built)
{
    const struct sevtchn *p = &s->ch[c->peer];

    return c->ok && p->ok && built[c->dom] && built[p->dom];
}

/* Connect the ends of @c, met first of the two; @c is valid. */
static void sevtchn_bind(struct sevtchn_set *s, struct sevtchn *c, struct domain **built)
{
    const struct sevtchn *p = &s->ch[c->peer];
    const struct dom0less_domain *cd = &s->doms[c->dom], *pd = &s->doms[p->dom];
    int rc = evtchn_bind_static(built[c->dom], c->port, built[p->dom], p->port);

    if ( rc )
        sevtchn_error(s, c, "connecting port %u to d%u port %u failed (%d)",
                      c->port, pd->domid, p->port, rc);
    else
        printk("d%u: static event channel: port %u <-> d%u port %u\n",
               cd->domid, c->port, pd->domid, p->port);
}

/* A valid end in a starting domain whose other end is gone: say so. */
static void sevtchn_warn_orphan(const struct sevtchn_set *s, const struct sevtchn *c)
{
    const struct sevtchn *p = &s->ch[c->peer];
    const struct dom0less_domain *cd = &s->doms[c->dom], *pd = &s->doms[p->dom];

    printk(XENLOG_WARNING "d%u: /chosen/%s/%s: static event channel port %u not "
           "made: its other end is in d%u, which does not start\n", cd->domid,
           cd->name, fdt_get_name(host_fdt, c->node, NULL), c->port, pd->domid);
}

/* Domains refused for their channels are destroyed before they start. */
static void sevtchn_refuse(const struct sevtchn_set *s, struct domain **built)
{
    for ( unsigned int d = 0; d < s->nr_doms; d++ )
        if ( s->refused[d] && built[d] )
        {
            domain_destroy(built[d]);
            built[d] = NULL;
            printk(XENLOG_ERR "d%u: /chosen/%s not started: its static event channels "
                   "are wrong; the other domains start without it\n",
                   s->doms[d].domid, s->doms[d].name);
        }
}

void static_evtchn_setup(const struct dom0less_domain *doms, struct domain **built,
                         unsigned int nr_doms)
{
    struct sevtchn_set s = { .doms = doms, .nr_doms = nr_doms };

    s.nr = sevtchn_collect(&s, NULL);
    if ( !s.nr )
        return;
    s.ch = xzalloc_array(struct sevtchn, s.nr);
    s.refused = xzalloc_array(bool, nr_doms);
    if ( !s.ch || !s.refused )
        panic("No memory to read the %u static event channels of the device tree", s.nr);
    sevtchn_collect(&s, s.ch);
    sevtchn_validate(&s);
    /* Channels to refused domains are not made: refuse before binding. */
    sevtchn_refuse(&s, built);
    for ( struct sevtchn *c = s.ch; c < s.ch + s.nr; c++ )
    {
        if ( !c->ok || !built[c->dom] )
            continue;
        if ( !sevtchn_live(&s, c, built) )
            sevtchn_warn_orphan(&s, c);
        else if ( c->peer > c - s.ch )
            sevtchn_bind(&s, c, built);
    }
    /* A bind that failed refuses its domain too. */
    sevtchn_refuse(&s, built);
    xfree(s.refused);
    xfree(s.ch);
}
