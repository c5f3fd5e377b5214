/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests of the buddy page allocator (hypervisor/common/page_alloc.c).
 * "RAM" is an aligned arena of this process; on the host arch a machine
 * address is a pointer, so banks and reserved ranges are arena addresses.
 */
#include <stdlib.h>
#include <sys/mman.h>

#include "host.h"
#include <xenith/bootinfo.h>
#include <xenith/mm.h>
#include <xenith/page_alloc.h>

#define ARENA_SIZE      (16UL << 20)
#define ARENA_PAGES     (ARENA_SIZE >> PAGE_SHIFT)

struct bootinfo bootinfo;

static char *arena;
static char initial_dump[8192];

static paddr_t A(unsigned long off)
{
    return (paddr_t)(uintptr_t)arena + off;
}

/* Page index in the arena of an allocation. */
static long page_of(const void *p)
{
    return ((const char *)p - arena) >> PAGE_SHIFT;
}

static void add_bank(struct meminfo *mi, paddr_t start, paddr_t size)
{
    mi->bank[mi->nr].start = start;
    mi->bank[mi->nr].size = size;
    mi->nr++;
}

static void take_dump(char *buf, size_t size)
{
    host_log_clear();
    page_alloc_dump();
    assert_true(strlen(host_log) < size);
    memcpy(buf, host_log, strlen(host_log) + 1);
}

/* Start the allocator on the banks and reservations put in bootinfo. */
static void boot(void)
{
    page_alloc_init();
    take_dump(initial_dump, sizeof(initial_dump));
}

/* The block structure is exactly the one after boot: everything merged. */
static void assert_as_booted(void)
{
    char now[sizeof(initial_dump)];

    take_dump(now, sizeof(now));
    assert_string_equal(now, initial_dump);
}

static bool in_frame_table(long page)
{
    long ft = page_of(frame_table);
    long nr = (long)(PFN_UP(frame_table_nr * sizeof(struct page_info)));

    return page >= ft && page < ft + nr;
}

/*
 * What the frame table finds in RAM: entries posing as pages in use, which
 * no allocation could take unless the allocator zeroes the table (free,
 * heading nothing) before it links the free blocks.
 */
static void fill_junk(char *ram, size_t size)
{
    const struct page_info junk = {
        .list = { PAGE_LIST_NULL, PAGE_LIST_NULL },
        .count_info = PGC_state_inuse | PGC_allocated | 1,
        .u.free.head = 11 + 1,
    };

    for ( struct page_info *pg = (void *)ram; pg < (struct page_info *)(ram + size); pg++ )
        *pg = junk;
}

static int setup(void **state)
{
    if ( !arena )
        arena = aligned_alloc(ARENA_SIZE, ARENA_SIZE);
    assert_non_null(arena);
    fill_junk(arena, ARENA_SIZE);
    memset(&bootinfo, 0, sizeof(bootinfo));
    host_log_clear();
    return 0;
}

/* Allocate single pages until none is left; returns how many, in @pages. */
static unsigned long exhaust(void **pages, unsigned long max)
{
    unsigned long n = 0;
    void *p;

    while ( (p = alloc_xenheap_pages(0, 0)) != NULL )
    {
        assert_true(n < max);
        pages[n++] = p;
    }
    assert_int_equal(total_free_pages(), 0);
    return n;
}

static void test_init_counts(void **state)
{
    add_bank(&bootinfo.mem, A(0), ARENA_SIZE);
    boot();
    assert_int_equal(total_ram_pages(), ARENA_PAGES);
    assert_int_equal(frame_table_base_mfn, (uintptr_t)arena >> PAGE_SHIFT);
    assert_int_equal(frame_table_nr, ARENA_PAGES);
    /* 4096 entries of 32 bytes: the table takes 32 pages of the arena. */
    assert_int_equal(total_free_pages(), ARENA_PAGES - 32);
    assert_true(page_of(frame_table) >= 0 && page_of(frame_table) < (long)ARENA_PAGES);
    assert_true(host_log_contains("16 MiB RAM"));
}

