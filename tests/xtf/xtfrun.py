# SPDX-License-Identifier: GPL-2.0-only
"""Boot xtf test guests as dom0less domUs of a hypervisor under QEMU and
judge what they print.  Used by tests/xtf/xtf-runner (make test-xen,
make test-xtf) and by tests/runner (make test, Xenith only).

Each test gets a fresh QEMU (TCG, virt, virtualization=on): the hypervisor
is booted from QEMU's own DTB plus the /chosen nodes mkdtb adds, with one
copy of the test image per domain loaded by QEMU as that domain's kernel.
The domains' lines are read from the hypervisor's console:

    (XEN) DOM<n>: <text>    vPL011 output, forwarded by the hypervisor
    (d<n>) <text>           HYPERVISOR_console_io(CONSOLEIO_write) output

Every domain of the test must print "Test result: ..."; the worst result
decides, then the expectations of the test's 'expect' file are checked.  A
boot in which no domain has printed anything after FIRST_OUTPUT_TIMEOUT
seconds ends there (TIMEOUT): the hypervisor runs no guests.

test.cfg (key = value, '#' comments):
    cpus = 1            vCPUs per domain
    memory = 64M        RAM per domain
    timeout = 30        seconds for the whole boot
    domains = A B       one domain per role, all from this image; domain n
                        gets "xtf.role=<n-th role>" as its command line
                        (default: one domain, no command line)
    hypervisors = xenith    run only there; elsewhere the test is SKIP
    reason = ...        why, printed with that SKIP
    settle = 1          seconds to keep reading after the last result line
                        when 'expect' looks past it (see below)
    qemu-memory = 1G    the host machine's RAM (QEMU -m)
    evtchn = 1:10-2:10  static event channels (space-separated): port 10
                        of domain 1 connected to port 10 of domain 2 before
                        they start (Xen 4.17's xen,evtchn-v1 nodes; domains
                        numbered in DT order, extra-domains after the test's)
    dirty-ram = 1       QEMU fills the host's RAM with junk before the
                        hypervisor starts (see dirty_ram_loads()): RAM a
                        domain gets must then be zeroed by the hypervisor
    bootargs = console=hvc0    further words of each test domain's command
                        line (after xtf.role=)
    hv-bootargs = xsm=dummy    further options of the hypervisor's command
                        line, Xen's syntax, on Xen and Xenith alike (both
                        enforce XSM SILO, which forbids grants and event
                        channels between domUs, unless xsm=dummy)
    passthrough = /pl061@9030000   assign that host device (+-separated
                        paths: several) to the test's first domain with a
                        partial device tree, as Xen's passthrough.txt does
                        without an IOMMU (mkdtb's passthrough=)
    extra-domain = SPEC a further domain after the test's own, described
                        raw in mkdtb's --domain syntax (kernel=FILE relative
                        to the test's directory, kernel=@image the test's
                        image; QEMU loads that file at addr=; or size=BYTES
                        for a module with nothing loaded).  Repeatable.  For
                        tests of how bad domains are refused: mkdtb does not
                        check their modules for overlaps, and they print no
                        result line.

expect (one expectation per line, '#' comments):
    REGEX               a line of domain 1's output
    @d<n> REGEX         a line of domain n's output
    @d<n>/xen REGEX     the same, checked on Xen 4.17 only (/xenith: on
                        Xenith only; also with '!')
    @hv REGEX           a line of the hypervisor's own console (whole line,
                        "(XEN) " included), on any hypervisor
    @xen REGEX          the same, checked on Xen 4.17 only
    @xenith REGEX       the same, checked on Xenith only
    @<tag>! REGEX       no such line may appear
    @<hv>> KEYS         once every domain reported, type KEYS on the
                        console (Python escapes: \\x01 is Ctrl-A)
Hypervisor lines, negative expectations and keys make the runner keep
reading after the last result line: until every positive expectation is
met and 'settle' seconds passed, or the timeout.
"""
import codecs
import os
import queue
import re
import signal
import subprocess
import threading
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
XTF = os.path.join(ROOT, "tests", "xtf")
MKDTB = os.path.join(XTF, "mkdtb")
XEN_IMAGE = os.path.join(ROOT, ".deps", "xen-4.17-arm64", "boot", "xen-4.17-arm64")
HYPERVISORS = ("xen", "xenith")

