/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The stage-2 table walker: the decisions of p2m.c (which entries to
 * write, split, clear and free, and when the TLBs must be flushed) in
 * plain C, so that the host unit tests can run them over fake memory.
 *
 * p2m_pt_set() changes a range in three passes:
 *   1. prepare: a block the range cuts through (only the blocks holding
 *      its first and last gfn can be cut) gets a replacement table built
 *      off-line, mapping the block's part outside the range;
 *   2. break: every valid entry the range covers is cleared (tables
 *      wholly inside it too, their pages kept for later), then one TLB
 *      flush;
 *   3. make: the replacement tables go in, the new range is mapped with
 *      the largest entries that fit, and the cleared tables are freed.
 * Nothing valid is ever overwritten, so no walker or TLB can see a mix of
 * old and new entries (break-before-make), and an operation that clears
 * nothing valid needs no flush at all.
 *
 * The caller serialises operations on one set of tables.
 */
#include <xenith/errno.h>
#include <xenith/lib.h>
#include <xenith/mm.h>
#include <asm/p2m-pt.h>

#define ENTRY_GFNS(lvl)     (_AC(1, UL) << P2M_LEVEL_ORDER(lvl))
#define DEAD_MAX            32

/* One p2m_pt_set() in progress. */
struct pt_op {
    unsigned long s, e;                 /* the gfns changed: [s, e) */
    struct {
        uint64_t *entry;                /* a block the range cuts */
        uint64_t *table;                /* what replaces it */
        unsigned int lvl;               /* the block's level */
    } split[2];
    unsigned int nr_split;
    uint64_t *dead[DEAD_MAX];           /* cleared tables, freed after a flush */
    unsigned int dead_lvl[DEAD_MAX];
    unsigned int nr_dead;
    bool broken;                        /* valid entries cleared, not yet flushed */
};

static void write_pte(uint64_t *entry, uint64_t val)
{
    /* One single-copy-atomic store: walkers see the old or the new entry. */
    ACCESS_ONCE(*entry) = val;
}

static bool pte_is_table(uint64_t pte, unsigned int lvl)
{
    return lvl < 3 && (pte & S2_KIND_MASK) == S2_TABLE;
}

static uint64_t *pte_table(uint64_t pte)
{
    return maddr_to_virt(pte & S2_OA_MASK);
}

static uint64_t table_pte(const uint64_t *table)
{
    return virt_to_maddr(table) | S2_TABLE;
}

static uint64_t leaf_pte(unsigned long mfn, uint64_t attrs, unsigned int lvl)
{
    return ((paddr_t)mfn << 12) | (attrs & ~(S2_OA_MASK | S2_KIND_MASK)) |
           (lvl == 3 ? S2_PAGE : S2_BLOCK);
}

static unsigned int nr_entries(const struct p2m_pt *pt, unsigned int lvl)
{
    return lvl == pt->root_level ? pt->root_entries : P2M_PT_ENTRIES;
}

static unsigned long entry_index(const struct p2m_pt *pt, unsigned long gfn, unsigned int lvl)
{
    unsigned long idx = gfn >> P2M_LEVEL_ORDER(lvl);

    /* The root's concatenated tables are indexed as one. */
    return lvl == pt->root_level ? idx : idx & (P2M_PT_ENTRIES - 1);
}

unsigned int p2m_pt_order(unsigned long gfn, unsigned long mfn, unsigned long nr)
{
    for ( unsigned int lvl = 1; lvl < 3; lvl++ )
    {
        unsigned long mask = ENTRY_GFNS(lvl) - 1;

        if ( !((gfn | mfn) & mask) && nr > mask )
            return P2M_LEVEL_ORDER(lvl);
    }
    return 0;
}

static uint64_t *table_alloc(struct p2m_pt *pt)
{
    uint64_t *table = pt->ops->alloc_table(pt);

    if ( table )
        pt->nr_tables++;
    return table;
}

/* Free @table (level @lvl) and every table below it; count their leaves out. */
static void free_subtree(struct p2m_pt *pt, uint64_t *table, unsigned int lvl)
{
    for ( unsigned int i = 0; i < P2M_PT_ENTRIES; i++ )
    {
        if ( !(table[i] & S2_VALID) )
            continue;
        if ( pte_is_table(table[i], lvl) )
            free_subtree(pt, pte_table(table[i]), lvl + 1);
        else
            pt->nr_leaves[lvl]--;
    }
    pt->ops->free_table(pt, table);
    pt->nr_tables--;
}

/*
 * A table at level @lvl + 1 replacing the block @pte (level @lvl, at gfn
 * @base): the block's parts outside [op->s, op->e) stay mapped with the
 * largest entries that fit, its parts inside are left invalid.
 */
