/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests of the stage-2 table walker (hypervisor/arch/arm64/p2m-pt.c)
 * over fake memory: on the host a machine address is a pointer, so table
 * pages come from aligned_alloc().  A model of the mapping (one word per
 * gfn of a 4 GiB window) is compared with the tables after every
 * operation, and the flush callback checks break-before-make: no valid
 * entry may change into another valid one unless it was cleared and a
 * flush came in between.
 */
#include <stdlib.h>

#include "host.h"
#include <xenith/errno.h>
#include <xenith/lib.h>
#include <xenith/mm.h>
#include <asm/p2m-pt.h>

#define WINDOW          (1UL << 20)     /* gfns the model covers: 4 GiB */
#define GFNS(lvl)       (1UL << P2M_LEVEL_ORDER(lvl))
#define ATTRS(tag)      (S2_AF | S2_AP_RW | S2_SH_INNER | S2_MEMATTR_NORMAL_WB | \
                         ((uint64_t)(tag) << S2_SW_SHIFT))

/* A valid entry seen before the operation (break-before-make check). */
struct snap {
    uint64_t *addr;
    uint64_t val;
    bool gone;                  /* its table page was freed */
    bool zeroed;                /* it was invalid at some flush */
};

static struct {
    struct p2m_pt pt;
    unsigned long allocs, frees, flushes;
    long fail_after;            /* allocations that succeed; < 0: all */
    struct snap *snap;
    size_t nr_snap, max_snap;
} fk;

/* gfn -> mfn << 4 | tag (tag 1-15), 0 if unmapped */
static uint64_t *model;

static uint64_t *fake_alloc(struct p2m_pt *pt)
{
    uint64_t *t;

    if ( fk.fail_after == 0 )
        return NULL;
    if ( fk.fail_after > 0 )
        fk.fail_after--;
    t = aligned_alloc(PAGE_SIZE, PAGE_SIZE);
    assert_non_null(t);
    memset(t, 0, PAGE_SIZE);
    fk.allocs++;
    return t;
}

static int snap_cmp(const void *a, const void *b)
{
    const struct snap *x = a, *y = b;

    return x->addr < y->addr ? -1 : x->addr > y->addr;
}

