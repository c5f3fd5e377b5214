/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * @file tests/multicall/main.c
 * multicall(list, nr) as Xen 4.17: each entry is dispatched like a
 * hypercall of its own and its result written to the entry, while the
 * multicall returns 0: xen_version, a console_io write, numbers without a
 * hypercall (-ENOSYS), a bad pointer inside an entry (-EFAULT in that
 * entry), a nested multicall (-EINVAL in that entry).  A list the guest
 * cannot read is -EFAULT for the multicall (0 entries: 0); one whose
 * second entry lies past the end of RAM runs the first, then -EFAULT.  A
 * long list (which the hypervisor may split with continuations) runs
 * every entry once.
 */
#include <xtf.h>

const char test_title[] = "multicall: per-entry results";

#define BAD_VA          0x10UL
#define LONG_LIST       300
#define RAM_END         0x44000000UL    /* 64 MiB at GUEST_RAM0_BASE */

static const char line[] = "multicall console_io entry\n";
static struct multicall_entry batch[7];
static struct multicall_entry long_list[LONG_LIST];
static volatile unsigned int counter;

static long multicall(void *list, unsigned long nr)
{
    return xtf_hypercall(__HYPERVISOR_multicall, (unsigned long)list, nr, 0, 0, 0);
}

static void set_entry(struct multicall_entry *e, unsigned long op, unsigned long a0,
                      unsigned long a1, unsigned long a2)
{
    *e = (struct multicall_entry){ .op = op, .result = 0x5a5a, .args = { a0, a1, a2 } };
}

static void check_result(const struct multicall_entry *e, const char *what, long want)
{
    if ( (long)e->result != want )
        xtf_failure("entry %s: result %ld, expected %ld", what, (long)e->result, want);
}

static void check_batch(void)
{
    long ver = hypercall_xen_version(XENVER_version, NULL), rc;

    set_entry(&batch[0], __HYPERVISOR_xen_version, XENVER_version, 0, 0);
    set_entry(&batch[1], __HYPERVISOR_console_io, CONSOLEIO_write, sizeof(line) - 1,
              (unsigned long)line);
    set_entry(&batch[2], 63, 0, 0, 0);
    set_entry(&batch[3], 1000, 0, 0, 0);
    set_entry(&batch[4], __HYPERVISOR_xen_version, XENVER_extraversion, BAD_VA, 0);
    set_entry(&batch[5], __HYPERVISOR_multicall, (unsigned long)&batch[0], 1, 0);
    set_entry(&batch[6], __HYPERVISOR_sched_op, SCHEDOP_yield, 0, 0);
    rc = multicall(batch, ARRAY_SIZE(batch));
    if ( rc )
        return xtf_failure("a batch of 7 returned %ld, expected 0", rc);
    check_result(&batch[0], "xen_version", ver);
    check_result(&batch[1], "console_io write", 0);
    check_result(&batch[2], "hypercall 63", -XEN_ENOSYS);
    check_result(&batch[3], "hypercall 1000", -XEN_ENOSYS);
    check_result(&batch[4], "xen_version with a bad pointer", -XEN_EFAULT);
    check_result(&batch[5], "nested multicall", -XEN_EINVAL);
    check_result(&batch[6], "sched_op yield", 0);
}

static void check_bad_lists(void)
{
    struct multicall_entry *edge = (void *)(RAM_END - sizeof(*edge));
    long ver = hypercall_xen_version(XENVER_version, NULL), rc;

    rc = multicall((void *)BAD_VA, 1);
    if ( rc != -XEN_EFAULT )
        xtf_failure("an unreadable list returned %ld, expected %d", rc, -XEN_EFAULT);
    rc = multicall((void *)BAD_VA, 0);
    if ( rc )
        xtf_failure("an unreadable list of 0 entries returned %ld, expected 0", rc);

    /* The last 64 bytes of RAM, where nothing lives (the DTB is lower). */
    set_entry(edge, __HYPERVISOR_xen_version, XENVER_version, 0, 0);
    rc = multicall(edge, 2);
    if ( rc != -XEN_EFAULT )
        xtf_failure("a list running off RAM returned %ld, expected %d", rc, -XEN_EFAULT);
    check_result(edge, "before the end of RAM", ver);
}

static void check_long_list(void)
{
    long ver = hypercall_xen_version(XENVER_version, NULL), rc;
    unsigned int bad = 0;

    for ( unsigned int i = 0; i < LONG_LIST; i++ )
        set_entry(&long_list[i], __HYPERVISOR_xen_version, XENVER_version, 0, 0);
    rc = multicall(long_list, LONG_LIST);
    if ( rc )
        return xtf_failure("a list of %u returned %ld", LONG_LIST, rc);
    for ( unsigned int i = 0; i < LONG_LIST; i++ )
        if ( (long)long_list[i].result != ver )
            bad++;
    if ( bad )
        xtf_failure("%u of %u entries without the xen_version result", bad, LONG_LIST);
}

void test_main(void)
{
    int node = fdt_find_device_type(-1, "memory");
    uint64_t base, size;

    check_batch();
    if ( node < 0 || fdt_read_reg(node, 0, &base, &size) || base + size != RAM_END ||
         fdt_read_reg(node, 1, &base, &size) == 0 )
        xtf_error("the device tree's RAM is not one bank ending at %#lx", RAM_END);
    else
        check_bad_lists();
    check_long_list();
    xtf_success(NULL);
}
