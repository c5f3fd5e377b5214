/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests of grant tables v1 (hypervisor/common/grant_table.c): two
 * fake domains with fake RAM (host pages), a fake stage-2 per domain and
 * page reference counts, so that every mapping, pin and reference can be
 * checked, including after teardown with live mappings.
 */
#include <stdlib.h>

#include "fakes.h"
#include "host.h"
#include <xenith/domain.h>
#include <xenith/errno.h>
#include <xenith/grant_table.h>
#include <xenith/guest_access.h>
#include <xenith/hypercall.h>
#include <xenith/sched.h>
#include <xenith/xmalloc.h>

#define RAM_PAGES   8
#define P2M_SLOTS   64
#define MAX_MFNS    (2 * RAM_PAGES + 2 * GNTTAB_DEFAULT_MAX_FRAMES + 8)

/* mfn i is host page mfn_page[i]; RAM of domain k: mfns k*RAM_PAGES.. */
static void *mfn_page[MAX_MFNS];
static int mfn_refs[MAX_MFNS];
static const struct domain *mfn_owner[MAX_MFNS];
static unsigned int nr_mfns;

struct fake_p2m {
    unsigned long gfn[P2M_SLOTS];
    mfn_t mfn[P2M_SLOTS];
    bool ro[P2M_SLOTS], used[P2M_SLOTS];
};

static struct domain doms[2];
static struct fake_p2m p2ms[2];
static unsigned int cache_calls, cache_ops, cache_len;

/* ---------------------------------------------------------------- fakes */

struct domain *get_next_domain(domid_t from)
{
    for ( unsigned int i = 0; i < 2; i++ )
        if ( doms[i].domain_id >= from && !doms[i].is_dying )
            return fake_domain_ref(&doms[i]);
    return NULL;
}

struct domain *get_domain_by_id(domid_t domid)
{
    struct domain *d = get_next_domain(domid);

    if ( d && d->domain_id != domid )
    {
        put_domain(d);
        return NULL;
    }
    return d;
}

static unsigned int new_mfn(const struct domain *owner)
{
    unsigned int m = nr_mfns++;

    assert_true(m < MAX_MFNS);
    mfn_page[m] = calloc(1, PAGE_SIZE);
    mfn_owner[m] = owner;
    return m;
}

void *gnttab_frame_alloc(mfn_t *mfn)
{
    unsigned int m = new_mfn(NULL);

    *mfn = _mfn(m);
    mfn_refs[m] = 1;
    return mfn_page[m];
}

void gnttab_frame_free(void *va)
{
    for ( unsigned int m = 0; m < nr_mfns; m++ )
        if ( mfn_page[m] == va )
            mfn_refs[m]--;
}

static struct fake_p2m *p2m_of(const struct domain *d)
{
    return &p2ms[d - doms];
}

/*
 * A domain whose destruction begins (is_dying) in the middle of a map:
 * as its first page is pinned, or as the mapping enters the stage 2.
 */
static struct domain *dies_at_pin, *dies_at_p2m_map;

int gnttab_p2m_map(struct domain *d, gfn_t gfn, mfn_t mfn, bool readonly)
{
    struct fake_p2m *p = p2m_of(d);

    if ( dies_at_p2m_map )
        dies_at_p2m_map->is_dying = true;
    for ( unsigned int i = 0; i < P2M_SLOTS; i++ )
        if ( !p->used[i] )
        {
            p->used[i] = true;
            p->gfn[i] = gfn_x(gfn);
            p->mfn[i] = mfn;
            p->ro[i] = readonly;
            return 0;
        }
    return -ENOMEM;
}

static int p2m_find(const struct domain *d, unsigned long gfn)
{
    const struct fake_p2m *p = &p2ms[d - doms];

    for ( unsigned int i = 0; i < P2M_SLOTS; i++ )
        if ( p->used[i] && p->gfn[i] == gfn )
            return i;
    return -1;
}

int gnttab_p2m_unmap(struct domain *d, gfn_t gfn)
{
    int i = p2m_find(d, gfn_x(gfn));

    assert_true(i >= 0);
    p2m_of(d)->used[i] = false;
    return 0;
}

/* RAM: gfn 0x100 + i is mfn k*RAM_PAGES + i; gfn 0x107 is read-only. */
int gnttab_gfn_to_mfn(struct domain *d, gfn_t gfn, bool write, mfn_t *mfn)
{
    unsigned long i = gfn_x(gfn) - 0x100;

    if ( dies_at_pin )
        dies_at_pin->is_dying = true;
    if ( i >= RAM_PAGES || (write && i == RAM_PAGES - 1) )
        return -EINVAL;
    *mfn = _mfn((d - doms) * RAM_PAGES + i);
    return 0;
}

