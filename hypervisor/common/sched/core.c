/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The scheduler core: which vCPU each pCPU runs, decided by the policy
 * chosen with `sched=` (private.h), and the states around it: waking,
 * sleeping, blocking, yielding, kicking.
 *
 * schedule() runs as SCHEDULE_SOFTIRQ, from the idle loop or on the way
 * back to a guest, when a slice ends (s_timer), when the current vCPU
 * stops being runnable, or when work arrives for an idle pCPU.  It asks
 * the policy for the next vCPU and context-switches to it; the previous
 * vCPU's state is saved by the time sched_context_switched() clears its
 * is_running, which is what vcpu_sleep_sync() waits for.
 *
 * Locking: sched_res[cpu].lock (IRQs masked) protects the pCPU's current
 * vCPU, the policy's queues for it, and the scheduling state of the vCPUs
 * placed on it.  vCPUs never change pCPU yet, so the lock of a vCPU is
 * always sched_res[v->processor].lock.  Lock order: domain_lock -> these
 * -> timer queue locks.
 */
#include <xenith/domain.h>
#include <xenith/errno.h>
#include <xenith/event.h>
#include <xenith/guest_access.h>
#include <xenith/hypercall.h>
#include <xenith/irq.h>
#include <xenith/keyhandler.h>
#include <xenith/param.h>
#include <xenith/printk.h>
#include <xenith/smp.h>
#include <xenith/softirq.h>
#include <asm/smp.h>

#include "private.h"

DEFINE_PER_CPU(struct vcpu *, curr_vcpu);

struct domain *idle_domain;
struct sched_resource sched_res[NR_CPUS];

/* The one scheduler; ops is set once by scheduler_init(). */
static struct scheduler scheduler;

static char opt_sched[16] = "rr";
string_param("sched", opt_sched);

extern const struct sched_ops *const __start_xenith_schedulers[];
extern const struct sched_ops *const __stop_xenith_schedulers[];

static spinlock_t *vcpu_sched_lock(const struct vcpu *v, unsigned long *flags)
{
    spinlock_t *lock = &sched_res_of(v)->lock;

    spin_lock_irqsave(lock, *flags);
    return lock;
}

/* ---------------------------------------------------------------- vCPU states */

void vcpu_wake(struct vcpu *v)
{
    unsigned long flags;
    spinlock_t *lock = vcpu_sched_lock(v, &flags);

    vcpu_runstate_wake(v, NOW());
    if ( vcpu_runnable(v) )
        sched_wake(&scheduler, v);
    spin_unlock_irqrestore(lock, flags);
}

void vcpu_sleep_nosync(struct vcpu *v)
{
    unsigned long flags;
    spinlock_t *lock = vcpu_sched_lock(v, &flags);

    vcpu_runstate_sleep(v, NOW());
    if ( !vcpu_runnable(v) )
        sched_sleep(&scheduler, v);
    spin_unlock_irqrestore(lock, flags);
}

void vcpu_sleep_sync(struct vcpu *v)
{
    /* Waiting for ourselves to leave the pCPU would never end. */
    BUG_ON(v == current);
    vcpu_sleep_nosync(v);
    while ( !vcpu_runnable(v) && __atomic_load_n(&v->is_running, __ATOMIC_ACQUIRE) )
        arch_cpu_relax();
}

void vcpu_yield(void)
{
    struct vcpu *v = current;
    unsigned long flags;
    spinlock_t *lock = vcpu_sched_lock(v, &flags);

    sched_vcpu_yield(&scheduler, v);
    spin_unlock_irqrestore(lock, flags);
    raise_softirq(SCHEDULE_SOFTIRQ);
}

void vcpu_block(void)
{
    struct vcpu *v = current;

    BUG_ON(is_idle_vcpu(v));
    vcpu_test_and_set_flag(v, VPF_blocked);
    /*
     * Ask after setting the flag: an interrupt made pending from now on
     * finds the flag and unblocks us (vcpu_unblock()), one made pending
     * before is seen here.  Either way no wake-up is lost.
     */
    if ( arch_vcpu_irq_pending(v) )
        vcpu_test_and_clear_flag(v, VPF_blocked);
    else
        raise_softirq(SCHEDULE_SOFTIRQ);
}

