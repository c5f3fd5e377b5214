/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef XENITH_LIBC_STDLIB_H
#define XENITH_LIBC_STDLIB_H

#include <string.h>

unsigned long strtoul(const char *s, char **end, int base);
unsigned long long strtoull(const char *s, char **end, int base);

#endif /* XENITH_LIBC_STDLIB_H */
