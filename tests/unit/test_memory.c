/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests of memory_op (hypervisor/common/memory.c) for what the xtf
 * tests cannot reach from a dom0less domU: a privileged caller (foreign
 * frames mapped with a reference, another domain's reservation, orders
 * above 9), preemption and the restart positions it writes, address
 * limits.  Pages come from the real allocator (page_alloc.c) over an
 * arena of this process; stage 2 is a table per domain here that
 * releases what it replaces as arm64's p2m.c does (foreign references
 * dropped); guest memory is a buffer at a fake address.
 */
#include <stdlib.h>

#include "fakes.h"
#include "host.h"
#include <xenith/bootinfo.h>
#include <xenith/domain.h>
#include <xenith/errno.h>
#include <xenith/grant_table.h>
#include <xenith/guest_access.h>
#include <xenith/hypercall.h>
#include <xenith/mm.h>
#include <xenith/page_alloc.h>
#include <xenith/sched.h>
#include <asm/p2m.h>
#include <public/memory.h>

#define NR_GFNS         4096            /* each fake stage 2 covers gfns 0..4095 */
#define EXTENT_SHIFT    6

DEFINE_PER_CPU(unsigned int, cpu_id);
DEFINE_PER_CPU(struct vcpu *, curr_vcpu);

static struct domain doms[2];           /* d0 privileged, d1 a domU */
static struct vcpu vcpus[2];
static struct { mfn_t mfn; p2m_type_t t; } p2m[2][NR_GFNS];
static unsigned int preempt_after;      /* preempt_check calls that say no; 0: never */
static unsigned int preempt_calls;
static uint64_t cont_args[HYPERCALL_MAX_ARGS];

/* ------------------------------------------------------------- fakes */

struct domain *get_domain_by_id(domid_t domid)
{
    return fake_domain_ref(domid < 2 ? &doms[domid] : NULL);
}

bool hypercall_preempt_check(void)
{
    return preempt_after && ++preempt_calls >= preempt_after;
}

long hypercall_create_continuation(unsigned int nr_args, const uint64_t args[HYPERCALL_MAX_ARGS])
{
    memcpy(cont_args, args, sizeof(cont_args));
    return -ERESTART;
}

int gnttab_get_frame(struct domain *d, unsigned long idx, mfn_t *mfn)
{
    return -EINVAL;                     /* no grant tables here */
}

void gnttab_set_frame_gfn(struct domain *d, unsigned long idx, gfn_t gfn)
{
}

static unsigned int dom_index(const struct domain *d)
{
    return (unsigned int)(d - doms);
}

mfn_t p2m_lookup(struct domain *d, gfn_t gfn, p2m_type_t *t)
{
    if ( gfn_x(gfn) >= NR_GFNS || !p2m[dom_index(d)][gfn_x(gfn)].t )
    {
        *t = p2m_invalid;
        return INVALID_MFN;
    }
    *t = p2m[dom_index(d)][gfn_x(gfn)].t;
    return p2m[dom_index(d)][gfn_x(gfn)].mfn;
}

struct page_info *get_page_from_gfn(struct domain *d, gfn_t gfn, bool writable)
{
    p2m_type_t t;
    mfn_t mfn = p2m_lookup(d, gfn, &t);

    if ( t != p2m_ram_rw && (writable || t != p2m_ram_ro) )
        return NULL;
    return get_page(mfn_to_page(mfn), d) ? mfn_to_page(mfn) : NULL;
}

/* As arm64's p2m.c: a replaced foreign mapping drops its reference. */
int p2m_guest_set(struct domain *d, gfn_t gfn, mfn_t mfn, unsigned long nr, p2m_type_t t)
{
    if ( gfn_x(gfn) + nr > NR_GFNS )
        return -EINVAL;
    for ( unsigned long i = 0; i < nr; i++ )
    {
        typeof(p2m[0][0]) *e = &p2m[dom_index(d)][gfn_x(gfn) + i];

        if ( P2M_TYPE_MASK(e->t) & P2M_FOREIGN_TYPES )
            put_page(mfn_to_page(e->mfn));
        e->t = t;
        e->mfn = t == p2m_invalid ? INVALID_MFN : _mfn(mfn_x(mfn) + i);
    }
    return 0;
}

