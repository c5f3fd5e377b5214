/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The guest's command line, from /chosen/bootargs: words separated by
 * spaces, "key=value" or a bare key.
 */
#include <xtf.h>

const char *xtf_cmdline(void)
{
    int node = fdt_find_node("/chosen");
    const char *args;
    uint32_t len;

    if ( node < 0 )
        return "";
    args = fdt_getprop(node, "bootargs", &len);
    /* The property must be a NUL-terminated string. */
    if ( !args || !len || args[len - 1] != '\0' )
        return "";
    return args;
}

int xtf_cmdline_get(const char *key, char *buf, size_t size)
{
    const char *p = xtf_cmdline(), *word;
    size_t klen = strlen(key), vlen;

    while ( *p )
    {
        while ( *p == ' ' )
            p++;
        word = p;
        while ( *p && *p != ' ' )
            p++;
        if ( (size_t)(p - word) <= klen || strncmp(word, key, klen) ||
             word[klen] != '=' )
            continue;
        vlen = p - word - klen - 1;
        if ( vlen >= size )
            return -XEN_ENOSPC;
        memcpy(buf, word + klen + 1, vlen);
        buf[vlen] = '\0';
        return 0;
    }
    return -XEN_ENOENT;
}
