/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Text addresses to names, for backtraces.  The table is generated from
 * the linked image by scripts/gen-symbols.py and linked into it.
 */
#ifndef XENITH_SYMBOLS_H
#define XENITH_SYMBOLS_H

#include <xenith/types.h>

/*
 * The name of the function containing @addr, with @addr's offset into it
 * and the function's size (up to the next symbol); NULL if @addr is not
 * in the hypervisor's text.
 */
const char *symbols_lookup(unsigned long addr, unsigned long *offset,
                           unsigned long *size);

/* Write "name+0xoff/0xsize" (or "??") for @addr into @buf; returns @buf. */
char *symbols_format(char *buf, size_t size, unsigned long addr);

#endif /* XENITH_SYMBOLS_H */
