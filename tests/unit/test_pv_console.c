/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests of the PV console Xenith serves (common/pv_console.c) and of
 * the console lines it shares with the vPL011 (common/console_line.c):
 * two fake domains whose ring pages are host pages (a two-entry frame
 * table over them), a fake stage 2 and event channels that record what
 * they are asked.  The tests play the guest on the ring.
 */
#include <stdlib.h>
#include <string.h>

#include "fakes.h"
#include "host.h"
#include <xenith/errno.h>
#include <xenith/event.h>
#include <xenith/mm.h>
#include <xenith/pv_console.h>
#include <xenith/sched.h>
#include <xenith/xmalloc.h>

#define PORT        5
#define OUT_SIZE    2048
#define IN_SIZE     1024

static struct domain doms[2];
static struct page_info pages[2];
static void *ram;                       /* 2 host pages: each domain's ring */
static bool populated[2];
static int refs[2];
static int populate_rc, alloc_port_rc;
static evtchn_xen_notify_t notify_fn;
static unsigned int sends, releases;
static unsigned int focused_domid = DOMID_XEN;

struct page_info *frame_table;
unsigned long frame_table_base_mfn, frame_table_nr;

/* ---------------------------------------------------------------- fakes */

int p2m_populate_ram(struct domain *d, gfn_t gfn, unsigned long nr)
{
    assert_int_equal(gfn_x(gfn), 0x39000);     /* GUEST_MAGIC_BASE: libxl's console page */
    assert_int_equal(nr, 1);
    if ( populate_rc )
        return populate_rc;
    populated[d - doms] = true;
    refs[d - doms] = 1;                         /* the allocation's */
    memset((char *)ram + (d - doms) * PAGE_SIZE, 0, PAGE_SIZE);
    return 0;
}

struct page_info *get_page_from_gfn(struct domain *d, gfn_t gfn, bool writable)
{
    assert_true(writable);
    if ( gfn_x(gfn) != 0x39000 || !populated[d - doms] )
        return NULL;
    refs[d - doms]++;
    return &pages[d - doms];
}

void put_page(struct page_info *pg)
{
    assert_true(refs[pg - pages] > 0);
    refs[pg - pages]--;
}

int evtchn_alloc_xen_port(struct domain *d, unsigned int vcpu_id, evtchn_xen_notify_t notify)
{
    assert_int_equal(vcpu_id, 0);
    if ( alloc_port_rc )
        return alloc_port_rc;
    notify_fn = notify;
    return PORT;
}

void evtchn_send_xen_port(struct domain *d, evtchn_port_t port)
{
    assert_int_equal(port, PORT);
    sends++;
}

bool guest_console_focused(unsigned int domid)
{
    return domid == focused_domid;
}

void guest_console_release(unsigned int domid)
{
    releases++;
    if ( focused_domid == domid )
        focused_domid = DOMID_XEN;
}

/* ---------------------------------------------------------------- the guest */

static struct xencons_interface *ring_of(unsigned int i)
{
    return (struct xencons_interface *)((char *)ram + i * PAGE_SIZE);
}

/* Write @s into d1's out[] as a guest does, and send on the port. */
static void guest_write(const char *s)
{
    struct xencons_interface *r = ring_of(0);

    for ( ; *s; s++ )
    {
        assert_true(r->out_prod - r->out_cons < OUT_SIZE);
        r->out[MASK_XENCONS_IDX(r->out_prod, r->out)] = *s;
        r->out_prod++;
    }
    notify_fn(&doms[0], PORT);
}

static int setup(void **state)
{
    ram = aligned_alloc(PAGE_SIZE, 2 * PAGE_SIZE);
    frame_table = pages;
    frame_table_base_mfn = (uintptr_t)ram >> PAGE_SHIFT;
    frame_table_nr = 2;
    memset(doms, 0, sizeof(doms));
    doms[0].domain_id = 1;
    doms[1].domain_id = 3;
    memset(populated, 0, sizeof(populated));
    memset(refs, 0, sizeof(refs));
    populate_rc = alloc_port_rc = 0;
    sends = releases = 0;
    focused_domid = DOMID_XEN;
    host_log_clear();
    assert_int_equal(pv_console_init(&doms[0], true), 0);
    return 0;
}

static int teardown(void **state)
{
    pv_console_destroy(&doms[0]);
    pv_console_destroy(&doms[1]);
    assert_int_equal(fake_live_allocs, 0);
    assert_int_equal(refs[0], populated[0]);    /* only the allocation's is left */
    free(ram);
    return 0;
}

/* ---------------------------------------------------------------- tests */

