# SPDX-License-Identifier: GPL-2.0-only
#
# xtf: micro-VM test guests (tests/xtf/tests/<name>/main.c), each linked
# with the runtime in tests/xtf/{arch/arm64,common} into an arm64 Image:
#   $(O)/tests/xtf/<name>.bin
#
#   make xtf-tests          build every test image
#   make test-xen           run them on Xen 4.17 (dom0less domUs under QEMU)
#   make test-xen XTF_FILTER="example console"   only some tests
#   make test-xtf           run them on Xenith ($(O)/xenith.bin), the same way
#                           (`make test` runs those listed in tests/xtf/xenith-ready,
#                           or XTF_XENITH=all|"name ...")
# Each test runs with GICv3 and with GICv2.

XTF_SRC   := tests/xtf
XTF_OUT   := $(O)/tests/xtf
XTF_TESTS := $(sort $(notdir $(patsubst %/main.c,%,$(wildcard $(XTF_SRC)/tests/*/main.c))))

XTF_LIB_SRCS := $(wildcard $(XTF_SRC)/arch/arm64/*.S $(XTF_SRC)/arch/arm64/*.c \
                           $(XTF_SRC)/common/*.c)
XTF_LIB_SRCS := $(filter-out %.lds.S,$(XTF_LIB_SRCS))
XTF_LIB_OBJS := $(patsubst $(XTF_SRC)/%,$(XTF_OUT)/lib/%.o,$(XTF_LIB_SRCS))

# Position independent (head.S relocates the image), strict alignment (the
# code before the MMU is on sees Device memory), no FP/SIMD registers.
# Guests use the current ABI: without __XEN_INTERFACE_VERSION__ the public
# headers give the pre-3.0.2 numbers (sched_op would be sched_op_compat,
# which Arm does not have: -ENOSYS).
XTF_CPPFLAGS := -nostdinc -isystem $(GCC_INC) -I$(XTF_SRC)/include -Iinclude \
                -D__XEN_INTERFACE_VERSION__=__XEN_LATEST_INTERFACE_VERSION__
XTF_CFLAGS   := -std=gnu11 -O2 -g -ffreestanding -fno-common -fpie \
                -fvisibility=hidden -mgeneral-regs-only -mstrict-align \
                -mno-outline-atomics -fno-stack-protector \
                -fno-tree-loop-distribute-patterns -fno-builtin \
                -Wall -Wextra -Werror -Wshadow -Wmissing-prototypes \
                -Wstrict-prototypes -Wvla -Wno-unused-parameter \
                -Wno-missing-field-initializers
XTF_LDFLAGS  := -nostdlib -pie --no-dynamic-linker -z noexecstack \
                --no-warn-rwx-segments -z norelro --hash-style=sysv
XTF_LDS      := $(XTF_OUT)/link.lds
XTF_LIBGCC   := $(shell $(CC) -print-libgcc-file-name 2>/dev/null)
XTF_READELF  := $(CROSS_COMPILE)readelf

XTF_IMAGES := $(addprefix $(XTF_OUT)/,$(addsuffix .bin,$(XTF_TESTS)))

.PHONY: xtf-tests test-xen test-xtf
xtf-tests: $(XTF_IMAGES)

$(XTF_OUT)/lib/%.c.o: $(XTF_SRC)/%.c $(XTF_SRC)/build.mk | deps
	@mkdir -p $(@D)
	@echo "  CC      $<"
	@$(CC) $(XTF_CPPFLAGS) $(XTF_CFLAGS) -MMD -MP -c $< -o $@

$(XTF_OUT)/lib/%.S.o: $(XTF_SRC)/%.S $(XTF_SRC)/build.mk | deps
	@mkdir -p $(@D)
	@echo "  AS      $<"
	@$(CC) $(XTF_CPPFLAGS) -D__ASSEMBLY__ -g -MMD -MP -c $< -o $@

$(XTF_OUT)/tests/%/main.o: $(XTF_SRC)/tests/%/main.c $(XTF_SRC)/build.mk | deps
	@mkdir -p $(@D)
	@echo "  CC      $<"
	@$(CC) $(XTF_CPPFLAGS) $(XTF_CFLAGS) -MMD -MP -c $< -o $@

$(XTF_LDS): $(XTF_SRC)/arch/arm64/link.lds.S | deps
	@mkdir -p $(@D)
	@$(CC) $(XTF_CPPFLAGS) -D__ASSEMBLY__ -P -E -x c $< -o $@

# The image may hold no relocation head.S cannot apply.
$(XTF_OUT)/%.elf: $(XTF_OUT)/tests/%/main.o $(XTF_LIB_OBJS) $(XTF_LDS)
	@echo "  LD      $@"
	@$(LD) $(XTF_LDFLAGS) -T $(XTF_LDS) -o $@ $< $(XTF_LIB_OBJS) $(XTF_LIBGCC)
	@if $(XTF_READELF) -rW $@ | grep R_AARCH64_ | grep -qvE 'R_AARCH64_(RELATIVE|NONE)'; then \
	    echo "$@: relocations other than R_AARCH64_RELATIVE" >&2; rm -f $@; exit 1; fi

$(XTF_OUT)/%.bin: $(XTF_OUT)/%.elf
	@$(OBJCOPY) -O binary $< $@

.SECONDARY: $(XTF_LIB_OBJS) $(patsubst %,$(XTF_OUT)/tests/%/main.o,$(XTF_TESTS)) \
            $(patsubst %,$(XTF_OUT)/%.elf,$(XTF_TESTS))

-include $(XTF_LIB_OBJS:.o=.d) $(patsubst %,$(XTF_OUT)/tests/%/main.d,$(XTF_TESTS))

# Runs on the reference Xen 4.17 (fetched by `scripts/deps xen-ref`).
test-xen: xtf-tests
	@scripts/deps xen-ref
	@$(PYTHON) $(XTF_SRC)/xtf-runner --hypervisor xen --build $(O) $(XTF_FILTER)

test-xtf: xtf-tests $(O)/xenith.bin
	@$(PYTHON) $(XTF_SRC)/xtf-runner --hypervisor xenith --build $(O) $(XTF_FILTER)
