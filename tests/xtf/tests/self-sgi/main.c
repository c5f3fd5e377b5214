/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * @file tests/self-sgi/main.c
 * An SGI a vCPU sends itself with its interrupts unmasked is taken as soon
 * as the trapped write (GICv3: MSR ICC_SGI1R_EL1, GICv2: GICD_SGIR)
 * returns: the hypervisor's way back from that exit loads what the exit
 * made pending, with no other exit needed to deliver it.  Checked right
 * after the write, with no hypercall, WFI or timer in between, 100 times;
 * and with interrupts masked the SGI waits, then comes once unmasked.
 */
#include <xtf.h>

const char test_title[] = "SGI to self taken on the way back from the trap";

#define SGI_SELF    6
#define SGI_PRIO    0x80
#define ROUNDS      100

static volatile unsigned int taken, bad_intid;

static void handler(unsigned int intid)
{
    if ( intid == SGI_SELF )
        taken++;
    else
        bad_intid = intid ? intid : 1024;
}

/* Send it; the count right after the write returns. */
static unsigned int send_and_read(void)
{
    int rc = xtf_gic_send_sgi(SGI_SELF, xtf_cpu_id());

    if ( rc )
        xtf_failure("sending SGI %u to self: %d", SGI_SELF, rc);
    isb();
    return taken;
}

void test_main(void)
{
    unsigned int i, before, now;
    int rc = xtf_gic_init();

    if ( rc )
        return xtf_error("GIC set-up failed: %d", rc);
    printk("GICv%u: SGI to self via %s\n", xtf_gic_version(),
           xtf_gic_version() == 3 ? "ICC_SGI1R_EL1" : "GICD_SGIR");
    xtf_gic_set_handler(handler);
    xtf_gic_enable_ppi(SGI_SELF, SGI_PRIO);
    xtf_irq_enable();

    for ( i = 0; i < ROUNDS; i++ )
    {
        before = taken;
        now = send_and_read();
        if ( now != before + 1 )
            return xtf_failure("round %u: SGI taken %u times by the instruction "
                               "after the write, expected 1", i, now - before);
    }

    xtf_irq_disable();
    before = taken;
    now = send_and_read();
    if ( now != before )
        xtf_failure("SGI taken with interrupts masked");
    xtf_irq_enable();
    isb();
    if ( taken != before + 1 )
        xtf_failure("masked SGI taken %u times once unmasked, expected 1",
                    taken - before);
    if ( bad_intid )
        xtf_failure("interrupt %u taken", bad_intid);
    xtf_success(NULL);
}