/* The first snapshot entry at or above @addr. */
static size_t snap_find(const uint64_t *addr)
{
    size_t lo = 0, hi = fk.nr_snap;

    while ( lo < hi )
    {
        size_t mid = (lo + hi) / 2;

        if ( fk.snap[mid].addr < addr )
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static void fake_free(struct p2m_pt *pt, uint64_t *table)
{
    for ( size_t i = snap_find(table);
          i < fk.nr_snap && fk.snap[i].addr < table + P2M_PT_ENTRIES; i++ )
        fk.snap[i].gone = true;
    free(table);
    fk.frees++;
}

static void fake_flush(struct p2m_pt *pt)
{
    fk.flushes++;
    for ( size_t i = 0; i < fk.nr_snap; i++ )
    {
        struct snap *s = &fk.snap[i];

        if ( s->gone )
            continue;
        if ( *s->addr == 0 )
            s->zeroed = true;
        else
            assert_true(*s->addr == s->val);    /* made before the break was flushed */
    }
}

static const struct p2m_pt_ops fake_ops = {
    .alloc_table = fake_alloc,
    .free_table = fake_free,
    .flush_tlb = fake_flush,
};

/* Every valid entry of the tables, tables included, in walk order. */
static void walk_entries(uint64_t *table, unsigned int lvl, unsigned int n,
                         void (*fn)(uint64_t *entry, unsigned int lvl))
{
    for ( unsigned int i = 0; i < n; i++ )
    {
        if ( !(table[i] & S2_VALID) )
            continue;
        fn(&table[i], lvl);
        if ( lvl < 3 && (table[i] & S2_KIND_MASK) == S2_TABLE )
            walk_entries((uint64_t *)(uintptr_t)(table[i] & S2_OA_MASK), lvl + 1,
                         P2M_PT_ENTRIES, fn);
    }
}

static void snap_add(uint64_t *entry, unsigned int lvl)
{
    if ( fk.nr_snap == fk.max_snap )
    {
        fk.max_snap = fk.max_snap ? 2 * fk.max_snap : 4096;
        fk.snap = realloc(fk.snap, fk.max_snap * sizeof(*fk.snap));
        assert_non_null(fk.snap);
    }
    fk.snap[fk.nr_snap++] = (struct snap){ .addr = entry, .val = *entry };
}

static void take_snapshot(void)
{
    fk.nr_snap = 0;
    walk_entries(fk.pt.root, fk.pt.root_level, fk.pt.root_entries, snap_add);
    if ( fk.nr_snap )
        qsort(fk.snap, fk.nr_snap, sizeof(*fk.snap), snap_cmp);
}

/* After the operation: a valid entry that changed value was broken first. */
static void check_changed(uint64_t *entry, unsigned int lvl)
{
    size_t i = snap_find(entry);

    if ( i < fk.nr_snap && fk.snap[i].addr == entry && !fk.snap[i].gone &&
         fk.snap[i].val != *entry )
        assert_true(fk.snap[i].zeroed);
}

static void setup_tables(unsigned int root_level, unsigned int root_entries)
{
    size_t bytes = ROUNDUP(root_entries * sizeof(uint64_t), PAGE_SIZE);

    memset(&fk.pt, 0, sizeof(fk.pt));
    fk.pt.root = aligned_alloc(bytes, bytes);
    assert_non_null(fk.pt.root);
    memset(fk.pt.root, 0, bytes);
    fk.pt.root_level = root_level;
    fk.pt.root_entries = root_entries;
    fk.pt.ops = &fake_ops;
    fk.allocs = fk.frees = fk.flushes = 0;
    fk.fail_after = -1;
    fk.nr_snap = 0;
    memset(model, 0, WINDOW * sizeof(*model));
}

static int setup_40bit(void **state)
{
    setup_tables(1, 1024);              /* two concatenated level-1 pages */
    return 0;
}

static int setup_44bit(void **state)
{
    setup_tables(0, 32);
    return 0;
}

static int setup_48bit(void **state)
{
    setup_tables(0, 512);
    return 0;
}

static int teardown_tables(void **state)
{
    p2m_pt_clear(&fk.pt);
    assert_int_equal(fk.allocs, fk.frees);
    assert_int_equal(fk.pt.nr_tables, 0);
    for ( unsigned int lvl = 1; lvl <= 3; lvl++ )
        assert_int_equal(fk.pt.nr_leaves[lvl], 0);
    free(fk.pt.root);
    return 0;
}

/* ------------------------------------------------------------ checks */

struct tally {
    unsigned long mapped;
    unsigned long leaves[4];
};

static void check_leaf(unsigned long gfn, uint64_t pte, unsigned int lvl, void *data)
{
    struct tally *t = data;
    unsigned long tag = (pte & S2_SW_MASK) >> S2_SW_SHIFT;

    assert_true(lvl >= 1 && lvl <= 3);
    assert_int_equal(pte & S2_KIND_MASK, lvl == 3 ? S2_PAGE : S2_BLOCK);
    assert_int_equal(pte & ~(S2_OA_MASK | S2_KIND_MASK), ATTRS(tag));
    assert_true(IS_ALIGNED(p2m_pte_mfn(pte), GFNS(lvl)));
    t->leaves[lvl]++;
    for ( unsigned long i = 0; i < GFNS(lvl); i++ )
    {
        assert_true(gfn + i < WINDOW);
        assert_int_equal(model[gfn + i], (p2m_pte_mfn(pte) + i) << 4 | tag);
    }
    t->mapped += GFNS(lvl);
}

/* The tables map exactly what the model says; the counters are right. */
static void check_tree(void)
{
    struct tally t = { 0 };
    unsigned long mapped = 0;

    p2m_pt_for_each_leaf(&fk.pt, check_leaf, &t);
    for ( unsigned long g = 0; g < WINDOW; g++ )
        mapped += model[g] != 0;
    assert_int_equal(t.mapped, mapped);
    for ( unsigned int lvl = 1; lvl <= 3; lvl++ )
        assert_int_equal(t.leaves[lvl], fk.pt.nr_leaves[lvl]);
    assert_int_equal(fk.pt.nr_tables, fk.allocs - fk.frees);
}

/* [gfn, gfn + nr) -> mfn is mapped with the greedy largest-first entries. */
static void check_maximal(unsigned long gfn, unsigned long mfn, unsigned long nr)
{
    while ( nr )
    {
        unsigned int order = p2m_pt_order(gfn, mfn, nr), lvl;
        uint64_t pte = p2m_pt_lookup(&fk.pt, gfn, &lvl);

        assert_true(pte & S2_VALID);
        assert_int_equal(lvl, 3 - order / 9);
        assert_int_equal(p2m_pte_mfn(pte), mfn);
        gfn += 1UL << order;
        mfn += 1UL << order;
        nr -= 1UL << order;
    }
}

static void model_set(unsigned long gfn, unsigned long nr, unsigned long mfn,
                      unsigned int tag)
{
    for ( unsigned long i = 0; i < nr; i++ )
        model[gfn + i] = mfn == P2M_PT_NO_MFN ? 0 : (mfn + i) << 4 | tag;
}

/* A block the range [s, e) cuts: where it is and what it maps. */
struct cut {
    bool cut;
    unsigned long base, mfn, nr;
};

static struct cut find_cut(unsigned long g, unsigned long s, unsigned long e)
{
    unsigned int lvl;
    uint64_t pte = p2m_pt_lookup(&fk.pt, g, &lvl);
    struct cut c = { 0 };

    if ( !pte )
        return c;
    c.base = g & ~(GFNS(lvl) - 1);
    c.nr = GFNS(lvl);
    c.mfn = p2m_pte_mfn(pte);
    c.cut = c.base < s || c.base + c.nr > e;
    return c;
}

/* The parts of a cut block outside [s, e) are mapped largest-first. */
static void check_remainder(struct cut c, unsigned long s, unsigned long e)
{
    if ( !c.cut )
        return;
    if ( c.base < s )
        check_maximal(c.base, c.mfn, s - c.base);
    if ( c.base + c.nr > e )
        check_maximal(e, c.mfn + (e - c.base), c.base + c.nr - e);
}

/*
 * Run one operation with every check: the tables match the model, the
 * new range and the remainders of cut blocks use the largest entries,
 * break-before-make held, and flushes are few.  Returns the flushes.
 */
static unsigned long do_set(unsigned long gfn, unsigned long nr, unsigned long mfn,
                            unsigned int tag)
{
    struct cut first = find_cut(gfn, gfn, gfn + nr);
    struct cut last = find_cut(gfn + nr - 1, gfn, gfn + nr);
    unsigned long flushes = fk.flushes, frees = fk.frees;
    bool was_mapped = false;

    for ( unsigned long i = 0; i < nr && !was_mapped; i++ )
        was_mapped = model[gfn + i] != 0;
    take_snapshot();
    assert_int_equal(p2m_pt_set(&fk.pt, gfn, nr, mfn, ATTRS(tag)), 0);
    walk_entries(fk.pt.root, fk.pt.root_level, fk.pt.root_entries, check_changed);

    model_set(gfn, nr, mfn, tag);
    check_tree();
    if ( mfn != P2M_PT_NO_MFN )
        check_maximal(gfn, mfn, nr);
    check_remainder(first, gfn, gfn + nr);
    check_remainder(last, gfn, gfn + nr);

    flushes = fk.flushes - flushes;
    if ( was_mapped )
        assert_true(flushes >= 1);
    /* One flush, and one more per 32 tables freed at most. */
    assert_true(flushes <= 1 + (fk.frees - frees) / 32);
    return flushes;
}

/* ------------------------------------------------------------- tests */

static unsigned long rnd(unsigned long n)
{
    return (((unsigned long)random() << 31) ^ (unsigned long)random()) % n;
}

static void test_order_decomposition(void **state)
{
    assert_int_equal(p2m_pt_order(0, 0, 1UL << 18), 18);
    assert_int_equal(p2m_pt_order(0, 0, (1UL << 18) - 1), 9);
    assert_int_equal(p2m_pt_order(512, 1UL << 18, 1UL << 18), 9);
    assert_int_equal(p2m_pt_order(1UL << 18, 512, 1UL << 20), 9);
    assert_int_equal(p2m_pt_order(1UL << 18, 1, 1UL << 20), 0);
    assert_int_equal(p2m_pt_order(3, 3, 1UL << 20), 0);
    assert_int_equal(p2m_pt_order(0, 0, 1), 0);

    for ( unsigned int n = 0; n < 3000; n++ )
    {
        unsigned long gfn = rnd(1UL << 28) & ~((1UL << rnd(20)) - 1);
        unsigned long mfn = rnd(1UL << 28) & ~((1UL << rnd(20)) - 1);
        unsigned long nr = 1 + rnd(1UL << rnd(22)), left = nr;

        while ( left )
        {
            unsigned int order = p2m_pt_order(gfn, mfn, left);
            unsigned long size = 1UL << order;

            assert_true(order == 0 || order == 9 || order == 18);
            assert_true(IS_ALIGNED(gfn, size) && IS_ALIGNED(mfn, size) && size <= left);
            /* Maximal: the next size up is misaligned or too large. */
            if ( order < 18 )
                assert_false(IS_ALIGNED(gfn, size << 9) && IS_ALIGNED(mfn, size << 9) &&
                             (size << 9) <= left);
            gfn += size;
            mfn += size;
            left -= size;
        }
    }
}

static void test_map_into_empty_needs_no_flush(void **state)
{
    /* 8 GiB at 1 GiB: the shape of a guest's RAM, in the 40-bit layout. */
    assert_int_equal(p2m_pt_set(&fk.pt, 0x40000, 0x200000, 0x80000, ATTRS(1)), 0);
    assert_int_equal(fk.flushes, 0);
    assert_int_equal(fk.pt.nr_leaves[1], 8);
    assert_int_equal(fk.pt.nr_leaves[2] + fk.pt.nr_leaves[3], 0);
    assert_int_equal(fk.pt.nr_tables, 0);   /* level 1 is the root */
    assert_int_equal(p2m_pt_set(&fk.pt, 0x40000, 0x200000, P2M_PT_NO_MFN, 0), 0);
    assert_int_equal(fk.flushes, 1);
    assert_int_equal(fk.pt.nr_leaves[1], 0);

    /* A misaligned start: one 4K page up to 2M, 2M blocks up to 1G, a 1G block. */
    assert_int_equal(do_set(511, 1 + 511 * 512 + (1UL << 18), 0x1001ff, 2), 0);
    assert_int_equal(fk.pt.nr_leaves[1], 1);
    assert_int_equal(fk.pt.nr_leaves[2], 511);
    assert_int_equal(fk.pt.nr_leaves[3], 1);
}

static void test_hole_in_a_block_splits_it(void **state)
{
    do_set(1UL << 18, 1UL << 18, 7UL << 18, 3);
    assert_int_equal(fk.pt.nr_leaves[1], 1);

    assert_int_equal(do_set((1UL << 18) + 1000, 1, P2M_PT_NO_MFN, 0), 1);
    assert_int_equal(fk.pt.nr_leaves[1], 0);
    assert_int_equal(fk.pt.nr_leaves[2], 511);
    assert_int_equal(fk.pt.nr_leaves[3], 511);
    assert_int_equal(fk.pt.nr_tables, 2);

    /* Filling the hole maps one page into the split table: no flush. */
    assert_int_equal(do_set((1UL << 18) + 1000, 1, (7UL << 18) + 1000, 3), 0);
}

static void test_remap_replaces_tables_with_a_block(void **state)
{
    /* 4K pages (the mfn is not 2M-aligned) over 1 GiB: 512 tables. */
    do_set(0, 1UL << 18, 5, 1);
    assert_int_equal(fk.pt.nr_leaves[3], 1UL << 18);
    assert_int_equal(fk.pt.nr_tables, 1 + 1 + 512);     /* levels 1, 2, 3 */

    /* One block replaces them; every table is freed; flushes stay few. */
    do_set(0, 1UL << 18, 1UL << 18, 2);
    assert_int_equal(fk.pt.nr_leaves[1], 1);
    assert_int_equal(fk.pt.nr_leaves[3], 0);
    assert_int_equal(fk.pt.nr_tables, 1);
}

static void test_type_change_is_break_before_make(void **state)
{
    do_set(512, 1024, 1UL << 19, 1);
    /* Same frames, new attributes: still one break, one flush. */
    assert_int_equal(do_set(512, 1024, 1UL << 19, 4), 1);
    /* Cutting both ends of 2M blocks at once. */
    assert_int_equal(do_set(700, 600, P2M_PT_NO_MFN, 0), 1);
}

/* Random maps and unmaps against the model, with every check. */
static void test_random_operations(void **state)
{
    srandom(1);
    for ( unsigned int n = 0; n < 300; n++ )
    {
        unsigned int align = (unsigned int[]){ 0, 9, 18 }[rnd(3)];
        unsigned long gfn = rnd(WINDOW) & ~((1UL << align) - 1);
        unsigned long nr = 1 + rnd(1UL << rnd(21)), mfn;
        unsigned int kind = rnd(10);

        nr = min(nr, WINDOW - gfn);
        if ( kind < 3 )
            mfn = P2M_PT_NO_MFN;
        else if ( kind < 7 )        /* congruent mod 1 GiB: blocks possible */
            mfn = (rnd(1UL << 10) << 18) | (gfn & ((1UL << 18) - 1));
        else if ( kind < 9 )        /* congruent mod 2 MiB */
            mfn = (rnd(1UL << 19) << 9) | (gfn & 511);
        else                        /* 4K pages only: keep it short */
        {
            mfn = (rnd(1UL << 27) << 9) | ((gfn + 1) & 511);
            nr = min(nr, 1UL << 14);
        }
        do_set(gfn, nr, mfn, 1 + rnd(15));
    }
}

static void test_many_tables_freed_in_batches(void **state)
{
    /* One 4K page in each of 40 2M regions: 40 level-3 tables. */
    for ( unsigned long i = 0; i < 40; i++ )
        do_set(i * 512 + 7, 1, 1000 + i, 1);
    assert_int_equal(fk.pt.nr_tables, 2 + 40);

    /* Removing them all frees them 32 at a time, a flush before each batch. */
    assert_int_equal(do_set(0, 40 * 512, P2M_PT_NO_MFN, 0), 2);
    assert_int_equal(fk.pt.nr_tables, 2);
}

static void test_out_of_range(void **state)
{
    unsigned long top = p2m_pt_nr_gfns(&fk.pt);

    assert_int_equal(p2m_pt_set(&fk.pt, 0, 0, 0, ATTRS(1)), -EINVAL);
    assert_int_equal(p2m_pt_set(&fk.pt, top - 1, 2, 0, ATTRS(1)), -EINVAL);
    assert_int_equal(p2m_pt_set(&fk.pt, ~0UL - 1, 4, 0, ATTRS(1)), -EINVAL);
    assert_int_equal(p2m_pt_set(&fk.pt, top - 1, 1, 0x1234, ATTRS(1)), 0);
    assert_int_equal(p2m_pt_order(top - 1, 0x1234, 1), 0);
    {
        unsigned int lvl;
        uint64_t pte = p2m_pt_lookup(&fk.pt, top - 1, &lvl);

        assert_int_equal(p2m_pte_mfn(pte), 0x1234);
        assert_int_equal(lvl, 3);
        assert_int_equal(p2m_pt_lookup(&fk.pt, top, &lvl), 0);
    }
    assert_int_equal(fk.flushes, 0);
    assert_int_equal(p2m_pt_set(&fk.pt, top - 1, 1, P2M_PT_NO_MFN, 0), 0);
    assert_int_equal(fk.flushes, 1);
}

static void test_split_without_memory_changes_nothing(void **state)
{
    do_set(0, 1UL << 18, 0, 1);
    for ( long budget = 0; budget < 2; budget++ )
    {
        unsigned long allocs = fk.allocs;

        fk.fail_after = budget;     /* the 2M table, then the 4K one, fail */
        assert_int_equal(p2m_pt_set(&fk.pt, 4097, 3, P2M_PT_NO_MFN, 0), -ENOMEM);
        assert_int_equal(fk.allocs - allocs, budget);
        assert_int_equal(fk.flushes, 0);
        check_tree();
    }
    fk.fail_after = -1;
    do_set(4097, 3, P2M_PT_NO_MFN, 0);
}

/* In-place splits (p2m.c, RAM zeroed on first use): same mapping, one level down. */
static void test_split_leaf_keeps_the_mapping(void **state)
{
    unsigned long g = (1UL << 18) + 1000;
    unsigned int lvl;
    uint64_t pte, table, *entry;

    do_set(1UL << 18, 1UL << 18, 7UL << 18, 3);
    assert_null(p2m_pt_find_leaf(&fk.pt, 5, &lvl, &pte));

    /* Without a free table page, nothing changes. */
    entry = p2m_pt_find_leaf(&fk.pt, g, &lvl, &pte);
    assert_non_null(entry);
    assert_int_equal(lvl, 1);
    assert_int_equal(pte, *entry);
    fk.fail_after = 0;
    assert_int_equal(p2m_pt_split_leaf(&fk.pt, pte, lvl), 0);
    fk.fail_after = -1;
    check_tree();

    /* 1 GiB -> 512 x 2 MiB, then the 2 MiB holding g -> 512 x 4 KiB. */
    for ( unsigned int want = 1; want <= 2; want++ )
    {
        entry = p2m_pt_find_leaf(&fk.pt, g, &lvl, &pte);
        assert_non_null(entry);
        assert_int_equal(lvl, want);
        table = p2m_pt_split_leaf(&fk.pt, pte, lvl);
        assert_int_equal(table & S2_KIND_MASK, S2_TABLE);
        *entry = table;
        check_tree();
    }
    assert_int_equal(fk.pt.nr_leaves[1], 0);
    assert_int_equal(fk.pt.nr_leaves[2], 511);
    assert_int_equal(fk.pt.nr_leaves[3], 512);
    assert_int_equal(fk.pt.nr_tables, 2);
    assert_int_equal(fk.flushes, 0);
    pte = p2m_pt_lookup(&fk.pt, g, &lvl);
    assert_int_equal(lvl, 3);
    assert_int_equal(p2m_pte_mfn(pte), (7UL << 18) + 1000);
}

static void test_map_without_memory_stops_part_way(void **state)
{
    unsigned long done = 0;

    fk.fail_after = 3;              /* tables at levels 1-3 for the first 2M */
    assert_int_equal(p2m_pt_set(&fk.pt, 0, 1024, 1, ATTRS(5)), -ENOMEM);
    fk.fail_after = -1;
    /* What got mapped is a prefix of the request, nothing else. */
    for ( unsigned long g = 0; g < 1024; g++ )
    {
        unsigned int lvl;
        uint64_t pte = p2m_pt_lookup(&fk.pt, g, &lvl);

        if ( !pte )
            break;
        assert_int_equal(p2m_pte_mfn(pte), g + 1);
        done++;
    }
    assert_int_equal(done, 512);
    model_set(0, done, 1, 5);
    check_tree();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_order_decomposition),
        cmocka_unit_test_setup_teardown(test_map_into_empty_needs_no_flush,
                                        setup_40bit, teardown_tables),
        cmocka_unit_test_setup_teardown(test_hole_in_a_block_splits_it,
                                        setup_40bit, teardown_tables),
        cmocka_unit_test_setup_teardown(test_remap_replaces_tables_with_a_block,
                                        setup_44bit, teardown_tables),
        cmocka_unit_test_setup_teardown(test_type_change_is_break_before_make,
                                        setup_48bit, teardown_tables),
        cmocka_unit_test_setup_teardown(test_random_operations,
                                        setup_40bit, teardown_tables),
        cmocka_unit_test_setup_teardown(test_random_operations,
                                        setup_48bit, teardown_tables),
        cmocka_unit_test_setup_teardown(test_many_tables_freed_in_batches,
                                        setup_48bit, teardown_tables),
        cmocka_unit_test_setup_teardown(test_out_of_range, setup_40bit, teardown_tables),
        cmocka_unit_test_setup_teardown(test_out_of_range, setup_44bit, teardown_tables),
        cmocka_unit_test_setup_teardown(test_split_without_memory_changes_nothing,
                                        setup_40bit, teardown_tables),
        cmocka_unit_test_setup_teardown(test_split_leaf_keeps_the_mapping,
                                        setup_40bit, teardown_tables),
        cmocka_unit_test_setup_teardown(test_map_without_memory_stops_part_way,
                                        setup_48bit, teardown_tables),
    };

    model = calloc(WINDOW, sizeof(*model));
    assert_non_null(model);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