bool gnttab_page_get(mfn_t mfn, const struct domain *owner)
{
    if ( mfn_x(mfn) >= nr_mfns || mfn_owner[mfn_x(mfn)] != owner )
        return false;
    mfn_refs[mfn_x(mfn)]++;
    return true;
}

void gnttab_page_put(mfn_t mfn)
{
    assert_true(mfn_refs[mfn_x(mfn)] > 0);
    mfn_refs[mfn_x(mfn)]--;
}

void *gnttab_mfn_va(mfn_t mfn)
{
    return mfn_page[mfn_x(mfn)];
}

void gnttab_cache_maint(mfn_t mfn, unsigned int off, unsigned int len,
                        unsigned int ops)
{
    cache_calls++;
    cache_ops = ops;
    cache_len = len;
}

/* The hypercall's side: guest memory is the host's, the caller doms[1]. */
DEFINE_PER_CPU(unsigned int, cpu_id);
DEFINE_PER_CPU(struct vcpu *, curr_vcpu);
static struct vcpu caller;
static uint64_t bad_gva;            /* a guest pointer that faults */
static bool preempt;
static uint64_t cont_args[3];

int copy_from_guest(void *dst, vaddr_t gva, size_t len)
{
    if ( gva == bad_gva )
        return -EFAULT;
    memcpy(dst, (const void *)gva, len);
    return 0;
}

int copy_to_guest(vaddr_t gva, const void *src, size_t len)
{
    if ( gva == bad_gva )
        return -EFAULT;
    memcpy((void *)gva, src, len);
    return 0;
}

bool hypercall_preempt_check(void)
{
    return preempt;
}

long hypercall_create_continuation(unsigned int nr_args,
                                   const uint64_t args[HYPERCALL_MAX_ARGS])
{
    assert_int_equal(nr_args, 3);
    memcpy(cont_args, args, sizeof(cont_args));
    return -ERESTART;
}

/* XSM (xsm.c has its own test): allowed unless a test says no; the last question. */
static bool xsm_deny;
static const struct domain *xsm_asked[3];

bool xsm_channel_allowed(const struct domain *cur, const struct domain *ld,
                         const struct domain *rd)
{
    xsm_asked[0] = cur;
    xsm_asked[1] = ld;
    xsm_asked[2] = rd;
    return !xsm_deny;
}

/* ---------------------------------------------------------------- helpers */

static int setup(void **state)
{
    memset(doms, 0, sizeof(doms));
    memset(p2ms, 0, sizeof(p2ms));
    memset(mfn_refs, 0, sizeof(mfn_refs));
    nr_mfns = 0;
    cache_calls = 0;
    dies_at_pin = dies_at_p2m_map = NULL;
    for ( unsigned int k = 0; k < 2; k++ )
    {
        doms[k].domain_id = k + 1;
        for ( unsigned int i = 0; i < RAM_PAGES; i++ )
            new_mfn(&doms[k]);
    }
    for ( unsigned int k = 0; k < 2; k++ )
        assert_int_equal(grant_table_init(&doms[k], GNTTAB_DEFAULT_MAX_FRAMES), 0);
    return 0;
}

static int teardown(void **state)
{
    for ( unsigned int k = 0; k < 2; k++ )
        grant_table_teardown(&doms[k]);
    assert_int_equal(fake_live_allocs, 0);
    assert_int_equal(fake_domain_refs, 0);
    for ( unsigned int m = 0; m < nr_mfns; m++ )
    {
        assert_int_equal(mfn_refs[m], 0);
        free(mfn_page[m]);
    }
    return 0;
}

/* Domain @k's entry @ref, its table grown to hold it. */
static grant_entry_v1_t *entry(unsigned int k, grant_ref_t ref)
{
    mfn_t mfn;

    assert_int_equal(gnttab_get_frame(&doms[k], ref / GNTTAB_ENTRIES_PER_FRAME, &mfn), 0);
    return (grant_entry_v1_t *)gnttab_mfn_va(mfn) + ref % GNTTAB_ENTRIES_PER_FRAME;
}

/* Domain 0 (id 1) grants @ref, its page gfn 0x100 + @page, to id 2. */
static grant_entry_v1_t *grant(grant_ref_t ref, unsigned int page, uint16_t extra)
{
    grant_entry_v1_t *e = entry(0, ref);

    e->domid = 2;
    e->frame = 0x100 + page;
    e->flags = GTF_permit_access | extra;
    return e;
}

static struct gnttab_map_grant_ref map_op(grant_ref_t ref, uint64_t addr, uint32_t flags)
{
    return (struct gnttab_map_grant_ref){ .host_addr = addr, .ref = ref, .dom = 1,
                                          .flags = GNTMAP_host_map | flags };
}

/* ---------------------------------------------------------------- tests */

