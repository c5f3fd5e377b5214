/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Host: arm64's event-channel arch interface as it is; the unit tests
 * implement the calls, recording upcalls and faking guest pages.
 */
#include "../../../arm64/include/asm/event.h"
