# SPDX-License-Identifier: GPL-2.0-only
"""QEMU boot tests: boot one case of tests/boot/cases.py in a fresh QEMU,
play its steps against the serial console, and kill QEMU afterwards."""

import bisect
import json
import os
import re
import select
import shutil
import signal
import socket
import struct
import subprocess
import tempfile
import threading
import time

from result import Result

QEMU = "qemu-system-aarch64"
NM = "aarch64-linux-gnu-nm"
STEP_TIMEOUT = 30.0         # seconds an expect or key step may wait
KEY_REPEAT = 1.0            # seconds between repeats of a key nobody answered
# The last line of a machine that stopped: the crash path's, or head.S's refusal.
HALT_LINES = re.compile(r"Xenith halted.*\n|Halting\..*\n")
TAIL_LINES = 20


class Failure(Exception):
    """A step of a case did not hold; the message says which and why."""


# Every QEMU still running, so that an interrupted run can kill them all:
# each runs in its own session, out of reach of the terminal's Ctrl-C.
LIVE = set()
LIVE_LOCK = threading.Lock()


def kill_all():
    with LIVE_LOCK:
        for proc in LIVE:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


class Console:
    """A QEMU process whose serial console is its stdin and stdout."""

    def __init__(self, argv, log_path):
        self.log = open(log_path, "wb")
        self.log.write(("$ " + " ".join(argv) + "\n").encode())
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT,
                                     start_new_session=True)
        with LIVE_LOCK:
            LIVE.add(self.proc)
        os.set_blocking(self.proc.stdout.fileno(), False)
        self.raw = bytearray()
        self.pos = 0            # where the next expect starts searching
        self.eof = False

    @property
    def text(self):
        return self.raw.decode("utf-8", "replace").replace("\r", "")

    def pump(self, timeout):
        """Read what QEMU prints within @timeout seconds; False at EOF."""
        if self.eof:
            time.sleep(max(timeout, 0))
            return False
        ready, _, _ = select.select([self.proc.stdout], [], [], max(timeout, 0))
        if ready:
            data = os.read(self.proc.stdout.fileno(), 65536)
            if not data:
                self.eof = True
                return False
            self.raw += data
            self.log.write(data)
            self.log.flush()
        return True

    def exit_status(self):
        if self.eof:
            return self.proc.wait()
        return self.proc.poll()

    def send(self, data):
        self.proc.stdin.write(data.encode())
        self.proc.stdin.flush()

    def wait_for(self, regex, deadline):
        """Search from self.pos until @deadline; fail early if the machine
        halted or QEMU exited without printing what we wait for."""
        pattern = re.compile(regex, re.M)
        while True:
            text = self.text
            m = pattern.search(text, self.pos)
            if m:
                self.pos = m.end()
                return m
            # Whole lines only: the line we wait for may be half-way out.
            if HALT_LINES.search(text[:text.rfind("\n") + 1], self.pos):
                raise Failure(f"the machine halted before /{regex}/ appeared")
            status = self.exit_status()
            # Exited: what it printed last may still be in the pipe; read
            # it all before judging (EOF, or the pipe held by a straggler).
            if status is not None and not self.eof and time.monotonic() < deadline:
                self.pump(min(0.2, deadline - time.monotonic()))
                continue
            if status is not None:
                raise Failure(f"QEMU exited (status {status}) before /{regex}/ appeared")
            if time.monotonic() >= deadline:
                return None
            self.pump(min(0.2, deadline - time.monotonic()))

    def stop(self):
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.proc.wait()
        with LIVE_LOCK:
            LIVE.discard(self.proc)
        for f in (self.proc.stdin, self.proc.stdout):
            try:
                f.close()
            except OSError:
                pass
        self.log.close()


