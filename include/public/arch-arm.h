/* SPDX-License-Identifier: MIT */
/*
 * The Arm half of the guest ABI (AArch64 and AArch32 guests), as in Xen 4.17.
 * Included by xen.h; include that instead.
 *
 * Calling convention
 *   A hypercall is "HVC #XEN_HYPERCALL_TAG".  The hypercall number goes in
 *   x16 (AArch32: r12) and up to five arguments in x0..x4 (r0..r4); the
 *   result comes back in x0 (r0), a negative value being -errno (errno.h).
 *   The call may clobber x16 and every argument register it takes besides
 *   x0 (a 3-argument call: x1 and x2); all other registers are preserved.
 *   HVC with another immediate is not a Xen call (HVC #0 is SMCCC/PSCI).
 *
 * Memory
 *   Pointers passed to hypercalls, in registers or inside structures, are
 *   guest virtual addresses.  Frame numbers are guest frame numbers of
 *   4 KiB, whatever page size the guest uses.  Structures are little-endian
 *   and laid out by AAPCS64, for AArch32 guests too.  Everything shared with
 *   the hypervisor or another domain (hypercall arguments, shared_info,
 *   vcpu_info, the grant table, rings, granted pages) must be mapped Normal
 *   Inner and Outer Write-Back, Inner Shareable.
 *
 * What an Arm guest uses
 *   There is no start_info page.  The guest maps shared_info with
 *   XENMEM_add_to_physmap(XENMAPSPACE_shared_info) and every vCPU, vCPU 0
 *   included, registers its vcpu_info with VCPUOP_register_vcpu_info.  The
 *   grant table is mapped with XENMEM_add_to_physmap(XENMAPSPACE_grant_table)
 *   into the window the device tree's /hypervisor node gives in "reg"; the
 *   event-channel upcall is the per-CPU interrupt in its "interrupts".  The
 *   xenstore and console rings and event channels are read with
 *   HVMOP_get_param (HVM_PARAM_STORE_*, HVM_PARAM_CONSOLE_*).
 *   Of the per-area operations only these exist on Arm: physdev_op
 *   pci_device_add/remove; hvm_op set_param/get_param; vcpu_op
 *   register_vcpu_info and register_runstate_memory_area.  SCHEDOP_block
 *   works but WFI is preferred.
 */
#ifndef __XEN_PUBLIC_ARCH_ARM_H__
#define __XEN_PUBLIC_ARCH_ARM_H__

#include "xen-compat.h"

/* Immediate of the HVC instruction that makes a hypercall (ESR ISS). */
#define XEN_HYPERCALL_TAG   0XEA1

/* 64-bit integers are 8-aligned in the ABI, for AArch32 guests too. */
#define  int64_aligned_t  int64_t __attribute__((aligned(8)))
#define uint64_aligned_t uint64_t __attribute__((aligned(8)))

#ifndef __ASSEMBLY__

/*
 * Guest handles: a guest pointer, typed for the guest's convenience.
 * Inside a structure (XEN_GUEST_HANDLE) a handle is always 8 bytes and
 * 8-aligned; as a hypercall argument (XEN_GUEST_HANDLE_PARAM) it is a
 * register, 8 bytes on arm64 and 4 on arm32.  The hypervisor reads the
 * address from q, never dereferences p.
 */
#define ___DEFINE_XEN_GUEST_HANDLE(name, type)                              \
    typedef union { type *p; unsigned long q; } __guest_handle_ ## name;    \
    typedef union { type *p; uint64_aligned_t q; } __guest_handle_64_ ## name

