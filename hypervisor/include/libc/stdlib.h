/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef XENITH_LIBC_STDLIB_H
#define XENITH_LIBC_STDLIB_H

#include <string.h>

#endif /* XENITH_LIBC_STDLIB_H */
