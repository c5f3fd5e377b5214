/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The arm64 halves of domains and vCPUs: what a domain needs besides its
 * memory accounting (stage 2, virtual GIC, emulated MMIO ranges), and
 * what a vCPU is made of (its EL2 stack, the guest frame at the top of
 * it, its EL1 state, HCR_EL2, virtual MPIDR, vGIC and timer state).
 */
#include <xenith/domain.h>
#include <xenith/errno.h>
#include <xenith/irq.h>
#include <xenith/page_alloc.h>
#include <xenith/param.h>
#include <asm/irq.h>
#include <asm/p2m.h>
#include <asm/sysregs.h>
#include <asm/vgic.h>
#include <asm/vpl011.h>
#include <asm/vtimer.h>

#define VMPIDR_RES1         (_AC(1, UL) << 31)

/* The idle vCPUs run nothing at EL1: only the routing of IRQs to EL2. */
#define HCR_EL2_IDLE        (HCR_EL2_RW | HCR_EL2_IMO)
#define HCR_EL2_GUEST       (HCR_EL2_RW | HCR_EL2_VM | HCR_EL2_SWIO | HCR_EL2_PTW | \
                             HCR_EL2_FMO | HCR_EL2_IMO | HCR_EL2_AMO | HCR_EL2_FB | \
                             HCR_EL2_BSU_IS | HCR_EL2_TID3 | HCR_EL2_TSC |       \
                             HCR_EL2_TIDCP | HCR_EL2_TACR)

/*
 * vwfi=trap (the default) lets WFI/WFE block or yield the vCPU;
 * vwfi=native leaves them to the hardware, for lower interrupt latency
 * when each vCPU has a pCPU to itself (Xen's option).
 */
static bool opt_vwfi_native;

static int parse_vwfi(const char *s)
{
    if ( !strcmp(s, "native") )
        opt_vwfi_native = true;
    else if ( !strcmp(s, "trap") )
        opt_vwfi_native = false;
    else
        return -EINVAL;
    return 0;
}
custom_param("vwfi", parse_vwfi);

void arch_vcpu_reset(struct vcpu *v, uint64_t entry, uint64_t arg)
{
    struct cpu_user_regs *regs = guest_cpu_user_regs(v);
    uint64_t actlr = v->arch.el1.actlr;

    memset(regs, 0, sizeof(*regs));
    regs->x[0] = arg;
    regs->elr = entry;
    regs->spsr = PSR_GUEST64_INIT;
    memset(&v->arch.el1, 0, sizeof(v->arch.el1));
    v->arch.el1.sctlr = SCTLR_GUEST_INIT;
    v->arch.el1.actlr = actlr;
}

int arch_vcpu_create(struct vcpu *v)
{
    extern char continue_new_vcpu[];
    int rc;

    if ( is_idle_vcpu(v) )
    {
        /* Its stack is its pCPU's boot stack, saved at the first switch. */
        v->arch.hcr_el2 = HCR_EL2_IDLE;
        return 0;
    }
    v->arch.stack = alloc_xenheap_pages(STACK_ORDER, 0);
    if ( !v->arch.stack )
        return -ENOMEM;
    v->arch.switch_regs.sp = (uint64_t)guest_cpu_user_regs(v);
    v->arch.switch_regs.lr = (uint64_t)continue_new_vcpu;
    v->arch.hcr_el2 = HCR_EL2_GUEST |
                      (opt_vwfi_native ? 0 : HCR_EL2_TWI | HCR_EL2_TWE);
    v->arch.vmpidr = VMPIDR_RES1 | vgic_vcpu_affinity(v->vcpu_id);
    v->arch.el1.actlr = READ_SYSREG(actlr_el1);
    arch_vcpu_reset(v, 0, 0);

    rc = vgic_vcpu_init(v);
    if ( rc )
        goto fail_stack;
    rc = vtimer_vcpu_init(v);
    if ( rc )
        goto fail_vgic;
    return 0;

 fail_vgic:
    vgic_vcpu_destroy(v);
 fail_stack:
    free_xenheap_pages(v->arch.stack, STACK_ORDER);
    v->arch.stack = NULL;
    return rc;
}

void arch_vcpu_destroy(struct vcpu *v)
{
    if ( is_idle_vcpu(v) )
        return;
    vtimer_vcpu_destroy(v);
    vgic_vcpu_destroy(v);
    free_xenheap_pages(v->arch.stack, STACK_ORDER);
    v->arch.stack = NULL;
}

int arch_domain_create(struct domain *d, const struct domain_config *cfg)
{
    int rc;

    mmio_domain_init(d);
    vtimer_domain_init(d);
    rc = p2m_domain_init(d);
    if ( !rc )
        rc = vgic_domain_init(d, cfg->nr_spis);
    if ( rc )
        arch_domain_destroy(d);
    return rc;
}

/*
 * Each part is safe on a domain whose initialisation failed or never ran.
 * The vPL011 goes first: console input may inject its SPI until then.
 */
void arch_domain_destroy(struct domain *d)
{
    domain_vpl011_deinit(d);
    irq_guest_release_domain(d);
    vgic_domain_free(d);
    p2m_teardown(d);
}

void arch_domain_dump(const struct domain *d)
{
    p2m_dump(d);
}

void guest_support_init(void)
{
    if ( p2m_init_cpu() )
        panic("The boot CPU cannot run guests at stage 2 (see above)");
    vgic_init();
    vtimer_init();
}

int guest_support_init_secondary_cpu(void)
{
    int rc = p2m_init_cpu();

    if ( rc )
        return rc;
    vgic_init_secondary_cpu();
    vtimer_init_secondary_cpu();
    return 0;
}

bool arch_vcpu_irq_pending(struct vcpu *v)
{
    return vgic_vcpu_pending_irq(v);
}