/* ---------------------------------------------------------------- polling */

static bool poll_mask_test_and_clear(struct vcpu *v)
{
    uint64_t bit = 1ULL << (v->vcpu_id % 64);

    return __atomic_fetch_and(&v->domain->poll_mask[v->vcpu_id / 64], ~bit,
                              __ATOMIC_SEQ_CST) & bit;
}

static void poll_mask_set(struct vcpu *v)
{
    __atomic_fetch_or(&v->domain->poll_mask[v->vcpu_id / 64],
                      1ULL << (v->vcpu_id % 64), __ATOMIC_SEQ_CST);
}

static bool poll_mask_test(const struct vcpu *v)
{
    return __atomic_load_n(&v->domain->poll_mask[v->vcpu_id / 64], __ATOMIC_SEQ_CST) &
           (1ULL << (v->vcpu_id % 64));
}

void vcpu_unblock(struct vcpu *v)
{
    if ( !vcpu_test_and_clear_flag(v, VPF_blocked) )
        return;
    /*
     * Any wake-up ends a poll.  Clear the blocked flag again after the
     * poll bit: a poller that set it anew meanwhile must not stay asleep
     * with nobody left to wake it.
     */
    if ( __atomic_load_n(&v->poll_evtchn, __ATOMIC_SEQ_CST) )
    {
        __atomic_store_n(&v->poll_evtchn, 0, __ATOMIC_SEQ_CST);
        if ( poll_mask_test_and_clear(v) )
            vcpu_test_and_clear_flag(v, VPF_blocked);
    }
    vcpu_wake(v);
}

static void wake_pollers(struct domain *d, evtchn_port_t port)
{
    for ( unsigned int w = 0; w < SCHED_POLL_MASK_WORDS; w++ )
        for ( uint64_t bits = __atomic_load_n(&d->poll_mask[w], __ATOMIC_SEQ_CST);
              bits; bits &= bits - 1 )
        {
            unsigned int id = w * 64 + (unsigned int)__builtin_ctzll(bits);
            struct vcpu *v = id < d->max_vcpus ? d->vcpu[id] : NULL;
            int polled = v ? __atomic_load_n(&v->poll_evtchn, __ATOMIC_SEQ_CST) : 0;

            if ( v && (polled <= 0 || (evtchn_port_t)polled == port) &&
                 poll_mask_test_and_clear(v) )
            {
                __atomic_store_n(&v->poll_evtchn, 0, __ATOMIC_SEQ_CST);
                vcpu_unblock(v);
            }
        }
}

/*
 * Every event raised goes by here: the usual answer, nobody polls, is
 * quick (one OR of the mask words: wake_pollers()'s loops alone cost an
 * event channel send 9 instructions more).
 */
void sched_check_pollers(struct domain *d, evtchn_port_t port)
{
    uint64_t any = 0;

    for ( unsigned int w = 0; w < SCHED_POLL_MASK_WORDS; w++ )
        any |= __atomic_load_n(&d->poll_mask[w], __ATOMIC_SEQ_CST);
    if ( any )
        wake_pollers(d, port);
}

static void poll_timer_fn(void *data)
{
    struct vcpu *v = data;

    if ( poll_mask_test_and_clear(v) )
        vcpu_unblock(v);
}

/*
 * The IPI only has to make the pCPU leave the guest: every exit returns
 * through leave_hypervisor_to_guest(), which loads pending work.  A vCPU
 * about to enter the guest on that pCPU has IRQs masked and sees the work
 * itself, or takes the IPI as soon as it is in the guest.
 */
void vcpu_kick(struct vcpu *v)
{
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    if ( __atomic_load_n(&v->is_running, __ATOMIC_RELAXED) &&
         v->processor != smp_processor_id() )
        send_ipi(v->processor, IPI_SOFTIRQ);
}

/* ---------------------------------------------------------------- placement */

