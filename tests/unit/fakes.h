/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Fakes of hypervisor services shared by several unit tests, each defined
 * once in a fake_*.c that a test lists in its UNIT_SRCS_<name>
 * (tests/unit/build.mk).  They count what they hand out so that a test
 * can check every get was put and every allocation freed.
 */
#ifndef TESTS_UNIT_FAKES_H
#define TESTS_UNIT_FAKES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct domain;

/*
 * fake_alloc.c: xzalloc_bytes()/xfree() and alloc_xenheap_pages()/
 * free_xenheap_pages() on the host heap; live allocations of both counted.
 */
extern long fake_live_allocs;

/*
 * fake_domain.c: get_domain()/get_knownalive_domain()/put_domain() count
 * references (a put without a get fails the test); domain_pause_nosync()/
 * domain_unpause() count pauses, which must balance.  A test's own
 * get_domain_by_id() takes its reference with fake_domain_ref().
 */
extern int fake_domain_refs;
/* +1 reference on @d and @d, or NULL if @d is NULL or dying. */
struct domain *fake_domain_ref(struct domain *d);

/*
 * fake_guest_copy.c: guest virtual memory is fake_guest_mem at GUEST_VA;
 * copy_from_guest()/copy_to_guest() outside it fail with -EFAULT as the
 * real ones do on unmapped addresses.  fake_copy_to_guest_hook, if set,
 * sees every copy to the guest first (a test that records them).
 */
#define GUEST_VA        0x40001000UL
#define GUEST_SIZE      8192
extern uint8_t fake_guest_mem[GUEST_SIZE];
extern void (*fake_copy_to_guest_hook)(uint64_t gva, const void *src, size_t len);

/*
 * fake_ram.c: "RAM" is an aligned arena of this process (fake_ram, a
 * machine address being a pointer on the host arch), the only bank of
 * bootinfo.  fake_ram_init() starts the page allocator on it afresh.
 */
#define FAKE_RAM_SIZE   (16UL << 20)
extern char *fake_ram;
void fake_ram_init(void);

#endif /* TESTS_UNIT_FAKES_H */
