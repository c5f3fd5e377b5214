/* SPDX-License-Identifier: GPL-2.0-only */
/* Small helpers every file uses: sizes, alignment, min/max, assertions. */
#ifndef XENITH_LIB_H
#define XENITH_LIB_H

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <xenith/types.h>
#include <xenith/stringify.h>

#define ARRAY_SIZE(a)       (sizeof(a) / sizeof((a)[0]))
#define ROUNDUP(x, a)       (((x) + (a) - 1) & ~((typeof(x))(a) - 1))
#define ROUNDDOWN(x, a)     ((x) & ~((typeof(x))(a) - 1))
#define IS_ALIGNED(x, a)    (((x) & ((typeof(x))(a) - 1)) == 0)
#define DIV_ROUND_UP(n, d)  (((n) + (d) - 1) / (d))
#define KB(x)               ((unsigned long)(x) << 10)
#define MB(x)               ((unsigned long)(x) << 20)
#define GB(x)               ((unsigned long)(x) << 30)

#define min(a, b) ({ typeof(a) _a = (a); typeof(b) _b = (b); _a < _b ? _a : _b; })
#define max(a, b) ({ typeof(a) _a = (a); typeof(b) _b = (b); _a > _b ? _a : _b; })

#define container_of(ptr, type, member) \
    ((type *)((char *)(ptr) - offsetof(type, member)))

#define likely(x)           __builtin_expect(!!(x), 1)
#define unlikely(x)         __builtin_expect(!!(x), 0)
#define __used              __attribute__((__used__))
#define __noreturn          __attribute__((__noreturn__))
#define __packed            __attribute__((__packed__))
#define __aligned(a)        __attribute__((__aligned__(a)))
#define __section(s)        __attribute__((__section__(s)))
#define __printf(f, a)      __attribute__((__format__(__printf__, f, a)))
#define ACCESS_ONCE(x)      (*(volatile typeof(x) *)&(x))
#ifndef static_assert
#define static_assert _Static_assert
#endif

/* Copy with truncation; returns strlen(src) (lib/strlcpy.c). */
size_t strlcpy(char *dst, const char *src, size_t size);

int vsnprintf(char *buf, size_t size, const char *fmt, va_list args);
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);

/* Fatal errors: the crash path (arch) prints state and stops every CPU. */
void __noreturn panic(const char *fmt, ...) __printf(1, 2);
void __noreturn __bug(const char *file, int line, const char *cond);

/* A broken invariant: continuing could do harm, so stop the machine. */
#define BUG_ON(cond) do {                                       \
    if ( unlikely(cond) )                                       \
        __bug(__FILE__, __LINE__, #cond);                       \
} while ( 0 )
#define BUG() __bug(__FILE__, __LINE__, "BUG")

/* Debug-only checks; never an error-handling mechanism. */
#ifdef CONFIG_DEBUG
#define ASSERT(cond) BUG_ON(!(cond))
#else
#define ASSERT(cond) ((void)sizeof(cond))
#endif

#endif /* XENITH_LIB_H */
