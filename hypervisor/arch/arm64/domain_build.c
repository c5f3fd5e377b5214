/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Building the dom0less domains of /chosen, as Xen 4.17 does: ids 1, 2...
 * in device-tree order; RAM at GUEST_RAM0_BASE (and GUEST_RAM1_BASE
 * beyond 3 GiB); the kernel at bank 0 + text_offset; the generated device
 * tree and the initrd placed by Xen's rule; vCPU 0 entering the kernel
 * with x0 = the device tree's address.  All are built, then all start.
 *
 * Unlike Xen, which panics, a domain whose description or modules are
 * wrong is refused with a message saying why, and the others start.
 */
#include <libfdt.h>
#include <xenith/device_tree.h>
#include <xenith/dom0less.h>
#include <xenith/domain.h>
#include <xenith/errno.h>
#include <xenith/gic.h>
#include <xenith/guest_access.h>
#include <xenith/kernel.h>
#include <xenith/mm.h>
#include <xenith/page_alloc.h>
#include <xenith/printk.h>
#include <xenith/pv_console.h>
#include <xenith/time.h>
#include <xenith/version.h>
#include <xenith/xmalloc.h>
#include <asm/p2m.h>
#include <asm/vgic.h>
#include <asm/vpl011.h>
#include "domain_fdt.h"

/* What one domain is made of while it is built. */
struct domu_build {
    const struct dom0less_domain *dom;
    struct domain *d;
    struct kernel_image kernel;
    struct domain_fdt_info fdt_info;
    void *fdt;
    paddr_t dtb_gpa, initrd_gpa;
};

static uint64_t vcpu_affinity(unsigned int id)
{
    return vgic_vcpu_affinity(id);
}

/* Bank 0 up to 3 GiB, the rest in bank 1, as Xen's allocate_memory(). */
static void guest_banks(struct domu_build *b)
{
    paddr_t bytes = b->dom->memory_kib * 1024;
    struct domain_fdt_info *info = &b->fdt_info;

    info->nr_banks = bytes > GUEST_RAM0_SIZE ? 2 : 1;
    info->bank_base[0] = GUEST_RAM0_BASE;
    info->bank_size[0] = min(bytes, (paddr_t)GUEST_RAM0_SIZE);
    info->bank_base[1] = GUEST_RAM1_BASE;
    info->bank_size[1] = bytes - info->bank_size[0];
}

static int populate_ram(struct domu_build *b)
{
    const struct domain_fdt_info *info = &b->fdt_info;
    unsigned long need = b->dom->memory_kib / 4, free = total_free_pages();
    int rc = 0;

    if ( need > free )
    {
        printk(XENLOG_ERR "d%u: needs %lu MiB of RAM, but only %lu MiB are free\n",
               b->dom->domid, need >> 8, free >> 8);
        return -ENOMEM;
    }
    for ( unsigned int i = 0; !rc && i < info->nr_banks; i++ )
        rc = p2m_populate_ram(b->d, _gfn(PFN_DOWN(info->bank_base[i])),
                              PFN_DOWN(info->bank_size[i]));
    if ( rc )
        printk(XENLOG_ERR "d%u: cannot give it %lu MiB of RAM (%d)\n",
               b->dom->domid, need >> 8, rc);
    return rc;
}

/*
 * The host's CPU compatible and clocks, which Xen passes on to domUs:
 * read once per boot (two walks of the host tree), before any domain.
 */
static struct domain_fdt_info host_cpu;

static void host_cpu_info(struct domain_fdt_info *info)
{
    int cpus = dt_lookup("/cpus"), node, timer;
    uint32_t freq;

    dt_for_each_child(node, cpus)
    {
        if ( !dt_node_is_type(node, "cpu") )
            continue;
        info->cpu_compatible = fdt_getprop(host_fdt, node, "compatible",
                                           &info->cpu_compatible_len);
        if ( !dt_read_u32(node, "clock-frequency", &freq) )
            info->cpu_clock_frequency = freq;
        break;
    }
    timer = dt_find_compatible(-1, "arm,armv8-timer");
    if ( timer >= 0 && !dt_read_u32(timer, "clock-frequency", &freq) )
        info->timer_clock_frequency = freq;
}

