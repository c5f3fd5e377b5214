#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Where a benchmark figure's instructions go in Xenith, by function.

Runs a group's benchmark guest on Xenith (as make bench does, -icount,
one host CPU) twice: with n and 2n iterations, under QEMU's -d
exec,nochain,in_asm (every translation block executed is logged, and each
block's instructions).  The difference between the two runs is the
group's extra samples and nothing else; its blocks are counted, weighed by
their length and named from $(O)/xenith's symbols.

  bench/profile.py --build build null     # the null hypercall
  bench/profile.py --build build yield -n 500
  bench/profile.py --build build roundtrip

Groups (GROUPS below):
  null, trap, evtchn, yield  bench-micro with "bench.only=GROUP": per
                             iteration of its loops (n of them)
  vtimer                     bench-micro's virtual timer and
  spi                        bench-spi's passthrough SPI: per interrupt
                             delivered; the guests run max(n / 1000, 1)
                             rounds of 16 (one CNTVCT tick at 62.5 MHz is
                             16 instructions), so n must reach 1000
  roundtrip, grant           bench-evtchn's event channel round trip (one
                             host CPU) and bench-grant's GNTTABOP_copy
                             (followed by as many page copies by the guest
                             itself, which count as "(guest)"): per round,
                             both domains (n rounds: bench.iters = 10n)

The traces are large (about 1 GB for 2,000 iterations): they go to
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


def loops(iters):
    """bench-micro's loops: bench.iters iterations."""
    return iters


def ticks(iters):
    """bench_vtimer(), bench_spi(): max(bench.iters / 1000, 1) rounds of 16
    samples (CNTFRQ 62.5 MHz: a tick is 16 instructions)."""
    return max(iters // 1000, 1) * 16


def rounds(iters):
    """bench-evtchn, bench-grant: max(bench.iters / 10, 1) rounds."""
    return max(iters // 10, 1)


# test: the guest; args: its options; scale: bench.iters per unit of -n;
# samples(bench.iters): what the guest counts; per: what a figure is per.
Group = collections.namedtuple("Group", "test args scale samples per default_n")
GROUPS = {g: Group("bench-micro", "bench.only=" + g, 1, loops,
                   "iteration of the '%s' loops" % g, 1000)
          for g in ("null", "trap", "evtchn", "yield")}
GROUPS.update(
    vtimer=Group("bench-micro", "bench.only=vtimer", 1, ticks, "virtual timer interrupt", 1000),
    spi=Group("bench-spi", "", 1, ticks, "passthrough SPI", 1000),
    roundtrip=Group("bench-evtchn", "", 10, rounds, "round trip of bench-evtchn", 500),
    grant=Group("bench-grant", "", 10, rounds, "round of bench-grant", 500))


def trace(build, name, iters, work):
    """Run group @name's guest with @iters iterations under -d exec; the
    trace's path."""
    group = GROUPS[name]
    log = os.path.join(work, "profile-%s-%d.log" % (name, iters))
    ok, lines, _ = bench.run_guest("xenith", build, group.test, iters, "64M", 1024, work,
                                   0, timeout=1200, tag="-profile-%s-%d" % (name, iters),
                                   qemu_extra=["-d", "exec,nochain,in_asm", "-D", log],
                                   guest_args=group.args, with_d2=True)
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


def extra_samples(name, n):
    """The samples group @name's 2n run counts beyond its n run."""
    group = GROUPS[name]
    if n < 1:       # the guests take bench.iters=0 for their default count
        raise SystemExit("profile: -n must be at least 1")
    unit = group.samples(2 * n * group.scale) - group.samples(n * group.scale)
    if not unit:    # ticks() only: both runs do one round below n = 1000
        raise SystemExit("profile: with -n %d both runs of '%s' do the same rounds (the "
                         "guest does max(n / 1000, 1)): -n must be at least 1000" % (n, name))
    return unit


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default="build")
    ap.add_argument("-n", type=int, help="iterations, rounds for roundtrip and grant "
                    "(the runs do n and 2n; default 1000, 500 for roundtrip and grant)")
    ap.add_argument("--keep", action="store_true", help="keep the traces")
    ap.add_argument("group", choices=sorted(GROUPS))
    args = ap.parse_args()
    group = GROUPS[args.group]
    n = group.default_n if args.n is None else args.n
    unit = extra_samples(args.group, n)
    work = os.path.join(args.build, "bench")
    os.makedirs(work, exist_ok=True)
    xtfrun.FIRST_OUTPUT_TIMEOUT = 1200      # tracing is slow
    logs = [trace(args.build, args.group, i * n * group.scale, work) for i in (1, 2)]
    per = by_function(logs, args.build, args.keep)
    print("%.1f instructions per %s, by function:" % (sum(per.values()) / unit, group.per))
    for name, v in per.most_common():
        if abs(v) / unit >= 0.5:
            print("%8.1f  %s" % (v / unit, name))
    return 0


if __name__ == "__main__":
    sys.exit(main())
