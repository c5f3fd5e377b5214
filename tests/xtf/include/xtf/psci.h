/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * PSCI over HVC #0 (SMC Calling Convention): what the hypervisor offers its
 * guests to power vCPUs on and the domain off.
 */
#ifndef XTF_PSCI_H
#define XTF_PSCI_H

#include <xtf/types.h>

#define PSCI_VERSION                0x84000000U
#define PSCI_CPU_OFF                0x84000002U
#define PSCI_CPU_ON_64              0xC4000003U
#define PSCI_AFFINITY_INFO_64       0xC4000004U
#define PSCI_SYSTEM_OFF             0x84000008U
#define PSCI_SYSTEM_RESET           0x84000009U
#define PSCI_FEATURES               0x8400000AU

#define PSCI_RET_SUCCESS            0
#define PSCI_RET_NOT_SUPPORTED      (-1)
#define PSCI_RET_INVALID_PARAMETERS (-2)
#define PSCI_RET_DENIED             (-3)
#define PSCI_RET_ALREADY_ON         (-4)

/* AFFINITY_INFO results */
#define PSCI_AFFINITY_ON            0
#define PSCI_AFFINITY_OFF           1

/* One SMCCC call: function id in x0, arguments in x1-x3, result in x0. */
long xtf_smccc(uint32_t fid, uint64_t a1, uint64_t a2, uint64_t a3);

static inline long psci_version(void)
{
    return xtf_smccc(PSCI_VERSION, 0, 0, 0);
}

static inline long psci_cpu_on(uint64_t mpidr, uint64_t entry_pa,
                               uint64_t context)
{
    return xtf_smccc(PSCI_CPU_ON_64, mpidr, entry_pa, context);
}

static inline long psci_affinity_info(uint64_t mpidr)
{
    return xtf_smccc(PSCI_AFFINITY_INFO_64, mpidr, 0, 0);
}

static inline long psci_system_off(void)
{
    return xtf_smccc(PSCI_SYSTEM_OFF, 0, 0, 0);
}

#endif /* XTF_PSCI_H */
