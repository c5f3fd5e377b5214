#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Compile every public header alone, one translation unit each, in each way
# it is meant to be used: by a guest (the default, oldest interface version,
# and the version Mini-OS pins), by the toolstack, by the hypervisor
# (__XENITH__), on the host and for arm64, in C89/C11/C++.  The headers
# included from assembly are also assembled.
#
# usage: check-headers.sh <work-dir> <host-cc> <host-c++> <arm64-cc>
set -eu

work=$1 hostcc=$2 hostcxx=$3 armcc=$4
warn="-Wall -Wextra -Werror"
mkdir -p "$work"
cd "$(dirname "$0")/../.."

headers=$(cd include && find public -name '*.h' | sort)
failed=0

check() {
    # check <header> <language> <compiler and flags...>
    h=$1 lang=$2
    shift 2
    if [ "$lang" = asm ]; then
        src="$work/$(echo "$h" | tr '/.' '__').S"
        printf '#include <%s>\n' "$h" > "$src"
        set -- "$@" -x assembler-with-cpp -D__ASSEMBLY__ -c -o /dev/null
    else
        src="$work/$(echo "$h" | tr '/.' '__').$lang"
        # One declaration, so that a header of macros alone is a valid unit.
        printf '#include <%s>\nint public_abi_unit;\n' "$h" > "$src"
        set -- "$@" -fsyntax-only
    fi
    if ! "$@" -Iinclude "$src" 2> "$src.err"; then
        echo "FAILED: $h: $*" >&2
        head -20 "$src.err" >&2
        failed=1
    fi
}

for h in $headers; do
    check "$h" c   $hostcc -std=c89 $warn
    check "$h" c   $hostcc -std=c11 -pedantic $warn
    check "$h" c   $hostcc -std=gnu11 -D__XEN_TOOLS__ $warn
    check "$h" c   $hostcc -std=gnu11 -D__XEN_INTERFACE_VERSION__=0x00030205 $warn
    check "$h" cc  $hostcxx -std=c++17 -D__XEN_TOOLS__ $warn
    check "$h" cc  $hostcxx -std=c++20 -pedantic $warn
    check "$h" c   $armcc -std=gnu11 -ffreestanding $warn
    check "$h" c   $armcc -std=gnu11 -ffreestanding -D__XENITH__ $warn
done
for h in public/xen.h public/arch-arm.h public/errno.h; do
    check "$h" asm $armcc -D__XENITH__
    check "$h" asm $armcc
done

[ "$failed" = 0 ] || exit 1
echo "public headers: $(echo "$headers" | wc -l) compile alone"