static void test_every_order(void **state)
{
    unsigned long initial;

    add_bank(&bootinfo.mem, A(0), ARENA_SIZE);
    boot();
    initial = total_free_pages();
    /* The frame table sits in the first 2^12-page block: 2^11 is the most. */
    for ( unsigned int order = 0; order <= 11; order++ )
    {
        char *p = alloc_xenheap_pages(order, 0);

        assert_non_null(p);
        assert_int_equal((uintptr_t)p % (PAGE_SIZE << order), 0);
        assert_true(p >= arena && p + (PAGE_SIZE << order) <= arena + ARENA_SIZE);
        for ( unsigned long i = 0; i < (1UL << order); i++ )
            assert_false(in_frame_table(page_of(p) + (long)i));
        assert_int_equal(total_free_pages(), initial - (1UL << order));
        memset(p, 0xa5, PAGE_SIZE << order);    /* the memory is ours */
        free_xenheap_pages(p, order);
        assert_int_equal(total_free_pages(), initial);
    }
    assert_null(alloc_xenheap_pages(12, 0));
    assert_null(alloc_xenheap_pages(MAX_ORDER + 1, 0));
    assert_as_booted();
}

static void test_exhaust_and_coalesce(void **state)
{
    static void *pages[ARENA_PAGES];
    static bool seen[ARENA_PAGES];
    unsigned long n;

    add_bank(&bootinfo.mem, A(0), ARENA_SIZE);
    boot();
    n = exhaust(pages, ARENA_PAGES);
    assert_int_equal(n, ARENA_PAGES - 32);
    assert_null(alloc_xenheap_pages(0, 0));
    memset(seen, 0, sizeof(seen));
    for ( unsigned long i = 0; i < n; i++ )
    {
        long pg = page_of(pages[i]);

        assert_false(seen[pg]);
        assert_false(in_frame_table(pg));
        seen[pg] = true;
    }
    /* Free in a scrambled order: the blocks must merge all the way back. */
    srand(7);
    for ( unsigned long i = n - 1; i > 0; i-- )
    {
        unsigned long j = (unsigned long)rand() % (i + 1);
        void *t = pages[i];

        pages[i] = pages[j];
        pages[j] = t;
    }
    for ( unsigned long i = 0; i < n; i++ )
        free_xenheap_pages(pages[i], 0);
    assert_int_equal(total_free_pages(), n);
    assert_as_booted();
}

/* Page @page of @ram reserved, page-granular and rounded outwards, as the allocator must. */
static bool page_reserved_in(const char *ram, unsigned long page)
{
    paddr_t s = (paddr_t)(uintptr_t)ram + (page << PAGE_SHIFT), e = s + PAGE_SIZE;

    for ( unsigned int i = 0; i < bootinfo.reserved.nr; i++ )
    {
        const struct membank *r = &bootinfo.reserved.bank[i];

        if ( r->start < e && r->start + r->size > s )
            return true;
    }
    return false;
}

static bool page_reserved(long page)
{
    return page_reserved_in(arena, (unsigned long)page);
}

static void test_reserved_never_handed_out(void **state)
{
    static void *pages[ARENA_PAGES];
    unsigned long expected = 0, n;

    add_bank(&bootinfo.mem, A(0), ARENA_SIZE);
    add_bank(&bootinfo.reserved, A(0x5000) + 123, 0x2000);     /* pages 5-7 */
    add_bank(&bootinfo.reserved, A(0x100000), 0x10000);
    add_bank(&bootinfo.reserved, A(0x108000), 0x20000);        /* overlaps */
    add_bank(&bootinfo.reserved, A(ARENA_SIZE - 0x1000), 0x5000); /* past the end */
    add_bank(&bootinfo.reserved, A(ARENA_SIZE + 0x100000), 0x1000); /* not RAM */
    boot();
    for ( long pg = 0; pg < (long)ARENA_PAGES; pg++ )
        if ( !page_reserved(pg) && !in_frame_table(pg) )
            expected++;
    assert_int_equal(total_free_pages(), expected);
    /* The frame table went to the first gap that holds it. */
    assert_int_equal(page_of(frame_table), 8);

    n = exhaust(pages, ARENA_PAGES);
    assert_int_equal(n, expected);
    for ( unsigned long i = 0; i < n; i++ )
    {
        assert_false(page_reserved(page_of(pages[i])));
        assert_false(in_frame_table(page_of(pages[i])));
    }
    /* Handing a reserved page or the frame table to free is a bug. */
    expect_assert_failure(free_xenheap_pages(arena + 0x6000, 0));
    expect_assert_failure(free_xenheap_pages(frame_table, 0));
    for ( unsigned long i = 0; i < n; i++ )
        free_xenheap_pages(pages[i], 0);
    assert_as_booted();
}