/* Generate the tree; place it and the initrd next to the kernel. */
static int make_guest_fdt(struct domu_build *b)
{
    const struct dom0less_domain *dom = b->dom;
    struct domain_fdt_info *info = &b->fdt_info;
    size_t size;
    int rc;

    info->xen_version = XENITH_XEN_ABI;
    info->nr_vcpus = dom->cpus;
    info->vcpu_affinity = vcpu_affinity;
    info->gic_version = b->d->arch.vgic.version;
    info->vpl011 = dom->vpl011;
    info->hypervisor_node = dom->enhanced != DOM0LESS_PLAIN;
    info->ipa_bits = p2m_ipa_bits();
    info->bootargs = dom->bootargs;
    info->has_initrd = dom->ramdisk.size != 0;
    info->cpu_compatible = host_cpu.cpu_compatible;
    info->cpu_compatible_len = host_cpu.cpu_compatible_len;
    info->cpu_clock_frequency = host_cpu.cpu_clock_frequency;
    info->timer_clock_frequency = host_cpu.timer_clock_frequency;
    if ( dom->dtb.size )
    {
        const char *why;

        info->partial_fdt = maddr_to_virt(dom->dtb.start);
        why = domain_fdt_check_partial(info->partial_fdt, dom->dtb.size);
        if ( why )
        {
            printk(XENLOG_ERR "d%u: device-tree module at %#lx: %s\n", dom->domid,
                   dom->dtb.start, why);
            return -EINVAL;
        }
    }
    size = domain_fdt_max_size(info);
    b->fdt = xmalloc_bytes(size);
    if ( !b->fdt )
        return -ENOMEM;
    rc = domain_fdt_build(b->fdt, size, info);
    if ( rc )
    {
        printk(XENLOG_ERR "d%u: generating its device tree failed: %s\n", dom->domid,
               fdt_strerror(rc));
        return -EINVAL;
    }
    rc = kernel_place_modules(&b->kernel, info->bank_base[0], info->bank_size[0],
                              fdt_totalsize(b->fdt), dom->ramdisk.size,
                              &b->dtb_gpa, &b->initrd_gpa);
    if ( !rc && dom->ramdisk.size )
        rc = domain_fdt_set_initrd(b->fdt, b->initrd_gpa, b->initrd_gpa + dom->ramdisk.size)
             ? -EINVAL : 0;
    return rc;
}

static int copy_in(struct domu_build *b, const char *what, paddr_t gpa, const void *src,
                   size_t len)
{
    int rc = copy_to_guest_phys(b->d, gpa, src, len);

    if ( rc )
        printk(XENLOG_ERR "d%u: copying its %s to %#lx-%#lx failed (%d)\n",
               b->dom->domid, what, gpa, gpa + len - 1, rc);
    return rc;
}

static int load_images(struct domu_build *b)
{
    const struct kernel_image *k = &b->kernel;
    const struct dom0less_module *rd = &b->dom->ramdisk;
    domid_t id = b->dom->domid;
    int rc = 0;

    for ( unsigned int i = 0; !rc && i < k->nr_segments; i++ )
    {
        const struct kernel_segment *s = &k->seg[i];

        /* In Xen's words, which call an arm64 Image a zImage */
        printk("Loading %s from %016lx to %016lx-%016lx\n",
               k->format == KERNEL_ELF64 ? "ELF segment" : "zImage",
               k->module_addr + s->offset, s->gpa, s->gpa + s->filesz);
        rc = copy_in(b, "kernel", s->gpa, (const char *)k->blob + s->offset, s->filesz);
    }
    if ( !rc && rd->size )
    {
        printk("Loading d%u initrd from %016lx to 0x%016lx-0x%016lx\n", id, rd->start,
               b->initrd_gpa, b->initrd_gpa + rd->size);
        rc = copy_in(b, "initrd", b->initrd_gpa, maddr_to_virt(rd->start), rd->size);
    }
    if ( !rc )
    {
        printk("Loading d%u DTB to 0x%016lx-0x%016lx\n", id, b->dtb_gpa,
               b->dtb_gpa + fdt_totalsize(b->fdt));
        rc = copy_in(b, "device tree", b->dtb_gpa, b->fdt, fdt_totalsize(b->fdt));
    }
    return rc;
}

static int probe_kernel(struct domu_build *b)
{
    const struct dom0less_domain *dom = b->dom;
    int rc;

    printk("Loading d%u kernel from boot module @ %016lx\n", dom->domid, dom->kernel.start);
    if ( dom->ramdisk.size )
        printk("Loading ramdisk from boot module @ %016lx\n", dom->ramdisk.start);
    rc = kernel_probe(dom->domid, dom->kernel.start, maddr_to_virt(dom->kernel.start),
                      dom->kernel.size, &b->kernel);
    if ( !rc )
        rc = kernel_place(&b->kernel, b->fdt_info.bank_base[0], b->fdt_info.bank_size[0]);
    return rc;
}

static unsigned int default_nr_spis(const struct dom0less_domain *dom)
{
    unsigned int nr = gic_hw.nr_lines > GIC_FIRST_SPI ? gic_hw.nr_lines - GIC_FIRST_SPI : 0;

    if ( dom->nr_spis != DOM0LESS_NR_SPIS_DEFAULT )
        return dom->nr_spis;
    return dom->vpl011 ? max(nr, (unsigned int)(GUEST_VPL011_SPI - GIC_FIRST_SPI + 1)) : nr;
}

/*
 * Whether Xenith prints a domain's PV console: when it has no vPL011, or
 * its command line names hvc as a console.  Otherwise Linux's log would
 * appear twice, as Linux always writes it to hvc0 as well.
 */
static bool pv_console_shown(const struct dom0less_domain *dom)
{
    const char *p = dom->bootargs;

    if ( !dom->vpl011 )
        return true;
    for ( ; p && (p = strstr(p, "console=hvc")); p++ )
        if ( p == dom->bootargs || p[-1] == ' ' )
            return true;
    return false;
}

