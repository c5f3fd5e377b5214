# SPDX-License-Identifier: GPL-2.0-only
"""Whole-system scenarios on Xenith (tests/system/): each is a script that
prints its steps and ends with PASS or FAIL, run once per GIC version.

Names look like system/linux-domu/gicv3.  The scripts fetch what they boot
(`scripts/deps linux-domu`); `make test` does that first.
`scripts/xen-ref system` runs the same scenarios on Xen 4.17.
"""
import os
import subprocess
import time

from result import Result

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCENARIOS = ["linux-domu", "linux-domu-enhanced", "linux-domu-hvc0", "linux-domu-pair",
             "linux-domu-passthrough"]
GICS = [3, 2]
TIMEOUT = 600       # the scripts bound each of their own steps; this is the backstop


def cases(selected):
    return [(s, g) for s in SCENARIOS for g in GICS
            if selected(f"system/{s}/gicv{g}")]


def run_case(case, build):
    scenario, gic = case
    name = f"system/{scenario}/gicv{gic}"
    script = os.path.join(ROOT, "tests", "system", scenario)
    start = time.monotonic()
    try:
        proc = subprocess.run([script, "--hypervisor", "xenith", "--build", build,
                               "--gic", str(gic)], cwd=ROOT, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True, timeout=TIMEOUT,
                              start_new_session=True)
    except subprocess.TimeoutExpired:
        return Result(name, False, time.monotonic() - start, f"no verdict in {TIMEOUT}s")
    lines = proc.stdout.rstrip().splitlines()
    passed = proc.returncode == 0 and bool(lines) and lines[-1].startswith("PASS")
    return Result(name, passed, time.monotonic() - start, "\n".join(lines[-20:]))
