/* SPDX-License-Identifier: MIT */
/*
 * xen_version(cmd, arg): what the hypervisor says about itself (Xen 4.17).
 * Every command returns 0 on success or -errno, except where noted.
 */
#ifndef __XEN_PUBLIC_VERSION_H__
#define __XEN_PUBLIC_VERSION_H__

#include "xen.h"

/* arg NULL; returns (major << 16) | minor. */
#define XENVER_version      0

/* arg: xen_extraversion_t, e.g. ".0" (NUL-terminated). */
#define XENVER_extraversion 1
typedef char xen_extraversion_t[16];
#define XEN_EXTRAVERSION_LEN (sizeof(xen_extraversion_t))

/* arg: struct xen_compile_info, NUL-terminated strings. */
#define XENVER_compile_info 2
struct xen_compile_info {
    char compiler[64];
    char compile_by[16];
    char compile_domain[32];
    char compile_date[32];
};
typedef struct xen_compile_info xen_compile_info_t;

/* arg: xen_capabilities_info_t, e.g. "xen-3.0-aarch64 xen-3.0-armv7l ". */
#define XENVER_capabilities 3
typedef char xen_capabilities_info_t[1024];
#define XEN_CAPABILITIES_INFO_LEN (sizeof(xen_capabilities_info_t))

/* arg: xen_changeset_info_t, the source revision. */
#define XENVER_changeset 4
typedef char xen_changeset_info_t[64];
#define XEN_CHANGESET_INFO_LEN (sizeof(xen_changeset_info_t))

/* arg: struct xen_platform_parameters (the x86 PV hypervisor hole). */
#define XENVER_platform_parameters 5
struct xen_platform_parameters {
    xen_ulong_t virt_start;
};
typedef struct xen_platform_parameters xen_platform_parameters_t;

/* arg: struct xen_feature_info; submap_idx >= XENFEAT_NR_SUBMAPS: -EINVAL. */
#define XENVER_get_features 6
struct xen_feature_info {
    unsigned int submap_idx;    /* IN: which 32 features */
    uint32_t     submap;        /* OUT: bit n is XENFEAT_(32 * submap_idx + n) */
};
typedef struct xen_feature_info xen_feature_info_t;

#include "features.h"

/* arg NULL; returns the page size of the hypercall interface (4096). */
#define XENVER_pagesize 7

/* arg: xen_domain_handle_t, the domain's UUID as the toolstack set it. */
#define XENVER_guest_handle 8

/* arg: xen_commandline_t, the hypervisor's command line. */
#define XENVER_commandline 9
typedef char xen_commandline_t[1024];

/*
 * arg: struct xen_build_id with len = the size of buf; returns the number
 * of bytes written.  With a NULL arg, returns the size of the build ID.
 */
#define XENVER_build_id 10
XEN_PUBLIC_EXTENSION struct xen_build_id {
    uint32_t      len;                      /* IN: size of buf */
    unsigned char buf[XEN_FLEX_ARRAY_DIM];  /* OUT: the build ID */
};
typedef struct xen_build_id xen_build_id_t;

#ifdef XEN_PUBLIC_LP64
XEN_PUBLIC_SIZE(struct xen_compile_info, 144);
XEN_PUBLIC_OFFSET(struct xen_compile_info, compile_by, 64);
XEN_PUBLIC_OFFSET(struct xen_compile_info, compile_domain, 80);
XEN_PUBLIC_OFFSET(struct xen_compile_info, compile_date, 112);
XEN_PUBLIC_SIZE(struct xen_platform_parameters, 8);
XEN_PUBLIC_SIZE(struct xen_feature_info, 8);
XEN_PUBLIC_OFFSET(struct xen_feature_info, submap, 4);
XEN_PUBLIC_OFFSET(struct xen_build_id, buf, 4);
#endif

#endif /* __XEN_PUBLIC_VERSION_H__ */
