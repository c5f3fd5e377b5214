# SPDX-License-Identifier: GPL-2.0-only
#
# Host unit tests (cmocka).  Each test is tests/unit/test_<name>.c linked
# with the real hypervisor sources it lists, built for the host against the
# fake arch in hypervisor/arch/host, with ASan and UBSan.
#
# To add one:
#   UNIT_TESTS += <name>
#   UNIT_SRCS_<name> := hypervisor/common/<file>.c ...
#   UNIT_CFLAGS_<name> := ...       (optional extra flags)

UNIT_TESTS :=

UNIT_TESTS += cmdline
UNIT_SRCS_cmdline := hypervisor/common/cmdline.c hypervisor/lib/strlcpy.c

UNIT_TESTS += public_abi
UNIT_SRCS_public_abi := tests/public-abi/guest_view_minios.c \
                        tests/public-abi/guest_view_default.c
include tests/public-abi/check.mk

UNIT_TESTS += symbols
UNIT_SRCS_symbols := hypervisor/common/symbols.c

UNIT_TESTS += device_tree
UNIT_SRCS_device_tree := hypervisor/common/device-tree/fdt.c \
                         hypervisor/common/device-tree/bootinfo.c

UNIT_TESTS += locks
UNIT_SRCS_locks :=

UNIT_TESTS += gic
UNIT_SRCS_gic := hypervisor/drivers/gic.c hypervisor/common/device-tree/fdt.c \
                 hypervisor/common/keyhandler.c

UNIT_TESTS += timer
UNIT_SRCS_timer := hypervisor/common/timer.c hypervisor/common/softirq.c \
                   hypervisor/common/keyhandler.c

UNIT_TESTS += softirq
UNIT_SRCS_softirq := hypervisor/common/softirq.c

UNIT_TESTS += page_alloc
UNIT_SRCS_page_alloc := hypervisor/common/page_alloc.c

UNIT_TESTS += xmalloc
UNIT_SRCS_xmalloc := hypervisor/common/page_alloc.c hypervisor/common/xmalloc.c

UNIT_TESTS += vgic
UNIT_SRCS_vgic := hypervisor/arch/arm64/vgic/vgic-irq.c hypervisor/arch/arm64/vgic/vgic-regs.c

UNIT_TESTS += vgic_hw
UNIT_SRCS_vgic_hw := hypervisor/arch/arm64/vgic/vgic-irq.c

UNIT_TESTS += p2m_pt
UNIT_SRCS_p2m_pt := hypervisor/arch/arm64/p2m-pt.c

# Hypervisor sources that read the guest memory map of public/arch-arm.h
# need the hypervisor's view of the public headers (__XENITH__).
UNIT_TESTS += dom0less
UNIT_SRCS_dom0less := hypervisor/common/device-tree/dom0less.c \
                      hypervisor/common/device-tree/fdt.c \
                      hypervisor/common/device-tree/bootinfo.c
UNIT_CFLAGS_dom0less := -D__XENITH__

UNIT_TESTS += passthrough
UNIT_SRCS_passthrough := hypervisor/common/device-tree/passthrough.c \
                         hypervisor/common/device-tree/fdt.c \
                         hypervisor/common/device-tree/bootinfo.c
UNIT_CFLAGS_passthrough := -D__XENITH__

UNIT_TESTS += kernel
UNIT_SRCS_kernel := hypervisor/common/kernel.c
UNIT_CFLAGS_kernel := -D__XENITH__

UNIT_TESTS += domain_fdt
UNIT_SRCS_domain_fdt := hypervisor/arch/arm64/domain_fdt.c
UNIT_CFLAGS_domain_fdt := -D__XENITH__

UNIT_TESTS += sched_rr
UNIT_SRCS_sched_rr := hypervisor/common/sched/rr.c
UNIT_CFLAGS_sched_rr := -D__XENITH__

UNIT_TESTS += vcpuop
UNIT_SRCS_vcpuop := hypervisor/common/runstate.c hypervisor/common/vm_assist.c \
                    hypervisor/common/platform_op.c tests/unit/fake_guest_copy.c
UNIT_CFLAGS_vcpuop := -D__XENITH__

UNIT_TESTS += multicall
UNIT_SRCS_multicall := hypervisor/common/multicall.c tests/unit/fake_guest_copy.c
UNIT_CFLAGS_multicall := -D__XENITH__

UNIT_TESTS += esr
UNIT_SRCS_esr := hypervisor/arch/arm64/esr.c

UNIT_TESTS += mmio
UNIT_SRCS_mmio := hypervisor/arch/arm64/mmio.c hypervisor/arch/arm64/esr.c
UNIT_CFLAGS_mmio := -D__XENITH__

UNIT_TESTS += domheap
UNIT_SRCS_domheap := hypervisor/common/page_alloc.c tests/unit/fake_ram.c

UNIT_TESTS += memory
UNIT_SRCS_memory := hypervisor/common/memory.c hypervisor/common/page_alloc.c \
                    tests/unit/fake_guest_copy.c tests/unit/fake_domain.c \
                    tests/unit/fake_ram.c
