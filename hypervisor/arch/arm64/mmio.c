/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The emulated MMIO ranges of each domain (see asm/mmio.h): a sorted
 * table, looked up by binary search on a stage-2 data abort that its
 * outline does not rule out first.
 */
#include <xenith/errno.h>
#include <xenith/sched.h>
#include <asm/mmio.h>
#include <asm/traps.h>

void mmio_domain_init(struct domain *d)
{
    spin_lock_init(&d->arch.mmio.lock);
    d->arch.mmio.nr = 0;
    d->arch.mmio.end = 0;
    d->arch.mmio.shift = 0;
    d->arch.mmio.coarse = 0;
}

/* Under the lock, after a change of the ranges: their outline again. */
static void mmio_outline(struct vmmio *m)
{
    const struct mmio_handler *last = &m->handlers[m->nr - 1];
    paddr_t end = last->base + last->size;      /* sorted and disjoint */
    unsigned int shift = 0;
    uint64_t coarse = 0;

    while ( (end - 1) >> shift >= 64 )
        shift++;
    for ( unsigned int i = 0; i < m->nr; i++ )
    {
        const struct mmio_handler *h = &m->handlers[i];

        for ( paddr_t s = h->base >> shift; s <= (h->base + h->size - 1) >> shift; s++ )
            coarse |= _AC(1, UL) << s;
    }
    m->end = end;
    m->shift = shift;
    m->coarse = coarse;
}

int register_mmio_handler(struct domain *d, const struct mmio_handler_ops *ops,
                          paddr_t base, paddr_t size, void *priv)
{
    struct vmmio *m = &d->arch.mmio;
    unsigned int i;
    int rc = 0;

    /* Readers take no lock: none of @d's vCPUs may be in its trap handler. */
    BUG_ON(!ACCESS_ONCE(d->pause_count));
    if ( !size || base + size < base || !ops || !ops->read || !ops->write )
        return -EINVAL;
    spin_lock(&m->lock);
    /* Insertion point: the first range that starts above @base. */
    for ( i = 0; i < m->nr && m->handlers[i].base <= base; i++ )
        ;
    if ( (i > 0 && m->handlers[i - 1].base + m->handlers[i - 1].size > base) ||
         (i < m->nr && base + size > m->handlers[i].base) )
        rc = -EEXIST;
    else if ( m->nr == MMIO_MAX_HANDLERS )
        rc = -ENOSPC;
    else
    {
        memmove(&m->handlers[i + 1], &m->handlers[i],
                (m->nr - i) * sizeof(m->handlers[0]));
        m->handlers[i] = (struct mmio_handler){
            .base = base, .size = size, .ops = ops, .priv = priv,
        };
        m->nr++;
        mmio_outline(m);
    }
    spin_unlock(&m->lock);
    return rc;
}

const struct mmio_handler *mmio_find(const struct vmmio *m, paddr_t gpa)
{
    unsigned int lo = 0, hi = m->nr;

    while ( lo < hi )
    {
        unsigned int mid = lo + (hi - lo) / 2;
        const struct mmio_handler *h = &m->handlers[mid];

        if ( gpa < h->base )
            hi = mid;
        else if ( gpa - h->base >= h->size )
            lo = mid + 1;
        else
            return h;
    }
    return NULL;
}

bool mmio_is_emulated(struct domain *d, paddr_t gpa)
{
    const struct vmmio *m = &d->arch.mmio;

    if ( mmio_outline_excludes(m, gpa) )
        return false;
    return mmio_find(m, gpa) != NULL;
}

int mmio_emulate(struct vcpu *v, struct cpu_user_regs *regs,
                 const struct mmio_access *a)
{
    struct vmmio *m = &v->domain->arch.mmio;
    const struct mmio_handler *h = mmio_find(m, a->gpa);
    uint64_t val;
    int rc;

    if ( !h )
        return -ENODEV;

    if ( a->write )
    {
        val = get_user_reg(regs, a->reg);
        if ( a->size < 8 )
            val &= (1ULL << (a->size * 8)) - 1;
        return h->ops->write(v, a, val, h->priv);
    }
    val = 0;
    rc = h->ops->read(v, a, &val, h->priv);
    if ( !rc )
        set_user_reg(regs, a->reg, mmio_load_result(a, val));
    return rc;
}
