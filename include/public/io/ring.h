/* SPDX-License-Identifier: MIT */
/*
 * Shared request/response rings of the split drivers (Xen 4.17 names and
 * semantics).
 *
 * A ring lives in memory shared by a frontend and a backend.  The frontend
 * puts requests on it and takes responses off; the backend does the
 * opposite.  Slots hold a union of one request and one response, so a
 * response may reuse the slot of the request it answers.  Indices are
 * free-running RING_IDX counters; slot = index & (RING_SIZE - 1).
 *
 * Declaring a ring type:
 *     DEFINE_RING_TYPES(foo, struct foo_request, struct foo_response);
 * gives foo_sring_t (the shared page), foo_front_ring_t and foo_back_ring_t
 * (each end's private state).  Setting up, with the page's size:
 *     XEN_FRONT_RING_INIT(&front, (foo_sring_t *)page, 4096);
 *     BACK_RING_INIT(&back, (foo_sring_t *)page, 4096);
 * Only the frontend initialises the shared part.
 *
 * Producing: fill RING_GET_REQUEST(&front, front.req_prod_pvt++), then
 * publish with RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&front, notify) and send
 * an event if notify is set.  Consuming: take the slots between the
 * private consumer index and the shared producer index (copying each with
 * RING_COPY_REQUEST, since the other end can still write it), then use
 * RING_FINAL_CHECK_FOR_* before going to sleep: it asks the other end for
 * an event on the next message and closes the race with one that just
 * arrived.  The macros themselves do no locking and no flow control.
 *
 * The includer provides: the fixed-width integer types, and the barriers
 * xen_mb() (full), xen_rmb() (loads) and xen_wmb() (stores), which must
 * order accesses to memory shared with another domain.  The flexible rings
 * at the end also need size_t, memcpy() and grant_ref_t (grant_table.h).
 */
#ifndef __XEN_PUBLIC_IO_RING_H__
#define __XEN_PUBLIC_IO_RING_H__

#include "../xen-compat.h"

#if __XEN_INTERFACE_VERSION__ < 0x00030208
/* Old guests name their barriers without the prefix. */
#define xen_mb()  mb()
#define xen_rmb() rmb()
#define xen_wmb() wmb()
#endif

typedef unsigned int RING_IDX;

/*
 * The largest power of two not above x (0 for 0), x < 2^32, as a constant
 * expression: one comparison per bit, from the top.
 */
#define XEN_RING_P2_(x, n, lower) \
    ((x) >= (1UL << (n)) ? (1UL << (n)) : (lower))
#define XEN_RING_P2_8_(x, n, lower)                                         \
    XEN_RING_P2_(x, (n) + 7, XEN_RING_P2_(x, (n) + 6,                       \
    XEN_RING_P2_(x, (n) + 5, XEN_RING_P2_(x, (n) + 4,                       \
    XEN_RING_P2_(x, (n) + 3, XEN_RING_P2_(x, (n) + 2,                       \
    XEN_RING_P2_(x, (n) + 1, XEN_RING_P2_(x, (n), lower))))))))
#define XEN_RING_POW2_FLOOR(x)                                              \
    XEN_RING_P2_8_(x, 24, XEN_RING_P2_8_(x, 16,                             \
    XEN_RING_P2_8_(x, 8, XEN_RING_P2_8_(x, 0, 0UL))))

/*
 * Number of slots of a ring of type tag _s in _sz bytes of shared memory:
 * as many as fit after the header, rounded down to a power of two.
 * __CONST_RING_SIZE takes the tag and is a constant expression;
 * __RING_SIZE takes a pointer to the shared ring.
 */