int sched_init_vcpu(struct vcpu *v)
{
    unsigned long flags;
    spinlock_t *lock;

    vcpu_runstate_init(v, NOW());
    if ( is_idle_vcpu(v) )
    {
        struct sched_resource *sr = &sched_res[v->vcpu_id];

        /* Idle vCPU n belongs to pCPU n and is running there already. */
        v->processor = v->vcpu_id;
        v->is_running = true;
        sr->idle = sr->curr = v;
        per_cpu(curr_vcpu, v->processor) = v;
        return 0;
    }
    v->sched_priv = sched_alloc_vdata(&scheduler, v, v->domain->sched_priv);
    if ( !v->sched_priv )
        return -ENOMEM;
    v->processor = sched_pick_cpu(&scheduler, v);
    init_timer(&v->poll_timer, poll_timer_fn, v, v->processor);
    lock = vcpu_sched_lock(v, &flags);
    sched_insert_vcpu(&scheduler, v);
    spin_unlock_irqrestore(lock, flags);
    return 0;
}

void sched_destroy_vcpu(struct vcpu *v)
{
    unsigned long flags;
    spinlock_t *lock;

    BUG_ON(is_idle_vcpu(v) || v->is_running);
    kill_timer(&v->poll_timer);
    poll_mask_test_and_clear(v);
    lock = vcpu_sched_lock(v, &flags);
    sched_remove_vcpu(&scheduler, v);
    spin_unlock_irqrestore(lock, flags);
    sched_free_vdata(&scheduler, v->sched_priv);
    v->sched_priv = NULL;
}

int sched_init_domain(struct domain *d)
{
    if ( is_idle_domain(d) || !scheduler.ops->alloc_domdata )
        return 0;
    d->sched_priv = sched_alloc_domdata(&scheduler, d);
    return d->sched_priv ? 0 : -ENOMEM;
}

void sched_destroy_domain(struct domain *d)
{
    if ( d->sched_priv )
        sched_free_domdata(&scheduler, d->sched_priv);
    d->sched_priv = NULL;
}

/* ---------------------------------------------------------------- schedule */

/*
 * The end of a slice, or of an earlier one: a schedule starts a slice
 * without moving a timer armed for an earlier end (most slices end early,
 * at a block or a yield, and a timer move costs as much as the switch's
 * own work), so the timer may find a later slice running.
 */
static void s_timer_fn(void *data)
{
    struct sched_resource *sr = data;
    s_time_t end = ACCESS_ONCE(sr->slice_end);

    if ( end == STIME_MAX )
        return;
    if ( NOW() < end )
        set_timer(&sr->s_timer, end);
    else
        raise_softirq(SCHEDULE_SOFTIRQ);
}

/* A slice of @slice (< 0: none) from @now; see s_timer_fn(). */
static void slice_start(struct sched_resource *sr, s_time_t now, s_time_t slice)
{
    sr->slice_end = slice < 0 ? STIME_MAX : now + slice;
    if ( slice >= 0 && (!timer_is_active(&sr->s_timer) ||
                        sr->s_timer.expires > sr->slice_end) )
        set_timer(&sr->s_timer, sr->slice_end);
}

/*
 * vcpu_runstate_to_guest() for the vCPUs that registered a runstate area
 * (the guest must see each switch there); most switches concern none, and
 * the look here is cheaper than the call.
 */
static void runstate_to_guest(struct vcpu *v)
{
    if ( ACCESS_ONCE(v->runstate_guest) )
        vcpu_runstate_to_guest(v);
}

static void schedule(void)
{
    unsigned int cpu = smp_processor_id();
    struct sched_resource *sr = &sched_res[cpu];
    struct vcpu *prev = current, *next;
    struct sched_decision dec;
    s_time_t now = NOW();

    local_irq_disable();
    spin_lock(&sr->lock);
    BUG_ON(sr->curr != prev);
    sched_do_schedule(&scheduler, cpu, now, &dec);
    next = dec.next ? dec.next : sr->idle;
    slice_start(sr, now, dec.slice);
    if ( next == prev )
    {
        spin_unlock(&sr->lock);
        local_irq_enable();
        return;
    }
    BUG_ON(next->processor != cpu || next->is_running);
    vcpu_runstate_switch(prev, next, now);
    next->is_running = true;
    sr->curr = next;
    spin_unlock(&sr->lock);
    /* While prev's EL1 state is still the one loaded (its stage 1). */
    runstate_to_guest(prev);
    context_switch(prev, next);
}

