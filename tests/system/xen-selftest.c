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
 *
 * Between two domains: "xen-selftest offer PEER" in one grants PEER a page
 * and allocates it a port, and says which; "xen-selftest accept PEER PORT
 * REF" in PEER binds the port, maps the page, answers in it and signals;
 * each ends with "xen-selftest: offer ok" / "accept ok".
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

/*
 * Wait up to @ms for port @port to fire (the next port the driver
 * reports), unmask it.
 */
static void expect_port(int fd, unsigned int port, int ms)
{
    struct pollfd pfd = { .fd = fd, .events = POLLIN };
    uint32_t fired;

    if ( poll(&pfd, 1, ms) != 1 )
        fail("no event in time");
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

static void notify(int fd, unsigned int port)
{
    struct ioctl_evtchn_notify n = { .port = port };

    if ( ioctl(fd, IOCTL_EVTCHN_NOTIFY, &n) < 0 )
        fail("IOCTL_EVTCHN_NOTIFY");
}

static void unbind(int fd, unsigned int port)
{
    struct ioctl_evtchn_unbind u = { .port = port };

    if ( ioctl(fd, IOCTL_EVTCHN_UNBIND, &u) < 0 )
        fail("IOCTL_EVTCHN_UNBIND");
}

/* Signal @from; the other end @to must fire. */
static void ping(int fd, unsigned int from, unsigned int to)
{
    notify(fd, from);
    expect_port(fd, to, 5000);
    printf("xen-selftest: evtchn %u -> %u\n", from, to);
}

static void evtchn_loop(unsigned int domid)
{
    struct ioctl_evtchn_bind_unbound_port unbound = { .remote_domain = domid };
    struct ioctl_evtchn_bind_interdomain inter = { .remote_domain = domid };
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
    expect_port(fd, b, 5000);
    printf("xen-selftest: evtchn %u bound to %u, raised\n", b, a);
    ping(fd, a, b);
    ping(fd, b, a);
    unbind(fd, b);
    unbind(fd, a);
    close(fd);
}

/* Map grant @ref of @domid through gntdev (@index: its gntdev offset). */
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

static void gntdev_unmap(int fd, char *p, __u64 index)
{
    struct ioctl_gntdev_unmap_grant_ref unmap = { .index = index, .count = 1 };

    if ( munmap(p, PAGE) || ioctl(fd, IOCTL_GNTDEV_UNMAP_GRANT_REF, &unmap) < 0 )
        fail("unmap the grant");
}

/* A page granted writable to @domid (@index: its gntalloc offset, @ref). */
static char *gntalloc_page(int fd, unsigned int domid, __u64 *index, uint32_t *ref)
{
    struct {
        struct ioctl_gntalloc_alloc_gref req;
        uint32_t ref;
    } alloc = { .req = { .domid = domid, .flags = GNTALLOC_FLAG_WRITABLE, .count = 1 } };
    void *p;

    if ( ioctl(fd, IOCTL_GNTALLOC_ALLOC_GREF, &alloc) < 0 )
        fail("IOCTL_GNTALLOC_ALLOC_GREF");
    p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, alloc.req.index);
    if ( p == MAP_FAILED )
        fail("mmap /dev/xen/gntalloc");
    *index = alloc.req.index;
    *ref = alloc.req.gref_ids[0];
    return p;
}

static void gntalloc_free(int fd, char *p, __u64 index)
{
    struct ioctl_gntalloc_dealloc_gref dealloc = { .index = index, .count = 1 };

    if ( munmap(p, PAGE) || ioctl(fd, IOCTL_GNTALLOC_DEALLOC_GREF, &dealloc) < 0 )
        fail("IOCTL_GNTALLOC_DEALLOC_GREF");
}

static int open_dev(const char *path)
{
    int fd = open(path, O_RDWR);

    if ( fd < 0 )
        fail(path);
    return fd;
}

static void expect_text(const char *where, const char *text, const char *want)
{
    if ( strcmp(text, want) )
    {
        printf("xen-selftest: %s reads \"%.40s\", not \"%s\"\n", where, text, want);
        exit(1);
    }
}