#define __CONST_RING_SIZE(_s, _sz)                                          \
    XEN_RING_POW2_FLOOR(((_sz) -                                            \
                         XEN_PUBLIC_OFFSETOF(struct _s##_sring, ring)) /    \
                        sizeof(((struct _s##_sring *)0)->ring[0]))
#define __RING_SIZE(_s, _sz)                                                \
    XEN_RING_POW2_FLOOR(((_sz) -                                            \
                         (unsigned long)((char *)(_s)->ring -               \
                                         (char *)(_s))) /                   \
                        sizeof((_s)->ring[0]))

/*
 * The types of ring __name.  The shared page begins with the two producer
 * indices and the two event thresholds, then 4 bytes some protocols use
 * for their own flags (pvt), padding to 64 bytes, and the slots.
 */
#define DEFINE_RING_TYPES(__name, __req_t, __rsp_t)                         \
                                                                            \
union __name##_sring_entry {                                                \
    __req_t req;                                                            \
    __rsp_t rsp;                                                            \
};                                                                          \
                                                                            \
struct __name##_sring {                                                     \
    RING_IDX req_prod, req_event;                                           \
    RING_IDX rsp_prod, rsp_event;                                           \
    union {                                                                 \
        struct {                                                            \
            uint8_t smartpoll_active;                                       \
        } netif;                                                            \
        struct {                                                            \
            uint8_t msg;                                                    \
        } tapif_user;                                                       \
        uint8_t pvt_pad[4];                                                 \
    } pvt;                                                                  \
    uint8_t __pad[44];                                                      \
    union __name##_sring_entry ring[1]; /* as many as fit, see above */     \
};                                                                          \
                                                                            \
struct __name##_front_ring {                                                \
    RING_IDX req_prod_pvt;      /* next request slot to fill */             \
    RING_IDX rsp_cons;          /* next response to take */                 \
    unsigned int nr_ents;       /* number of slots */                       \
    struct __name##_sring *sring;                                           \
};                                                                          \
                                                                            \
struct __name##_back_ring {                                                 \
    RING_IDX rsp_prod_pvt;      /* next response slot to fill */            \
    RING_IDX req_cons;          /* next request to take */                  \
    unsigned int nr_ents;                                                   \
    struct __name##_sring *sring;                                           \
};                                                                          \
                                                                            \
typedef struct __name##_sring __name##_sring_t;                             \
typedef struct __name##_front_ring __name##_front_ring_t;                   \
typedef struct __name##_back_ring __name##_back_ring_t

/*
 * Empty shared ring: no messages, and the first message in each direction
 * will ask for an event (event threshold 1).
 */
#define SHARED_RING_INIT(_s) do {                                           \
    unsigned int xen_ri_;                                                   \
    (_s)->req_prod  = (_s)->rsp_prod  = 0;                                  \
    (_s)->req_event = (_s)->rsp_event = 1;                                  \
    for ( xen_ri_ = 0; xen_ri_ < sizeof((_s)->pvt.pvt_pad); xen_ri_++ )     \
        (_s)->pvt.pvt_pad[xen_ri_] = 0;                                     \
    for ( xen_ri_ = 0; xen_ri_ < sizeof((_s)->__pad); xen_ri_++ )           \
        (_s)->__pad[xen_ri_] = 0;                                           \
} while ( 0 )

/* Attach an end to a ring already in use, both its indices at _i. */
#define FRONT_RING_ATTACH(_r, _s, _i, __size) do {                          \
    (_r)->req_prod_pvt = (_i);                                              \
    (_r)->rsp_cons = (_i);                                                  \
    (_r)->nr_ents = __RING_SIZE(_s, __size);                                \
    (_r)->sring = (_s);                                                     \
} while ( 0 )

#define FRONT_RING_INIT(_r, _s, __size) FRONT_RING_ATTACH(_r, _s, 0, __size)

#define XEN_FRONT_RING_INIT(r, s, size) do {                                \
    SHARED_RING_INIT(s);                                                    \
    FRONT_RING_INIT(r, s, size);                                            \
} while ( 0 )

#define BACK_RING_ATTACH(_r, _s, _i, __size) do {                           \
    (_r)->rsp_prod_pvt = (_i);                                              \
    (_r)->req_cons = (_i);                                                  \
    (_r)->nr_ents = __RING_SIZE(_s, __size);                                \
    (_r)->sring = (_s);                                                     \
} while ( 0 )

#define BACK_RING_INIT(_r, _s, __size) BACK_RING_ATTACH(_r, _s, 0, __size)

/* Number of slots. */
#define RING_SIZE(_r)                                                       \
    ((_r)->nr_ents)

/* Frontend: slots not taken by a request still awaiting its response. */
#define RING_FREE_REQUESTS(_r)                                              \
    (RING_SIZE(_r) - ((_r)->req_prod_pvt - (_r)->rsp_cons))

/* Frontend: no slot for another request. */
#define RING_FULL(_r)                                                       \
    (RING_FREE_REQUESTS(_r) == 0)

