# SPDX-License-Identifier: GPL-2.0-only
"""The figures of make bench (bench/run.py): which guest lines make which row,
in the order of issue 5, and the outputs: latest.json, latest.md (the
Markdown table), latest.png (the chart).

A row's value on a hypervisor is the median of its repetitions; the table
also shows min/median/max and flags a row whose repetitions differ by more
than 1% (under -icount they should not differ at all).
"""
import datetime
import json
import os
import statistics
import subprocess

HVS = ("xenith", "xen", "native")
SPREAD_LIMIT = 0.01

# (key, label).  A key names a guest figure, "a-b" the difference of two
# per repetition, "a/2-b" half of a minus b; "@size" keys are per RAM size.
ROWS = [
    ("null_hypercall", "1. Null hypercall: xen_version round trip"),
    ("trap_inject", "1. Trap + UNDEF injected back (HVC #2; both log it)"),
    ("trap_smc", "1. Trap + UNDEF injected back (SMC #1; no log)"),
    ("trap_dabt", "1. Trap + data abort injected back (load from an IPA hole)"),
    ("trap_emulate", "1. Trapped sysreg emulated (MRS CNTP_CTL_EL0)"),
    ("evtchn_send", "1. Event channel send, port already pending"),
    ("vtimer_irq", "2. Virtual timer: deadline to guest handler"),
    ("vtimer_el2", "2. Virtual timer: the hypervisor's part of it"),
    ("passthrough_spi", "2. Passthrough SPI: GPIODATA write to guest handler"),
    ("passthrough_spi_el2", "2. Passthrough SPI: the hypervisor's part of it"),
    ("evtchn_roundtrip_1pcpu", "3. Event channel round trip d1-d2, 1 pCPU"),
    ("evtchn_roundtrip_2pcpu", "3. Event channel round trip d1-d2, 2 pCPUs (both CPUs' instr)"),
    ("yield_1vcpu", "4. SCHEDOP_yield, nobody else to run"),
    ("yield_pingpong", "4. Yield ping-pong, 2 vCPUs on 1 pCPU (per round)"),
    ("yield_partner_ratio", "4. vCPU 1's yields per vCPU 0 yield (1.0: strict turns)"),
    ("vcpu_switch", "4. vCPU switch (ping-pong / 2 - lone yield)"),
    ("grant_copy", "5. Grant copy of one page d1-d2 (Xen: xsm=dummy, SILO denies it)"),
    ("guest_page_copy", "5. The same page copied by the guest itself, for scale"),
    ("first_instr", "6. Reset to the guest's first instruction, 64 MiB"),
    ("first_instr@128M", "6. Reset to the guest's first instruction, 128 MiB"),
    ("first_instr@1G", "6. Reset to the guest's first instruction, 1 GiB"),
    ("first_instr@4G", "6. Reset to the guest's first instruction, 4 GiB"),
    ("first_instr@16G", "6. Reset to the guest's first instruction, 16 GiB"),
    ("build@128M", "6. Domain creation to first guest instruction, 128 MiB"),
    ("build@1G", "6. Domain creation to first guest instruction, 1 GiB"),
    ("build@4G", "6. Domain creation to first guest instruction, 4 GiB"),
    ("build@16G", "6. Domain creation to first guest instruction, 16 GiB"),
    ("hv_build_time@128M", "6. Build time Xenith prints, 128 MiB"),
    ("hv_build_time@1G", "6. Build time Xenith prints, 1 GiB"),
    ("hv_build_time@4G", "6. Build time Xenith prints, 4 GiB"),
    ("hv_build_time@16G", "6. Build time Xenith prints, 16 GiB"),
    ("linux_userspace", "7. Linux domU (256 MiB, 1 vCPU, quiet): creation to /init"),
    ("linux_userspace_log", "7. The same with its boot log on the vPL011"),
    ("image_text", "8. Image text (code + read-only data, as size(1) counts)"),
    ("image_code", "8. Image code only"),
    ("image_data", "8. Image data"),
    ("image_bss", "8. Image bss"),
    ("image_file", "8. Image file size"),
    ("image_memory", "8. Image in memory (header image_size, with BSS)"),
    ("domain_overhead", "8. Hypervisor memory per 64 MiB domain, beyond its RAM"),
]

