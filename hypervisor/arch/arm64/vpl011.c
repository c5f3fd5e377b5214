/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The virtual SBSA UART (see asm/vpl011.h), with Xenith as the backend,
 * behaving as Xen 4.17's vpl011 with its Xen backend does:
 *
 * - Output is synchronous: a character written to DR is on the console
 *   already, so TXFF and BUSY never set.  As on Xen, a write clears TXFE
 *   and sets TXI, and TXFE comes back when input arrives.
 * - Lines are printed whole, "DOM<n>: <line>", cut after 126 characters
 *   (Xen's 128-byte buffer keeps room for the '\n' and the NUL).  The
 *   domain that has the console input is echoed character by character,
 *   without the prefix, so that a shell's prompt shows.
 * - The interrupt is raised when a masked status bit appears that was not
 *   there at the last injection, as Xen's vGIC has no level interrupts.
 * - Registers: DR, RSR, FR, RIS, MIS, IMSC, ICR as Xen; in addition the
 *   PL011's CR, LCR_H, IBRD, FBRD, IFLS (kept, no effect), DMACR (RAZ/WI)
 *   and the peripheral and PrimeCell IDs, where Xen injects an abort.
 *   8-byte and misaligned accesses, and others, abort as on Xen.
 */
#include <xenith/console.h>
#include <xenith/errno.h>
#include <xenith/param.h>
#include <xenith/printk.h>
#include <xenith/pv_console.h>
#include <xenith/sched.h>
#include <xenith/xmalloc.h>
#include <asm/mmio.h>
#include <asm/vgic.h>
#include <asm/vpl011.h>
#include <public/arch-arm.h>

/* Registers (PL011 TRM; the SBSA generic UART is a subset) */
#define UART_DR         0x000
#define UART_RSR        0x004
#define UART_FR         0x018
#define UART_IBRD       0x024
#define UART_FBRD       0x028
#define UART_LCR_H      0x02c
#define UART_CR         0x030
#define UART_IFLS       0x034
#define UART_IMSC       0x038
#define UART_RIS        0x03c
#define UART_MIS        0x040
#define UART_ICR        0x044
#define UART_DMACR      0x048
#define UART_PERIPHID0  0xfe0
#define UART_CELLID3    0xffc

/* FR */
#define FR_BUSY         (1U << 3)
#define FR_RXFE         (1U << 4)
#define FR_TXFF         (1U << 5)
#define FR_RXFF         (1U << 6)
#define FR_TXFE         (1U << 7)

/* RIS, MIS, IMSC, ICR */
#define INT_RX          (1U << 4)
#define INT_TX          (1U << 5)
#define INT_RT          (1U << 6)

#define CR_RESET        0x300           /* TXE | RXE */
#define IFLS_RESET      0x12            /* both FIFOs at half */

/* Peripheral ID 0-3 (a PL011 r1p5) and PrimeCell ID 0-3, one byte each */
static const uint8_t uart_ids[8] = { 0x11, 0x10, 0x34, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };

/* The RX interrupt asserts at half-full, as Xen assumes the PL011 default. */
#define RX_FIFO_LEVEL   (VPL011_RX_FIFO_SIZE / 2)

#define FOCUS_XENITH    DOMID_XEN

static DEFINE_SPINLOCK(vpl011_list_lock);
/* Protected by vpl011_list_lock: */
static struct vpl011 *vpl011_list;     /* by ascending domain id */
static domid_t console_focus = FOCUS_XENITH;   /* read unlocked by output */
static unsigned int switch_presses;

/* Xen's conswitch=: the letter that, pressed three times with Ctrl, switches. */
static char opt_conswitch[3] = "a";
string_param("conswitch", opt_conswitch);

static char switch_code(void)
{
    char c = opt_conswitch[0];

    return c >= 'a' && c <= 'z' ? (char)(c - 'a' + 1) : 0;
}

/* ---------------------------------------------------------------- registers */

/* Raise the SPI for status bits that appeared since the last time. */
static void vpl011_update_irq(struct vpl011 *u)
{
    uint32_t mis = u->ris & u->imsc;

    if ( mis & ~u->shadow_mis )
        vgic_inject_irq(u->d, NULL, GUEST_VPL011_SPI, true);
    u->shadow_mis = mis;
}

static void vpl011_write_dr(struct vpl011 *u, char c)
{
    console_line_putc(&u->out, u->d->domain_id, c);
    u->ris |= INT_TX;
    u->fr &= ~FR_TXFE;
    vpl011_update_irq(u);
}

static uint32_t vpl011_read_dr(struct vpl011 *u)
{
    unsigned int level = u->rx_prod - u->rx_cons;
    uint32_t data = 0;

    if ( level )
    {
        data = (uint8_t)u->rx[u->rx_cons++ % VPL011_RX_FIFO_SIZE];
        level--;
        if ( !level )
        {
            u->fr |= FR_RXFE;
            u->ris &= ~INT_RT;
        }
        if ( level < VPL011_RX_FIFO_SIZE - RX_FIFO_LEVEL )
            u->ris &= ~INT_RX;
        vpl011_update_irq(u);
    }
    u->fr &= ~FR_RXFF;
    return data;
}

/* The 32-bit register at @reg as read; false: not emulated (abort). */
static bool vpl011_reg_read(struct vpl011 *u, unsigned int reg, uint32_t *val)
{
    switch ( reg )
    {
    case UART_DR:       *val = vpl011_read_dr(u); return true;
    case UART_RSR:      *val = 0; return true;     /* no receive errors */
    case UART_FR:       *val = u->fr; return true;
    case UART_IBRD:     *val = u->ibrd; return true;
    case UART_FBRD:     *val = u->fbrd; return true;
    case UART_LCR_H:    *val = u->lcr_h; return true;
    case UART_CR:       *val = u->cr; return true;
    case UART_IFLS:     *val = u->ifls; return true;
    case UART_IMSC:     *val = u->imsc; return true;
    case UART_RIS:      *val = u->ris; return true;
    case UART_MIS:      *val = u->ris & u->imsc; return true;
    case UART_DMACR:    *val = 0; return true;
    }
    if ( reg >= UART_PERIPHID0 && reg <= UART_CELLID3 )
    {
        *val = uart_ids[(reg - UART_PERIPHID0) / 4];
        return true;
    }
    return false;                                   /* ICR is write-only */
}

/* @reg becomes @val (merged with its old value by the caller). */
static bool vpl011_reg_write(struct vpl011 *u, unsigned int reg, uint32_t val,
                             uint32_t written)
{
    switch ( reg )
    {
    case UART_DR:       vpl011_write_dr(u, (char)(val & 0xff)); return true;
    case UART_IBRD:     u->ibrd = val; return true;
    case UART_FBRD:     u->fbrd = val; return true;
    case UART_LCR_H:    u->lcr_h = val; return true;
    case UART_CR:       u->cr = val; return true;
    case UART_IFLS:     u->ifls = val; return true;
    case UART_IMSC:     u->imsc = val; vpl011_update_irq(u); return true;
    case UART_ICR:      u->ris &= ~written; vpl011_update_irq(u); return true;
    case UART_RSR:
    case UART_FR:
    case UART_RIS:
    case UART_MIS:
    case UART_DMACR:
        return true;                                /* read-only or nothing to do */
    }
    return reg >= UART_PERIPHID0 && reg <= UART_CELLID3;
}

/* The register of an access; -EINVAL for 8-byte or misaligned ones. */
static int vpl011_decode(const struct mmio_access *a, unsigned int *reg, unsigned int *shift,
                         uint32_t *mask)
{
    unsigned int off = a->gpa - GUEST_PL011_BASE;

    if ( a->size > 4 || (off & (a->size - 1)) )
        return -EINVAL;
    *reg = off & ~3U;
    *shift = (off & 3) * 8;
    *mask = a->size == 4 ? ~0U : (1U << (a->size * 8)) - 1;
    return 0;
}

static void vpl011_refuse(struct vcpu *v, const struct mmio_access *a)
{
    printk(XENLOG_DEBUG "d%uv%u: vPL011: %u-byte %s at offset %#lx not emulated\n",
           v->domain->domain_id, v->vcpu_id, a->size, a->write ? "write" : "read",
           (unsigned long)(a->gpa - GUEST_PL011_BASE));
}

static int vpl011_mmio_read(struct vcpu *v, const struct mmio_access *a, uint64_t *val,
                            void *priv)
{
    struct vpl011 *u = priv;
    unsigned int reg, shift;
    uint32_t mask, r = 0;
    unsigned long flags;
    bool ok;

    if ( vpl011_decode(a, &reg, &shift, &mask) )
        ok = false;
    else
    {
        spin_lock_irqsave(&u->lock, flags);
        ok = vpl011_reg_read(u, reg, &r);
        spin_unlock_irqrestore(&u->lock, flags);
    }
    if ( !ok )
    {
        vpl011_refuse(v, a);
        return -EINVAL;
    }
    *val = (r >> shift) & mask;
    return 0;
}

static int vpl011_mmio_write(struct vcpu *v, const struct mmio_access *a, uint64_t val,
                             void *priv)
{
    struct vpl011 *u = priv;
    unsigned int reg, shift;
    uint32_t mask, old = 0, written;
    unsigned long flags;
    bool ok = false;

    if ( !vpl011_decode(a, &reg, &shift, &mask) )
    {
        written = ((uint32_t)val & mask) << shift;
        spin_lock_irqsave(&u->lock, flags);
        /* Partial writes keep the other bytes; DR and ICR start from 0. */
        if ( reg != UART_DR && reg != UART_ICR && !vpl011_reg_read(u, reg, &old) )
            old = 0;
        ok = vpl011_reg_write(u, reg, (old & ~(mask << shift)) | written, written);
        spin_unlock_irqrestore(&u->lock, flags);
    }
    if ( !ok )
    {
        vpl011_refuse(v, a);
        return -EINVAL;
    }
    return 0;
}

static const struct mmio_handler_ops vpl011_mmio_ops = {
    .read = vpl011_mmio_read,
    .write = vpl011_mmio_write,
};

/* ---------------------------------------------------------------- input */

/* A typed character into the receive FIFO (dropped when it is full, as on Xen). */
static void vpl011_rx_char(struct vpl011 *u, char c)
{
    unsigned long flags;
    unsigned int level;

    spin_lock_irqsave(&u->lock, flags);
    if ( u->rx_prod - u->rx_cons < VPL011_RX_FIFO_SIZE )
    {
        u->rx[u->rx_prod++ % VPL011_RX_FIFO_SIZE] = c;
        level = u->rx_prod - u->rx_cons;
        u->fr &= ~(FR_RXFE | FR_TXFF | FR_BUSY);
        if ( level == VPL011_RX_FIFO_SIZE )
            u->fr |= FR_RXFF;
        if ( level >= VPL011_RX_FIFO_SIZE - RX_FIFO_LEVEL )
            u->ris |= INT_RX;
        /* No timing is emulated: the receive timeout is immediate. */
        u->ris |= INT_RT | INT_TX;
        vpl011_update_irq(u);
        u->fr |= FR_TXFE;
    }
    spin_unlock_irqrestore(&u->lock, flags);
}

static struct vpl011 *vpl011_find(domid_t domid)
{
    struct vpl011 *u = vpl011_list;

    while ( u && u->d->domain_id != domid )
        u = u->next;
    return u;
}

static void announce_focus(void)
{
    char who[16], how[64] = "";

    if ( console_focus == FOCUS_XENITH )
        snprintf(who, sizeof(who), "Xenith");
    else
        snprintf(who, sizeof(who), "DOM%u", console_focus);
    if ( switch_code() )
        snprintf(how, sizeof(how), " (type 'CTRL-%c' three times to switch input)",
                 opt_conswitch[0]);
    printk("*** Serial input to %s%s\n", who, how);
}

/* Xenith, then each domain with a UART or a PV console by id, then Xenith again. */
static void switch_focus(void)
{
    struct vpl011 *u = vpl011_list;
    unsigned int from = console_focus == FOCUS_XENITH ? 0 : console_focus + 1;

    while ( u && u->d->domain_id < from )
        u = u->next;
    /* FOCUS_XENITH is above every domain id. */
    console_focus = min(u ? u->d->domain_id : FOCUS_XENITH, pv_console_next(from));
    announce_focus();
}

bool guest_console_focused(unsigned int domid)
{
    return ACCESS_ONCE(console_focus) == domid;
}

/* @c to the focused domain's UART and PV console: false if it has neither. */
static bool focus_rx_char(char c)
{
    struct vpl011 *u;
    bool pv;

    if ( console_focus == FOCUS_XENITH )
        return false;
    u = vpl011_find(console_focus);
    if ( u )
        vpl011_rx_char(u, c);
    pv = pv_console_receive(console_focus, c);
    return u || pv;
}

bool guest_console_receive(char c)
{
    unsigned long flags;
    char code = switch_code();
    bool taken;

    spin_lock_irqsave(&vpl011_list_lock, flags);
    if ( code && c == code )
    {
        if ( ++switch_presses == 3 )
        {
            switch_presses = 0;
            switch_focus();
        }
        spin_unlock_irqrestore(&vpl011_list_lock, flags);
        return true;
    }
    /* Fewer than three switch characters were meant for the guest. */
    for ( ; switch_presses; switch_presses-- )
        focus_rx_char(code);
    taken = focus_rx_char(c);
    spin_unlock_irqrestore(&vpl011_list_lock, flags);
    return taken;
}

void vpl011_console_announce(void)
{
    unsigned long flags;

    spin_lock_irqsave(&vpl011_list_lock, flags);
    if ( vpl011_list || pv_console_next(0) != FOCUS_XENITH )
        announce_focus();
    spin_unlock_irqrestore(&vpl011_list_lock, flags);
}

void guest_console_release(unsigned int domid)
{
    unsigned long flags;

    spin_lock_irqsave(&vpl011_list_lock, flags);
    if ( console_focus == domid )
    {
        console_focus = FOCUS_XENITH;
        announce_focus();
    }
    spin_unlock_irqrestore(&vpl011_list_lock, flags);
}

/* ---------------------------------------------------------------- domains */

static void vpl011_list_add(struct vpl011 *u)
{
    struct vpl011 **pp = &vpl011_list;
    unsigned long flags;

    spin_lock_irqsave(&vpl011_list_lock, flags);
    while ( *pp && (*pp)->d->domain_id < u->d->domain_id )
        pp = &(*pp)->next;
    u->next = *pp;
    *pp = u;
    spin_unlock_irqrestore(&vpl011_list_lock, flags);
}

int domain_vpl011_init(struct domain *d)
{
    struct vpl011 *u;
    int rc;

    if ( d->arch.vpl011 )
        return -EEXIST;
    rc = vgic_claim_spi(d, GUEST_VPL011_SPI, true);
    if ( rc )
        return rc;
    u = xzalloc(struct vpl011);
    if ( !u )
    {
        vgic_claim_spi(d, GUEST_VPL011_SPI, false);
        return -ENOMEM;
    }
    spin_lock_init(&u->lock);
    u->d = d;
    u->fr = FR_TXFE | FR_RXFE;
    u->cr = CR_RESET;
    u->ifls = IFLS_RESET;
    rc = register_mmio_handler(d, &vpl011_mmio_ops, GUEST_PL011_BASE, GUEST_PL011_SIZE, u);
    if ( rc )
    {
        xfree(u);
        vgic_claim_spi(d, GUEST_VPL011_SPI, false);
        return rc;
    }
    d->arch.vpl011 = u;
    vpl011_list_add(u);
    return 0;
}

void domain_vpl011_deinit(struct domain *d)
{
    struct vpl011 *u = d->arch.vpl011, **pp;
    unsigned long flags;

    if ( !u )
        return;
    spin_lock_irqsave(&vpl011_list_lock, flags);
    for ( pp = &vpl011_list; *pp != u; pp = &(*pp)->next )
        ;
    *pp = u->next;
    if ( console_focus == d->domain_id )
    {
        console_focus = FOCUS_XENITH;
        announce_focus();
    }
    spin_unlock_irqrestore(&vpl011_list_lock, flags);
    console_line_flush(&u->out, d->domain_id);      /* its last words */
    d->arch.vpl011 = NULL;
    xfree(u);
}
