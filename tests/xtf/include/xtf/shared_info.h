/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A test's own shared_info page, mapped with XENMEM_add_to_physmap at
 * GUEST_MAGIC_BASE, where a dom0less domU without xen,enhanced has
 * nothing: the 2-level event bitmaps, vCPU 0's vcpu_info, the wallclock.
 */
#ifndef XTF_SHARED_INFO_H
#define XTF_SHARED_INFO_H

#include <xtf.h>
#include <public/memory.h>

#define XTF_SHARED_INFO_GPA     0x39000000UL    /* GUEST_MAGIC_BASE */

/* shared_info mapped at XTF_SHARED_INFO_GPA, or NULL after an error reported. */
static inline volatile struct shared_info *xtf_map_shared_info(void)
{
    struct xen_add_to_physmap xatp = {
        .domid = DOMID_SELF, .space = XENMAPSPACE_shared_info, .idx = 0,
        .gpfn = XTF_SHARED_INFO_GPA >> 12,
    };
    long rc = xtf_hypercall(__HYPERVISOR_memory_op, XENMEM_add_to_physmap,
                            (unsigned long)&xatp, 0, 0, 0);

    if ( rc || (rc = xtf_map(XTF_SHARED_INFO_GPA, 4096, XTF_MEM_NORMAL)) )
    {
        xtf_error("mapping shared_info: %ld", rc);
        return NULL;
    }
    return (volatile struct shared_info *)XTF_SHARED_INFO_GPA;
}

/*
 * A 2-level upcall taken as Linux does: upcall_pending of @vi cleared,
 * its selector taken, then each port pending and unmasked in @s cleared
 * and passed to @handle(@cpu, port).
 */
static inline void xtf_2l_upcall(volatile struct shared_info *s, volatile struct vcpu_info *vi,
                                 unsigned int cpu,
                                 void (*handle)(unsigned int cpu, unsigned int port))
{
    xen_ulong_t sel;

    vi->evtchn_upcall_pending = 0;
    sel = __atomic_exchange_n(&vi->evtchn_pending_sel, 0, __ATOMIC_SEQ_CST);
    for ( ; sel; sel &= sel - 1 )
    {
        unsigned int w = __builtin_ctzl(sel);
        xen_ulong_t bits = s->evtchn_pending[w] & ~s->evtchn_mask[w];

        __atomic_fetch_and(&s->evtchn_pending[w], ~bits, __ATOMIC_SEQ_CST);
        for ( ; bits; bits &= bits - 1 )
            handle(cpu, w * 64 + __builtin_ctzl(bits));
    }
}

#endif /* XTF_SHARED_INFO_H */
