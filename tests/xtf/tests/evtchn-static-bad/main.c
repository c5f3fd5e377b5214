/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * @file tests/evtchn-static-bad/main.c
 * Bad static event channels (xen,evtchn-v1 nodes) are refused one by one:
 * the hypervisor names the domain and the node of each mistake (port 0 or
 * out of range, a port used twice, a node naming itself, an unknown
 * phandle) and does not start that domain; the domains at the other ends
 * start without those channels, and the good channel between d1 and d3
 * is made.  The messages are checked by the expect file; d1 checks its
 * port 10 is connected to d3's.  The neighbours run this image too, with
 * no role: they only report, and stay.
 */
#include <xtf.h>
#include <public/event_channel.h>

const char test_title[] = "Bad static event channels are refused by domain";

#define PORT    10

void test_main(void)
{
    struct evtchn_status st = { .dom = DOMID_SELF, .port = PORT };
    char role[16];
    long rc;

    if ( xtf_cmdline_get("xtf.role", role, sizeof(role)) || strcmp(role, "good") )
    {
        /* Stay: a domain that goes closes its ports, d1's peer among them. */
        xtf_set_exit_reason(XTF_EXIT_WAIT);
        return xtf_success("a neighbour");
    }
    rc = xtf_hypercall(__HYPERVISOR_event_channel_op, EVTCHNOP_status,
                       (unsigned long)&st, 0, 0, 0);
    if ( rc )
        return xtf_failure("EVTCHNOP_status(%u): %ld", PORT, rc);
    if ( st.status != EVTCHNSTAT_interdomain || st.u.interdomain.dom != 3 ||
         st.u.interdomain.port != PORT )
        return xtf_failure("port %u: status %u, peer d%u port %u; expected interdomain "
                           "to d3 port %u", PORT, st.status, st.u.interdomain.dom,
                           st.u.interdomain.port, PORT);
    xtf_success(NULL);
}
