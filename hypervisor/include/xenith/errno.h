/* SPDX-License-Identifier: GPL-2.0-only */
/* Inside the hypervisor the Xen error numbers go by their plain names. */
#ifndef XENITH_ERRNO_H
#define XENITH_ERRNO_H

#define XEN_ERRNO
#include <public/errno.h>

#define XENITH_ERRNO_ENUM(name, value) name = value,
enum { XEN_ERRNO_LIST(XENITH_ERRNO_ENUM) };
#undef XENITH_ERRNO_ENUM
#define EWOULDBLOCK EAGAIN

#endif /* XENITH_ERRNO_H */