#define __DEFINE_XEN_GUEST_HANDLE(name, type)                               \
    ___DEFINE_XEN_GUEST_HANDLE(name, type);                                 \
    ___DEFINE_XEN_GUEST_HANDLE(const_ ## name, const type)
#define DEFINE_XEN_GUEST_HANDLE(name)   __DEFINE_XEN_GUEST_HANDLE(name, name)
#define __XEN_GUEST_HANDLE(name)        __guest_handle_64_ ## name
#define XEN_GUEST_HANDLE(name)          __XEN_GUEST_HANDLE(name)
#define XEN_GUEST_HANDLE_PARAM(name)    __guest_handle_ ## name

/* Clear the whole 64 bits first: on arm32 the pointer fills only half. */
#define set_xen_guest_handle_raw(hnd, val)                                  \
    do {                                                                    \
        __typeof__(&(hnd)) xen_sgh_ = &(hnd);                               \
        xen_sgh_->q = 0;                                                    \
        xen_sgh_->p = (val);                                                \
    } while ( 0 )
#define set_xen_guest_handle(hnd, val) set_xen_guest_handle_raw(hnd, val)

/* A guest frame number (4 KiB frames). */
typedef uint64_t xen_pfn_t;
#define PRI_xen_pfn  PRIx64
#define PRIu_xen_pfn PRIu64

/* shared_info has a vcpu_info slot for vCPU 0 only; see above. */
#define XEN_LEGACY_MAX_VCPUS 1

/* The ABI's "long": 64 bits for every Arm guest. */
typedef uint64_t xen_ulong_t;
#define PRI_xen_ulong PRIx64

/* Arm keeps no per-vCPU or per-domain state in the shared pages. */
XEN_PUBLIC_EXTENSION struct arch_vcpu_info {
};
typedef struct arch_vcpu_info arch_vcpu_info_t;

XEN_PUBLIC_EXTENSION struct arch_shared_info {
};
typedef struct arch_shared_info arch_shared_info_t;

typedef uint64_t xen_callback_t;

/* Stand-in for the x86 performance-monitoring state (pmu.h). */
typedef struct xen_pmu_arch { uint8_t dummy; } xen_pmu_arch_t;

#ifdef XEN_PUBLIC_TOOLS_VISIBLE

/*
 * One register of vcpu_guest_core_regs: the AArch64 name, and with GNU C
 * also the AArch32 register that is banked into it.
 */
#if defined(__GNUC__) && !defined(__STRICT_ANSI__)
#define XEN_ARM_REG(name64, name32) \
    union { uint64_t name64; uint32_t name32; }
#else
#define XEN_ARM_REG(name64, name32) uint64_t name64
#endif

/* The general registers of a vCPU, as the toolstack sets and gets them. */
struct vcpu_guest_core_regs
{
    /*          AArch64  AArch32 */
    XEN_ARM_REG(x0,      r0_usr);
    XEN_ARM_REG(x1,      r1_usr);
    XEN_ARM_REG(x2,      r2_usr);
    XEN_ARM_REG(x3,      r3_usr);
    XEN_ARM_REG(x4,      r4_usr);
    XEN_ARM_REG(x5,      r5_usr);
    XEN_ARM_REG(x6,      r6_usr);
    XEN_ARM_REG(x7,      r7_usr);
    XEN_ARM_REG(x8,      r8_usr);
    XEN_ARM_REG(x9,      r9_usr);
    XEN_ARM_REG(x10,     r10_usr);
    XEN_ARM_REG(x11,     r11_usr);
    XEN_ARM_REG(x12,     r12_usr);
    XEN_ARM_REG(x13,     sp_usr);
    XEN_ARM_REG(x14,     lr_usr);
    XEN_ARM_REG(x15,     __unused_sp_hyp);
    XEN_ARM_REG(x16,     lr_irq);
    XEN_ARM_REG(x17,     sp_irq);
    XEN_ARM_REG(x18,     lr_svc);
    XEN_ARM_REG(x19,     sp_svc);
    XEN_ARM_REG(x20,     lr_abt);
    XEN_ARM_REG(x21,     sp_abt);
    XEN_ARM_REG(x22,     lr_und);
    XEN_ARM_REG(x23,     sp_und);
    XEN_ARM_REG(x24,     r8_fiq);
    XEN_ARM_REG(x25,     r9_fiq);
    XEN_ARM_REG(x26,     r10_fiq);
    XEN_ARM_REG(x27,     r11_fiq);
    XEN_ARM_REG(x28,     r12_fiq);
    XEN_ARM_REG(x29,     sp_fiq);
    XEN_ARM_REG(x30,     lr_fiq);

    XEN_ARM_REG(pc64,    pc32);     /* where the vCPU resumes (ELR_EL2) */
    uint64_t cpsr;                  /* its PSTATE (SPSR_EL2) */

    union {
        uint64_t spsr_el1;          /* AArch64 guests */
        uint32_t spsr_svc;          /* AArch32 guests */
    };

    /* The other AArch32 banked SPSRs. */
    uint32_t spsr_fiq, spsr_irq, spsr_und, spsr_abt;

    /* AArch64 guests only. */
    uint64_t sp_el0;
    uint64_t sp_el1, elr_el1;
};
typedef struct vcpu_guest_core_regs vcpu_guest_core_regs_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_guest_core_regs_t);

