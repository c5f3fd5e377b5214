/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * @file tests/vm-assist/main.c
 * vm_assist(cmd, type) as Xen 4.17 on Arm: VMASST_TYPE_runstate_update_flag
 * is the only type (others, x86's and any number up to and past 64,
 * -EINVAL, checked before the command); VMASST_CMD_enable and _disable
 * return 0, another command -ENOSYS.  Both arguments are 32-bit: upper
 * bits are ignored.  With the flag on, a runstate area rewritten while
 * the vCPU was blocked in WFI reads back with XEN_RUNSTATE_UPDATE clear
 * (it is only set during the rewrite) and the new state.
 */
#include <xtf.h>
#include <public/vcpu.h>

const char test_title[] = "vm_assist: runstate_update_flag only";

#define SLEEP_MS        20
#define TIMER_PRIO      0xa0

static struct vcpu_runstate_info rs_area;

static long vm_assist(unsigned long cmd, unsigned long type)
{
    return xtf_hypercall(__HYPERVISOR_vm_assist, cmd, type, 0, 0, 0);
}

static void expect_rc(const char *what, unsigned long cmd, unsigned long type, long want)
{
    long rc = vm_assist(cmd, type);

    if ( rc != want )
        xtf_failure("%s (cmd %#lx, type %#lx): returned %ld, expected %ld", what,
                    cmd, type, rc, want);
}

static void check_types(void)
{
    static const unsigned long bad[] = { 0, 1, 2, 3, 4, 6, 31, 32, 63, 64, 65, 0xffffffff };

    for ( unsigned int i = 0; i < ARRAY_SIZE(bad); i++ )
    {
        expect_rc("enable of an Arm-less type", VMASST_CMD_enable, bad[i], -XEN_EINVAL);
        expect_rc("disable of an Arm-less type", VMASST_CMD_disable, bad[i], -XEN_EINVAL);
    }
    expect_rc("command 2 with a bad type", 2, 0, -XEN_EINVAL);
    expect_rc("command 2", 2, VMASST_TYPE_runstate_update_flag, -XEN_ENOSYS);
    expect_rc("command 0xffffffff", 0xffffffff, VMASST_TYPE_runstate_update_flag, -XEN_ENOSYS);
    expect_rc("disable (never enabled)", VMASST_CMD_disable,
              VMASST_TYPE_runstate_update_flag, 0);
    expect_rc("enable", VMASST_CMD_enable, VMASST_TYPE_runstate_update_flag, 0);
    expect_rc("enable again", VMASST_CMD_enable, VMASST_TYPE_runstate_update_flag, 0);
    expect_rc("disable, cmd with upper bits", (1UL << 32) | VMASST_CMD_disable,
              VMASST_TYPE_runstate_update_flag, 0);
    expect_rc("enable, type with upper bits", VMASST_CMD_enable,
              (1UL << 32) | VMASST_TYPE_runstate_update_flag, 0);
}

static void check_update_flag(void)
{
    struct vcpu_register_runstate_memory_area area = { .addr.v = &rs_area };
    volatile struct vcpu_runstate_info *rs = &rs_area;
    uint64_t entered;
    long rc;

    rc = xtf_hypercall(__HYPERVISOR_vcpu_op, VCPUOP_register_runstate_memory_area, 0,
                       (unsigned long)&area, 0, 0);
    if ( rc )
        return xtf_error("VCPUOP_register_runstate_memory_area returned %ld", rc);
    entered = rs->state_entry_time;
    if ( xtf_vtimer_wfi(SLEEP_MS, TIMER_PRIO) )
        return xtf_error("no virtual timer in the device tree");
    printk("after WFI: state %d, entered %#lx (before %#lx), blocked %lu ns\n",
           rs->state, rs->state_entry_time, entered, rs->time[RUNSTATE_blocked]);
    if ( rs->state_entry_time & XEN_RUNSTATE_UPDATE )
        xtf_failure("XEN_RUNSTATE_UPDATE still set after the update");
    if ( rs->state != RUNSTATE_running || rs->state_entry_time <= entered ||
         !rs->time[RUNSTATE_blocked] )
        xtf_failure("the area was not rewritten: state %d, entered %#lx",
                    rs->state, rs->state_entry_time);
}

void test_main(void)
{
    int rc = xtf_gic_init();

    if ( rc )
        return xtf_error("GIC set-up failed: %d", rc);
    check_types();
    check_update_flag();
    xtf_success(NULL);
}
