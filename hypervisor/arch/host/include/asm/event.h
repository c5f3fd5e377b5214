/* SPDX-License-Identifier: GPL-2.0-only */
/* Host: the tests provide arch_evtchn_notify() and record the upcalls. */
#ifndef ASM_EVENT_H
#define ASM_EVENT_H

struct vcpu;

/*
 * @v's evtchn_upcall_pending has just gone 0 -> 1: make it take the
 * upcall interrupt (on Arm, GUEST_EVTCHN_PPI through the vGIC).
 */
void arch_evtchn_notify(struct vcpu *v);

#endif /* ASM_EVENT_H */
