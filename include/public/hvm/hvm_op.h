/* SPDX-License-Identifier: MIT */
/*
 * hvm_op(cmd, arg) (Xen 4.17).  On Arm only HVMOP_set_param,
 * HVMOP_get_param and HVMOP_guest_request_vm_event exist; the parameters
 * are listed in params.h.
 */
#ifndef __XEN_PUBLIC_HVM_HVM_OP_H__
#define __XEN_PUBLIC_HVM_HVM_OP_H__

#include "../xen.h"

/*
 * Set or read one parameter of a domain.  arg: struct xen_hvm_param.  A
 * domain may read its own (DOMID_SELF); setting them, and reaching other
 * domains, is for the toolstack.
 */
#define HVMOP_set_param           0
#define HVMOP_get_param           1
struct xen_hvm_param {
    domid_t  domid;                 /* IN */
    uint16_t pad;
    uint32_t index;                 /* IN: HVM_PARAM_* */
    uint64_t value;                 /* IN for set, OUT for get */
};
typedef struct xen_hvm_param xen_hvm_param_t;
DEFINE_XEN_GUEST_HANDLE(xen_hvm_param_t);

/* x86: flush the TLBs of all the caller's vCPUs.  arg NULL. */
#define HVMOP_flush_tlbs          5

/* x86: a PV driver's hint that a page table is about to be freed. */
#define HVMOP_pagetable_dying        9
struct xen_hvm_pagetable_dying {
    domid_t  domid;
    uint16_t pad[3];
    uint64_t gpa;                   /* guest physical address of its root */
};
typedef struct xen_hvm_pagetable_dying xen_hvm_pagetable_dying_t;
DEFINE_XEN_GUEST_HANDLE(xen_hvm_pagetable_dying_t);

/* x86: the hypervisor's system time, ns since it booted. */
#define HVMOP_get_time              10
struct xen_hvm_get_time {
    uint64_t now;                   /* OUT */
};
typedef struct xen_hvm_get_time xen_hvm_get_time_t;
DEFINE_XEN_GUEST_HANDLE(xen_hvm_get_time_t);

/* x86: add a record to the hypervisor's trace buffer. */
#define HVMOP_xentrace              11

#ifdef XEN_PUBLIC_TOOLS_VISIBLE
/* Withdrawn in favour of XENMEM_access_op. */
#define HVMOP_set_mem_access        12
#define HVMOP_get_mem_access        13
#endif

/* Types of guest memory, as HVMOP_get_mem_type reports them. */
typedef enum {
    HVMMEM_ram_rw,                  /* ordinary RAM */
    HVMMEM_ram_ro,                  /* RAM where writes are dropped */
    HVMMEM_mmio_dm,                 /* emulated by the device model */
#if __XEN_INTERFACE_VERSION__ < 0x00040700
    HVMMEM_mmio_write_dm,           /* read-only; writes emulated */
#else
    HVMMEM_unused,                  /* no longer valid */
#endif
    HVMMEM_ioreq_server             /* claimed by an ioreq server; only
                                       RAM that is rw may become this,
                                       and only back to rw */
} hvmmem_type_t;

/* x86: the type of one guest frame.  arg: struct xen_hvm_get_mem_type. */
#define HVMOP_get_mem_type    15
struct xen_hvm_get_mem_type {
    domid_t domid;                  /* IN */
    uint16_t mem_type;              /* OUT: hvmmem_type_t */
    uint16_t pad[2];
    uint64_t pfn;                   /* IN */
};
typedef struct xen_hvm_get_mem_type xen_hvm_get_mem_type_t;
DEFINE_XEN_GUEST_HANDLE(xen_hvm_get_mem_type_t);

#ifdef XEN_PUBLIC_TOOLS_VISIBLE
/* Buffered ioreq page modes of an ioreq server (dm_op). */
#define HVM_IOREQSRV_BUFIOREQ_OFF    0
#define HVM_IOREQSRV_BUFIOREQ_LEGACY 1
#define HVM_IOREQSRV_BUFIOREQ_ATOMIC 2  /* indices updated atomically */
#endif

/* Hand a request to the domain's vm_event monitor.  arg NULL. */
#define HVMOP_guest_request_vm_event 24

/* x86: alternate p2m views. */
#define HVMOP_altp2m 25
#define HVMOP_ALTP2M_INTERFACE_VERSION 0x00000001

#ifdef XEN_PUBLIC_LP64
XEN_PUBLIC_SIZE(struct xen_hvm_param, 16);
XEN_PUBLIC_OFFSET(struct xen_hvm_param, index, 4);
XEN_PUBLIC_OFFSET(struct xen_hvm_param, value, 8);
XEN_PUBLIC_SIZE(struct xen_hvm_pagetable_dying, 16);
XEN_PUBLIC_OFFSET(struct xen_hvm_pagetable_dying, gpa, 8);
XEN_PUBLIC_SIZE(struct xen_hvm_get_time, 8);
XEN_PUBLIC_SIZE(struct xen_hvm_get_mem_type, 16);
XEN_PUBLIC_OFFSET(struct xen_hvm_get_mem_type, mem_type, 2);
XEN_PUBLIC_OFFSET(struct xen_hvm_get_mem_type, pfn, 8);
#endif

#endif /* __XEN_PUBLIC_HVM_HVM_OP_H__ */
