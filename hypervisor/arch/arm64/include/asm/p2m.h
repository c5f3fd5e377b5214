/* SPDX-License-Identifier: GPL-2.0-only */
/* Stage-2 translation of a domain (p2m.c). */
#ifndef ASM_P2M_H
#define ASM_P2M_H

#include <xenith/types.h>

struct p2m_domain {
    uint64_t *root;             /* stage-2 root table (direct-map address) */
    uint64_t vttbr;             /* VTTBR_EL2 value: VMID and root */
};

#endif /* ASM_P2M_H */
