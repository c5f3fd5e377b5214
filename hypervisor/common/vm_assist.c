/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vm_assist(cmd, type): per-domain options of the guest ABI.  Xen 4.17 on
 * Arm knows one, VMASST_TYPE_runstate_update_flag (runstate.c: the update
 * bit in the registered runstate area); any other type is -EINVAL, checked
 * before the command, and a command other than enable/disable -ENOSYS.
 */
#include <xenith/errno.h>
#include <xenith/hypercall.h>
#include <xenith/sched.h>

#define VM_ASSIST_TYPES     (8 * sizeof(unsigned long))  /* bits of d->vm_assist */
#define VM_ASSIST_VALID     (1UL << VMASST_TYPE_runstate_update_flag)

long do_vm_assist(unsigned int cmd, unsigned int type)
{
    struct domain *d = current->domain;

    if ( type >= VM_ASSIST_TYPES || !(VM_ASSIST_VALID & (1UL << type)) )
        return -EINVAL;
    switch ( cmd )
    {
    case VMASST_CMD_enable:
        __atomic_fetch_or(&d->vm_assist, 1UL << type, __ATOMIC_SEQ_CST);
        return 0;
    case VMASST_CMD_disable:
        __atomic_fetch_and(&d->vm_assist, ~(1UL << type), __ATOMIC_SEQ_CST);
        return 0;
    default:
        return -ENOSYS;
    }
}