static void test_map_unmap(void **state)
{
    grant_entry_v1_t *e = grant(10, 2, 0);
    struct gnttab_map_grant_ref op = map_op(10, 0x80000000, 0);
    struct gnttab_unmap_grant_ref un = { .host_addr = 0x80000000 };
    int slot;

    gnttab_map(&doms[1], &op);
    assert_int_equal(op.status, GNTST_okay);
    assert_int_equal(e->flags, GTF_permit_access | GTF_reading | GTF_writing);
    assert_int_equal(mfn_refs[2], 1);
    assert_int_equal(op.dev_bus_addr, 2 << PAGE_SHIFT);     /* the machine address */
    slot = p2m_find(&doms[1], 0x80000);
    assert_true(slot >= 0);
    assert_int_equal(mfn_x(p2ms[1].mfn[slot]), 2);
    assert_false(p2ms[1].ro[slot]);

    /* The mapper's writes reach the granter's page. */
    ((char *)mfn_page[mfn_x(p2ms[1].mfn[slot])])[5] = 'x';
    assert_int_equal(((char *)mfn_page[2])[5], 'x');

    un.handle = op.handle;
    gnttab_unmap(&doms[1], &un);
    assert_int_equal(un.status, GNTST_okay);
    assert_int_equal(e->flags, GTF_permit_access);
    assert_int_equal(mfn_refs[2], 0);
    assert_true(p2m_find(&doms[1], 0x80000) < 0);
    gnttab_unmap(&doms[1], &un);
    assert_int_equal(un.status, GNTST_bad_handle);
}

static void test_map_refused(void **state)
{
    struct gnttab_map_grant_ref op;
    grant_entry_v1_t *e = grant(3, 1, 0);

    op = map_op(GNTTAB_ENTRIES_PER_FRAME * 2, 0x80000000, 0);  /* past the table */
    gnttab_map(&doms[1], &op);
    assert_int_equal(op.status, GNTST_bad_gntref);

    e->domid = 7;                                   /* granted to another */
    op = map_op(3, 0x80000000, 0);
    gnttab_map(&doms[1], &op);
    assert_int_equal(op.status, GNTST_general_error);
    assert_int_equal(e->flags, GTF_permit_access);

    e->domid = 2;
    e->flags = GTF_invalid;
    gnttab_map(&doms[1], &op);
    assert_int_equal(op.status, GNTST_general_error);

    e->flags = GTF_permit_access;
    op.dom = 9;
    gnttab_map(&doms[1], &op);
    assert_int_equal(op.status, GNTST_bad_domain);
    op.dom = DOMID_SELF;
    gnttab_map(&doms[1], &op);
    assert_int_equal(op.status, GNTST_bad_domain);

    op = map_op(3, 0x80000000, 0);                  /* no mapping asked */
    op.flags = GNTMAP_readonly;
    gnttab_map(&doms[1], &op);
    assert_int_equal(op.status, GNTST_bad_gntref);
    op.flags = GNTMAP_host_map | GNTMAP_device_map; /* Arm: no device maps */
    gnttab_map(&doms[1], &op);
    assert_int_equal(op.status, GNTST_general_error);
    op.flags = GNTMAP_host_map | GNTMAP_contains_pte;
    gnttab_map(&doms[1], &op);
    assert_int_equal(op.status, GNTST_general_error);

    e->frame = 0x999;                               /* not the granter's RAM */
    op = map_op(3, 0x80000000, 0);
    gnttab_map(&doms[1], &op);
    assert_int_equal(op.status, GNTST_bad_page);
    assert_int_equal(e->flags, GTF_permit_access);
    for ( unsigned int m = 0; m < 2 * RAM_PAGES; m++ )
        assert_int_equal(mfn_refs[m], 0);
}

static void test_readonly(void **state)
{
    grant_entry_v1_t *e = grant(4, 1, GTF_readonly);
    struct gnttab_map_grant_ref rw = map_op(4, 0x80000000, 0);
    struct gnttab_map_grant_ref ro = map_op(4, 0x80001000, GNTMAP_readonly);
    struct gnttab_unmap_grant_ref un = { 0 };

    gnttab_map(&doms[1], &rw);
    assert_int_equal(rw.status, GNTST_general_error);
    assert_int_equal(e->flags, GTF_permit_access | GTF_readonly);

    gnttab_map(&doms[1], &ro);
    assert_int_equal(ro.status, GNTST_okay);
    assert_int_equal(e->flags, GTF_permit_access | GTF_readonly | GTF_reading);
    assert_true(p2ms[1].ro[p2m_find(&doms[1], 0x80001)]);

    /* A read-write map of a read-only grant leaves the pin alone. */
    gnttab_map(&doms[1], &rw);
    assert_int_equal(rw.status, GNTST_general_error);
    assert_int_equal(e->flags, GTF_permit_access | GTF_readonly | GTF_reading);

    un.handle = ro.handle;
    gnttab_unmap(&doms[1], &un);
    assert_int_equal(un.status, GNTST_okay);
    assert_int_equal(e->flags, GTF_permit_access | GTF_readonly);
}

