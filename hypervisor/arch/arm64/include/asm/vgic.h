/* SPDX-License-Identifier: GPL-2.0-only */
/* Virtual GIC state of a domain and of a vCPU (vgic/). */
#ifndef ASM_VGIC_H
#define ASM_VGIC_H

#include <xenith/types.h>

struct vgic_dist {
    unsigned int nr_spis;
};

struct vgic_cpu {
    uint32_t lr_used;           /* list registers in use */
};

#endif /* ASM_VGIC_H */
