"""lint/parallel.py: forked workers, results in order, failures that surface instead of hanging."""

from __future__ import annotations

import os
import signal
import time

import pytest

from lint import parallel

pytestmark = pytest.mark.skipif(not parallel.can_fork(), reason="needs os.fork")


def _square_slowly(n: int) -> tuple[int, int]:
    # Uneven work: some chunks take longer, so workers finish them out of order.
    if n % 7 == 0:
        time.sleep(0.002)
    return n, os.getpid()


def test_results_come_back_in_order_from_several_workers():
    items = list(range(500))
    results = list(parallel.map_in_order(_square_slowly, items, jobs=3, chunk=4))
    assert [n for n, _ in results] == items
    pids = {pid for _, pid in results}
    assert os.getpid() not in pids  # the parent computed nothing itself
    assert len(pids) > 1  # the chunks were shared out


@pytest.mark.parametrize("count", [0, 1, 5])
def test_fewer_items_than_workers(count):
    assert [n for n, _ in parallel.map_in_order(_square_slowly, list(range(count)), jobs=8)] == list(range(count))


def _fail_at_13(n: int) -> int:
    if n == 13:
        raise ValueError(f"bad item {n}")
    return n


def test_a_tasks_exception_is_raised_at_its_chunk_after_the_earlier_results():
    got = []
    with pytest.raises(ValueError, match="bad item 13"):
        for n in parallel.map_in_order(_fail_at_13, list(range(40)), jobs=2, chunk=5):
            got.append(n)
    assert got == list(range(10))  # chunks 0-4 and 5-9 came through; 10-14 holds the failure


def _die_at_20(n: int) -> int:
    if n == 20:
        os.kill(os.getpid(), signal.SIGKILL)  # as the out-of-memory killer would
    return n


def test_a_worker_that_dies_is_an_error_not_a_hang():
    with pytest.raises(RuntimeError, match="items 21-24"):
        list(parallel.map_in_order(_die_at_20, list(range(60)), jobs=2, chunk=4))


def _pid(n: int) -> int:
    time.sleep(0.01)
    return os.getpid()


def test_stopping_early_leaves_no_worker_behind():
    results = parallel.map_in_order(_pid, list(range(400)), jobs=2, chunk=1)
    workers = {next(results) for _ in range(6)}
    results.close()
    for pid in workers:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)  # reaped already: not a zombie, not running


def test_chunks_cover_every_item_once_shrinking_towards_the_end():
    bounds = parallel.chunk_bounds(2225, 2)
    assert bounds[0] == (0, 64) and bounds[-1][1] == 2225
    assert all(a[1] == b[0] for a, b in zip(bounds, bounds[1:]))
    sizes = [hi - lo for lo, hi in bounds]
    assert sizes == sorted(sizes, reverse=True) and sizes[-1] <= 3
    assert parallel.chunk_bounds(10, 2, chunk=4) == [(0, 4), (4, 8), (8, 10)]
    assert parallel.chunk_bounds(0, 2) == []
    assert len(parallel.chunk_bounds(10_000_000, 2)) <= 1024  # their numbers fit a pipe