/* A page pinned read-only, then asked for writing: it must be writable RAM. */
static void test_readonly_ram(void **state)
{
    grant_entry_v1_t *e = grant(12, RAM_PAGES - 1, 0);     /* gfn 0x107: read-only RAM */
    struct gnttab_map_grant_ref ro = map_op(12, 0x80000000, GNTMAP_readonly);
    struct gnttab_map_grant_ref rw = map_op(12, 0x80001000, 0);
    struct gnttab_unmap_grant_ref un = { 0 };

    gnttab_map(&doms[1], &ro);
    assert_int_equal(ro.status, GNTST_okay);
    gnttab_map(&doms[1], &rw);
    assert_int_equal(rw.status, GNTST_bad_page);
    assert_int_equal(e->flags, GTF_permit_access | GTF_reading);
    assert_int_equal(mfn_refs[RAM_PAGES - 1], 1);
    un.handle = ro.handle;
    gnttab_unmap(&doms[1], &un);
    assert_int_equal(e->flags, GTF_permit_access);
}

static void test_copy(void **state)
{
    struct gnttab_copy op = {
        .source = { .u.ref = 5, .domid = 1, .offset = 100 },
        .dest = { .u.gmfn = 0x103, .domid = DOMID_SELF, .offset = 8 },
        .len = 16, .flags = GNTCOPY_source_gref,
    };

    grant(5, 0, GTF_readonly);
    memcpy((char *)mfn_page[0] + 100, "granted content", 16);
    gnttab_copy(&doms[1], &op);
    assert_int_equal(op.status, GNTST_okay);
    assert_string_equal((char *)mfn_page[RAM_PAGES + 3] + 8, "granted content");
    assert_int_equal(mfn_refs[0], 0);
    assert_int_equal(entry(0, 5)->flags, GTF_permit_access | GTF_readonly);

    /* Writing into a read-only grant. */
    op = (struct gnttab_copy){
        .source = { .u.gmfn = 0x103, .domid = DOMID_SELF },
        .dest = { .u.ref = 5, .domid = 1 }, .len = 4, .flags = GNTCOPY_dest_gref };
    gnttab_copy(&doms[1], &op);
    assert_int_equal(op.status, GNTST_general_error);

    op.dest.offset = PAGE_SIZE - 2;                 /* crosses the page end */
    gnttab_copy(&doms[1], &op);
    assert_int_equal(op.status, GNTST_bad_copy_arg);

    op.dest.offset = 0;
    op.dest.u.ref = 77777;
    gnttab_copy(&doms[1], &op);
    assert_int_equal(op.status, GNTST_bad_gntref);

    /* Another domain's frame by number. */
    op = (struct gnttab_copy){ .source = { .u.gmfn = 0x100, .domid = 1 },
                               .dest = { .u.gmfn = 0x101, .domid = DOMID_SELF },
                               .len = 4 };
    gnttab_copy(&doms[1], &op);
    assert_int_equal(op.status, GNTST_permission_denied);
    /* Its own frame by its own id: Xen wants DOMID_SELF there. */
    op.source.domid = 2;
    gnttab_copy(&doms[1], &op);
    assert_int_equal(op.status, GNTST_permission_denied);
    op.source.domid = DOMID_SELF;
    gnttab_copy(&doms[1], &op);
    assert_int_equal(op.status, GNTST_okay);
    for ( unsigned int m = 0; m < 2 * RAM_PAGES; m++ )
        assert_int_equal(mfn_refs[m], 0);
}

/*
 * The copies gnttab_copy_bytes() does 64 bytes a step (a whole page, an
 * aligned range with a tail) and the ones it leaves to memmove (within
 * one page, overlapping; unaligned): every byte lands where memmove puts it.
 */
