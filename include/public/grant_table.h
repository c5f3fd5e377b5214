/* SPDX-License-Identifier: MIT */
/*
 * Grant tables and grant_table_op(cmd, arg, count) (Xen 4.17).
 *
 * A domain shares one of its pages with another domain by writing an entry
 * in its grant table, a table in memory it shares with the hypervisor.  The
 * index of the entry, the grant reference, is what the other domain
 * presents to map or copy the page.  On Arm only version 1 entries exist.
 *
 * Granting (the granting domain):
 *   write domid and frame, then a write barrier, then flags (the type, with
 *   GTF_readonly if wanted).
 * Revoking an entry nobody uses:
 *   read flags; if neither GTF_reading nor GTF_writing is set, swap flags
 *   to 0 with compare-and-swap against the value read; if the swap fails,
 *   the entry is in use (or changed) and stays.  An entry in use cannot be
 *   revoked; the grantee must unmap it first.
 * Read-only to writable: set the bit atomically.  Writable to read-only:
 *   compare-and-swap to set GTF_readonly while GTF_writing is clear.
 * Transfers (x86 PV): a GTF_accept_transfer entry with
 *   GTF_transfer_committed set must be left alone until the hypervisor sets
 *   GTF_transfer_completed.
 *
 * grant_table_op takes an array of count structures of the command's type;
 * the call returns 0 if the array could be read and written back, and each
 * element reports its own GNTST_* status.
 */
#ifndef __XEN_PUBLIC_GRANT_TABLE_H__
#define __XEN_PUBLIC_GRANT_TABLE_H__

#include "xen.h"

/* An index into a domain's grant table. */
typedef uint32_t grant_ref_t;

#if __XEN_INTERFACE_VERSION__ < 0x0003020a
/* The v1 entry's name before version 2 existed. */
#define grant_entry_v1 grant_entry
#define grant_entry_v1_t grant_entry_t
#endif

/* A version 1 entry: 512 fit in a 4 KiB grant frame. */
struct grant_entry_v1 {
    /* GTF_*: written by the granting domain, reading/writing by Xen. */
    uint16_t flags;
    /* The domain the grant is for. */
    domid_t  domid;
    /*
     * permit_access: the granting domain's frame (a GFN on Arm).
     * accept_transfer: where to put the transferred frame; after the
     * transfer, the frame received.
     */
    uint32_t frame;
};
typedef struct grant_entry_v1 grant_entry_v1_t;

/*
 * Entries kept across version changes; the toolstack may fill 0 and 1 when
 * it builds the domain.  Guests leave the first GNTTAB_NR_RESERVED_ENTRIES
 * alone.
 */
#define GNTTAB_NR_RESERVED_ENTRIES     8
#define GNTTAB_RESERVED_CONSOLE        0
#define GNTTAB_RESERVED_XENSTORE       1

/* Entry type (flags bits 0-1). */
#define GTF_invalid         (0U << 0)   /* grants nothing */
#define GTF_permit_access   (1U << 0)   /* domid may map or copy frame */
#define GTF_accept_transfer (2U << 0)   /* domid may give a frame (x86 PV) */
#define GTF_transitive      (3U << 0)   /* v2: pass on another grant */
#define GTF_type_mask       (3U << 0)

/* With GTF_permit_access (and GTF_transitive for the first three). */
#define _GTF_readonly       (2)
#define GTF_readonly        (1U << _GTF_readonly)   /* read access only */
#define _GTF_reading        (3)
#define GTF_reading         (1U << _GTF_reading)    /* Xen: mapped for read */
#define _GTF_writing        (4)
#define GTF_writing         (1U << _GTF_writing)    /* Xen: mapped for write */
#define _GTF_PWT            (5)
#define GTF_PWT             (1U << _GTF_PWT)        /* x86 cache attributes */
#define _GTF_PCD            (6)
#define GTF_PCD             (1U << _GTF_PCD)
#define _GTF_PAT            (7)
#define GTF_PAT             (1U << _GTF_PAT)
#define _GTF_sub_page       (8)
#define GTF_sub_page        (1U << _GTF_sub_page)   /* v2: copy a sub-range */

/* With GTF_accept_transfer, written by Xen. */
#define _GTF_transfer_committed (2)
#define GTF_transfer_committed  (1U << _GTF_transfer_committed)
#define _GTF_transfer_completed (3)
#define GTF_transfer_completed  (1U << _GTF_transfer_completed)

