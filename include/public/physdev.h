/* SPDX-License-Identifier: MIT */
/*
 * physdev_op(cmd, arg): physical devices and interrupts (Xen 4.17).
 * On Arm only PHYSDEVOP_pci_device_add and PHYSDEVOP_pci_device_remove
 * exist (and only in builds with PCI passthrough); the other operations
 * are x86's and their structures are not described here.
 */
#ifndef __XEN_PUBLIC_PHYSDEV_H__
#define __XEN_PUBLIC_PHYSDEV_H__

#include "xen.h"

#define PHYSDEVOP_IRQ_UNMASK_NOTIFY      4  /* obsolete since 0x00030202 */
#define PHYSDEVOP_irq_status_query       5
#define PHYSDEVOP_set_iopl               6
#define PHYSDEVOP_set_iobitmap           7
#define PHYSDEVOP_apic_read              8
#define PHYSDEVOP_apic_write             9
#define PHYSDEVOP_alloc_irq_vector      10
#define PHYSDEVOP_free_irq_vector       11
#define PHYSDEVOP_eoi                   12
#define PHYSDEVOP_map_pirq              13
#define PHYSDEVOP_unmap_pirq            14
#define PHYSDEVOP_manage_pci_add        15
#define PHYSDEVOP_manage_pci_remove     16
#define PHYSDEVOP_pirq_eoi_gmfn_v1      17
#define PHYSDEVOP_restore_msi           19
#define PHYSDEVOP_manage_pci_add_ext    20
#define PHYSDEVOP_setup_gsi             21
#define PHYSDEVOP_get_free_pirq         23
#define PHYSDEVOP_pci_mmcfg_reserved    24
#define PHYSDEVOP_pci_device_add        25
#define PHYSDEVOP_pci_device_remove     26
#define PHYSDEVOP_restore_msi_ext       27
#define PHYSDEVOP_pirq_eoi_gmfn_v2      28
#define PHYSDEVOP_dbgp_op               29
#define PHYSDEVOP_prepare_msix          30
#define PHYSDEVOP_release_msix          31

/* PHYSDEVOP_irq_status_query flags. */
#define _XENIRQSTAT_needs_eoi   (0)
#define  XENIRQSTAT_needs_eoi   (1U << _XENIRQSTAT_needs_eoi)
#define _XENIRQSTAT_shared      (1)
#define  XENIRQSTAT_shared      (1U << _XENIRQSTAT_shared)

/* PHYSDEVOP_map_pirq types. */
#define MAP_PIRQ_TYPE_MSI               0x0
#define MAP_PIRQ_TYPE_GSI               0x1
#define MAP_PIRQ_TYPE_UNKNOWN           0x2
#define MAP_PIRQ_TYPE_MSI_SEG           0x3
#define MAP_PIRQ_TYPE_MULTI_MSI         0x4

/*
 * PHYSDEVOP_manage_pci_add/remove: a PCI device of segment 0 appeared or
 * went away (the older form of pci_device_add/remove).
 */
struct physdev_manage_pci {
    /* IN */
    uint8_t bus;
    uint8_t devfn;
};
typedef struct physdev_manage_pci physdev_manage_pci_t;
DEFINE_XEN_GUEST_HANDLE(physdev_manage_pci_t);

/* PHYSDEVOP_manage_pci_add_ext: the same with SR-IOV details. */
struct physdev_manage_pci_ext {
    /* IN */
    uint8_t bus;
    uint8_t devfn;
    uint32_t is_extfn;
    uint32_t is_virtfn;
    struct {
        uint8_t bus;
        uint8_t devfn;
    } physfn;                       /* the physical function of a VF */
};
typedef struct physdev_manage_pci_ext physdev_manage_pci_ext_t;
DEFINE_XEN_GUEST_HANDLE(physdev_manage_pci_ext_t);

/* physdev_pci_device_add.flags */
#define XEN_PCI_DEV_EXTFN              0x1  /* an ARI extended function */
#define XEN_PCI_DEV_VIRTFN             0x2  /* an SR-IOV virtual function */
#define XEN_PCI_DEV_PXM                0x4  /* optarr[0] is its proximity */

/* PHYSDEVOP_pci_device_add: dom0 reports a PCI device it found. */
XEN_PUBLIC_EXTENSION struct physdev_pci_device_add {
    /* IN */
    uint16_t seg;
    uint8_t bus;
    uint8_t devfn;
    uint32_t flags;                 /* XEN_PCI_DEV_* */
    struct {
        uint8_t bus;
        uint8_t devfn;
    } physfn;                       /* with XEN_PCI_DEV_VIRTFN */
    /* Optional values; [0] is the ACPI proximity domain with _PXM. */
    uint32_t optarr[XEN_FLEX_ARRAY_DIM];
};
typedef struct physdev_pci_device_add physdev_pci_device_add_t;
DEFINE_XEN_GUEST_HANDLE(physdev_pci_device_add_t);

/* PHYSDEVOP_pci_device_remove (and others): one PCI function. */
struct physdev_pci_device {
    /* IN */
    uint16_t seg;
    uint8_t bus;
    uint8_t devfn;
};
typedef struct physdev_pci_device physdev_pci_device_t;
DEFINE_XEN_GUEST_HANDLE(physdev_pci_device_t);

#if __XEN_INTERFACE_VERSION__ < 0x00040600
/* Capitalised names of interfaces before 0x00030202. */
#define PHYSDEVOP_IRQ_STATUS_QUERY       PHYSDEVOP_irq_status_query
#define PHYSDEVOP_SET_IOPL               PHYSDEVOP_set_iopl
#define PHYSDEVOP_SET_IOBITMAP           PHYSDEVOP_set_iobitmap
#define PHYSDEVOP_APIC_READ              PHYSDEVOP_apic_read
#define PHYSDEVOP_APIC_WRITE             PHYSDEVOP_apic_write
#define PHYSDEVOP_ASSIGN_VECTOR          PHYSDEVOP_alloc_irq_vector
#define PHYSDEVOP_FREE_VECTOR            PHYSDEVOP_free_irq_vector
#define PHYSDEVOP_IRQ_NEEDS_UNMASK_NOTIFY XENIRQSTAT_needs_eoi
#define PHYSDEVOP_IRQ_SHARED             XENIRQSTAT_shared
#endif

#if __XEN_INTERFACE_VERSION__ < 0x00040200
#define PHYSDEVOP_pirq_eoi_gmfn PHYSDEVOP_pirq_eoi_gmfn_v1
#else
#define PHYSDEVOP_pirq_eoi_gmfn PHYSDEVOP_pirq_eoi_gmfn_v2
#endif

#ifdef XEN_PUBLIC_LP64
XEN_PUBLIC_SIZE(struct physdev_manage_pci, 2);
XEN_PUBLIC_SIZE(struct physdev_manage_pci_ext, 16);
XEN_PUBLIC_OFFSET(struct physdev_manage_pci_ext, is_extfn, 4);
XEN_PUBLIC_OFFSET(struct physdev_manage_pci_ext, physfn, 12);
XEN_PUBLIC_OFFSET(struct physdev_pci_device_add, flags, 4);
XEN_PUBLIC_OFFSET(struct physdev_pci_device_add, physfn, 8);
XEN_PUBLIC_OFFSET(struct physdev_pci_device_add, optarr, 12);
XEN_PUBLIC_SIZE(struct physdev_pci_device, 4);
#endif

#endif /* __XEN_PUBLIC_PHYSDEV_H__ */
