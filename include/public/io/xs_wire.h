/* SPDX-License-Identifier: MIT */
/*
 * The xenstore protocol (Xen 4.17): the messages a client exchanges with
 * the xenstore daemon, and the shared ring page a domain uses to carry
 * them (found with HVM_PARAM_STORE_PFN and HVM_PARAM_STORE_EVTCHN).
 *
 * A message is a struct xsd_sockmsg followed by len bytes of payload,
 * usually NUL-terminated strings.  A reply carries the request's type,
 * req_id and tx_id; an error reply has type XS_ERROR and the errno's name
 * (e.g. "ENOENT") as payload.
 */
#ifndef _XS_WIRE_H
#define _XS_WIRE_H

#include "../xen-compat.h"

enum xsd_sockmsg_type
{
    XS_CONTROL,                     /* 0 */
#define XS_DEBUG XS_CONTROL
    XS_DIRECTORY,
    XS_READ,
    XS_GET_PERMS,
    XS_WATCH,
    XS_UNWATCH,
    XS_TRANSACTION_START,
    XS_TRANSACTION_END,
    XS_INTRODUCE,
    XS_RELEASE,
    XS_GET_DOMAIN_PATH,             /* 10 */
    XS_WRITE,
    XS_MKDIR,
    XS_RM,
    XS_SET_PERMS,
    XS_WATCH_EVENT,
    XS_ERROR,
    XS_IS_DOMAIN_INTRODUCED,
    XS_RESUME,
    XS_SET_TARGET,                  /* 19 */
    /* 20 was XS_RESTRICT, withdrawn. */
    XS_RESET_WATCHES = XS_SET_TARGET + 2,
    XS_DIRECTORY_PART,

    XS_TYPE_COUNT,                  /* one more than the last valid type */

    XS_INVALID = 0xffff             /* never a valid type */
};

/* Flags of the old write command. */
#define XS_WRITE_NONE "NONE"
#define XS_WRITE_CREATE "CREATE"
#define XS_WRITE_CREATE_EXCL "CREATE|EXCL"

/*
 * Errors travel by name.  xsd_errors[] maps the includer's errno values to
 * those names, in a fixed order (new ones are only ever appended); it
 * exists when <errno.h> (or an equivalent defining EINVAL) came first.
 */
struct xsd_errors
{
    int errnum;
    const char *errstring;
};
#ifdef EINVAL
#define XSD_ERROR(x) { x, #x }
static const struct xsd_errors xsd_errors[]
#if defined(__GNUC__)
__attribute__((unused))
#endif
    = {
    XSD_ERROR(EINVAL),
    XSD_ERROR(EACCES),
    XSD_ERROR(EEXIST),
    XSD_ERROR(EISDIR),
    XSD_ERROR(ENOENT),
    XSD_ERROR(ENOMEM),
    XSD_ERROR(ENOSPC),
    XSD_ERROR(EIO),
    XSD_ERROR(ENOTEMPTY),
    XSD_ERROR(ENOSYS),
    XSD_ERROR(EROFS),
    XSD_ERROR(EBUSY),
    XSD_ERROR(EAGAIN),
    XSD_ERROR(EISCONN),
    XSD_ERROR(E2BIG),
    XSD_ERROR(EPERM),
};
#endif

struct xsd_sockmsg
{
    uint32_t type;                  /* XS_* */
    uint32_t req_id;                /* chosen by the client, echoed */
    uint32_t tx_id;                 /* transaction, 0 for none */
    uint32_t len;                   /* bytes of payload that follow */
};

/* The strings of an XS_WATCH_EVENT payload, in order. */
enum xs_watch_type
{
    XS_WATCH_PATH = 0,
    XS_WATCH_TOKEN
};

/*
 * The ring page.  Each direction is a byte stream in a 1 KiB ring with
 * free-running indices (byte i is at MASK_XENSTORE_IDX(i)); a message may
 * wrap and may arrive in pieces.  The guest produces req and consumes rsp;
 * both sides notify over the store event channel.
 */
#define XENSTORE_RING_SIZE 1024
typedef uint32_t XENSTORE_RING_IDX;
#define MASK_XENSTORE_IDX(idx) ((idx) & (XENSTORE_RING_SIZE - 1))
struct xenstore_domain_interface {
    char req[XENSTORE_RING_SIZE];   /* requests to the daemon */
    char rsp[XENSTORE_RING_SIZE];   /* replies and watch events */
    XENSTORE_RING_IDX req_cons, req_prod;
    XENSTORE_RING_IDX rsp_cons, rsp_prod;
    uint32_t server_features;       /* XENSTORE_SERVER_FEATURE_* */
    uint32_t connection;            /* XENSTORE_CONNECTED or _RECONNECT */
    uint32_t error;                 /* XENSTORE_ERROR_* */
};

/* The daemon drops a client whose message payload is longer than this. */
#define XENSTORE_PAYLOAD_MAX 4096

/* Longer paths just get an error. */
#define XENSTORE_ABS_PATH_MAX 3072
#define XENSTORE_REL_PATH_MAX 2048

/* server_features: the ring can be reconnected; the error field is used. */
#define XENSTORE_SERVER_FEATURE_RECONNECTION 1
#define XENSTORE_SERVER_FEATURE_ERROR        2

/* connection */
#define XENSTORE_CONNECTED 0        /* normal operation */
#define XENSTORE_RECONNECT 1        /* a reconnection is under way */

/* error */
#define XENSTORE_ERROR_NONE    0
#define XENSTORE_ERROR_COMM    1    /* communication failed */
#define XENSTORE_ERROR_RINGIDX 2    /* the ring indices were invalid */
#define XENSTORE_ERROR_PROTO   3    /* protocol violation (payload too long) */

#ifndef __ASSEMBLY__
XEN_PUBLIC_SIZE(struct xsd_sockmsg, 16);
XEN_PUBLIC_OFFSET(struct xsd_sockmsg, len, 12);
XEN_PUBLIC_SIZE(struct xenstore_domain_interface, 2076);
XEN_PUBLIC_OFFSET(struct xenstore_domain_interface, rsp, 1024);
XEN_PUBLIC_OFFSET(struct xenstore_domain_interface, req_cons, 2048);
XEN_PUBLIC_OFFSET(struct xenstore_domain_interface, rsp_prod, 2060);
XEN_PUBLIC_OFFSET(struct xenstore_domain_interface, server_features, 2064);
XEN_PUBLIC_OFFSET(struct xenstore_domain_interface, connection, 2068);
XEN_PUBLIC_OFFSET(struct xenstore_domain_interface, error, 2072);
#endif

#endif /* _XS_WIRE_H */
