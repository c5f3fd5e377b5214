#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Expand a defconfig into .config and a C header, with kconfiglib.

usage: kconfig.py KCONFIG DEFCONFIG OUT_CONFIG OUT_HEADER
"""
import sys
import kconfiglib

def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    top, defconfig, out_config, out_header = sys.argv[1:]
    kconf = kconfiglib.Kconfig(top, warn_to_stderr=True)
    kconf.load_config(defconfig)
    kconf.write_config(out_config)
    kconf.write_autoconf(out_header)

main()
