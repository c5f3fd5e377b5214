# SPDX-License-Identifier: GPL-2.0-only
#
# QEMU boot tests.  The cases are the table in tests/boot/cases.py, run by
# tests/runner/run-tests; the device trees they need are made at test time.
# What is built here is the shim Image that lets a test load Xenith at an
# address of its choosing (tests/boot/shim.S).

BOOT_DIR := $(O)/tests/boot

$(BOOT_DIR)/shim.o: tests/boot/shim.S | deps
	@mkdir -p $(@D)
	@echo "  AS      $<"
	@$(CC) -c $< -o $@

$(BOOT_DIR)/shim.elf: $(BOOT_DIR)/shim.o
	@$(LD) -nostdlib -static -Ttext=0 -e _start -o $@ $<

$(BOOT_DIR)/shim.bin: $(BOOT_DIR)/shim.elf
	@$(OBJCOPY) -O binary $< $@

boot-tests: $(O)/xenith.bin $(BOOT_DIR)/shim.bin
