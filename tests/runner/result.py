# SPDX-License-Identifier: GPL-2.0-only
"""One test's outcome, as the runner reports it."""

from typing import NamedTuple


class Result(NamedTuple):
    name: str
    passed: bool
    seconds: float
    detail: str = ""            # why it failed, with the output's tail
    skipped: bool = False