static void test_init_destroy(void **state)
{
    struct xencons_interface *r = ring_of(0);

    assert_int_equal(pv_console_param_pfn(&doms[0]), 0x39000);
    assert_int_equal(pv_console_param_evtchn(&doms[0]), PORT);
    assert_int_equal(refs[0], 2);
    assert_int_equal(r->out_prod | r->out_cons | r->in_prod | r->in_cons, 0);
    assert_int_equal(pv_console_init(&doms[0], true), -EEXIST);
    /* A domain without one reads 0: absent. */
    assert_int_equal(pv_console_param_pfn(&doms[1]), 0);
    assert_int_equal(pv_console_param_evtchn(&doms[1]), 0);

    guest_write("last words");
    assert_false(host_log_contains("last words"));
    pv_console_destroy(&doms[0]);
    assert_true(host_log_contains("DOM1: last words\n"));
    assert_int_equal(refs[0], 1);
    assert_int_equal(releases, 1);
    assert_int_equal(pv_console_param_pfn(&doms[0]), 0);
    /* A notification after it went (the port outlives it briefly) is ignored. */
    sends = 0;
    notify_fn(&doms[0], PORT);
    assert_int_equal(sends, 0);
    assert_false(pv_console_receive(1, 'x'));
}

static void test_init_fails(void **state)
{
    alloc_port_rc = -ENOSPC;
    assert_int_equal(pv_console_init(&doms[1], true), -ENOSPC);
    assert_null(doms[1].pv_console);
    assert_int_equal(refs[1], 1);               /* the reference taken is dropped */
    populate_rc = -ENOMEM;
    populated[1] = false;
    assert_int_equal(pv_console_init(&doms[1], true), -ENOMEM);
    assert_null(doms[1].pv_console);
}

static void test_lines(void **state)
{
    struct xencons_interface *r = ring_of(0);

    guest_write("hello\nwor");
    assert_true(host_log_contains("<1>DOM1: hello\n"));
    assert_false(host_log_contains("wor"));
    assert_int_equal(r->out_cons, r->out_prod);
    assert_int_equal(sends, 1);
    guest_write("ld\n");
    assert_true(host_log_contains("DOM1: world\n"));
    /* A notification with nothing new says nothing, sends nothing. */
    host_log_clear();
    notify_fn(&doms[0], PORT);
    assert_int_equal(sends, 2);
    assert_string_equal(host_log, "");
    /* Another port of the domain is not the console's. */
    guest_write("x\n");
    r->out_prod = r->out_cons + 1;
    notify_fn(&doms[0], PORT + 1);
    assert_int_equal(sends, 3);
}

/* A console not shown (the domain's console is its vPL011): consumed unseen. */
static void test_unseen(void **state)
{
    struct xencons_interface *r = ring_of(0);

    doms[0].pv_console->shown = false;
    guest_write("twice\n");
    assert_false(host_log_contains("twice"));
    assert_int_equal(r->out_cons, r->out_prod);
    assert_int_equal(sends, 1);
}

static void test_long_line(void **state)
{
    char line[200];

    memset(line, 'x', 130);
    strcpy(line + 130, "\n");
    guest_write(line);
    /* Cut after 126 characters, as Xen's vPL011 backend cuts. */
    memset(line, 'x', 126);
    line[126] = '\n';
    line[127] = '\0';
    assert_true(host_log_contains(line));
    assert_true(host_log_contains("DOM1: xxxx\n"));
}

static void test_wrap(void **state)
{
    struct xencons_interface *r = ring_of(0);
    struct pv_console *c = doms[0].pv_console;
    char chunk[101];

    /* Slots: 25 lines of 100 bytes go round the 2048-byte ring. */
    for ( unsigned int i = 0; i < 25; i++ )
    {
        memset(chunk, 'a' + i, 99);
        chunk[99] = '\n';
        chunk[100] = '\0';
        guest_write(chunk);
        chunk[99] = '\0';
        assert_true(host_log_contains(chunk));
    }
    assert_int_equal(r->out_cons, 2500);

    /* Indices: free-running through 2^32. */
    c->out_cons = r->out_cons = r->out_prod = 0xfffffffcU;
    guest_write("wrapped\n");
    assert_true(host_log_contains("DOM1: wrapped\n"));
    assert_int_equal(r->out_cons, 4);
}

