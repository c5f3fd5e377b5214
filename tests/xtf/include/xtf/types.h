/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Basic types and helpers for xtf guests (freestanding: only the compiler's
 * own headers are used).
 */
#ifndef XTF_TYPES_H
#define XTF_TYPES_H

/*
 * Everything is linked into one position-independent image: hidden
 * visibility, also for extern declarations, keeps references PC-relative
 * instead of going through a GOT.
 */
#pragma GCC visibility push(hidden)

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ARRAY_SIZE(a)       (sizeof(a) / sizeof((a)[0]))
#define ROUNDUP(x, a)       (((x) + (a) - 1) & ~((uint64_t)(a) - 1))
#define ROUNDDOWN(x, a)     ((x) & ~((uint64_t)(a) - 1))
#define IS_ALIGNED(x, a)    (((x) & ((uint64_t)(a) - 1)) == 0)

#define __noreturn          __attribute__((__noreturn__))
#define __aligned(n)        __attribute__((__aligned__(n)))
#define __printf(f, a)      __attribute__((__format__(__printf__, f, a)))
#define __used              __attribute__((__used__))
#define __weak              __attribute__((__weak__))

#define barrier()           asm volatile ( "" ::: "memory" )
#define ACCESS_ONCE(x)      (*(volatile __typeof__(x) *)&(x))

#define PAGE_SHIFT          12
#define PAGE_SIZE           (1UL << PAGE_SHIFT)

#endif /* XTF_TYPES_H */
