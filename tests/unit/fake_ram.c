/* SPDX-License-Identifier: GPL-2.0-only */
/* RAM for page_alloc.c: an arena of this process (fakes.h). */
#include <stdlib.h>
#include <string.h>

#include "fakes.h"
#include "host.h"
#include <xenith/bootinfo.h>
#include <xenith/page_alloc.h>

struct bootinfo bootinfo;
char *fake_ram;

void fake_ram_init(void)
{
    if ( !fake_ram )
        fake_ram = aligned_alloc(FAKE_RAM_SIZE, FAKE_RAM_SIZE);
    assert_non_null(fake_ram);
    memset(&bootinfo, 0, sizeof(bootinfo));
    bootinfo.mem.bank[0].start = (paddr_t)(uintptr_t)fake_ram;
    bootinfo.mem.bank[0].size = FAKE_RAM_SIZE;
    bootinfo.mem.nr = 1;
    page_alloc_init();
}
