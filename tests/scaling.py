"""Linear growth asserted without a clock: steps counted, not seconds.

``work`` counts the Python function calls and the calls into C that a piece of code makes (a
profile hook), a number that does not depend on the machine or its load. A rule whose loops
are linear in its input makes about twice the calls on twice the input; one that compares
every sentence with every other makes four times as many. A C routine that scans the whole
text is one call whatever the text's length, so whole-text scans repeated in a loop show up
as the loop's calls only; the benchmark's one-file run (bench/run.py --scaling) measures time.
"""

from __future__ import annotations

import sys
from collections.abc import Callable


def work(run: Callable[[], object]) -> int:
    steps = 0

    def count(frame, event, arg):
        nonlocal steps
        if event in ("call", "c_call"):
            steps += 1

    sys.setprofile(count)
    try:
        run()
    finally:
        sys.setprofile(None)
    return steps


def assert_linear(run: Callable[[str], object], make: Callable[[int], str], size: int) -> None:
    """``run(make(2 * size))`` takes at most 2.5 times the steps of ``run(make(size))``."""
    run(make(size))  # first use: lazy tables and compiled patterns are not the input's cost
    small, large = work(lambda: run(make(size))), work(lambda: run(make(2 * size)))
    assert large <= 2.5 * small, f"{large} steps on twice the input of {small}: not linear"
