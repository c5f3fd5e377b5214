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
    unsigned int max_grant_frames;  /* its grant table's limit; 0: gnttab_max_frames */
};

/*
 * Create a paused domain (pause_count 1: domain_unpause() starts it) with
 * its vCPUs, each with its EL2 stack; vCPU 0 is ready to run once
 * unpaused, the others are down until PSCI CPU_ON.  @domid must be free
 * and below DOMID_FIRST_RESERVED.
 */
int domain_create(domid_t domid, const struct domain_config *cfg, struct domain **out);
/*
 * Destroy a domain that is not the caller's: pause it, mark it dying and
 * take it off the list (lookups fail from now on), disconnect what other
 * domains reach (event channels, grant mappings) and drop the list's
 * reference.  Its memory and struct domain go at the last put_domain():
 * at once unless a hypercall of another domain holds it; then every page
 * it owned goes back to the allocator and the accounting is printed.
 */
void domain_destroy(struct domain *d);

void domain_pause(struct domain *d);
/* The same without waiting for its vCPUs to leave their pCPUs. */
void domain_pause_nosync(struct domain *d);
void domain_unpause(struct domain *d);
/*
 * The domain stops for good with @reason (SHUTDOWN_*): its vCPUs are
 * paused, the reason is printed, and, with no toolstack to hand it to, it
 * is destroyed as soon as none of its vCPUs is on a pCPU.  The first
 * reason given wins.  Callable from the domain's own vCPUs.
 */
void domain_shutdown(struct domain *d, unsigned int reason);
/* SCHEDOP_shutdown_code: the reason a later shutdown will give, if none yet. */
void domain_set_shutdown_code(struct domain *d, unsigned int reason);
/* The guest did something it must not: stop it, say so, leave others alone. */
#define domain_crash(d) __domain_crash(d, __FILE__, __LINE__)
void __domain_crash(struct domain *d, const char *file, int line);
/* SCHEDOP_watchdog: create (id 0), poke or destroy (timeout 0) a watchdog. */
long domain_watchdog(struct domain *d, uint32_t id, uint32_t timeout);
/*
 * Call @fn for every domain of the list not being destroyed, with the list
 * locked (IRQs masked): @fn must be short and take only leaf locks.
 */
void domain_for_each(void (*fn)(struct domain *d));
/*
 * The wallclock (common/platform_op.c, XENPF_settime64): write it into
 * @d's shared_info (wc_sec, wc_nsec, wc_sec_hi under wc_version), as Xen
 * does for every new domain.
 */
void domain_wallclock_update(struct domain *d);

/*
 * The domain @domid, referenced (put_domain() when done), or NULL if there
 * is none or it is dying (Xen's rcu_lock_domain_by_id() + get_domain()).
 * Takes domlist_lock.
 */
struct domain *get_domain_by_id(domid_t domid);
/* The domain with the lowest id at or above @from not dying, referenced, or NULL. */
struct domain *get_next_domain(domid_t from);
/* A free domain id at or above @from, or DOMID_INVALID. */
domid_t domain_free_id(domid_t from);

/* Pages owned by @d (on d->page_list, counted in tot_pages). */
struct page_info *alloc_domheap_pages(struct domain *d, unsigned int order,
                                      unsigned int memflags);
void free_domheap_pages(struct page_info *pg, unsigned int order);
/* Free every page still on @d's page_list; returns how many there were. */
unsigned long relinquish_domheap_pages(struct domain *d);

/* ---------------------------------------------------------------- vCPUs */

/* Allocate vCPU @id of @d (down unless it is vCPU 0); 0 or -errno. */
int vcpu_create(struct domain *d, unsigned int id);
void vcpu_destroy(struct vcpu *v);
/* Bring a down vCPU up at @entry with @arg in x0 (PSCI CPU_ON): 0 or -errno. */
int vcpu_up(struct vcpu *v, uint64_t entry, uint64_t arg);
/* The current vCPU goes down (PSCI CPU_OFF). */
void vcpu_down_self(void);

/* ---------------------------------------------------------------- arch hooks */

/*
 * What running guests takes of the hardware (stage 2, virtual GIC and
 * timers): the boot CPU after time_init(), then each secondary in its
 * bring-up (0, or -errno: this CPU cannot run guests, keep it offline).
 */
void guest_support_init(void);
int guest_support_init_secondary_cpu(void);

/* Stage-2, virtual GIC, MMIO emulation...: 0 or -errno, undone on failure. */
int arch_domain_create(struct domain *d, const struct domain_config *cfg);
/* Undo arch_domain_create(); the domain's vCPUs are gone already. */
void arch_domain_destroy(struct domain *d);
/* The vCPU's EL2 stack, EL1 reset state and its vGIC/vtimer state. */
int arch_vcpu_create(struct vcpu *v);
void arch_vcpu_destroy(struct vcpu *v);
/* Reset @v's registers to a cold start at @entry with @arg in x0. */
void arch_vcpu_reset(struct vcpu *v, uint64_t entry, uint64_t arg);
/* A few lines about @d's arch state (stage 2...) for the 'q' key. */
void arch_domain_dump(const struct domain *d);
/* Print @v's guest state (PC, registers) for a crash or the 'q' key. */
void arch_vcpu_show_state(const struct vcpu *v, bool full);

#endif /* XENITH_DOMAIN_H */
