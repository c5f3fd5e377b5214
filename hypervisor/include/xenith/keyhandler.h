/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Debug keys typed on the serial console, as in Xen: each key runs a
 * handler that dumps some state ('h' lists them all).  Handlers register
 * with KEYHANDLER() next to the state they show and run from a softirq
 * with IRQs masked (console.c); those registered with KEYHANDLER_IRQ()
 * run in the UART's interrupt itself, so that they work while that pCPU
 * is stuck in the hypervisor with IRQs enabled (as Xen's IRQ keys).
 */
#ifndef XENITH_KEYHANDLER_H
#define XENITH_KEYHANDLER_H

#include <xenith/lib.h>

struct keyhandler {
    char key;
    bool in_irq;
    const char *desc;
    void (*fn)(char key);
};

#define KEYHANDLER_ENTRY(_key, _fn, _desc, _in_irq)                         \
    static const struct keyhandler __used __aligned(8)                      \
    __section("xenith_keyhandlers") __keyhandler_##_fn = {                  \
        .key = _key, .in_irq = _in_irq, .desc = _desc, .fn = _fn }
#define KEYHANDLER(_key, _fn, _desc)      KEYHANDLER_ENTRY(_key, _fn, _desc, false)
#define KEYHANDLER_IRQ(_key, _fn, _desc)  KEYHANDLER_ENTRY(_key, _fn, _desc, true)

/* Run @key's handler, if any, here and now. */
void handle_keypress(char key);
/* Whether @key's handler runs in the UART's interrupt (KEYHANDLER_IRQ). */
bool keyhandler_in_irq(char key);

#endif /* XENITH_KEYHANDLER_H */
