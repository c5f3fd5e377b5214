/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hypervisor command line, in Xen's syntax: options separated by
 * spaces; `name` or `no-name` for booleans; `name=value` for the rest,
 * where the value may be double-quoted to hold spaces.  Options that are
 * not known, or whose value does not parse, are reported and skipped.
 */
#include <xenith/errno.h>
#include <xenith/param.h>
#include <xenith/printk.h>

extern const struct kernel_param __start_xenith_params[], __stop_xenith_params[];

#define OPT_NAME_MAX   64
#define OPT_VALUE_MAX  256

int parse_bool(const char *s, bool *out)
{
    static const char *const yes[] = { "1", "yes", "on", "true", "enable" };
    static const char *const no[] = { "0", "no", "off", "false", "disable" };

    for ( size_t i = 0; i < ARRAY_SIZE(yes); i++ )
    {
        if ( !strcmp(s, yes[i]) )
        {
            *out = true;
            return 0;
        }
        if ( !strcmp(s, no[i]) )
        {
            *out = false;
            return 0;
        }
    }
    return -EINVAL;
}

uint64_t parse_size_and_unit(const char *s, const char **end)
{
    char *p;
    uint64_t v = strtoull(s, &p, 0);

    switch ( *p )
    {
    case 'T': case 't':
        v <<= 10;
        /* fall through */
    case 'G': case 'g':
        v <<= 10;
        /* fall through */
    case 'M': case 'm':
        v <<= 10;
        /* fall through */
    case 'K': case 'k':
        v <<= 10;
        /* fall through */
    case 'B': case 'b':
        p++;
        break;
    default:
        v <<= 10;           /* no unit: KiB, as Xen */
        break;
    }
    if ( end )
        *end = p;
    return v;
}

static int store_uint(const struct kernel_param *param, uint64_t v)
{
    switch ( param->size )
    {
    case 1: *(uint8_t *)param->var = (uint8_t)v; return v > UINT8_MAX ? -ERANGE : 0;
    case 2: *(uint16_t *)param->var = (uint16_t)v; return v > UINT16_MAX ? -ERANGE : 0;
    case 4: *(uint32_t *)param->var = (uint32_t)v; return v > UINT32_MAX ? -ERANGE : 0;
    case 8: *(uint64_t *)param->var = v; return 0;
    default: return -EINVAL;
    }
}

static int apply_value(const struct kernel_param *param, const char *value)
{
    const char *end;
    char *endp;
    uint64_t v;

    switch ( param->type )
    {
    case PARAM_BOOL:
        return value ? parse_bool(value, param->var) : (*(bool *)param->var = true, 0);
    case PARAM_UINT:
        if ( !value || !*value )
            return -EINVAL;
        v = strtoull(value, &endp, 0);
        return *endp ? -EINVAL : store_uint(param, v);
    case PARAM_SIZE:
        if ( !value || !*value )
            return -EINVAL;
        v = parse_size_and_unit(value, &end);
        return *end ? -EINVAL : store_uint(param, v);
    case PARAM_STRING:
        if ( !value )
            return -EINVAL;
        return strlcpy(param->var, value, param->size) >= param->size ? -E2BIG : 0;
    case PARAM_CUSTOM:
        return param->parse(value ? value : "");
    default:
        return -EINVAL;
    }
}

static const struct kernel_param *param_find(const char *name)
{
    for ( const struct kernel_param *p = __start_xenith_params;
          p < __stop_xenith_params; p++ )
        if ( !strcmp(p->name, name) )
            return p;
    return NULL;
}

/* One option: `name`, `no-name` or `name=value`. */
static int apply_option(const char *name, const char *value)
{
    const struct kernel_param *param = param_find(name);
    int rc;

    if ( !param && !value && !strncmp(name, "no-", 3) &&
         (param = param_find(name + 3)) && param->type == PARAM_BOOL )
    {
        *(bool *)param->var = false;
        return 0;
    }
    if ( !param )
    {
        printk(XENLOG_WARNING "parameter \"%s\" unknown!\n", name);
        return -ENOENT;
    }
    rc = apply_value(param, value);
    if ( rc )
        printk(XENLOG_WARNING "parameter \"%s\": bad value \"%s\" (%d)\n",
               name, value ? value : "", rc);
    return rc;
}

/* Copy one option out of @s into name/value; returns where it ended. */
static const char *split_option(const char *s, char *name, char *value, bool *has_value)
{
    size_t n = 0, v = 0;
    bool quoted = false;

    while ( *s && *s != ' ' && *s != '=' )
    {
        if ( n + 1 < OPT_NAME_MAX )
            name[n++] = *s;
        s++;
    }
    name[n] = '\0';
    *has_value = *s == '=';
    if ( *has_value )
        s++;
    while ( *has_value && *s && (quoted || *s != ' ') )
    {
        if ( *s == '"' )
            quoted = !quoted;
        else if ( v + 1 < OPT_VALUE_MAX )
            value[v++] = *s;
        s++;
    }
    value[v] = '\0';
    return s;
}

int cmdline_parse(const char *cmdline)
{
    char name[OPT_NAME_MAX], value[OPT_VALUE_MAX];
    bool has_value;
    int refused = 0;

    if ( !cmdline )
        return 0;
    while ( *cmdline )
    {
        if ( *cmdline == ' ' )
        {
            cmdline++;
            continue;
        }
        cmdline = split_option(cmdline, name, value, &has_value);
        if ( apply_option(name, has_value ? value : NULL) )
            refused++;
    }
    return refused;
}