static void test_copy_bulk(void **state)
{
    static const struct { uint16_t soff, doff, len; } cases[] = {
        { 0, 0, PAGE_SIZE }, { 64, 8, 1000 }, { 3, 5, 333 },
    };
    struct gnttab_copy op;
    unsigned char *src = mfn_page[0], *dst = mfn_page[RAM_PAGES + 3];
    unsigned char want[PAGE_SIZE];

    grant(5, 0, GTF_readonly);
    for ( unsigned int c = 0; c < ARRAY_SIZE(cases); c++ )
    {
        for ( unsigned int i = 0; i < PAGE_SIZE; i++ )
            src[i] = (unsigned char)(i * 7 + c);
        memset(dst, 0xee, PAGE_SIZE);
        memcpy(want, dst, PAGE_SIZE);
        memcpy(want + cases[c].doff, src + cases[c].soff, cases[c].len);
        op = (struct gnttab_copy){
            .source = { .u.ref = 5, .domid = 1, .offset = cases[c].soff },
            .dest = { .u.gmfn = 0x103, .domid = DOMID_SELF, .offset = cases[c].doff },
            .len = cases[c].len, .flags = GNTCOPY_source_gref };
        gnttab_copy(&doms[1], &op);
        assert_int_equal(op.status, GNTST_okay);
        assert_memory_equal(dst, want, PAGE_SIZE);
    }
    /* Within one page, the ranges overlapping either way. */
    for ( unsigned int i = 0; i < PAGE_SIZE; i++ )
        dst[i] = (unsigned char)(i * 13);
    memcpy(want, dst, PAGE_SIZE);
    memmove(want + 8, want, 512);
    memmove(want + 1024, want + 1032, 512);
    op = (struct gnttab_copy){ .source = { .u.gmfn = 0x103, .domid = DOMID_SELF },
                               .dest = { .u.gmfn = 0x103, .domid = DOMID_SELF, .offset = 8 },
                               .len = 512 };
    gnttab_copy(&doms[1], &op);
    assert_int_equal(op.status, GNTST_okay);
    op.source.offset = 1032;
    op.dest.offset = 1024;
    gnttab_copy(&doms[1], &op);
    assert_int_equal(op.status, GNTST_okay);
    assert_memory_equal(dst, want, PAGE_SIZE);
}

/*
 * XSM refusing (SILO between two domUs): a map or copy between the two
 * domains is GNTST_permission_denied once both are known, before the
 * entry is looked at; nothing is pinned or referenced.
 */
static void test_xsm_refused(void **state)
{
    grant_entry_v1_t *e = grant(10, 2, 0);
    struct gnttab_map_grant_ref op = map_op(10, 0x80000000, 0);
    struct gnttab_copy cp = {
        .source = { .u.ref = 10, .domid = 1 },
        .dest = { .u.gmfn = 0x103, .domid = DOMID_SELF }, .len = 4,
        .flags = GNTCOPY_source_gref,
    };

    xsm_deny = true;
    gnttab_map(&doms[1], &op);
    assert_int_equal(op.status, GNTST_permission_denied);
    assert_ptr_equal(xsm_asked[0], &doms[1]);
    assert_ptr_equal(xsm_asked[1], &doms[1]);
    assert_ptr_equal(xsm_asked[2], &doms[0]);
    assert_int_equal(e->flags, GTF_permit_access);
    assert_true(p2m_find(&doms[1], 0x80000) < 0);

    op = map_op(GNTTAB_ENTRIES_PER_FRAME * 2, 0x80000000, 0);  /* past the table */
    gnttab_map(&doms[1], &op);
    assert_int_equal(op.status, GNTST_permission_denied);
    op = map_op(10, 0x80000000, 0);
    op.dom = 7;                                     /* no such domain: first */
    gnttab_map(&doms[1], &op);
    assert_int_equal(op.status, GNTST_bad_domain);

    gnttab_copy(&doms[1], &cp);
    assert_int_equal(cp.status, GNTST_permission_denied);
    assert_ptr_equal(xsm_asked[1], &doms[0]);
    assert_ptr_equal(xsm_asked[2], &doms[1]);
    assert_int_equal(e->flags, GTF_permit_access);
    for ( unsigned int m = 0; m < 2 * RAM_PAGES; m++ )
        assert_int_equal(mfn_refs[m], 0);
    xsm_deny = false;
}

static void test_growth(void **state)
{
    struct gnttab_query_size q = { .dom = DOMID_SELF };
    struct gnttab_setup_table st = { .dom = DOMID_SELF, .nr_frames = 4 };
    xen_pfn_t frames[GNTTAB_DEFAULT_MAX_FRAMES + 1];
    mfn_t mfn;

    gnttab_query_size(&doms[0], &q);
    assert_int_equal(q.status, GNTST_okay);
    assert_int_equal(q.nr_frames, 1);           /* as Xen: one to start with */
    assert_int_equal(q.max_nr_frames, GNTTAB_DEFAULT_MAX_FRAMES);

    gnttab_setup_table(&doms[0], &st, frames);
    assert_int_equal(st.status, GNTST_okay);
    assert_int_equal(frames[3], GNTTAB_NO_GFN);
    gnttab_set_frame_gfn(&doms[0], 1, _gfn(0x38001));
    gnttab_setup_table(&doms[0], &st, frames);
    assert_int_equal(frames[1], 0x38001);

    assert_int_equal(gnttab_get_frame(&doms[0], GNTTAB_DEFAULT_MAX_FRAMES - 1, &mfn), 0);
    assert_int_equal(gnttab_get_frame(&doms[0], GNTTAB_DEFAULT_MAX_FRAMES, &mfn), -EINVAL);
    gnttab_query_size(&doms[0], &q);
    assert_int_equal(q.nr_frames, GNTTAB_DEFAULT_MAX_FRAMES);

    st.nr_frames = GNTTAB_DEFAULT_MAX_FRAMES + 1;
    gnttab_setup_table(&doms[0], &st, frames);
    assert_int_equal(st.status, GNTST_general_error);

    /* The last entry of the last frame is usable. */
    grant_entry_v1_t *e = grant(GNTTAB_DEFAULT_MAX_FRAMES * GNTTAB_ENTRIES_PER_FRAME - 1, 0, 0);
    struct gnttab_map_grant_ref op = map_op(GNTTAB_DEFAULT_MAX_FRAMES *
                                            GNTTAB_ENTRIES_PER_FRAME - 1, 0x80000000, 0);
    gnttab_map(&doms[1], &op);
    assert_int_equal(op.status, GNTST_okay);
    assert_true(e->flags & GTF_writing);
    struct gnttab_unmap_grant_ref un = { .handle = op.handle };
    gnttab_unmap(&doms[1], &un);
    assert_int_equal(un.status, GNTST_okay);

    st.dom = 2;                                     /* not privileged */
    gnttab_setup_table(&doms[0], &st, frames);
    assert_int_equal(st.status, GNTST_permission_denied);
}

