/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the public headers give guests that pin an older interface version
 * (guest_view.c is compiled without __XEN_TOOLS__, unlike the test itself).
 */
#ifndef TESTS_PUBLIC_ABI_GUEST_VIEW_H
#define TESTS_PUBLIC_ABI_GUEST_VIEW_H

#include <stddef.h>

/* One name the headers resolve differently by interface version. */
struct guest_view_value {
    const char *name;
    long long value;
};

/* The values seen with __XEN_INTERFACE_VERSION__ 0x00030205 (Mini-OS). */
extern const struct guest_view_value guest_view_minios[];
extern const size_t guest_view_minios_count;

/* The values seen by a guest that pins no version (interface 0). */
extern const struct guest_view_value guest_view_default[];
extern const size_t guest_view_default_count;

#endif /* TESTS_PUBLIC_ABI_GUEST_VIEW_H */
