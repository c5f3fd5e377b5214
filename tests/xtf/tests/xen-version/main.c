/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * @file tests/xen-version/main.c
 * XENVER_version returns the Xen ABI version, (major << 16) | minor, which
 * is 4.17 on Xen 4.17 and on Xenith (it implements that ABI); and
 * XENVER_extraversion fills a NUL-terminated string.
 */
#include <xtf.h>

const char test_title[] = "XENVER_version is 4.17";

#define EXPECTED_MAJOR  4
#define EXPECTED_MINOR  17

void test_main(void)
{
    char extra[XEN_EXTRAVERSION_LEN + 1];
    long ver = hypercall_xen_version(XENVER_version, NULL);
    long rc;

    if ( ver < 0 )
    {
        xtf_failure("XENVER_version returned %ld", ver);
        return;
    }
    printk("XENVER_version: %#lx (%lu.%lu)\n", ver, ver >> 16, ver & 0xffff);
    if ( (ver >> 16) != EXPECTED_MAJOR || (ver & 0xffff) != EXPECTED_MINOR )
        xtf_failure("XENVER_version is %lu.%lu, expected %u.%u", ver >> 16,
                    ver & 0xffff, EXPECTED_MAJOR, EXPECTED_MINOR);

    /* One spare byte after the ABI's 16 shows whether the string overran. */
    memset(extra, 0x5a, sizeof(extra));
    rc = hypercall_xen_version(XENVER_extraversion, extra);
    if ( rc )
        xtf_failure("XENVER_extraversion returned %ld", rc);
    else if ( strnlen(extra, XEN_EXTRAVERSION_LEN) == XEN_EXTRAVERSION_LEN ||
              extra[XEN_EXTRAVERSION_LEN] != 0x5a )
        xtf_failure("XENVER_extraversion: string not terminated in 16 bytes");
    else
        printk("XENVER_extraversion: \"%s\"\n", extra);

    xtf_success(NULL);
}
