/* SPDX-License-Identifier: MIT */
/*
 * sched_op(cmd, arg): a guest and the scheduler (Xen 4.17): yielding,
 * blocking, polling and shutting down.
 *
 * Before Xen 3.0.2 the call was sched_op(cmd, unsigned long arg) with only
 * yield, block and shutdown (arg = the SHUTDOWN_* reason); that form is
 * still hypercall __HYPERVISOR_sched_op_compat.
 */
#ifndef __XEN_PUBLIC_SCHED_H__
#define __XEN_PUBLIC_SCHED_H__

#include "event_channel.h"

/* Give up the CPU for now.  arg NULL. */
#define SCHEDOP_yield       0

/*
 * Block the vCPU until an event is pending for it.  arg NULL.  Upcalls are
 * re-enabled and pending events checked atomically with blocking, so no
 * wakeup is lost.  On Arm a guest normally idles with WFI instead.
 */
#define SCHEDOP_block       1

/*
 * Stop the whole domain and tell the toolstack why.  arg: struct
 * sched_shutdown.  With SHUTDOWN_suspend the call returns 1 if the suspend
 * was cancelled (or the domain only checkpointed) and 0 when resuming in a
 * new domain; x86 PV passes its start_info frame as the third argument.
 */
#define SCHEDOP_shutdown    2

/*
 * Wait until one of the listed local ports is pending, or until the
 * timeout (system time in ns; 0 for none).  arg: struct sched_poll.
 */
#define SCHEDOP_poll        3

/*
 * Shut down another domain, on its behalf (privileged; used for guests
 * that have no way to do it themselves).  arg: struct sched_remote_shutdown.
 */
#define SCHEDOP_remote_shutdown        4

/*
 * Record the reason to report when the domain shuts down later.
 * arg: struct sched_shutdown.
 */
#define SCHEDOP_shutdown_code 5

/*
 * Domain watchdogs.  arg: struct sched_watchdog.
 *   id 0: create one that shuts the domain down (SHUTDOWN_watchdog) unless
 *         poked within timeout seconds; returns its id.
 *   id n, timeout 0: destroy watchdog n.
 *   id n, timeout t: poke watchdog n and make its timeout t.
 */
#define SCHEDOP_watchdog    6

/*
 * Hardware domain only: pin the calling vCPU to physical CPU pcpu (within
 * its cpupool) overriding its affinity; a negative pcpu restores the
 * affinity.  arg: struct sched_pin_override.
 */
#define SCHEDOP_pin_override 7

struct sched_shutdown {
    unsigned int reason;            /* SHUTDOWN_* */
};
typedef struct sched_shutdown sched_shutdown_t;
DEFINE_XEN_GUEST_HANDLE(sched_shutdown_t);

struct sched_poll {
    XEN_GUEST_HANDLE(evtchn_port_t) ports;
    unsigned int nr_ports;
    uint64_t timeout;
};
typedef struct sched_poll sched_poll_t;
DEFINE_XEN_GUEST_HANDLE(sched_poll_t);

struct sched_remote_shutdown {
    domid_t domain_id;              /* the domain to shut down */
    unsigned int reason;            /* SHUTDOWN_* */
};
typedef struct sched_remote_shutdown sched_remote_shutdown_t;
DEFINE_XEN_GUEST_HANDLE(sched_remote_shutdown_t);

struct sched_watchdog {
    uint32_t id;
    uint32_t timeout;
};
typedef struct sched_watchdog sched_watchdog_t;
DEFINE_XEN_GUEST_HANDLE(sched_watchdog_t);

struct sched_pin_override {
    int32_t pcpu;
};
typedef struct sched_pin_override sched_pin_override_t;
DEFINE_XEN_GUEST_HANDLE(sched_pin_override_t);

/* Shutdown reasons, for the toolstack to act on. */
#define SHUTDOWN_poweroff   0  /* stopped normally: destroy it */
#define SHUTDOWN_reboot     1  /* destroy it and start it again */
#define SHUTDOWN_suspend    2  /* save its state, then destroy it */
#define SHUTDOWN_crash      3  /* it crashed */
#define SHUTDOWN_watchdog   4  /* a watchdog expired: restart it */
/*
 * Soft reset: return the domain's hypervisor state to what it was at
 * creation, keeping its memory and vCPU contexts, so it can set up all its
 * Xen interfaces again (e.g. kexec).
 */
#define SHUTDOWN_soft_reset 5
#define SHUTDOWN_MAX        5  /* the largest valid reason */

#ifdef XEN_PUBLIC_LP64
XEN_PUBLIC_SIZE(struct sched_shutdown, 4);
XEN_PUBLIC_SIZE(struct sched_poll, 24);
XEN_PUBLIC_OFFSET(struct sched_poll, nr_ports, 8);
XEN_PUBLIC_OFFSET(struct sched_poll, timeout, 16);
XEN_PUBLIC_SIZE(struct sched_remote_shutdown, 8);
XEN_PUBLIC_OFFSET(struct sched_remote_shutdown, reason, 4);
XEN_PUBLIC_SIZE(struct sched_watchdog, 8);
XEN_PUBLIC_OFFSET(struct sched_watchdog, timeout, 4);
XEN_PUBLIC_SIZE(struct sched_pin_override, 4);
#endif

#endif /* __XEN_PUBLIC_SCHED_H__ */
