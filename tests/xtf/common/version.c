/* SPDX-License-Identifier: GPL-2.0-only */
/* Which hypervisor the test runs on. */
#include <xtf.h>

bool xtf_on_xenith(void)
{
    xen_extraversion_t extra = "";

    hypercall_xen_version(XENVER_extraversion, extra);
    for ( unsigned int i = 0; extra[i] && i + 6 < sizeof(extra); i++ )
        if ( !memcmp(&extra[i], "xenith", 6) )
            return true;
    return false;
}