#undef XEN_ARM_REG

/* A vCPU's state for VCPUOP_initialise and the get/setvcpucontext domctls. */
struct vcpu_guest_context {
#define _VGCF_online                   0
#define VGCF_online                    (1 << _VGCF_online)
    uint32_t flags;                         /* VGCF_* */

    struct vcpu_guest_core_regs user_regs;

    uint64_t sctlr;
    uint64_t ttbcr, ttbr0, ttbr1;
};
typedef struct vcpu_guest_context vcpu_guest_context_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_guest_context_t);

/* Arm part of XEN_DOMCTL_createdomain; versioned with the domctl interface. */
#define XEN_DOMCTL_CONFIG_GIC_NATIVE    0
#define XEN_DOMCTL_CONFIG_GIC_V2        1
#define XEN_DOMCTL_CONFIG_GIC_V3        2

#define XEN_DOMCTL_CONFIG_TEE_NONE      0
#define XEN_DOMCTL_CONFIG_TEE_OPTEE     1

struct xen_arch_domainconfig {
    uint8_t gic_version;        /* IN/OUT: XEN_DOMCTL_CONFIG_GIC_* */
    uint16_t tee_type;          /* IN: XEN_DOMCTL_CONFIG_TEE_* */
    uint32_t nr_spis;           /* IN */
    /*
     * OUT: the host timer node's "clock-frequency" (0 if it has none), to
     * be repeated in the guest's device tree because CNTFRQ cannot be
     * trapped.
     */
    uint32_t clock_frequency;
};

#ifdef XEN_PUBLIC_LP64
XEN_PUBLIC_SIZE(struct vcpu_guest_core_regs, 312);
XEN_PUBLIC_OFFSET(struct vcpu_guest_core_regs, x30, 240);
XEN_PUBLIC_OFFSET(struct vcpu_guest_core_regs, pc64, 248);
XEN_PUBLIC_OFFSET(struct vcpu_guest_core_regs, cpsr, 256);
XEN_PUBLIC_OFFSET(struct vcpu_guest_core_regs, spsr_el1, 264);
XEN_PUBLIC_OFFSET(struct vcpu_guest_core_regs, spsr_fiq, 272);
XEN_PUBLIC_OFFSET(struct vcpu_guest_core_regs, spsr_abt, 284);
XEN_PUBLIC_OFFSET(struct vcpu_guest_core_regs, sp_el0, 288);
XEN_PUBLIC_OFFSET(struct vcpu_guest_core_regs, elr_el1, 304);
XEN_PUBLIC_SIZE(struct vcpu_guest_context, 352);
XEN_PUBLIC_OFFSET(struct vcpu_guest_context, user_regs, 8);
XEN_PUBLIC_OFFSET(struct vcpu_guest_context, sctlr, 320);
XEN_PUBLIC_OFFSET(struct vcpu_guest_context, ttbr1, 344);
XEN_PUBLIC_SIZE(struct xen_arch_domainconfig, 12);
XEN_PUBLIC_OFFSET(struct xen_arch_domainconfig, tee_type, 2);
XEN_PUBLIC_OFFSET(struct xen_arch_domainconfig, nr_spis, 4);
XEN_PUBLIC_OFFSET(struct xen_arch_domainconfig, clock_frequency, 8);
#endif

#endif /* XEN_PUBLIC_TOOLS_VISIBLE */

#ifdef XEN_PUBLIC_LP64
XEN_PUBLIC_SIZE(xen_pmu_arch_t, 1);
#endif

