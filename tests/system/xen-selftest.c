/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xen-selftest DOMID: what a Linux domU's user space does with Xen through
 * Linux's own drivers (/dev/xen/evtchn, /dev/xen/gntalloc, /dev/xen/gntdev;
 * modules xen-evtchn, xen-gntalloc, xen-gntdev), against its own domain:
 *   - an interdomain event channel looped back to itself (alloc_unbound,
 *     bind_interdomain, which raises the new port), each end signalled and
 *     the other end seen firing;
 *   - a page granted to itself (gntalloc) and mapped through the grant
 *     table (gntdev: map_grant_ref into a ballooned-out frame), written
 *     through one mapping and read through the other, then unmapped.
 * One line per check; the last says "xen-selftest: ok", else exit status 1.
 * Built statically for arm64 by tests/system/linux-domu.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

/* Xen's types, which Linux's uapi headers below use but do not define. */
typedef uint16_t domid_t;
typedef uint32_t grant_ref_t;

#include <xen/evtchn.h>
#include <xen/gntalloc.h>
#include <xen/gntdev.h>

#define PAGE 4096

static void fail(const char *what)
{
    printf("xen-selftest: %s: %s\n", what, strerror(errno));
    exit(1);
}

/* Wait for port @port to fire (the next port the driver reports), unmask it. */
static void expect_port(int fd, unsigned int port)
{
    struct pollfd pfd = { .fd = fd, .events = POLLIN };
    uint32_t fired;

    if ( poll(&pfd, 1, 5000) != 1 )
        fail("no event within 5s");
    if ( read(fd, &fired, sizeof(fired)) != sizeof(fired) )
        fail("read /dev/xen/evtchn");
    if ( fired != port )
    {
        printf("xen-selftest: port %u fired, not %u\n", fired, port);
        exit(1);
    }
    /* Writing the port back unmasks it. */
    if ( write(fd, &fired, sizeof(fired)) != sizeof(fired) )
        fail("unmask");
}

/* Signal @from; the other end @to must fire. */
static void ping(int fd, unsigned int from, unsigned int to)
{
    struct ioctl_evtchn_notify notify = { .port = from };

    if ( ioctl(fd, IOCTL_EVTCHN_NOTIFY, &notify) < 0 )
        fail("IOCTL_EVTCHN_NOTIFY");
    expect_port(fd, to);
    printf("xen-selftest: evtchn %u -> %u\n", from, to);
}

static void evtchn_loop(unsigned int domid)
{
    struct ioctl_evtchn_bind_unbound_port unbound = { .remote_domain = domid };
    struct ioctl_evtchn_bind_interdomain inter = { .remote_domain = domid };
    struct ioctl_evtchn_unbind unbind;
    int fd = open("/dev/xen/evtchn", O_RDWR);
    int a, b;

    if ( fd < 0 )
        fail("open /dev/xen/evtchn");
    if ( (a = ioctl(fd, IOCTL_EVTCHN_BIND_UNBOUND_PORT, &unbound)) < 0 )
        fail("IOCTL_EVTCHN_BIND_UNBOUND_PORT");
    inter.remote_port = a;
    if ( (b = ioctl(fd, IOCTL_EVTCHN_BIND_INTERDOMAIN, &inter)) < 0 )
        fail("IOCTL_EVTCHN_BIND_INTERDOMAIN");
    /*
     * Xen raises the new local port at once, in case the unbound end was
     * signalled before: that event first, else it may come after a ping.
     */
    expect_port(fd, b);
    printf("xen-selftest: evtchn %u bound to %u, raised\n", b, a);
    ping(fd, a, b);
    ping(fd, b, a);
    unbind.port = b;
    if ( ioctl(fd, IOCTL_EVTCHN_UNBIND, &unbind) < 0 )
        fail("IOCTL_EVTCHN_UNBIND");
    unbind.port = a;
    if ( ioctl(fd, IOCTL_EVTCHN_UNBIND, &unbind) < 0 )
        fail("IOCTL_EVTCHN_UNBIND");
    close(fd);
}

/* Map grant @ref of @domid through gntdev; the mapping or NULL. */
static char *gntdev_map(int fd, unsigned int domid, uint32_t ref, __u64 *index)
{
    struct ioctl_gntdev_map_grant_ref map = { .count = 1 };
    void *p;

    map.refs[0].domid = domid;
    map.refs[0].ref = ref;
    if ( ioctl(fd, IOCTL_GNTDEV_MAP_GRANT_REF, &map) < 0 )
        fail("IOCTL_GNTDEV_MAP_GRANT_REF");
    *index = map.index;
    p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, map.index);
    if ( p == MAP_FAILED )
        fail("mmap /dev/xen/gntdev (GNTTABOP_map_grant_ref)");
    return p;
}

static void grant_loop(unsigned int domid)
{
    struct {
        struct ioctl_gntalloc_alloc_gref req;
        uint32_t ref;
    } alloc = { .req = { .domid = domid, .flags = GNTALLOC_FLAG_WRITABLE, .count = 1 } };
    struct ioctl_gntalloc_dealloc_gref dealloc = { .count = 1 };
    struct ioctl_gntdev_unmap_grant_ref unmap = { .count = 1 };
    int ga = open("/dev/xen/gntalloc", O_RDWR), gd = open("/dev/xen/gntdev", O_RDWR);
    char *src, *dst;

    if ( ga < 0 || gd < 0 )
        fail("open /dev/xen/gntalloc and gntdev");
    if ( ioctl(ga, IOCTL_GNTALLOC_ALLOC_GREF, &alloc) < 0 )
        fail("IOCTL_GNTALLOC_ALLOC_GREF");
    src = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, ga, alloc.req.index);
    if ( src == MAP_FAILED )
        fail("mmap /dev/xen/gntalloc");
    snprintf(src, PAGE, "granted page, ref %u", alloc.req.gref_ids[0]);
    dst = gntdev_map(gd, domid, alloc.req.gref_ids[0], &unmap.index);
    if ( strcmp(dst, src) )
    {
        printf("xen-selftest: the mapping reads \"%.40s\"\n", dst);
        exit(1);
    }
    strcpy(dst, "written through the mapping");
    if ( strcmp(src, "written through the mapping") )
    {
        printf("xen-selftest: the granted page reads \"%.40s\"\n", src);
        exit(1);
    }
    printf("xen-selftest: grant ref %u mapped, read and written\n", alloc.req.gref_ids[0]);
    if ( munmap(dst, PAGE) || ioctl(gd, IOCTL_GNTDEV_UNMAP_GRANT_REF, &unmap) < 0 )
        fail("unmap the grant");
    dealloc.index = alloc.req.index;
    if ( munmap(src, PAGE) || ioctl(ga, IOCTL_GNTALLOC_DEALLOC_GREF, &dealloc) < 0 )
        fail("IOCTL_GNTALLOC_DEALLOC_GREF");
    close(gd);
    close(ga);
}

int main(int argc, char **argv)
{
    unsigned int domid;

    if ( argc != 2 )
    {
        fprintf(stderr, "usage: xen-selftest DOMID (this domain's id)\n");
        return 2;
    }
    domid = strtoul(argv[1], NULL, 0);
    evtchn_loop(domid);
    grant_loop(domid);
    printf("xen-selftest: ok\n");
    return 0;
}