static void test_corrupt_out(void **state)
{
    struct xencons_interface *r = ring_of(0);

    guest_write("fine\n");
    host_log_clear();
    r->out_prod = r->out_cons + OUT_SIZE + 1;
    memset(r->out, 'z', OUT_SIZE);
    notify_fn(&doms[0], PORT);
    assert_true(host_log_contains("d1: PV console: out_prod"));
    assert_false(host_log_contains("DOM1"));
    /* Reset: the ring restarts where the guest is. */
    assert_int_equal(r->out_cons, r->out_prod);
    /* Said once while it stays wrong. */
    host_log_clear();
    r->out_prod += OUT_SIZE + 1;
    notify_fn(&doms[0], PORT);
    assert_string_equal(host_log, "");
    /* Nothing else touched: input still works, output again after. */
    assert_true(pv_console_receive(1, 'k'));
    assert_int_equal(r->in[0], 'k');
    guest_write("again\n");
    assert_true(host_log_contains("DOM1: again\n"));
    /* A full ring is not corrupt. */
    memset(r->out, 'q', OUT_SIZE);
    r->out[OUT_SIZE - 1] = '\n';
    r->out_prod = r->out_cons + OUT_SIZE;
    host_log_clear();
    notify_fn(&doms[0], PORT);
    assert_false(host_log_contains("PV console"));
    assert_true(host_log_contains("DOM1: qqq"));
}

static void test_focused_echo(void **state)
{
    guest_write("pend");
    focused_domid = 1;
    host_log_clear();
    guest_write("$");
    /* What was pending before the switch, then each character as it comes. */
    assert_string_equal(host_log, "<1>pend$\n");
    host_log_clear();
    guest_write(" ls");
    assert_string_equal(host_log, "<1> <1>l<1>s");
}

static void test_input(void **state)
{
    struct xencons_interface *r = ring_of(0);

    assert_true(pv_console_receive(1, 'a'));
    assert_int_equal(r->in[0], 'a');
    assert_int_equal(r->in_prod, 1);
    assert_int_equal(sends, 1);
    assert_false(pv_console_receive(3, 'a'));   /* d3 has none */
    assert_false(pv_console_receive(2, 'a'));

    /* Full: the rest is dropped, the index stays. */
    for ( unsigned int i = 1; i < IN_SIZE + 10; i++ )
        assert_true(pv_console_receive(1, (char)('0' + i % 10)));
    assert_int_equal(r->in_prod, IN_SIZE);
    assert_int_equal(sends, IN_SIZE);
    /* The guest reads some: they wrap round. */
    r->in_cons = 10;
    assert_true(pv_console_receive(1, 'w'));
    assert_int_equal(r->in[0], 'w');
    assert_int_equal(r->in_prod, IN_SIZE + 1);

    /* A guest writing in_prod does not move Xenith's. */
    r->in_prod = 77;
    r->in_cons = IN_SIZE + 1;
    assert_true(pv_console_receive(1, 'v'));
    assert_int_equal(r->in_prod, IN_SIZE + 2);
    assert_int_equal(r->in[1], 'v');
}

static void test_corrupt_in(void **state)
{
    struct xencons_interface *r = ring_of(0);

    r->in_cons = 5;                             /* past in_prod 0 */
    assert_true(pv_console_receive(1, 'a'));
    assert_true(host_log_contains("d1: PV console: in_cons 0x5"));
    assert_int_equal(r->in_prod, 0);
    assert_int_equal(sends, 0);
    host_log_clear();
    assert_true(pv_console_receive(1, 'b'));
    assert_string_equal(host_log, "");          /* once */
    /* Output is not affected. */
    guest_write("out\n");
    assert_true(host_log_contains("DOM1: out\n"));
    r->in_cons = 0;
    assert_true(pv_console_receive(1, 'c'));
    assert_int_equal(r->in[0], 'c');
}

static void test_next(void **state)
{
    assert_int_equal(pv_console_init(&doms[1], true), 0);
    assert_int_equal(pv_console_next(0), 1);
    assert_int_equal(pv_console_next(1), 1);
    assert_int_equal(pv_console_next(2), 3);
    assert_int_equal(pv_console_next(4), DOMID_XEN);
    pv_console_destroy(&doms[0]);
    assert_int_equal(pv_console_next(0), 3);
    /* d3's ring is its own. */
    assert_true(pv_console_receive(3, 'z'));
    assert_int_equal(ring_of(1)->in[0], 'z');
    assert_int_equal(ring_of(0)->in[0], 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_init_destroy, setup, teardown),
        cmocka_unit_test_setup_teardown(test_init_fails, setup, teardown),
        cmocka_unit_test_setup_teardown(test_lines, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unseen, setup, teardown),
        cmocka_unit_test_setup_teardown(test_long_line, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wrap, setup, teardown),
        cmocka_unit_test_setup_teardown(test_corrupt_out, setup, teardown),
        cmocka_unit_test_setup_teardown(test_focused_echo, setup, teardown),
        cmocka_unit_test_setup_teardown(test_input, setup, teardown),
        cmocka_unit_test_setup_teardown(test_corrupt_in, setup, teardown),
        cmocka_unit_test_setup_teardown(test_next, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
