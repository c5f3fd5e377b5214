/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Debug keys typed on the serial console, as in Xen: each key runs a
 * handler that dumps some state ('h' lists them all).  Handlers register
 * with KEYHANDLER() next to the state they show and run from a softirq
 * with IRQs masked (console.c).
 */
#ifndef XENITH_KEYHANDLER_H
#define XENITH_KEYHANDLER_H

#include <xenith/lib.h>

struct keyhandler {
    char key;
    const char *desc;
    void (*fn)(char key);
};

#define KEYHANDLER(_key, _fn, _desc)                                        \
    static const struct keyhandler __used __aligned(8)                      \
    __section("xenith_keyhandlers") __keyhandler_##_fn = {                  \
        .key = _key, .desc = _desc, .fn = _fn }

void handle_keypress(char key);

#endif /* XENITH_KEYHANDLER_H */
