/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Runstate accounting (Xen 4.17's): how long each vCPU has been running,
 * runnable (waiting for a pCPU), blocked (waiting for an event) and
 * offline (down or paused), in ns of system time.  The scheduler core
 * reports each transition under the scheduler's lock of the vCPU; other
 * CPUs read a consistent copy through v->runstate_seq.
 *
 * A guest may register a copy of its vCPU's runstate at a guest virtual
 * address (VCPUOP_register_runstate_memory_area).  As Xen on Arm, it is
 * rewritten when the vCPU is scheduled out and in, through the vCPU's own
 * stage 1; a copy that fails (nothing mapped there) is silently dropped.
 */
#include <xenith/guest_access.h>
#include <xenith/lib.h>
#include <xenith/sched.h>

/* VCPUOP_register_runstate_memory_area's copy: byte 7 of state_entry_time. */
#define RUNSTATE_FLAG_BYTE  (offsetof(struct vcpu_runstate_info, state_entry_time) + 7)

void vcpu_runstate_init(struct vcpu *v, s_time_t now)
{
    v->runstate.state = is_idle_vcpu(v) ? RUNSTATE_running : RUNSTATE_offline;
    v->runstate.state_entry_time = now;
}

void vcpu_runstate_change(struct vcpu *v, int new_state, s_time_t now)
{
    struct vcpu_runstate_info *rs = &v->runstate;
    s_time_t delta = now - (s_time_t)rs->state_entry_time;

    if ( rs->state == new_state )
        return;
    /* Odd while it changes: readers retry. */
    __atomic_store_n(&v->runstate_seq, v->runstate_seq + 1, __ATOMIC_RELAXED);
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    /* Clocks of two pCPUs may disagree a little: never account backwards. */
    if ( delta > 0 )
    {
        rs->time[rs->state] += delta;
        rs->state_entry_time = now;
    }
    rs->state = new_state;
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    __atomic_store_n(&v->runstate_seq, v->runstate_seq + 1, __ATOMIC_RELAXED);
}

/* A consistent copy of v->runstate as the last change left it. */
static void runstate_read(const struct vcpu *v, struct vcpu_runstate_info *rs)
{
    unsigned int seq;

    for ( ; ; )
    {
        seq = __atomic_load_n(&v->runstate_seq, __ATOMIC_ACQUIRE);
        if ( seq & 1 )
            continue;
        memcpy(rs, &v->runstate, sizeof(*rs));
        __atomic_thread_fence(__ATOMIC_ACQUIRE);
        if ( __atomic_load_n(&v->runstate_seq, __ATOMIC_RELAXED) == seq )
            return;
    }
}

void vcpu_runstate_get(const struct vcpu *v, struct vcpu_runstate_info *rs,
                       s_time_t now)
{
    s_time_t delta;

    runstate_read(v, rs);
    delta = now - (s_time_t)rs->state_entry_time;
    if ( delta > 0 )
        rs->time[rs->state] += delta;
}

void vcpu_runstate_to_guest(struct vcpu *v)
{
    uint64_t gva = ACCESS_ONCE(v->runstate_guest);
    bool flag = v->domain->vm_assist & (1UL << VMASST_TYPE_runstate_update_flag);
    struct vcpu_runstate_info rs;
    uint8_t top;

    if ( !gva )
        return;
    runstate_read(v, &rs);
    /*
     * With the update flag, the guest sees XEN_RUNSTATE_UPDATE set in
     * state_entry_time before any other byte changes and cleared only
     * after all of them did: set in the top byte alone, then the whole
     * copy (with it set), then the top byte again without it.
     */
    if ( flag )
    {
        rs.state_entry_time |= XEN_RUNSTATE_UPDATE;
        top = rs.state_entry_time >> 56;
        (void)copy_to_guest(gva + RUNSTATE_FLAG_BYTE, &top, 1);
        __atomic_thread_fence(__ATOMIC_RELEASE);
    }
    (void)copy_to_guest(gva, &rs, sizeof(rs));
    if ( flag )
    {
        top = (rs.state_entry_time & ~XEN_RUNSTATE_UPDATE) >> 56;
        __atomic_thread_fence(__ATOMIC_RELEASE);
        (void)copy_to_guest(gva + RUNSTATE_FLAG_BYTE, &top, 1);
    }
}

void vcpu_runstate_wake(struct vcpu *v, s_time_t now)
{
    if ( vcpu_runnable(v) )
    {
        if ( v->runstate.state >= RUNSTATE_blocked )
            vcpu_runstate_change(v, RUNSTATE_runnable, now);
    }
    else if ( !(ACCESS_ONCE(v->pause_flags) & VPF_blocked) &&
              v->runstate.state == RUNSTATE_blocked )
        vcpu_runstate_change(v, RUNSTATE_offline, now);
}

void vcpu_runstate_sleep(struct vcpu *v, s_time_t now)
{
    if ( !vcpu_runnable(v) && v->runstate.state == RUNSTATE_runnable )
        vcpu_runstate_change(v, RUNSTATE_offline, now);
}

void vcpu_runstate_switch(struct vcpu *prev, struct vcpu *next, s_time_t now)
{
    int left;

    if ( ACCESS_ONCE(prev->pause_flags) & VPF_blocked )
        left = RUNSTATE_blocked;
    else
        left = vcpu_runnable(prev) ? RUNSTATE_runnable : RUNSTATE_offline;
    vcpu_runstate_change(prev, left, now);
    vcpu_runstate_change(next, RUNSTATE_running, now);
}
