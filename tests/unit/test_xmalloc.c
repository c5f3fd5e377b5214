/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests of the hypervisor heap (hypervisor/common/xmalloc.c), on the
 * real page allocator running in an arena of this process.
 */
#include <stdlib.h>

#include "host.h"
#include <xenith/bootinfo.h>
#include <xenith/keyhandler.h>
#include <xenith/mm.h>
#include <xenith/page_alloc.h>
#include <xenith/xmalloc.h>

#define ARENA_SIZE      (32UL << 20)

struct bootinfo bootinfo;

static char *arena;
static unsigned long boot_free;         /* free pages right after boot */

static int setup(void **state)
{
    if ( !arena )
        arena = aligned_alloc(ARENA_SIZE, ARENA_SIZE);
    assert_non_null(arena);
    memset(&bootinfo, 0, sizeof(bootinfo));
    bootinfo.mem.nr = 1;
    bootinfo.mem.bank[0].start = (paddr_t)(uintptr_t)arena;
    bootinfo.mem.bank[0].size = ARENA_SIZE;
    page_alloc_init();
    boot_free = total_free_pages();
    host_log_clear();
    return 0;
}

/* Every slab and large block went back to the page allocator. */
static int all_returned(void **state)
{
    assert_int_equal(total_free_pages(), boot_free);
    return 0;
}

static unsigned char pattern(unsigned int id, size_t i)
{
    return (unsigned char)(id * 31 + i * 7 + 1);
}

static void fill(unsigned char *p, size_t size, unsigned int id)
{
    for ( size_t i = 0; i < size; i++ )
        p[i] = pattern(id, i);
}

static void check(const unsigned char *p, size_t size, unsigned int id)
{
    for ( size_t i = 0; i < size; i++ )
        if ( p[i] != pattern(id, i) )
            fail_msg("block %u of %zu bytes overwritten at byte %zu", id, size, i);
}

static void test_many_sizes(void **state)
{
    enum { N = 2200 };
    static unsigned char *blocks[N];
    static size_t sizes[N];

    /* 1..2100 bytes one by one, then a spread of larger ones. */
    for ( unsigned int i = 0; i < N; i++ )
    {
        sizes[i] = i < 2100 ? i + 1 : (size_t)(i - 2099) * 997;
        blocks[i] = xmalloc_bytes(sizes[i]);
        assert_non_null(blocks[i]);
        assert_int_equal((uintptr_t)blocks[i] % 16, 0);
        assert_true((char *)blocks[i] >= arena &&
                    (char *)blocks[i] + sizes[i] <= arena + ARENA_SIZE);
        fill(blocks[i], sizes[i], i);
    }
    /* No live block overlaps another: every pattern is intact. */
    for ( unsigned int i = 0; i < N; i++ )
        check(blocks[i], sizes[i], i);
    for ( unsigned int i = 0; i < N; i += 2 )
        xfree(blocks[i]);
    for ( unsigned int i = 1; i < N; i += 2 )
        check(blocks[i], sizes[i], i);
    for ( unsigned int i = 1; i < N; i += 2 )
        xfree(blocks[i]);
}

static void test_reuse_after_free(void **state)
{
    void *a = xmalloc_bytes(40), *b = xmalloc_bytes(40), *c;
    unsigned long before;

    assert_ptr_not_equal(a, b);
    xfree(a);
    c = xmalloc_bytes(33);              /* same size class: a's slot */
    assert_ptr_equal(c, a);
    xfree(b);
    xfree(c);

    /* A thousand rounds of the same size use no more memory than one. */
    before = total_free_pages();
    for ( unsigned int i = 0; i < 1000; i++ )
    {
        void *p = xmalloc_bytes(100);

        assert_non_null(p);
        assert_int_equal(total_free_pages(), before - 1);
        xfree(p);
    }
    assert_int_equal(total_free_pages(), before);
}

static void test_zeroed(void **state)
{
    unsigned char *p = xmalloc_bytes(300);

    memset(p, 0xff, 300);
    xfree(p);
    p = xzalloc_bytes(300);
    for ( unsigned int i = 0; i < 300; i++ )
        assert_int_equal(p[i], 0);
    xfree(p);
    p = xzalloc_bytes(3 * PAGE_SIZE + 5);
    for ( unsigned int i = 0; i < 3 * PAGE_SIZE + 5; i++ )
        assert_int_equal(p[i], 0);
    xfree(p);
}

static void test_large(void **state)
{
    static const size_t sizes[] = { 2017, 4096, 4097, 5 * 4096, 100 * 4096 + 1, 3UL << 20 };

    for ( unsigned int i = 0; i < ARRAY_SIZE(sizes); i++ )
    {
        unsigned char *p = xmalloc_bytes(sizes[i]);

        assert_non_null(p);
        /* Whole pages, page-aligned; the unused tail of the block went back. */
        assert_int_equal((uintptr_t)p % PAGE_SIZE, 0);
        assert_int_equal(total_free_pages(), boot_free - PFN_UP(sizes[i]));
        fill(p, sizes[i], i);
        check(p, sizes[i], i);
        xfree(p);
        assert_int_equal(total_free_pages(), boot_free);
    }
    assert_null(xmalloc_bytes(ARENA_SIZE));             /* more than there is */
    assert_null(xmalloc_bytes((PAGE_SIZE << MAX_ORDER) + 1));
    assert_null(xmalloc_bytes(~(size_t)0));
}