# Where QEMU's loader puts the first domain's image (host RAM starts at
# 0x40000000; the hypervisor is loaded at its start).  Further domains get
# their own copy on the next 2 MiB boundary.
LOAD_BASE = 0x50000000
LOAD_ALIGN = 0x200000

# One command line for both hypervisors: Xen's option names.
#   bootscrub=0       do not scrub free RAM at boot (slow under TCG)
#   guest_loglvl=all  print domUs' console_io lines (Xen filters them
#                     as guest debug messages otherwise)
BOOTARGS = "console=dtuart dtuart=/pl011@9000000 bootscrub=0 guest_loglvl=all"

RESULTS = ("SUCCESS", "SKIP", "ERROR", "FAILURE")     # in escalating order
RE_RESULT = re.compile(r"^Test result: (%s)\b(?: \((.*)\))?" % "|".join(RESULTS))
RE_PL011 = re.compile(r"^\(XEN\) DOM(\d+): ?(.*)$")
RE_CONSOLE_IO = re.compile(r"^(?:\(XEN\) )?\(d(\d+)\) ?(.*)$")
# The hypervisor itself died, or killed a test domain.
RE_CRASH = re.compile(r"Panic on CPU|Xen BUG at|FATAL TRAP|Unexpected Trap|"
                      r"crashed on cpu|domain_crash|Hardware Dom\d+ (?:halted|crashed)")
# A domain prints its first line well within a second of the boot on Xen
# 4.17: a hypervisor that has shown none after this long runs no guests.
FIRST_OUTPUT_TIMEOUT = 10
# How long the end of a run waits for its reader thread to see EOF.
READER_JOIN_TIMEOUT = 5
KEY_DELAY = 0.5         # seconds between the last result line and typing keys
KEY_GAP = 0.05          # seconds between two typed characters


class Hypervisor:
    def __init__(self, name, image):
        self.name = name
        self.image = image


def hypervisor(name, build, image=None):
    if name not in HYPERVISORS:
        raise ValueError("unknown hypervisor %r" % name)
    default = XEN_IMAGE if name == "xen" else os.path.join(build, "xenith.bin")
    return Hypervisor(name, image or default)


class Machine:
    """The QEMU machine options; the DTB is dumped for exactly these."""

    def __init__(self, gic=3, smp=2, mem_mib=1024, cpu="cortex-a57", extra=()):
        self.gic, self.smp, self.mem_mib, self.cpu = gic, smp, mem_mib, cpu
        # Further QEMU arguments, e.g. bench/'s "-icount shift=0,sleep=off".
        self.extra = list(extra)

    def args(self, extra_machine=""):
        # The serial port alone on stdio (no monitor multiplexed on it), so
        # that keys typed for the hypervisor reach it unchanged.
        return ["-machine", "virt,virtualization=on,gic-version=%d%s"
                % (self.gic, extra_machine),
                "-cpu", self.cpu, "-smp", str(self.smp), "-m", str(self.mem_mib),
                "-display", "none", "-monitor", "none", "-serial", "stdio"] + self.extra

    def dump_dtb(self, path, opts=""):
        cmd = ["qemu-system-aarch64"] + self.args("%s,dumpdtb=%s" % (opts, path))
        subprocess.run(cmd, check=True, stdin=subprocess.DEVNULL,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       timeout=60, start_new_session=True)


