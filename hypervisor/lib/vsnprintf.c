/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * printf-style formatting: flags - 0 + space #, width and precision (also
 * as *), lengths hh h l ll z t, conversions d i u x X o c s p %.
 * Output is always NUL-terminated when size > 0; the return value is the
 * length the full output would have had.
 */
#include <xenith/lib.h>

struct fmt_out {
    char *buf;
    size_t size;
    size_t len;
};

struct fmt_spec {
    bool left, zero, plus, space, alt;
    int width;
    int precision;      /* -1: none */
};

static void out_char(struct fmt_out *o, char c)
{
    if ( o->len + 1 < o->size )
        o->buf[o->len] = c;
    o->len++;
}

static void out_pad(struct fmt_out *o, char c, int n)
{
    while ( n-- > 0 )
        out_char(o, c);
}

static void out_string(struct fmt_out *o, const struct fmt_spec *f, const char *s)
{
    int len;

    if ( !s )
        s = "(null)";
    len = (int)strnlen(s, f->precision < 0 ? (size_t)-1 : (size_t)f->precision);
    if ( !f->left )
        out_pad(o, ' ', f->width - len);
    for ( int i = 0; i < len; i++ )
        out_char(o, s[i]);
    if ( f->left )
        out_pad(o, ' ', f->width - len);
}

static void out_number(struct fmt_out *o, const struct fmt_spec *f,
                       unsigned long long v, bool negative, unsigned int base,
                       bool upper)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char tmp[24];
    int n = 0, prefix_len, zeros, total;
    const char *prefix = "";

    do {
        tmp[n++] = digits[v % base];
        v /= base;
    } while ( v );

    if ( negative )
        prefix = "-";
    else if ( f->plus )
        prefix = "+";
    else if ( f->space )
        prefix = " ";
    else if ( f->alt && base == 16 )
        prefix = upper ? "0X" : "0x";
    else if ( f->alt && base == 8 && tmp[n - 1] != '0' )
        prefix = "0";
    prefix_len = (int)strlen(prefix);

    zeros = f->precision > n ? f->precision - n : 0;
    total = prefix_len + zeros + n;
    if ( f->zero && !f->left && f->precision < 0 && f->width > total )
    {
        zeros += f->width - total;
        total = f->width;
    }

    if ( !f->left )
        out_pad(o, ' ', f->width - total);
    for ( int i = 0; i < prefix_len; i++ )
        out_char(o, prefix[i]);
    out_pad(o, '0', zeros);
    while ( n )
        out_char(o, tmp[--n]);
    if ( f->left )
        out_pad(o, ' ', f->width - total);
}

static const char *parse_int(const char *p, int *val, va_list *args)
{
    if ( *p == '*' )
    {
        *val = va_arg(*args, int);
        return p + 1;
    }
    for ( *val = 0; *p >= '0' && *p <= '9'; p++ )
        *val = *val * 10 + (*p - '0');
    return p;
}

static const char *parse_spec(const char *p, struct fmt_spec *f, va_list *args)
{
    memset(f, 0, sizeof(*f));
    f->precision = -1;
    for ( ; ; p++ )
    {
        if ( *p == '-' ) f->left = true;
        else if ( *p == '0' ) f->zero = true;
        else if ( *p == '+' ) f->plus = true;
        else if ( *p == ' ' ) f->space = true;
        else if ( *p == '#' ) f->alt = true;
        else break;
    }
    p = parse_int(p, &f->width, args);
    if ( f->width < 0 )
    {
        f->left = true;
        f->width = -f->width;
    }
    if ( *p == '.' )
    {
        p = parse_int(p + 1, &f->precision, args);
        if ( f->precision < 0 )
            f->precision = -1;
    }
    return p;
}

/* Length modifiers, counted as the number of 'l's they amount to. */
static const char *parse_length(const char *p, int *longs, int *shorts)
{
    *longs = *shorts = 0;
    for ( ; ; p++ )
    {
        if ( *p == 'l' ) (*longs)++;
        else if ( *p == 'h' ) (*shorts)++;
        else if ( *p == 'z' || *p == 't' ) *longs = 1;
        else return p;
    }
}

static unsigned long long fetch_unsigned(va_list *args, int longs, int shorts)
{
    if ( longs >= 2 ) return va_arg(*args, unsigned long long);
    if ( longs == 1 ) return va_arg(*args, unsigned long);
    if ( shorts >= 2 ) return (unsigned char)va_arg(*args, unsigned int);
    if ( shorts == 1 ) return (unsigned short)va_arg(*args, unsigned int);
    return va_arg(*args, unsigned int);
}

static long long fetch_signed(va_list *args, int longs, int shorts)
{
    if ( longs >= 2 ) return va_arg(*args, long long);
    if ( longs == 1 ) return va_arg(*args, long);
    if ( shorts >= 2 ) return (signed char)va_arg(*args, int);
    if ( shorts == 1 ) return (short)va_arg(*args, int);
    return va_arg(*args, int);
}

static void format_one(struct fmt_out *o, struct fmt_spec *f, char conv,
                       int longs, int shorts, va_list *args)
{
    long long sv;
    char c;

    switch ( conv )
    {
    case 'd':
    case 'i':
        sv = fetch_signed(args, longs, shorts);
        out_number(o, f, sv < 0 ? -(unsigned long long)sv : (unsigned long long)sv,
                   sv < 0, 10, false);
        break;
    case 'u':
        out_number(o, f, fetch_unsigned(args, longs, shorts), false, 10, false);
        break;
    case 'x':
    case 'X':
        out_number(o, f, fetch_unsigned(args, longs, shorts), false, 16, conv == 'X');
        break;
    case 'o':
        out_number(o, f, fetch_unsigned(args, longs, shorts), false, 8, false);
        break;
    case 'p':
        f->alt = true;
        out_number(o, f, (unsigned long)va_arg(*args, void *), false, 16, false);
        break;
    case 'c':
        c = (char)va_arg(*args, int);
        f->precision = 1;
        out_string(o, f, &c);
        break;
    case 's':
        out_string(o, f, va_arg(*args, const char *));
        break;
    case '%':
        out_char(o, '%');
        break;
    default:
        out_char(o, '%');
        out_char(o, conv);
        break;
    }
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list args)
{
    struct fmt_out o = { .buf = buf, .size = size, .len = 0 };
    struct fmt_spec f;
    va_list ap;
    int longs, shorts;

    va_copy(ap, args);
    while ( *fmt )
    {
        if ( *fmt != '%' )
        {
            out_char(&o, *fmt++);
            continue;
        }
        fmt = parse_spec(fmt + 1, &f, &ap);
        fmt = parse_length(fmt, &longs, &shorts);
        if ( !*fmt )
            break;
        format_one(&o, &f, *fmt++, longs, shorts, &ap);
    }
    va_end(ap);
    if ( size )
        buf[o.len < size ? o.len : size - 1] = '\0';
    return (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list args;
    int n;

    va_start(args, fmt);
    n = vsnprintf(buf, size, fmt, args);
    va_end(args);
    return n;
}
