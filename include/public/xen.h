/* SPDX-License-Identifier: MIT */
/*
 * The core of the Xen guest ABI (Xen 4.17, Arm): hypercall numbers, domain
 * IDs, virtual IRQs, and the pages a domain shares with the hypervisor
 * (shared_info and the per-vCPU vcpu_info).
 *
 * Xenith implements the Arm ABI only, so arch-arm.h is included whatever
 * the compiler targets: tools and tests built on a 64-bit host see the
 * same layouts as an arm64 guest.
 */
#ifndef __XEN_PUBLIC_XEN_H__
#define __XEN_PUBLIC_XEN_H__

#include "xen-compat.h"
#include "arch-arm.h"

#ifndef __ASSEMBLY__
/* Handles for the basic types (a handle of T points to T in guest memory). */
DEFINE_XEN_GUEST_HANDLE(char);
__DEFINE_XEN_GUEST_HANDLE(uchar, unsigned char);
DEFINE_XEN_GUEST_HANDLE(int);
__DEFINE_XEN_GUEST_HANDLE(uint, unsigned int);
#if __XEN_INTERFACE_VERSION__ < 0x00040300
DEFINE_XEN_GUEST_HANDLE(long);
__DEFINE_XEN_GUEST_HANDLE(ulong, unsigned long);
#endif
DEFINE_XEN_GUEST_HANDLE(void);
DEFINE_XEN_GUEST_HANDLE(uint64_t);
DEFINE_XEN_GUEST_HANDLE(xen_pfn_t);
DEFINE_XEN_GUEST_HANDLE(xen_ulong_t);

/* In memory a handle is 8 bytes, 8-aligned, for 32-bit guests too. */
XEN_PUBLIC_CHECK(sizeof(XEN_GUEST_HANDLE(xen_pfn_t)) == 8);
XEN_PUBLIC_CHECK(__alignof__(XEN_GUEST_HANDLE(xen_pfn_t)) == 8);
#ifdef XEN_PUBLIC_LP64
XEN_PUBLIC_CHECK(sizeof(XEN_GUEST_HANDLE_PARAM(xen_pfn_t)) == 8);
#endif
#endif /* !__ASSEMBLY__ */

/*
 * Hypercall numbers (x16).  On Arm only these exist: platform_op,
 * memory_op, multicall, xen_version, console_io, grant_table_op, vm_assist,
 * vcpu_op, xsm_op, sched_op, event_channel_op, physdev_op, hvm_op, sysctl,
 * domctl, argo_op, dm_op, hypfs_op; the others return -ENOSYS.
 */
#define __HYPERVISOR_set_trap_table        0
#define __HYPERVISOR_mmu_update            1
#define __HYPERVISOR_set_gdt               2
#define __HYPERVISOR_stack_switch          3
#define __HYPERVISOR_set_callbacks         4
#define __HYPERVISOR_fpu_taskswitch        5
#define __HYPERVISOR_sched_op_compat       6 /* old form of sched_op */
#define __HYPERVISOR_platform_op           7
#define __HYPERVISOR_set_debugreg          8
#define __HYPERVISOR_get_debugreg          9
#define __HYPERVISOR_update_descriptor    10
#define __HYPERVISOR_memory_op            12
#define __HYPERVISOR_multicall            13
#define __HYPERVISOR_update_va_mapping    14
#define __HYPERVISOR_set_timer_op         15
#define __HYPERVISOR_event_channel_op_compat 16 /* old form of evtchn op */
#define __HYPERVISOR_xen_version          17
#define __HYPERVISOR_console_io           18
#define __HYPERVISOR_physdev_op_compat    19 /* old form of physdev_op */
#define __HYPERVISOR_grant_table_op       20
#define __HYPERVISOR_vm_assist            21
#define __HYPERVISOR_update_va_mapping_otherdomain 22
#define __HYPERVISOR_iret                 23 /* x86 */
#define __HYPERVISOR_vcpu_op              24
#define __HYPERVISOR_set_segment_base     25 /* x86-64 */
#define __HYPERVISOR_mmuext_op            26
#define __HYPERVISOR_xsm_op               27
#define __HYPERVISOR_nmi_op               28
#define __HYPERVISOR_sched_op             29
#define __HYPERVISOR_callback_op          30
#define __HYPERVISOR_xenoprof_op          31
#define __HYPERVISOR_event_channel_op     32
#define __HYPERVISOR_physdev_op           33
#define __HYPERVISOR_hvm_op               34
#define __HYPERVISOR_sysctl               35
#define __HYPERVISOR_domctl               36
#define __HYPERVISOR_kexec_op             37
#define __HYPERVISOR_tmem_op              38 /* withdrawn */
#define __HYPERVISOR_argo_op              39
#define __HYPERVISOR_xenpmu_op            40
#define __HYPERVISOR_dm_op                41
#define __HYPERVISOR_hypfs_op             42