#if __XEN_INTERFACE_VERSION__ >= 0x0003020a
/*
 * Version 2 entries (x86 only; Arm supports version 1 alone).  All
 * entries of a table have the same version; v1 and v2 begin alike.
 */
struct grant_entry_header {
    uint16_t flags;
    domid_t  domid;
};
typedef struct grant_entry_header grant_entry_header_t;

union grant_entry_v2 {
    grant_entry_header_t hdr;

    /* A whole page: permit_access without GTF_sub_page, or a transfer. */
    struct {
        grant_entry_header_t hdr;
        uint32_t pad0;
        uint64_t frame;
    } full_page;

    /* permit_access with GTF_sub_page: bytes [page_off, page_off+length). */
    struct {
        grant_entry_header_t hdr;
        uint16_t page_off;
        uint16_t length;
        uint64_t frame;
    } sub_page;

    /* GTF_transitive: grant gref of trans_domid, for copying only. */
    struct {
        grant_entry_header_t hdr;
        domid_t trans_domid;
        uint16_t pad0;
        grant_ref_t gref;
    } transitive;

    uint32_t __spacer[4];           /* 16 bytes, a power of two */
};
typedef union grant_entry_v2 grant_entry_v2_t;

/* v2 keeps GTF_reading/GTF_writing in a separate status array. */
typedef uint16_t grant_status_t;
#endif

/* Commands; the argument is an array of struct gnttab_<command>. */
#define GNTTABOP_map_grant_ref        0
#define GNTTABOP_unmap_grant_ref      1
#define GNTTABOP_setup_table          2
#define GNTTABOP_dump_table           3
#define GNTTABOP_transfer             4
#define GNTTABOP_copy                 5
#define GNTTABOP_query_size           6
#define GNTTABOP_unmap_and_replace    7
#if __XEN_INTERFACE_VERSION__ >= 0x0003020a
#define GNTTABOP_set_version          8
#define GNTTABOP_get_status_frames    9
#define GNTTABOP_get_version          10
#define GNTTABOP_swap_grant_ref       11
#define GNTTABOP_cache_flush          12
#endif

/* Identifies a mapping made by GNTTABOP_map_grant_ref. */
typedef uint32_t grant_handle_t;

/*
 * GNTTABOP_map_grant_ref: map grant @ref of domain @dom.
 *  GNTMAP_host_map: map it for the CPU at @host_addr; on Arm (and any
 *    translated guest) that is a guest physical address, page-aligned.
 *  GNTMAP_device_map: make it reachable by devices; @dev_bus_addr says
 *    where.  Arm also returns in @dev_bus_addr the machine address of the
 *    frame for host_map, which a direct-mapped dom0 uses for DMA.
 * The mapping must be destroyed with GNTTABOP_unmap_grant_ref and @handle.
 */
struct gnttab_map_grant_ref {
    /* IN */
    uint64_t host_addr;
    uint32_t flags;                 /* GNTMAP_* */
    grant_ref_t ref;
    domid_t  dom;
    /* OUT */
    int16_t  status;                /* GNTST_* */
    grant_handle_t handle;
    uint64_t dev_bus_addr;
};
typedef struct gnttab_map_grant_ref gnttab_map_grant_ref_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_map_grant_ref_t);

/*
 * GNTTABOP_unmap_grant_ref: destroy the mappings of @handle at the
 * non-zero one(s) of @host_addr and @dev_bus_addr.  When a batch returns,
 * no TLB still holds any of them.
 */
struct gnttab_unmap_grant_ref {
    /* IN */
    uint64_t host_addr;
    uint64_t dev_bus_addr;
    grant_handle_t handle;
    /* OUT */
    int16_t  status;                /* GNTST_* */
};
typedef struct gnttab_unmap_grant_ref gnttab_unmap_grant_ref_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_unmap_grant_ref_t);

/*
 * GNTTABOP_setup_table: grow @dom's table to at least @nr_frames frames
 * and list the first @nr_frames in @frame_list (on Arm, the GFN where each
 * is mapped).  @dom is DOMID_SELF unless the caller is privileged.
 */
