/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Domains: creation, the domain list and ids, pause, shutdown, crash,
 * watchdogs, destruction, and the 'q' key.
 *
 * A domain is created paused with all its vCPUs.  When it shuts down (it
 * asked to, a watchdog fired, or it crashed) its vCPUs are paused for
 * good and the reason is printed; there is no toolstack to hand it to, so
 * the reaper destroys it as soon as none of its vCPUs is on a pCPU, and
 * the accounting of its pages is printed.
 *
 * References (Xen's model): the domain list holds one, and whoever looks
 * a domain up by id (get_domain_by_id()) holds one until put_domain().
 * Destruction marks the domain dying (no new reference can be taken),
 * takes it off the list and disconnects what other domains reach (event
 * channels, grant mappings); the memory and struct domain go at the last
 * put_domain(), which prints the accounting.  So a hypercall that found
 * another domain just before its destruction still uses live structures.
 *
 * Locking: domlist_lock (IRQ-safe: the 'q' key reads the list) protects
 * the list, the ids in it and is_dying.  d->domain_lock protects the
 * shutdown state.  Lock order: domlist_lock -> domain_lock -> scheduler.
 */
#include <xenith/domain.h>
#include <xenith/errno.h>
#include <xenith/event.h>
#include <xenith/grant_table.h>
#include <xenith/keyhandler.h>
#include <xenith/page_alloc.h>
#include <xenith/printk.h>
#include <xenith/pv_console.h>
#include <xenith/smp.h>
#include <xenith/xmalloc.h>

static DEFINE_SPINLOCK(domlist_lock);
static struct domain *domain_list;      /* sorted by id; not the idle domain */

/* Destroys shut-down domains, from TIMER_SOFTIRQ on CPU 0. */
static struct timer reaper_timer;

/* ---------------------------------------------------------------- references */

static void domain_release(struct domain *d);

bool get_domain(struct domain *d)
{
    unsigned int old = __atomic_load_n(&d->refcnt, __ATOMIC_RELAXED);

    do {
        /* 0: being freed; dying: only its last users may hold it. */
        if ( !old || ACCESS_ONCE(d->is_dying) )
            return false;
    } while ( !__atomic_compare_exchange_n(&d->refcnt, &old, old + 1, true,
                                           __ATOMIC_ACQUIRE, __ATOMIC_RELAXED) );
    return true;
}

void get_knownalive_domain(struct domain *d)
{
    BUG_ON(!__atomic_fetch_add(&d->refcnt, 1, __ATOMIC_RELAXED));
}

void put_domain(struct domain *d)
{
    unsigned int old = __atomic_fetch_sub(&d->refcnt, 1, __ATOMIC_ACQ_REL);

    BUG_ON(!old);
    if ( old == 1 )
        domain_release(d);
}

/* ---------------------------------------------------------------- the list */

/* The first listed domain not dying with an id at or above @from (lock held). */
static struct domain *domain_next_locked(domid_t from)
{
    struct domain *d;

    for ( d = domain_list; d && (d->domain_id < from || d->is_dying); d = d->next_in_list )
        ;
    return d;
}

struct domain *get_next_domain(domid_t from)
{
    struct domain *d;
    unsigned long flags;

    spin_lock_irqsave(&domlist_lock, flags);
    d = domain_next_locked(from);
    /* Listed and not dying: the list's reference keeps it above 0. */
    if ( d && !get_domain(d) )
        BUG();
    spin_unlock_irqrestore(&domlist_lock, flags);
    return d;
}

struct domain *get_domain_by_id(domid_t domid)
{
    struct domain *d;
    unsigned long flags;

    spin_lock_irqsave(&domlist_lock, flags);
    d = domain_next_locked(domid);
    if ( d && (d->domain_id != domid || !get_domain(d)) )
        d = NULL;
    spin_unlock_irqrestore(&domlist_lock, flags);
    return d;
}

void domain_for_each(void (*fn)(struct domain *d))
{
    unsigned long flags;

    /* The reaper marks a domain dying under this lock before destroying it. */
    spin_lock_irqsave(&domlist_lock, flags);
    for ( struct domain *d = domain_list; d; d = d->next_in_list )
        if ( !d->is_dying )
            fn(d);
    spin_unlock_irqrestore(&domlist_lock, flags);
}

domid_t domain_free_id(domid_t from)
{
    domid_t id = from;
    unsigned long flags;

    spin_lock_irqsave(&domlist_lock, flags);
    for ( const struct domain *d = domain_list; d; d = d->next_in_list )
        if ( d->domain_id == id )
            id++;
        else if ( d->domain_id > id )
            break;
    spin_unlock_irqrestore(&domlist_lock, flags);
    return id < DOMID_FIRST_RESERVED ? id : DOMID_INVALID;
}

static int domain_list_insert(struct domain *d)
{
    struct domain **pp;
    unsigned long flags;
    int rc = 0;

    spin_lock_irqsave(&domlist_lock, flags);
    for ( pp = &domain_list; *pp && (*pp)->domain_id < d->domain_id;
          pp = &(*pp)->next_in_list )
        ;
    if ( *pp && (*pp)->domain_id == d->domain_id )
        rc = -EEXIST;
    else
    {
        d->next_in_list = *pp;
        *pp = d;
    }
    spin_unlock_irqrestore(&domlist_lock, flags);
    return rc;
}

static void domain_list_remove(struct domain *d)
{
    struct domain **pp;
    unsigned long flags;

    spin_lock_irqsave(&domlist_lock, flags);
    d->is_dying = true;
    for ( pp = &domain_list; *pp && *pp != d; pp = &(*pp)->next_in_list )
        ;
    if ( *pp )
        *pp = d->next_in_list;
    spin_unlock_irqrestore(&domlist_lock, flags);
}

/* ---------------------------------------------------------------- create */

static void domain_watchdog_timeout(void *data);
static void domain_reaper(void *unused);

static struct domain *domain_alloc(domid_t domid, const struct domain_config *cfg)
{
    unsigned long free_before = total_free_pages();
    struct domain *d = xzalloc(struct domain);

    if ( !d )
        return NULL;
    d->vcpu = xzalloc_array(struct vcpu *, cfg->max_vcpus);
    if ( !d->vcpu )
    {
        xfree(d);
        return NULL;
    }
    d->domain_id = domid;
    strlcpy(d->name, cfg->name ? cfg->name : "", sizeof(d->name));
    d->max_vcpus = cfg->max_vcpus;
    d->max_pages = cfg->max_pages;
    d->free_pages_at_create = free_before;
    d->pause_count = 1;
    d->refcnt = 1;                      /* the creator's, then the list's */
    d->shutdown_code = SHUTDOWN_CODE_INVALID;
    spin_lock_init(&d->domain_lock);
    spin_lock_init(&d->page_alloc_lock);
    spin_lock_init(&d->watchdog_lock);
    spin_lock_init(&d->pbuf_lock);
    page_list_init(&d->page_list);
    for ( unsigned int i = 0; i < NR_DOMAIN_WATCHDOG_TIMERS; i++ )
        init_timer(&d->watchdog_timer[i], domain_watchdog_timeout, d, 0);
    return d;
}

/* Free what domain_alloc() and a partial or complete creation left. */
static void domain_free(struct domain *d, bool arch_created)
{
    evtchn_domain_destroy(d);
    for ( unsigned int i = 0; i < NR_DOMAIN_WATCHDOG_TIMERS; i++ )
        kill_timer(&d->watchdog_timer[i]);
    for ( unsigned int i = d->max_vcpus; i-- > 0; )
        if ( d->vcpu[i] )
        {
            vcpu_unmap_vcpu_info(d->vcpu[i]);
            vcpu_destroy(d->vcpu[i]);
        }
    sched_destroy_domain(d);
    /* No grant mapping of or by @d may outlive its stage 2 and pages. */
    grant_table_teardown(d);
    if ( arch_created )
        arch_domain_destroy(d);
    relinquish_domheap_pages(d);
    xfree(d->vcpu);
    xfree(d);
}

/* The idle domain: no memory, no vGIC; scheduler_init() adds its vCPUs. */
static int idle_domain_create(const struct domain_config *cfg, struct domain **out)
{
    struct domain *d = domain_alloc(DOMID_IDLE, cfg);

    if ( !d )
        return -ENOMEM;
    d->pause_count = 0;
    init_timer(&reaper_timer, domain_reaper, NULL, 0);
    *out = d;
    return 0;
}

int domain_create(domid_t domid, const struct domain_config *cfg, struct domain **out)
{
    struct domain *d;
    int rc;

    if ( domid == DOMID_IDLE )
        return idle_domain_create(cfg, out);
    if ( domid >= DOMID_FIRST_RESERVED || !cfg->max_vcpus ||
         cfg->max_vcpus > GUEST_MAX_VCPUS )
        return -EINVAL;
    if ( (d = get_domain_by_id(domid)) != NULL )
    {
        put_domain(d);
        return -EEXIST;
    }
    d = domain_alloc(domid, cfg);
    if ( !d )
        return -ENOMEM;

    rc = arch_domain_create(d, cfg);
    if ( rc )
    {
        domain_free(d, false);
        return rc;
    }
    /*
     * Event channel ports and the shared_info page (a xenheap page the
     * 2-level ABI works on until XENMEM_add_to_physmap maps it).
     */
    rc = evtchn_domain_init(d);
    if ( rc )
    {
        domain_free(d, true);
        return rc;
    }
    domain_wallclock_update(d);
    rc = grant_table_init(d, cfg->max_grant_frames);
    if ( !rc )
        rc = sched_init_domain(d);
    for ( unsigned int i = 0; !rc && i < d->max_vcpus; i++ )
        rc = vcpu_create(d, i);
    if ( !rc )
        rc = domain_list_insert(d);
    if ( rc )
    {
        domain_free(d, true);
        return rc;
    }
    *out = d;
    return 0;
}

/* ---------------------------------------------------------------- destroy */

/* Pages the allocator got back since it had @before free (others' use aside). */
static unsigned long pages_freed_since(unsigned long before)
{
    unsigned long now = total_free_pages();

    return now > before ? now - before : 0;
}

void domain_destroy(struct domain *d)
{
    unsigned long before;

    BUG_ON(is_idle_domain(d) || current->domain == d);
    /* Its vCPUs must be off every pCPU before what they use goes. */
    domain_pause(d);
    /* Dying: lookups fail, get_domain() fails, no new port or mapping. */
    domain_list_remove(d);
    /* What goes now (the PV console's pages) counts as returned too. */
    before = total_free_pages();
    /* Xenith's own console backend sends it events until it goes. */
    pv_console_destroy(d);
    /* Disconnect what other domains reach: their ports, their mappings. */
    evtchn_domain_close(d);
    grant_table_release(d);
    d->pages_returned = pages_freed_since(before);
    /* The list's reference: the rest goes with the last user's. */
    put_domain(d);
}

/* The last reference is gone: free the domain and say what came back. */
static void domain_release(struct domain *d)
{
    unsigned long before = total_free_pages(), at_create = d->free_pages_at_create;
    unsigned long returned = d->pages_returned;
    domid_t id = d->domain_id;
    char name[sizeof(d->name)];

    BUG_ON(!d->is_dying);
    strlcpy(name, d->name, sizeof(name));
    domain_free(d, true);
    returned += pages_freed_since(before);
    printk("Domain %u (%s) destroyed: %lu pages returned; free pages %lu before "
           "creation, %lu after destruction\n", id, name, returned, at_create,
           total_free_pages());
    send_global_virq(VIRQ_DOM_EXC);
}

/*
 * Destroy every shut-down domain none of whose vCPUs runs this code; come
 * back shortly for one that does (it is paused and about to leave).
 */
static void domain_reaper(void *unused)
{
    for ( ; ; )
    {
        struct domain *d, *victim = NULL;
        bool busy = false;
        unsigned long flags;

        spin_lock_irqsave(&domlist_lock, flags);
        for ( d = domain_list; d && !victim; d = d->next_in_list )
        {
            if ( !d->is_shutting_down || d->is_dying )
                continue;
            if ( current->domain == d )
                busy = true;
            else
                victim = d;
        }
        if ( victim )
            victim->is_dying = true;
        spin_unlock_irqrestore(&domlist_lock, flags);
        if ( !victim )
        {
            if ( busy )
                set_timer(&reaper_timer, NOW() + MILLISECS(1));
            return;
        }
        domain_destroy(victim);
    }
}

/* ---------------------------------------------------------------- pause */

void domain_pause(struct domain *d)
{
    BUG_ON(current->domain == d);
    __atomic_add_fetch(&d->pause_count, 1, __ATOMIC_SEQ_CST);
    for ( unsigned int i = 0; i < d->max_vcpus; i++ )
        if ( d->vcpu[i] )
            vcpu_sleep_sync(d->vcpu[i]);
}

void domain_pause_nosync(struct domain *d)
{
    __atomic_add_fetch(&d->pause_count, 1, __ATOMIC_SEQ_CST);
    for ( unsigned int i = 0; i < d->max_vcpus; i++ )
        if ( d->vcpu[i] )
            vcpu_sleep_nosync(d->vcpu[i]);
}

void domain_unpause(struct domain *d)
{
    int count = __atomic_sub_fetch(&d->pause_count, 1, __ATOMIC_SEQ_CST);

    BUG_ON(count < 0);
    if ( count )
        return;
    for ( unsigned int i = 0; i < d->max_vcpus; i++ )
        if ( d->vcpu[i] )
            vcpu_wake(d->vcpu[i]);
}

/* ---------------------------------------------------------------- shutdown */

static const char *shutdown_reason_name(unsigned int reason)
{
    static const char *const names[] = {
        [SHUTDOWN_poweroff] = "poweroff", [SHUTDOWN_reboot] = "reboot",
        [SHUTDOWN_suspend] = "suspend", [SHUTDOWN_crash] = "crash",
        [SHUTDOWN_watchdog] = "watchdog", [SHUTDOWN_soft_reset] = "soft_reset",
    };

    return reason < ARRAY_SIZE(names) ? names[reason] : "unknown";
}

void domain_shutdown(struct domain *d, unsigned int reason)
{
    unsigned long flags;

    spin_lock_irqsave(&d->domain_lock, flags);
    if ( d->is_shutting_down )
    {
        spin_unlock_irqrestore(&d->domain_lock, flags);
        return;
    }
    if ( d->shutdown_code == SHUTDOWN_CODE_INVALID )
        d->shutdown_code = reason;
    reason = d->shutdown_code;
    d->is_shutting_down = true;
    for ( unsigned int i = 0; i < d->max_vcpus; i++ )
        if ( d->vcpu[i] )
            vcpu_pause_nosync(d->vcpu[i]);
    spin_unlock_irqrestore(&d->domain_lock, flags);

    printk("Domain %u (%s) shutdown: reason %s (%u)\n", d->domain_id, d->name,
           shutdown_reason_name(reason), reason);
    /* As Xen: the domain handling VIRQ_DOM_EXC (a toolstack) looks. */
    send_global_virq(VIRQ_DOM_EXC);
    set_timer(&reaper_timer, NOW());
}

void domain_set_shutdown_code(struct domain *d, unsigned int reason)
{
    unsigned long flags;

    spin_lock_irqsave(&d->domain_lock, flags);
    if ( d->shutdown_code == SHUTDOWN_CODE_INVALID )
        d->shutdown_code = reason;
    spin_unlock_irqrestore(&d->domain_lock, flags);
}

void __domain_crash(struct domain *d, const char *file, int line)
{
    const struct vcpu *v = current;

    printk(XENLOG_ERR "domain_crash called from %s:%d\n", file, line);
    if ( d->is_shutting_down )
        ;                       /* it is stopping anyway: nothing to add */
    else if ( v->domain == d )
    {
        printk(XENLOG_ERR "Domain %u (vcpu#%u) crashed on cpu#%u:\n",
               d->domain_id, v->vcpu_id, smp_processor_id());
        arch_vcpu_show_state(v, true);
    }
    else
        printk(XENLOG_ERR "Domain %u reported crashed by domain %u on cpu#%u:\n",
               d->domain_id, v->domain->domain_id, smp_processor_id());
    domain_shutdown(d, SHUTDOWN_crash);
}

/* ---------------------------------------------------------------- watchdogs */

static void domain_watchdog_timeout(void *data)
{
    struct domain *d = data;

    if ( d->is_shutting_down || d->is_dying )
        return;
    printk("Watchdog timer fired for domain %u\n", d->domain_id);
    domain_shutdown(d, SHUTDOWN_watchdog);
}

long domain_watchdog(struct domain *d, uint32_t id, uint32_t timeout)
{
    long rc = 0;

    if ( id > NR_DOMAIN_WATCHDOG_TIMERS )
        return -EINVAL;
    spin_lock(&d->watchdog_lock);
    if ( id == 0 )
    {
        /* A new one: its id (1-based), or -ENOSPC when both are in use. */
        rc = -ENOSPC;
        for ( unsigned int i = 0; i < NR_DOMAIN_WATCHDOG_TIMERS && rc < 0; i++ )
            if ( !(d->watchdog_inuse & (1U << i)) )
            {
                d->watchdog_inuse |= 1U << i;
                set_timer(&d->watchdog_timer[i], NOW() + SECONDS(timeout));
                rc = i + 1;
            }
    }
    else if ( !(d->watchdog_inuse & (1U << (id - 1))) )
        rc = -EINVAL;
    else if ( timeout == 0 )
    {
        stop_timer(&d->watchdog_timer[id - 1]);
        d->watchdog_inuse &= ~(1U << (id - 1));
    }
    else
        set_timer(&d->watchdog_timer[id - 1], NOW() + SECONDS(timeout));
    spin_unlock(&d->watchdog_lock);
    return rc;
}

/* ---------------------------------------------------------------- 'q' key */

static const char *vcpu_state_name(const struct vcpu *v)
{
    if ( v->is_running )
        return "running";
    if ( v->pause_flags & VPF_down )
        return "down";
    if ( v->pause_count || v->domain->pause_count )
        return "paused";
    if ( v->pause_flags & VPF_blocked )
        return "blocked";
    return "runnable";
}

static void dump_domain(const struct domain *d)
{
    printk("Domain %u (%s): %lu pages (max %lu), %u vCPU(s), pause count %d, %s%s\n",
           d->domain_id, d->name, d->tot_pages, d->max_pages, d->max_vcpus,
           d->pause_count, d->is_dying ? "dying" :
           d->is_shutting_down ? "shut down: " : "running",
           d->is_shutting_down && !d->is_dying ?
           shutdown_reason_name(d->shutdown_code) : "");
    arch_domain_dump(d);
    for ( unsigned int i = 0; i < d->max_vcpus; i++ )
    {
        const struct vcpu *v = d->vcpu[i];

        printk("  d%uv%u: pCPU %u, %s\n", d->domain_id, v->vcpu_id, v->processor,
               vcpu_state_name(v));
        arch_vcpu_show_state(v, false);
    }
}

static void dump_domains(char key)
{
    unsigned long flags;

    printk("'%c' pressed -> dumping domain info (now = %ld ns)\n", key, (long)NOW());
    spin_lock_irqsave(&domlist_lock, flags);
    if ( !domain_list )
        printk("No domains\n");
    for ( const struct domain *d = domain_list; d; d = d->next_in_list )
        dump_domain(d);
    /* As Xen, then tell each guest through VIRQ_DEBUG, per vCPU. */
    for ( struct domain *d = domain_list; d; d = d->next_in_list )
        evtchn_send_debug_virqs(d);
    spin_unlock_irqrestore(&domlist_lock, flags);
    smp_dump_cpus();
}
KEYHANDLER('q', dump_domains, "dump domain (and guest debug) info");
