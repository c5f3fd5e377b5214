/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Command-line options, with Xen's names and syntax (xen,xen-bootargs):
 * space-separated `name`, `no-name`, `name=value`, `name="quoted value"`.
 * Each option is declared next to the variable it sets and lands in the
 * xenith_params registry; cmdline_parse() applies a whole command line.
 */
#ifndef XENITH_PARAM_H
#define XENITH_PARAM_H

#include <xenith/lib.h>

enum param_type {
    PARAM_BOOL,     /* bool: name, no-name, name=yes|no|on|off|true|false|1|0 */
    PARAM_UINT,     /* unsigned integer of 1, 2, 4 or 8 bytes; 0x for hex */
    PARAM_SIZE,     /* uint64_t bytes; suffix K, M, G, T or B; none means K */
    PARAM_STRING,   /* char array, truncated to fit */
    PARAM_CUSTOM,   /* parsed by a function, which returns 0 or -errno */
};

struct kernel_param {
    const char *name;
    enum param_type type;
    unsigned int size;              /* of *var */
    void *var;
    int (*parse)(const char *value);
};

#define __param(_name, _type, _var, _fn)                                    \
    static const struct kernel_param __used __aligned(8)                    \
    __section("xenith_params") __param_##_var##_fn = {                      \
        .name = _name, .type = _type, .size = sizeof(_var), .var = &_var,   \
        .parse = NULL }

#define boolean_param(name, var)  __param(name, PARAM_BOOL, var, )
#define integer_param(name, var)  __param(name, PARAM_UINT, var, )
#define size_param(name, var)     __param(name, PARAM_SIZE, var, )
#define string_param(name, var)   __param(name, PARAM_STRING, var, )
#define custom_param(_name, _fn)                                            \
    static const struct kernel_param __used __aligned(8)                    \
    __section("xenith_params") __param_##_fn = {                            \
        .name = _name, .type = PARAM_CUSTOM, .parse = _fn }

/* Apply every option of @cmdline; returns the number of options refused. */
int cmdline_parse(const char *cmdline);

/* Value parsers shared with custom options. Return 0 or -EINVAL. */
int parse_bool(const char *s, bool *out);
uint64_t parse_size_and_unit(const char *s, const char **end);

#endif /* XENITH_PARAM_H */
