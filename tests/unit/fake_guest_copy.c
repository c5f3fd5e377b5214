/* SPDX-License-Identifier: GPL-2.0-only */
/* Guest virtual memory as a buffer of this process at GUEST_VA (fakes.h). */
#include <string.h>

#include "fakes.h"
#include "host.h"
#include <xenith/errno.h>
#include <xenith/guest_access.h>

uint8_t fake_guest_mem[GUEST_SIZE];
void (*fake_copy_to_guest_hook)(uint64_t gva, const void *src, size_t len);

static bool in_guest(uint64_t gva, size_t len)
{
    return gva >= GUEST_VA && len <= GUEST_SIZE && gva - GUEST_VA <= GUEST_SIZE - len;
}

int copy_from_guest(void *dst, uint64_t gva, size_t len)
{
    if ( !in_guest(gva, len) )
        return -EFAULT;
    memcpy(dst, fake_guest_mem + (gva - GUEST_VA), len);
    return 0;
}

int copy_to_guest(uint64_t gva, const void *src, size_t len)
{
    if ( fake_copy_to_guest_hook )
        fake_copy_to_guest_hook(gva, src, len);
    if ( !in_guest(gva, len) )
        return -EFAULT;
    memcpy(fake_guest_mem + (gva - GUEST_VA), src, len);
    return 0;
}
