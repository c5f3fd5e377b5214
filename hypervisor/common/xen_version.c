/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The xen_version hypercall (xen-arm-abi.md §3.1): what the hypervisor
 * says about itself, with Xen 4.17's values for the ABI (version 4.17,
 * Arm capabilities, feature bits) and Xenith's own for the build.
 *
 * As in Xen with its default security policy, every domain may ask for
 * everything but the command line (a domain that may not gets
 * "<denied>") and the build id (-EPERM); those are for privileged
 * domains.
 */
#include <xenith/bootinfo.h>
#include <xenith/errno.h>
#include <xenith/guest_access.h>
#include <xenith/hypercall.h>
#include <xenith/sched.h>
#include <xenith/version.h>
#include <public/version.h>

#define XEN_MAJOR           4
#define XEN_MINOR           17
/* "4.17" + this: Xenith's own release of the 4.17 ABI. */
#define XENITH_EXTRAVERSION ".0-xenith"
#define XEN_CAPABILITIES    "xen-3.0-aarch64 xen-3.0-armv7l "
#define XEN_DENIED          "<denied>"
/*
 * XENVER_platform_parameters' virt_start: Xen 4.17 gives every guest its
 * HYPERVISOR_VIRT_START, on arm64 where its image is linked.  Meaningless
 * to a translated guest (Xen 4.18 gives 0), but Linux shows it as
 * /sys/hypervisor/properties/virtual_start (200000 on Xen 4.17).
 */
#define XEN_VIRT_START      0x200000UL

/* Copy @size bytes of @src, NUL-padded, to the guest's buffer at @gva. */
static long copy_string_out(uint64_t gva, const char *src, size_t size)
{
    size_t len = strnlen(src, size);
    char buf[128];

    for ( size_t off = 0; off < size; off += sizeof(buf) )
    {
        size_t n = min(size - off, sizeof(buf));

        memset(buf, 0, n);
        if ( off < len )
            memcpy(buf, src + off, min(n, len - off));
        if ( copy_to_guest(gva + off, buf, n) )
            return -EFAULT;
    }
    return 0;
}

/* XENFEAT bits of a domain: Xen 4.17 gives a domU 0x00016005. */
static uint32_t xen_features(const struct domain *d)
{
    return (1U << XENFEAT_writable_page_tables) |
           (1U << XENFEAT_auto_translated_physmap) |
           (1U << XENFEAT_memory_op_vnode_supported) |
           (1U << XENFEAT_ARM_SMCCC_supported) |
           (1U << XENFEAT_not_direct_mapped);
}

static long xenver_get_features(const struct domain *d, uint64_t arg)
{
    struct xen_feature_info fi;

    if ( copy_from_guest(&fi, arg, sizeof(fi)) )
        return -EFAULT;
    if ( fi.submap_idx != 0 )
        return -EINVAL;
    fi.submap = xen_features(d);
    return copy_to_guest(arg, &fi, sizeof(fi)) ? -EFAULT : 0;
}

static long xenver_compile_info(uint64_t arg)
{
    struct xen_compile_info info;

    memset(&info, 0, sizeof(info));
    strlcpy(info.compiler, XENITH_COMPILER, sizeof(info.compiler));
    strlcpy(info.compile_by, XENITH_COMPILE_BY, sizeof(info.compile_by));
    strlcpy(info.compile_domain, XENITH_COMPILE_DOMAIN, sizeof(info.compile_domain));
    /* When this file was compiled, which is when the image was built. */
    strlcpy(info.compile_date, __DATE__ " " __TIME__, sizeof(info.compile_date));
    return copy_to_guest(arg, &info, sizeof(info)) ? -EFAULT : 0;
}

/* NULL @arg: the size of the build id; else it, if buf is large enough. */
static long xenver_build_id(uint64_t arg)
{
    const unsigned char *id;
    unsigned int size;
    uint32_t len;

    id = xenith_build_id_bytes(&size);
    if ( !id )
        return -ENODATA;
    if ( !arg )
        return size;
    if ( copy_from_guest(&len, arg, sizeof(len)) )
        return -EFAULT;
    if ( len < size )
        return -ENOBUFS;
    if ( copy_to_guest(arg + offsetof(struct xen_build_id, buf), id, size) )
        return -EFAULT;
    return size;
}

/* Out of line: its buffers need a stack frame (and its canary). */
static long __attribute__((noinline)) xenver_other(int cmd, uint64_t arg)
{
    const struct domain *d = current->domain;

    switch ( cmd )
    {
    case XENVER_extraversion:
        return copy_string_out(arg, XENITH_EXTRAVERSION, sizeof(xen_extraversion_t));
    case XENVER_compile_info:
        return xenver_compile_info(arg);
    case XENVER_capabilities:
        return copy_string_out(arg, XEN_CAPABILITIES, sizeof(xen_capabilities_info_t));
    case XENVER_changeset:
        return copy_string_out(arg, XENITH_CHANGESET, sizeof(xen_changeset_info_t));
    case XENVER_platform_parameters:
    {
        struct xen_platform_parameters params = { .virt_start = XEN_VIRT_START };

        return copy_to_guest(arg, &params, sizeof(params)) ? -EFAULT : 0;
    }
    case XENVER_get_features:
        return xenver_get_features(d, arg);
    case XENVER_pagesize:
        return arg ? -EINVAL : (long)PAGE_SIZE;
    case XENVER_guest_handle:
        return copy_to_guest(arg, d->handle, sizeof(d->handle)) ? -EFAULT : 0;
    case XENVER_commandline:
        if ( !d->is_privileged )
            return copy_string_out(arg, XEN_DENIED, sizeof(XEN_DENIED));
        return copy_string_out(arg, bootinfo.cmdline, sizeof(xen_commandline_t));
    case XENVER_build_id:
        return d->is_privileged ? xenver_build_id(arg) : -EPERM;
    default:
        return -ENOSYS;
    }
}

long do_xen_version(int cmd, uint64_t arg)
{
    /* The hottest command (a guest's "are you there"), answered at once. */
    if ( cmd == XENVER_version )
        return (XEN_MAJOR << 16) | XEN_MINOR;
    return xenver_other(cmd, arg);
}
