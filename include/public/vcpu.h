/* SPDX-License-Identifier: MIT */
/*
 * vcpu_op(cmd, vcpuid, arg): per-vCPU operations (Xen 4.17).
 *
 * On Arm only VCPUOP_register_runstate_memory_area and
 * VCPUOP_register_vcpu_info exist; the others fail (secondary vCPUs are
 * started with PSCI CPU_ON).  A vcpuid the domain does not have: -ENOENT.
 */
#ifndef __XEN_PUBLIC_VCPU_H__
#define __XEN_PUBLIC_VCPU_H__

#include "xen.h"

/*
 * Give a vCPU its first register state, once.  arg: struct
 * vcpu_guest_context (x86 HVM: struct vcpu_hvm_context).  It stays down
 * until VCPUOP_up.
 */
#define VCPUOP_initialise            0

/* Make an initialised vCPU runnable.  arg NULL. */
#define VCPUOP_up                    1

/*
 * Stop a vCPU.  arg NULL.  Asynchronous unless a vCPU downs itself: the
 * call (and VCPUOP_is_up) may report it down before it stops running.
 */
#define VCPUOP_down                  2

/* arg NULL; returns 1 if the vCPU is up, else 0. */
#define VCPUOP_is_up                 3

/* arg: struct vcpu_runstate_info, filled with the vCPU's runstate. */
#define VCPUOP_get_runstate_info     4

/* How a vCPU has spent its time (all times in ns of system time). */
struct vcpu_runstate_info {
    int      state;                 /* RUNSTATE_*, the current one */
    uint64_t state_entry_time;      /* when it was entered */
    /*
     * With VMASST_TYPE_runstate_update_flag enabled, the hypervisor sets
     * this bit in state_entry_time of the guest's registered copy while it
     * rewrites the structure, and clears it when done.
     */
#define XEN_RUNSTATE_UPDATE          (xen_mk_ullong(1) << 63)
    uint64_t time[4];               /* total time in each RUNSTATE_* */
};
typedef struct vcpu_runstate_info vcpu_runstate_info_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_runstate_info_t);

/* Running on a physical CPU. */
#define RUNSTATE_running  0

/* Runnable, waiting for a physical CPU. */
#define RUNSTATE_runnable 1

/* Blocked: waiting for an event. */
#define RUNSTATE_blocked  2

/* Neither runnable nor blocked: down, paused, or held by the hypervisor. */
#define RUNSTATE_offline  3

/*
 * Register a copy of the vCPU's vcpu_runstate_info in guest memory, which
 * the hypervisor updates whenever it schedules the vCPU in or out; one per
 * vCPU.  On Arm and x86 the address is a guest virtual address, so the
 * mapping must exist whenever the vCPU can be descheduled.
 * arg: struct vcpu_register_runstate_memory_area.
 */
#define VCPUOP_register_runstate_memory_area 5
struct vcpu_register_runstate_memory_area {
    union {
        XEN_GUEST_HANDLE(vcpu_runstate_info_t) h;
        struct vcpu_runstate_info *v;
        uint64_t p;
    } addr;
};
typedef struct vcpu_register_runstate_memory_area vcpu_register_runstate_memory_area_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_register_runstate_memory_area_t);

/*
 * The vCPU's periodic timer (x86).  set: arg struct vcpu_set_periodic_timer;
 * stop: arg NULL.
 */
#define VCPUOP_set_periodic_timer    6
#define VCPUOP_stop_periodic_timer   7
struct vcpu_set_periodic_timer {
    uint64_t period_ns;
};
typedef struct vcpu_set_periodic_timer vcpu_set_periodic_timer_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_set_periodic_timer_t);

/*
 * The vCPU's single-shot timer (x86).  set: arg struct
 * vcpu_set_singleshot_timer; stop: arg NULL.
 */