#endif /* !__ASSEMBLY__ */

#ifdef XEN_PUBLIC_TOOLS_VISIBLE

/* PSTATE/SPSR bits. */
#define PSR_THUMB       (1 << 5)        /* AArch32: Thumb state */
#define PSR_FIQ_MASK    (1 << 6)        /* F: FIQ masked */
#define PSR_IRQ_MASK    (1 << 7)        /* I: IRQ masked */
#define PSR_ABT_MASK    (1 << 8)        /* A: SError masked */
#define PSR_BIG_ENDIAN  (1 << 9)        /* AArch32: E, big-endian data */
#define PSR_DBG_MASK    (1 << 9)        /* AArch64: D, debug masked */
#define PSR_IT_MASK     (0x0600fc00)    /* AArch32: If-Then state */
#define PSR_JAZELLE     (1 << 24)       /* AArch32: Jazelle state */
#define PSR_Z           (1 << 30)       /* Z flag */

/* AArch32 modes (PSR_MODE_BIT set). */
#define PSR_MODE_USR 0x10
#define PSR_MODE_FIQ 0x11
#define PSR_MODE_IRQ 0x12
#define PSR_MODE_SVC 0x13
#define PSR_MODE_MON 0x16
#define PSR_MODE_ABT 0x17
#define PSR_MODE_HYP 0x1a
#define PSR_MODE_UND 0x1b
#define PSR_MODE_SYS 0x1f

/* AArch64 exception levels: "t" runs on SP_EL0, "h" on its own SP_ELx. */
#define PSR_MODE_BIT  0x10              /* set for AArch32 modes */
#define PSR_MODE_EL3h 0x0d
#define PSR_MODE_EL3t 0x0c
#define PSR_MODE_EL2h 0x09
#define PSR_MODE_EL2t 0x08
#define PSR_MODE_EL1h 0x05
#define PSR_MODE_EL1t 0x04
#define PSR_MODE_EL0t 0x00

/*
 * A new vCPU starts in the kernel mode with A, I and F masked (not D).
 * AArch32 also sets Z: some old Linux zImages begin with NOPs encoded as
 * conditional instructions that only behave as NOPs with Z set.
 */
#define PSR_GUEST32_INIT \
    (PSR_Z | PSR_ABT_MASK | PSR_FIQ_MASK | PSR_IRQ_MASK | PSR_MODE_SVC)
#define PSR_GUEST64_INIT \
    (PSR_ABT_MASK | PSR_FIQ_MASK | PSR_IRQ_MASK | PSR_MODE_EL1h)

/* SCTLR_EL1 of a new vCPU: MMU and caches off, RES1 bits set. */
#define SCTLR_GUEST_INIT    xen_mk_ullong(0x00c50078)

/*
 * The guest physical memory map and interrupt numbers the toolstack and the
 * hypervisor agree on.  A guest learns them from its device tree and must
 * not hard-code them.
 */

#define GUEST_VIRTIO_MMIO_BASE   xen_mk_ullong(0x02000000)
#define GUEST_VIRTIO_MMIO_SIZE   xen_mk_ullong(0x00100000)

/* Virtual GIC: a guest has either the v2 or the v3 layout, so they overlap. */
#define GUEST_GICD_BASE   xen_mk_ullong(0x03001000)     /* GICv2 */
#define GUEST_GICD_SIZE   xen_mk_ullong(0x00001000)
#define GUEST_GICC_BASE   xen_mk_ullong(0x03002000)
#define GUEST_GICC_SIZE   xen_mk_ullong(0x00002000)

#define GUEST_GICV3_GICD_BASE      xen_mk_ullong(0x03001000)
#define GUEST_GICV3_GICD_SIZE      xen_mk_ullong(0x00010000)

#define GUEST_GICV3_RDIST_REGIONS  1

/* 128 KiB of redistributor per vCPU: room for GUEST_MAX_VCPUS. */
#define GUEST_GICV3_GICR0_BASE     xen_mk_ullong(0x03020000)
#define GUEST_GICV3_GICR0_SIZE     xen_mk_ullong(0x01000000)

