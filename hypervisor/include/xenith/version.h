/* SPDX-License-Identifier: GPL-2.0-only */
/* Version strings (generated at build time) and the GNU build id. */
#ifndef XENITH_VERSION_H
#define XENITH_VERSION_H

#include <generated/version.h>

/* The build id as a hex string (the linker's .note.gnu.build-id). */
const char *xenith_build_id(void);
/* Its raw bytes (*@len of them), or NULL when the image has none. */
const unsigned char *xenith_build_id_bytes(unsigned int *len);

#endif /* XENITH_VERSION_H */
