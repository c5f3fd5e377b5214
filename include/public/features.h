/* SPDX-License-Identifier: MIT */
/*
 * Feature bits reported by XENVER_get_features (version.h), as in Xen 4.17.
 * XENFEAT_n is bit n % 32 of submap n / 32.  The same names, without the
 * prefix, are used in a kernel's XEN_ELFNOTE_FEATURES note.
 *
 * What Xen 4.17 reports on Arm: writable_page_tables,
 * auto_translated_physmap, memory_op_vnode_supported, ARM_SMCCC_supported,
 * dom0 for the hardware domain, and exactly one of direct_mapped (dom0)
 * or not_direct_mapped (other domains).
 */
#ifndef __XEN_PUBLIC_FEATURES_H__
#define __XEN_PUBLIC_FEATURES_H__

/* The guest may write its page tables directly (no pinning, x86 PV). */
#define XENFEAT_writable_page_tables       0

/* The guest may write its descriptor tables directly (x86 PV). */
#define XENFEAT_writable_descriptor_tables 1

/*
 * The hypervisor translates guest frame numbers (stage 2 on Arm): the guest
 * never deals with machine frames.
 */
#define XENFEAT_auto_translated_physmap    2

/* The guest kernel runs in supervisor mode (x86 ring 0). */
#define XENFEAT_supervisor_mode_kernel     3

/* x86 PAE page directories need not sit below 4 GiB. */
#define XENFEAT_pae_pgdir_above_4gb        4

/* x86: MMU_PT_UPDATE_PRESERVE_AD is available. */
#define XENFEAT_mmu_pt_update_preserve_ad  5

/* x86: MMUEXT_CLEAR_PAGE and MMUEXT_COPY_PAGE are available. */
#define XENFEAT_highmem_assist             6

/* Map requests may carry GNTMAP_guest_avail bits for the guest's PTEs. */
#define XENFEAT_gnttab_map_avail_bits      7

/* x86: HVM_PARAM_CALLBACK_IRQ may name a vector. */
#define XENFEAT_hvm_callback_vector        8

/* x86: the pvclock of an HVM guest is safe to use. */
#define XENFEAT_hvm_safe_pvclock           9

/* x86: HVM guests may use PIRQs. */
#define XENFEAT_hvm_pirqs                 10

/* This domain is dom0 (on Arm the only way a guest learns it). */
#define XENFEAT_dom0                      11

/* Bit 12 (grant_map_identity) is withdrawn and must not be used. */

/* XENMEMF_vnode may be passed to the memory reservation calls. */
#define XENFEAT_memory_op_vnode_supported 13

/* Arm: the SMC Calling Convention is available (through HVC #0). */
#define XENFEAT_ARM_SMCCC_supported       14

/* x86 PVH Linux: the ACPI RSDP may live above 1 MiB. */
#define XENFEAT_linux_rsdp_unrestricted   15

/*
 * Whether guest frame numbers equal machine frame numbers (a "direct
 * mapped" domain).  One of the two is set.  If neither is (older Xen), a
 * guest assumes: x86 PV direct, x86 translated not, Arm dom0 direct and
 * other Arm domains not.
 */
#define XENFEAT_not_direct_mapped         16
#define XENFEAT_direct_mapped             17

/* Number of 32-bit submaps XENVER_get_features accepts. */
#define XENFEAT_NR_SUBMAPS 1

#endif /* __XEN_PUBLIC_FEATURES_H__ */
