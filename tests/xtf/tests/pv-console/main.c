/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * @file tests/pv-console/main.c
 * The PV console Xenith serves itself to a dom0less domU with xen,enhanced
 * and no dom0 (the guest side of Linux's hvc0): HVM_PARAM_CONSOLE_PFN is
 * libxl's frame (GUEST_MAGIC_BASE) and HVM_PARAM_CONSOLE_EVTCHN a port
 * connected to Xenith (interdomain, DOMID_XEN in EVTCHNOP_status).  Text
 * written to out[] and signalled with EVTCHNOP_send is consumed and
 * appears on the console as DOM1 lines (expect): a line, a line written in
 * two parts, 40 lines that wrap the 2048-byte ring, and after a corrupt
 * out_prod (refused with a message, the ring reset) one more line.  Input:
 * vCPU 1 waits for a line typed on the console after the result line
 * (Ctrl-A three times gives DOM1 the input: expect's keys), reads it from
 * in[], writes it back and powers the domain off: Xenith destroys it, its
 * console page included.
 * On Xen 4.17 xen,enhanced needs a dom0, whose xenconsoled serves the
 * console: Xenith only.
 */
#include <xtf.h>
#include <public/event_channel.h>
#include <public/hvm/hvm_op.h>
#include <public/hvm/params.h>
#include <public/io/console.h>

const char test_title[] = "The PV console Xenith serves (xen,enhanced, no dom0)";

#define MAGIC_PFN       0x39000UL       /* GUEST_MAGIC_BASE: libxl's console page */
#define WRAP_LINES      40
#define CONSUME_US      2000000
#define INPUT_US        25000000        /* the keys come after the result line */

static volatile struct xencons_interface *ring;
static evtchn_port_t port;

static long get_param(uint32_t index, uint64_t *value)
{
    struct xen_hvm_param p = { .domid = DOMID_SELF, .index = index };
    long rc = xtf_hypercall(__HYPERVISOR_hvm_op, HVMOP_get_param, (unsigned long)&p,
                            0, 0, 0);

    *value = p.value;
    return rc;
}

static long evtchn_op(unsigned int cmd, void *arg)
{
    return xtf_hypercall(__HYPERVISOR_event_channel_op, cmd, (unsigned long)arg, 0, 0, 0);
}

static long notify(void)
{
    struct evtchn_send send = { .port = port };

    return evtchn_op(EVTCHNOP_send, &send);
}

/* Write @len bytes to out[] as a frontend does, waiting for room. */
static bool ring_write(const char *s, size_t len)
{
    while ( len )
    {
        XENCONS_RING_IDX cons = ring->out_cons, prod = ring->out_prod;
        long rc;

        /* The backend's reads of the slots are done before they are reused. */
        __atomic_thread_fence(__ATOMIC_SEQ_CST);
        for ( ; len && prod - cons < sizeof(ring->out); len--, s++ )
            ring->out[MASK_XENCONS_IDX(prod++, ring->out)] = *s;
        __atomic_thread_fence(__ATOMIC_RELEASE);        /* the bytes first */
        ring->out_prod = prod;
        rc = notify();
        if ( rc )
            return xtf_failure("EVTCHNOP_send(%u): %ld", port, rc), false;
        if ( !xtf_wait_until(ring->out_cons == prod, CONSUME_US) )
            return xtf_failure("out_cons %#x, out_prod %#x: not consumed within %u ms",
                               ring->out_cons, prod, CONSUME_US / 1000), false;
    }
    return true;
}

static bool ring_puts(const char *s)
{
    return ring_write(s, strlen(s));
}

/* The parameters, the page, the port's state. */
static bool find_console(void)
{
    struct evtchn_status st = { .dom = DOMID_SELF };
    uint64_t pfn, evtchn;
    long rc;

    if ( (rc = get_param(HVM_PARAM_CONSOLE_PFN, &pfn)) ||
         (rc = get_param(HVM_PARAM_CONSOLE_EVTCHN, &evtchn)) )
        return xtf_failure("HVMOP_get_param: %ld", rc), false;
    printk("PV console: page %#lx, port %lu\n", pfn, evtchn);
    if ( pfn != MAGIC_PFN || !evtchn )
        return xtf_failure("CONSOLE_PFN %#lx, CONSOLE_EVTCHN %lu: expected %#lx and a port",
                           pfn, evtchn, MAGIC_PFN), false;
    port = (evtchn_port_t)evtchn;
    st.port = port;
    rc = evtchn_op(EVTCHNOP_status, &st);
    if ( rc || st.status != EVTCHNSTAT_interdomain || st.u.interdomain.dom != DOMID_XEN ||
         st.vcpu != 0 )
        return xtf_failure("EVTCHNOP_status(%u): %ld, status %u, dom %#x, vCPU %u; expected "
                           "interdomain to DOMID_XEN on vCPU 0", port, rc, st.status,
                           st.u.interdomain.dom, st.vcpu), false;
    if ( (rc = xtf_map(pfn << 12, 4096, XTF_MEM_NORMAL)) )
        return xtf_error("mapping the console page: %ld", rc), false;
    ring = (volatile struct xencons_interface *)(pfn << 12);
    if ( ring->out_prod || ring->out_cons || ring->in_prod || ring->in_cons )
        return xtf_failure("the ring starts with out %#x/%#x, in %#x/%#x, not empty",
                           ring->out_prod, ring->out_cons, ring->in_prod,
                           ring->in_cons), false;
    return true;
}

static bool write_lines(void)
{
    static char buf[WRAP_LINES * 66];
    size_t len = 0;

    if ( !ring_puts("pv-console: one line\n") || !ring_puts("pv-console: par") ||
         !ring_puts("tial line\n") )
        return false;
    /* 2600 bytes: more than the ring holds, so it fills and wraps. */
    for ( unsigned int i = 0; i < WRAP_LINES; i++ )
        len += snprintf(buf + len, sizeof(buf) - len, "pv-console: wrap %02u %s\n", i,
                        "wwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwww");
    return ring_write(buf, len);
}

/* out_prod far past out_cons: refused, the ring reset, later text heard. */
static bool corrupt_index(void)
{
    XENCONS_RING_IDX cons = ring->out_cons;
    long rc;

    for ( unsigned int i = 0; i < sizeof(ring->out); i++ )
        ring->out[i] = 'z';
    __atomic_thread_fence(__ATOMIC_RELEASE);
    ring->out_prod = cons + 2 * sizeof(ring->out);
    if ( (rc = notify()) )
        return xtf_failure("EVTCHNOP_send(%u): %ld", port, rc), false;
    if ( !xtf_wait_until(ring->out_cons == cons + 2 * sizeof(ring->out), CONSUME_US) )
        return xtf_failure("a corrupt out_prod: out_cons %#x, expected the ring reset to "
                           "%#x", ring->out_cons, ring->out_prod), false;
    return ring_puts("pv-console: after reset\n");
}

/* vCPU 1: a line typed on the console, read from in[], written back. */
static void reader(unsigned int cpu, void *arg)
{
    char line[64] = "pv-console: input: ";
    size_t len = strlen(line);

    while ( len < sizeof(line) - 2 )
    {
        XENCONS_RING_IDX cons = ring->in_cons;
        char c;

        if ( !xtf_wait_until(ring->in_prod != cons, INPUT_US) )
            return;                         /* expect says what is missing */
        __atomic_thread_fence(__ATOMIC_ACQUIRE);        /* the bytes after the index */
        c = ring->in[MASK_XENCONS_IDX(cons, ring->in)];
        __atomic_thread_fence(__ATOMIC_SEQ_CST);
        ring->in_cons = cons + 1;
        if ( c == '\r' || c == '\n' )
            break;
        line[len++] = c;
    }
    line[len++] = '\n';
    if ( ring_write(line, len) )
        hypercall_shutdown(SHUTDOWN_poweroff);     /* expect: nothing of it is left */
}

void test_main(void)
{
    long rc;

    if ( !find_console() || !write_lines() || !corrupt_index() )
        return;
    rc = xtf_cpu_on(1, reader, NULL);
    if ( rc )
        return xtf_error("CPU_ON of vCPU 1: %ld", rc);
    /* vCPU 1 goes on reading: the domain is not shut down. */
    xtf_set_exit_reason(XTF_EXIT_WAIT);
    xtf_success(NULL);
}