# Rows computed from others, per repetition.
DERIVED = {
    "vcpu_switch": lambda v: v["yield_pingpong"] / 2 - v["yield_1vcpu"],
}

# Rows that are a guest figure minus what the same guest measures on
# bench/stub (its own start-up from its first instruction to main()):
# row -> (figure, floor figure).
# row -> (figure, floor figure, what the floor is).
_STARTUP = "the guest's own start-up"
NET_OF_FLOOR = {
    "first_instr": ("reset_to_main", "reset_to_main", _STARTUP),
    "vtimer_el2": ("vtimer_irq", "vtimer_irq", "the guest's vector, GIC acknowledge and "
                   "handler entry"),
    "passthrough_spi_el2": ("passthrough_spi", "passthrough_spi", "the GPIODATA store, the "
                            "guest's vector, GIC acknowledge and handler entry"),
}
for _size in ("128M", "1G", "4G", "16G"):
    NET_OF_FLOOR["first_instr@" + _size] = ("reset_to_main@" + _size,
                                            "reset_to_main@" + _size, _STARTUP)
    NET_OF_FLOOR["build@" + _size] = ("create_to_main@" + _size,
                                      "reset_to_main@" + _size, _STARTUP)

# What issue 5 aims at (not tests): a ratio to Xen 4.17, or an absolute value.
TARGETS = {
    "null_hypercall": ("ratio", 0.25), "trap_inject": ("ratio", 0.25),
    "trap_smc": ("ratio", 0.25), "trap_dabt": ("ratio", 0.25),
    "vtimer_el2": ("value", 200), "passthrough_spi_el2": ("value", 200),
    "evtchn_roundtrip_1pcpu": ("ratio", 0.5),
    "evtchn_roundtrip_2pcpu": ("ratio", 0.5), "vcpu_switch": ("ratio", 0.5),
    "first_instr": ("ratio", 0.1), "first_instr@128M": ("ratio", 0.1),
    "build@16G": ("ratio", 0.1), "image_text": ("ratio", 0.5),
}
# What a row counts on each side (bench/imagesize.py; bench/README.md).
NOTES = {
    "image_text": "Xenith: .text + .rodata; Xen: [_stext, _etext) + [_srodata, _erodata) "
                  "+ init code [_sinittext, _einittext), from its Image's symbol table",
    "image_code": "Xenith: .text (its boot code included); Xen: [_stext, _etext) + "
                  "[_sinittext, _einittext)",
    "image_data": "Xenith: its writable sections; Xen: [_erodata page, _sinittext) + "
                  "[_einittext, __init_end_efi): writable and init data, alternatives' "
                  "replacement code, alignment padding inside",
    "image_bss": "Xen: [__bss_start, __bss_end), zero_bss's literals",
}

# Rows that are no comparison: left out of the chart.
NOT_CHARTED = {"yield_partner_ratio", "guest_page_copy"}

# Rows that cannot be measured yet, and why (shown unless measured after all).
MISSING = {
    "evtchn_roundtrip_1pcpu": "needs static event channels and a mapped shared_info",
    "grant_copy": "needs XENMEM_add_to_physmap (grant table frames)",
}


def target_text(key, row):
    """The issue's target for the row and whether the median meets it."""
    if key not in TARGETS:
        return ""
    kind, limit = TARGETS[key]
    xn = row["stats"].get("xenith")
    if kind == "ratio":
        text, have = "≤ %g× Xen" % limit, row["ratio"]
    else:
        text, have = "≤ %g" % limit, xn["median"] if xn else None
    if have is None:
        return text
    return "%s: %s" % (text, "met" if have <= limit else "not yet")


def stats(values):
    return {"min": min(values), "median": statistics.median(values),
            "max": max(values)}


def derive(samples):
    for key, fn in DERIVED.items():
        for hv in HVS:
            try:
                reps = zip(*(samples.values[k][hv] for k in ("yield_pingpong", "yield_1vcpu")))
                vals = [fn({"yield_pingpong": a, "yield_1vcpu": b}) for a, b in reps]
            except KeyError:
                continue
            if vals:
                samples.add(key, hv, vals[0], "instr")
                samples.values[key][hv] = vals


