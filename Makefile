# SPDX-License-Identifier: GPL-2.0-only
#
# Xenith top-level Makefile.
#
#   make                  build build/xenith (ELF) and build/xenith.bin (Image)
#   make run              build and boot under QEMU, console on this terminal: Xenith
#                         with two Linux domUs (RUN=bare: Xenith alone; see scripts/qemu-run)
#                         (QEMU_GIC=2|3 QEMU_CPU=... QEMU_SMP=N QEMU_BOOTARGS="loglvl=all")
#   make test             build and run every test (unit + QEMU boot tests, and the
#                         xtf tests of tests/xtf/xenith-ready on Xenith)
#                         (TEST_FILTER=boot/ runs the tests whose name contains it;
#                         XTF_XENITH=all|none|"name ..." picks the xtf tests instead)
#   make bench            Xenith beside Xen 4.17 under QEMU -icount: the table and chart
#                         in bench/results/ (BENCH_SMOKE=1: a quick run; bench/build.mk)
#   make DEFCONFIG=qemu-arm64-debug   pick another configs/*_defconfig
#   make O=build-foo      out-of-tree build directory

O             ?= build
DEFCONFIG     ?= qemu-arm64
CROSS_COMPILE ?= aarch64-linux-gnu-
PYTHON        := /usr/bin/python3
# arm64 libfdt.a and headers, unpacked by scripts/deps (libfdt-dev:arm64
# conflicts with the host's libfdt-dev, so it is not installed system-wide).
FDT_ARM64     := .deps/libfdt-arm64

CC      := $(CROSS_COMPILE)gcc
LD      := $(CROSS_COMPILE)ld
OBJCOPY := $(CROSS_COMPILE)objcopy
NM      := $(CROSS_COMPILE)nm
HOSTCC  := gcc

.DEFAULT_GOAL := all
.PHONY: all deps run test test-system-xen unit-tests boot-tests clean distclean

# Every goal first checks (as root: installs) the Debian packages it needs.
deps:
	@scripts/deps

-include $(O)/.config

# ---------------------------------------------------------------- config
KCONFIG_SRCS := $(shell find . -name Kconfig -not -path './.deps/*' -not -path './build*')

$(O)/.config: configs/$(DEFCONFIG)_defconfig $(KCONFIG_SRCS) scripts/kconfig.py | deps
	@mkdir -p $(O)/include/generated
	$(PYTHON) scripts/kconfig.py Kconfig $< $@ $(O)/include/generated/autoconf.h

$(O)/include/generated/autoconf.h: $(O)/.config

# Regenerated on every build; the file only changes when its text does.
.PHONY: FORCE
$(O)/include/generated/version.h: FORCE $(O)/.config
	@scripts/gen-version.sh $@ $(CC)

# ---------------------------------------------------------------- hypervisor
HV_DIRS := hypervisor/lib hypervisor/common hypervisor/common/device-tree \
           hypervisor/common/sched hypervisor/drivers hypervisor/arch/arm64 \
           hypervisor/arch/arm64/vgic

HV_OBJS :=
define hv_dir
obj-y :=
include $(1)/build.mk
HV_OBJS += $$(addprefix $(O)/$(1)/,$$(obj-y))
endef
$(foreach d,$(HV_DIRS),$(eval $(call hv_dir,$(d))))

GCC_INC := $(shell $(CC) -print-file-name=include 2>/dev/null)

HV_WARN := -Wall -Wextra -Werror -Wshadow -Wmissing-prototypes \
           -Wstrict-prototypes -Wvla -Wno-unused-parameter \
           -Wno-missing-field-initializers
HV_CPPFLAGS := -nostdinc -isystem $(GCC_INC) \
               -Ihypervisor/arch/arm64/include -Ihypervisor/include \
               -Ihypervisor/include/libc -Ihypervisor -Iinclude -I$(O)/include \
               -I$(FDT_ARM64)/usr/include \
               -include $(O)/include/generated/autoconf.h -D__XENITH__
HV_CFLAGS := -std=gnu11 -O2 -g -ffreestanding -fno-common -fno-pie \
             -mgeneral-regs-only -mno-outline-atomics -mcmodel=small \
             -fno-omit-frame-pointer -fno-optimize-sibling-calls \
             -fno-tree-loop-distribute-patterns \
             -fstack-protector-strong -ffunction-sections -fdata-sections \
             $(HV_WARN)
