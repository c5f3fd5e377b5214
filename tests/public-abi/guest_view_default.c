/* SPDX-License-Identifier: GPL-2.0-only */
/* The public headers as a guest that pins no interface version sees them. */
#include <public/xen.h>
#include <public/hvm/params.h>
#include "guest_view.h"

/* What only the hypervisor and the toolstack may see stays hidden. */
#ifdef XEN_PUBLIC_TOOLS_VISIBLE
#error "a guest sees the toolstack-only declarations"
#endif
#if defined(GUEST_RAM0_BASE) || defined(PSR_GUEST64_INIT) || \
    defined(HVM_PARAM_PAE_ENABLED)
#error "a guest sees the toolstack-only constants"
#endif

const struct guest_view_value guest_view_default[] = {
    { "version", __XEN_INTERFACE_VERSION__ },
    { "__HYPERVISOR_sched_op", __HYPERVISOR_sched_op },
    { "__HYPERVISOR_event_channel_op", __HYPERVISOR_event_channel_op },
    { "__HYPERVISOR_dom0_op", __HYPERVISOR_dom0_op },
    { "sizeof(struct vcpu_info)", sizeof(struct vcpu_info) },
    { "HVM_PARAM_CALLBACK_TYPE_PPI", HVM_PARAM_CALLBACK_TYPE_PPI },
};
const size_t guest_view_default_count =
    sizeof(guest_view_default) / sizeof(guest_view_default[0]);
