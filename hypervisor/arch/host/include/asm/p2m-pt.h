/* SPDX-License-Identifier: GPL-2.0-only */
/* Host: the arm64 stage-2 table format is plain data; use it as it is. */
#include "../../../arm64/include/asm/p2m-pt.h"
