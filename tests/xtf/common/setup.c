/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * From head.S to test_main() and the result line.
 */
#include <xtf.h>

uint64_t xtf_ram_start, xtf_ram_size;

/* The first memory bank of the device tree is the guest's RAM. */
static int find_ram(void)
{
    int node = fdt_find_device_type(-1, "memory");

    if ( node < 0 )
        return -XEN_ENOENT;
    return fdt_read_reg(node, 0, &xtf_ram_start, &xtf_ram_size);
}

void __noreturn xtf_start(const void *fdt);
void xtf_start(const void *fdt)
{
    int rc = fdt_check(fdt);

    if ( !rc )
    {
        xtf_fdt = fdt;
        xtf_console_init();
        rc = find_ram();
    }
    if ( rc )
    {
        /* Without a device tree there is no UART to tell it on. */
        xtf_console_init();
        xtf_error("no usable device tree at %p: %d", fdt, rc);
        xtf_exit();
    }
    xtf_mm_init();

    printk("--- Xenith test framework ---\n");
    printk("Environment: arm64 EL1, %u vCPU(s), RAM %#lx-%#lx, console %s\n",
           fdt_count_cpus(), xtf_ram_start, xtf_ram_start + xtf_ram_size - 1,
           xtf_console_name());
    if ( *xtf_cmdline() )
        printk("Command line: %s\n", xtf_cmdline());
    printk("Test: %s\n", test_title);

    test_main();
    xtf_exit();
}