static void test_cache_flush(void **state)
{
    /* By machine address: doms[0]'s own page mfn 2. */
    struct gnttab_cache_flush cf = { .a.dev_bus_addr = 2 << PAGE_SHIFT, .offset = 64,
                                     .length = 128, .op = GNTTAB_CACHE_CLEAN };
    struct gnttab_map_grant_ref op = map_op(6, 0x80000000, 0);

    assert_int_equal(gnttab_cache_flush(&doms[0], &cf), 0);
    assert_int_equal(cache_calls, 1);
    assert_int_equal(cache_len, 128);
    assert_int_equal(mfn_refs[2], 0);               /* held for the flush only */
    cf.a.dev_bus_addr = 1 << PAGE_SHIFT;            /* doms[0]'s, not mapped yet */
    assert_int_equal(gnttab_cache_flush(&doms[1], &cf), -EINVAL);
    cf.a.dev_bus_addr = 0x7fff000;                  /* no such page */
    assert_int_equal(gnttab_cache_flush(&doms[1], &cf), -EINVAL);
    grant(6, 1, 0);
    gnttab_map(&doms[1], &op);
    cf.a.dev_bus_addr = op.dev_bus_addr;
    cf.op = GNTTAB_CACHE_CLEAN | GNTTAB_CACHE_INVAL;
    assert_int_equal(gnttab_cache_flush(&doms[1], &cf), 0);
    assert_int_equal(cache_ops, GNTTAB_CACHE_CLEAN | GNTTAB_CACHE_INVAL);
    cf.length = PAGE_SIZE;
    assert_int_equal(gnttab_cache_flush(&doms[1], &cf), -EINVAL);
    cf.length = 1;
    cf.op = GNTTAB_CACHE_SOURCE_GREF;               /* Xen 4.17: not an op bit */
    assert_int_equal(gnttab_cache_flush(&doms[1], &cf), -EINVAL);
    cf.op = GNTTAB_CACHE_INVAL;
    cf.length = 0;                                  /* nothing to do */
    assert_int_equal(gnttab_cache_flush(&doms[1], &cf), 0);
    assert_int_equal(cache_calls, 2);
    /* The live mapping is ended by the group's teardown. */
}

/* gnttab_max_frames and a domain's own limit (dom0less max_grant_frames). */
static void test_max_frames(void **state)
{
    struct domain d = { .domain_id = 5 };
    struct gnttab_query_size q = { .dom = DOMID_SELF };
    unsigned int saved = opt_gnttab_max_frames;
    mfn_t mfn;

    assert_int_equal(grant_table_init(&d, GNTTAB_DEFAULT_MAX_FRAMES + 1), -EINVAL);
    assert_null(d.grant_table);
    assert_int_equal(grant_table_init(&d, 3), 0);
    gnttab_query_size(&d, &q);
    assert_int_equal(q.max_nr_frames, 3);
    assert_int_equal(gnttab_get_frame(&d, 2, &mfn), 0);
    assert_int_equal(gnttab_get_frame(&d, 3, &mfn), -EINVAL);
    grant_table_teardown(&d);

    opt_gnttab_max_frames = 100;                    /* gnttab_max_frames=100 */
    assert_int_equal(grant_table_init(&d, 0), 0);   /* 0: the option's */
    gnttab_query_size(&d, &q);
    assert_int_equal(q.max_nr_frames, 100);
    assert_int_equal(gnttab_get_frame(&d, 99, &mfn), 0);
    gnttab_query_size(&d, &q);
    assert_int_equal(q.nr_frames, 100);
    grant_table_teardown(&d);
    opt_gnttab_max_frames = saved;
}

/* Both directions: the dying granter's pages mapped by the other, and
 * the dying mapper's mappings of the other's pages. */