static void grant_loop(unsigned int domid)
{
    int ga = open_dev("/dev/xen/gntalloc"), gd = open_dev("/dev/xen/gntdev");
    __u64 src_index, dst_index;
    uint32_t ref;
    char *src = gntalloc_page(ga, domid, &src_index, &ref), *dst;

    snprintf(src, PAGE, "granted page, ref %u", ref);
    dst = gntdev_map(gd, domid, ref, &dst_index);
    expect_text("the mapping", dst, src);
    strcpy(dst, "written through the mapping");
    expect_text("the granted page", src, "written through the mapping");
    printf("xen-selftest: grant ref %u mapped, read and written\n", ref);
    gntdev_unmap(gd, dst, dst_index);
    gntalloc_free(ga, src, src_index);
    close(gd);
    close(ga);
}

#define OFFER_TEXT  "hello from the offering domain"
#define REPLY_TEXT  "reply from the accepting domain"

/*
 * offer PEER: an unbound port and a page granted for @peer, said on one
 * line; then wait (2 minutes at most) for the peer's signal, read its
 * reply in the page and signal back.
 */
static void offer(unsigned int peer)
{
    struct ioctl_evtchn_bind_unbound_port unbound = { .remote_domain = peer };
    int fd = open_dev("/dev/xen/evtchn"), ga = open_dev("/dev/xen/gntalloc");
    __u64 index;
    uint32_t ref;
    char *page = gntalloc_page(ga, peer, &index, &ref);
    int port = ioctl(fd, IOCTL_EVTCHN_BIND_UNBOUND_PORT, &unbound);

    if ( port < 0 )
        fail("IOCTL_EVTCHN_BIND_UNBOUND_PORT");
    strcpy(page, OFFER_TEXT);
    printf("xen-selftest: offer port %d ref %u to d%u\n", port, ref, peer);
    fflush(stdout);
    expect_port(fd, port, 120000);
    expect_text("the granted page", page, REPLY_TEXT);
    notify(fd, port);
    printf("xen-selftest: d%u replied in the page and signalled\n", peer);
    gntalloc_free(ga, page, index);
    unbind(fd, port);
    printf("xen-selftest: offer ok\n");
}

/* accept PEER PORT REF: bind to @peer's port, map its page, reply, signal. */
static void accept_offer(unsigned int peer, unsigned int port, uint32_t ref)
{
    struct ioctl_evtchn_bind_interdomain inter = { .remote_domain = peer,
                                                   .remote_port = port };
    int fd = open_dev("/dev/xen/evtchn"), gd = open_dev("/dev/xen/gntdev");
    int local = ioctl(fd, IOCTL_EVTCHN_BIND_INTERDOMAIN, &inter);
    __u64 index;
    char *page;

    if ( local < 0 )
        fail("IOCTL_EVTCHN_BIND_INTERDOMAIN");
    expect_port(fd, local, 5000);       /* raised by the bind itself */
    page = gntdev_map(gd, peer, ref, &index);
    expect_text("the peer's granted page", page, OFFER_TEXT);
    strcpy(page, REPLY_TEXT);
    gntdev_unmap(gd, page, index);
    notify(fd, local);
    expect_port(fd, local, 5000);
    printf("xen-selftest: d%u's page mapped, read, written; signalled both ways\n", peer);
    unbind(fd, local);
    printf("xen-selftest: accept ok\n");
}

int main(int argc, char **argv)
{
    if ( argc == 2 )
    {
        unsigned int domid = strtoul(argv[1], NULL, 0);

        evtchn_loop(domid);
        grant_loop(domid);
        printf("xen-selftest: ok\n");
    }
    else if ( argc == 3 && !strcmp(argv[1], "offer") )
        offer(strtoul(argv[2], NULL, 0));
    else if ( argc == 5 && !strcmp(argv[1], "accept") )
        accept_offer(strtoul(argv[2], NULL, 0), strtoul(argv[3], NULL, 0),
                     strtoul(argv[4], NULL, 0));
    else
    {
        fprintf(stderr, "usage: xen-selftest DOMID (this domain's id)\n"
                        "       xen-selftest offer PEER\n"
                        "       xen-selftest accept PEER PORT REF\n");
        return 2;
    }
    return 0;
}
