# SPDX-License-Identifier: GPL-2.0-only
"""xtf tests on Xenith, the third kind of test of `make test`: each test of
tests/xtf booted as a dom0less domU of $(O)/xenith.bin, with GICv3 and with
GICv2, judged by tests/xtf/xtfrun.py (the module `make test-xen` uses).

Which tests run is a switch, off until Xenith runs guests:
    XTF_XENITH unset    the tests listed in tests/xtf/xenith-ready
    XTF_XENITH=all      every xtf test
    XTF_XENITH=none     none
    XTF_XENITH="a b"    those tests
"""

import os
import subprocess
import sys

from result import Result

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tests", "xtf"))
import xtfrun  # noqa: E402

READY = os.path.join(ROOT, "tests", "xtf", "xenith-ready")
GICS = (3, 2)


def ready_list():
    with open(READY) as f:
        return [w for line in f for w in line.split("#", 1)[0].split()]


def chosen_tests(setting):
    """The test names @setting (XTF_XENITH's value, None if unset) selects."""
    every = xtfrun.all_tests()
    if setting is None:
        names = ready_list()
    elif setting.strip() == "all":
        names = every
    elif setting.strip() == "none":
        names = []
    else:
        names = setting.replace(",", " ").split()
    unknown = sorted(set(names) - set(every))
    if unknown:
        raise ValueError("no such xtf test: %s" % " ".join(unknown))
    return names


def cases(setting, selected):
    """(name, test, gic) of each xtf run, filtered by @selected(name)."""
    hv = xtfrun.hypervisor("xenith", "")
    runs = [(xtfrun.test_name(hv, gic, t), t, gic)
            for gic in GICS for t in chosen_tests(setting)]
    return [r for r in runs if selected(r[0])]


def run_case(case, build):
    name, test, gic = case
    hv = xtfrun.hypervisor("xenith", build)
    try:
        out = xtfrun.run_test(test, hv, xtfrun.Machine(gic), build)
    except (OSError, ValueError, subprocess.SubprocessError) as e:
        return Result(name, False, 0.0, "runner: %s" % e)
    detail = out.status + (" - " + out.reason if out.reason else "")
    if out.word == "FAIL":
        detail += "\n" + "\n".join(out.shown_lines()[-20:])
        if out.log:
            detail += "\n(log: %s)" % out.log
    return Result(name, out.word != "FAIL", out.seconds, detail, out.word == "SKIP")


def kill_all():
    xtfrun.kill_all()