# ---------------------------------------------------------------- test data
CFG_KEYS = {"cpus", "memory", "timeout", "domains", "hypervisors", "reason", "settle",
            "qemu-memory", "extra-domain", "evtchn", "enhanced", "hv-bootargs",
            "dirty-ram", "bootargs", "passthrough"}
CFG_LISTS = {"extra-domain"}    # keys that may repeat


def parse_size_mib(text):
    """'1G', '512M' or a plain number of MiB -> MiB."""
    text = text.strip().upper()
    if text.endswith("G"):
        return int(text[:-1], 0) * 1024
    return int(text[:-1] if text.endswith("M") else text, 0)


class Config:
    def __init__(self, values):
        self.cpus = int(values.get("cpus", "1"), 0)
        self.memory = values.get("memory", "64M")
        self.timeout = int(values.get("timeout", "30"), 0)
        self.roles = values.get("domains", "").split()
        self.hypervisors = values.get("hypervisors", " ".join(HYPERVISORS)).split()
        self.reason = values.get("reason", "")
        self.settle = float(values.get("settle", "1"))
        self.qemu_mib = parse_size_mib(values["qemu-memory"]) if "qemu-memory" in values else None
        self.extra_domains = values.get("extra-domain", [])
        self.evtchns = values.get("evtchn", "").split()
        self.hv_bootargs = values.get("hv-bootargs", "")
        self.bootargs = values.get("bootargs", "")
        self.passthrough = values.get("passthrough", "")
        self.dirty_ram = values.get("dirty-ram", "0") in ("1", "yes")
        # xen,enhanced for the test's domains: 1 is Xen's "enabled"
        enhanced = values.get("enhanced", "")
        self.enhanced = "enabled" if enhanced in ("1", "yes") else enhanced
        for hv in self.hypervisors:
            if hv not in HYPERVISORS:
                raise ValueError("test.cfg: unknown hypervisor %r" % hv)

    @property
    def ndomains(self):
        return max(1, len(self.roles))


def read_cfg(test):
    values = {}
    path = os.path.join(XTF, "tests", test, "test.cfg")
    if os.path.exists(path):
        with open(path) as f:
            for line in f:
                line = line.split("#", 1)[0].strip()
                if not line:
                    continue
                key, sep, value = line.partition("=")
                key = key.strip()
                if not sep or key not in CFG_KEYS:
                    raise ValueError("%s: bad line %r (keys: %s)"
                                     % (path, line, ", ".join(sorted(CFG_KEYS))))
                if key in CFG_LISTS:
                    values.setdefault(key, []).append(value.strip())
                else:
                    values[key] = value.strip()
    return Config(values)


class Expect:
    """One line of 'expect': where to look, what for, and whether it must
    be there or must not."""
    RE_TAG = re.compile(r"^@(d\d+|hv|xen|xenith)(?:/(xen|xenith))?(!|>)? (.*)$")

    def __init__(self, line):
        m = self.RE_TAG.match(line)
        where, only, mark, text = m.groups() if m else ("d1", None, None, line)
        self.where = where
        self.only = only        # @d2/xen: domain 2's output, on Xen only
        self.negate = mark == "!"
        self.keys = codecs.decode(text, "unicode_escape") if mark == ">" else None
        self.regex = None if self.keys is not None else re.compile(text)
        if self.keys is not None and where not in HYPERVISORS:
            raise ValueError("expect: keys go to a hypervisor (@xen> / @xenith>): %r" % line)

    def applies_to(self, hv_name):
        return ((self.where not in HYPERVISORS or self.where == hv_name) and
                self.only in (None, hv_name))

    @property
    def on_console(self):
        return self.where in HYPERVISORS + ("hv",)

    def lines(self, run):
        if self.on_console:
            return run.hv_lines
        return run.domains.get(int(self.where[1:]), [])

    def search(self, run):
        """The first line that matches, or None."""
        return next((l for l in self.lines(run) if self.regex.search(l)), None)

    def describe(self):
        return "%s /%s/" % (self.where, self.regex.pattern)


