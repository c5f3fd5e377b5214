/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Host: the stage-2 calls common code makes (arm64's asm/p2m.h says what
 * they do); the unit tests that need them implement them.
 */
#ifndef ASM_P2M_H
#define ASM_P2M_H

#include <xenith/types.h>

struct domain;
struct page_info;

int p2m_populate_ram(struct domain *d, gfn_t gfn, unsigned long nr);
struct page_info *get_page_from_gfn(struct domain *d, gfn_t gfn, bool writable);

#endif /* ASM_P2M_H */