struct gnttab_setup_table {
    /* IN */
    domid_t  dom;
    uint32_t nr_frames;
    /* OUT */
    int16_t  status;                /* GNTST_* */
#if __XEN_INTERFACE_VERSION__ < 0x00040300
    XEN_GUEST_HANDLE(ulong) frame_list;
#else
    XEN_GUEST_HANDLE(xen_pfn_t) frame_list;
#endif
};
typedef struct gnttab_setup_table gnttab_setup_table_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_setup_table_t);

/* GNTTABOP_dump_table: print @dom's table on the hypervisor console. */
struct gnttab_dump_table {
    /* IN */
    domid_t dom;
    /* OUT */
    int16_t status;                 /* GNTST_* */
};
typedef struct gnttab_dump_table gnttab_dump_table_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_dump_table_t);

/*
 * GNTTABOP_transfer (x86 PV): give frame @mfn to the domain that offered
 * <@domid, @ref> with GTF_accept_transfer.  The page is gone even on
 * failure, except with GNTST_bad_page.
 */
struct gnttab_transfer {
    /* IN */
    xen_pfn_t     mfn;
    domid_t       domid;
    grant_ref_t   ref;
    /* OUT */
    int16_t       status;
};
typedef struct gnttab_transfer gnttab_transfer_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_transfer_t);

/*
 * GNTTABOP_copy: the hypervisor copies @len bytes from @source to @dest.
 * Each side is either a grant reference of its domain (with
 * GNTCOPY_*_gref) or a frame of that domain; offset + len must stay within
 * the page.
 */
#define _GNTCOPY_source_gref      (0)
#define GNTCOPY_source_gref       (1 << _GNTCOPY_source_gref)
#define _GNTCOPY_dest_gref        (1)
#define GNTCOPY_dest_gref         (1 << _GNTCOPY_dest_gref)

struct gnttab_copy {
    /* IN */
    struct gnttab_copy_ptr {
        union {
            grant_ref_t ref;
            xen_pfn_t   gmfn;
        } u;
        domid_t  domid;
        uint16_t offset;
    } source, dest;
    uint16_t      len;
    uint16_t      flags;            /* GNTCOPY_* */
    /* OUT */
    int16_t       status;
};
typedef struct gnttab_copy  gnttab_copy_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_copy_t);

/*
 * GNTTABOP_query_size: the current and largest size in frames of @dom's
 * table.  @dom is DOMID_SELF unless the caller is privileged.
 */
struct gnttab_query_size {
    /* IN */
    domid_t  dom;
    /* OUT */
    uint32_t nr_frames;
    uint32_t max_nr_frames;
    int16_t  status;                /* GNTST_* */
};
typedef struct gnttab_query_size gnttab_query_size_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_query_size_t);

/*
 * GNTTABOP_unmap_and_replace (x86 PV): unmap @handle at @host_addr and put
 * the mapping found at @new_addr there instead, clearing @new_addr.
 */
struct gnttab_unmap_and_replace {
    /* IN */
    uint64_t host_addr;
    uint64_t new_addr;
    grant_handle_t handle;
    /* OUT */
    int16_t  status;                /* GNTST_* */
};
typedef struct gnttab_unmap_and_replace gnttab_unmap_and_replace_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_unmap_and_replace_t);

#if __XEN_INTERFACE_VERSION__ >= 0x0003020a
/*
 * GNTTABOP_set_version: ask for table version 1 or 2, while no grant is in
 * use.  On return @version is the version in force.
 */
struct gnttab_set_version {
    /* IN/OUT */
    uint32_t version;
};
typedef struct gnttab_set_version gnttab_set_version_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_set_version_t);

/*
 * GNTTABOP_get_status_frames (v2): list the first @nr_frames frames of
 * @dom's status array in @frame_list.
 */
struct gnttab_get_status_frames {
    /* IN */
    uint32_t nr_frames;
    domid_t  dom;
    /* OUT */
    int16_t  status;                /* GNTST_* */
    XEN_GUEST_HANDLE(uint64_t) frame_list;
};
typedef struct gnttab_get_status_frames gnttab_get_status_frames_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_get_status_frames_t);

/* GNTTABOP_get_version: the table version of @dom. */
struct gnttab_get_version {
    /* IN */
    domid_t dom;
    uint16_t pad;
    /* OUT */
    uint32_t version;
};
typedef struct gnttab_get_version gnttab_get_version_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_get_version_t);

