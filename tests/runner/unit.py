# SPDX-License-Identifier: GPL-2.0-only
"""Host unit tests: run each cmocka binary with TAP output and report every
test case in it, plus the binary itself if it died or leaked."""

import errno
import os
import pty
import re
import select
import signal
import subprocess
import time

from result import Result

BINARY_TIMEOUT = 120.0
TAP_RESULT = re.compile(r"^(ok|not ok) (\d+)(?: - (.*?))?(?: # SKIP ?(.*))?$")
TAP_PLAN = re.compile(r"^1\.\.(\d+)$")


def read_lines(path, cwd):
    """Run @path on a pty (so cmocka's output comes line by line, as each
    test ends) and yield (seconds since start, line); then the exit status."""
    master, slave = pty.openpty()
    env = dict(os.environ, CMOCKA_MESSAGE_OUTPUT="TAP")
    start = time.monotonic()
    proc = subprocess.Popen([path], stdin=subprocess.DEVNULL, stdout=slave,
                            stderr=slave, cwd=cwd, env=env, start_new_session=True)
    os.close(slave)
    pending = b""
    try:
        while True:
            left = start + BINARY_TIMEOUT - time.monotonic()
            if left <= 0:
                os.killpg(proc.pid, signal.SIGKILL)
                yield time.monotonic() - start, f"# killed after {BINARY_TIMEOUT:.0f}s"
                break
            ready, _, _ = select.select([master], [], [], left)
            if not ready:
                continue
            try:
                data = os.read(master, 65536)
            except OSError as e:        # EIO: every writer has gone
                if e.errno != errno.EIO:
                    raise
                data = b""
            if not data:
                break
            pending += data
            *lines, pending = pending.split(b"\n")
            for line in lines:
                yield time.monotonic() - start, line.decode("utf-8", "replace").rstrip("\r")
        if pending:
            yield time.monotonic() - start, pending.decode("utf-8", "replace").rstrip("\r")
    finally:
        os.close(master)
        yield None, proc.wait()


def run_binary(path, cwd, selected):
    """Results of the cases of one binary whose names @selected accepts."""
    suite = "unit/" + os.path.basename(path)[len("test_"):]
    results, output = [], []
    plan, last_t, status, reported = None, 0.0, 0, 0
    for t, line in read_lines(path, cwd):
        if t is None:
            status = line
            break
        output.append(line)
        m = TAP_RESULT.match(line)
        if TAP_PLAN.match(line):         # one plan per cmocka group
            plan = (plan or 0) + int(TAP_PLAN.match(line).group(1))
        elif m:
            reported += 1
            name = f"{suite}/{m.group(3) or m.group(4) or m.group(2)}"
            skipped = m.group(4) is not None
            results.append([name, m.group(1) == "ok" or skipped, t - last_t,
                            len(output), skipped])
            last_t = t
    # A failure's diagnostics are the '#' lines cmocka prints after it.
    final = []
    for i, (name, ok, secs, line_no, skipped) in enumerate(results):
        nxt = results[i + 1][3] - 1 if i + 1 < len(results) else len(output)
        detail = "" if ok else "\n".join(output[line_no:nxt])
        if selected(name):
            final.append(Result(name, ok, secs, detail, skipped))
    # cmocka exits with the number of failed cases; anything else (a signal,
    # a sanitizer's report, a missing case) fails the binary as a whole.
    failed_cases = sum(not r[1] for r in results)
    if status != failed_cases or plan is None or reported != plan:
        if selected(suite) or final:
            why = (f"reported {reported} of {plan} planned tests, exit status {status}"
                   if reported != plan or plan is None else f"exited with status {status}")
            final.append(Result(suite, False, last_t,
                                why + "\n--- output (tail) ---\n" + "\n".join(output[-20:])))
    return final


def unit_binaries(build):
    udir = os.path.join(build, "tests", "unit")
    if not os.path.isdir(udir):
        return []
    return sorted(os.path.join(udir, f) for f in os.listdir(udir)
                  if re.fullmatch(r"test_\w+", f) and
                  os.access(os.path.join(udir, f), os.X_OK))
