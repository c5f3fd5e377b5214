/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Software timers.
 *
 * Each CPU has a queue of armed timers ordered by expiry in a pairing
 * heap: intrusive (the links live in struct timer, so arming never
 * allocates and works in any context), O(1) to insert and to find the
 * earliest, O(log n) amortized to remove any timer.  The CPU's hardware
 * timer is kept set to the earliest expiry; when it fires, the driver
 * raises TIMER_SOFTIRQ, and timer_softirq() runs the expired handlers and
 * sets the hardware for the next one.
 *
 * A pass of timer_softirq() first moves every timer due by then from the
 * heap to the queue's due list, then runs that list.  A handler that
 * re-arms its timer, even for a time already past, puts it back in the
 * heap for a later pass: a pass always ends.
 *
 * Only a CPU itself programs its hardware timer.  Arming a timer on another
 * CPU's queue so that it becomes that queue's earliest raises TIMER_SOFTIRQ
 * there (an IPI), and the softirq reprograms.  A timer removed from the
 * head of a remote queue is left to fire early: the softirq then finds
 * nothing due and sets the next deadline.  So, on every CPU, the hardware
 * deadline is never later than the earliest armed timer, unless
 * TIMER_SOFTIRQ is pending there.
 *
 * Locking: queue->lock protects the queue's heap and 'running', and the
 * expiry, status and links of every timer whose 'cpu' names that
 * queue, and the due list.  Taken with IRQs masked: timers are set from IRQ context and the
 * 't' key dumps the queues from it.  A timer's 'cpu' changes only with both
 * queues held, so "lock the queue 'cpu' names, then check 'cpu' did not
 * move" pins a timer (timer_lock()).  Two queue locks are taken in CPU
 * order.  Handlers run with no lock held.
 */
#include <xenith/keyhandler.h>
#include <xenith/percpu.h>
#include <xenith/printk.h>
#include <xenith/softirq.h>
#include <xenith/spinlock.h>
#include <xenith/symbols.h>
#include <xenith/timer.h>

enum {
    TIMER_STATUS_INACTIVE,      /* not in a heap */
    TIMER_STATUS_ACTIVE,        /* in the heap of queue 'cpu' */
    TIMER_STATUS_DUE,           /* on the due list of queue 'cpu' */
    TIMER_STATUS_KILLED,        /* killed: set_timer() ignores it */
};

struct timer_queue {
    spinlock_t lock;
    struct timer *heap;         /* root: the earliest timer; NULL when empty */
    struct timer *due;          /* due in this pass, linked by heap_next/prev */
    struct timer *running;      /* whose handler runs now; kill_timer() polls it */
    unsigned int nr;            /* timers in the heap or due */
} __aligned(CACHE_LINE_BYTES);

/* Indexed by CPU rather than per-CPU: other CPUs lock and change them. */
static struct timer_queue timer_queues[NR_CPUS];

/* ---------------------------------------------------------- pairing heap */

/* Join two heaps (roots with no siblings): the later root becomes a child. */
static struct timer *heap_meld(struct timer *a, struct timer *b)
{
    struct timer *tmp;

    if ( !a || !b )
        return a ? a : b;
    if ( b->expires < a->expires )
    {
        tmp = a;
        a = b;
        b = tmp;
    }
    b->heap_prev = a;
    b->heap_next = a->heap_child;
    if ( a->heap_child )
        a->heap_child->heap_prev = b;
    a->heap_child = b;
    return a;
}

/*
 * Make one heap of the sibling list starting at @first: meld the siblings
 * pairwise from the left, then the pairs from the right (the two passes
 * that give the pairing heap its amortized bound).  Iterative, so a long
 * list cannot overflow the stack.
 */
static struct timer *heap_merge_siblings(struct timer *first)
{
    struct timer *pairs = NULL, *result = NULL;

    while ( first )
    {
        struct timer *a = first, *b = first->heap_next;

        first = b ? b->heap_next : NULL;
        a->heap_next = a->heap_prev = NULL;
        if ( b )
            b->heap_next = b->heap_prev = NULL;
        a = heap_meld(a, b);
        a->heap_next = pairs;           /* a stack of pairs, last on top */
        pairs = a;
    }
    while ( pairs )
    {
        struct timer *next = pairs->heap_next;

        pairs->heap_next = NULL;
        result = heap_meld(result, pairs);
        pairs = next;
    }
    return result;
}

static void heap_insert(struct timer_queue *q, struct timer *t)
{
    t->heap_child = t->heap_next = t->heap_prev = NULL;
    q->heap = heap_meld(q->heap, t);
    q->nr++;
}

static void heap_remove(struct timer_queue *q, struct timer *t)
{
    struct timer *children = heap_merge_siblings(t->heap_child);

    if ( t == q->heap )
        q->heap = children;
    else
    {
        /* heap_prev is the parent if t is its first child, else a sibling. */
        if ( t->heap_prev->heap_child == t )
            t->heap_prev->heap_child = t->heap_next;
        else
            t->heap_prev->heap_next = t->heap_next;
        if ( t->heap_next )
            t->heap_next->heap_prev = t->heap_prev;
        q->heap = heap_meld(q->heap, children);
    }
    t->heap_child = t->heap_next = t->heap_prev = NULL;
    q->nr--;
}