/* Left to each architecture (none is used on Arm). */
#define __HYPERVISOR_arch_0               48
#define __HYPERVISOR_arch_1               49
#define __HYPERVISOR_arch_2               50
#define __HYPERVISOR_arch_3               51
#define __HYPERVISOR_arch_4               52
#define __HYPERVISOR_arch_5               53
#define __HYPERVISOR_arch_6               54
#define __HYPERVISOR_arch_7               55

/* Guests written for interfaces older than the new calls get the old ones. */
#if __XEN_INTERFACE_VERSION__ < 0x00030101
#undef __HYPERVISOR_sched_op
#define __HYPERVISOR_sched_op __HYPERVISOR_sched_op_compat
#endif
#if __XEN_INTERFACE_VERSION__ < 0x00030202
#undef __HYPERVISOR_event_channel_op
#define __HYPERVISOR_event_channel_op __HYPERVISOR_event_channel_op_compat
#undef __HYPERVISOR_physdev_op
#define __HYPERVISOR_physdev_op __HYPERVISOR_physdev_op_compat
#endif
#if __XEN_INTERFACE_VERSION__ < 0x00030204
#define __HYPERVISOR_dom0_op __HYPERVISOR_platform_op
#endif

/*
 * Virtual interrupts, bound to event channels with EVTCHNOP_bind_virq.
 * "vCPU" ones are per-vCPU; "global" ones are bound on vCPU 0 and may be
 * moved with EVTCHNOP_bind_vcpu.  Most global ones only fire for dom0.
 */
#define VIRQ_TIMER      0  /* vCPU: timer (not used on Arm) */
#define VIRQ_DEBUG      1  /* vCPU: asked to dump debug state */
#define VIRQ_CONSOLE    2  /* global: input on the hypervisor console */
#define VIRQ_DOM_EXC    3  /* global: a domain shut down or died */
#define VIRQ_TBUF       4  /* global: trace records available */
#define VIRQ_DEBUGGER   6  /* global: a domain paused for the debugger */
#define VIRQ_XENOPROF   7  /* vCPU: profiling sample available */
#define VIRQ_CON_RING   8  /* global: console ring has new output */
#define VIRQ_PCPU_STATE 9  /* global: a physical CPU changed state */
#define VIRQ_MEM_EVENT  10 /* global: memory event */
#define VIRQ_ARGO       11 /* global: Argo message */
#define VIRQ_ENOMEM     12 /* global: hypervisor heap is low */
#define VIRQ_XENPMU     13 /* vCPU: performance counter interrupt */

/* Numbers left to each architecture. */
#define VIRQ_ARCH_0    16
#define VIRQ_ARCH_1    17
#define VIRQ_ARCH_2    18
#define VIRQ_ARCH_3    19
#define VIRQ_ARCH_4    20
#define VIRQ_ARCH_5    21
#define VIRQ_ARCH_6    22
#define VIRQ_ARCH_7    23

#define NR_VIRQS       24

/* console_io(cmd, count, buffer) */
#define CONSOLEIO_write         0
#define CONSOLEIO_read          1