HV_AFLAGS := -D__ASSEMBLY__

$(O)/hypervisor/%.o: hypervisor/%.c $(O)/.config | $(O)/include/generated/version.h
	@mkdir -p $(@D)
	@echo "  CC      $<"
	@$(CC) $(HV_CPPFLAGS) $(HV_CFLAGS) -MMD -MP -c $< -o $@

$(O)/hypervisor/%.o: hypervisor/%.S $(O)/.config
	@mkdir -p $(@D)
	@echo "  AS      $<"
	@$(CC) $(HV_CPPFLAGS) $(HV_AFLAGS) -g -MMD -MP -c $< -o $@

LDS := $(O)/xenith.lds
$(LDS): hypervisor/arch/arm64/xenith.lds.S $(O)/.config
	@$(CC) $(HV_CPPFLAGS) $(HV_AFLAGS) -MMD -MP -MT $@ -MF $@.d -P -E -x c $< -o $@

HV_LIBS := $(FDT_ARM64)/usr/lib/aarch64-linux-gnu/libfdt.a \
           $(shell $(CC) -print-libgcc-file-name 2>/dev/null)
LDFLAGS_HV := -nostdlib -static --no-dynamic-linker -z noexecstack --build-id=sha1 --no-warn-rwx-segments \
              --gc-sections -T $(LDS)

# The symbol table for backtraces is linked in: link once with an empty
# table, build the table from that image, link again.  Two links suffice
# because the table holds only text symbols and sits in .rodata, after
# .text: its size cannot move what it lists.  The final check proves it.
SYMS := scripts/gen-symbols.py
define syms_pass
	@$(CC) $(HV_AFLAGS) -c $(O)/.syms$(1).S -o $(O)/.syms$(1).o
endef
define link_pass
	@$(LD) $(LDFLAGS_HV) -o $(1) $(HV_OBJS) $(2) --start-group $(HV_LIBS) --end-group
endef

$(O)/xenith: $(HV_OBJS) $(LDS) $(SYMS) $(O)/.config
	@echo "  LD      $@"
	@$(PYTHON) $(SYMS) < /dev/null > $(O)/.syms0.S
	$(call syms_pass,0)
	$(call link_pass,$(O)/.xenith.0,$(O)/.syms0.o)
	@$(NM) -n $(O)/.xenith.0 | $(PYTHON) $(SYMS) > $(O)/.syms1.S
	$(call syms_pass,1)
	$(call link_pass,$@,$(O)/.syms1.o -Map $(O)/xenith.map)
	@$(NM) -n $@ | $(PYTHON) $(SYMS) | cmp -s - $(O)/.syms1.S || \
	    { echo "$@: symbol table does not match the linked image" >&2; rm -f $@; exit 1; }

$(O)/xenith.bin: $(O)/xenith
	@echo "  OBJCOPY $@"
	@$(OBJCOPY) -O binary $< $@

all: $(O)/xenith $(O)/xenith.bin

-include $(HV_OBJS:.o=.d) $(LDS).d

# ---------------------------------------------------------------- tests
include tests/unit/build.mk
include tests/boot/build.mk
include tests/xtf/build.mk
include bench/build.mk

test: all unit-tests boot-tests xtf-tests
	@scripts/deps linux-domu
	@$(PYTHON) tests/runner/run-tests --build $(O) $(TEST_FILTER)

# The whole-system scenarios of tests/system on Xen 4.17 (SYSTEM="names" for some).
test-system-xen:
	@scripts/xen-ref system --build $(O) $(SYSTEM)

# ---------------------------------------------------------------- run
QEMU_GIC ?= 3
QEMU_CPU ?= cortex-a57
QEMU_SMP ?= 4
QEMU_BOOTARGS ?=
RUN           ?= demo
run: all
	@$(if $(filter demo,$(RUN)),scripts/deps linux-domu)
	@scripts/qemu-run --$(RUN) --build $(O) --gic $(QEMU_GIC) --cpu $(QEMU_CPU) --smp $(QEMU_SMP) \
	    $(if $(QEMU_BOOTARGS),--bootargs "$(QEMU_BOOTARGS)")

clean:
	rm -rf $(O)

distclean: clean
	rm -rf .deps