static void test_teardown_live(void **state)
{
    struct gnttab_map_grant_ref op;
    grant_entry_v1_t *back;

    for ( grant_ref_t r = 8; r < 12; r++ )
    {
        grant(r, r - 8, 0);
        op = map_op(r, 0x80000000 + (r << PAGE_SHIFT), 0);
        gnttab_map(&doms[1], &op);
        assert_int_equal(op.status, GNTST_okay);
    }
    back = entry(1, 20);
    back->domid = 1;
    back->frame = 0x105;
    back->flags = GTF_permit_access;
    op = (struct gnttab_map_grant_ref){ .host_addr = 0x90000000, .ref = 20, .dom = 2,
                                        .flags = GNTMAP_host_map };
    gnttab_map(&doms[0], &op);
    assert_int_equal(op.status, GNTST_okay);
    assert_int_equal(mfn_refs[RAM_PAGES + 5], 1);
    /* A domain may map its own grant, by its id. */
    grant(21, 6, 0)->domid = 1;
    op = (struct gnttab_map_grant_ref){ .host_addr = 0x91000000, .ref = 21, .dom = 1,
                                        .flags = GNTMAP_host_map };
    gnttab_map(&doms[0], &op);
    assert_int_equal(op.status, GNTST_okay);
    assert_int_equal(mfn_refs[6], 1);

    doms[0].is_dying = true;
    grant_table_teardown(&doms[0]);
    assert_null(doms[0].grant_table);
    for ( unsigned int m = 0; m < 2 * RAM_PAGES; m++ )
        assert_int_equal(mfn_refs[m], 0);
    for ( unsigned int i = 0; i < P2M_SLOTS; i++ )
        assert_false(p2ms[0].used[i] || p2ms[1].used[i]);
    assert_int_equal(back->flags, GTF_permit_access);
}

/*
 * The granter has left the domain list (it is being destroyed) but not
 * torn down yet: the mapper's unmap still ends its mapping, with the
 * granter it recorded, and the teardown then finds nothing left to end.
 */
static void test_unmap_dying_granter(void **state)
{
    struct gnttab_map_grant_ref op = map_op(14, 0x80000000, 0);
    struct gnttab_unmap_grant_ref un = { .host_addr = 0x80000000 };
    grant_entry_v1_t *e = grant(14, 3, 0);

    gnttab_map(&doms[1], &op);
    assert_int_equal(op.status, GNTST_okay);
    doms[0].is_dying = true;
    assert_null(get_domain_by_id(1));
    un.handle = op.handle;
    gnttab_unmap(&doms[1], &un);
    assert_int_equal(un.status, GNTST_okay);
    assert_int_equal(e->flags, GTF_permit_access);
    assert_int_equal(mfn_refs[3], 0);
    grant_table_teardown(&doms[0]);
    assert_int_equal(mfn_refs[3], 0);
    gnttab_unmap(&doms[1], &un);
    assert_int_equal(un.status, GNTST_bad_handle);
}

/*
 * A map that looked the granter up just before its destruction began.
 * Dying as the page is pinned: the mapping cannot hold it, nothing is
 * mapped.  Dying as the mapping enters the stage 2, after the granter's
 * release may have looked at the mapper's maptrack: the map ends it
 * itself.  Either way GNTST_bad_domain, no page or domain reference left,
 * and the entry is free for the granter again.
 */
static void test_map_racing_granter_death(void **state)
{
    grant_entry_v1_t *e = grant(15, 4, 0);
    struct gnttab_map_grant_ref op = map_op(15, 0x80000000, 0);

    dies_at_pin = &doms[0];
    gnttab_map(&doms[1], &op);
    assert_int_equal(op.status, GNTST_bad_domain);
    assert_int_equal(mfn_refs[4], 0);
    assert_int_equal(e->flags, GTF_permit_access);
    assert_int_equal(fake_domain_refs, 0);

    dies_at_pin = NULL;
    doms[0].is_dying = false;
    dies_at_p2m_map = &doms[0];
    op = map_op(15, 0x80000000, 0);
    gnttab_map(&doms[1], &op);
    assert_int_equal(op.status, GNTST_bad_domain);
    assert_int_equal(p2m_find(&doms[1], 0x80000), -1);
    assert_int_equal(mfn_refs[4], 0);
    assert_int_equal(e->flags, GTF_permit_access);
    assert_int_equal(fake_domain_refs, 0);
}

/* Each live mapping holds its granter; ending it lets the granter go. */
static void test_mapping_holds_granter(void **state)
{
    struct gnttab_map_grant_ref op = map_op(16, 0x80000000, 0);
    struct gnttab_unmap_grant_ref un = { .host_addr = 0x80000000 };

    grant(16, 5, 0);
    gnttab_map(&doms[1], &op);
    assert_int_equal(op.status, GNTST_okay);
    assert_int_equal(fake_domain_refs, 1);
    un.handle = op.handle;
    gnttab_unmap(&doms[1], &un);
    assert_int_equal(un.status, GNTST_okay);
    assert_int_equal(fake_domain_refs, 0);
}