void sched_context_switched(struct vcpu *prev)
{
    /* Its state is saved: it may be looked at, and run, again. */
    __atomic_store_n(&prev->is_running, false, __ATOMIC_RELEASE);
    local_irq_enable();
    runstate_to_guest(current);
}

/* ---------------------------------------------------------------- boot */

static const struct sched_ops *sched_find(const char *name)
{
    for ( const struct sched_ops *const *p = __start_xenith_schedulers;
          p < __stop_xenith_schedulers; p++ )
        if ( !strcmp((*p)->opt_name, name) )
            return *p;
    return NULL;
}

static void sched_init_cpu(unsigned int cpu)
{
    struct sched_resource *sr = &sched_res[cpu];

    spin_lock_init(&sr->lock);
    sr->slice_end = STIME_MAX;
    init_timer(&sr->s_timer, s_timer_fn, sr, cpu);
    sr->sched_priv = sched_alloc_pdata(&scheduler, cpu);
    if ( !sr->sched_priv )
        panic("Out of memory for the scheduler's data of CPU%u", cpu);
    if ( vcpu_create(idle_domain, cpu) )
        panic("Cannot create the idle vCPU of CPU%u", cpu);
}

void scheduler_init(void)
{
    static const struct domain_config idle_cfg = {
        .name = "idle", .max_vcpus = NR_CPUS,
    };
    unsigned int cpu;

    scheduler.ops = sched_find(opt_sched);
    if ( !scheduler.ops )
    {
        printk(XENLOG_WARNING "Could not find scheduler: %s; using rr\n", opt_sched);
        scheduler.ops = sched_find("rr");
    }
    if ( !scheduler.ops )
        panic("No scheduler is built in (Kconfig: Schedulers)");
    if ( sched_init(&scheduler) )
        panic("The %s scheduler failed to start", scheduler.ops->name);
    open_softirq(SCHEDULE_SOFTIRQ, schedule);

    if ( domain_create(DOMID_IDLE, &idle_cfg, &idle_domain) )
        panic("Cannot create the idle domain");
    for_each_present_cpu ( cpu )
        sched_init_cpu(cpu);
    printk("Scheduler: %s (%s)\n", scheduler.ops->name, scheduler.ops->opt_name);
}

/* ---------------------------------------------------------------- sched_op */

static long sched_op_remote_shutdown(struct domain *d, uint64_t arg)
{
    struct sched_remote_shutdown rs;
    struct domain *target;

    if ( copy_from_guest(&rs, arg, sizeof(rs)) )
        return -EFAULT;
    target = get_domain_by_id(rs.domain_id);
    if ( !target )
        return -ESRCH;
    if ( d->is_privileged )
        domain_shutdown(target, rs.reason & 0xff);
    put_domain(target);
    return d->is_privileged ? 0 : -EPERM;
}

/*
 * Xen's arm local_events_need_delivery(): the guest takes IRQs and one is
 * pending for it, so the poll ends at once (the guest sees it first).
 */
static bool poll_irq_deliverable(struct vcpu *v)
{
    return !(guest_cpu_user_regs(v)->spsr & PSR_IRQ_MASK) && arch_vcpu_irq_pending(v);
}

/* The ports one after the other: 1 one is pending, 0 none, or -errno. */
static long poll_ports(struct domain *d, const struct sched_poll *sp,
                       evtchn_port_t *last)
{
    for ( unsigned int i = 0; i < sp->nr_ports; i++ )
    {
        long rc;

        if ( copy_from_guest(last, sp->ports.q + i * sizeof(*last), sizeof(*last)) )
            return -EFAULT;
        rc = evtchn_port_poll(d, *last);
        if ( rc )
            return rc;
    }
    return 0;
}

/*
 * SCHEDOP_poll, as Xen 4.17's do_poll(): block until one of the ports is
 * pending, any wake-up of the vCPU, or the timeout (absolute system time;
 * 0 for none).  The vCPU is marked blocked and polling first, then the
 * ports are read: a port raised meanwhile finds the marks and wakes it
 * (sched_check_pollers()), one raised before is seen here.  Xen checks no
 * pointer before reading the ports (-EFAULT on the one that fails) and
 * returns 0 for a pending port met before a bad one (-EINVAL).
 */
