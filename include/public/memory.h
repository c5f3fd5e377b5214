/* SPDX-License-Identifier: MIT */
/*
 * memory_op(cmd, arg): a domain's memory and its guest physical address
 * space (Xen 4.17).
 *
 * Bits 0-5 of cmd are the operation (MEMOP_CMD_MASK in the hypervisor);
 * the bits above carry the hypervisor's restart position when it preempts
 * a long operation, and a guest passes 0 there.  On Arm, frame numbers are
 * guest frame numbers: a "GMFN" or "GPFN" below is a GFN.
 */
#ifndef __XEN_PUBLIC_MEMORY_H__
#define __XEN_PUBLIC_MEMORY_H__

#include "xen.h"

/*
 * Grow or shrink a domain's memory.  arg: struct xen_memory_reservation.
 * Returns how many extents were done; fewer than asked means the rest
 * failed.
 *   increase_reservation: allocate; extent_start receives machine frames
 *     (x86 PV only).
 *   decrease_reservation: free the frames mapped at the GFNs listed.
 *   populate_physmap: allocate memory and map it at the GFNs listed.
 */
#define XENMEM_increase_reservation 0
#define XENMEM_decrease_reservation 1
#define XENMEM_populate_physmap     6

#if __XEN_INTERFACE_VERSION__ >= 0x00030209
/* mem_flags: bits 0-7 limit the machine addresses allocated (0: none). */
#define XENMEMF_address_bits(x)     (x)
#define XENMEMF_get_address_bits(x) ((x) & 0xffu)
/* Bits 8-15: the NUMA node to allocate from, plus one (0: any node). */
#define XENMEMF_node(x)     (((x) + 1) << 8)
#define XENMEMF_get_node(x) ((((x) >> 8) - 1) & 0xffu)
/* Populate with populate-on-demand entries (x86 HVM). */
#define XENMEMF_populate_on_demand (1 << 16)
/* Allocate from the given node only. */
#define XENMEMF_exact_node_request  (1 << 17)
#define XENMEMF_exact_node(n) (XENMEMF_node(n) | XENMEMF_exact_node_request)
/* The node is a virtual node of the guest (XENFEAT_memory_op_vnode_...). */
#define XENMEMF_vnode  (1 << 18)
#endif

struct xen_memory_reservation {
    /* List of frame numbers, one per extent (IN, or OUT as said above). */
    XEN_GUEST_HANDLE(xen_pfn_t) extent_start;

    /* Number of extents, each of 2^extent_order frames. */
    xen_ulong_t    nr_extents;
    unsigned int   extent_order;

#if __XEN_INTERFACE_VERSION__ >= 0x00030209
    unsigned int   mem_flags;       /* XENMEMF_* */
#else
    unsigned int   address_bits;
#endif

    /* DOMID_SELF, or another domain for a privileged caller. */
    domid_t        domid;
};
typedef struct xen_memory_reservation xen_memory_reservation_t;
DEFINE_XEN_GUEST_HANDLE(xen_memory_reservation_t);

/*
 * Swap extents of a domain's memory for newly allocated ones (x86 PV).
 * arg: struct xen_memory_exchange.  Returns 0 when everything was
 * exchanged; otherwise nr_exchanged says how far it got.
 */
#define XENMEM_exchange             11
struct xen_memory_exchange {
    /* IN: the extents to give up. */
    struct xen_memory_reservation in;

    /*
     * IN/OUT: the extents wanted instead: same domain and same total size
     * as @in, a list that does not overlap @in's; overwritten with the
     * frames allocated.
     */
    struct xen_memory_reservation out;

    /* OUT: how many of @in's extents were exchanged; set to 0 first. */
    xen_ulong_t nr_exchanged;
};
typedef struct xen_memory_exchange xen_memory_exchange_t;
DEFINE_XEN_GUEST_HANDLE(xen_memory_exchange_t);

/* arg NULL; returns the highest machine frame of RAM.  Never fails. */
#define XENMEM_maximum_ram_page     2

/* The argument of the queries that take just a domain. */
struct xen_memory_domain {
    domid_t domid;                  /* IN: the domain, or DOMID_SELF */
};

/* arg: struct xen_memory_domain; returns the current or maximum number of
 * pages the domain may own. */
#define XENMEM_current_reservation  3
#define XENMEM_maximum_reservation  4

/* arg: struct xen_memory_domain; returns the highest GFN the domain uses. */
#define XENMEM_maximum_gpfn         14

