/* SPDX-License-Identifier: GPL-2.0-only */
/* Freestanding string and memory functions (also what libfdt links to). */
#include <string.h>
#include <xenith/lib.h>

/* Word accesses that may alias any object, for memcpy and memset. */
typedef uint64_t __attribute__((__may_alias__)) word_t;

/*
 * 64 bytes a step, then a word at a time, when both pointers are 8-byte
 * aligned (the compiler pairs the eight loads and the eight stores): kernel
 * images, grant copies and guest pages go through here, and TCG makes
 * every instruction count.
 */
void *memcpy(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;

    if ( !(((uintptr_t)d | (uintptr_t)s) & 7) )
    {
        for ( ; n >= 64; n -= 64, d += 64, s += 64 )
        {
            const word_t *sw = (const word_t *)s;
            word_t *dw = (word_t *)d;
            word_t w0 = sw[0], w1 = sw[1], w2 = sw[2], w3 = sw[3];
            word_t w4 = sw[4], w5 = sw[5], w6 = sw[6], w7 = sw[7];

            dw[0] = w0; dw[1] = w1; dw[2] = w2; dw[3] = w3;
            dw[4] = w4; dw[5] = w5; dw[6] = w6; dw[7] = w7;
        }
        for ( ; n >= 8; n -= 8, d += 8, s += 8 )
            *(word_t *)d = *(const word_t *)s;
    }
    while ( n-- )
        *d++ = *s++;
    return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;

    if ( d <= s || d >= s + n )
        return memcpy(dst, src, n);
    while ( n-- )
        d[n] = s[n];
    return dst;
}

void *memset(void *p, int c, size_t n)
{
    unsigned char *d = p;
    uint64_t word = 0x0101010101010101ULL * (unsigned char)c;

    for ( ; n && ((uintptr_t)d & 7); n-- )
        *d++ = (unsigned char)c;
    for ( ; n >= 8; n -= 8, d += 8 )
        *(word_t *)d = word;
    while ( n-- )
        *d++ = (unsigned char)c;
    return p;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const unsigned char *x = a, *y = b;

    for ( ; n; n--, x++, y++ )
        if ( *x != *y )
            return *x - *y;
    return 0;
}

void *memchr(const void *p, int c, size_t n)
{
    const unsigned char *s = p;

    for ( ; n; n--, s++ )
        if ( *s == (unsigned char)c )
            return (void *)s;
    return NULL;
}

size_t strlen(const char *s)
{
    const char *e = s;

    while ( *e )
        e++;
    return (size_t)(e - s);
}

size_t strnlen(const char *s, size_t max)
{
    size_t n = 0;

    while ( n < max && s[n] )
        n++;
    return n;
}

int strcmp(const char *a, const char *b)
{
    while ( *a && *a == *b )
        a++, b++;
    return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
    for ( ; n; n--, a++, b++ )
        if ( *a != *b || !*a )
            return (unsigned char)*a - (unsigned char)*b;
    return 0;
}

char *strchr(const char *s, int c)
{
    for ( ; ; s++ )
    {
        if ( *s == (char)c )
            return (char *)s;
        if ( !*s )
            return NULL;
    }
}

char *strrchr(const char *s, int c)
{
    const char *last = NULL;

    for ( ; ; s++ )
    {
        if ( *s == (char)c )
            last = s;
        if ( !*s )
            return (char *)last;
    }
}

char *strstr(const char *haystack, const char *needle)
{
    size_t n = strlen(needle);

    for ( ; *haystack; haystack++ )
        if ( !strncmp(haystack, needle, n) )
            return (char *)haystack;
    return n ? NULL : (char *)haystack;
}

static int digit_value(char c)
{
    if ( c >= '0' && c <= '9' )
        return c - '0';
    if ( c >= 'a' && c <= 'z' )
        return c - 'a' + 10;
    if ( c >= 'A' && c <= 'Z' )
        return c - 'A' + 10;
    return 36;
}

/* Base 0 means: 0x prefix is hex, a leading 0 is octal, otherwise decimal. */
unsigned long long strtoull(const char *s, char **end, int base)
{
    unsigned long long v = 0;

    while ( *s == ' ' || *s == '\t' )
        s++;
    if ( (base == 0 || base == 16) && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') &&
         digit_value(s[2]) < 16 )
    {
        s += 2;
        base = 16;
    }
    else if ( base == 0 )
        base = s[0] == '0' ? 8 : 10;

    for ( ; digit_value(*s) < base; s++ )
        v = v * (unsigned long long)base + (unsigned long long)digit_value(*s);
    if ( end )
        *end = (char *)s;
    return v;
}

unsigned long strtoul(const char *s, char **end, int base)
{
    return (unsigned long)strtoull(s, end, base);
}