/* Pre-order walk of a heap without a stack: the dump uses it. */
static struct timer *heap_walk_next(struct timer *t)
{
    if ( t->heap_child )
        return t->heap_child;
    for ( ; t; )
    {
        if ( t->heap_next )
            return t->heap_next;
        while ( t->heap_prev && t->heap_prev->heap_child != t )
            t = t->heap_prev;           /* back to the first sibling */
        t = t->heap_prev;               /* up to the parent */
    }
    return NULL;
}

static void due_remove(struct timer_queue *q, struct timer *t)
{
    if ( t->heap_prev )
        t->heap_prev->heap_next = t->heap_next;
    else
        q->due = t->heap_next;
    if ( t->heap_next )
        t->heap_next->heap_prev = t->heap_prev;
    t->heap_next = t->heap_prev = NULL;
    q->nr--;
}

static s_time_t queue_first_expiry(const struct timer_queue *q)
{
    return q->heap ? q->heap->expires : STIME_MAX;
}

/* ---------------------------------------------------------- queues */

static struct timer_queue *timer_lock(struct timer *timer, unsigned long *flags)
{
    for ( ; ; )
    {
        unsigned int cpu = ACCESS_ONCE(timer->cpu);
        struct timer_queue *q = &timer_queues[cpu];

        spin_lock_irqsave(&q->lock, *flags);
        if ( likely(ACCESS_ONCE(timer->cpu) == cpu) )
            return q;
        spin_unlock_irqrestore(&q->lock, *flags);
    }
}

static void timer_unlock(struct timer_queue *q, unsigned long flags)
{
    spin_unlock_irqrestore(&q->lock, flags);
}

/*
 * The earliest expiry of queue @cpu was @old before a change: keep that
 * CPU's hardware deadline from being later than the new earliest.
 */
static void queue_update_deadline(unsigned int cpu, s_time_t old)
{
    s_time_t first = queue_first_expiry(&timer_queues[cpu]);

    if ( first == old )
        return;
    if ( cpu == smp_processor_id() )
        reprogram_timer(first);
    else if ( first < old )
        cpu_raise_softirq(cpu, TIMER_SOFTIRQ);
}

/* Take @t off its queue (locked) if armed. */
static void timer_deactivate(struct timer *t)
{
    unsigned int cpu = t->cpu;
    struct timer_queue *q = &timer_queues[cpu];
    s_time_t old = queue_first_expiry(q);

    if ( t->status == TIMER_STATUS_DUE )
    {
        /* Not in the heap: the deadline does not depend on it. */
        due_remove(q, t);
        t->status = TIMER_STATUS_INACTIVE;
        return;
    }
    if ( t->status != TIMER_STATUS_ACTIVE )
        return;
    heap_remove(q, t);
    t->status = TIMER_STATUS_INACTIVE;
    queue_update_deadline(cpu, old);
}

/* Put @t (inactive) on its queue (locked). */
static void timer_activate(struct timer *t)
{
    unsigned int cpu = t->cpu;
    struct timer_queue *q = &timer_queues[cpu];
    s_time_t old = queue_first_expiry(q);

    heap_insert(q, t);
    t->status = TIMER_STATUS_ACTIVE;
    queue_update_deadline(cpu, old);
}

/* ---------------------------------------------------------- the interface */

void init_timer(struct timer *timer, void (*function)(void *data), void *data,
                unsigned int cpu)
{
    BUG_ON(cpu >= NR_CPUS || !function);
    memset(timer, 0, sizeof(*timer));
    timer->function = function;
    timer->data = data;
    timer->cpu = cpu;
    timer->status = TIMER_STATUS_INACTIVE;
}

void set_timer(struct timer *timer, s_time_t expires)
{
    unsigned long flags;
    struct timer_queue *q = timer_lock(timer, &flags);

    if ( timer->status != TIMER_STATUS_KILLED )
    {
        timer_deactivate(timer);
        timer->expires = expires;
        timer_activate(timer);
    }
    timer_unlock(q, flags);
}

void stop_timer(struct timer *timer)
{
    unsigned long flags;
    struct timer_queue *q = timer_lock(timer, &flags);

    timer_deactivate(timer);
    timer_unlock(q, flags);
}

/* Lock the queues of @timer and @cpu, in CPU order; false if already there. */
static bool timer_lock_pair(struct timer *timer, unsigned int cpu,
                            unsigned long *flags)
{
    for ( ; ; )
    {
        unsigned int old = ACCESS_ONCE(timer->cpu);

        if ( old == cpu )
            return false;
        *flags = local_irq_save();
        spin_lock(&timer_queues[min(old, cpu)].lock);
        spin_lock(&timer_queues[max(old, cpu)].lock);
        if ( likely(ACCESS_ONCE(timer->cpu) == old) )
            return true;
        spin_unlock(&timer_queues[max(old, cpu)].lock);
        spin_unlock(&timer_queues[min(old, cpu)].lock);
        local_irq_restore(*flags);
    }
}