static void test_unaligned_bank_edges(void **state)
{
    static void *pages[ARENA_PAGES];
    unsigned long n;

    /* Only whole pages count: 1 .. 4093 (the end is 5000 bytes short). */
    add_bank(&bootinfo.mem, A(100), ARENA_SIZE - 5000 - 100);
    boot();
    assert_int_equal(total_ram_pages(), ARENA_PAGES - 3);
    assert_int_equal(frame_table_base_mfn, ((uintptr_t)arena >> PAGE_SHIFT) + 1);
    n = exhaust(pages, ARENA_PAGES);
    for ( unsigned long i = 0; i < n; i++ )
        assert_true(page_of(pages[i]) >= 1 && page_of(pages[i]) <= (long)ARENA_PAGES - 3);
    for ( unsigned long i = 0; i < n; i++ )
        free_xenheap_pages(pages[i], 0);
    assert_as_booted();
}

static void test_two_banks_with_hole(void **state)
{
    static void *pages[ARENA_PAGES];
    unsigned long n;
    void *big;

    /* In either order (the device tree's). */
    if ( *state )
    {
        add_bank(&bootinfo.mem, A(8UL << 20), 8UL << 20);
        add_bank(&bootinfo.mem, A(0), 4UL << 20);
    }
    else
    {
        add_bank(&bootinfo.mem, A(0), 4UL << 20);
        add_bank(&bootinfo.mem, A(8UL << 20), 8UL << 20);
    }
    boot();
    assert_int_equal(total_ram_pages(), 3 * ARENA_PAGES / 4);
    assert_int_equal(frame_table_nr, ARENA_PAGES);      /* the hole too */
    /*
     * The upper bank is one aligned 8 MiB block; it cannot merge across the
     * hole.  (Reversed, the frame table goes in the upper bank, the first.)
     */
    if ( !*state )
    {
        big = alloc_xenheap_pages(11, 0);
        assert_ptr_equal(big, arena + (8UL << 20));
        assert_null(alloc_xenheap_pages(11, 0));
        free_xenheap_pages(big, 11);
    }
    assert_null(alloc_xenheap_pages(12, 0));

    n = exhaust(pages, ARENA_PAGES);
    for ( unsigned long i = 0; i < n; i++ )
        assert_false(page_of(pages[i]) >= 1024 && page_of(pages[i]) < 2048);
    /* A page of the hole was never RAM: freeing it is a bug. */
    expect_assert_failure(free_xenheap_pages(arena + (5UL << 20), 0));
    for ( unsigned long i = 0; i < n; i++ )
        free_xenheap_pages(pages[i], 0);
    assert_as_booted();
}

struct live {
    char *p;
    unsigned int order;
};

/* One random round: allocate (3 times in 5) or free a random live block. */
static void random_round(struct live *live, unsigned int *nr_live, uint16_t *owner,
                         unsigned long *model_free, uint16_t id)
{
    if ( *nr_live && (rand() % 5 >= 3 || *nr_live == 4096) )
    {
        unsigned int k = (unsigned int)rand() % *nr_live;
        struct live l = live[k];

        for ( unsigned long i = 0; i < (1UL << l.order); i++ )
            owner[page_of(l.p) + (long)i] = 0;
        free_xenheap_pages(l.p, l.order);
        *model_free += 1UL << l.order;
        live[k] = live[--*nr_live];
    }
    else
    {
        unsigned int order = (unsigned int)rand() % 7;
        char *p = alloc_xenheap_pages(order, 0);

        if ( !p )
            return;
        assert_int_equal((uintptr_t)p % (PAGE_SIZE << order), 0);
        for ( unsigned long i = 0; i < (1UL << order); i++ )
        {
            long pg = page_of(p) + (long)i;

            assert_true(pg >= 0 && pg < (long)ARENA_PAGES);
            assert_int_equal(owner[pg], 0);     /* no overlap with a live block */
            assert_false(page_reserved(pg) || in_frame_table(pg));
            owner[pg] = id;
        }
        *model_free -= 1UL << order;
        live[(*nr_live)++] = (struct live){ p, order };
    }
}