/* GNTTABOP_swap_grant_ref: exchange two entries of the caller's table. */
struct gnttab_swap_grant_ref {
    /* IN */
    grant_ref_t ref_a;
    grant_ref_t ref_b;
    /* OUT */
    int16_t status;                 /* GNTST_* */
};
typedef struct gnttab_swap_grant_ref gnttab_swap_grant_ref_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_swap_grant_ref_t);

/*
 * GNTTABOP_cache_flush: clean and/or invalidate the data cache over
 * [offset, offset+length) of a page granted to (or owned by) the caller,
 * named by its machine address @a.dev_bus_addr (or by grant reference with
 * GNTTAB_CACHE_SOURCE_GREF, which is not supported).
 */
struct gnttab_cache_flush {
    union {
        uint64_t dev_bus_addr;
        grant_ref_t ref;
    } a;
    uint16_t offset;                /* within the page */
    uint16_t length;
#define GNTTAB_CACHE_CLEAN          (1u << 0)
#define GNTTAB_CACHE_INVAL          (1u << 1)
#define GNTTAB_CACHE_SOURCE_GREF    (1u << 31)
    uint32_t op;
};
typedef struct gnttab_cache_flush gnttab_cache_flush_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_cache_flush_t);
#endif /* __XEN_INTERFACE_VERSION__ >= 0x0003020a */

/* gnttab_map_grant_ref.flags */
#define _GNTMAP_device_map      (0)
#define GNTMAP_device_map       (1 << _GNTMAP_device_map)  /* for devices */
#define _GNTMAP_host_map        (1)
#define GNTMAP_host_map         (1 << _GNTMAP_host_map)    /* for the CPU */
#define _GNTMAP_readonly        (2)
#define GNTMAP_readonly         (1 << _GNTMAP_readonly)    /* read access */
/* host_map: usable by the current application too, not just the kernel. */
#define _GNTMAP_application_map (3)
#define GNTMAP_application_map  (1 << _GNTMAP_application_map)
/* host_map: host_addr is the machine address of a PTE to write (x86 PV). */
#define _GNTMAP_contains_pte    (4)
#define GNTMAP_contains_pte     (1 << _GNTMAP_contains_pte)
/*
 * Bits 16-31 go to the PTE bits the architecture leaves to software, when
 * XENFEAT_gnttab_map_avail_bits is set.
 */
#define _GNTMAP_guest_avail0    (16)
#define GNTMAP_guest_avail_mask ((uint32_t)~0 << _GNTMAP_guest_avail0)

/* Per-element status codes (negative on error). */
#define GNTST_okay             (0)
#define GNTST_general_error    (-1)     /* anything not listed */
#define GNTST_bad_domain       (-2)     /* no such domain */
#define GNTST_bad_gntref       (-3)     /* bad or unusable reference */
#define GNTST_bad_handle       (-4)     /* bad mapping handle */
#define GNTST_bad_virt_addr    (-5)     /* host_addr cannot be mapped */
#define GNTST_bad_dev_addr     (-6)     /* dev_bus_addr cannot be unmapped */
#define GNTST_no_device_space  (-7)     /* no room in the IOMMU */
#define GNTST_permission_denied (-8)    /* not allowed */
#define GNTST_bad_page         (-9)     /* the page is not valid for this */
#define GNTST_bad_copy_arg    (-10)     /* copy crosses a page boundary */
#define GNTST_address_too_big (-11)     /* transfer: address too large */
#define GNTST_eagain          (-12)     /* not done; try again */
#define GNTST_no_space        (-13)     /* out of handles or similar */

/* Message for status s at index -s. */
#define GNTTABOP_error_msgs {                   \
    "okay",                                     \
    "undefined error",                          \
    "unrecognised domain id",                   \
    "invalid grant reference",                  \
    "invalid mapping handle",                   \
    "invalid virtual address",                  \
    "invalid device address",                   \
    "no spare translation slot in the I/O MMU", \
    "permission denied",                        \
    "bad page",                                 \
    "copy arguments cross page boundary",       \
    "page address size too large",              \
    "operation not done; try again",            \
    "out of space",                             \
}

