/* SPDX-License-Identifier: MIT */
/*
 * Interface versioning and the small amount of machinery that every public
 * header shares.
 *
 * Interface version
 *   The public headers describe Xen 4.17's guest ABI, whose newest interface
 *   version is 0x00040e00.  A guest pins the version it was written for by
 *   defining __XEN_INTERFACE_VERSION__ before the first include; older
 *   versions select the older spellings (names and aliases) that Xen's own
 *   headers select for them.  The binary layout never depends on the
 *   version.  As with Xen, a guest that pins nothing gets the oldest
 *   interface (0), and the hypervisor and its tools always get the newest.
 *
 * Integer types
 *   The headers use the C99 fixed-width types.  <stdint.h> is included when
 *   the compiler can find it; an environment that declares those types
 *   itself, in a way that would clash, defines XEN_PUBLIC_NO_STDINT.
 *
 * Layout checks
 *   XEN_PUBLIC_CHECK(cond) is a compile-time assertion.  The headers pin the
 *   size and key offsets of every structure with it, for LP64 targets
 *   (arm64 guests and the hypervisor; a 64-bit host building tools), where
 *   XEN_PUBLIC_LP64 is defined.
 *
 * Hypervisor and toolstack view
 *   Some declarations (register state, toolstack-only constants, the guest
 *   memory map) are not part of the guest interface.  They are visible when
 *   compiling the hypervisor (__XEN__ or __XENITH__) or the tools
 *   (__XEN_TOOLS__); XEN_PUBLIC_TOOLS_VISIBLE is then defined.
 */
#ifndef __XEN_PUBLIC_XEN_COMPAT_H__
#define __XEN_PUBLIC_XEN_COMPAT_H__

#define __XEN_LATEST_INTERFACE_VERSION__ 0x00040e00

#if defined(__XEN__) || defined(__XEN_TOOLS__) || defined(__XENITH__)
#define XEN_PUBLIC_TOOLS_VISIBLE 1
#undef __XEN_INTERFACE_VERSION__
#define __XEN_INTERFACE_VERSION__ __XEN_LATEST_INTERFACE_VERSION__
#elif !defined(__XEN_INTERFACE_VERSION__)
#define __XEN_INTERFACE_VERSION__ 0x00000000
#endif

#if __XEN_INTERFACE_VERSION__ > __XEN_LATEST_INTERFACE_VERSION__
#error "__XEN_INTERFACE_VERSION__ is newer than these headers (Xen 4.17)"
#endif

#ifndef __ASSEMBLY__

#ifndef XEN_PUBLIC_NO_STDINT
#if defined(__has_include)
#if __has_include(<stdint.h>)
#include <stdint.h>
#endif
#else
#include <stdint.h>
#endif
#endif /* XEN_PUBLIC_NO_STDINT */

#if defined(__GNUC__) || defined(__clang__)
#define XEN_PUBLIC_OFFSETOF(type, member) __builtin_offsetof(type, member)
#else
#include <stddef.h>
#define XEN_PUBLIC_OFFSETOF(type, member) offsetof(type, member)
#endif

/*
 * C11 and C++11 have a static assertion; older C gets the classic negative
 * array size, declared extern so that it may be repeated and costs nothing.
 */
#if defined(__cplusplus) && __cplusplus >= 201103L
#define XEN_PUBLIC_CHECK(cond) static_assert(cond, #cond)
#elif defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L
#define XEN_PUBLIC_CHECK(cond) _Static_assert(cond, #cond)
#else
#define XEN_PUBLIC_CHECK(cond) \
    extern int xen_public_check_failed_[(cond) ? 1 : -1]
#endif

#if defined(__LP64__) || defined(_LP64)
#define XEN_PUBLIC_LP64 1
#endif

/* Size of a structure and offset of a member, for the layout checks. */
#define XEN_PUBLIC_SIZE(type, size) XEN_PUBLIC_CHECK(sizeof(type) == (size))
#define XEN_PUBLIC_OFFSET(type, member, off) \
    XEN_PUBLIC_CHECK(XEN_PUBLIC_OFFSETOF(type, member) == (off))

/* Marks a GNU C construct so that -pedantic accepts it. */
#if defined(__GNUC__) || defined(__clang__)
#define XEN_PUBLIC_EXTENSION __extension__
#else
#define XEN_PUBLIC_EXTENSION
#endif

/*
 * The architecture's empty structures (arch_vcpu_info, arch_shared_info)
 * take no space in C.  C++ gives an empty member one byte unless it is
 * marked [[no_unique_address]] (C++20); without that attribute the layout
 * checks reject the C++ translation unit rather than let it disagree with
 * the hypervisor.
 */
#if defined(__cplusplus) && defined(__has_cpp_attribute)
#if __has_cpp_attribute(no_unique_address)
#define XEN_PUBLIC_EMPTY_MEMBER [[no_unique_address]]
#endif
#endif
#ifndef XEN_PUBLIC_EMPTY_MEMBER
#define XEN_PUBLIC_EMPTY_MEMBER
#endif

#endif /* !__ASSEMBLY__ */

/*
 * Integer constants with a type suffix, written so that they also work in
 * assembly (where the suffix is dropped).
 */
#ifndef __ASSEMBLY__
#define __xen_mk_uint(x)  x ## U
#define __xen_mk_ulong(x) x ## UL
#ifndef __xen_mk_ullong
#define __xen_mk_ullong(x) x ## ULL
#endif
#define xen_mk_uint(x)    __xen_mk_uint(x)
#define xen_mk_ulong(x)   __xen_mk_ulong(x)
#define xen_mk_ullong(x)  __xen_mk_ullong(x)
#else
#define xen_mk_uint(x)    x
#define xen_mk_ulong(x)   x
#define xen_mk_ullong(x)  x
#endif

/* Size of a flexible array member, as each compiler accepts it. */
#if defined(__STDC_VERSION__) && __STDC_VERSION__ >= 199901L
#define XEN_FLEX_ARRAY_DIM
#elif defined(__GNUC__)
#define XEN_FLEX_ARRAY_DIM 0
#else
#define XEN_FLEX_ARRAY_DIM 1 /* the structure then has room for one */
#endif
#define COMPAT_FLEX_ARRAY_DIM XEN_FLEX_ARRAY_DIM

#endif /* __XEN_PUBLIC_XEN_COMPAT_H__ */
