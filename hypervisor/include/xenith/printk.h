/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Logging.  A message may start with a level; without one it counts as a
 * warning, as in Xen.  `loglvl=` (none, error, warning, info, debug, all)
 * sets what reaches the console; the default is warning, or all in a
 * debug build.  Every line goes out prefixed "(XEN) ".
 */
#ifndef XENITH_PRINTK_H
#define XENITH_PRINTK_H

#include <xenith/lib.h>

#define XENLOG_ERR      "<0>"
#define XENLOG_WARNING  "<1>"
#define XENLOG_INFO     "<2>"
#define XENLOG_DEBUG    "<3>"

void printk(const char *fmt, ...) __printf(1, 2);
void vprintk(const char *fmt, va_list args);

#endif /* XENITH_PRINTK_H */