/* Frontend: responses published and not yet taken. */
#define XEN_RING_NR_UNCONSUMED_RESPONSES(_r)                                \
    ((_r)->sring->rsp_prod - (_r)->rsp_cons)

/*
 * Backend: requests published and not yet taken, but never more than the
 * slots not holding an unpublished response (a frontend cannot
 * legitimately have more outstanding; this bounds a misbehaving one).
 */
#ifdef __GNUC__
#define XEN_RING_NR_UNCONSUMED_REQUESTS(_r) ({                              \
    unsigned int xen_req_ = (_r)->sring->req_prod - (_r)->req_cons;         \
    unsigned int xen_room_ = RING_SIZE(_r) -                                \
                             ((_r)->req_cons - (_r)->rsp_prod_pvt);         \
    xen_req_ < xen_room_ ? xen_req_ : xen_room_;                            \
})
#else
#define XEN_RING_NR_UNCONSUMED_REQUESTS(_r)                                 \
    ((((_r)->sring->req_prod - (_r)->req_cons) <                            \
      (RING_SIZE(_r) - ((_r)->req_cons - (_r)->rsp_prod_pvt))) ?            \
     ((_r)->sring->req_prod - (_r)->req_cons) :                             \
     (RING_SIZE(_r) - ((_r)->req_cons - (_r)->rsp_prod_pvt)))
#endif

/*
 * Whether there is work.  These give the count unless the includer defines
 * XEN_RING_HAS_UNCONSUMED_IS_BOOL, which makes them 0 or 1.
 */
#ifdef XEN_RING_HAS_UNCONSUMED_IS_BOOL
#define RING_HAS_UNCONSUMED_RESPONSES(_r) \
    (!!XEN_RING_NR_UNCONSUMED_RESPONSES(_r))
#define RING_HAS_UNCONSUMED_REQUESTS(_r) \
    (!!XEN_RING_NR_UNCONSUMED_REQUESTS(_r))
#else
#define RING_HAS_UNCONSUMED_RESPONSES(_r) XEN_RING_NR_UNCONSUMED_RESPONSES(_r)
#define RING_HAS_UNCONSUMED_REQUESTS(_r)  XEN_RING_NR_UNCONSUMED_REQUESTS(_r)
#endif

/* Pointer to the request or response in the slot of index _idx. */
#define RING_GET_REQUEST(_r, _idx)                                          \
    (&((_r)->sring->ring[((_idx) & (RING_SIZE(_r) - 1))].req))

#define RING_GET_RESPONSE(_r, _idx)                                         \
    (&((_r)->sring->ring[((_idx) & (RING_SIZE(_r) - 1))].rsp))

/*
 * Copy the message in a slot to *dest through a volatile access, so that
 * the compiler really makes the copy and the receiver checks and uses data
 * the other end can no longer change.  (A structure made only of
 * bit-fields may defeat this with some GCC versions, GCC bug 58145.)
 * C++ cannot assign from a volatile structure, so there the pointer is
 * volatile instead, as in Xen's header.
 */
#ifdef __cplusplus
#define RING_COPY_(type, r, idx, dest) do {                                 \
    *(dest) = *(volatile __typeof__(dest))RING_GET_##type(r, idx);          \
} while ( 0 )
#else
#define RING_COPY_(type, r, idx, dest) do {                                 \
    *(dest) = *(volatile __typeof__(*(dest)) *)RING_GET_##type(r, idx);     \
} while ( 0 )
#endif

#define RING_COPY_REQUEST(r, idx, req)  RING_COPY_(REQUEST, r, idx, req)
#define RING_COPY_RESPONSE(r, idx, rsp) RING_COPY_(RESPONSE, r, idx, rsp)

/* Backend loop guard: would consuming at _cons overrun our responses? */
#define RING_REQUEST_CONS_OVERFLOW(_r, _cons)                               \
    (((_cons) - (_r)->rsp_prod_pvt) >= RING_SIZE(_r))

/* Backend: does the frontend claim more requests than can exist? */
#define RING_REQUEST_PROD_OVERFLOW(_r, _prod)                               \
    (((_prod) - (_r)->rsp_prod_pvt) > RING_SIZE(_r))

