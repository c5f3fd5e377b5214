# SPDX-License-Identifier: GPL-2.0-only
#
# Every public header must compile alone, for the host and for arm64, in C
# and C++ (tests/public-abi/check-headers.sh).  The public ABI unit test is
# built only once that holds.  Included from tests/unit/build.mk.

PUBLIC_ABI_CXX ?= g++
PUBLIC_ABI_HEADERS := $(shell find include/public -name '*.h')

$(O)/tests/public-abi/headers.ok: tests/public-abi/check-headers.sh \
                                  $(PUBLIC_ABI_HEADERS) | deps
	@mkdir -p $(@D)
	@echo "  CHECK   include/public"
	@tests/public-abi/check-headers.sh $(@D)/units $(HOSTCC) \
	    $(PUBLIC_ABI_CXX) $(CC)
	@touch $@

$(O)/tests/unit/test_public_abi: $(O)/tests/public-abi/headers.ok