int p2m_add_ram(struct domain *d, gfn_t gfn, struct page_info *pg, unsigned int order)
{
    int rc = p2m_guest_set(d, gfn, page_to_mfn(pg), 1UL << order, p2m_ram_rw);

    if ( rc )
        free_domheap_pages(pg, order);
    return rc;
}

int p2m_map_xenheap(struct domain *d, gfn_t gfn, mfn_t mfn)
{
    return p2m_guest_set(d, gfn, mfn, 1, p2m_xenheap_rw);
}

int p2m_remove_if(struct domain *d, gfn_t gfn, mfn_t mfn, unsigned int types)
{
    p2m_type_t t;

    p2m_lookup(d, gfn, &t);
    if ( !(P2M_TYPE_MASK(t) & types) )
        return -ENOENT;
    return p2m_guest_set(d, gfn, INVALID_MFN, 1, p2m_invalid);
}

unsigned long p2m_max_mapped_gfn(const struct domain *d)
{
    return NR_GFNS - 1;
}

/* ------------------------------------------------------------- set-up */

static int setup(void **state)
{
    /* The test before put every domain it looked up. */
    assert_int_equal(fake_domain_refs, 0);
    fake_ram_init();

    memset(doms, 0, sizeof(doms));
    memset(p2m, 0, sizeof(p2m));
    for ( unsigned int i = 0; i < 2; i++ )
    {
        doms[i].domain_id = i;
        doms[i].max_pages = 2048;
        spin_lock_init(&doms[i].page_alloc_lock);
        page_list_init(&doms[i].page_list);
        vcpus[i] = (struct vcpu){ .domain = &doms[i] };
    }
    doms[0].is_privileged = true;
    this_cpu(curr_vcpu) = &vcpus[0];
    preempt_after = preempt_calls = 0;
    memset(fake_guest_mem, 0, sizeof(fake_guest_mem));
    return 0;
}

/* Guest memory: the argument struct at GUEST_VA, arrays from +1024. */
#define ARG         GUEST_VA
#define LIST_VA     (GUEST_VA + 1024)
#define ERRS_VA     (GUEST_VA + 4096)
#define LIST        ((xen_pfn_t *)(fake_guest_mem + 1024))
#define IDXS        ((xen_ulong_t *)(fake_guest_mem + 2048))
#define ERRS        ((int *)(fake_guest_mem + 4096))

static long reservation(unsigned long cmd, domid_t dom, unsigned long nr, unsigned int order)
{
    struct xen_memory_reservation r = {
        .nr_extents = nr, .extent_order = order, .domid = dom,
    };

    r.extent_start.q = LIST_VA;
    memcpy(fake_guest_mem, &r, sizeof(r));
    return do_memory_op(cmd, ARG);
}

static long foreign_batch(domid_t into, domid_t from, unsigned int size)
{
    struct xen_add_to_physmap_batch b = {
        .domid = into, .space = XENMAPSPACE_gmfn_foreign, .size = size,
        .u.foreign_domid = from,
    };

    b.idxs.q = GUEST_VA + 2048;
    b.gpfns.q = LIST_VA;
    b.errs.q = ERRS_VA;
    memcpy(fake_guest_mem, &b, sizeof(b));
    return do_memory_op(XENMEM_add_to_physmap_batch, ARG);
}

/* -------------------------------------------------------------- tests */

/*
 * d0 maps d1's page: a foreign mapping holding a reference.  d1 gives
 * the page up meanwhile: it stays (counted in d1's reservation) until d0
 * removes its mapping.
 */