def read_expect(test, hv_name):
    path = os.path.join(XTF, "tests", test, "expect")
    if not os.path.exists(path):
        return []
    with open(path) as f:
        lines = [l.rstrip("\n") for l in f]
    exps = [Expect(l) for l in lines if l.strip() and not l.startswith("#")]
    return [e for e in exps if e.applies_to(hv_name)]


class Plan:
    """What one boot waits for."""

    def __init__(self, cfg, expects):
        self.ndomains = cfg.ndomains
        self.timeout = cfg.timeout
        self.keys = "".join(e.keys for e in expects if e.keys is not None)
        self.checks = [e for e in expects if e.keys is None]
        self.waits = [e for e in self.checks if not e.negate]
        # Past the last result line only if something is to be seen there.
        self.settle = cfg.settle if (self.keys or any(
            e.negate or e.on_console for e in self.checks)) else None

    def satisfied(self, run):
        return all(e.search(run) is not None for e in self.waits)


# ---------------------------------------------------------------- booting
# Every QEMU still running, so that an interrupted run can kill them all.
LIVE = set()
LIVE_LOCK = threading.Lock()
DUMPED = set()
DUMP_LOCK = threading.Lock()


def kill_group(proc):
    """End QEMU and anything it started: TERM, then KILL."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=3)
            return
        except subprocess.TimeoutExpired:
            pass


def kill_all():
    with LIVE_LOCK:
        for proc in list(LIVE):
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


def reader(stream, q):
    """QEMU's output, line by line, into @q; None at EOF.  Only this thread
    reads @stream, and nobody closes it before this thread has ended:
    closing a buffered stream another thread is reading frees the buffer
    under it (CPython: "ValueError: PyMemoryView_FromBuffer(): info->buf
    must not be NULL" in this thread)."""
    for raw in iter(stream.readline, b""):
        q.put(raw.decode("utf-8", "replace").rstrip("\r\n").replace("\r", ""))
    q.put(None)


class Run:
    """What one boot printed, sorted by who printed it."""

    def __init__(self):
        self.lines = []         # everything, for the log
        self.hv_lines = []      # the hypervisor's own lines
        self.domains = {}       # domid -> its lines
        self.results = {}       # domid -> (status, reason), the first only
        self.crash = None
        self.exit_code = None   # QEMU ended by itself
        self.timed_out = False
        self.silent = False     # no domain printed anything in time

    def feed(self, line):
        self.lines.append(line)
        m = RE_PL011.match(line) or RE_CONSOLE_IO.match(line)
        if m:
            domid, text = int(m.group(1)), m.group(2)
            self.domains.setdefault(domid, []).append(text)
            r = RE_RESULT.match(text)
            if r and domid not in self.results:
                self.results[domid] = (r.group(1), r.group(2) or "")
            return
        self.hv_lines.append(line)
        if RE_CRASH.search(line) and self.crash is None:
            self.crash = line

    def reported(self, ndomains):
        return all(d in self.results for d in range(1, ndomains + 1))


def type_keys(proc, keys):
    for ch in keys:
        proc.stdin.write(ch.encode("latin-1"))
        proc.stdin.flush()
        time.sleep(KEY_GAP)


def boot(cmd, plan, log_path):
    run = Run()
    q = queue.Queue()
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, start_new_session=True)
    with LIVE_LOCK:
        LIVE.add(proc)
    thread = threading.Thread(target=reader, args=(proc.stdout, q), daemon=True)
    thread.start()
    start = time.monotonic()
    deadline = start + plan.timeout
    after = None                # when the last result line came
    try:
        while run.crash is None:
            now = time.monotonic()
            if after is None and run.reported(plan.ndomains):
                if plan.settle is None:
                    break
                after = now
            if after is not None:
                if plan.keys and now >= after + KEY_DELAY:
                    type_keys(proc, plan.keys)
                    plan.keys, after = "", time.monotonic()
                if (now >= after + plan.settle and not plan.keys and
                        plan.satisfied(run)):
                    break
            if now >= deadline:
                run.timed_out = True
                break
            if not run.domains and now >= start + FIRST_OUTPUT_TIMEOUT:
                run.silent = True
                break
            try:
                line = q.get(timeout=min(deadline - now, 0.1 if after else 1.0))
            except queue.Empty:
                continue
            if line is None:
                run.exit_code = proc.wait()
                break
            run.feed(line)
    finally:
        kill_group(proc)
        with LIVE_LOCK:
            LIVE.discard(proc)
        # QEMU's group is dead: the reader meets EOF and ends.  A pipe some
        # stray process still holds stays open (the daemon thread with it).
        thread.join(timeout=READER_JOIN_TIMEOUT)
        for f in (proc.stdin, proc.stdout):
            if f is proc.stdout and thread.is_alive():
                continue
            try:
                f.close()
            except OSError:
                pass
    with open(log_path, "w") as f:
        f.write("# %s\n" % " ".join(cmd))
        f.write("\n".join(run.lines) + "\n")
    return run


