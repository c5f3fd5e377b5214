/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Xen hypercalls from an arm64 guest: HVC #0xEA1, number in x16, arguments
 * in x0-x4, result in x0.  Xen may clobber x16 and the argument registers,
 * so all of them are declared as outputs.
 */
#ifndef XTF_HYPERCALL_H
#define XTF_HYPERCALL_H

#include <xtf/types.h>
#include <public/xen.h>
#include <public/sched.h>
#include <public/version.h>

static inline long xtf_hypercall(unsigned int nr, unsigned long a0,
                                 unsigned long a1, unsigned long a2,
                                 unsigned long a3, unsigned long a4)
{
    register unsigned long x0 asm("x0") = a0;
    register unsigned long x1 asm("x1") = a1;
    register unsigned long x2 asm("x2") = a2;
    register unsigned long x3 asm("x3") = a3;
    register unsigned long x4 asm("x4") = a4;
    register unsigned long x16 asm("x16") = nr;

    asm volatile ( "hvc #0xEA1"
                   : "+r" (x0), "+r" (x1), "+r" (x2), "+r" (x3), "+r" (x4),
                     "+r" (x16)
                   :
                   : "memory" );

    return (long)x0;
}

static inline long hypercall_xen_version(unsigned int cmd, void *arg)
{
    return xtf_hypercall(__HYPERVISOR_xen_version, cmd, (unsigned long)arg,
                         0, 0, 0);
}

/*
 * Whether the hypervisor is Xenith (XENVER_extraversion ".0-xenith"), for
 * the few places where Xen 4.17 is known to misbehave: the tests then
 * print what they skip, and the expect files pin it per hypervisor.
 */
bool xtf_on_xenith(void);

static inline long hypercall_console_io(unsigned int cmd, unsigned int count,
                                        const char *buf)
{
    return xtf_hypercall(__HYPERVISOR_console_io, cmd, count,
                         (unsigned long)buf, 0, 0);
}

static inline long hypercall_sched_op(unsigned int cmd, void *arg)
{
    return xtf_hypercall(__HYPERVISOR_sched_op, cmd, (unsigned long)arg,
                         0, 0, 0);
}

static inline long hypercall_shutdown(unsigned int reason)
{
    struct sched_shutdown s = { .reason = reason };

    return hypercall_sched_op(SCHEDOP_shutdown, &s);
}

#endif /* XTF_HYPERCALL_H */