static long sched_op_poll(struct vcpu *v, uint64_t arg)
{
    struct domain *d = v->domain;
    struct sched_poll sp;
    evtchn_port_t port = 0;
    long rc;

    if ( copy_from_guest(&sp, arg, sizeof(sp)) )
        return -EFAULT;
    if ( sp.nr_ports > 128 )    /* Xen's limit */
        return -EINVAL;

    stop_timer(&v->poll_timer);
    vcpu_test_and_set_flag(v, VPF_blocked);
    __atomic_store_n(&v->poll_evtchn, -1, __ATOMIC_SEQ_CST);
    poll_mask_set(v);

    /* Woken already (a port, an interrupt): nothing to wait for. */
    rc = 0;
    if ( !__atomic_load_n(&v->poll_evtchn, __ATOMIC_SEQ_CST) ||
         !(__atomic_load_n(&v->pause_flags, __ATOMIC_SEQ_CST) & VPF_blocked) ||
         !poll_mask_test(v) || poll_irq_deliverable(v) )
        goto out;
    rc = poll_ports(d, &sp, &port);
    if ( rc )
        goto out;

    if ( sp.nr_ports == 1 )
        __atomic_store_n(&v->poll_evtchn, (int)port, __ATOMIC_SEQ_CST);
    if ( sp.timeout )
        set_timer(&v->poll_timer, (s_time_t)sp.timeout);
    raise_softirq(SCHEDULE_SOFTIRQ);
    return 0;

 out:
    __atomic_store_n(&v->poll_evtchn, 0, __ATOMIC_SEQ_CST);
    poll_mask_test_and_clear(v);
    vcpu_test_and_clear_flag(v, VPF_blocked);
    return rc < 0 ? rc : 0;
}

/*
 * The sched_op hypercall (xen-arm-abi.md §3.7).  Reasons are cut to 8
 * bits as Xen does.  SCHEDOP_pin_override is for x86's hardware domain:
 * -ENOSYS.
 */
long do_sched_op(int cmd, uint64_t arg)
{
    struct domain *d = current->domain;
    struct sched_shutdown sd;
    struct sched_watchdog wd;

    switch ( cmd )
    {
    case SCHEDOP_yield:
        vcpu_yield();
        return 0;
    case SCHEDOP_block:
        vcpu_block();
        return 0;
    case SCHEDOP_shutdown:
        if ( copy_from_guest(&sd, arg, sizeof(sd)) )
            return -EFAULT;
        domain_shutdown(d, sd.reason & 0xff);
        return 0;
    case SCHEDOP_shutdown_code:
        if ( copy_from_guest(&sd, arg, sizeof(sd)) )
            return -EFAULT;
        domain_set_shutdown_code(d, sd.reason & 0xff);
        return 0;
    case SCHEDOP_watchdog:
        if ( copy_from_guest(&wd, arg, sizeof(wd)) )
            return -EFAULT;
        return domain_watchdog(d, wd.id, wd.timeout);
    case SCHEDOP_remote_shutdown:
        return sched_op_remote_shutdown(d, arg);
    case SCHEDOP_poll:
        return sched_op_poll(current, arg);
    default:
        return -ENOSYS;
    }
}

/* ---------------------------------------------------------------- dump */

void sched_dump(void)
{
    unsigned int cpu;

    printk("Scheduler: %s (%s)\n", scheduler.ops->name, scheduler.ops->opt_name);
    sched_dump_settings(&scheduler);
    for_each_online_cpu ( cpu )
    {
        struct sched_resource *sr = &sched_res[cpu];
        unsigned long flags;
        const struct vcpu *curr;

        spin_lock_irqsave(&sr->lock, flags);
        curr = sr->curr;
        if ( is_idle_vcpu(curr) )
            printk("  CPU%u: idle\n", cpu);
        else
            printk("  CPU%u: running d%uv%u\n", cpu, curr->domain->domain_id,
                   curr->vcpu_id);
        sched_dump_cpu(&scheduler, cpu);
        spin_unlock_irqrestore(&sr->lock, flags);
    }
}

static void dump_runq(char key)
{
    printk("'%c' pressed -> dumping run queues (now = %ld ns)\n", key, (long)NOW());
    sched_dump();
}
KEYHANDLER('r', dump_runq, "dump run queues");