static void test_random_against_model(void **state)
{
    static struct live live[4096];
    static uint16_t owner[ARENA_PAGES];
    unsigned int nr_live = 0;
    unsigned long model_free;

    add_bank(&bootinfo.mem, A(0), ARENA_SIZE);
    add_bank(&bootinfo.reserved, A(0x300000) + 1, 0x3000);
    boot();
    model_free = total_free_pages();
    memset(owner, 0, sizeof(owner));
    srand(12345);
    for ( unsigned int round = 1; round <= 30000; round++ )
    {
        random_round(live, &nr_live, owner, &model_free, (uint16_t)(round | 1));
        assert_int_equal(total_free_pages(), model_free);
    }
    while ( nr_live )
    {
        nr_live--;
        free_xenheap_pages(live[nr_live].p, live[nr_live].order);
    }
    assert_as_booted();
}

static void test_bad_frees(void **state)
{
    char *p, *q;

    add_bank(&bootinfo.mem, A(0), ARENA_SIZE);
    boot();
    p = alloc_xenheap_pages(0, 0);
    free_xenheap_pages(p, 0);
    expect_assert_failure(free_xenheap_pages(p, 0));            /* double free */

    q = alloc_xenheap_pages(2, 0);
    expect_assert_failure(free_xenheap_pages(q, 3));            /* too large */
    expect_assert_failure(free_xenheap_pages(q + PAGE_SIZE, 1)); /* misaligned */
    expect_assert_failure(free_xenheap_pages(q + 8, 0));        /* not a page */
    expect_assert_failure(free_xenheap_pages(arena + ARENA_SIZE, 0)); /* not RAM */
    /* Parts of an allocation may go back on their own. */
    free_xenheap_pages(q + 2 * PAGE_SIZE, 1);
    free_xenheap_pages(q, 0);
    free_xenheap_pages(q + PAGE_SIZE, 0);
    free_xenheap_pages(NULL, 0);
    /* The refused frees changed nothing. */
    assert_as_booted();
}

