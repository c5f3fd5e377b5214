/* SPDX-License-Identifier: MIT */
/*
 * Parameters of a domain, read and set with HVMOP_get_param and
 * HVMOP_set_param (hvm_op.h), Xen 4.17 numbering.  On Arm a guest reads
 * CALLBACK_IRQ, STORE_* and CONSOLE_*; the toolstack sets them.
 */
#ifndef __XEN_PUBLIC_HVM_PARAMS_H__
#define __XEN_PUBLIC_HVM_PARAMS_H__

#include "hvm_op.h"

#ifdef XEN_PUBLIC_TOOLS_VISIBLE
/* Withdrawn: these numbers mean nothing any more. */
#define HVM_PARAM_PAE_ENABLED                4
#define HVM_PARAM_DM_DOMAIN                 13
#define HVM_PARAM_MEMORY_EVENT_CR0          20
#define HVM_PARAM_MEMORY_EVENT_CR3          21
#define HVM_PARAM_MEMORY_EVENT_CR4          22
#define HVM_PARAM_MEMORY_EVENT_INT3         23
#define HVM_PARAM_NESTEDHVM                 24
#define HVM_PARAM_MEMORY_EVENT_SINGLE_STEP  25
#define HVM_PARAM_BUFIOREQ_EVTCHN           26
#define HVM_PARAM_MEMORY_EVENT_MSR          30
#endif

/*
 * How event-channel upcalls reach the guest.  0: they do not.  Otherwise
 * bits 63-56 hold the type and the rest depends on it:
 *   GSI:      bits 55-0 are the GSI (not 0).
 *   PCI_INTX: bits 47-32 PCI segment, 31-16 bus, 15-8 devfn, 1-0 INTx pin.
 *   PPI (Arm): bits 55-16 are 0; bits 15-8 are flags (bit 8 set: edge,
 *     clear: level; bit 9 set: active low, clear: active high); bits 7-0
 *     are the PPI's INTID.  A domU gets 0x020000000000021f: PPI 31, level,
 *     active low.  Masking and EOI go through the GIC.
 */
#define HVM_PARAM_CALLBACK_IRQ 0
#define HVM_PARAM_CALLBACK_IRQ_TYPE_MASK xen_mk_ullong(0xFF00000000000000)

#define HVM_PARAM_CALLBACK_TYPE_GSI      0
#define HVM_PARAM_CALLBACK_TYPE_PCI_INTX 1
#define HVM_PARAM_CALLBACK_TYPE_PPI      2

/* The flag byte of a PPI callback (bits 15-8), and its active-low value. */
#define HVM_PARAM_CALLBACK_TYPE_PPI_FLAG_MASK      0xFF00
#define HVM_PARAM_CALLBACK_TYPE_PPI_FLAG_LOW_LEVEL 2

/*
 * The xenstore ring: guest frame number and local event-channel port.
 * STORE_PFN 0: no xenstore; ~0: it will be set up later (the guest waits
 * for an event on STORE_EVTCHN and reads the frame again).
 */
#define HVM_PARAM_STORE_PFN    1
#define HVM_PARAM_STORE_EVTCHN 2

/* Frames of the device model's synchronous and buffered ioreq pages. */
#define HVM_PARAM_IOREQ_PFN    5
#define HVM_PARAM_BUFIOREQ_PFN 6

/* 9 is x86's HVM_PARAM_VIRIDIAN (Hyper-V enlightenments). */

/*
 * x86: how virtual timer interrupts missed while a vCPU was descheduled
 * are handled.
 */
#define HVM_PARAM_TIMER_MODE   10
#define HVMPTM_delay_for_missed_ticks    0  /* deliver all, time lags */
#define HVMPTM_no_delay_for_missed_ticks 1  /* deliver all, time keeps up */
#define HVMPTM_no_missed_ticks_pending   2  /* drop them */
#define HVMPTM_one_missed_tick_pending   3  /* deliver one for all */

/* x86: boolean, emulate an HPET. */
#define HVM_PARAM_HPET_ENABLED 11

/* x86 (Intel EPT): identity-map page table for real mode. */
#define HVM_PARAM_IDENT_PT     12

/* x86: ACPI sleep state, S0 or S3. */
#define HVM_PARAM_ACPI_S_STATE 14

/* x86 (Intel): TSS for real mode. */
#define HVM_PARAM_VM86_TSS     15

/* x86: boolean, align periodic virtual timers to save interrupts. */
#define HVM_PARAM_VPT_ALIGN    16

/* The PV console ring: guest frame number and local event-channel port. */
#define HVM_PARAM_CONSOLE_PFN    17
#define HVM_PARAM_CONSOLE_EVTCHN 18

/*
 * x86: where the ACPI PM1a and timer blocks are: 0 the original ports
 * (0x1f40...), 1 those of current QEMU (0xb000...).
 */
#define HVM_PARAM_ACPI_IOPORTS_LOCATION 19

/* Frames of the vm_event rings. */
#define HVM_PARAM_PAGING_RING_PFN   27
#define HVM_PARAM_MONITOR_RING_PFN  28
#define HVM_PARAM_SHARING_RING_PFN  29

/* x86: the SHUTDOWN_* reason a triple fault becomes. */
#define HVM_PARAM_TRIPLE_FAULT_REASON 31

/* Frames set aside for ioreq servers. */
#define HVM_PARAM_IOREQ_SERVER_PFN 32
#define HVM_PARAM_NR_IOREQ_SERVER_PAGES 33

/* Guest physical address of the VM Generation ID. */
#define HVM_PARAM_VM_GENERATION_ID_ADDR 34

/* x86: who may use alternate p2m views. */
#define HVM_PARAM_ALTP2M       35
#define XEN_ALTP2M_disabled      0
#define XEN_ALTP2M_mixed         1  /* the guest and external tools */
#define XEN_ALTP2M_external      2  /* external tools only */
#define XEN_ALTP2M_limited       3  /* the guest: VMFUNC and #VE only */

/* x86: size of the x87 FIP/FDP registers to save: 8, 4, or 0 (choose). */
#define HVM_PARAM_X87_FIP_WIDTH 36

/* x86 (Intel): real-mode TSS, address in bits 31-0 and size in 63-32. */
#define HVM_PARAM_VM86_TSS_SIZED 37

/* x86: machine-check capabilities offered to the guest. */
#define HVM_PARAM_MCA_CAP 38
#define XEN_HVM_MCA_CAP_LMCE   (xen_mk_ullong(1) << 0)
#define XEN_HVM_MCA_CAP_MASK   XEN_HVM_MCA_CAP_LMCE

#define HVM_NR_PARAMS 39

#endif /* __XEN_PUBLIC_HVM_PARAMS_H__ */
