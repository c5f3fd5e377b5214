/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The host device tree, read through libfdt.  Nodes are libfdt offsets.
 * Drivers register with DT_DEVICE() and are probed by class: the core asks
 * for "the serial port at this path" or "the interrupt controller" and the
 * driver whose compatible list matches the node gets it.
 */
#ifndef XENITH_DEVICE_TREE_H
#define XENITH_DEVICE_TREE_H

#include <xenith/lib.h>

/* The flattened host device tree, mapped for the hypervisor's lifetime. */
extern const void *host_fdt;

enum dt_device_class {
    DT_DEV_SERIAL,
    DT_DEV_GIC,
    DT_DEV_TIMER,
};

struct dt_device {
    const char *name;
    enum dt_device_class class;
    const char *const *compatible;      /* NULL-terminated */
    int (*init)(int node);              /* 0 or -errno */
};

#define DT_DEVICE(_id, _name, _class, _compat, _init)                       \
    static const struct dt_device __used __aligned(8)                       \
    __section("xenith_dt_devices") __dt_device_##_id = {                    \
        .name = _name, .class = _class, .compatible = _compat,              \
        .init = _init }

/* An interrupt as the GIC binding describes it. */
struct dt_irq {
    unsigned int intid;         /* GIC interrupt ID: PPI 16-31, SPI 32+ */
    bool level;                 /* level-sensitive (else edge) */
};

/*
 * Index host_fdt (one walk) so that the helpers below stop walking it from
 * its start; called whenever host_fdt is set.  Without it they use libfdt.
 */
void dt_index_build(void);

bool dt_node_is_compatible(int node, const char *compat);
bool dt_node_is_available(int node);            /* status absent or "okay" */
bool dt_node_is_type(int node, const char *type);       /* device_type */
int dt_find_compatible(int from, const char *compat);   /* -1: none */
int dt_find_phandle(uint32_t phandle);                  /* -1: none */
int dt_parent(int node);                                /* -1: root */
/* Children of @parent in tree order; -1 after the last. */
int dt_first_child(int parent);
int dt_next_sibling(int node);
#define dt_for_each_child(node, parent)                                     \
    for ( (node) = dt_first_child(parent); (node) >= 0;                     \
          (node) = dt_next_sibling(node) )
/* A path or an /aliases name ("serial0"), up to an optional ':' */
int dt_lookup(const char *path_or_alias);
int dt_read_u32(int node, const char *prop, uint32_t *out);
const char *dt_read_string(int node, const char *prop);
/* Entry @index of "reg", with the parent's #address-cells/#size-cells. */
int dt_read_reg(int node, unsigned int index, paddr_t *addr, paddr_t *size);
int dt_nr_reg(int node);
/* Entry @index of "interrupts" (GIC three-cell binding). */
int dt_read_irq(int node, unsigned int index, struct dt_irq *irq);
/* Read a cells-wide big-endian number at @cell and advance it. */
uint64_t dt_next_cells(const uint32_t **cell, unsigned int cells);

/* Probe @node with the first driver of @class that matches it. */
int dt_device_probe(int node, enum dt_device_class class);
/* Probe the first available node that some driver of @class matches. */
int dt_device_probe_class(enum dt_device_class class);

#endif /* XENITH_DEVICE_TREE_H */
