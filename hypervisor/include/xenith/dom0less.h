/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Dom0less: the domains the boot device tree describes under /chosen with
 * compatible = "xen,domain", read with Xen 4.17's bindings (Xen's
 * docs/misc/arm/device-tree/booting.txt): memory (KiB), cpus, vpl011,
 * nr_spis, xen,enhanced, and module sub-nodes for the kernel, the ramdisk
 * and a partial device tree.  Reading a node only checks and records what
 * it says; building the domain is domain_build.c's job.
 */
#ifndef XENITH_DOM0LESS_H
#define XENITH_DOM0LESS_H

#include <xenith/types.h>
#include <public/xen.h>

/* A blob the boot loader left in RAM for a domain (a multiboot,module node). */
struct dom0less_module {
    paddr_t start;
    paddr_t size;               /* 0: no such module */
    int node;                   /* its node in the host device tree */
};

/* What "xen,enhanced" asks for (Xen 4.17's three cases). */
enum dom0less_enhanced {
    DOM0LESS_PLAIN,             /* absent or "disabled": the guest sees no Xen */
    DOM0LESS_ENHANCED,          /* "enabled", empty or unreadable: PV + xenstore */
    DOM0LESS_ENHANCED_NO_XS,    /* "no-xenstore": PV interfaces, no xenstore */
};

/* nr_spis when the node does not say: the host GIC's, at least the vPL011's. */
#define DOM0LESS_NR_SPIS_DEFAULT    (~0U)

struct dom0less_domain {
    domid_t domid;
    int node;                   /* the xen,domain node */
    const char *name;           /* its name, e.g. "domU1" */
    uint64_t memory_kib;
    unsigned int cpus;
    unsigned int nr_spis;       /* or DOM0LESS_NR_SPIS_DEFAULT */
    bool vpl011;
    enum dom0less_enhanced enhanced;
    unsigned int max_grant_frames;  /* max_grant_frames; 0: absent */
    struct dom0less_module kernel;
    struct dom0less_module ramdisk;
    struct dom0less_module dtb; /* partial device tree to merge */
    const char *bootargs;       /* the guest's command line, or NULL */
};

/*
 * The xen,domain nodes of the host device tree (host_fdt), in device-tree
 * order, which is the order of their domain ids (1, 2, ...) as in Xen:
 * the first after @prev (-1: the first one); -1 when there are no more.
 */
int dom0less_next_domain_node(int prev);
unsigned int dom0less_nr_domains(void);

/*
 * Read the xen,domain node @node as domain @domid into @dom.  Returns 0,
 * or -errno after printing, as "d<domid>: ...", what is wrong with it.
 */
int dom0less_parse_domain(int node, domid_t domid, struct dom0less_domain *dom);

/*
 * Modules of different domains (or of one) that share bytes: each domain
 * with such a module is refused (@bad[i] set, a message printed for each
 * pair), since one of the blobs must have been overwritten by the other.
 */
void dom0less_check_overlaps(const struct dom0less_domain *doms, unsigned int nr,
                             bool *bad);

/*
 * Assign to @d the host devices the /passthrough node of its partial
 * device tree @pfdt names (xen,reg, xen,path, xen,force-assign-without-iommu:
 * common/device-tree/passthrough.c): map their MMIO, route their SPIs.
 * 0, or -errno after saying, as "d<id>: passthrough node <name>: ...",
 * what is wrong; what was done stays until the domain is destroyed.
 */
struct domain;
int dom0less_assign_devices(struct domain *d, const void *pfdt);

/*
 * Connect the static event channels (xen,evtchn-v1 sub-nodes) of the built
 * domains @built[i] of @doms[i] (NULL: not built), before they start
 * (common/device-tree/static_evtchn.c).  A domain whose channels are wrong
 * is destroyed, said, and its @built entry set to NULL.
 */
void static_evtchn_setup(const struct dom0less_domain *doms, struct domain **built,
                         unsigned int nr_doms);

/* Build and start every domain of /chosen (arch domain_build.c). */
void create_dom0less_domains(void);

#endif /* XENITH_DOM0LESS_H */
