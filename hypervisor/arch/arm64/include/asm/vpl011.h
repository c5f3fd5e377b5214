/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The virtual SBSA UART of a dom0less domU (vpl011.c), with Xenith as its
 * backend, as Xen 4.17 gives one: at GUEST_PL011_BASE, interrupt SPI
 * GUEST_VPL011_SPI.  What the guest writes appears on the hypervisor
 * console one line at a time, as "(XEN) DOM<n>: <line>"; what is typed
 * on the console reaches the domain that has the console input, which
 * moves from Xenith to each such domain in turn and back when Ctrl-A is
 * pressed three times.
 *
 * Locking: vpl011_list_lock (IRQ-safe) protects the list of UARTs and the
 * console input focus, and is held while console input is delivered, so
 * a UART and its domain cannot go while a character is on its way
 * (guest_console_receive(), xenith/console.h);
 * each struct vpl011's lock (IRQ-safe) protects its registers and FIFOs.
 * Order: vpl011_list_lock -> vpl011.lock -> the vGIC's lock -> console_lock;
 * vpl011_list_lock -> pv_console_lock (input for a PV console, pv_console.h).
 */
#ifndef ASM_VPL011_H
#define ASM_VPL011_H

#include <xenith/console.h>
#include <xenith/spinlock.h>
#include <xenith/types.h>

#define VPL011_RX_FIFO_SIZE     32      /* SBSA_UART_FIFO_SIZE in Xen */

struct domain;

struct vpl011 {
    spinlock_t lock;            /* protects everything below but next */
    struct domain *d;
    struct vpl011 *next;        /* the list of UARTs: vpl011_list_lock */

    uint32_t fr, ris, imsc;     /* flags, raw interrupt status, mask */
    uint32_t shadow_mis;        /* masked status when last injected */
    uint32_t cr, lcr_h, ibrd, fbrd, ifls;   /* kept for the guest, no effect */

    char rx[VPL011_RX_FIFO_SIZE];   /* typed characters the guest has not read */
    unsigned int rx_cons, rx_prod;  /* free-running indices */

    struct console_line out;        /* the line being written */
};

/*
 * Give @d its UART (d->arch.vpl011) and register its MMIO range: 0,
 * -ENOMEM or the MMIO registry's error.  For arch_domain_create() when
 * the domain_config asks for a vPL011.
 */
int domain_vpl011_init(struct domain *d);
/*
 * Remove @d's UART, if any.  arch_domain_destroy() calls it first, before
 * the vGIC goes: console input may be injecting its interrupt until then.
 */
void domain_vpl011_deinit(struct domain *d);

/* Say where console input goes and how to switch (end of boot). */
void vpl011_console_announce(void);

#endif /* ASM_VPL011_H */
