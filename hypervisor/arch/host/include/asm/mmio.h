/* SPDX-License-Identifier: GPL-2.0-only */
/* Host: the arm64 header is plain data and inline C; use it as it is. */
#include "../../../arm64/include/asm/mmio.h"
