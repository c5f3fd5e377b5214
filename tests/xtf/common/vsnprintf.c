/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A small vsnprintf() for xtf guests (see xtf/lib.h for what it accepts).
 */
#include <xtf/lib.h>

#define F_LEFT      (1U << 0)       /* '-' */
#define F_ZERO      (1U << 1)       /* '0' */
#define F_ALT       (1U << 2)       /* '#' */
#define F_SIGNED    (1U << 3)
#define F_UPPER     (1U << 4)

struct out {
    char *buf;
    size_t size;
    size_t len;                     /* what the whole output needs */
};

struct spec {
    unsigned int flags;
    int width;
    int prec;                       /* -1: none */
    int length;                     /* 0 int, 1 long, 2 long long, -1 short, -2 char */
};

static void put(struct out *o, char c)
{
    if ( o->len + 1 < o->size )
        o->buf[o->len] = c;
    o->len++;
}

static void pad(struct out *o, char c, int n)
{
    while ( n-- > 0 )
        put(o, c);
}

static void put_str(struct out *o, const char *s, const struct spec *sp)
{
    int n, i;

    if ( !s )
        s = "(null)";
    n = strnlen(s, sp->prec >= 0 ? (size_t)sp->prec : (size_t)-1);
    if ( !(sp->flags & F_LEFT) )
        pad(o, ' ', sp->width - n);
    for ( i = 0; i < n; i++ )
        put(o, s[i]);
    if ( sp->flags & F_LEFT )
        pad(o, ' ', sp->width - n);
}

static void put_num(struct out *o, unsigned long long v, unsigned int base,
                    const struct spec *sp)
{
    const char *digits = (sp->flags & F_UPPER) ? "0123456789ABCDEF"
                                               : "0123456789abcdef";
    char tmp[24];
    const char *prefix = "";
    int n = 0, plen, zeros, total;

    if ( (sp->flags & F_SIGNED) && (long long)v < 0 )
    {
        prefix = "-";
        v = -(long long)v;
    }
    else if ( (sp->flags & F_ALT) && base == 16 && v )
        prefix = (sp->flags & F_UPPER) ? "0X" : "0x";
    do {
        tmp[n++] = digits[v % base];
        v /= base;
    } while ( v );

    plen = strlen(prefix);
    zeros = (sp->prec > n) ? sp->prec - n : 0;
    if ( (sp->flags & (F_ZERO | F_LEFT)) == F_ZERO && sp->prec < 0 )
        zeros = sp->width - plen - n > 0 ? sp->width - plen - n : 0;
    total = plen + zeros + n;
    if ( !(sp->flags & F_LEFT) )
        pad(o, ' ', sp->width - total);
    while ( *prefix )
        put(o, *prefix++);
    pad(o, '0', zeros);
    while ( n )
        put(o, tmp[--n]);
    if ( sp->flags & F_LEFT )
        pad(o, ' ', sp->width - total);
}

static const char *parse_spec(const char *fmt, struct spec *sp, va_list *ap)
{
    sp->flags = 0;
    sp->width = 0;
    sp->prec = -1;
    sp->length = 0;

    for ( ; ; fmt++ )
    {
        if ( *fmt == '-' )
            sp->flags |= F_LEFT;
        else if ( *fmt == '0' )
            sp->flags |= F_ZERO;
        else if ( *fmt == '#' )
            sp->flags |= F_ALT;
        else
            break;
    }
    if ( *fmt == '*' )
    {
        sp->width = va_arg(*ap, int);
        fmt++;
    }
    while ( *fmt >= '0' && *fmt <= '9' )
        sp->width = sp->width * 10 + (*fmt++ - '0');
    if ( *fmt == '.' )
    {
        sp->prec = 0;
        if ( *++fmt == '*' )
        {
            sp->prec = va_arg(*ap, int);
            fmt++;
        }
        while ( *fmt >= '0' && *fmt <= '9' )
            sp->prec = sp->prec * 10 + (*fmt++ - '0');
    }
    for ( ; ; fmt++ )
    {
        if ( *fmt == 'l' || *fmt == 'z' )
            sp->length++;
        else if ( *fmt == 'h' )
            sp->length--;
        else
            break;
    }
    if ( sp->width < 0 )
    {
        sp->flags |= F_LEFT;
        sp->width = -sp->width;
    }
    return fmt;
}

static unsigned long long get_arg(const struct spec *sp, va_list *ap)
{
    bool sgn = sp->flags & F_SIGNED;

    if ( sp->length >= 2 )
        return va_arg(*ap, unsigned long long);
    if ( sp->length == 1 )
        return sgn ? (unsigned long long)va_arg(*ap, long)
                   : va_arg(*ap, unsigned long);
    if ( sp->length == -1 )
        return sgn ? (unsigned long long)(short)va_arg(*ap, int)
                   : (unsigned short)va_arg(*ap, unsigned int);
    if ( sp->length <= -2 )
        return sgn ? (unsigned long long)(signed char)va_arg(*ap, int)
                   : (unsigned char)va_arg(*ap, unsigned int);
    return sgn ? (unsigned long long)va_arg(*ap, int)
               : va_arg(*ap, unsigned int);
}

static void convert(struct out *o, char c, struct spec *sp, va_list *ap)
{
    char ch;

    switch ( c )
    {
    case 'd': case 'i':
        sp->flags |= F_SIGNED;
        put_num(o, get_arg(sp, ap), 10, sp);
        break;
    case 'u':
        put_num(o, get_arg(sp, ap), 10, sp);
        break;
    case 'o':
        put_num(o, get_arg(sp, ap), 8, sp);
        break;
    case 'X':
        sp->flags |= F_UPPER;
        /* fall through */
    case 'x':
        put_num(o, get_arg(sp, ap), 16, sp);
        break;
    case 'p':
        sp->flags |= F_ALT;
        put_num(o, (uintptr_t)va_arg(*ap, void *), 16, sp);
        break;
    case 's':
        put_str(o, va_arg(*ap, const char *), sp);
        break;
    case 'c':
        ch = (char)va_arg(*ap, int);
        sp->prec = 1;
        put_str(o, &ch, sp);
        break;
    default:                        /* "%%" and unknown conversions */
        put(o, c);
        break;
    }
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct out o = { .buf = buf, .size = size, .len = 0 };
    struct spec sp;
    va_list aq;

    va_copy(aq, ap);
    while ( *fmt )
    {
        if ( *fmt != '%' )
        {
            put(&o, *fmt++);
            continue;
        }
        fmt = parse_spec(fmt + 1, &sp, &aq);
        if ( !*fmt )
            break;
        convert(&o, *fmt++, &sp, &aq);
    }
    va_end(aq);
    if ( size )
        buf[o.len < size ? o.len : size - 1] = '\0';
    return o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}