static void test_max_order(void **state)
{
    const size_t four_g = 1UL << 32, low = 64UL << 20;
    size_t len = 2 * four_g + low;
    char *map = mmap(NULL, len, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    unsigned long initial;
    char *big;

    assert_true(map != MAP_FAILED);
    big = (char *)ROUNDUP((uintptr_t)map + low, four_g);
    /* A small bank for the frame table, then 4 GiB that is one block. */
    add_bank(&bootinfo.mem, (paddr_t)(uintptr_t)(big - low), low);
    add_bank(&bootinfo.mem, (paddr_t)(uintptr_t)big, four_g);
    boot();
    /* The 4 GiB join the lists when an allocation needs them. */
    assert_true(host_log_contains("not yet in the lists"));
    initial = total_free_pages();
    assert_ptr_equal(alloc_xenheap_pages(MAX_ORDER, 0), big);
    assert_null(alloc_xenheap_pages(MAX_ORDER, 0));
    free_xenheap_pages(big, MAX_ORDER);
    assert_int_equal(total_free_pages(), initial);
    host_log_clear();
    page_alloc_dump();
    assert_true(host_log_contains("order 20"));
    assert_false(host_log_contains("not yet in the lists"));
    munmap(map, len);
}

/*
 * RAM beyond what page_alloc_init() prepares (64 MiB): 256 MiB with
 * reserved ranges in the part prepared later, one across a chunk boundary.
 * The free count is exact from the start; allocating everything in blocks
 * of one order, then single pages, hands out every free page once and no
 * other; freeing it all merges it back.
 */
#define BIG_RAM         (256UL << 20)
#define BIG_PAGES       (BIG_RAM >> PAGE_SHIFT)

static void test_deferred_every_order(void **state)
{
    static const unsigned int orders[] = { 0, 3, 9, 13, 16 };
    static uint8_t seen[BIG_PAGES];
    static char *blocks[BIG_PAGES];
    char *map = mmap(NULL, 2 * BIG_RAM, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    char *ram;

    assert_true(map != MAP_FAILED);
    ram = (char *)ROUNDUP((uintptr_t)map, BIG_RAM);
    for ( unsigned int k = 0; k < ARRAY_SIZE(orders); k++ )
    {
        unsigned long expected = 0, n = 0, got = 0;
        long ft, ft_pages;
        char *p;

        memset(&bootinfo, 0, sizeof(bootinfo));
        add_bank(&bootinfo.mem, (paddr_t)(uintptr_t)ram, BIG_RAM);
        add_bank(&bootinfo.reserved, (paddr_t)(uintptr_t)ram + (100UL << 20) + 123, 0x3000);
        add_bank(&bootinfo.reserved, (paddr_t)(uintptr_t)ram + (96UL << 20) - 0x2000, 0x4000);
        add_bank(&bootinfo.reserved, (paddr_t)(uintptr_t)ram + BIG_RAM - 0x1000, 0x1000);
        fill_junk(ram, 4UL << 20);      /* where the 2 MiB frame table goes */
        boot();
        assert_true(frame_table_ready < frame_table_nr);
        assert_false(mfn_valid(_mfn(frame_table_base_mfn + frame_table_nr - 1)));
        ft = ((char *)frame_table - ram) >> PAGE_SHIFT;
        ft_pages = (long)PFN_UP(frame_table_nr * sizeof(struct page_info));
        for ( unsigned long pg = 0; pg < BIG_PAGES; pg++ )
            if ( !page_reserved_in(ram, pg) && ((long)pg < ft || (long)pg >= ft + ft_pages) )
                expected++;
        assert_int_equal(total_free_pages(), expected);
        memset(seen, 0, sizeof(seen));
        /* Blocks of the order while they last, then what is left page by page. */
        for ( unsigned int order = orders[k]; ; order = 0 )
        {
            while ( (p = alloc_xenheap_pages(order, 0)) != NULL )
            {
                unsigned long first = (unsigned long)(p - ram) >> PAGE_SHIFT;

                assert_true(p >= ram && first + (1UL << order) <= BIG_PAGES);
                assert_int_equal(first % (1UL << order), 0);
                for ( unsigned long i = first; i < first + (1UL << order); i++ )
                {
                    assert_false(seen[i]);
                    assert_false(page_reserved_in(ram, i));
                    assert_false((long)i >= ft && (long)i < ft + ft_pages);
                    assert_true(mfn_valid(virt_to_mfn(ram + (i << PAGE_SHIFT))));
                    seen[i] = 1;
                }
                blocks[n++] = p;
                seen[first] = (uint8_t)(order + 1);
                got += 1UL << order;
            }
            if ( !order )
                break;
        }
        assert_int_equal(got, expected);
        assert_int_equal(total_free_pages(), 0);
        assert_int_equal(frame_table_ready, frame_table_nr);
        /* The frames never free were marked so as their chunks came. */
        for ( unsigned long pg = 0; pg < BIG_PAGES; pg++ )
            if ( page_reserved_in(ram, pg) || ((long)pg >= ft && (long)pg < ft + ft_pages) )
                assert_true(page_state_is(virt_to_page(ram + (pg << PAGE_SHIFT)), reserved));
        for ( unsigned long i = 0; i < n; i++ )
        {
            unsigned long first = (unsigned long)(blocks[i] - ram) >> PAGE_SHIFT;

            free_xenheap_pages(blocks[i], seen[first] - 1U);
        }
        assert_int_equal(total_free_pages(), expected);
        /* Everything merged: the one free 64 MiB block is there again. */
        p = alloc_xenheap_pages(14, 0);
        assert_ptr_equal(p, ram + (128UL << 20));
        free_xenheap_pages(p, 14);
    }
    munmap(map, 2 * BIG_RAM);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_init_counts, setup),
        cmocka_unit_test_setup(test_every_order, setup),
        cmocka_unit_test_setup(test_exhaust_and_coalesce, setup),
        cmocka_unit_test_setup(test_reserved_never_handed_out, setup),
        cmocka_unit_test_setup(test_unaligned_bank_edges, setup),
        cmocka_unit_test_setup(test_two_banks_with_hole, setup),
        { "test_two_banks_with_hole_reversed", test_two_banks_with_hole, setup, NULL,
          (void *)1 },
        cmocka_unit_test_setup(test_random_against_model, setup),
        cmocka_unit_test_setup(test_bad_frees, setup),
        cmocka_unit_test_setup(test_max_order, setup),
        cmocka_unit_test_setup(test_deferred_every_order, setup),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
