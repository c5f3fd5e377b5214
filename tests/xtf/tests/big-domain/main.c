/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * @file tests/big-domain/main.c
 * An 8 GiB domain (test.cfg) starts: its DT describes all of it (the first
 * bank full, the rest above it) and the end of the first bank is RAM.  How
 * fast it was built is the hypervisor's line (expect).
 */
#include <xtf.h>

const char test_title[] = "An 8 GiB domain reaches its first instruction";

#define GIB             (1ULL << 30)
#define EXPECTED_RAM    (8 * GIB)

/* The sum of every reg entry of every memory node. */
static uint64_t dt_ram_total(unsigned int *banks)
{
    uint64_t total = 0, base, size;
    int node = -1;

    *banks = 0;
    while ( (node = fdt_find_device_type(node, "memory")) >= 0 )
        for ( unsigned int i = 0; fdt_read_reg(node, i, &base, &size) == 0; i++ )
        {
            printk("RAM bank %#llx-%#llx\n", (unsigned long long)base,
                   (unsigned long long)(base + size - 1));
            total += size;
            (*banks)++;
        }
    return total;
}

void test_main(void)
{
    unsigned int banks;
    uint64_t total = dt_ram_total(&banks);
    volatile uint64_t *last = (uint64_t *)(xtf_ram_start + xtf_ram_size - 8);

    if ( total != EXPECTED_RAM )
        return xtf_failure("the DT describes %llu MiB of RAM in %u bank(s), not %llu",
                           (unsigned long long)(total >> 20), banks,
                           (unsigned long long)(EXPECTED_RAM >> 20));
    if ( banks < 2 )
        return xtf_failure("8 GiB in %u bank: the guest map's first bank holds 3 GiB",
                           banks);
    *last = 0x5a5aa5a5c3c33c3cULL;
    if ( *last != 0x5a5aa5a5c3c33c3cULL )
        return xtf_failure("the last word of the first bank (%p) does not hold a value",
                           (void *)last);
    xtf_success(NULL);
}
