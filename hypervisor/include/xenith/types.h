/* SPDX-License-Identifier: GPL-2.0-only */
/* Basic types: fixed-width integers, addresses and type-safe frame numbers. */
#ifndef XENITH_TYPES_H
#define XENITH_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint64_t paddr_t;       /* a machine (host physical) address */
typedef uint64_t vaddr_t;       /* a hypervisor virtual address */
typedef int64_t s_time_t;       /* system time in nanoseconds */

#define PRIpaddr "016lx"

/*
 * Frame numbers that cannot be mixed up: in a debug build mfn_t is a struct,
 * so passing a gfn where an mfn is wanted fails to compile.
 */
#ifdef CONFIG_DEBUG
#define TYPE_SAFE(type, name)                                           \
    typedef struct { type name; } name##_t;                             \
    static inline name##_t _##name(type n) { return (name##_t){ n }; }  \
    static inline type name##_x(name##_t n) { return n.name; }
#else
#define TYPE_SAFE(type, name)                                           \
    typedef type name##_t;                                              \
    static inline name##_t _##name(type n) { return n; }                \
    static inline type name##_x(name##_t n) { return n; }
#endif

TYPE_SAFE(unsigned long, mfn)
TYPE_SAFE(unsigned long, gfn)

#endif /* XENITH_TYPES_H */
