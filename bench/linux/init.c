/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * /init of the Linux domU of make bench (figure 7): the first user-space
 * instruction of the domain reads the virtual counter, which Xen 4.17 and
 * Xenith both start at 0 when they create the domain, prints the time since
 * then on the console, and powers the domain off.
 *
 * Static, no libc: Linux's arm64 system call ABI (number in x8, arguments
 * in x0-x5, svc #0).  EL0 may read CNTVCT_EL0: Linux allows it for its vDSO.
 */
#define SYS_write       64
#define SYS_reboot      142
#define REBOOT_MAGIC1   0xfee1dead
#define REBOOT_MAGIC2   672274793
#define REBOOT_POWER_OFF 0x4321fedc

typedef unsigned long u64;

static long sys3(long nr, long a0, long a1, long a2)
{
    register long x0 asm("x0") = a0;
    register long x1 asm("x1") = a1;
    register long x2 asm("x2") = a2;
    register long x8 asm("x8") = nr;

    asm volatile ( "svc #0" : "+r" (x0) : "r" (x1), "r" (x2), "r" (x8) : "memory" );
    return x0;
}

static char *put_str(char *p, const char *s)
{
    while ( *s )
        *p++ = *s++;
    return p;
}

static char *put_u64(char *p, u64 v)
{
    char digits[20];
    int n = 0;

    do {
        digits[n++] = (char)('0' + v % 10);
        v /= 10;
    } while ( v );
    while ( n )
        *p++ = digits[--n];
    return p;
}

void _start(void) __attribute__((noreturn));
void _start(void)
{
    u64 vct, freq, ns;
    char line[96], *p = line;

    asm volatile ( "isb\n\tmrs %0, cntvct_el0" : "=r" (vct) );
    asm volatile ( "mrs %0, cntfrq_el0" : "=r" (freq) );
    ns = vct / freq * 1000000000UL + vct % freq * 1000000000UL / freq;

    p = put_str(p, "BENCH linux_userspace ");
    p = put_u64(p, ns);
    p = put_str(p, " ns\nTest result: SUCCESS\n");
    sys3(SYS_write, 1, (long)line, p - line);
    sys3(SYS_reboot, REBOOT_MAGIC1, REBOOT_MAGIC2, REBOOT_POWER_OFF);
    for ( ;; )
        ;
}
