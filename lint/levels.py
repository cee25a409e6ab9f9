"""Finding levels, lowest first. A module of its own so that what only compares levels (the
command line's choices, the configuration, the summary line) does not import the rules."""

from __future__ import annotations

LEVELS = ("suggestion", "warning", "error")


def level_rank(level: str) -> int:
    return LEVELS.index(level)