/* The machine-to-physical table: x86 only, Arm has none. */
#define XENMEM_machphys_mfn_list    5
#define XENMEM_machphys_mapping     12
#define XENMEM_machphys_compat_mfn_list     25

/* What XENMEM_add_to_physmap(_batch) maps: the "space" of the idx. */
#define XENMAPSPACE_shared_info  0  /* the shared_info page; idx 0 */
#define XENMAPSPACE_grant_table  1  /* grant table frame idx */
#define XENMAPSPACE_gmfn         2  /* move the domain's own frame idx */
#define XENMAPSPACE_gmfn_range   3  /* same, size frames; not in _batch */
#define XENMAPSPACE_gmfn_foreign 4  /* frame idx of foreign_domid; _batch only */
#define XENMAPSPACE_dev_mmio     5  /* Arm: machine MMIO frame idx, mapped
                                       Normal Write-Back at stage 2 */

/*
 * Map a page at a guest frame of a translated domain, replacing what was
 * there.  arg: struct xen_add_to_physmap.
 */
#define XENMEM_add_to_physmap      7
struct xen_add_to_physmap {
    domid_t domid;                  /* the domain whose p2m changes */

    uint16_t size;                  /* number of frames, for gmfn_range */

    unsigned int space;             /* XENMAPSPACE_* */

/* In idx with XENMAPSPACE_grant_table: a v2 status frame. */
#define XENMAPIDX_grant_table_status 0x80000000

    xen_ulong_t idx;                /* which page of the space */

    xen_pfn_t gpfn;                 /* where it appears */
};
typedef struct xen_add_to_physmap xen_add_to_physmap_t;
DEFINE_XEN_GUEST_HANDLE(xen_add_to_physmap_t);

/*
 * add_to_physmap for a list of pages.  arg: struct xen_add_to_physmap_batch.
 * Returns 0 when the call itself was valid; how each page fared is in errs.
 */
#define XENMEM_add_to_physmap_batch 23
struct xen_add_to_physmap_batch {
    /* IN */
    domid_t domid;                  /* the domain whose p2m changes */
    uint16_t space;                 /* XENMAPSPACE_* */

    uint16_t size;                  /* number of pages */

#if __XEN_INTERFACE_VERSION__ < 0x00040700
    domid_t foreign_domid;          /* gmfn_foreign only; else 0 */
#else
    union xen_add_to_physmap_batch_extra {
        domid_t foreign_domid;      /* XENMAPSPACE_gmfn_foreign */
        uint16_t res0;              /* other spaces: must be 0 */
    } u;
#endif

    XEN_GUEST_HANDLE(xen_ulong_t) idxs;     /* size idx values */

    XEN_GUEST_HANDLE(xen_pfn_t) gpfns;      /* size destination GFNs */

    /* OUT */
    XEN_GUEST_HANDLE(int) errs;             /* size results, 0 or -errno */
};
typedef struct xen_add_to_physmap_batch xen_add_to_physmap_batch_t;
DEFINE_XEN_GUEST_HANDLE(xen_add_to_physmap_batch_t);

#if __XEN_INTERFACE_VERSION__ < 0x00040400
/* The batch call's first name. */
#define XENMEM_add_to_physmap_range XENMEM_add_to_physmap_batch
#define xen_add_to_physmap_range xen_add_to_physmap_batch
typedef struct xen_add_to_physmap_batch xen_add_to_physmap_range_t;
DEFINE_XEN_GUEST_HANDLE(xen_add_to_physmap_range_t);
#endif

/*
 * Unmap whatever page is mapped at a guest frame of a translated domain.
 * arg: struct xen_remove_from_physmap.
 */
#define XENMEM_remove_from_physmap      15
struct xen_remove_from_physmap {
    domid_t domid;                  /* the domain whose p2m changes */

    xen_pfn_t gpfn;                 /* the frame to unmap */
};
typedef struct xen_remove_from_physmap xen_remove_from_physmap_t;
DEFINE_XEN_GUEST_HANDLE(xen_remove_from_physmap_t);

/* Number 8 (translate_gpfn_list) is withdrawn. */

/*
 * The pseudo-physical memory map of a domain, as the toolstack set it, in
 * the format of the x86 BIOS E820 call.  arg: struct xen_memory_map; on
 * entry nr_entries is the room in buffer, on return the number written.
 */
#define XENMEM_memory_map           9
struct xen_memory_map {
    unsigned int nr_entries;