static void test_hypercall(void **state)
{
    struct gnttab_map_grant_ref ops[3];
    struct gnttab_unmap_grant_ref un[3];
    struct gnttab_setup_table st = { .dom = DOMID_SELF, .nr_frames = 2 };
    struct gnttab_set_version sv = { .version = 2 };
    struct gnttab_get_version gv = { .dom = DOMID_SELF };
    xen_pfn_t frames[2] = { 0 };

    caller.domain = &doms[1];
    this_cpu(curr_vcpu) = &caller;
    for ( unsigned int i = 0; i < 3; i++ )
    {
        grant(30 + i, i, 0);
        ops[i] = map_op(30 + i, 0x80000000 + (i << PAGE_SHIFT), 0);
    }
    ops[1].ref = 99999;                             /* per-element status */
    assert_int_equal(do_grant_table_op(GNTTABOP_map_grant_ref, (uint64_t)ops, 3), 0);
    assert_int_equal(ops[0].status, GNTST_okay);
    assert_int_equal(ops[1].status, GNTST_bad_gntref);
    assert_int_equal(ops[2].status, GNTST_okay);

    /* A long batch continues where it gave way. */
    for ( unsigned int i = 0; i < 3; i++ )
        un[i] = (struct gnttab_unmap_grant_ref){ .handle = ops[i].handle };
    un[1].handle = 12345;
    preempt = true;
    assert_int_equal(do_grant_table_op(GNTTABOP_unmap_grant_ref, (uint64_t)un, 3),
                     -ERESTART);
    assert_int_equal(un[0].status, GNTST_okay);
    assert_int_equal(cont_args[1], (uint64_t)&un[1]);
    assert_int_equal(cont_args[2], 2);
    preempt = false;
    assert_int_equal(do_grant_table_op(cont_args[0], cont_args[1], cont_args[2]), 0);
    assert_int_equal(un[1].status, GNTST_bad_handle);
    assert_int_equal(un[2].status, GNTST_okay);
    assert_int_equal(mfn_refs[0] + mfn_refs[2], 0);

    set_xen_guest_handle(st.frame_list, frames);
    assert_int_equal(do_grant_table_op(GNTTABOP_setup_table, (uint64_t)&st, 1), 0);
    assert_int_equal(st.status, GNTST_okay);
    assert_int_equal(frames[1], GNTTAB_NO_GFN);
    assert_int_equal(do_grant_table_op(GNTTABOP_setup_table, (uint64_t)&st, 2), -EINVAL);

    assert_int_equal(do_grant_table_op(GNTTABOP_set_version, (uint64_t)&sv, 1), -EOPNOTSUPP);
    assert_int_equal(sv.version, 1);
    sv.version = 1;
    assert_int_equal(do_grant_table_op(GNTTABOP_set_version, (uint64_t)&sv, 1), 0);
    assert_int_equal(do_grant_table_op(GNTTABOP_get_version, (uint64_t)&gv, 1), 0);
    assert_int_equal(gv.version, 1);

    bad_gva = (uint64_t)&gv;
    assert_int_equal(do_grant_table_op(GNTTABOP_get_version, bad_gva, 1), -EFAULT);
    bad_gva = 0;
    assert_int_equal(do_grant_table_op(GNTTABOP_transfer, (uint64_t)&gv, 1), -ENOSYS);
    /* As Xen: a negative count; bits above the command but for cache_flush. */
    assert_int_equal(do_grant_table_op(GNTTABOP_map_grant_ref, (uint64_t)ops, 0x80000000u),
                     -EINVAL);
    assert_int_equal(do_grant_table_op(GNTTABOP_get_version | 0x1000, (uint64_t)&gv, 1),
                     -EINVAL);
    assert_int_equal(do_grant_table_op(GNTTABOP_cache_flush | 0x1000, (uint64_t)ops, 0), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_map_unmap, setup, teardown),
        cmocka_unit_test_setup_teardown(test_map_racing_granter_death, setup, teardown),
        cmocka_unit_test_setup_teardown(test_mapping_holds_granter, setup, teardown),
        cmocka_unit_test_setup_teardown(test_map_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_readonly, setup, teardown),
        cmocka_unit_test_setup_teardown(test_readonly_ram, setup, teardown),
        cmocka_unit_test_setup_teardown(test_copy, setup, teardown),
        cmocka_unit_test_setup_teardown(test_copy_bulk, setup, teardown),
        cmocka_unit_test_setup_teardown(test_xsm_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_growth, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cache_flush, setup, teardown),
        cmocka_unit_test_setup_teardown(test_max_frames, setup, teardown),
        cmocka_unit_test_setup_teardown(test_teardown_live, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unmap_dying_granter, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hypercall, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