static uint64_t *split_block(struct p2m_pt *pt, const struct pt_op *op, uint64_t pte,
                             unsigned int lvl, unsigned long base)
{
    unsigned int sub = lvl + 1;
    uint64_t *table = table_alloc(pt);

    if ( !table )
        return NULL;
    for ( unsigned int i = 0; i < P2M_PT_ENTRIES; i++ )
    {
        unsigned long g = base + i * ENTRY_GFNS(sub), ge = g + ENTRY_GFNS(sub);
        uint64_t part = leaf_pte(p2m_pte_mfn(pte) + i * ENTRY_GFNS(sub), pte, sub);
        uint64_t *child;

        if ( ge <= op->s || g >= op->e )
        {
            table[i] = part;
            pt->nr_leaves[sub]++;
        }
        else if ( g < op->s || ge > op->e )
        {
            child = split_block(pt, op, part, sub, g);
            if ( !child )
            {
                free_subtree(pt, table, sub);
                return NULL;
            }
            table[i] = table_pte(child);
        }
    }
    return table;
}

/* Pass 1 for the block holding @gfn, if the range cuts through one. */
static int prepare_edge(struct p2m_pt *pt, struct pt_op *op, unsigned long gfn)
{
    uint64_t *table = pt->root;

    for ( unsigned int lvl = pt->root_level; lvl <= 3; lvl++ )
    {
        uint64_t *entry = &table[entry_index(pt, gfn, lvl)];
        unsigned long base = gfn & ~(ENTRY_GFNS(lvl) - 1);

        if ( !(*entry & S2_VALID) )
            return 0;
        if ( pte_is_table(*entry, lvl) )
        {
            table = pte_table(*entry);
            continue;
        }
        if ( (base >= op->s && base + ENTRY_GFNS(lvl) <= op->e) ||
             (op->nr_split && op->split[0].entry == entry) )
            return 0;                   /* wholly replaced, or done already */
        table = split_block(pt, op, *entry, lvl, base);
        if ( !table )
            return -ENOMEM;
        op->split[op->nr_split].entry = entry;
        op->split[op->nr_split].table = table;
        op->split[op->nr_split].lvl = lvl;
        op->nr_split++;
        return 0;
    }
    return 0;
}

/* Free the tables cleared so far: no walker can reach them after a flush. */
static void flush_and_reap(struct p2m_pt *pt, struct pt_op *op)
{
    if ( op->broken )
        pt->ops->flush_tlb(pt);
    op->broken = false;
    for ( unsigned int i = 0; i < op->nr_dead; i++ )
        free_subtree(pt, op->dead[i], op->dead_lvl[i]);
    op->nr_dead = 0;
}

static void break_entry(struct p2m_pt *pt, struct pt_op *op, uint64_t *entry,
                        unsigned int lvl, bool inside)
{
    if ( pte_is_table(*entry, lvl) )
    {
        if ( op->nr_dead == DEAD_MAX )
            flush_and_reap(pt, op);     /* rare: a range over 32 tables */
        op->dead[op->nr_dead] = pte_table(*entry);
        op->dead_lvl[op->nr_dead] = lvl + 1;
        op->nr_dead++;
    }
    else
    {
        /* A block the range only cuts must have its replacement ready. */
        BUG_ON(!inside && !((op->nr_split > 0 && op->split[0].entry == entry) ||
                            (op->nr_split > 1 && op->split[1].entry == entry)));
        pt->nr_leaves[lvl]--;
    }
    write_pte(entry, 0);
    op->broken = true;
}

/* Pass 2 over @table (level @lvl, its first entry at gfn @base). */
static void break_range(struct p2m_pt *pt, struct pt_op *op, uint64_t *table,
                        unsigned int lvl, unsigned long base)
{
    unsigned long span = ENTRY_GFNS(lvl);
    unsigned long end = base + nr_entries(pt, lvl) * span;
    unsigned long first = (max(op->s, base) - base) / span;
    unsigned long last = (min(op->e, end) - 1 - base) / span;

    for ( unsigned long i = first; i <= last; i++ )
    {
        unsigned long g = base + i * span;
        bool inside = g >= op->s && g + span <= op->e;

        if ( !(table[i] & S2_VALID) )
            continue;
        if ( pte_is_table(table[i], lvl) && !inside )
            break_range(pt, op, pte_table(table[i]), lvl + 1, g);
        else
            break_entry(pt, op, &table[i], lvl, inside);
    }
}

/* The (invalid) entry for @gfn at @level, creating the tables above it. */
static uint64_t *walk_create(struct p2m_pt *pt, unsigned long gfn, unsigned int level)
{
    uint64_t *table = pt->root;

    for ( unsigned int lvl = pt->root_level; lvl < level; lvl++ )
    {
        uint64_t *entry = &table[entry_index(pt, gfn, lvl)];

        if ( !(*entry & S2_VALID) )
        {
            uint64_t *next = table_alloc(pt);

            if ( !next )
                return NULL;
            write_pte(entry, table_pte(next));
        }
        /* The break pass cleared every block over the range. */
        BUG_ON(!pte_is_table(*entry, lvl));
        table = pte_table(*entry);
    }
    return &table[entry_index(pt, gfn, level)];
}

