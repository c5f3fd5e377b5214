/* SPDX-License-Identifier: GPL-2.0-only */
/* The GNU build id of the image, for the banner and crash reports. */
#include <xenith/version.h>
#include <xenith/lib.h>

extern const char __build_id_start[], __build_id_end[];

/* An ELF note: namesz, descsz, type, then the name and descriptor. */
struct elf_note {
    uint32_t namesz;
    uint32_t descsz;
    uint32_t type;
};

const unsigned char *xenith_build_id_bytes(unsigned int *len)
{
    const struct elf_note *note = (const void *)__build_id_start;

    if ( __build_id_end - __build_id_start < (long)sizeof(*note) )
        return NULL;
    *len = note->descsz;
    return (const unsigned char *)(note + 1) + ROUNDUP(note->namesz, 4);
}

const char *xenith_build_id(void)
{
    static char hex[2 * 32 + 1];
    const unsigned char *desc;
    unsigned int len;

    if ( hex[0] )
        return hex;
    desc = xenith_build_id_bytes(&len);
    if ( !desc )
        return "none";
    for ( uint32_t i = 0; i < len && i < 32; i++ )
        snprintf(&hex[2 * i], 3, "%02x", desc[i]);
    return hex;
}
