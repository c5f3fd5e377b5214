#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Where a bench-micro figure's instructions go in Xenith, by function.

Runs tests/xtf/tests/bench-micro on Xenith (as make bench does, -icount,
one host CPU) with "bench.only=GROUP", twice: with n and 2n iterations,
under QEMU's -d exec,nochain,in_asm (every translation block executed is
logged, and each block's instructions).  The difference between the two
runs is n iterations of the group's loops and nothing else; its blocks are
counted, weighed by their length and named from $(O)/xenith's symbols.

  bench/profile.py --build build null     # the null hypercall
  bench/profile.py --build build yield -n 500

Groups: null, trap, vtimer, evtchn, yield (bench-micro's "bench.only"),
and spi (the bench-spi guest: the passthrough SPI).  The vtimer and spi
groups deliver n / 1000 * 16 interrupts (16 a round at CNTFRQ 62.5 MHz):
their figures are per interrupt delivered.  The
traces are large (about 1 GB for 2,000 iterations): they go to
$(O)/bench/profile-*.log and are deleted afterwards unless --keep.
"""
import argparse
import bisect
import collections
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import run as bench  # noqa: E402
import xtfrun  # noqa: E402  (bench/run.py put tests/xtf on the path)

RE_TRACE = re.compile(r"^Trace \d+: \S+ \[[0-9a-f]+/([0-9a-f]+)/")
RE_INSN = re.compile(r"^0x([0-9a-f]+):")


def trace(build, group, iters, work, test="bench-micro", **kw):
    """Run @test (bench-micro: its @group only) with @iters iterations under
    -d exec; the trace's path.  @kw: more of bench.run_guest()'s options."""
    log = os.path.join(work, "profile-%s-%d.log" % (group, iters))
    if test == "bench-micro":
        kw["guest_args"] = "bench.only=%s" % group
    ok, lines, _ = bench.run_guest("xenith", build, test, iters, "64M", 1024, work,
                                   0, timeout=1200, tag="-profile-%s-%d" % (group, iters),
                                   qemu_extra=["-d", "exec,nochain,in_asm", "-D", log], **kw)
    if not ok:
        raise SystemExit("profile: the %d-iteration run failed" % iters)
    print("\n".join("  " + l for l in lines if l.startswith("BENCH ")))
    return log


def blocks(log):
    """(instructions of each block by start PC, executions by start PC)."""
    sizes, hits, start = {}, collections.Counter(), None
    with open(log, errors="replace") as f:
        for line in f:
            m = RE_TRACE.match(line)
            if m:
                hits[int(m.group(1), 16)] += 1
                start = None
            elif line.startswith("IN:"):
                start = "next"
            elif start is not None:
                m = RE_INSN.match(line)
                if not m:
                    start = None if not line.strip() else start
                    continue
                if start == "next":
                    start = int(m.group(1), 16)
                    sizes[start] = 0
                sizes[start] += 1
    return sizes, hits


def symbols(elf):
    nm = os.environ.get("CROSS_COMPILE", "aarch64-linux-gnu-") + "nm"
    out = subprocess.run([nm, "-n", elf], check=True, capture_output=True,
                         text=True).stdout
    syms = [(int(p[0], 16), p[2]) for p in (l.split() for l in out.splitlines())
            if len(p) == 3 and p[1] in "tTwW"]
    return [a for a, _ in syms], [n for _, n in syms]


def by_function(logs, build, keep):
    """Instructions the second trace executed beyond the first, by function
    of $(O)/xenith ("(guest)" below it); the traces go unless @keep."""
    (s1, h1), (s2, h2) = blocks(logs[0]), blocks(logs[1])
    if not keep:
        for log in logs:
            os.remove(log)
    sizes = {**s1, **s2}
    addrs, names = symbols(os.path.join(build, "xenith"))
    per = collections.Counter()
    for pc in set(h1) | set(h2):
        n = h2[pc] - h1[pc]
        if n:
            i = bisect.bisect_right(addrs, pc) - 1
            name = names[i] if i >= 0 and pc >= addrs[0] else "(guest)"
            per[name] += n * sizes.get(pc, 0)
    return per


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default="build")
    ap.add_argument("-n", type=int, default=1000, help="iterations (the runs do n and 2n)")
    ap.add_argument("--keep", action="store_true", help="keep the traces")
    ap.add_argument("group", choices=["null", "trap", "vtimer", "evtchn", "yield", "spi"])
    args = ap.parse_args()
    work = os.path.join(args.build, "bench")
    os.makedirs(work, exist_ok=True)
    xtfrun.FIRST_OUTPUT_TIMEOUT = 1200      # tracing is slow
    test = "bench-spi" if args.group == "spi" else "bench-micro"
    logs = [trace(args.build, args.group, n, work, test) for n in (args.n, 2 * args.n)]
    per = by_function(logs, args.build, args.keep)
    # bench_vtimer, bench_spi: n / 1000 rounds of 16 samples (one tick: 16
    # instructions).
    unit = args.n // 1000 * 16 if args.group in ("vtimer", "spi") else args.n
    print("%.1f instructions per iteration of the '%s' loops, by function:"
          % (sum(per.values()) / unit, args.group))
    for name, v in per.most_common():
        if abs(v) / unit >= 0.5:
            print("%8.1f  %s" % (v / unit, name))
    return 0


if __name__ == "__main__":
    sys.exit(main())
