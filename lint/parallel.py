"""Linting files in worker processes, results back in the order the files were given.

Workers are forked from the running process, so they start with its configuration, rules and
compiled patterns already loaded; each reads, decodes and lints whole files and sends back the
document and its findings (or why it could not). Reporting, filters, the cache and the summary
stay in the parent, which consumes the results in file order, so the output is identical to a
single-process run.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

# The function each worker runs; set in the parent just before the fork, inherited by workers.
_task: Callable[[str], Any] | None = None


def _call(display: str) -> Any:
    assert _task is not None
    return _task(display)


def default_jobs() -> int:
    """The CPUs this process may run on (a container's limit, not the machine's count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def can_fork() -> bool:
    import multiprocessing  # noqa: PLC0415 - 3 ms that a one-file run never needs

    return "fork" in multiprocessing.get_all_start_methods()


def map_in_order(task: Callable[[Any], Any], items: list, jobs: int, chunk: int | None = None) -> Iterator[Any]:
    """``task(item)`` for each item, in order, computed by ``jobs`` forked workers (``chunk``:
    items handed to a worker at a time)."""
    global _task
    _task = task
    import multiprocessing  # noqa: PLC0415

    context = multiprocessing.get_context("fork")
    # Small chunks keep the workers evenly loaded (articles differ in length) while sparing
    # most of the per-item messaging.
    chunk = chunk or max(1, min(16, len(items) // (jobs * 8) or 1))
    with context.Pool(jobs) as pool:
        yield from pool.imap(_call, items, chunksize=chunk)
