/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Creating, pausing, shutting down and destroying domains; their memory.
 * Functions return 0 or -errno; a domain that misbehaves is crashed with
 * domain_crash(), never the hypervisor.
 */
#ifndef XENITH_DOMAIN_H
#define XENITH_DOMAIN_H

#include <xenith/sched.h>

struct domain_config {
    const char *name;
    unsigned int max_vcpus;
    unsigned long max_pages;    /* memory limit, in 4 KiB pages */
    unsigned int nr_spis;       /* SPIs of its virtual GIC */
    bool vpl011;                /* give it a virtual PL011 */
};

/* Create a paused domain with its vCPUs (all but vCPU 0 down). */
int domain_create(domid_t domid, const struct domain_config *cfg, struct domain **out);
/* Tear down a domain: every page it owned goes back to the allocator. */
void domain_destroy(struct domain *d);

void domain_pause(struct domain *d);
void domain_unpause(struct domain *d);
/* The guest asked to stop (SHUTDOWN_*): its vCPUs stop, the reason is printed. */
void domain_shutdown(struct domain *d, unsigned int reason);
/* The guest did something it must not: stop it, say so, leave others alone. */
#define domain_crash(d) __domain_crash(d, __FILE__, __LINE__)
void __domain_crash(struct domain *d, const char *file, int line);

/* Look a domain up by id (NULL if none); the domain list is stable at boot. */
struct domain *domain_by_id(domid_t domid);
/* A free domain id at or above @from, or DOMID_INVALID. */
domid_t domain_free_id(domid_t from);

/* Pages owned by @d (on d->page_list, counted in tot_pages). */
struct page_info *alloc_domheap_pages(struct domain *d, unsigned int order,
                                      unsigned int memflags);
void free_domheap_pages(struct page_info *pg, unsigned int order);

#endif /* XENITH_DOMAIN_H */