def verdict(run, plan):
    """(status, reason) of a run; status is a result word, CRASH or TIMEOUT."""
    if run.crash:
        return "CRASH", run.crash.strip()
    missing = [d for d in range(1, plan.ndomains + 1) if d not in run.results]
    if missing:
        if run.exit_code is not None:
            return "CRASH", "QEMU exited (%d) before a result line from d%d" % (
                run.exit_code, missing[0])
        if run.silent:
            return "TIMEOUT", "no output from any domain within %ds" % FIRST_OUTPUT_TIMEOUT
        return "TIMEOUT", "no result line from d%d within %ds" % (missing[0], plan.timeout)
    worst = max(run.results, key=lambda d: RESULTS.index(run.results[d][0]))
    status, reason = run.results[worst]
    if plan.ndomains > 1 and reason:
        reason = "d%d: %s" % (worst, reason)
    if status != "SUCCESS":
        return status, reason
    for e in plan.checks:
        found = e.search(run)
        if e.negate and found is not None:
            return "FAILURE", "unexpected output (%s): %s" % (e.describe(), found)
        if not e.negate and found is None:
            return "FAILURE", "expected output missing: %s" % e.describe()
    return "SUCCESS", ""


def base_dtb(machine, work, opts=""):
    """QEMU's DTB for @machine (@opts: more -machine options, e.g. bench's
    dtb-randomness=off), dumped once per run (QEMU may have changed)."""
    path = os.path.join(work, "virt-gic%d-smp%d-%s-%dM%s.dtb"
                        % (machine.gic, machine.smp, machine.cpu, machine.mem_mib,
                           opts.replace(",", "-").replace("=", "_")))
    with DUMP_LOCK:
        if path not in DUMPED:
            machine.dump_dtb(path, opts)
            DUMPED.add(path)
    return path


def image_step(image):
    size = os.path.getsize(image)
    return (size + LOAD_ALIGN - 1) // LOAD_ALIGN * LOAD_ALIGN


def place_images(image, cfg):
    """(address, bootargs) of each domain's copy of the image."""
    roles = cfg.roles or [None]
    return [(LOAD_BASE + i * image_step(image),
             " ".join(w for w in ("xtf.role=%s" % r if r else "", cfg.bootargs) if w))
            for i, r in enumerate(roles)]


def place_partial_dtb(image, cfg, places, work, test):
    """(file, address) of the partial device tree of cfg.passthrough, after
    the images; None without one."""
    if not cfg.passthrough:
        return None
    return (os.path.join(work, "%s.pfdt.dtb" % test),
            places[-1][0] + image_step(image))


