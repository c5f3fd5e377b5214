/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * PSCI 1.1 for guests (Arm DEN 0022), as Xen 4.17 offers it: VERSION,
 * FEATURES, CPU_ON, CPU_OFF, CPU_SUSPEND (standby: like WFI),
 * AFFINITY_INFO, MIGRATE_INFO_TYPE, SYSTEM_OFF and SYSTEM_RESET (which
 * shut the domain down), and the PSCI 0.1 cpu_off/cpu_on that Xen's
 * device trees name (function ids 1 and 2).  vCPUs are addressed by
 * their virtual MPIDR: Aff0 = id % 16, Aff1 = id / 16 (asm/vgic.h).
 */
#include <xenith/domain.h>
#include <asm/psci.h>
#include <asm/smp.h>
#include <asm/traps.h>
#include <asm/vgic.h>

#define PSCI_0_1_FN_CPU_OFF         1U
#define PSCI_0_1_FN_CPU_ON          2U
#define PSCI_0_2_FN_CPU_SUSPEND     0x84000001U
#define PSCI_0_2_FN64_CPU_SUSPEND   0xc4000001U
#define PSCI_0_2_FN_CPU_ON          0x84000003U
#define PSCI_0_2_FN_AFFINITY_INFO   0x84000004U
#define PSCI_0_2_FN_MIGRATE_INFO_TYPE 0x84000006U
#define PSCI_1_0_FN_PSCI_FEATURES   0x8400000aU
#define SMCCC_VERSION_FID           0x80000000U

#define PSCI_VERSION_1_1            0x10001
#define PSCI_TOS_NOT_PRESENT_MP     2       /* no trusted OS to migrate */

/* The vCPU of the current domain whose virtual MPIDR is @mpidr, or NULL. */
static struct vcpu *vcpu_by_affinity(uint64_t mpidr)
{
    struct domain *d = current->domain;
    uint64_t aff0 = mpidr & 0xff, aff1 = (mpidr >> 8) & 0xff;
    uint64_t aff2 = (mpidr >> 16) & 0xff, aff3 = (mpidr >> 32) & 0xff;
    uint64_t id = aff0 | aff1 << 4 | aff2 << 12;

    if ( aff0 >= 16 || aff3 || id >= d->max_vcpus )
        return NULL;
    return d->vcpu[id];
}

static int32_t vpsci_cpu_on(uint64_t target, uint64_t entry, uint64_t context_id)
{
    struct vcpu *v = vcpu_by_affinity(target);

    if ( !v )
        return PSCI_INVALID_PARAMETERS;
    /* An AArch64 entry point has no Thumb bit. */
    if ( entry & 1 )
        return PSCI_INVALID_ADDRESS;
    return vcpu_up(v, entry, context_id) ? PSCI_ALREADY_ON : PSCI_SUCCESS;
}

static int32_t vpsci_affinity_info(uint64_t target, uint64_t level)
{
    const struct domain *d = current->domain;
    uint64_t mask;

    if ( level > 3 )
        return PSCI_INVALID_PARAMETERS;
    /* Affinity fields below @level do not take part (Aff3 is at bit 32). */
    mask = MPIDR_HWID_MASK & ~((level == 3 ? 1UL << 32 : 1UL << (8 * level)) - 1);
    for ( unsigned int i = 0; i < d->max_vcpus; i++ )
    {
        const struct vcpu *v = d->vcpu[i];

        if ( (v->arch.vmpidr & mask) == (target & mask) &&
             !(ACCESS_ONCE(v->pause_flags) & VPF_down) )
            return PSCI_AFFINITY_ON;
    }
    return PSCI_AFFINITY_OFF;
}

static int32_t vpsci_features(uint32_t fid)
{
    switch ( fid )
    {
    case PSCI_0_2_FN_VERSION:
    case PSCI_0_2_FN_CPU_SUSPEND:
    case PSCI_0_2_FN64_CPU_SUSPEND:
    case PSCI_0_2_FN_CPU_OFF:
    case PSCI_0_2_FN_CPU_ON:
    case PSCI_0_2_FN64_CPU_ON:
    case PSCI_0_2_FN_AFFINITY_INFO:
    case PSCI_0_2_FN64_AFFINITY_INFO:
    case PSCI_0_2_FN_MIGRATE_INFO_TYPE:
    case PSCI_0_2_FN_SYSTEM_OFF:
    case PSCI_0_2_FN_SYSTEM_RESET:
    case PSCI_1_0_FN_PSCI_FEATURES:
    case SMCCC_VERSION_FID:
        return PSCI_SUCCESS;
    default:
        return PSCI_NOT_SUPPORTED;
    }
}

/* The result of @fid with the arguments x1-x3, or false if not PSCI. */
static bool vpsci_call(uint32_t fid, const uint64_t *x, int64_t *ret)
{
    switch ( fid )
    {
    case PSCI_0_2_FN_VERSION:
        *ret = PSCI_VERSION_1_1;
        break;
    case PSCI_0_2_FN_CPU_SUSPEND:
    case PSCI_0_2_FN64_CPU_SUSPEND:
        /* Standby: wake on the next interrupt, as from WFI. */
        vcpu_block();
        *ret = PSCI_SUCCESS;
        break;
    case PSCI_0_1_FN_CPU_OFF:
    case PSCI_0_2_FN_CPU_OFF:
        vcpu_down_self();
        *ret = PSCI_SUCCESS;
        break;
    case PSCI_0_1_FN_CPU_ON:
        *ret = vpsci_cpu_on(x[1], x[2], 0);
        break;
    case PSCI_0_2_FN_CPU_ON:
    case PSCI_0_2_FN64_CPU_ON:
        *ret = vpsci_cpu_on(x[1], x[2], x[3]);
        break;
    case PSCI_0_2_FN_AFFINITY_INFO:
    case PSCI_0_2_FN64_AFFINITY_INFO:
        *ret = vpsci_affinity_info(x[1], x[2]);
        break;
    case PSCI_0_2_FN_MIGRATE_INFO_TYPE:
        *ret = PSCI_TOS_NOT_PRESENT_MP;
        break;
    case PSCI_0_2_FN_SYSTEM_OFF:
        domain_shutdown(current->domain, SHUTDOWN_poweroff);
        *ret = PSCI_SUCCESS;
        break;
    case PSCI_0_2_FN_SYSTEM_RESET:
        domain_shutdown(current->domain, SHUTDOWN_reboot);
        *ret = PSCI_SUCCESS;
        break;
    case PSCI_1_0_FN_PSCI_FEATURES:
        *ret = vpsci_features((uint32_t)x[1]);
        break;
    default:
        return false;
    }
    return true;
}

bool vpsci_handle_call(uint32_t fid, struct cpu_user_regs *regs)
{
    int64_t ret;

    if ( !vpsci_call(fid, regs->x, &ret) )
        return false;
    regs->x[0] = (uint64_t)ret;
    return true;
}