/* vm_assist(cmd, type): only runstate_update_flag exists on Arm. */
#define VMASST_CMD_enable                0
#define VMASST_CMD_disable               1

#define VMASST_TYPE_4gb_segments         0  /* x86 */
#define VMASST_TYPE_4gb_segments_notify  1  /* x86 */
#define VMASST_TYPE_writable_pagetables  2  /* x86 */
#define VMASST_TYPE_pae_extended_cr3     3  /* x86 */
#define VMASST_TYPE_architectural_iopl   4  /* x86 */
/* Mark runstate areas being updated with XEN_RUNSTATE_UPDATE (vcpu.h). */
#define VMASST_TYPE_runstate_update_flag 5
#define VMASST_TYPE_m2p_strict           32 /* x86 */

#if __XEN_INTERFACE_VERSION__ < 0x00040600
#define MAX_VMASST_TYPE                  3
#endif

/*
 * Domain IDs from DOMID_FIRST_RESERVED up are never real domains; each has
 * a meaning where a domid is expected.
 */
#define DOMID_FIRST_RESERVED xen_mk_uint(0x7FF0)

/* The calling domain. */
#define DOMID_SELF           xen_mk_uint(0x7FF0)

/* Owner of I/O memory (privileged callers, for mapping MMIO frames). */
#define DOMID_IO             xen_mk_uint(0x7FF1)

/* The hypervisor itself, as owner of its own pages. */
#define DOMID_XEN            xen_mk_uint(0x7FF2)

/* Owner of shared copy-on-write pages (memory sharing). */
#define DOMID_COW            xen_mk_uint(0x7FF3)

/* No domain: the owner of a page is unknown, or "no domain" is meant. */
#define DOMID_INVALID        xen_mk_uint(0x7FF4)

/* The idle domain. */
#define DOMID_IDLE           xen_mk_uint(0x7FFF)

/* Mask of the bits a domid may use. */
#define DOMID_MASK           xen_mk_uint(0x7FFF)

#ifndef __ASSEMBLY__

typedef uint16_t domid_t;

/*
 * One call of a multicall batch: op and up to six arguments in, the result
 * out.  Arm uses five of the arguments.
 */
struct multicall_entry {
    xen_ulong_t op, result;
    xen_ulong_t args[6];
};
typedef struct multicall_entry multicall_entry_t;
DEFINE_XEN_GUEST_HANDLE(multicall_entry_t);

#if __XEN_INTERFACE_VERSION__ < 0x00040400
/* Old name of the 2-level channel count (event_channel.h). */
#define NR_EVENT_CHANNELS EVTCHN_2L_NR_CHANNELS
#endif

/*
 * System time of a vCPU, kept by the hypervisor (x86; an Arm guest reads
 * the generic timer and finds this zero).  Readers use it like a seqlock:
 * version is odd while an update is in progress and changes with each
 * update, so read version, the fields, then version again and retry if it
 * was odd or moved.  The time is
 *   system_time + (((tsc - tsc_timestamp) << tsc_shift) * tsc_to_system_mul >> 32)
 * with a negative tsc_shift shifting right.
 */
struct vcpu_time_info {
    uint32_t version;
    uint32_t pad0;
    uint64_t tsc_timestamp;     /* counter value at the last update */
    uint64_t system_time;       /* ns since boot at that moment */
    uint32_t tsc_to_system_mul; /* 32.32 fixed point ns per counter tick */
    int8_t   tsc_shift;
#if __XEN_INTERFACE_VERSION__ > 0x040600
    uint8_t  flags;             /* XEN_PVCLOCK_* */
    uint8_t  pad1[2];
#else
    int8_t   pad1[3];
#endif
};
typedef struct vcpu_time_info vcpu_time_info_t;

#define XEN_PVCLOCK_TSC_STABLE_BIT     (1 << 0)
#define XEN_PVCLOCK_GUEST_STOPPED      (1 << 1)

