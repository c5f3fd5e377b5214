/* SPDX-License-Identifier: GPL-2.0-only */
/* Host: the vGIC's data structures are plain C; use the arm64 header. */
#include "../../../arm64/include/asm/vgic.h"