void migrate_timer(struct timer *timer, unsigned int cpu)
{
    unsigned long flags;
    unsigned int old;
    bool active;

    BUG_ON(cpu >= NR_CPUS);
    if ( !timer_lock_pair(timer, cpu, &flags) )
        return;
    old = timer->cpu;
    active = timer_is_active(timer);
    timer_deactivate(timer);
    ACCESS_ONCE(timer->cpu) = cpu;
    if ( active )
        timer_activate(timer);
    spin_unlock(&timer_queues[max(old, cpu)].lock);
    spin_unlock(&timer_queues[min(old, cpu)].lock);
    local_irq_restore(flags);
}

void kill_timer(struct timer *timer)
{
    unsigned long flags;
    struct timer_queue *q;

    /* Waiting for itself below would never end. */
    BUG_ON(timer_queues[smp_processor_id()].running == timer);
    q = timer_lock(timer, &flags);
    timer_deactivate(timer);
    timer->status = TIMER_STATUS_KILLED;
    timer_unlock(q, flags);

    /*
     * 'running' changes under a queue lock and the unlock signals waiters,
     * so arch_lock_relax() (WFE on arm64) cannot sleep through the change.
     */
    for ( unsigned int cpu = 0; cpu < NR_CPUS; cpu++ )
        while ( ACCESS_ONCE(timer_queues[cpu].running) == timer )
            arch_lock_relax();
}

bool timer_is_active(const struct timer *timer)
{
    uint8_t status = ACCESS_ONCE(timer->status);

    return status == TIMER_STATUS_ACTIVE || status == TIMER_STATUS_DUE;
}

/* Move the timers of queue @q (locked) due by @now to its due list. */
static void timer_take_due(struct timer_queue *q, s_time_t now)
{
    struct timer *t, *tail = NULL;

    ASSERT(!q->due);
    while ( (t = q->heap) != NULL && t->expires <= now )
    {
        heap_remove(q, t);
        t->status = TIMER_STATUS_DUE;
        t->heap_prev = tail;
        if ( tail )
            tail->heap_next = t;
        else
            q->due = t;
        tail = t;
        q->nr++;
    }
}

/* Run the timers of this CPU due by now, then set the hardware for the next. */
static void timer_softirq(void)
{
    struct timer_queue *q = &timer_queues[smp_processor_id()];
    unsigned long flags;
    struct timer *t;

    spin_lock_irqsave(&q->lock, flags);
    timer_take_due(q, NOW());
    while ( (t = q->due) != NULL )
    {
        void (*function)(void *data) = t->function;
        void *data = t->data;

        due_remove(q, t);
        t->status = TIMER_STATUS_INACTIVE;
        q->running = t;
        spin_unlock_irqrestore(&q->lock, flags);
        function(data);
        spin_lock_irqsave(&q->lock, flags);
    }
    q->running = NULL;
    reprogram_timer(queue_first_expiry(q));
    spin_unlock_irqrestore(&q->lock, flags);
}

void timer_init(void)
{
    open_softirq(TIMER_SOFTIRQ, timer_softirq);
}

/* ---------------------------------------------------------- 't' key */

static void timer_dump_one(const struct timer *t, s_time_t now)
{
    char fn[64];

    printk("  expires %ld (in %ld us)%s timer=%p fn=%s(%p)\n", t->expires,
           (t->expires - now) / 1000, t->status == TIMER_STATUS_DUE ? " due" : "",
           (const void *)t, symbols_format(fn, sizeof(fn), (unsigned long)t->function),
           t->data);
}

static void timer_dump_queue(unsigned int cpu, s_time_t now)
{
    struct timer_queue *q = &timer_queues[cpu];
    unsigned long flags;

    spin_lock_irqsave(&q->lock, flags);
    printk("CPU%u: %u timer(s)%s\n", cpu, q->nr,
           q->running ? ", one handler running" : "");
    for ( struct timer *t = q->due; t; t = t->heap_next )
        timer_dump_one(t, now);
    for ( struct timer *t = q->heap; t; t = heap_walk_next(t) )
        timer_dump_one(t, now);
    spin_unlock_irqrestore(&q->lock, flags);
}

static void timer_dump(char key)
{
    s_time_t now = NOW();

    printk("'%c' pressed -> dumping timer queues (now %ld ns)\n", key, now);
    for ( unsigned int cpu = 0; cpu < NR_CPUS; cpu++ )
        if ( timer_queues[cpu].heap || cpu == smp_processor_id() )
            timer_dump_queue(cpu, now);
}
KEYHANDLER('t', timer_dump, "dump timer queues");
