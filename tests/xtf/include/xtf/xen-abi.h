/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The few Xen ABI definitions xtf guests use, written locally until
 * include/public/ has xen.h, arch-arm.h, sched.h, version.h and
 * io/console.h.  TODO: replace this file by those includes when they land
 * (every name here is the public headers' own, so only the #include lines
 * change).  Values: xen-arm-abi.md §2, §3.
 */
#ifndef XTF_XEN_ABI_H
#define XTF_XEN_ABI_H

#include <xtf/types.h>

/* xen.h: hypercall numbers */
#define __HYPERVISOR_memory_op          12
#define __HYPERVISOR_xen_version        17
#define __HYPERVISOR_console_io         18
#define __HYPERVISOR_grant_table_op     20
#define __HYPERVISOR_vcpu_op            24
#define __HYPERVISOR_sched_op           29
#define __HYPERVISOR_event_channel_op   32
#define __HYPERVISOR_hvm_op             34

/* xen.h: console_io commands */
#define CONSOLEIO_write                 0
#define CONSOLEIO_read                  1

/* xen.h: special domain ids */
#define DOMID_SELF                      0x7FF0U

/* arch-arm.h: the immediate of a Xen hypercall's HVC */
#define XEN_HYPERCALL_TAG               0xEA1

/* arch-arm.h: the guest memory map */
#define GUEST_PL011_BASE                0x22000000UL
#define GUEST_PL011_SIZE                0x1000UL

/* version.h */
#define XENVER_version                  0
#define XENVER_extraversion             1
#define XEN_EXTRAVERSION_LEN            16

/* sched.h */
#define SCHEDOP_yield                   0
#define SCHEDOP_shutdown                2

#define SHUTDOWN_poweroff               0
#define SHUTDOWN_reboot                 1
#define SHUTDOWN_crash                  3

struct sched_shutdown {
    unsigned int reason;                /* SHUTDOWN_* */
};

#endif /* XTF_XEN_ABI_H */