    XEN_GUEST_HANDLE(void) buffer;
};
typedef struct xen_memory_map xen_memory_map_t;
DEFINE_XEN_GUEST_HANDLE(xen_memory_map_t);

/* The host's memory map (privileged), same argument as XENMEM_memory_map;
 * a NULL buffer asks for the number of entries. */
#define XENMEM_machine_memory_map   10

/* Set a domain's memory map.  arg: struct xen_foreign_memory_map. */
#define XENMEM_set_memory_map       13
struct xen_foreign_memory_map {
    domid_t domid;
    struct xen_memory_map map;
};
typedef struct xen_foreign_memory_map xen_foreign_memory_map_t;
DEFINE_XEN_GUEST_HANDLE(xen_foreign_memory_map_t);

/* Populate-on-demand target (x86 HVM). */
#define XENMEM_set_pod_target       16
#define XENMEM_get_pod_target       17

#ifdef XEN_PUBLIC_TOOLS_VISIBLE
/* Memory sharing, paging and access control (x86 tools interfaces). */
#define XENMEM_get_sharing_freed_pages    18
#define XENMEM_get_sharing_shared_pages   19
#define XENMEM_paging_op                  20
#define XENMEM_access_op                  21
#define XENMEM_sharing_op                 22

/*
 * Stake a claim on free memory for a domain that is being built, so that
 * the pages it will need cannot be taken by others (privileged).
 * arg: struct xen_memory_reservation with only nr_extents and domid used.
 */
#define XENMEM_claim_pages                24

/* Host ranges that must stay unused by guest RAM (x86 RMRRs). */
#define XENMEM_reserved_device_memory_map 27
#endif /* XEN_PUBLIC_TOOLS_VISIBLE */

/*
 * Map a resource of a domain (its grant table, an ioreq server page ...)
 * into the caller, typically the toolstack.  arg: struct
 * xen_mem_acquire_resource.
 */
#define XENMEM_acquire_resource 28
struct xen_mem_acquire_resource {
    domid_t domid;                  /* IN: the domain that owns it */
    uint16_t type;                  /* IN: XENMEM_resource_* */

#define XENMEM_resource_ioreq_server 0
#define XENMEM_resource_grant_table 1
#define XENMEM_resource_vmtrace_buf 2

    /*
     * IN: which resource of that type: the ioreq server id, or for the
     * grant table one of the values below; otherwise 0.
     */
    uint32_t id;

#define XENMEM_resource_grant_table_id_shared 0
#define XENMEM_resource_grant_table_id_status 1

    /*
     * IN/OUT: number of frames to map; the call may update it as it goes.
     * With nr_frames 0 and a NULL frame_list the call returns the size of
     * the resource in frames here (never 0; mapping that many may still
     * fail).
     */
    uint32_t nr_frames;

    /* Must be 0 (was an output flag, caller_owned, in older versions). */
    uint32_t pad;

    /* IN: first frame of the resource to map (updated as it goes). */
    uint64_t frame;

#define XENMEM_resource_ioreq_server_frame_bufioreq 0
#define XENMEM_resource_ioreq_server_frame_ioreq(n) (1 + (n))

    /*
     * IN/OUT: for a translated caller (every Arm domain), IN: the caller's
     * GFNs at which to map the frames.  For an x86 PV caller, OUT: the
     * machine frames.  -EIO means some were mapped: the caller unmaps them.
     */
    XEN_GUEST_HANDLE(xen_pfn_t) frame_list;
};
typedef struct xen_mem_acquire_resource xen_mem_acquire_resource_t;
DEFINE_XEN_GUEST_HANDLE(xen_mem_acquire_resource_t);

/*
 * The guest's virtual NUMA topology.  arg: struct xen_vnuma_topology_info
 * with the room of each array in nr_*; the counts come back, and if the
 * room was too small the call fails and they say how much is needed.
 */
#define XENMEM_get_vnumainfo                26

/* One range of guest memory and the virtual node it belongs to. */
struct xen_vmemrange {
    uint64_t start, end;
    unsigned int flags;
    unsigned int nid;
};
typedef struct xen_vmemrange xen_vmemrange_t;
DEFINE_XEN_GUEST_HANDLE(xen_vmemrange_t);