def net_of_floor(samples):
    notes = {}
    for key, (fig, floor_key, what) in NET_OF_FLOOR.items():
        floor = samples.values.get(floor_key, {}).get("native")
        if not floor:
            continue
        f = statistics.median(floor)
        for hv in ("xen", "xenith"):
            vals = samples.values.get(fig, {}).get(hv)
            if vals:
                samples.values.setdefault(key, {})[hv] = [v - f for v in vals]
                samples.units[key] = samples.units[fig]
        notes[key] = "net of %s (%s on bench/stub)" % (what, fmt(f, samples.units[fig]))
    return notes


def tree_version():
    """The commit measured, and whether the working tree differed from it."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "diff", "--quiet", "HEAD", "--", "hypervisor"],
                               capture_output=True).returncode != 0
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return head + (" + uncommitted hypervisor changes" if dirty else "")


def qemu_version():
    try:
        out = subprocess.run(["qemu-system-aarch64", "--version"], capture_output=True,
                             text=True, check=True).stdout
        return out.splitlines()[0]
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def summarise(samples, reps, command, seconds):
    derive(samples)
    floor_notes = net_of_floor(samples)
    rows = []
    for key, label in ROWS:
        row = {"key": key, "label": label, "unit": samples.units.get(key, ""),
               "values": samples.values.get(key, {}), "stats": {}, "flags": []}
        for hv, vals in row["values"].items():
            s = stats(vals)
            row["stats"][hv] = s
            if len(vals) > 1 and s["median"] and \
                    (s["max"] - s["min"]) / abs(s["median"]) > SPREAD_LIMIT:
                row["flags"].append("%s varies %.1f%% between runs" % (
                    hv, 100 * (s["max"] - s["min"]) / abs(s["median"])))
        if key in floor_notes:
            row["flags"].append(floor_notes[key])
        row["flags"] += ([NOTES[key]] if key in NOTES else []) + samples.notes.get(key, [])
        why = dict(samples.missing.get(key, {}))
        if not row["values"] and key in MISSING:
            why.setdefault("all", MISSING[key])
        row["missing"] = why
        xn, xe = row["stats"].get("xenith"), row["stats"].get("xen")
        row["ratio"] = (xn["median"] / xe["median"]) if xn and xe and xe["median"] else None
        row["target"] = target_text(key, row)
        if row["values"] or row["missing"]:
            rows.append(row)
    return {"command": command, "date": datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M UTC"),
            "tree": tree_version(),
            "qemu": qemu_version(), "icount": "shift=0,sleep=off", "cpu": "cortex-a57",
            "host_cpus": 1, "reps": reps, "seconds": round(seconds, 1), "rows": rows,
            "samples": {"values": samples.values, "units": samples.units,
                        "missing": samples.missing, "notes": samples.notes}}


def refreshed(prev, result, command):
    """result, whose rows of `command` (BENCH_ONLY) are new and the others
    prev's, under prev's heading plus when and at which commit they were."""
    merged = dict(result, **{k: prev[k] for k in ("command", "date", "tree", "reps", "seconds")})
    merged["refreshed"] = [r for r in prev.get("refreshed", [])
                           if not r.startswith(command + " on")]
    merged["refreshed"].append("%s on %s (Xenith %s)" % (command, result["date"], result["tree"]))
    return merged


def fmt(v, unit):
    if v is None:
        return ""
    if unit == "ns" and abs(v) >= 1e5:
        return "%.2f M" % (v / 1e6)
    if unit == "bytes":
        return "%.1f" % (v / 1024)
    if v == int(v) and abs(v) >= 100:
        return "%d" % v
    return "%.1f" % v


def cell(row, hv):
    s = row["stats"].get(hv)
    return fmt(s["median"], row["unit"]) if s else ""


def spread(row, hv):
    s = row["stats"].get(hv)
    if not s:
        return ""
    return "/".join(fmt(s[k], row["unit"]) for k in ("min", "median", "max"))


def markdown(result):
    unit_names = {"instr": "instructions", "ns": "virtual ns (= instructions)",
                  "bytes": "KiB", "ms": "virtual ms", "per-round": "per round"}
    out = ["Made by `%s` on %s (Xenith %s): %s, -icount %s, %s, GICv3, 1 host CPU, "
           "%d repetition(s), %.0f s." % (result["command"], result["date"], result["tree"],
                                         result["qemu"], result["icount"], result["cpu"],
                                         result["reps"], result["seconds"])]
    if result.get("refreshed"):
        out.append("Rows re-measured since: %s." % "; ".join(result["refreshed"]))
    out += ["",
            "| figure | unit | Xenith | Xen 4.17 | Xenith/Xen | floor (stub) | "
            "Xenith min/med/max | Xen min/med/max | target | notes |",
            "|---|---|---:|---:|---:|---:|---|---|---|---|"]
    for row in result["rows"]:
        notes = list(row["flags"])
        notes += ["%s: %s" % (hv, why) if hv != "all" else why
                  for hv, why in row["missing"].items()]
        ratio = "%.2f" % row["ratio"] if row["ratio"] is not None else ""
        out.append("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            row["label"], unit_names.get(row["unit"], row["unit"]),
            cell(row, "xenith") or "—", cell(row, "xen") or "—", ratio,
            cell(row, "native"), spread(row, "xenith"), spread(row, "xen"),
            row["target"], "; ".join(notes)))
    return "\n".join(out) + "\n"


def markdown_short(result):
    """The table for README.md: medians only, with what the repetitions did."""
    varied = [(r["label"], f) for r in result["rows"] for f in r["flags"]
              if "varies" in f]
    unit_names = {"instr": "instr", "ns": "M instr", "bytes": "KiB", "ms": "ms",
                  "per-round": ""}
    out = ["| figure | unit | Xenith | Xen 4.17 | Xenith/Xen | floor (stub) | target |",
           "|---|---|---:|---:|---:|---:|---|"]
    for row in result["rows"]:
        if not row["values"]:
            continue
        unit = unit_names.get(row["unit"], row["unit"])
        show = (lambda hv: cell(row, hv).replace(" M", "")) if row["unit"] == "ns" else \
            (lambda hv: cell(row, hv))
        ratio = "%.2f" % row["ratio"] if row["ratio"] is not None else ""
        out.append("| %s | %s | %s | %s | %s | %s | %s |" % (
            row["label"], unit, show("xenith") or "—", show("xen") or "—", ratio,
            show("native"), row["target"]))
    missing, seen = [], set()
    for r in result["rows"]:
        why = "; ".join("%s: %s" % (hv, w) if hv != "all" else w
                        for hv, w in r["missing"].items())
        if why and why not in seen:
            seen.add(why)
            missing.append("%s (%s)" % (r["label"], why))
    out += ["", "%d repetitions: %s." % (result["reps"], "every figure identical in all of them"
                                          if not varied else "; ".join(
                                              "%s: %s" % v for v in varied))]
    if missing:
        out += ["", "Not measured, or on one side only: " + "; ".join(missing) + "."]
    return "\n".join(out) + "\n"


def chart(result, path):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    rows = [r for r in result["rows"]
            if r["ratio"] is not None and r["key"] not in NOT_CHARTED]
    if not rows:
        return False
    labels = [r["label"] for r in rows]
    ratios = [r["ratio"] for r in rows]
    fig, ax = plt.subplots(figsize=(10, 0.4 * len(rows) + 1.5))
    colors = ["tab:green" if x <= 1 else "tab:red" for x in ratios]
    ax.barh(range(len(rows)), ratios, color=colors)
    ax.axvline(1.0, color="black", linewidth=0.8)
    ax.set_xscale("log")
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels(labels, fontsize=8)
    ax.invert_yaxis()
    for i, x in enumerate(ratios):
        ax.text(x, i, " %.2f" % x, va="center", fontsize=8)
    ax.set_xlabel("Xenith / Xen 4.17 (median; < 1: Xenith does less)")
    ax.set_title("Xenith vs Xen 4.17 under QEMU -icount (%s)" % result["date"], fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return True


def write_all(result, out_dir):
    with open(os.path.join(out_dir, "latest.json"), "w") as f:
        json.dump(result, f, indent=1)
    with open(os.path.join(out_dir, "latest.md"), "w") as f:
        f.write(markdown(result))
    with open(os.path.join(out_dir, "latest-short.md"), "w") as f:
        f.write(markdown_short(result))
    if not chart(result, os.path.join(out_dir, "latest.png")):
        print("bench: no chart (python3-matplotlib missing, or no ratio)")
