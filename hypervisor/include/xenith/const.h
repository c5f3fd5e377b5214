/* SPDX-License-Identifier: GPL-2.0-only */
/* Constants shared by C and assembly: _AC(1, UL) is 1UL in C and 1 in asm. */
#ifndef XENITH_CONST_H
#define XENITH_CONST_H

#ifdef __ASSEMBLY__
#define _AC(x, suffix)  x
#else
#define _AC_1(x, suffix) x##suffix
#define _AC(x, suffix)  _AC_1(x, suffix)
#endif

#endif /* XENITH_CONST_H */