struct xen_vnuma_topology_info {
    /* IN */
    domid_t domid;
    uint16_t pad;
    /* IN/OUT */
    unsigned int nr_vnodes;
    unsigned int nr_vcpus;
    unsigned int nr_vmemranges;
    /* OUT: the arrays the counts describe. */
    union {
        XEN_GUEST_HANDLE(uint) h;   /* nr_vnodes x nr_vnodes distances */
        uint64_t pad;
    } vdistance;
    union {
        XEN_GUEST_HANDLE(uint) h;   /* node of each vCPU */
        uint64_t pad;
    } vcpu_to_vnode;
    union {
        XEN_GUEST_HANDLE(xen_vmemrange_t) h;
        uint64_t pad;
    } vmemrange;
};
typedef struct xen_vnuma_topology_info xen_vnuma_topology_info_t;
DEFINE_XEN_GUEST_HANDLE(xen_vnuma_topology_info_t);

/* The next free operation number is 29. */

#ifdef XEN_PUBLIC_LP64
XEN_PUBLIC_SIZE(struct xen_memory_reservation, 32);
XEN_PUBLIC_OFFSET(struct xen_memory_reservation, nr_extents, 8);
XEN_PUBLIC_OFFSET(struct xen_memory_reservation, extent_order, 16);
XEN_PUBLIC_OFFSET(struct xen_memory_reservation, domid, 24);
XEN_PUBLIC_SIZE(struct xen_memory_exchange, 72);
XEN_PUBLIC_OFFSET(struct xen_memory_exchange, out, 32);
XEN_PUBLIC_OFFSET(struct xen_memory_exchange, nr_exchanged, 64);
XEN_PUBLIC_SIZE(struct xen_memory_domain, 2);
XEN_PUBLIC_SIZE(struct xen_add_to_physmap, 24);
XEN_PUBLIC_OFFSET(struct xen_add_to_physmap, size, 2);
XEN_PUBLIC_OFFSET(struct xen_add_to_physmap, space, 4);
XEN_PUBLIC_OFFSET(struct xen_add_to_physmap, idx, 8);
XEN_PUBLIC_OFFSET(struct xen_add_to_physmap, gpfn, 16);
XEN_PUBLIC_SIZE(struct xen_add_to_physmap_batch, 32);
XEN_PUBLIC_OFFSET(struct xen_add_to_physmap_batch, space, 2);
XEN_PUBLIC_OFFSET(struct xen_add_to_physmap_batch, size, 4);
XEN_PUBLIC_OFFSET(struct xen_add_to_physmap_batch, idxs, 8);
XEN_PUBLIC_OFFSET(struct xen_add_to_physmap_batch, gpfns, 16);
XEN_PUBLIC_OFFSET(struct xen_add_to_physmap_batch, errs, 24);
XEN_PUBLIC_SIZE(struct xen_remove_from_physmap, 16);
XEN_PUBLIC_OFFSET(struct xen_remove_from_physmap, gpfn, 8);
XEN_PUBLIC_SIZE(struct xen_memory_map, 16);
XEN_PUBLIC_OFFSET(struct xen_memory_map, buffer, 8);
XEN_PUBLIC_SIZE(struct xen_foreign_memory_map, 24);
XEN_PUBLIC_OFFSET(struct xen_foreign_memory_map, map, 8);
XEN_PUBLIC_SIZE(struct xen_mem_acquire_resource, 32);
XEN_PUBLIC_OFFSET(struct xen_mem_acquire_resource, type, 2);
XEN_PUBLIC_OFFSET(struct xen_mem_acquire_resource, id, 4);
XEN_PUBLIC_OFFSET(struct xen_mem_acquire_resource, nr_frames, 8);
XEN_PUBLIC_OFFSET(struct xen_mem_acquire_resource, pad, 12);
XEN_PUBLIC_OFFSET(struct xen_mem_acquire_resource, frame, 16);
XEN_PUBLIC_OFFSET(struct xen_mem_acquire_resource, frame_list, 24);
XEN_PUBLIC_SIZE(struct xen_vmemrange, 24);
XEN_PUBLIC_OFFSET(struct xen_vmemrange, nid, 20);
XEN_PUBLIC_SIZE(struct xen_vnuma_topology_info, 40);
XEN_PUBLIC_OFFSET(struct xen_vnuma_topology_info, nr_vmemranges, 12);
XEN_PUBLIC_OFFSET(struct xen_vnuma_topology_info, vdistance, 16);
XEN_PUBLIC_OFFSET(struct xen_vnuma_topology_info, vmemrange, 32);
#endif

#endif /* __XEN_PUBLIC_MEMORY_H__ */