#ifdef XEN_PUBLIC_LP64
XEN_PUBLIC_SIZE(struct grant_entry_v1, 8);
XEN_PUBLIC_OFFSET(struct grant_entry_v1, domid, 2);
XEN_PUBLIC_OFFSET(struct grant_entry_v1, frame, 4);
XEN_PUBLIC_SIZE(struct gnttab_map_grant_ref, 32);
XEN_PUBLIC_OFFSET(struct gnttab_map_grant_ref, flags, 8);
XEN_PUBLIC_OFFSET(struct gnttab_map_grant_ref, ref, 12);
XEN_PUBLIC_OFFSET(struct gnttab_map_grant_ref, dom, 16);
XEN_PUBLIC_OFFSET(struct gnttab_map_grant_ref, status, 18);
XEN_PUBLIC_OFFSET(struct gnttab_map_grant_ref, handle, 20);
XEN_PUBLIC_OFFSET(struct gnttab_map_grant_ref, dev_bus_addr, 24);
XEN_PUBLIC_SIZE(struct gnttab_unmap_grant_ref, 24);
XEN_PUBLIC_OFFSET(struct gnttab_unmap_grant_ref, dev_bus_addr, 8);
XEN_PUBLIC_OFFSET(struct gnttab_unmap_grant_ref, handle, 16);
XEN_PUBLIC_OFFSET(struct gnttab_unmap_grant_ref, status, 20);
XEN_PUBLIC_SIZE(struct gnttab_setup_table, 24);
XEN_PUBLIC_OFFSET(struct gnttab_setup_table, nr_frames, 4);
XEN_PUBLIC_OFFSET(struct gnttab_setup_table, status, 8);
XEN_PUBLIC_OFFSET(struct gnttab_setup_table, frame_list, 16);
XEN_PUBLIC_SIZE(struct gnttab_dump_table, 4);
XEN_PUBLIC_SIZE(struct gnttab_transfer, 24);
XEN_PUBLIC_OFFSET(struct gnttab_transfer, ref, 12);
XEN_PUBLIC_OFFSET(struct gnttab_transfer, status, 16);
XEN_PUBLIC_SIZE(struct gnttab_copy, 40);
XEN_PUBLIC_OFFSET(struct gnttab_copy, source.domid, 8);
XEN_PUBLIC_OFFSET(struct gnttab_copy, source.offset, 10);
XEN_PUBLIC_OFFSET(struct gnttab_copy, dest, 16);
XEN_PUBLIC_OFFSET(struct gnttab_copy, len, 32);
XEN_PUBLIC_OFFSET(struct gnttab_copy, flags, 34);
XEN_PUBLIC_OFFSET(struct gnttab_copy, status, 36);
XEN_PUBLIC_SIZE(struct gnttab_query_size, 16);
XEN_PUBLIC_OFFSET(struct gnttab_query_size, nr_frames, 4);
XEN_PUBLIC_OFFSET(struct gnttab_query_size, max_nr_frames, 8);
XEN_PUBLIC_OFFSET(struct gnttab_query_size, status, 12);
XEN_PUBLIC_SIZE(struct gnttab_unmap_and_replace, 24);
XEN_PUBLIC_OFFSET(struct gnttab_unmap_and_replace, status, 20);
#if __XEN_INTERFACE_VERSION__ >= 0x0003020a
XEN_PUBLIC_SIZE(union grant_entry_v2, 16);
XEN_PUBLIC_OFFSET(union grant_entry_v2, full_page.frame, 8);
XEN_PUBLIC_OFFSET(union grant_entry_v2, transitive.gref, 8);
XEN_PUBLIC_SIZE(struct gnttab_set_version, 4);
XEN_PUBLIC_SIZE(struct gnttab_get_status_frames, 16);
XEN_PUBLIC_OFFSET(struct gnttab_get_status_frames, status, 6);
XEN_PUBLIC_OFFSET(struct gnttab_get_status_frames, frame_list, 8);
XEN_PUBLIC_SIZE(struct gnttab_get_version, 8);
XEN_PUBLIC_OFFSET(struct gnttab_get_version, version, 4);
XEN_PUBLIC_SIZE(struct gnttab_swap_grant_ref, 12);
XEN_PUBLIC_SIZE(struct gnttab_cache_flush, 16);
XEN_PUBLIC_OFFSET(struct gnttab_cache_flush, offset, 8);
XEN_PUBLIC_OFFSET(struct gnttab_cache_flush, length, 10);
XEN_PUBLIC_OFFSET(struct gnttab_cache_flush, op, 12);
#endif
#endif

#endif /* __XEN_PUBLIC_GRANT_TABLE_H__ */
