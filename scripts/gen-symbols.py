#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Turn `nm -n` output into an assembly symbol table for backtraces.

The table holds the text symbols sorted by address: symbols_num, then
symbols_addrs[] (64-bit), symbols_name_offs[] (32-bit offsets into
symbols_names), then the NUL-terminated names.  Empty input gives an empty
table, which is what the first link pass uses.
"""
import sys

def main():
    syms = []
    for line in sys.stdin:
        parts = line.split()
        if len(parts) != 3 or parts[1] not in "tTwW":
            continue
        name = parts[2]
        if name.startswith("$") or name.startswith(".L"):
            continue
        syms.append((int(parts[0], 16), name))
    syms.sort()
    out = ['\t.section .rodata.symbols, "a"', "\t.balign 8",
           "\t.globl symbols_num", "symbols_num:", f"\t.quad {len(syms)}",
           "\t.globl symbols_addrs", "symbols_addrs:"]
    out += [f"\t.quad {a:#x}" for a, _ in syms]
    out += ["\t.globl symbols_name_offs", "symbols_name_offs:"]
    off = 0
    for _, name in syms:
        out.append(f"\t.long {off}")
        off += len(name) + 1
    out += ["\t.globl symbols_names", "symbols_names:"]
    out += [f'\t.asciz "{name}"' for _, name in syms]
    out.append("\t.byte 0")
    print("\n".join(out))

main()
