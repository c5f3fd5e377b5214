/* SPDX-License-Identifier: GPL-2.0-only */
/* Dispatch of serial debug keys to the handlers registered with KEYHANDLER(). */
#include <xenith/keyhandler.h>
#include <xenith/printk.h>

extern const struct keyhandler __start_xenith_keyhandlers[], __stop_xenith_keyhandlers[];

static const struct keyhandler *keyhandler_find(char key)
{
    for ( const struct keyhandler *h = __start_xenith_keyhandlers;
          h < __stop_xenith_keyhandlers; h++ )
        if ( h->key == key )
            return h;
    return NULL;
}

void handle_keypress(char key)
{
    const struct keyhandler *h = keyhandler_find(key);

    if ( h )
        h->fn(key);
}

bool keyhandler_in_irq(char key)
{
    const struct keyhandler *h = keyhandler_find(key);

    return h && h->in_irq;
}

static void show_handlers(char key)
{
    printk("'%c' pressed -> showing installed handlers\n", key);
    for ( const struct keyhandler *h = __start_xenith_keyhandlers;
          h < __stop_xenith_keyhandlers; h++ )
        printk(" key '%c' (ascii '%02x') => %s\n", h->key, (unsigned char)h->key, h->desc);
}
KEYHANDLER('h', show_handlers, "show this message");