static int create_domu(struct domu_build *b)
{
    const struct dom0less_domain *dom = b->dom;
    struct domain_config cfg = {
        .name = dom->name, .max_vcpus = dom->cpus,
        .max_pages = dom->memory_kib / 4 +
                     (dom->enhanced != DOM0LESS_PLAIN ? PV_CONSOLE_PAGES : 0),
        .nr_spis = default_nr_spis(dom), .vpl011 = dom->vpl011,
        .max_grant_frames = dom->max_grant_frames,
    };
    int rc = domain_create(dom->domid, &cfg, &b->d);

    if ( rc )
    {
        printk(XENLOG_ERR "d%u: creating the domain failed (%d)\n", dom->domid, rc);
        return rc;
    }
    if ( dom->vpl011 && (rc = domain_vpl011_init(b->d)) )
        printk(XENLOG_ERR "d%u: its vPL011 cannot be set up (%d)\n", dom->domid, rc);
    /* xen,enhanced: hvc0 without a dom0, Xenith being the console's backend */
    else if ( dom->enhanced != DOM0LESS_PLAIN &&
              (rc = pv_console_init(b->d, pv_console_shown(dom))) )
        printk(XENLOG_ERR "d%u: its PV console cannot be set up (%d)\n", dom->domid, rc);
    return rc;
}

static void print_built(const struct domu_build *b, s_time_t start)
{
    const struct dom0less_domain *dom = b->dom;
    char initrd[48] = "";

    if ( dom->ramdisk.size )
        snprintf(initrd, sizeof(initrd), ", initrd at %#lx", b->initrd_gpa);
    printk("d%u: built in %lu ms: %lu MiB, %u vCPU%s, kernel %s at %#lx, DTB at %#lx%s\n",
           dom->domid, (unsigned long)((NOW() - start) / MILLISECS(1)),
           (unsigned long)(dom->memory_kib >> 10), dom->cpus, dom->cpus > 1 ? "s" : "",
           b->kernel.format == KERNEL_ELF64 ? "ELF" : "Image", b->kernel.entry,
           b->dtb_gpa, initrd);
}

/* Build a paused domain from @dom: the domain, or NULL after saying why not. */
static struct domain *build_domu(const struct dom0less_domain *dom)
{
    struct domu_build b = { .dom = dom };
    s_time_t start = NOW();
    int rc;

    printk("*** LOADING DOMU cpus=%u memory=%lxKB ***\n", dom->cpus, dom->memory_kib);
    guest_banks(&b);
    rc = create_domu(&b);
    if ( !rc )
        rc = probe_kernel(&b);
    if ( !rc )
        rc = populate_ram(&b);
    if ( !rc )
        rc = make_guest_fdt(&b);
    if ( !rc && dom->dtb.size )
        rc = dom0less_assign_devices(b.d, maddr_to_virt(dom->dtb.start));
    if ( !rc )
        rc = load_images(&b);
    xfree(b.fdt);
    if ( rc )
    {
        if ( b.d )
            domain_destroy(b.d);
        return NULL;
    }
    arch_vcpu_reset(b.d->vcpu[0], b.kernel.entry, b.dtb_gpa);
    print_built(&b, start);
    return b.d;
}

/* Read every domain node; refuse those that are wrong or share module bytes. */
static unsigned int read_domains(struct dom0less_domain *doms, bool *bad)
{
    unsigned int nr = 0;

    for ( int node = dom0less_next_domain_node(-1); node >= 0;
          node = dom0less_next_domain_node(node), nr++ )
        bad[nr] = dom0less_parse_domain(node, (domid_t)(nr + 1), &doms[nr]) != 0;
    dom0less_check_overlaps(doms, nr, bad);
    return nr;
}

void create_dom0less_domains(void)
{
    unsigned int nr = dom0less_nr_domains(), started = 0;
    struct dom0less_domain *doms;
    struct domain **built;
    bool *bad;

    if ( !nr )
        return;
    doms = xzalloc_array(struct dom0less_domain, nr);
    built = xzalloc_array(struct domain *, nr);
    bad = xzalloc_array(bool, nr);
    if ( !doms || !built || !bad )
        panic("No memory to read the %u dom0less domains of the device tree", nr);
    nr = read_domains(doms, bad);
    host_cpu_info(&host_cpu);
    for ( unsigned int i = 0; i < nr; i++ )
    {
        built[i] = bad[i] ? NULL : build_domu(&doms[i]);
        if ( !built[i] )
            printk(XENLOG_ERR "d%u: /chosen/%s not started; the other domains start "
                   "without it\n", doms[i].domid, doms[i].name);
    }
    static_evtchn_setup(doms, built, nr);
    for ( unsigned int i = 0; i < nr; i++ )
        if ( built[i] )
        {
            domain_unpause(built[i]);
            started++;
        }
    printk("Dom0less: %u of %u domain(s) started\n", started, nr);
    vpl011_console_announce();
    xfree(bad);
    xfree(built);
    xfree(doms);
}