def extra_domains(test, image, cfg):
    """(mkdtb spec, [(file, addr)] to load) of each extra-domain of @cfg."""
    out = []
    for spec in cfg.extra_domains:
        items, loads, kernel, addr = [], [], None, None
        for item in spec.split(","):
            key, _, value = item.partition("=")
            if key == "kernel":
                kernel = image if value == "@image" else os.path.join(
                    XTF, "tests", test, value)
                item = "kernel=" + kernel
            elif key == "addr":
                addr = int(value, 0)
            items.append(item)
        if kernel is not None and addr is not None:
            loads.append((kernel, addr))
        out.append((",".join(items), loads))
    return out


def make_dtb(base, out, image, cfg, places, extras, bootargs=BOOTARGS, pfdt=None):
    cmd = [MKDTB, "--base", base, "--bootargs", bootargs, "-o", out]
    for i, (addr, args) in enumerate(places):
        spec = "kernel=%s,addr=%#x,memory=%s,cpus=%d,vpl011=yes" % (
            image, addr, cfg.memory, cfg.cpus)
        if cfg.enhanced:
            spec += ",enhanced=" + cfg.enhanced
        if pfdt and i == 0:
            spec += ",passthrough=%s,pfdt=%s,pfdt-addr=%#x" % (cfg.passthrough, pfdt[0],
                                                              pfdt[1])
        cmd += ["--domain", spec + (",bootargs=" + args if args else "")]
    for spec, _ in extras:
        cmd += ["--domain", spec]
    if extras:
        cmd.append("--allow-overlaps")
    for spec in cfg.evtchns:
        cmd += ["--evtchn", spec]
    if cfg.hv_bootargs:
        i = cmd.index("--bootargs") + 1
        cmd[i] += " " + cfg.hv_bootargs
    subprocess.run(cmd, check=True)


def dom0less_loads(base, dtb, test, image, cfg, places, work, extras=(), bootargs=BOOTARGS):
    """Write @dtb (@base with @cfg's domains: @image at @places, @extras)
    and the partial device tree; [(file, addr)] for QEMU to load."""
    pfdt = place_partial_dtb(image, cfg, places, work, test)
    make_dtb(base, dtb, image, cfg, places, extras, bootargs=bootargs, pfdt=pfdt)
    loads = [(image, addr) for addr, _ in places] + [l for _, ls in extras for l in ls]
    return loads + ([pfdt] if pfdt else [])


def loader_args(loads):
    """QEMU's -device loader arguments that put each (file, addr) in RAM."""
    return [a for path, addr in loads
            for a in ("-device", "loader,file=%s,addr=%#x,force-raw=on" % (path, addr))]


# dirty-ram: QEMU's RAM starts zeroed, so a hypervisor that hands a domain
# RAM it never zeroed would pass every test.  These loads fill the host's
# RAM with junk first, all of it but what QEMU loads itself there: its boot
# stub and the hypervisor's Image (at RAM + 2 MiB), the DTB (at RAM +
# min(RAM / 2, 128 MiB) when there is no initrd) and the domains' images.
# Should QEMU ever load one of those elsewhere, it refuses to start ("rom:
# requested regions overlap"): the run fails instead of checking less.
RAM_BASE = 0x40000000
HV_LOAD = RAM_BASE + 0x200000
DIRTY_ALIGN = 0x200000
JUNK = bytes.fromhex("deadbeefa55a3cc3")     # no zero byte
JUNK_LOCK = threading.Lock()


def image_end(path):
    """Where the arm64 Image at @path ends (bss included) once QEMU loads it."""
    with open(path, "rb") as f:
        size = int.from_bytes(f.read(24)[16:24], "little") or os.path.getsize(path)
    return HV_LOAD + max(size, os.path.getsize(path))


