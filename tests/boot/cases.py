# SPDX-License-Identifier: GPL-2.0-only
"""The QEMU boot tests: one table of cases, run by tests/runner/run-tests.

Each case is a dict:
  name      the test's name (reported as boot/<name>)
  smp, gic, cpu
            QEMU's -smp, gic-version= and -cpu (defaults: 1, 3, cortex-a57)
  virt      False to enter at EL1 (QEMU without virtualization=on)
  load_at   load Xenith raw at this address and boot it through the shim
            Image (tests/boot/shim.S) instead of directly with -kernel
  bootargs  Xen's /chosen/xen,xen-bootargs, written into QEMU's own device
            tree (dumped, edited with dtc, passed back with -dtb)
  no_memory remove the memory nodes from that device tree; QEMU would put
            them back into a -dtb, so the tree is loaded raw (dtb_at) and
            handed over by the shim
  steps     what to check, in order (the vocabulary is below)

Steps:
  expect(regex)        the console shows a line matching regex (searched from
                       where the previous step matched)
  key(char, regex)     type char on the serial line, again every second
                       until the console answers with regex
  quiet(seconds)       no console output at all for that long, and QEMU
                       still running: the machine halted rather than going
                       on, rebooting or exiting
  absent(regex)        nothing printed so far matches regex
  cpus_stopped(fn...)  QEMU's monitor shows every CPU with interrupts masked
                       and its PC not moving, inside one of the functions
                       named (where the crash path and the stop IPI park)
"""

BANNER = r"\(XEN\) Xenith \S+ \(Xen 4\.17 ABI\)"
HALTED = r"Xenith halted: the machine is halted"
UNMAPPED = "000009fffffff000"       # where crash.c's 'C' handler stores

# Where the shim tests put Xenith and the raw device tree: 2 MiB aligned,
# clear of QEMU's own DTB (at RAM + 128 MiB) and of the shim (RAM + 2 MiB).
ALT_LOAD = 0x60000000
RAW_DTB = 0x70000000


def expect(regex):
    return ("expect", regex)


def key(char, regex):
    return ("key", char, regex)


def quiet(seconds=2.0):
    return ("quiet", seconds)


def absent(regex):
    return ("absent", regex)


def cpus_stopped(*parked):
    return ("cpus_stopped", parked)


def boots(ncpus):
    """Banner, every CPU up, and a debug key answered over the serial line."""
    return [expect(BANNER),
            expect(rf"Brought up {ncpus} CPUs?\b"),
            key("h", r"'h' pressed -> showing installed handlers")]


def halts(*messages):
    """The given messages, then the crash path's last line and silence."""
    return [expect(BANNER)] + [expect(m) for m in messages] + \
           [expect(HALTED), quiet()]


CRASH_REPORT = [
    key("C", r"'C' pressed -> crashing the hypervisor"),
    expect(r"Panic on CPU \d+:"),
    expect(r"ESR_EL2: [0-9a-f]{16}  EC=25 \(data abort at EL2\)"),
    expect(r"Data abort: write, translation fault"),
    expect(rf"FAR_EL2: {UNMAPPED}"),
    expect(r"PC:   [0-9a-f]{16} crash_key\+0x"),
    expect(r"SPSR: [0-9a-f]{16} \(EL2h"),
    expect(r"X0 : [0-9a-f]{16}  X1 : [0-9a-f]{16}  X2 : [0-9a-f]{16}"),
    expect(r"X27: [0-9a-f]{16}  X28: [0-9a-f]{16}  X29: [0-9a-f]{16}"),
    expect(r"X30: [0-9a-f]{16}"),
    expect(r"SCTLR_EL2: [0-9a-f]{16}  HCR_EL2: [0-9a-f]{16}"),
    expect(r"TTBR0_EL2: [0-9a-f]{16}  TCR_EL2: [0-9a-f]{16}"),
    expect(r"VBAR_EL2:  [0-9a-f]{16}"),
    expect(r"Call trace"),
    expect(r"\[<[0-9a-f]{16}>\] crash_key\+0x[0-9a-f]+/0x[0-9a-f]+ \(PC\)"),
    expect(r"\[<[0-9a-f]{16}>\] handle_keypress\+0x[0-9a-f]+/0x[0-9a-f]+"),
    expect(r"CPU\d+: all other CPUs stopped"),
    expect(HALTED),
    quiet(),
]

CASES = [
    # Every -smp, gic-version and -cpu value at least once.
    dict(name="smp1-gicv2-a53", smp=1, gic=2, cpu="cortex-a53", steps=boots(1)),
    dict(name="smp4-gicv3-a53", smp=4, gic=3, cpu="cortex-a53", steps=boots(4)),
    dict(name="smp2-gicv3-a57", smp=2, gic=3, cpu="cortex-a57", steps=boots(2)),
    dict(name="smp4-gicv2-a57", smp=4, gic=2, cpu="cortex-a57", steps=boots(4)),
    dict(name="smp2-gicv2-a72", smp=2, gic=2, cpu="cortex-a72", steps=boots(2)),
    dict(name="smp4-gicv3-a72", smp=4, gic=3, cpu="cortex-a72", steps=boots(4)),
    dict(name="smp1-gicv3-max", smp=1, gic=3, cpu="max", steps=boots(1)),
    dict(name="smp4-gicv2-max", smp=4, gic=2, cpu="max", steps=boots(4)),

    # Loaded elsewhere than where QEMU puts an Image.
    dict(name="load-at-0x60000000", smp=2, load_at=ALT_LOAD,
         steps=[expect(BANNER), expect(rf"Loaded at {ALT_LOAD:#x}, running at EL2"),
                expect(r"Brought up 2 CPUs?\b")]),

    # Bad input: a clear message, then a halted machine.
    dict(name="no-memory-node", load_at=ALT_LOAD, no_memory=True, dtb_at=RAW_DTB,
         steps=halts(r"The device tree describes no RAM",
                     r"Cannot boot: the device tree is unusable")),
    dict(name="dtuart-missing-path", bootargs="dtuart=/does-not-exist",
         steps=halts(r"Command line: dtuart=/does-not-exist",
                     r"Console: dtuart=/does-not-exist names no device-tree node or alias")),
    dict(name="entered-at-el1", virt=False,
         steps=[expect(r"Xenith: entered at EL1, not EL2.*Halting\."), quiet(),
                absent(BANNER)]),

    # The crash path, through a real data abort at EL2.
    dict(name="crash-key-smp4", smp=4,
         steps=boots(4) + CRASH_REPORT + [cpus_stopped("halt_forever", "smp_stop_ipi")]),

    # loglvl=error: the rest of the boot (warnings, information) prints
    # nothing at all, yet errors still show.
    dict(name="loglvl-error", smp=2, bootargs="loglvl=error",
         steps=[expect(BANNER), expect(r"Command line: loglvl=error"), quiet(3)] +
               CRASH_REPORT +
               [absent(r"Console: pl011|Brought up|'h' pressed")]),
]
