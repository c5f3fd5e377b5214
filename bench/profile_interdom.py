#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Where a two-domain figure's instructions go in Xenith, by function.

bench/profile.py for bench-evtchn (the event channel round trip, one host
CPU) and bench-grant (the grant copy, followed by as many page copies by
the guest itself, which count as "(guest)"): each runs with n and 2n
rounds under QEMU's -d exec,nochain,in_asm, and the difference, n rounds
of both domains, is named from $(O)/xenith's symbols.

  bench/profile_interdom.py --build build evtchn -n 500
  bench/profile_interdom.py --build build grant
"""
import argparse
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import profile as prof  # noqa: E402  (bench/profile.py, not the standard library's)
import xtfrun  # noqa: E402  (bench/run.py put tests/xtf on the path)

TESTS = {"evtchn": "bench-evtchn", "grant": "bench-grant"}


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default="build")
    ap.add_argument("-n", type=int, default=500, help="rounds (the runs do n and 2n)")
    ap.add_argument("--keep", action="store_true", help="keep the traces")
    ap.add_argument("group", choices=sorted(TESTS))
    args = ap.parse_args()
    work = os.path.join(args.build, "bench")
    os.makedirs(work, exist_ok=True)
    xtfrun.FIRST_OUTPUT_TIMEOUT = 1200      # tracing is slow
    # The guests run bench.iters / 10 rounds.
    logs = [prof.trace(args.build, args.group, n * 10, work, test=TESTS[args.group],
                       with_d2=True) for n in (args.n, 2 * args.n)]
    per = prof.by_function(logs, args.build, args.keep)
    print("%.1f instructions per round of '%s', by function:"
          % (sum(per.values()) / args.n, TESTS[args.group]))
    for name, v in per.most_common():
        if abs(v) / args.n >= 0.5:
            print("%8.1f  %s" % (v / args.n, name))
    return 0


if __name__ == "__main__":
    sys.exit(main())
