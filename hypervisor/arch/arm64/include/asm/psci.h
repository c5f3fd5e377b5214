/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * PSCI, the firmware interface that turns CPUs and the system on and off
 * (Arm DEN 0022).  Xenith is its caller here; the interface it offers to
 * guests is vpsci.c's business.
 */
#ifndef ASM_PSCI_H
#define ASM_PSCI_H

#include <xenith/types.h>

/* Function IDs (SMC calling convention: fast calls, standard service). */
#define PSCI_0_2_FN_VERSION             0x84000000U
#define PSCI_0_2_FN_CPU_OFF             0x84000002U
#define PSCI_0_2_FN64_CPU_ON            0xc4000003U
#define PSCI_0_2_FN64_AFFINITY_INFO     0xc4000004U
#define PSCI_0_2_FN_SYSTEM_OFF          0x84000008U
#define PSCI_0_2_FN_SYSTEM_RESET        0x84000009U

/* Return codes */
#define PSCI_SUCCESS                    0
#define PSCI_NOT_SUPPORTED              (-1)
#define PSCI_INVALID_PARAMETERS         (-2)
#define PSCI_DENIED                     (-3)
#define PSCI_ALREADY_ON                 (-4)
#define PSCI_ON_PENDING                 (-5)
#define PSCI_INTERNAL_FAILURE           (-6)
#define PSCI_NOT_PRESENT                (-7)
#define PSCI_DISABLED                   (-8)
#define PSCI_INVALID_ADDRESS            (-9)

/* AFFINITY_INFO results */
#define PSCI_AFFINITY_ON                0
#define PSCI_AFFINITY_OFF               1
#define PSCI_AFFINITY_ON_PENDING        2

#define PSCI_VERSION_MAJOR(v)           ((v) >> 16)
#define PSCI_VERSION_MINOR(v)           ((v) & 0xffff)

/*
 * Find the firmware through the device tree's /psci node.  Returns 0, or
 * -ENODEV when there is none that Xenith can call (only the boot CPU runs).
 */
int psci_init(void);
bool psci_available(void);

/*
 * Start the CPU with affinity @mpidr at physical address @entry, with
 * @context_id in its x0.  Returns a PSCI code (PSCI_SUCCESS or < 0).
 */
int psci_cpu_on(uint64_t mpidr, paddr_t entry, uint64_t context_id);
/* Turn the calling CPU off; returns only on failure (a PSCI code). */
int psci_cpu_off(void);
/* PSCI_AFFINITY_* of the CPU @mpidr, or a PSCI error code. */
int psci_affinity_info(uint64_t mpidr);
/* Return only if the firmware could not do it. */
void psci_system_off(void);
void psci_system_reset(void);

/* A sentence for a PSCI return code. */
const char *psci_strerror(int code);

#endif /* ASM_PSCI_H */