#define VCPUOP_set_singleshot_timer  8
#define VCPUOP_stop_singleshot_timer 9
struct vcpu_set_singleshot_timer {
    uint64_t timeout_abs_ns;        /* system time at which it fires */
    uint32_t flags;                 /* VCPU_SSHOTTMR_* */
};
typedef struct vcpu_set_singleshot_timer vcpu_set_singleshot_timer_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_set_singleshot_timer_t);

/* Fail with -ETIME if the timeout has already passed. */
#define _VCPU_SSHOTTMR_future (0)
#define VCPU_SSHOTTMR_future  (1U << _VCPU_SSHOTTMR_future)

/*
 * Move the vCPU's vcpu_info to guest memory: frame mfn (a GFN on Arm) at
 * byte offset, which must leave the whole structure inside that page.
 * Allowed once per vCPU.  The hypervisor copies the current contents over
 * and then raises an upcall so the guest rescans its events.
 * arg: struct vcpu_register_vcpu_info.
 */
#define VCPUOP_register_vcpu_info   10
struct vcpu_register_vcpu_info {
    uint64_t mfn;                   /* frame holding the vcpu_info */
    uint32_t offset;                /* its offset in the frame */
    uint32_t rsvd;                  /* unused; pass 0 */
};
typedef struct vcpu_register_vcpu_info vcpu_register_vcpu_info_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_register_vcpu_info_t);

/* Send an NMI to the vCPU (x86).  arg NULL. */
#define VCPUOP_send_nmi             11

/*
 * The identity of the physical CPU under a pinned vCPU (x86: APIC ID in
 * bits 0-31, ACPI ID in bits 32-63).  arg: struct vcpu_get_physid; -EINVAL
 * where it does not apply.
 */
#define VCPUOP_get_physid           12
struct vcpu_get_physid {
    uint64_t phys_id;
};
typedef struct vcpu_get_physid vcpu_get_physid_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_get_physid_t);
#define xen_vcpu_physid_to_x86_apicid(physid) ((uint32_t)(physid))
#define xen_vcpu_physid_to_x86_acpiid(physid) ((uint32_t)((physid) >> 32))

/*
 * Register a second copy of the vCPU's vcpu_time_info, kept in step with
 * the one in vcpu_info (x86; for user space).  arg: struct
 * vcpu_register_time_memory_area.
 */
#define VCPUOP_register_vcpu_time_memory_area   13
DEFINE_XEN_GUEST_HANDLE(vcpu_time_info_t);
struct vcpu_register_time_memory_area {
    union {
        XEN_GUEST_HANDLE(vcpu_time_info_t) h;
        struct vcpu_time_info *v;
        uint64_t p;
    } addr;
};
typedef struct vcpu_register_time_memory_area vcpu_register_time_memory_area_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_register_time_memory_area_t);

#ifdef XEN_PUBLIC_LP64
XEN_PUBLIC_SIZE(struct vcpu_runstate_info, 48);
XEN_PUBLIC_OFFSET(struct vcpu_runstate_info, state_entry_time, 8);
XEN_PUBLIC_OFFSET(struct vcpu_runstate_info, time, 16);
XEN_PUBLIC_SIZE(struct vcpu_register_runstate_memory_area, 8);
XEN_PUBLIC_SIZE(struct vcpu_set_periodic_timer, 8);
XEN_PUBLIC_SIZE(struct vcpu_set_singleshot_timer, 16);
XEN_PUBLIC_OFFSET(struct vcpu_set_singleshot_timer, flags, 8);
XEN_PUBLIC_SIZE(struct vcpu_register_vcpu_info, 16);
XEN_PUBLIC_OFFSET(struct vcpu_register_vcpu_info, offset, 8);
XEN_PUBLIC_OFFSET(struct vcpu_register_vcpu_info, rsvd, 12);
XEN_PUBLIC_SIZE(struct vcpu_get_physid, 8);
XEN_PUBLIC_SIZE(struct vcpu_register_time_memory_area, 8);
#endif

#endif /* __XEN_PUBLIC_VCPU_H__ */
