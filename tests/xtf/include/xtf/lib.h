/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The small libc of xtf guests: string functions and vsnprintf().
 */
#ifndef XTF_LIB_H
#define XTF_LIB_H

#include <xtf/types.h>

void *memset(void *s, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);

/*
 * Supports %d %i %u %x %X %o %c %s %p %% with the flags '-' and '0', a width
 * and a precision (also as '*'), and the length modifiers hh h l ll z.
 * Returns the length the whole output would have, like C's.
 */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);

#endif /* XTF_LIB_H */
