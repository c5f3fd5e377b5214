/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Host: arm64's stage-2 interface as it is (types, calls); the unit tests
 * that need the calls implement them.
 */
#include "../../../arm64/include/asm/p2m.h"