/* PCI ECAM: 256 buses x 32 devices x 8 functions x 4 KiB. */
#define GUEST_VPCI_ECAM_BASE    xen_mk_ullong(0x10000000)
#define GUEST_VPCI_ECAM_SIZE    xen_mk_ullong(0x10000000)

/* Where the ACPI tables of an ACPI guest go. */
#define GUEST_ACPI_BASE xen_mk_ullong(0x20000000)
#define GUEST_ACPI_SIZE xen_mk_ullong(0x02000000)

/* The emulated SBSA UART (vpl011); its interrupt is GUEST_VPL011_SPI. */
#define GUEST_PL011_BASE    xen_mk_ullong(0x22000000)
#define GUEST_PL011_SIZE    xen_mk_ullong(0x00001000)

/* PCI memory windows: the "ranges" space code and the address range. */
#define GUEST_VPCI_ADDR_TYPE_MEM            xen_mk_ullong(0x02000000)
#define GUEST_VPCI_MEM_ADDR                 xen_mk_ullong(0x23000000)
#define GUEST_VPCI_MEM_SIZE                 xen_mk_ullong(0x10000000)

/* Window for the grant table: 16 MiB, 4096 frames. */
#define GUEST_GNTTAB_BASE xen_mk_ullong(0x38000000)
#define GUEST_GNTTAB_SIZE xen_mk_ullong(0x01000000)

/* Pages the toolstack sets up (console, xenstore ...), not listed as RAM. */
#define GUEST_MAGIC_BASE  xen_mk_ullong(0x39000000)
#define GUEST_MAGIC_SIZE  xen_mk_ullong(0x01000000)

/*
 * Two RAM banks, 3 GiB at 1 GiB and 1016 GiB at 8 GiB.  Extended regions
 * (unused guest physical space offered to the guest) are carved from the
 * parts of these banks that hold no RAM.
 */
#define GUEST_RAM_BANKS   2

#define GUEST_RAM0_BASE   xen_mk_ullong(0x40000000)
#define GUEST_RAM0_SIZE   xen_mk_ullong(0xc0000000)

#define GUEST_VPCI_ADDR_TYPE_PREFETCH_MEM   xen_mk_ullong(0x42000000)
#define GUEST_VPCI_PREFETCH_MEM_ADDR        xen_mk_ullong(0x100000000)
#define GUEST_VPCI_PREFETCH_MEM_SIZE        xen_mk_ullong(0x100000000)

#define GUEST_RAM1_BASE   xen_mk_ullong(0x0200000000)
#define GUEST_RAM1_SIZE   xen_mk_ullong(0xfe00000000)

#define GUEST_RAM_BASE    GUEST_RAM0_BASE               /* lowest RAM */
#define GUEST_RAM_MAX     (GUEST_RAM0_SIZE + GUEST_RAM1_SIZE)
/* Array initialisers, bank by bank. */
#define GUEST_RAM_BANK_BASES   { GUEST_RAM0_BASE, GUEST_RAM1_BASE }
#define GUEST_RAM_BANK_SIZES   { GUEST_RAM0_SIZE, GUEST_RAM1_SIZE }

#define GUEST_MAX_VCPUS 128

/* Interrupt IDs (GIC INTIDs). */
#define GUEST_TIMER_VIRT_PPI    27
#define GUEST_TIMER_PHYS_S_PPI  29
#define GUEST_TIMER_PHYS_NS_PPI 30
#define GUEST_EVTCHN_PPI        31      /* the event-channel upcall */

#define GUEST_VPL011_SPI        32

#define GUEST_VIRTIO_MMIO_SPI_FIRST   33
#define GUEST_VIRTIO_MMIO_SPI_LAST    43

/* PSCI 0.1 function numbers, as the guest device tree's /psci lists them. */
#define PSCI_cpu_suspend 0
#define PSCI_cpu_off     1
#define PSCI_cpu_on      2
#define PSCI_migrate     3

#endif /* XEN_PUBLIC_TOOLS_VISIBLE */

#endif /* __XEN_PUBLIC_ARCH_ARM_H__ */