UNIT_CFLAGS_memory := -D__XENITH__

UNIT_TESTS += domain
UNIT_SRCS_domain := hypervisor/common/domain.c hypervisor/common/vcpu.c \
                    hypervisor/common/keyhandler.c hypervisor/lib/strlcpy.c \
                    tests/unit/fake_alloc.c
UNIT_CFLAGS_domain := -D__XENITH__

UNIT_TESTS += hypercall
UNIT_SRCS_hypercall := hypervisor/common/hypercall.c hypervisor/common/xen_version.c \
                       hypervisor/common/hvm.c \
                       hypervisor/common/console_io.c hypervisor/common/cmdline.c \
                       hypervisor/lib/strlcpy.c \
                       tests/unit/fake_guest_copy.c tests/unit/fake_domain.c
UNIT_CFLAGS_hypercall := -D__XENITH__
# xen_version.c reports the build's version strings
$(O)/tests/unit/test_hypercall: | $(O)/include/generated/version.h

UNIT_TESTS += event_channel
UNIT_SRCS_event_channel := hypervisor/common/event_channel.c hypervisor/common/event_2l.c \
                           hypervisor/common/event_dump.c \
                           hypervisor/common/event_fifo.c hypervisor/common/keyhandler.c \
                           hypervisor/common/event_op.c hypervisor/common/xsm.c \
                           hypervisor/common/cmdline.c hypervisor/lib/strlcpy.c \
                           tests/unit/fake_alloc.c tests/unit/fake_domain.c \
                           tests/unit/fake_guest_copy.c tests/unit/evtchn_domains.c
UNIT_CFLAGS_event_channel := -D__XENITH__

UNIT_TESTS += event_fifo
UNIT_SRCS_event_fifo := hypervisor/common/event_channel.c hypervisor/common/event_2l.c \
                        hypervisor/common/event_fifo.c hypervisor/common/keyhandler.c \
                        hypervisor/common/event_op.c hypervisor/common/xsm.c \
                        hypervisor/common/cmdline.c hypervisor/lib/strlcpy.c \
                        tests/unit/fake_alloc.c tests/unit/fake_domain.c \
                        tests/unit/evtchn_domains.c
UNIT_CFLAGS_event_fifo := -D__XENITH__

UNIT_TESTS += grant_table
UNIT_SRCS_grant_table := hypervisor/common/grant_table.c tests/unit/fake_alloc.c \
                         tests/unit/fake_domain.c
UNIT_CFLAGS_grant_table := -D__XENITH__

UNIT_TESTS += pv_console
UNIT_SRCS_pv_console := hypervisor/common/pv_console.c hypervisor/common/console_line.c \
                        tests/unit/fake_alloc.c
UNIT_CFLAGS_pv_console := -D__XENITH__

# ---------------------------------------------------------------------------
UNIT_DIR := $(O)/tests/unit
UNIT_CFLAGS := -std=gnu11 -g -O1 -fsanitize=address,undefined \
               -fno-sanitize-recover=undefined -fno-omit-frame-pointer \
               -Wall -Wextra -Werror -Wshadow -Wno-unused-parameter \
               -Wno-missing-field-initializers \
               -Ihypervisor/arch/host/include -Ihypervisor/include -Ihypervisor \
               -Iinclude -Itests/unit -I$(O)/include \
               -include $(O)/include/generated/autoconf.h -D__XENITH_HOST_TEST__ \
               -DUNIT_FIXTURES='"$(UNIT_DIR)/fixtures"'
UNIT_LIBS := -lcmocka -lfdt

UNIT_FIXTURES := $(patsubst tests/unit/fixtures/%.dts,$(UNIT_DIR)/fixtures/%.dtb,\
                   $(wildcard tests/unit/fixtures/*.dts))

$(UNIT_DIR)/fixtures/%.dtb: tests/unit/fixtures/%.dts | deps
	@mkdir -p $(@D)
	@dtc -q -I dts -O dtb -o $@ $<

# test_<name> from its test file, the shared host glue and its sources
define unit_test
$(UNIT_DIR)/test_$(1): tests/unit/test_$(1).c tests/unit/host.c $$(UNIT_SRCS_$(1)) \
                       $(O)/.config $$(wildcard tests/unit/*.h) | deps
	@mkdir -p $$(@D)
	@echo "  HOSTCC  $$@"
	@$(HOSTCC) $(UNIT_CFLAGS) $(UNIT_CFLAGS_$(1)) -MMD -MP -MF $$@.d -o $$@ $$(filter %.c,$$^) $(UNIT_LIBS)
-include $(UNIT_DIR)/test_$(1).d
endef
$(foreach t,$(UNIT_TESTS),$(eval $(call unit_test,$(t))))

unit-tests: $(addprefix $(UNIT_DIR)/test_,$(UNIT_TESTS)) $(UNIT_FIXTURES)
