/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests of the domain heap (alloc_domheap_pages() and friends in
 * hypervisor/common/page_alloc.c): owners, the domain's page list and
 * limit, and giving everything back, merged into the blocks it came from.
 * "RAM" is an aligned arena of this process, as in test_page_alloc.c.
 */
#include <stdlib.h>

#include "fakes.h"
#include "host.h"
#include <xenith/bootinfo.h>
#include <xenith/domain.h>
#include <xenith/page_alloc.h>

static char booted[8192];
static struct domain dom;

static void dump(char *buf, size_t size)
{
    host_log_clear();
    page_alloc_dump();
    assert_true(strlen(host_log) < size);
    memcpy(buf, host_log, strlen(host_log) + 1);
}

static int setup(void **state)
{
    fake_ram_init();
    dump(booted, sizeof(booted));

    memset(&dom, 0, sizeof(dom));
    dom.domain_id = 1;
    dom.max_pages = 1024;
    spin_lock_init(&dom.page_alloc_lock);
    page_list_init(&dom.page_list);
    return 0;
}

static unsigned long list_length(const struct domain *d)
{
    unsigned long n = 0;

    for ( const struct page_info *pg = page_list_first(&d->page_list); pg;
          pg = page_list_entry_at(pg->list.next) )
        n++;
    return n;
}

static void test_owner_and_count(void **state)
{
    unsigned long before = total_free_pages();
    struct page_info *pg = alloc_domheap_pages(&dom, 3, 0);

    assert_non_null(pg);
    assert_int_equal(dom.tot_pages, 8);
    assert_int_equal(list_length(&dom), 8);
    assert_int_equal(total_free_pages(), before - 8);
    for ( unsigned int i = 0; i < 8; i++ )
    {
        assert_ptr_equal(pg[i].v.inuse.owner, &dom);
        assert_false(pg[i].count_info & PGC_xen_heap);
    }
    /* Part of a block may go back on its own. */
    free_domheap_pages(pg + 4, 2);
    assert_int_equal(dom.tot_pages, 4);
    assert_int_equal(list_length(&dom), 4);
    free_domheap_pages(pg, 2);
    assert_int_equal(dom.tot_pages, 0);
    assert_true(page_list_empty(&dom.page_list));
    assert_int_equal(total_free_pages(), before);
}

static void test_limit(void **state)
{
    unsigned long before = total_free_pages();

    dom.max_pages = 12;
    assert_non_null(alloc_domheap_pages(&dom, 3, 0));
    assert_null(alloc_domheap_pages(&dom, 3, 0));   /* 16 > 12 */
    assert_non_null(alloc_domheap_pages(&dom, 2, 0));
    assert_null(alloc_domheap_pages(&dom, 0, 0));   /* full */
    assert_int_equal(dom.tot_pages, 12);
    assert_int_equal(total_free_pages(), before - 12);
    assert_int_equal(relinquish_domheap_pages(&dom), 12);
    assert_int_equal(total_free_pages(), before);
}

static void test_anonymous(void **state)
{
    unsigned long before = total_free_pages();
    struct page_info *pg = alloc_domheap_pages(NULL, 1, 0);

    /* Nobody's: counted by nobody, freed like any other. */
    assert_non_null(pg);
    assert_null(pg->v.inuse.owner);
    assert_int_equal(total_free_pages(), before - 2);
    free_domheap_pages(pg, 1);
    assert_int_equal(total_free_pages(), before);
}

/* Many blocks of mixed sizes come back whole: the heap is as booted. */
static void test_relinquish_merges(void **state)
{
    char now[sizeof(booted)];
    unsigned long total = 0;

    for ( unsigned int i = 0; i < 40; i++ )
    {
        unsigned int order = (i * 7) % 6;

        assert_non_null(alloc_domheap_pages(&dom, order, 0));
        total += 1UL << order;
    }
    /* Give some back singly first, from the middle of blocks. */
    free_domheap_pages(page_list_first(&dom.page_list), 0);
    total--;
    assert_int_equal(dom.tot_pages, total);
    assert_int_equal(relinquish_domheap_pages(&dom), total);
    assert_int_equal(dom.tot_pages, 0);
    dump(now, sizeof(now));
    assert_string_equal(now, booted);
}

/* References: who may take one, and that the allocation is one. */
static void test_get_page(void **state)
{
    struct domain other = { .domain_id = 2 };
    struct page_info *pg = alloc_domheap_pages(&dom, 0, 0);
    struct page_info *anon = alloc_domheap_pages(NULL, 0, 0);
    void *xen = alloc_xenheap_pages(0, 0);

    assert_non_null(pg);
    assert_true(pg->count_info & PGC_allocated);
    assert_int_equal(pg->count_info & PGC_count_mask, 1);
    assert_true(get_page(pg, &dom));
    assert_int_equal(pg->count_info & PGC_count_mask, 2);
    assert_false(get_page(pg, &other));
    assert_false(get_page(pg, NULL));
    assert_false(get_page(anon, NULL));
    assert_false(get_page(virt_to_page(xen), NULL));
    assert_int_equal(pg->count_info & PGC_count_mask, 2);
    put_page(pg);
    assert_int_equal(pg->count_info & PGC_count_mask, 1);

    free_domheap_pages(anon, 0);
    free_xenheap_pages(xen, 0);
    free_domheap_pages(pg, 0);
    /* Free now: no reference can be taken, none dropped. */
    assert_false(get_page(pg, &dom));
    assert_false(get_page(pg, NULL));
    expect_assert_failure(put_page(pg));
}