/*
 * Per-vCPU event state, in memory the guest registers with
 * VCPUOP_register_vcpu_info (or vCPU 0's slot of shared_info).
 *
 * The hypervisor sets evtchn_upcall_pending to 1 (and raises the upcall
 * interrupt) when events await this vCPU.  The guest clears it before it
 * scans for work, so an event arriving during the scan raises it again.
 * With the 2-level event ABI, bit w of evtchn_pending_sel says that word w
 * of shared_info.evtchn_pending may hold a pending, unmasked event.
 * Arm has no per-vCPU mask byte: the guest masks the upcall with PSTATE.I.
 */
struct vcpu_info {
    uint8_t evtchn_upcall_pending;
    uint8_t pad0;
    xen_ulong_t evtchn_pending_sel;
    XEN_PUBLIC_EMPTY_MEMBER struct arch_vcpu_info arch;
    vcpu_time_info_t time;
};
#ifndef __XEN__
typedef struct vcpu_info vcpu_info_t;
#endif

/*
 * The page a domain shares with the hypervisor, mapped on Arm with
 * XENMEM_add_to_physmap(XENMAPSPACE_shared_info).
 *
 * 2-level event channels: port p is bit p % 64 of word p / 64 of
 * evtchn_pending (set by the hypervisor, cleared by the guest) and of
 * evtchn_mask (owned by the guest).  When a port becomes pending while
 * unmasked, the hypervisor also sets the port's word in the selector of the
 * vCPU it notifies.  A masked port stays pending without an upcall; the
 * guest checks for that when it unmasks.
 *
 * Wallclock: (wc_sec_hi:wc_sec, wc_nsec) is the time since the Unix epoch
 * at system time 0, adjusted by the domain's time offset; wc_version is a
 * seqlock-style counter as in vcpu_time_info.
 */
struct shared_info {
    struct vcpu_info vcpu_info[XEN_LEGACY_MAX_VCPUS];

    xen_ulong_t evtchn_pending[sizeof(xen_ulong_t) * 8];
    xen_ulong_t evtchn_mask[sizeof(xen_ulong_t) * 8];

    uint32_t wc_version;
    uint32_t wc_sec;
    uint32_t wc_nsec;
    uint32_t wc_sec_hi;
#define xen_wc_sec_hi wc_sec_hi

    XEN_PUBLIC_EMPTY_MEMBER struct arch_shared_info arch;
};
#ifndef __XEN__
typedef struct shared_info shared_info_t;
#endif

#endif /* !__ASSEMBLY__ */

/*
 * start_info flags.  Arm has no start_info page; Linux keeps these flags
 * for itself and derives SIF_INITDOMAIN from XENFEAT_dom0.
 */
#define SIF_PRIVILEGED      (1 << 0)    /* the domain is privileged */
#define SIF_INITDOMAIN      (1 << 1)    /* it is the initial domain */
#define SIF_MULTIBOOT_MOD   (1 << 2)    /* mod_start is a multiboot module */
#define SIF_MOD_START_PFN   (1 << 3)    /* mod_start is a frame number */
#define SIF_VIRT_P2M_4TOOLS (1 << 4)    /* tools understand a virtual p2m */
#define SIF_PM_MASK         (0xFF << 8) /* power-management options */

#ifndef __ASSEMBLY__

/* A domain's UUID (XENVER_guest_handle, domctl createdomain). */
typedef uint8_t xen_domain_handle_t[16];

__DEFINE_XEN_GUEST_HANDLE(uint8,  uint8_t);
__DEFINE_XEN_GUEST_HANDLE(uint16, uint16_t);
__DEFINE_XEN_GUEST_HANDLE(uint32, uint32_t);
__DEFINE_XEN_GUEST_HANDLE(uint64, uint64_t);

typedef struct {
    uint8_t a[16];
} xen_uuid_t;

/*
 * Initialiser of a xen_uuid_t from the usual written form
 * aaaaaaaa-bbbb-cccc-dddd-e1e2e3e4e5e6: the first four groups given as
 * numbers, stored big-endian; the last as six bytes.
 */