def qmp_command(sock_path, command):
    """Run an HMP @command through QEMU's QMP socket; returns its text."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.settimeout(10)
        s.connect(sock_path)
        f = s.makefile("rw")
        f.readline()                            # the greeting
        for req in ({"execute": "qmp_capabilities"},
                    {"execute": "human-monitor-command",
                     "arguments": {"command-line": command}}):
            f.write(json.dumps(req) + "\n")
            f.flush()
            while True:
                reply = json.loads(f.readline())
                if "return" in reply or "error" in reply:
                    break
        if "error" in reply:
            raise Failure(f"QEMU monitor: {reply['error']}")
        return reply["return"]


def cpu_states(sock_path):
    regs = qmp_command(sock_path, "info registers -a")
    return {int(cpu): (int(pc, 16), int(pstate, 16)) for cpu, pc, pstate in
            re.findall(r"CPU#(\d+)\s+PC=([0-9a-f]+).*?PSTATE=([0-9a-f]+)", regs, re.S)}


def text_symbols(build):
    """(address, name) of the text symbols of build/xenith, sorted."""
    out = run_tool([NM, "-n", os.path.join(build, "xenith")], "nm")
    return [(int(addr, 16), name) for addr, kind, name in
            (line.split() for line in out.splitlines() if len(line.split()) == 3)
            if kind in "tTwW" and not name.startswith("$")]


def symbol_of(symbols, pc):
    i = bisect.bisect_right([a for a, _ in symbols], pc)
    return symbols[i - 1][1] if i else "??"


def check_cpus_stopped(case, build, sock_path, parked):
    """Every CPU has IRQs masked (PSTATE.I) and sits, not moving, in one of
    the functions named in @parked: an idle CPU also sleeps in WFI with
    IRQs masked, so only where it sleeps tells a stopped CPU apart."""
    first = cpu_states(sock_path)
    time.sleep(0.5)
    second = cpu_states(sock_path)
    if len(first) != case.get("smp", 1):
        raise Failure(f"QEMU shows {len(first)} CPUs, expected {case.get('smp', 1)}")
    symbols = text_symbols(build)
    running = []
    for cpu in sorted(first):
        pc, pstate = second[cpu]
        where = symbol_of(symbols, pc)
        if not pstate & 0x80 or first[cpu][0] != pc or where not in parked:
            running.append(f"CPU#{cpu} PC={pc:#x} ({where}) PSTATE={pstate:#x}")
    if running:
        raise Failure(f"CPUs not stopped in {'/'.join(parked)}: " + ", ".join(running))


def run_step(con, step, case, build, sock_path):
    kind = step[0]
    if kind == "expect":
        if not con.wait_for(step[1], time.monotonic() + STEP_TIMEOUT):
            raise Failure(f"timed out after {STEP_TIMEOUT:.0f}s waiting for /{step[1]}/")
    elif kind == "key":
        deadline = time.monotonic() + STEP_TIMEOUT
        while True:
            con.send(step[1])
            if con.wait_for(step[2], min(deadline, time.monotonic() + KEY_REPEAT)):
                break
            if time.monotonic() >= deadline:
                raise Failure(f"no answer /{step[2]}/ to key {step[1]!r} "
                              f"within {STEP_TIMEOUT:.0f}s")
    elif kind == "quiet":
        before = len(con.raw)
        end = time.monotonic() + step[1]
        while time.monotonic() < end:
            con.pump(end - time.monotonic())
        extra = con.raw[before:]
        # The end of a line already started is not new output.
        if before and con.raw[before - 1:before] != b"\n":
            extra = extra[extra.find(b"\n") + 1:] if b"\n" in extra else b""
        if extra:
            text = extra.decode("utf-8", "replace")
            raise Failure(f"expected silence for {step[1]}s, got: {text[:200]!r}")
        if con.exit_status() is not None:
            raise Failure(f"QEMU exited (status {con.exit_status()}) instead of staying halted")
    elif kind == "absent":
        m = re.search(step[1], con.text, re.M)
        if m:
            raise Failure(f"unexpected output matching /{step[1]}/: {m.group(0)!r}")
    elif kind == "cpus_stopped":
        check_cpus_stopped(case, build, sock_path, step[1])
    else:
        raise Failure(f"unknown step {step!r}")


def machine_args(case):
    virt = "on" if case.get("virt", True) else "off"
    return [QEMU, "-machine", f"virt,virtualization={virt},gic-version={case.get('gic', 3)}",
            "-cpu", case.get("cpu", "cortex-a57"), "-smp", str(case.get("smp", 1)),
            "-m", "2G", "-display", "none", "-monitor", "none", "-no-reboot"]


def run_tool(argv, what):
    p = subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True,
                       text=True, timeout=60)
    if p.returncode:
        raise Failure(f"{what} failed ({p.returncode}): {(p.stderr or p.stdout).strip()[-300:]}")
    return p.stdout


def edit_dts(dts, case):
    if case.get("no_memory"):
        dts, n = re.subn(r"\n\tmemory@[0-9a-f]+ \{.*?\n\t\};", "", dts, flags=re.S)
        if not n:
            raise Failure("QEMU's device tree has no memory node to remove")
    if case.get("bootargs") is not None:
        args = case["bootargs"].replace("\\", "\\\\").replace('"', '\\"')
        dts, n = re.subn(r"\n\tchosen \{", f'\n\tchosen {{\n\t\txen,xen-bootargs = "{args}";', dts)
        if n != 1:
            raise Failure("QEMU's device tree has no /chosen node")
    return dts


def make_dtb(case, kernel, work):
    """QEMU's own device tree for this machine, edited as the case asks."""
    dumped = os.path.join(work, "qemu.dtb")
    run_tool(machine_args(case) + ["-kernel", kernel, "-machine", f"dumpdtb={dumped}"],
             "dumping QEMU's device tree")
    dts = run_tool(["dtc", "-q", "-I", "dtb", "-O", "dts", dumped], "dtc (decompile)")
    src = os.path.join(work, "test.dts")
    with open(src, "w") as f:
        f.write(edit_dts(dts, case))
    out = os.path.join(work, "test.dtb")
    run_tool(["dtc", "-q", "-I", "dts", "-O", "dtb", "-o", out, src], "dtc (compile)")
    return out