/*
 * A page its domain frees while referenced goes with the last reference;
 * until then it is still the domain's, counted (Xen's accounting).
 */
static void test_free_while_referenced(void **state)
{
    unsigned long before = total_free_pages();
    struct page_info *pg = alloc_domheap_pages(&dom, 0, 0);

    assert_true(get_page(pg, &dom));
    assert_true(get_page(pg, &dom));
    free_domheap_pages(pg, 0);
    assert_int_equal(dom.tot_pages, 1);
    assert_int_equal(list_length(&dom), 1);
    assert_ptr_equal(page_get_owner(pg), &dom);
    assert_false(pg->count_info & PGC_allocated);
    assert_true(page_state_is(pg, inuse));
    assert_int_equal(total_free_pages(), before - 1);
    /* It counts against the limit meanwhile. */
    dom.max_pages = 1;
    assert_null(alloc_domheap_pages(&dom, 0, 0));
    put_page(pg);
    assert_int_equal(dom.tot_pages, 1);
    assert_int_equal(total_free_pages(), before - 1);
    put_page(pg);
    assert_true(page_state_is(pg, free));
    assert_int_equal(dom.tot_pages, 0);
    assert_true(page_list_empty(&dom.page_list));
    assert_int_equal(total_free_pages(), before);
    assert_non_null(alloc_domheap_pages(&dom, 0, 0));
}

/*
 * One referenced page in a block the domain frees: the others go at once,
 * it goes at its last put_page(), and the block merges back whole.
 */
static void test_free_block_one_referenced(void **state)
{
    char now[sizeof(booted)];
    unsigned long before = total_free_pages();
    struct page_info *pg = alloc_domheap_pages(&dom, 3, 0);

    assert_true(get_page(&pg[5], &dom));
    free_domheap_pages(pg, 3);
    assert_int_equal(dom.tot_pages, 1);
    assert_int_equal(list_length(&dom), 1);
    assert_int_equal(total_free_pages(), before - 1);
    for ( unsigned int i = 0; i < 8; i++ )
        assert_true(i == 5 ? page_state_is(&pg[i], inuse) : page_state_is(&pg[i], free));
    put_page(&pg[5]);
    assert_int_equal(dom.tot_pages, 0);
    assert_int_equal(total_free_pages(), before);
    dump(now, sizeof(now));
    assert_string_equal(now, booted);
}

/*
 * Domain destruction: referenced pages, freed by the domain before or
 * not, leave it (nobody's) and go with their last reference.
 */
static void test_relinquish_referenced(void **state)
{
    char now[sizeof(booted)];
    unsigned long before = total_free_pages();
    struct page_info *a = alloc_domheap_pages(&dom, 4, 0);
    struct page_info *b = alloc_domheap_pages(&dom, 0, 0);
    struct page_info *c = alloc_domheap_pages(&dom, 0, 0);

    assert_true(get_page(&a[0], &dom));
    assert_true(get_page(b, &dom));
    assert_true(get_page(c, &dom));
    free_domheap_pages(c, 0);           /* freed by the domain, still referenced */
    assert_int_equal(relinquish_domheap_pages(&dom), 18);
    assert_int_equal(dom.tot_pages, 0);
    assert_true(page_list_empty(&dom.page_list));
    assert_null(page_get_owner(b));
    assert_null(page_get_owner(c));
    assert_false(get_page(b, &dom));
    assert_int_equal(total_free_pages(), before - 3);
    put_page(b);
    put_page(c);
    put_page(&a[0]);
    assert_int_equal(dom.tot_pages, 0);
    assert_int_equal(total_free_pages(), before);
    dump(now, sizeof(now));
    assert_string_equal(now, booted);
}

/* A domain cannot free a page twice, even one kept alive by a reference. */
static void test_double_free(void **state)
{
    struct page_info *pg = alloc_domheap_pages(&dom, 0, 0);

    assert_true(get_page(pg, &dom));
    free_domheap_pages(pg, 0);
    expect_assert_failure(free_domheap_pages(pg, 0));
}

/* decrease_reservation's way: a reference of its own, then the allocation's. */
static void test_put_page_alloc_ref(void **state)
{
    unsigned long before = total_free_pages();
    struct page_info *pg = alloc_domheap_pages(&dom, 0, 0);

    assert_true(get_page(pg, &dom));
    put_page_alloc_ref(pg);
    assert_false(pg->count_info & PGC_allocated);
    assert_int_equal(dom.tot_pages, 1);
    put_page_alloc_ref(pg);             /* already given up: nothing */
    assert_int_equal(pg->count_info & PGC_count_mask, 1);
    put_page(pg);
    assert_int_equal(dom.tot_pages, 0);
    assert_int_equal(total_free_pages(), before);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_owner_and_count, setup),
        cmocka_unit_test_setup(test_limit, setup),
        cmocka_unit_test_setup(test_anonymous, setup),
        cmocka_unit_test_setup(test_relinquish_merges, setup),
        cmocka_unit_test_setup(test_get_page, setup),
        cmocka_unit_test_setup(test_free_while_referenced, setup),
        cmocka_unit_test_setup(test_free_block_one_referenced, setup),
        cmocka_unit_test_setup(test_relinquish_referenced, setup),
        cmocka_unit_test_setup(test_double_free, setup),
        cmocka_unit_test_setup(test_put_page_alloc_ref, setup),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