static void test_zero_and_null(void **state)
{
    void *p = xmalloc_bytes(0);

    assert_non_null(p);
    xfree(p);
    xfree(NULL);
}

static void test_exhaustion(void **state)
{
    static void *blocks[ARENA_SIZE / 64];
    unsigned int n = 0;
    void *p;

    while ( (p = xmalloc_bytes(64)) != NULL )
    {
        assert_true(n < ARRAY_SIZE(blocks));
        blocks[n++] = p;
    }
    assert_int_equal(total_free_pages(), 0);
    /* 63 objects of 64 bytes per page, every page a slab. */
    assert_int_equal(n, boot_free * 63);
    while ( n )
        xfree(blocks[--n]);
}

static void test_bad_frees(void **state)
{
    char *small = xmalloc_bytes(48), *other = xmalloc_bytes(48);
    char *large = xmalloc_bytes(3 * PAGE_SIZE);
    char *page = alloc_xenheap_pages(0, 0);

    xfree(small);
    expect_assert_failure(xfree(small));                /* double free */
    expect_assert_failure(xfree(other + 16));           /* inside an object */
    expect_assert_failure(xfree(other + 8));            /* misaligned */
    expect_assert_failure(xfree(page));                 /* not from xmalloc */
    xfree(large);
    expect_assert_failure(xfree(large));                /* double free */
    /* A slab whose header was overwritten is not trusted. */
    ((uint32_t *)ROUNDDOWN((uintptr_t)other, PAGE_SIZE))[0] ^= 1;
    expect_assert_failure(xfree(other));
    ((uint32_t *)ROUNDDOWN((uintptr_t)other, PAGE_SIZE))[0] ^= 1;
    xfree(other);
    free_xenheap_pages(page, 0);
}

struct live {
    unsigned char *p;
    size_t size;
    unsigned int id;
};

static size_t random_size(void)
{
    switch ( rand() % 8 )
    {
    case 0:
        return (size_t)rand() % (64 * 1024) + 1;
    case 1: case 2:
        return (size_t)rand() % 2100 + 1;
    default:
        return (size_t)rand() % 256 + 1;
    }
}

static void test_random_rounds(void **state)
{
    enum { LIVE_MAX = 2000 };
    static struct live live[LIVE_MAX];
    unsigned int nr = 0;

    srand(4242);
    for ( unsigned int round = 0; round < 40000; round++ )
    {
        if ( nr == LIVE_MAX || (nr && rand() % 2) )
        {
            unsigned int k = (unsigned int)rand() % nr;

            check(live[k].p, live[k].size, live[k].id);
            xfree(live[k].p);
            live[k] = live[--nr];
        }
        else
        {
            size_t size = random_size();
            unsigned char *p = xmalloc_bytes(size);

            assert_non_null(p);
            assert_int_equal((uintptr_t)p % 16, 0);
            fill(p, size, round);
            live[nr++] = (struct live){ p, size, round };
        }
    }
    while ( nr-- )
    {
        check(live[nr].p, live[nr].size, live[nr].id);
        xfree(live[nr].p);
    }
}

extern const struct keyhandler __start_xenith_keyhandlers[], __stop_xenith_keyhandlers[];

static void test_keyhandler(void **state)
{
    void *small = xmalloc_bytes(100), *large = xmalloc_bytes(2 * PAGE_SIZE);
    const struct keyhandler *h = __start_xenith_keyhandlers;

    while ( h < __stop_xenith_keyhandlers && h->key != 'm' )
        h++;
    assert_true(h < __stop_xenith_keyhandlers);
    h->fn('m');
    assert_true(host_log_contains("32 MiB RAM"));
    assert_true(host_log_contains("free block(s)"));
    assert_true(host_log_contains("1 large block(s) in 2 page(s)"));
    assert_true(host_log_contains(" 112 bytes: 1 object(s) in 1 slab(s)"));
    xfree(small);
    xfree(large);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_many_sizes, setup, all_returned),
        cmocka_unit_test_setup_teardown(test_reuse_after_free, setup, all_returned),
        cmocka_unit_test_setup_teardown(test_zeroed, setup, all_returned),
        cmocka_unit_test_setup_teardown(test_large, setup, all_returned),
        cmocka_unit_test_setup_teardown(test_zero_and_null, setup, all_returned),
        cmocka_unit_test_setup_teardown(test_exhaustion, setup, all_returned),
        cmocka_unit_test_setup_teardown(test_bad_frees, setup, all_returned),
        cmocka_unit_test_setup_teardown(test_random_rounds, setup, all_returned),
        cmocka_unit_test_setup_teardown(test_keyhandler, setup, all_returned),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
