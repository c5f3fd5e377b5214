/* SPDX-License-Identifier: MIT */
/*
 * platform_op(struct xen_platform_op *): privileged control of the machine
 * (Xen 4.17).  Only dom0 may call it (-EPERM otherwise).  On Arm it offers
 * XENPF_settime64, and XENPF_efi_runtime_call when the hypervisor booted
 * through UEFI; the rest are x86 operations.
 */
#ifndef __XEN_PUBLIC_PLATFORM_H__
#define __XEN_PUBLIC_PLATFORM_H__

#include "xen.h"

/* xen_platform_op.interface_version must be this, or the call fails. */
#define XENPF_INTERFACE_VERSION 0x03000001

/*
 * Set the wallclock: at system time @system_time (ns) it was @secs:@nsecs
 * since 1970-01-01 00:00 UTC.  The hypervisor then publishes it in every
 * domain's shared_info (wc_*).
 */
#define XENPF_settime32           17
struct xenpf_settime32 {
    /* IN */
    uint32_t secs;
    uint32_t nsecs;
    uint64_t system_time;
};
typedef struct xenpf_settime32 xenpf_settime32_t;

#define XENPF_settime64           62
struct xenpf_settime64 {
    /* IN */
    uint64_t secs;
    uint32_t nsecs;
    uint32_t mbz;                   /* must be 0 */
    uint64_t system_time;
};
typedef struct xenpf_settime64 xenpf_settime64_t;

/* XENPF_settime is the 64-bit form from interface 0x00040600 on. */
#if __XEN_INTERFACE_VERSION__ < 0x00040600
#define XENPF_settime XENPF_settime32
#define xenpf_settime xenpf_settime32
#else
#define XENPF_settime XENPF_settime64
#define xenpf_settime xenpf_settime64
#endif
typedef struct xenpf_settime xenpf_settime_t;
DEFINE_XEN_GUEST_HANDLE(xenpf_settime_t);

/* Operations of x86 (and EFI), whose structures are not described here. */
#define XENPF_add_memtype         31
#define XENPF_del_memtype         32
#define XENPF_read_memtype        33
#define XENPF_microcode_update    35
#define XENPF_platform_quirk      39
#define XENPF_get_cpu_version     48
#define XENPF_efi_runtime_call    49
#define XENPF_firmware_info       50
#define XENPF_enter_acpi_sleep    51
#define XENPF_change_freq         52
#define XENPF_getidletime         53
#define XENPF_set_processor_pminfo 54
#define XENPF_get_cpuinfo         55
#define XENPF_cpu_online          56
#define XENPF_cpu_offline         57
#define XENPF_cpu_hotadd          58
#define XENPF_mem_hotadd          59
#define XENPF_core_parking        60
#define XENPF_resource_op         61
#define XENPF_get_symbol          63

/*
 * The argument: the command, the interface version, and the command's
 * structure in a union padded to 128 bytes.
 */
struct xen_platform_op {
    uint32_t cmd;                   /* XENPF_* */
    uint32_t interface_version;     /* XENPF_INTERFACE_VERSION */
    union {
        xenpf_settime_t   settime;
        xenpf_settime32_t settime32;
        xenpf_settime64_t settime64;
        uint8_t           pad[128];
    } u;
};
typedef struct xen_platform_op xen_platform_op_t;
DEFINE_XEN_GUEST_HANDLE(xen_platform_op_t);

#ifdef XEN_PUBLIC_LP64
XEN_PUBLIC_SIZE(struct xenpf_settime32, 16);
XEN_PUBLIC_OFFSET(struct xenpf_settime32, system_time, 8);
XEN_PUBLIC_SIZE(struct xenpf_settime64, 24);
XEN_PUBLIC_OFFSET(struct xenpf_settime64, nsecs, 8);
XEN_PUBLIC_OFFSET(struct xenpf_settime64, mbz, 12);
XEN_PUBLIC_OFFSET(struct xenpf_settime64, system_time, 16);
XEN_PUBLIC_SIZE(struct xen_platform_op, 136);
XEN_PUBLIC_OFFSET(struct xen_platform_op, interface_version, 4);
XEN_PUBLIC_OFFSET(struct xen_platform_op, u, 8);
#endif

#endif /* __XEN_PUBLIC_PLATFORM_H__ */