/* Frontend: does the backend claim more responses than can exist? */
#define RING_RESPONSE_PROD_OVERFLOW(_r, _prod)                              \
    (((_prod) - (_r)->rsp_cons) > RING_SIZE(_r))

/* Publish the private producer index; the messages become visible first. */
#define RING_PUSH_REQUESTS(_r) do {                                         \
    xen_wmb();                                                              \
    (_r)->sring->req_prod = (_r)->req_prod_pvt;                             \
} while ( 0 )

#define RING_PUSH_RESPONSES(_r) do {                                        \
    xen_wmb();                                                              \
    (_r)->sring->rsp_prod = (_r)->rsp_prod_pvt;                             \
} while ( 0 )

/*
 * Publish, then set _notify if the receiver asked for an event for one of
 * the messages just published, i.e. its event threshold lies in
 * (old producer, new producer].  The full barrier orders our index update
 * before we read the threshold the receiver may be moving.
 */
#define RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(_r, _notify) do {               \
    RING_IDX xen_old_ = (_r)->sring->req_prod;                              \
    RING_IDX xen_new_ = (_r)->req_prod_pvt;                                 \
    xen_wmb();                                                              \
    (_r)->sring->req_prod = xen_new_;                                       \
    xen_mb();                                                               \
    (_notify) = ((RING_IDX)(xen_new_ - (_r)->sring->req_event) <            \
                 (RING_IDX)(xen_new_ - xen_old_));                          \
} while ( 0 )

#define RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(_r, _notify) do {              \
    RING_IDX xen_old_ = (_r)->sring->rsp_prod;                              \
    RING_IDX xen_new_ = (_r)->rsp_prod_pvt;                                 \
    xen_wmb();                                                              \
    (_r)->sring->rsp_prod = xen_new_;                                       \
    xen_mb();                                                               \
    (_notify) = ((RING_IDX)(xen_new_ - (_r)->sring->rsp_event) <            \
                 (RING_IDX)(xen_new_ - xen_old_));                          \
} while ( 0 )

/*
 * Before sleeping: if nothing is waiting, ask for an event on the very
 * next message, then look again in case one arrived meanwhile.
 * _work_to_do says whether there is work after all.  (To batch events,
 * set the threshold further ahead in one's own version of this.)
 */
#define RING_FINAL_CHECK_FOR_REQUESTS(_r, _work_to_do) do {                 \
    (_work_to_do) = RING_HAS_UNCONSUMED_REQUESTS(_r);                       \
    if ( _work_to_do )                                                      \
        break;                                                              \
    (_r)->sring->req_event = (_r)->req_cons + 1;                            \
    xen_mb();                                                               \
    (_work_to_do) = RING_HAS_UNCONSUMED_REQUESTS(_r);                       \
} while ( 0 )

#define RING_FINAL_CHECK_FOR_RESPONSES(_r, _work_to_do) do {                \
    (_work_to_do) = RING_HAS_UNCONSUMED_RESPONSES(_r);                      \
    if ( _work_to_do )                                                      \
        break;                                                              \
    (_r)->sring->rsp_event = (_r)->rsp_cons + 1;                            \
    xen_mb();                                                               \
    (_work_to_do) = RING_HAS_UNCONSUMED_RESPONSES(_r);                      \
} while ( 0 )

/*
 * Flexible rings: two byte streams, one each way, in a buffer of
 * 2^order pages split into an "in" and an "out" half, for protocols whose
 * messages vary in size (PV calls, 9pfs, the console when
 * XEN_WANT_FLEX_CONSOLE_RING is defined).
 *
 * DEFINE_XEN_FLEX_RING(name) defines, for ring halves of size ring_size
 * (a power of two), with indices already masked where the name says so:
 *   name_mask(idx, ring_size)         idx reduced into the ring
 *   name_get_ring_ptr(buf, idx, ring_size)  where idx lives in buf
 *   name_read_packet(opaque, buf, size, masked_prod, &masked_cons,
 *                    ring_size)       copy size bytes out, advance cons
 *   name_write_packet(buf, opaque, size, &masked_prod, masked_cons,
 *                     ring_size)      copy size bytes in, advance prod
 *   name_queued(prod, cons, ring_size)  bytes waiting (free-running
 *                                     indices); ring_size minus it is room
 *   struct name_data                  the two halves' addresses
 * The caller checks that the data (or the room) is there beforehand.
 * DEFINE_XEN_FLEX_RING_AND_INTF(name) adds struct name_data_intf, the
 * page holding both streams' indices, the order and the grant references
 * of the buffer.
 */
