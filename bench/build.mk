# SPDX-License-Identifier: GPL-2.0-only
#
# make bench: the benchmarks of bench/run.py, Xenith beside Xen 4.17 under
# QEMU -icount (results in bench/results/latest.{json,md,png}).
#
#   make bench                  3 repetitions of every figure (minutes)
#   make bench BENCH_SMOKE=1    one repetition, few iterations, 128 MiB only;
#                               results in $(O)/bench/results-smoke
#   make bench BENCH_ONLY=micro,size   some steps only (micro, interdom, boot,
#                               linux, size, mem); their rows replace those
#                               of the last results, the others stay
#
# The guests are xtf images (tests/xtf/tests/bench-*); the floor is
# bench/stub, an EL2 stub that only answers HVCs.

BENCH_OUT := $(O)/bench

.PHONY: bench
BENCH_GUESTS := $(addprefix $(XTF_OUT)/,$(addsuffix .bin,$(filter bench-%,$(XTF_TESTS))))

bench: $(O)/xenith.bin $(BENCH_GUESTS) $(BENCH_OUT)/stub.bin $(BENCH_OUT)/linux-init
	@scripts/deps bench
	@$(PYTHON) bench/run.py --build $(O) $(if $(BENCH_SMOKE),--smoke) \
	    $(if $(BENCH_ONLY),--only $(BENCH_ONLY))

$(BENCH_OUT)/stub.o: bench/stub/stub.S bench/build.mk | deps
	@mkdir -p $(@D)
	@echo "  AS      $<"
	@$(CC) -c $< -o $@

$(BENCH_OUT)/stub.bin: $(BENCH_OUT)/stub.o
	@$(LD) -nostdlib -Ttext=0 -o $(BENCH_OUT)/stub.elf $<
	@$(OBJCOPY) -O binary $(BENCH_OUT)/stub.elf $@

# /init of the Linux domU (figure 7): static, no libc.
$(BENCH_OUT)/linux-init: bench/linux/init.c bench/build.mk | deps
	@mkdir -p $(@D)
	@echo "  CC      $<"
	@$(CC) -std=gnu11 -O2 -Wall -Wextra -Werror -ffreestanding -fno-pie -no-pie \
	    -fno-stack-protector -mgeneral-regs-only -nostdlib -static -o $@ $<
