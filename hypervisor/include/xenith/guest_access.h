/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copies between the hypervisor and guest memory: the one checked path
 * for guest pointers (arch/arm64/guestcopy.c).  Only the domain's own RAM
 * (p2m_ram_rw; p2m_ram_ro for reads) can be copied to or from; anything
 * else, and any address its translation refuses, is -EFAULT.  After
 * -EFAULT part of the range may have been copied.  Return 0 or -EFAULT.
 */
#ifndef XENITH_GUEST_ACCESS_H
#define XENITH_GUEST_ACCESS_H

#include <xenith/types.h>

struct domain;

/*
 * By guest *virtual* address, as hypercall arguments give them: translated
 * page by page by the current vCPU's stage 1 (its EL1 permissions, AT
 * S1E1R/W) and its domain's stage 2.  With the guest's MMU off a virtual
 * address is a guest-physical one.  For hypercall handlers: current is the
 * guest vCPU whose EL1 state is loaded.  IRQs may be enabled.
 */
int copy_from_guest(void *dst, vaddr_t gva, size_t len);
int copy_to_guest(vaddr_t gva, const void *src, size_t len);
int clear_guest(vaddr_t gva, size_t len);

/*
 * By guest-physical address in @d, for the domain builder (kernel, DTB,
 * initrd).  copy_to_guest_phys() cleans what it wrote to the point of
 * coherency: a guest starts with its caches off.
 */
int copy_from_guest_phys(struct domain *d, void *dst, paddr_t gpa, size_t len);
int copy_to_guest_phys(struct domain *d, paddr_t gpa, const void *src, size_t len);

#endif /* XENITH_GUEST_ACCESS_H */
