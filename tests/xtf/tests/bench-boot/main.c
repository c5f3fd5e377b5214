/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * @file tests/bench-boot/main.c
 * Boot figures (run by bench/run.py under QEMU -icount shift=0, with the
 * domain's RAM varied from 128 MiB to 16 GiB):
 *
 *   reset_to_main    CNTPCT at test_main(): virtual ns (= instructions, plus
 *                    any idle time skipped) since QEMU's reset, hypervisor
 *                    boot and domain build included
 *   create_to_main   CNTVCT at test_main(): since the domain's creation
 *                    (Xen 4.17 and Xenith both start a domain's virtual
 *                    counter at 0 when they create it), the build of its
 *                    RAM and this framework's own start included
 *
 * On bench/stub the same image gives the framework's own start-up cost for
 * that much RAM: the floor to subtract.
 *
 * With "bench.wait=1" on the command line the domain stays after its result
 * line (WFI), so that the hypervisor's memory dump ('m') still counts it.
 */
#include <xtf.h>
#include "../bench-common.h"

const char test_title[] = "Benchmark: reset and domain creation to the guest";

void test_main(void)
{
    uint64_t pct = READ_SYSREG(cntpct_el0), vct = READ_SYSREG(cntvct_el0);
    char buf[4];

    bench_report("reset_to_main", bench_ticks_ns(pct), 1, "ns");
    if ( !bench_native() )
        bench_report("create_to_main", bench_ticks_ns(vct), 1, "ns");
    if ( !xtf_cmdline_get("bench.wait", buf, sizeof(buf)) )
        xtf_set_exit_reason(XTF_EXIT_WAIT);
    xtf_success(NULL);
}