static void test_foreign_reference(void **state)
{
    struct xen_remove_from_physmap x = { .domid = DOMID_SELF, .gpfn = 20 };
    unsigned long before;
    struct page_info *pg;

    LIST[0] = 10;
    assert_int_equal(reservation(XENMEM_populate_physmap, 1, 1, 0), 1);
    pg = mfn_to_page(p2m[1][10].mfn);
    before = total_free_pages();

    IDXS[0] = 10;
    LIST[0] = 20;
    assert_int_equal(foreign_batch(DOMID_SELF, 1, 1), 0);
    assert_int_equal(ERRS[0], 0);
    assert_int_equal(p2m[0][20].t, p2m_map_foreign_rw);
    assert_int_equal(mfn_x(p2m[0][20].mfn), mfn_x(page_to_mfn(pg)));
    assert_int_equal(pg->count_info & PGC_count_mask, 2);

    /* d1 balloons it out: unmapped there, alive and counted. */
    this_cpu(curr_vcpu) = &vcpus[1];
    LIST[0] = 10;
    assert_int_equal(reservation(XENMEM_decrease_reservation, DOMID_SELF, 1, 0), 1);
    assert_int_equal(p2m[1][10].t, p2m_invalid);
    assert_int_equal(doms[1].tot_pages, 1);
    assert_true(page_state_is(pg, inuse));

    /* d0 lets go: the page is freed and leaves d1's count. */
    this_cpu(curr_vcpu) = &vcpus[0];
    memcpy(fake_guest_mem, &x, sizeof(x));
    assert_int_equal(do_memory_op(XENMEM_remove_from_physmap, ARG), 0);
    assert_true(page_state_is(pg, free));
    assert_int_equal(doms[1].tot_pages, 0);
    assert_int_equal(total_free_pages(), before + 1);
}

/* What a privileged caller may not map as foreign, and a domU nothing. */
static void test_foreign_refused(void **state)
{
    LIST[0] = 10;
    assert_int_equal(reservation(XENMEM_populate_physmap, 1, 1, 0), 1);
    p2m[1][11] = (typeof(p2m[1][11])){ .mfn = p2m[1][10].mfn, .t = p2m_mmio_direct_dev };
    LIST[0] = 20;

    IDXS[0] = 11;                       /* not RAM */
    assert_int_equal(foreign_batch(DOMID_SELF, 1, 1), 0);
    assert_int_equal(ERRS[0], -EINVAL);
    IDXS[0] = 12;                       /* nothing there */
    assert_int_equal(foreign_batch(DOMID_SELF, 1, 1), 0);
    assert_int_equal(ERRS[0], -EINVAL);
    assert_int_equal(foreign_batch(DOMID_SELF, DOMID_XEN, 1), 0);
    assert_int_equal(ERRS[0], -EINVAL);
    assert_int_equal(foreign_batch(DOMID_SELF, 0, 1), 0);
    assert_int_equal(ERRS[0], -ESRCH);  /* itself by id */
    assert_int_equal(foreign_batch(DOMID_SELF, 7, 1), 0);
    assert_int_equal(ERRS[0], -ESRCH);
    /* Into d1, which is no privileged domain: Xen checks the target's rights. */
    IDXS[0] = 10;
    assert_int_equal(foreign_batch(1, DOMID_XEN, 1), 0);
    assert_int_equal(ERRS[0], -EPERM);
    assert_int_equal(foreign_batch(1, 0, 1), 0);
    assert_int_equal(ERRS[0], -ESRCH);  /* the caller by id, even into another */
    assert_int_equal(foreign_batch(1, 1, 1), 0);
    assert_int_equal(ERRS[0], -EINVAL); /* its own frame */
    for ( unsigned int g = 0; g < NR_GFNS; g++ )
        assert_false(P2M_TYPE_MASK(p2m[0][g].t) & P2M_FOREIGN_TYPES);
}

/* A privileged caller populates another domain, with orders up to 18. */
static void test_privileged_reservation(void **state)
{
    LIST[0] = 1024;
    assert_int_equal(reservation(XENMEM_populate_physmap, 1, 1, 10), 1);
    assert_int_equal(doms[1].tot_pages, 1024);
    assert_int_equal(p2m[1][1024 + 1023].t, p2m_ram_rw);
    assert_int_equal(reservation(XENMEM_populate_physmap, 1, 1, 19), 0);
    assert_int_equal(reservation(XENMEM_decrease_reservation, 1, 1, 10), 1);
    assert_int_equal(doms[1].tot_pages, 0);
    /* A domU is held to order 9. */
    this_cpu(curr_vcpu) = &vcpus[1];
    assert_int_equal(reservation(XENMEM_populate_physmap, DOMID_SELF, 1, 10), 0);
    assert_int_equal(reservation(XENMEM_populate_physmap, DOMID_SELF, 1, 9), 1);
    assert_int_equal(reservation(XENMEM_populate_physmap, 0, 1, 0), 0);
}

