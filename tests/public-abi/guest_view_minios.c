/* SPDX-License-Identifier: GPL-2.0-only */
/* The public headers as a guest pinned to interface 0x00030205 sees them. */
#define __XEN_INTERFACE_VERSION__ 0x00030205
#include <public/xen.h>
#include <public/memory.h>
#include <public/grant_table.h>
#include <public/platform.h>
#include <public/physdev.h>
#include <public/event_channel.h>
#include "guest_view.h"

const struct guest_view_value guest_view_minios[] = {
    { "version", __XEN_INTERFACE_VERSION__ },
    { "__HYPERVISOR_sched_op", __HYPERVISOR_sched_op },
    { "__HYPERVISOR_event_channel_op", __HYPERVISOR_event_channel_op },
    { "__HYPERVISOR_physdev_op", __HYPERVISOR_physdev_op },
    { "MAX_VMASST_TYPE", MAX_VMASST_TYPE },
    { "NR_EVENT_CHANNELS", NR_EVENT_CHANNELS },
    /* Old field names, same places. */
    { "address_bits", offsetof(struct xen_memory_reservation, address_bits) },
    { "foreign_domid", offsetof(struct xen_add_to_physmap_batch, foreign_domid) },
    { "XENMEM_add_to_physmap_range", XENMEM_add_to_physmap_range },
    { "sizeof(xen_add_to_physmap_range_t)", sizeof(xen_add_to_physmap_range_t) },
    { "vcpu_time_info.pad1", offsetof(struct vcpu_time_info, pad1) },
    /* Only version 1 grant entries, under their old name. */
    { "sizeof(grant_entry_t)", sizeof(grant_entry_t) },
    { "frame_list", offsetof(struct gnttab_setup_table, frame_list) },
    { "XENPF_settime", XENPF_settime },
    { "sizeof(xenpf_settime_t)", sizeof(xenpf_settime_t) },
    { "PHYSDEVOP_pirq_eoi_gmfn", PHYSDEVOP_pirq_eoi_gmfn },
    { "PHYSDEVOP_IRQ_STATUS_QUERY", PHYSDEVOP_IRQ_STATUS_QUERY },
};
const size_t guest_view_minios_count =
    sizeof(guest_view_minios) / sizeof(guest_view_minios[0]);