#ifndef XEN_PAGE_SHIFT
/* Ring protocols use 4 KiB pages whatever the guest's page size. */
#define XEN_PAGE_SHIFT 12
#endif
/* Bytes in each half of a flexible ring of 2^order pages. */
#define XEN_FLEX_RING_SIZE(order)                                           \
    (1UL << ((order) + XEN_PAGE_SHIFT - 1))

#define DEFINE_XEN_FLEX_RING(name)                                          \
static inline RING_IDX name##_mask(RING_IDX idx, RING_IDX ring_size)        \
{                                                                           \
    return idx & (ring_size - 1);                                           \
}                                                                           \
                                                                            \
static inline unsigned char *name##_get_ring_ptr(unsigned char *buf,        \
                                                 RING_IDX idx,              \
                                                 RING_IDX ring_size)        \
{                                                                           \
    return buf + name##_mask(idx, ring_size);                               \
}                                                                           \
                                                                            \
static inline void name##_read_packet(void *opaque,                         \
                                      const unsigned char *buf,             \
                                      size_t size,                          \
                                      RING_IDX masked_prod,                 \
                                      RING_IDX *masked_cons,                \
                                      RING_IDX ring_size)                   \
{                                                                           \
    size_t xen_to_end_ = ring_size - *masked_cons;                          \
                                                                            \
    (void)masked_prod;                                                      \
    if ( size <= xen_to_end_ )                                              \
        memcpy(opaque, buf + *masked_cons, size);                           \
    else                                                                    \
    {                                                                       \
        memcpy(opaque, buf + *masked_cons, xen_to_end_);                    \
        memcpy((unsigned char *)opaque + xen_to_end_, buf,                  \
               size - xen_to_end_);                                         \
    }                                                                       \
    *masked_cons = name##_mask(*masked_cons + size, ring_size);             \
}                                                                           \
                                                                            \
static inline void name##_write_packet(unsigned char *buf,                  \
                                       const void *opaque,                  \
                                       size_t size,                         \
                                       RING_IDX *masked_prod,               \
                                       RING_IDX masked_cons,                \
                                       RING_IDX ring_size)                  \
{                                                                           \
    size_t xen_to_end_ = ring_size - *masked_prod;                          \
                                                                            \
    (void)masked_cons;                                                      \
    if ( size <= xen_to_end_ )                                              \
        memcpy(buf + *masked_prod, opaque, size);                           \
    else                                                                    \
    {                                                                       \
        memcpy(buf + *masked_prod, opaque, xen_to_end_);                    \
        memcpy(buf, (const unsigned char *)opaque + xen_to_end_,            \
               size - xen_to_end_);                                         \
    }                                                                       \
    *masked_prod = name##_mask(*masked_prod + size, ring_size);             \
}                                                                           \
                                                                            \
static inline RING_IDX name##_queued(RING_IDX prod, RING_IDX cons,          \
                                     RING_IDX ring_size)                    \
{                                                                           \
    RING_IDX xen_used_ = (prod - cons) & (ring_size - 1);                   \
                                                                            \
    /* Equal indices: empty; equal slots but not indices: full. */          \
    if ( prod == cons )                                                     \
        return 0;                                                           \
    return xen_used_ ? xen_used_ : ring_size;                               \
}                                                                           \
                                                                            \
struct name##_data {                                                        \
    unsigned char *in;          /* the half we read */                      \
    unsigned char *out;         /* the half we write */                     \
}

#define DEFINE_XEN_FLEX_RING_AND_INTF(name)                                 \
XEN_PUBLIC_EXTENSION struct name##_data_intf {                              \
    RING_IDX in_cons, in_prod;                                              \
                                                                            \
    uint8_t pad1[56];                                                       \
                                                                            \
    RING_IDX out_cons, out_prod;                                            \
                                                                            \
    uint8_t pad2[56];                                                       \
                                                                            \
    RING_IDX ring_order;                                                    \
    grant_ref_t ref[];                                                      \
};                                                                          \
DEFINE_XEN_FLEX_RING(name)

#endif /* __XEN_PUBLIC_IO_RING_H__ */