/* Preempted after 3 extents: the continuation restarts at the 4th. */
static void test_reservation_preempted(void **state)
{
    for ( unsigned int i = 0; i < 8; i++ )
        LIST[i] = 100 + 2 * i;
    preempt_after = 3;
    assert_int_equal(reservation(XENMEM_populate_physmap, DOMID_SELF, 8, 0), -ERESTART);
    assert_int_equal(cont_args[0], XENMEM_populate_physmap | (3UL << EXTENT_SHIFT));
    assert_int_equal(cont_args[1], ARG);
    assert_int_equal(doms[0].tot_pages, 3);
    assert_int_equal(p2m[0][104].t, p2m_ram_rw);
    assert_int_equal(p2m[0][106].t, p2m_invalid);
    preempt_after = 0;
    assert_int_equal(do_memory_op(cont_args[0], cont_args[1]), 8);
    assert_int_equal(doms[0].tot_pages, 8);
    assert_int_equal(p2m[0][114].t, p2m_ram_rw);
}

/* A batch preempted after 2 pages, then restarted. */
static void test_batch_preempted(void **state)
{
    for ( unsigned int i = 0; i < 5; i++ )
    {
        IDXS[i] = 10;
        LIST[i] = 200 + i;
        ERRS[i] = 0x5a5a;
    }
    preempt_after = 2;
    assert_int_equal(foreign_batch(DOMID_SELF, 7, 5), -ERESTART);
    assert_int_equal(cont_args[0], XENMEM_add_to_physmap_batch | (2UL << EXTENT_SHIFT));
    assert_int_equal(ERRS[1], -ESRCH);
    assert_int_equal(ERRS[2], 0x5a5a);
    preempt_after = 0;
    assert_int_equal(do_memory_op(cont_args[0], cont_args[1]), 0);
    assert_int_equal(ERRS[4], -ESRCH);
}

/* Pages must lie below 2^address_bits: here none can. */
static void test_address_bits(void **state)
{
    uint64_t arena_end = (uint64_t)(uintptr_t)fake_ram + FAKE_RAM_SIZE;
    unsigned int low = 13;
    struct xen_memory_reservation r = { .nr_extents = 1, .domid = DOMID_SELF };

    assert_true(arena_end > (1UL << low));
    LIST[0] = 300;
    r.extent_start.q = LIST_VA;
    r.mem_flags = XENMEMF_address_bits(low);
    memcpy(fake_guest_mem, &r, sizeof(r));
    assert_int_equal(do_memory_op(XENMEM_populate_physmap, ARG), 0);
    assert_int_equal(doms[0].tot_pages, 0);
    r.mem_flags = XENMEMF_address_bits(12);
    memcpy(fake_guest_mem, &r, sizeof(r));
    assert_int_equal(do_memory_op(XENMEM_populate_physmap, ARG), 0);
    r.mem_flags = XENMEMF_address_bits(63);     /* above all RAM: no limit */
    memcpy(fake_guest_mem, &r, sizeof(r));
    assert_int_equal(do_memory_op(XENMEM_populate_physmap, ARG), 1);
}

/* Calls Xenith checks as Xen does but does not carry out for the privileged. */
static void test_privileged_unsupported(void **state)
{
    struct xen_memory_reservation claim = { .nr_extents = 1, .domid = 1 };
    struct xen_mem_acquire_resource res = { .domid = 1, .type = 1 };

    memcpy(fake_guest_mem, &claim, sizeof(claim));
    assert_int_equal(do_memory_op(24 /* XENMEM_claim_pages */, ARG), -EOPNOTSUPP);
    memcpy(fake_guest_mem, &res, sizeof(res));
    assert_int_equal(do_memory_op(XENMEM_acquire_resource, ARG), -EOPNOTSUPP);
    res.domid = 0;
    memcpy(fake_guest_mem, &res, sizeof(res));
    assert_int_equal(do_memory_op(XENMEM_acquire_resource, ARG), -EPERM);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_foreign_reference, setup),
        cmocka_unit_test_setup(test_foreign_refused, setup),
        cmocka_unit_test_setup(test_privileged_reservation, setup),
        cmocka_unit_test_setup(test_reservation_preempted, setup),
        cmocka_unit_test_setup(test_batch_preempted, setup),
        cmocka_unit_test_setup(test_address_bits, setup),
        cmocka_unit_test_setup(test_privileged_unsupported, setup),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
