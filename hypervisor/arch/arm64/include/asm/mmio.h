/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Emulated MMIO (mmio.c).  A device model (the vGIC distributor and
 * redistributors, the vPL011) registers the guest-physical range it
 * emulates in a domain; a guest load or store there faults at stage 2
 * (the range is not mapped), is decoded from the syndrome (asm/esr.h) and
 * handed to the range's read or write handler.  A handler's error, an
 * access the syndrome does not describe (ISV=0, e.g. a load pair) and an
 * access outside every range and every mapping all end in a data abort
 * injected into the guest.
 *
 * Locking: the ranges of a domain are registered while it is paused (it
 * is created paused and built so), when none of its vCPUs can be in the
 * trap handler, and only read afterwards: the trap path (every stage-2
 * data abort) searches them without a lock.  d->arch.mmio.lock serializes
 * registrations.  Handlers run with IRQs enabled, on the vCPU that made
 * the access, and do their own locking.
 */
#ifndef ASM_MMIO_H
#define ASM_MMIO_H

#include <xenith/spinlock.h>
#include <xenith/types.h>
#include <asm/esr.h>            /* struct mmio_access */

struct vcpu;
struct domain;

struct mmio_handler_ops {
    /* Return the @a->size bytes read in *@val (zero-extended): 0 or -errno. */
    int (*read)(struct vcpu *v, const struct mmio_access *a, uint64_t *val,
                void *priv);
    /* @val holds the @a->size bytes written (zero-extended): 0 or -errno. */
    int (*write)(struct vcpu *v, const struct mmio_access *a, uint64_t val,
                 void *priv);
};

#define MMIO_MAX_HANDLERS   16

struct mmio_handler {
    paddr_t base, size;
    const struct mmio_handler_ops *ops;
    void *priv;
};

/*
 * A domain's emulated ranges (arch_domain.mmio), sorted by base, and
 * their outline for the trap path, most of whose aborts miss them all:
 * [0, end) cut in 64 slices of 1 << shift bytes, bit i of coarse set if
 * a range meets slice i.
 */
struct vmmio {
    spinlock_t lock;            /* serializes writers of all the fields */
    unsigned int nr;
    unsigned int shift;
    paddr_t end;                /* the end of the highest range, 0 if none */
    uint64_t coarse;
    struct mmio_handler handlers[MMIO_MAX_HANDLERS];
};

/*
 * Emulate [@base, @base + @size) of @d's guest-physical space with @ops,
 * which get @priv back; @d is paused (BUG otherwise).  Returns 0, -EINVAL (empty or wrapping range),
 * -EEXIST (it overlaps a registered range) or -ENOSPC (table full).
 */
int register_mmio_handler(struct domain *d, const struct mmio_handler_ops *ops,
                          paddr_t base, paddr_t size, void *priv);

/* Whether @gpa is in one of @d's emulated ranges. */
bool mmio_is_emulated(struct domain *d, paddr_t gpa);
/* The range of @m holding @gpa, or NULL (the binary search alone). */
const struct mmio_handler *mmio_find(const struct vmmio *m, paddr_t gpa);

/*
 * Whether @m's outline rules @gpa out of every range at a glance (false:
 * it may be in one, mmio_is_emulated() tells).  For the trap path.
 */
static inline bool mmio_outline_excludes(const struct vmmio *m, paddr_t gpa)
{
    return gpa >= m->end || !((m->coarse >> (gpa >> m->shift)) & 1);
}

/* Domain creation: no ranges yet. */
void mmio_domain_init(struct domain *d);

/*
 * Trap path: emulate @a if a registered range holds it.  Returns 0 (done:
 * for a load the register is written), -ENODEV (no range: not emulated
 * here) or the handler's error.
 */
struct cpu_user_regs;
int mmio_emulate(struct vcpu *v, struct cpu_user_regs *regs,
                 const struct mmio_access *a);

#endif /* ASM_MMIO_H */
