/* SPDX-License-Identifier: GPL-2.0-only */
/* Host: the arm64 syndrome decoders are plain data; use them as they are. */
#include "../../../arm64/include/asm/esr.h"
