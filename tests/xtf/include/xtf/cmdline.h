/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The guest's command line: /chosen/bootargs of its device tree, which the
 * hypervisor fills from the dom0less kernel module's "bootargs".  The
 * runner uses it to give the domains of one test their roles
 * ("xtf.role=NAME", test.cfg "domains = ...").
 */
#ifndef XTF_CMDLINE_H
#define XTF_CMDLINE_H

#include <xtf/types.h>

/* The whole command line; "" if the device tree has none. */
const char *xtf_cmdline(void);

/*
 * Copy the value of the first "key=value" word to buf (NUL-terminated).
 * 0, -XEN_ENOENT if there is no such word, -XEN_ENOSPC if buf is too small.
 */
int xtf_cmdline_get(const char *key, char *buf, size_t size);

#endif /* XTF_CMDLINE_H */
