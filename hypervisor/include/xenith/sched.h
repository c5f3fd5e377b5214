/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Domains and vCPUs: the objects every guest-facing subsystem hangs off,
 * and the scheduler's interface to the rest of the hypervisor.
 *
 * Execution model (Xen's): every vCPU has its own EL2 stack; the guest's
 * registers, saved on each exit, sit in the frame at the top of that stack
 * (guest_cpu_user_regs()).  Switching vCPUs switches stacks (arch
 * context_switch()), so a vCPU's hypervisor work can be suspended and
 * resumed.  Each pCPU has an idle vCPU (of the idle domain, DOMID_IDLE)
 * whose stack is the pCPU's boot stack and which runs idle_loop().
 *
 * Lock order: domlist_lock -> d->domain_lock -> scheduler locks ->
 * d->page_alloc_lock -> heap_lock (page_alloc.c).  Domain references
 * take no lock, but put_domain() may free the domain, which takes the
 * locks of its subsystems (scheduler, grant tables, page allocator): call
 * it holding none.
 */
#ifndef XENITH_SCHED_H
#define XENITH_SCHED_H

#include <xenith/lib.h>
#include <xenith/mm.h>
#include <xenith/percpu.h>
#include <xenith/printk.h>
#include <xenith/spinlock.h>
#include <xenith/timer.h>
#include <public/xen.h>
#include <public/sched.h>
#include <public/vcpu.h>
#include <asm/domain.h>

/* Bits of vcpu->pause_flags: why a vCPU may not run (besides pause_count). */
#define _VPF_blocked    0       /* waiting for an event (WFI, SCHEDOP_block) */
#define _VPF_down       1       /* offline: never started, or PSCI CPU_OFF */
#define VPF_blocked     (1UL << _VPF_blocked)
#define VPF_down        (1UL << _VPF_down)

struct vcpu {
    unsigned int vcpu_id;
    struct domain *domain;

    /* Scheduling: protected by the scheduler's lock for 'processor'. */
    unsigned int processor;     /* the pCPU it runs or will run on */
    bool is_running;            /* on a pCPU right now */
    void *sched_priv;           /* the scheduler's per-vCPU data */

    unsigned long pause_flags;  /* VPF_*, atomic bit operations */
    int pause_count;            /* vcpu_pause() nesting, atomic */

    /*
     * Runstate accounting (common/runstate.c): written under the
     * scheduler's lock of 'processor', read by others through
     * runstate_seq (odd while it changes).  runstate_guest is the guest
     * virtual address VCPUOP_register_runstate_memory_area gave, 0 for none.
     */
    struct vcpu_runstate_info runstate;
    unsigned int runstate_seq;
    uint64_t runstate_guest;

    /*
     * VCPUOP_register_vcpu_info (common/vcpu_op.c): the guest's page,
     * referenced, and its vcpu_info in the directmap; NULL until then.
     * Set under d->domain_lock; event_2l.c reads vcpu_info.
     */
    struct vcpu_info *vcpu_info;
    struct page_info *vcpu_info_page;

    bool in_multicall;          /* common/multicall.c: refuses nesting */

    /*
     * SCHEDOP_poll (sched/core.c), Xen's: the port polled alone, -1 for
     * any port of the domain, 0 when not polling; the poll's timeout.
     */
    int poll_evtchn;
    struct timer poll_timer;

    struct arch_vcpu arch;
};

/* d->poll_mask: one bit per vCPU a domain may have (GUEST_MAX_VCPUS, 128). */
#define SCHED_POLL_MASK_WORDS   2

/* Xen's domain watchdogs (SCHEDOP_watchdog): two per domain. */
#define NR_DOMAIN_WATCHDOG_TIMERS   2

/* d->shutdown_code before a reason is known. */
#define SHUTDOWN_CODE_INVALID       (~0U)

/* Longest console_io line kept before it is printed without its newline. */
#define DOMAIN_PBUF_SIZE            200

struct domain {
    domid_t domain_id;
    char name[32];              /* from the dom0less node or the toolstack */
    xen_domain_handle_t handle; /* UUID (XENVER_guest_handle); 0 for dom0less */
    bool is_privileged;         /* may read the console, command line, build id */

    unsigned int max_vcpus;
    struct vcpu **vcpu;         /* max_vcpus entries, set at creation */

    spinlock_t domain_lock;     /* serializes pause/unpause/shutdown; IRQ-safe */
    int pause_count;            /* domain_pause() nesting, atomic */
    unsigned int refcnt;        /* references (get_domain()), atomic */
    bool is_dying;              /* destruction has begun (domlist_lock) */
    bool is_shutting_down;      /* shut down: its vCPUs are paused for good */
    unsigned int shutdown_code; /* SHUTDOWN_*, or SHUTDOWN_CODE_INVALID */

    spinlock_t page_alloc_lock; /* protects page_list and tot_pages */
    struct page_list_head page_list;    /* pages this domain owns */
    unsigned long tot_pages;
    unsigned long max_pages;
    unsigned long free_pages_at_create; /* allocator's free count before us */
    unsigned long pages_returned;       /* by domain_destroy(), before the free */

    spinlock_t watchdog_lock;   /* protects watchdog_inuse and the timers' state */
    unsigned int watchdog_inuse;        /* bit i: watchdog i + 1 exists */
    struct timer watchdog_timer[NR_DOMAIN_WATCHDOG_TIMERS];

    spinlock_t pbuf_lock;       /* protects pbuf and pbuf_len (console_io.c) */
    unsigned int pbuf_len;
    char pbuf[DOMAIN_PBUF_SIZE];

    /*
     * Event channels (event_channel.c): the ports, and the shared_info
     * page the 2-level ABI works on (a xenheap page from creation, until
     * XENMEM_add_to_physmap lets the guest map it).
     */
    struct evtchn_domain *evtchn;
    struct shared_info *shared_info;

    unsigned long vm_assist;    /* VMASST_TYPE_* enabled (vm_assist.c) */

    void *sched_priv;           /* the scheduler's per-domain data */
    /* vCPUs in SCHEDOP_poll (bit = vcpu_id; atomic), as Xen's poll_mask */
    uint64_t poll_mask[SCHED_POLL_MASK_WORDS];
    struct grant_table *grant_table;    /* common/grant_table.c */
    struct pv_console *pv_console;      /* common/pv_console.c; NULL: none */
    struct domain *next_in_list;        /* domain list, domlist_lock */

    struct arch_domain arch;
};

/*
 * Domain references (Xen's get_domain/put_domain).  A domain is freed at
 * its last put_domain(), after domain_destroy() dropped the domain list's.
 * get_domain() takes one more on a domain the caller knows is not freed
 * (it holds a reference, or it is the current vCPU's): false once the
 * domain is dying.  get_knownalive_domain() takes one unconditionally, for
 * a holder that must keep even a dying domain (its current one).
 * Lookups by id: get_domain_by_id() (xenith/domain.h).
 */
bool get_domain(struct domain *d);
void get_knownalive_domain(struct domain *d);
void put_domain(struct domain *d);

DECLARE_PER_CPU(struct vcpu *, curr_vcpu);
#define current             (this_cpu(curr_vcpu))
#define set_current(v)      (this_cpu(curr_vcpu) = (v))

extern struct domain *idle_domain;
static inline bool is_idle_domain(const struct domain *d)
{
    return d->domain_id == DOMID_IDLE;
}
static inline bool is_idle_vcpu(const struct vcpu *v)
{
    return is_idle_domain(v->domain);
}

/* Whether @v may be given a pCPU: not paused, not blocked, not down. */
static inline bool vcpu_runnable(const struct vcpu *v)
{
    return !(ACCESS_ONCE(v->pause_flags) & (VPF_blocked | VPF_down)) &&
           !ACCESS_ONCE(v->pause_count) &&
           !ACCESS_ONCE(v->domain->pause_count);
}

/* printk() about the current vCPU, "d1v0 " first, as Xen's gprintk(). */
#define gprintk(lvl, fmt, ...)                                          \
    printk(lvl "d%uv%u " fmt, current->domain->domain_id,              \
           current->vcpu_id, ##__VA_ARGS__)

static inline bool vcpu_test_and_set_flag(struct vcpu *v, unsigned long flag)
{
    return __atomic_fetch_or(&v->pause_flags, flag, __ATOMIC_SEQ_CST) & flag;
}

static inline bool vcpu_test_and_clear_flag(struct vcpu *v, unsigned long flag)
{
    return __atomic_fetch_and(&v->pause_flags, ~flag, __ATOMIC_SEQ_CST) & flag;
}

/* ---------------------------------------------------------------- scheduler */

/*
 * Boot CPU, after the timers and before the secondaries start: choose the
 * policy (`sched=`), create the idle domain with an idle vCPU for every
 * present CPU and make each the CPU's current vCPU.
 */
void scheduler_init(void);

/* Give a new vCPU to the scheduler: place it on a pCPU; 0 or -errno. */
int sched_init_vcpu(struct vcpu *v);
/* Take a vCPU that no longer runs (vcpu_sleep_sync()) from the scheduler. */
void sched_destroy_vcpu(struct vcpu *v);
int sched_init_domain(struct domain *d);
void sched_destroy_domain(struct domain *d);

/* Let @v run once it is runnable (after an unpause, unblock, CPU_ON). */
void vcpu_wake(struct vcpu *v);
/* Take @v off its pCPU once it is no longer runnable; do not wait. */
void vcpu_sleep_nosync(struct vcpu *v);
/* The same, and wait until it has left its pCPU; @v is not current. */
void vcpu_sleep_sync(struct vcpu *v);
/* The current vCPU gives up the rest of its slice. */
void vcpu_yield(void);
/*
 * The current vCPU waits (WFI, SCHEDOP_block) until an interrupt is
 * pending for it, even one it has masked; at once if one is already.
 */
void vcpu_block(void);
/* Wake @v if it is blocked (an interrupt became pending for it). */
void vcpu_unblock(struct vcpu *v);
/*
 * Event channels: @port of @d became pending; wake the vCPUs polling it
 * (SCHEDOP_poll on that port alone, or on several).  Any context.
 */
void sched_check_pollers(struct domain *d, evtchn_port_t port);
/*
 * @v has new work it must see in the guest (a virtual interrupt): if it
 * is running on another pCPU, interrupt that pCPU so it leaves the guest
 * and passes through the return path, which picks the work up.
 */
void vcpu_kick(struct vcpu *v);

void vcpu_pause(struct vcpu *v);
void vcpu_pause_nosync(struct vcpu *v);
void vcpu_unpause(struct vcpu *v);

/* Print the policy, each pCPU's run queue and current vCPU. */
void sched_dump(void);

/*
 * Arch: switch from @prev (current) to @next, with IRQs masked; returns
 * when @prev runs again.  A new vCPU starts in the return-to-guest path.
 */
void context_switch(struct vcpu *prev, struct vcpu *next);
/*
 * Called on the new stack right after a switch from @prev: @prev may be
 * scheduled again, and IRQs are unmasked.
 */
void sched_context_switched(struct vcpu *prev);

/*
 * Runstates (common/runstate.c, Xen's accounting).  vcpu_runstate_init()
 * at creation: running for an idle vCPU, offline for the others.
 * vcpu_runstate_change() adds the time since the last change to the state
 * left.  The scheduler core reports its transitions, under the scheduler's
 * lock of the vCPUs: _wake() in vcpu_wake() (blocked/offline -> runnable,
 * or blocked -> offline if paused), _sleep() in vcpu_sleep_nosync()
 * (runnable -> offline), _switch() when a pCPU switches vCPUs (@prev to
 * blocked/runnable/offline, @next to running).  vcpu_runstate_get() gives
 * the times up to @now, from any CPU.  vcpu_runstate_to_guest() copies the
 * runstate of @v, which must be current with its EL1 state loaded, to the
 * guest area it registered, if any; a copy that fails is ignored.
 */
void vcpu_runstate_init(struct vcpu *v, s_time_t now);
void vcpu_runstate_change(struct vcpu *v, int new_state, s_time_t now);
void vcpu_runstate_wake(struct vcpu *v, s_time_t now);
void vcpu_runstate_sleep(struct vcpu *v, s_time_t now);
void vcpu_runstate_switch(struct vcpu *prev, struct vcpu *next, s_time_t now);
void vcpu_runstate_get(const struct vcpu *v, struct vcpu_runstate_info *rs,
                       s_time_t now);
void vcpu_runstate_to_guest(struct vcpu *v);

/* VCPUOP_register_vcpu_info: give back the guest's page (destruction). */
void vcpu_unmap_vcpu_info(struct vcpu *v);

/* Arch: whether a virtual interrupt is pending for @v (masked or not). */
bool arch_vcpu_irq_pending(struct vcpu *v);

#endif /* XENITH_SCHED_H */
