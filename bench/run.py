#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""make bench: deterministic benchmarks of Xenith side by side with Xen 4.17.

Every benchmark guest runs under QEMU TCG with -icount shift=0,sleep=off,
where virtual time advances one nanosecond per executed instruction (at
every EL): a guest that reads its counter around a loop measures the
instructions the hypervisor spends for it, the same on every run.  Each
guest is booted on:

    native   bench/stub (an EL2 stub that only answers HVCs): the floor
    xen      Xen 4.17 (Debian's xen-hypervisor-4.17-arm64, .deps/)
    xenith   $(O)/xenith.bin

as a dom0less domU built from the same device tree (tests/xtf/xtfrun.py's
machinery), with one host CPU, REPS times.  Guests print
"BENCH <name> <value> <unit>" lines.  Results: bench/results/latest.json,
latest.md (the table) and latest.png (the chart).

  bench/run.py --build build [--reps 3] [--smoke] [--only micro,interdom,boot,linux,size,mem]
               [--hypervisors native,xen,xenith]
"""
import argparse
import json
import os
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "tests", "xtf"))
import xtfrun  # noqa: E402
import figures  # noqa: E402  (bench/figures.py: the table and chart)
import imagesize  # noqa: E402  (bench/imagesize.py: figure 8's text, data, bss)

ICOUNT = ["-icount", "shift=0,sleep=off"]
MACHINE_OPTS = ",dtb-randomness=off"
# Without guest_loglvl=all: a guest's bad HVC must not cost a console line
# on Xen (its default guest log level drops it).  The guests print on
# their vPL011.
BOOTARGS = "console=dtuart dtuart=/pl011@9000000 bootscrub=0"
# Xenith prints its guest messages at info level: the same silence.
XENITH_ARGS = " loglvl=warning"
GIC = 3
RE_BENCH = re.compile(r"^BENCH (\S+) ([0-9.]+) (\S+)$")
RE_MISSING = re.compile(r"^BENCH-MISSING (\S+) (.*)$")
RE_BUILT = re.compile(r"\bd1: built in (\d+) ms")
# QEMU loads an Image given with -kernel at RAM + 2 MiB (the stub); the
# stub enters the guest here (bench/stub/stub.S GUEST_ENTRY).
STUB_GUEST_ADDR = 0x40400000

MICRO_ITERS = 100000
SMOKE_ITERS = 2000
BOOT_SIZES = ["128M", "1G", "4G", "16G"]
SMOKE_SIZES = ["128M"]


# Runs that did not end with every domain's SUCCESS: "hypervisor test: why (log)".
FAILED = []


class Samples:
    """name -> hypervisor -> [values]; units; what is missing and why."""

    def __init__(self):
        self.values, self.units, self.missing, self.notes = {}, {}, {}, {}

    def add(self, name, hv, value, unit):
        self.values.setdefault(name, {}).setdefault(hv, []).append(value)
        self.units[name] = unit

    def miss(self, name, hv, why):
        self.missing.setdefault(name, {})[hv] = why

    def note(self, name, text):
        self.notes.setdefault(name, []).append(text)


def parse_lines(lines, hv, samples, suffix=""):
    for line in lines:
        m = RE_BENCH.match(line)
        if m:
            samples.add(m.group(1) + suffix, hv, float(m.group(2)), m.group(3))
            continue
        m = RE_MISSING.match(line)
        if m:
            samples.miss(m.group(1) + suffix, hv, m.group(2))


def run_native(build, test, iters, mem_mib, work, log_name):
    """The guest on bench/stub: its console is the PL011 itself."""
    image = os.path.join(build, "tests", "xtf", "%s.bin" % test)
    machine = xtfrun.Machine(GIC, 1, mem_mib, extra=ICOUNT)
    cmd = (["qemu-system-aarch64"] + machine.args(MACHINE_OPTS) +
           ["-kernel", os.path.join(build, "bench", "stub.bin"),
            "-append", "bench.iters=%d" % iters] +
           xtfrun.loader_args([(image, STUB_GUEST_ADDR)]))
    out = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True,
                         text=True, errors="replace", timeout=600).stdout
    with open(os.path.join(work, log_name), "w") as f:
        f.write("# %s\n%s" % (" ".join(cmd), out))
    lines = [l.rstrip("\r") for l in out.splitlines()]
    ok = any(l.startswith("Test result: SUCCESS") for l in lines)
    if not ok:
        FAILED.append("native %s: no SUCCESS (%s)" % (test, os.path.join(work, log_name)))
    return ok, lines, []


def run_domu(hv, build, test, iters, memory, qemu_mib, work, log_name, timeout,
             ndomains=None, guest_args="", expects=(), with_d2=False, xen_args="",
             smp=1, qemu_extra=()):
    """The guest as ndomains dom0less domUs of hv (default: as its test.cfg
    says); (ok, d1's lines (with_d2: every domain's), hv's lines)."""
    cfg = xtfrun.read_cfg(test)
    cfg.memory, cfg.timeout = memory, timeout
    if ndomains:
        cfg.roles = ["bench"] * ndomains
    image = os.path.join(build, "tests", "xtf", "%s.bin" % test)
    machine = xtfrun.Machine(GIC, smp, qemu_mib, extra=ICOUNT + list(qemu_extra))
    args = BOOTARGS + (XENITH_ARGS if hv.name == "xenith" else xen_args)
    places = [(addr, " ".join(a for a in ("bench.iters=%d" % iters, role, guest_args) if a))
              for addr, role in xtfrun.place_images(image, cfg)]
    dtb = os.path.join(work, "%s-%s-%d-gicv%d.dtb" % (test, memory, cfg.ndomains, GIC))
    base = xtfrun.base_dtb(machine, work, MACHINE_OPTS)
    loads = xtfrun.dom0less_loads(base, dtb, test, image, cfg, places, work, bootargs=args)
    cmd = (["qemu-system-aarch64"] + machine.args(MACHINE_OPTS) +
           ["-kernel", hv.image, "-dtb", dtb] + xtfrun.loader_args(loads))
    plan = xtfrun.Plan(cfg, [xtfrun.Expect(e) for e in expects])
    run = xtfrun.boot(cmd, plan, os.path.join(work, log_name))
    status, reason = xtfrun.verdict(run, plan)
    if status != "SUCCESS":
        FAILED.append("%s %s: %s %s (%s)" % (hv.name, test, status, reason,
                                             os.path.join(work, log_name)))
        print("    " + FAILED[-1])
    lines = [l for d in sorted(run.domains) for l in run.domains[d]]
    return status == "SUCCESS", lines if with_d2 else run.domains.get(1, []), run.hv_lines


def run_guest(hvname, build, test, iters, memory, qemu_mib, work, rep, timeout=300,
              tag="", **kw):
    log = "%s-%s-%s%s-%d.log" % (hvname, test, memory, tag, rep)
    if hvname == "native":
        return run_native(build, test, iters, xtfrun.parse_size_mib(memory), work, log)
    hv = xtfrun.hypervisor(hvname, build)
    return run_domu(hv, build, test, iters, memory, qemu_mib, work, log, timeout, **kw)


def bench_micro(args, samples, work):
    """One domU: bench-micro's loops and virtual timer, bench-spi's
    passthrough SPI (the PL061 assigned to it by its test.cfg)."""
    iters = SMOKE_ITERS if args.smoke else MICRO_ITERS
    for test in ("bench-micro", "bench-spi"):
        for hv in args.hypervisors:
            for rep in range(args.reps):
                t = time.monotonic()
                ok, lines, _ = run_guest(hv, args.build, test, iters, "64M",
                                         1024, work, rep)
                parse_lines(lines, hv, samples)
                print("  %s on %-6s #%d: %s (%.1fs)" % (
                    test, hv, rep + 1, "ok" if ok else "FAILED", time.monotonic() - t),
                    flush=True)


def bench_interdom(args, samples, work):
    """Two domUs: event channel round trip, grant copy (no floor)."""
    iters = SMOKE_ITERS if args.smoke else MICRO_ITERS
    # Debian's Xen 4.17 runs XSM SILO, which denies grants between domUs
    # (GNTST_permission_denied): the grant copy runs with the dummy policy.
    for test, xen_args in (("bench-evtchn", ""), ("bench-grant", " xsm=dummy")):
        for hv in args.hypervisors:
            if hv == "native":
                continue
            for rep in range(args.reps):
                t = time.monotonic()
                ok, lines, _ = run_guest(hv, args.build, test, iters, "64M",
                                         1024, work, rep, with_d2=True, xen_args=xen_args)
                parse_lines(lines, hv, samples)
                print("  %s on %-6s #%d: %s (%.1fs)" % (
                    test, hv, rep + 1, "ok" if ok else "FAILED", time.monotonic() - t),
                    flush=True)
    if not args.smoke:
        bench_evtchn_2pcpus(args, samples, work)


def bench_evtchn_2pcpus(args, samples, work):
    """The round trip with the two domains on two host CPUs.  Xen 4.17 stops
    booting under -icount with 2 host CPUs: one short try tells."""
    iters = SMOKE_ITERS if args.smoke else MICRO_ITERS
    for hv in args.hypervisors:
        if hv == "native":
            continue
        for rep in range(1 if hv == "xen" else args.reps):
            t = time.monotonic()
            saved, xtfrun.FIRST_OUTPUT_TIMEOUT = xtfrun.FIRST_OUTPUT_TIMEOUT, 20
            try:
                ok, lines, hv_lines = run_guest(hv, args.build, "bench-evtchn", iters, "64M",
                                                1024, work, rep, with_d2=True, smp=2,
                                                guest_args="bench.pcpus=2", tag="-smp2")
            finally:
                xtfrun.FIRST_OUTPUT_TIMEOUT = saved
            parse_lines(lines, hv, samples)
            if not ok and not lines:
                samples.miss("evtchn_roundtrip_2pcpu", hv, "no guest output under -icount with "
                             "2 host CPUs; the boot stops after: %s" % (
                                 hv_lines[-1] if hv_lines else "nothing"))
            print("  bench-evtchn (2 host CPUs) on %-6s #%d: %s (%.1fs)" % (
                hv, rep + 1, "ok" if ok else "FAILED", time.monotonic() - t), flush=True)


def bench_boot(args, samples, work):
    for size in SMOKE_SIZES if args.smoke else BOOT_SIZES:
        mib = xtfrun.parse_size_mib(size)
        # Room for the hypervisor beside the domain, and for the modules.
        qemu_mib = max(1024, mib + 1024)
        for hv in args.hypervisors:
            for rep in range(args.reps):
                t = time.monotonic()
                ok, lines, hv_lines = run_guest(hv, args.build, "bench-boot", 1, size,
                                                mib if hv == "native" else qemu_mib,
                                                work, rep, timeout=900)
                parse_lines(lines, hv, samples, "@" + size)
                for l in hv_lines:
                    m = RE_BUILT.search(l)
                    if m:
                        samples.add("hv_build_time@" + size, hv, float(m.group(1)), "ms")
                if hv == "xen":
                    samples.miss("hv_build_time@" + size, hv, "Xen 4.17 prints none")
                print("  bench-boot %-4s on %-6s #%d: %s (%.1fs)" % (
                    size, hv, rep + 1, "ok" if ok else "FAILED",
                    time.monotonic() - t), flush=True)


# Free memory as each hypervisor's 'm' key shows it: (keys to type before
# 'm' with n domains, regex, KiB per unit).  Console input starts on Xen
# 4.17's absent dom0 and moves DOM1, ..., DOMn, Xen with each Ctrl-A x3.
MEM_DUMP = {
    "xen": (lambda n: "\\x01" * 3 * (n + 1) + "m", r"Dom heap: (\d+)kB free", 1),
    "xenith": (lambda n: "m", r"Page allocator: .*\((\d+) of \d+ pages\)", 4),
}
MEM_DOMAIN = "64M"


def free_kib(hv, ndomains, args, work, rep):
    keys, regex, unit = MEM_DUMP[hv]
    expects = ["@%s> %s" % (hv, keys(ndomains)), "@hv %s" % regex]
    ok, _, hv_lines = run_guest(hv, args.build, "bench-boot", 1, MEM_DOMAIN, 1024, work,
                                rep, ndomains=ndomains, guest_args="bench.wait=1",
                                expects=expects, tag="mem%d" % ndomains)
    vals = [int(m.group(1)) * unit for m in (re.search(regex, l) for l in hv_lines) if m]
    return vals[-1] if ok and vals else None


def bench_mem(args, samples, work):
    """Hypervisor memory per domain beyond its RAM: free memory with one
    64 MiB domain minus free memory with two."""
    ram = xtfrun.parse_size_mib(MEM_DOMAIN) * 1024
    for hv in args.hypervisors:
        if hv == "native":
            continue
        for rep in range(args.reps):
            one, two = free_kib(hv, 1, args, work, rep), free_kib(hv, 2, args, work, rep)
            if one is None or two is None:
                samples.miss("domain_overhead", hv, "no memory dump ('m' key)")
                continue
            samples.add("domain_overhead", hv, float(one - two - ram), "KiB")
            print("  memory     on %-6s #%d: %d KiB free with 1 domain, %d with 2" % (
                hv, rep + 1, one, two), flush=True)


LINUX_ADDR = 0x50000000
LINUX_MEMORY = "256M"
LINUX_ARGS = "console=ttyAMA0 quiet"
LINUX_LOG_ARGS = "console=ttyAMA0"
DEPS = os.path.join(ROOT, ".deps")


def linux_files(build, work):
    """(kernel, initramfs): Debian's cloud kernel and busybox, /init = ours."""
    subprocess.run([os.path.join(ROOT, "scripts", "deps"), "linux-domu"], check=True)
    kdir = os.path.join(DEPS, "linux-cloud-arm64", "boot")
    kernel = os.path.join(kdir, sorted(n for n in os.listdir(kdir)
                                       if n.startswith("vmlinuz-"))[-1])
    initrd = os.path.join(work, "linux-initramfs.cpio")
    subprocess.run([os.path.join(ROOT, "tests", "system", "mkinitramfs"),
                    "--busybox", os.path.join(DEPS, "busybox-arm64", "bin", "busybox"),
                    "--init", os.path.join(build, "bench", "linux-init"), "-o", initrd],
                   check=True)
    return kernel, initrd


def bench_linux(args, samples, work):
    """Quiet, and with the kernel's boot log on the vPL011 (suffix _log): the
    difference is what the console's emulation costs."""
    kernel, initrd = linux_files(args.build, work)
    initrd_addr = (LINUX_ADDR + os.path.getsize(kernel) + 0x1fffff) & ~0x1fffff
    machine = xtfrun.Machine(GIC, 1, 1024, extra=ICOUNT)
    base = xtfrun.base_dtb(machine, work, MACHINE_OPTS)
    plan = xtfrun.Plan(xtfrun.Config({"timeout": "900"}), [])
    variants = [("", LINUX_ARGS)] + ([] if args.smoke else [("_log", LINUX_LOG_ARGS)])
    for suffix, bootargs in variants:
        spec = ("kernel=%s,addr=%#x,ramdisk=%s,ramdisk-addr=%#x,memory=%s,cpus=1,vpl011=yes,"
                "bootargs=%s" % (kernel, LINUX_ADDR, initrd, initrd_addr, LINUX_MEMORY, bootargs))
        for hv in args.hypervisors:
            if hv == "native":
                continue
            dtb = os.path.join(work, "linux%s-%s.dtb" % (suffix, hv))
            subprocess.run([xtfrun.MKDTB, "--base", base, "--domain", spec, "-o", dtb,
                            "--bootargs", BOOTARGS + (XENITH_ARGS if hv == "xenith" else "")],
                           check=True)
            cmd = (["qemu-system-aarch64"] + machine.args(MACHINE_OPTS) +
                   ["-kernel", xtfrun.hypervisor(hv, args.build).image, "-dtb", dtb] +
                   xtfrun.loader_args([(kernel, LINUX_ADDR), (initrd, initrd_addr)]))
            for rep in range(args.reps):
                t = time.monotonic()
                log = os.path.join(work, "%s-linux%s-%d.log" % (hv, suffix, rep))
                run = xtfrun.boot(cmd, plan, log)
                status, reason = xtfrun.verdict(run, plan)
                parse_lines(run.domains.get(1, []), hv, samples, suffix)
                if status != "SUCCESS":
                    FAILED.append("%s linux%s: %s %s (%s)" % (hv, suffix, status, reason, log))
                print("  linux%-5s on %-6s #%d: %s (%.1fs)" % (
                    suffix, hv, rep + 1, "ok" if status == "SUCCESS" else "%s %s (log %s)" % (
                        status, reason, log), time.monotonic() - t), flush=True)


def image_header_size(path):
    """(file size, image_size of the arm64 Image header: memory incl. BSS)."""
    with open(path, "rb") as f:
        head = f.read(64)
    return os.path.getsize(path), int.from_bytes(head[16:24], "little")


def bench_size(args, samples, work):
    sizes = {}
    if "xen" in args.hypervisors:
        sizes["xen"] = imagesize.xen_sizes(xtfrun.hypervisor("xen", args.build).image)
    if "xenith" in args.hypervisors:
        sizes["xenith"] = imagesize.elf_sizes(os.path.join(args.build, "xenith"))
    for hv, size in sizes.items():
        fsize, isize = image_header_size(xtfrun.hypervisor(hv, args.build).image)
        samples.add("image_file", hv, float(fsize), "bytes")
        samples.add("image_memory", hv, float(isize), "bytes")
        for part in ("text", "code", "data", "bss"):
            samples.add("image_" + part, hv, float(size[part]), "bytes")
    if "xen" in sizes:
        samples.note("image_text", "Xen's includes its %.1f KiB symbol table"
                     % (sizes["xen"]["symtab"] / 1024))


def keep_other_rows(samples, out):
    """The last run's latest.json in out, its rows that this run did not
    measure copied into samples (BENCH_ONLY refreshes some rows of the
    committed table, not all); None if there is none."""
    try:
        with open(os.path.join(out, "latest.json")) as f:
            prev = json.load(f)
    except (OSError, ValueError):
        return None
    fresh = set(samples.values) | set(samples.missing)
    old = prev["samples"]
    for part, mine in (("values", samples.values), ("units", samples.units),
                       ("missing", samples.missing), ("notes", samples.notes)):
        for key, v in old.get(part, {}).items():
            if key not in fresh:
                mine[key] = v
    return prev


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default="build")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--smoke", action="store_true",
                    help="one repetition, few iterations, the smallest domain")
    ap.add_argument("--only", default="micro,interdom,boot,linux,size,mem")
    ap.add_argument("--hypervisors", default="native,xen,xenith")
    ap.add_argument("--out", help="where the results go (default: bench/results; "
                    "with --smoke: <build>/bench/results-smoke, so that a quick run "
                    "leaves the committed table alone)")
    args = ap.parse_args()
    if args.smoke:
        args.reps = 1
    args.hypervisors = args.hypervisors.split(",")
    work = os.path.join(args.build, "bench")
    if not args.out:
        args.out = os.path.join(work, "results-smoke") if args.smoke else \
            os.path.join(HERE, "results")
    os.makedirs(work, exist_ok=True)
    os.makedirs(args.out, exist_ok=True)
    # A 16 GiB domain takes a while before its first line.
    xtfrun.FIRST_OUTPUT_TIMEOUT = 600

    samples = Samples()
    start = time.monotonic()
    steps = {"micro": bench_micro, "interdom": bench_interdom, "boot": bench_boot, "linux": bench_linux,
             "size": bench_size, "mem": bench_mem}
    try:
        for step in args.only.split(","):
            steps[step](args, samples, work)
    except KeyboardInterrupt:
        xtfrun.kill_all()
        raise
    command = "make bench" + (" BENCH_SMOKE=1" if args.smoke else "")
    partial = set(args.only.split(",")) != set(steps)
    prev = keep_other_rows(samples, args.out) if partial else None
    result = figures.summarise(samples, args.reps, command, time.monotonic() - start)
    if prev:
        result = figures.refreshed(prev, result, "make bench BENCH_ONLY=" + args.only)
    figures.write_all(result, args.out)
    print(open(os.path.join(args.out, "latest.md")).read())
    if FAILED:
        print("bench: %d run(s) failed; their rows say why (logs: %s):\n  %s"
              % (len(FAILED), work, "\n  ".join(FAILED)))
    print("bench: results in %s" % args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
