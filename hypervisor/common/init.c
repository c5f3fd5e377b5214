/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The boot order of Xenith, one stage after another, each announcing
 * itself with one line on the console.  head.S calls start_xenith() on the
 * boot CPU with the MMU on, running at the link address.
 */
#include <libfdt.h>
#include <xenith/bootinfo.h>
#include <xenith/console.h>
#include <xenith/device_tree.h>
#include <xenith/dom0less.h>
#include <xenith/domain.h>
#include <xenith/irq.h>
#include <xenith/mm.h>
#include <xenith/param.h>
#include <xenith/percpu.h>
#include <xenith/printk.h>
#include <xenith/smp.h>
#include <xenith/softirq.h>
#include <xenith/time.h>
#include <xenith/version.h>

void start_xenith(paddr_t dtb_pa, unsigned long phys_offset);

extern char _stext[], _end[];

/* Map, check and read the boot device tree; reserve it and the image. */
static void setup_device_tree(paddr_t dtb_pa)
{
    const void *fdt = early_fdt_map(dtb_pa);
    int rc = fdt_check_header(fdt);

    if ( rc )
        panic("No valid device tree at %#lx (x0 at entry): %s", dtb_pa, fdt_strerror(rc));
    if ( fdt_totalsize(fdt) > BOOT_FDT_MAX_SIZE )
        panic("Device tree at %#lx is %u bytes; the boot protocol allows 2 MiB at most",
              dtb_pa, fdt_totalsize(fdt));
    if ( bootinfo_parse(fdt) )
        panic("Cannot boot: the device tree is unusable (see above)");
    if ( bootinfo_reserve(dtb_pa, fdt_totalsize(fdt)) ||
         bootinfo_reserve(image_virt_to_maddr(_stext), (paddr_t)(_end - _stext)) )
        panic("Cannot reserve the device tree and the image");

    printk("Device tree: %#lx, %u bytes, %u RAM bank(s), %u reserved range(s)\n",
           dtb_pa, fdt_totalsize(fdt), bootinfo.mem.nr, bootinfo.reserved.nr);
    for ( unsigned int i = 0; i < bootinfo.mem.nr; i++ )
        printk("  RAM: %016lx - %016lx\n", bootinfo.mem.bank[i].start,
               bootinfo.mem.bank[i].start + bootinfo.mem.bank[i].size - 1);
}

void start_xenith(paddr_t dtb_pa, unsigned long phys_offset)
{
    percpu_init_areas();
    xenith_phys_offset = phys_offset;

    printk("Xenith %s (Xen %s ABI), %s\n", XENITH_VERSION, XENITH_XEN_ABI, XENITH_COMPILER);
    printk("Changeset %s, build-id %s\n", XENITH_CHANGESET, xenith_build_id());
    printk("Loaded at %#lx, running at EL2\n", image_virt_to_maddr(_stext));

    setup_device_tree(dtb_pa);
    printk("Command line: %s\n", bootinfo.cmdline);
    cmdline_parse(bootinfo.cmdline);
    console_init_uart();
    setup_memory();
    smp_init_cpus();
    irq_init();
    time_init();
    guest_support_init();
    scheduler_init();
    smp_init();
    console_init_irq();
    local_irq_enable();
    create_dom0less_domains();

    printk("Boot complete: entering the idle loop\n");
    idle_loop();
}