/* Pass 3: map [gfn, gfn + nr) to frames from @mfn, largest entries first. */
static int make_range(struct p2m_pt *pt, unsigned long gfn, unsigned long nr,
                      unsigned long mfn, uint64_t attrs)
{
    while ( nr )
    {
        unsigned int order = p2m_pt_order(gfn, mfn, nr);
        unsigned int lvl = 3 - order / 9;
        uint64_t *entry = walk_create(pt, gfn, lvl);

        if ( !entry )
            return -ENOMEM;
        BUG_ON(*entry & S2_VALID);
        write_pte(entry, leaf_pte(mfn, attrs, lvl));
        pt->nr_leaves[lvl]++;
        gfn += 1UL << order;
        mfn += 1UL << order;
        nr -= 1UL << order;
    }
    return 0;
}

int p2m_pt_set(struct p2m_pt *pt, unsigned long gfn, unsigned long nr,
               unsigned long mfn, uint64_t attrs)
{
    struct pt_op op = { .s = gfn, .e = gfn + nr };
    int rc;

    if ( !nr || op.e < op.s || op.e > p2m_pt_nr_gfns(pt) )
        return -EINVAL;
    rc = prepare_edge(pt, &op, op.s);
    if ( !rc )
        rc = prepare_edge(pt, &op, op.e - 1);
    if ( rc )
    {
        for ( unsigned int i = 0; i < op.nr_split; i++ )
            free_subtree(pt, op.split[i].table, op.split[i].lvl + 1);
        return rc;
    }

    break_range(pt, &op, pt->root, pt->root_level, 0);
    flush_and_reap(pt, &op);

    for ( unsigned int i = 0; i < op.nr_split; i++ )
        write_pte(op.split[i].entry, table_pte(op.split[i].table));
    if ( mfn == P2M_PT_NO_MFN )
        return 0;
    return make_range(pt, gfn, nr, mfn, attrs);
}

uint64_t *p2m_pt_find_leaf(const struct p2m_pt *pt, unsigned long gfn,
                           unsigned int *level, uint64_t *pte)
{
    uint64_t *table = pt->root;

    if ( gfn >= p2m_pt_nr_gfns(pt) )
        return NULL;
    for ( unsigned int lvl = pt->root_level; lvl <= 3; lvl++ )
    {
        uint64_t *entry = &table[entry_index(pt, gfn, lvl)];
        uint64_t val = ACCESS_ONCE(*entry);

        if ( !(val & S2_VALID) )
            return NULL;
        if ( !pte_is_table(val, lvl) )
        {
            *level = lvl;
            *pte = val;
            return entry;
        }
        table = pte_table(val);
    }
    return NULL;
}

uint64_t p2m_pt_lookup(const struct p2m_pt *pt, unsigned long gfn, unsigned int *level)
{
    uint64_t pte;

    return p2m_pt_find_leaf(pt, gfn, level, &pte) ? pte : 0;
}

uint64_t p2m_pt_split_leaf(struct p2m_pt *pt, uint64_t pte, unsigned int lvl)
{
    /* An empty range: split_block() keeps every part of the block. */
    const struct pt_op keep_all = { .s = 0, .e = 0 };
    uint64_t *table;

    BUG_ON(lvl >= 3 || !(pte & S2_VALID) || pte_is_table(pte, lvl));
    table = split_block(pt, &keep_all, pte, lvl, 0);
    if ( !table )
        return 0;
    pt->nr_leaves[lvl]--;
    return table_pte(table);
}

static void for_each_leaf(const struct p2m_pt *pt, const uint64_t *table, unsigned int lvl,
                          unsigned long base,
                          void (*fn)(unsigned long, uint64_t, unsigned int, void *),
                          void *data)
{
    for ( unsigned int i = 0; i < nr_entries(pt, lvl); i++ )
    {
        unsigned long g = base + i * ENTRY_GFNS(lvl);

        if ( !(table[i] & S2_VALID) )
            continue;
        if ( pte_is_table(table[i], lvl) )
            for_each_leaf(pt, pte_table(table[i]), lvl + 1, g, fn, data);
        else
            fn(g, table[i], lvl, data);
    }
}

void p2m_pt_for_each_leaf(const struct p2m_pt *pt,
                          void (*fn)(unsigned long gfn, uint64_t pte,
                                     unsigned int level, void *data),
                          void *data)
{
    for_each_leaf(pt, pt->root, pt->root_level, 0, fn, data);
}

void p2m_pt_clear(struct p2m_pt *pt)
{
    for ( unsigned int i = 0; i < pt->root_entries; i++ )
    {
        uint64_t pte = pt->root[i];

        if ( !(pte & S2_VALID) )
            continue;
        if ( pte_is_table(pte, pt->root_level) )
            free_subtree(pt, pte_table(pte), pt->root_level + 1);
        else
            pt->nr_leaves[pt->root_level]--;
        pt->root[i] = 0;
    }
}