def junk_file(out_dir, size):
    """A file of @size junk bytes, made once per build directory."""
    path = os.path.join(out_dir, "junk-%#x.bin" % size)
    with JUNK_LOCK:         # the runs of one runner are threads
        if not os.path.exists(path):
            tmp = "%s.%d" % (path, os.getpid())
            chunk = JUNK * (DIRTY_ALIGN // len(JUNK))
            with open(tmp, "wb") as f:
                for _ in range(size // len(chunk)):
                    f.write(chunk)
            os.replace(tmp, path)   # two runners at once may both make it
    return path


def dirty_ram_loads(out_dir, mem_mib, hv_image, loads):
    """[(junk file, addr)] covering host RAM outside QEMU's own loads."""
    align = lambda a: (a + DIRTY_ALIGN - 1) // DIRTY_ALIGN * DIRTY_ALIGN
    ram_end = RAM_BASE + mem_mib * 0x100000
    dtb = RAM_BASE + min(mem_mib * 0x100000 // 2, 128 * 0x100000)
    busy = [(RAM_BASE, image_end(hv_image)), (dtb, dtb + DIRTY_ALIGN)]
    busy += [(a, a + os.path.getsize(p)) for p, a in loads]
    out, start = [], RAM_BASE
    for s, e in sorted(busy) + [(ram_end, ram_end)]:
        s = s // DIRTY_ALIGN * DIRTY_ALIGN
        if s > start:
            out.append((junk_file(out_dir, s - start), start))
        start = max(start, align(e))
    return out


class Outcome:
    def __init__(self, status, reason, seconds, run, log=None):
        self.status, self.reason, self.seconds = status, reason, seconds
        self.run, self.log = run, log

    @property
    def word(self):
        return {"SUCCESS": "PASS", "SKIP": "SKIP"}.get(self.status, "FAIL")

    def shown_lines(self):
        """What to print under a result: the domains' output, else the tail."""
        run = self.run
        if not run.domains:
            return run.lines[-20:]
        many = len(run.domains) > 1
        return [("d%d: %s" % (d, l) if many else l)
                for d in sorted(run.domains) for l in run.domains[d]]


def run_test(test, hv, machine, build):
    """Boot @test once; an Outcome.  Raises OSError/SubprocessError/ValueError
    for trouble of the runner's own."""
    cfg = read_cfg(test)
    if hv.name not in cfg.hypervisors:
        return Outcome("SKIP", "%s only%s" % ("/".join(cfg.hypervisors),
                       ": " + cfg.reason if cfg.reason else ""), 0.0, Run())
    out_dir = os.path.join(build, "tests", "xtf")
    image = os.path.join(out_dir, "%s.bin" % test)
    work = os.path.join(out_dir, "run-%s-gicv%d" % (hv.name, machine.gic))
    os.makedirs(work, exist_ok=True)
    machine = Machine(machine.gic, max(machine.smp, cfg.cpus),
                      cfg.qemu_mib or machine.mem_mib, machine.cpu, machine.extra)
    places = place_images(image, cfg)
    extras = extra_domains(test, image, cfg)
    dtb = os.path.join(work, "%s.dtb" % test)
    loads = dom0less_loads(base_dtb(machine, work), dtb, test, image, cfg, places, work, extras)
    if cfg.dirty_ram:
        loads += dirty_ram_loads(out_dir, machine.mem_mib, hv.image, loads)
    cmd = (["qemu-system-aarch64"] + machine.args() + ["-kernel", hv.image, "-dtb", dtb] +
           loader_args(loads))
    plan = Plan(cfg, read_expect(test, hv.name))
    log = os.path.join(work, "%s.log" % test)
    start = time.monotonic()
    run = boot(cmd, plan, log)
    status, reason = verdict(run, plan)
    return Outcome(status, reason, time.monotonic() - start, run, log)


def all_tests():
    """The tests; bench-* are benchmark guests that bench/run.py boots."""
    d = os.path.join(XTF, "tests")
    return sorted(t for t in os.listdir(d) if not t.startswith("bench-")
                  and os.path.exists(os.path.join(d, t, "main.c")))


def test_name(hv, gic, test):
    return "xtf/%s/gicv%d/%s" % (hv.name, gic, test)