def make_shim(case, build, work):
    """The shim Image with its parameter block (last 16 bytes) filled in."""
    with open(os.path.join(build, "tests", "boot", "shim.bin"), "rb") as f:
        image = f.read()
    if image[-16:] != bytes(16):
        raise Failure("shim.bin does not end with an empty parameter block")
    path = os.path.join(work, "shim.bin")
    with open(path, "wb") as f:
        f.write(image[:-16] + struct.pack("<QQ", case["load_at"], case.get("dtb_at", 0)))
    return path


def qemu_argv(case, build, work, sock_path):
    xenith = os.path.join(build, "xenith.bin")
    argv = machine_args(case) + ["-serial", "stdio", "-qmp", f"unix:{sock_path},server=on,wait=off"]
    kernel = make_shim(case, build, work) if "load_at" in case else xenith
    argv += ["-kernel", kernel]
    if "load_at" in case:
        argv += ["-device", f"loader,file={xenith},addr={case['load_at']:#x},force-raw=on"]
    if case.get("bootargs") is not None or case.get("no_memory"):
        dtb = make_dtb(case, kernel, work)
        if "dtb_at" in case:
            argv += ["-device", f"loader,file={dtb},addr={case['dtb_at']:#x},force-raw=on"]
        else:
            argv += ["-dtb", dtb]
    return argv


def tail(text, n=TAIL_LINES):
    return "\n".join(text.rstrip("\n").split("\n")[-n:])


def run_case(case, build):
    name = "boot/" + case["name"]
    work = os.path.join(build, "tests", "boot", "run", case["name"])
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    sock_dir = tempfile.mkdtemp(prefix="xenith-qmp-")   # short path for the socket
    start = time.monotonic()
    con = None
    try:
        argv = qemu_argv(case, build, work, os.path.join(sock_dir, "qmp"))
        con = Console(argv, os.path.join(work, "console.log"))
        for step in case["steps"]:
            run_step(con, step, case, build, os.path.join(sock_dir, "qmp"))
        return Result(name, True, time.monotonic() - start)
    except (Failure, OSError, subprocess.TimeoutExpired) as e:
        detail = str(e)
        if con:
            detail += (f"\n--- console (last {TAIL_LINES} lines; all of it in "
                       f"{os.path.join(work, 'console.log')}) ---\n" + tail(con.text))
        return Result(name, False, time.monotonic() - start, detail)
    finally:
        if con:
            con.stop()
        shutil.rmtree(sock_dir, ignore_errors=True)