#define XEN_DEFINE_UUID_(a, b, c, d, e1, e2, e3, e4, e5, e6)            \
    {{ ((a) >> 24) & 0xFF, ((a) >> 16) & 0xFF,                          \
       ((a) >> 8) & 0xFF, (a) & 0xFF,                                   \
       ((b) >> 8) & 0xFF, (b) & 0xFF,                                   \
       ((c) >> 8) & 0xFF, (c) & 0xFF,                                   \
       ((d) >> 8) & 0xFF, (d) & 0xFF,                                   \
       e1, e2, e3, e4, e5, e6 }}

/* As an expression where compound literals exist, else as an initialiser. */
#if defined(__STDC_VERSION__) ? __STDC_VERSION__ >= 199901L : defined(__GNUC__)
#define XEN_DEFINE_UUID(a, b, c, d, e1, e2, e3, e4, e5, e6)             \
    ((xen_uuid_t)XEN_DEFINE_UUID_(a, b, c, d, e1, e2, e3, e4, e5, e6))
#else
#define XEN_DEFINE_UUID(a, b, c, d, e1, e2, e3, e4, e5, e6)             \
    XEN_DEFINE_UUID_(a, b, c, d, e1, e2, e3, e4, e5, e6)
#endif

#endif /* !__ASSEMBLY__ */

#ifdef XEN_PUBLIC_TOOLS_VISIBLE
/* 64-bit-in-memory handles of the domctl and sysctl structures. */
#ifndef XEN_GUEST_HANDLE_64
#define XEN_GUEST_HANDLE_64(name) XEN_GUEST_HANDLE(name)
#endif

#ifndef __ASSEMBLY__
/* A bitmap in guest memory (CPU and node maps of domctl and sysctl). */
struct xenctl_bitmap {
    XEN_GUEST_HANDLE_64(uint8) bitmap;
    uint32_t nr_bits;
};
typedef struct xenctl_bitmap xenctl_bitmap_t;
#endif
#endif /* XEN_PUBLIC_TOOLS_VISIBLE */

#if !defined(__ASSEMBLY__) && defined(XEN_PUBLIC_LP64)
XEN_PUBLIC_SIZE(struct multicall_entry, 64);
XEN_PUBLIC_OFFSET(struct multicall_entry, result, 8);
XEN_PUBLIC_OFFSET(struct multicall_entry, args, 16);
XEN_PUBLIC_SIZE(struct vcpu_time_info, 32);
XEN_PUBLIC_OFFSET(struct vcpu_time_info, tsc_timestamp, 8);
XEN_PUBLIC_OFFSET(struct vcpu_time_info, system_time, 16);
XEN_PUBLIC_OFFSET(struct vcpu_time_info, tsc_to_system_mul, 24);
XEN_PUBLIC_OFFSET(struct vcpu_time_info, tsc_shift, 28);
XEN_PUBLIC_SIZE(struct vcpu_info, 48);
XEN_PUBLIC_OFFSET(struct vcpu_info, evtchn_pending_sel, 8);
XEN_PUBLIC_OFFSET(struct vcpu_info, time, 16);
XEN_PUBLIC_SIZE(struct shared_info, 1088);
XEN_PUBLIC_OFFSET(struct shared_info, evtchn_pending, 48);
XEN_PUBLIC_OFFSET(struct shared_info, evtchn_mask, 560);
XEN_PUBLIC_OFFSET(struct shared_info, wc_version, 1072);
XEN_PUBLIC_OFFSET(struct shared_info, wc_sec, 1076);
XEN_PUBLIC_OFFSET(struct shared_info, wc_nsec, 1080);
XEN_PUBLIC_OFFSET(struct shared_info, wc_sec_hi, 1084);
XEN_PUBLIC_SIZE(xen_uuid_t, 16);
#ifdef XEN_PUBLIC_TOOLS_VISIBLE
XEN_PUBLIC_SIZE(struct xenctl_bitmap, 16);
XEN_PUBLIC_OFFSET(struct xenctl_bitmap, nr_bits, 8);
#endif
#endif

#endif /* __XEN_PUBLIC_XEN_H__ */
