"""Linting files in worker processes, results back in the order the files were given.

Workers are forked from the running process, so they start with its configuration, rules and
compiled patterns already loaded; each reads, decodes and lints whole files and sends back the
findings (or why it could not). Reporting, filters, the cache and the summary stay in the
parent, which consumes the results in file order, so the output is identical to a
single-process run.

Not ``multiprocessing.Pool``: its three helper threads (handing out tasks, collecting results,
watching the workers) cost the parent about 0.3 s of CPU over the 2,225 BBC articles, on two
cores it shares with the two workers. Here the parent does nothing while the workers run but
read their results:

- the work is a list of chunks (consecutive items) numbered in a pipe written before the fork,
  4 bytes a number; each worker reads the next number when it is free (reads of a few bytes
  from a pipe are atomic), so a worker that drew short articles takes more chunks;
- each worker writes ``(chunk, results)`` frames to a pipe of its own; the parent reads
  whichever pipe has data and yields the chunks in order.

A worker that dies (killed, out of memory) closes its pipe with chunks undelivered: the parent
raises instead of waiting forever.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterator
from typing import Any

# Chunk numbers written to the work pipe before any worker reads it must fit in the pipe's
# buffer: one page (4,096 bytes) where the user's pipe quota is spent, 64 KiB otherwise.
_MAX_CHUNKS = 1024
_NUMBER = 4  # bytes of one chunk number
_LENGTH = 8  # bytes of a result frame's length


def default_jobs() -> int:
    """The CPUs this process may run on (a container's limit, not the machine's count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def can_fork() -> bool:
    return hasattr(os, "fork")


def chunk_bounds(items: int, jobs: int, chunk: int | None = None) -> list[tuple[int, int]]:
    """``[lo, hi)`` of each chunk. ``chunk`` fixes their size; by default they shrink as the
    work runs out ("guided" scheduling): early chunks of up to 64 items spare the messaging,
    the last ones of a few items keep every worker busy to the end (a worker that draws a long
    last chunk would leave the others idle). At most ``_MAX_CHUNKS`` of them."""
    least = -(-items // _MAX_CHUNKS)
    bounds = []
    lo = 0
    while lo < items:
        size = max(chunk or min(64, (items - lo) // (jobs * 4)), least, 1)
        bounds.append((lo, min(lo + size, items)))
        lo += size
    return bounds


def map_in_order(task: Callable[[Any], Any], items: list, jobs: int, chunk: int | None = None) -> Iterator[Any]:
    """``task(item)`` for each item, in order, computed by ``jobs`` forked workers (``chunk``:
    items handed to a worker at a time). An exception a task raises is raised here, at the
    first item of its chunk."""
    bounds = chunk_bounds(len(items), jobs, chunk)
    if not bounds:
        return
    work_read, work_write = os.pipe()
    try:
        os.write(work_write, b"".join(k.to_bytes(_NUMBER, "little") for k in range(len(bounds))))
    finally:
        os.close(work_write)  # workers read until the pipe is empty, then see its end
    workers: dict[int, int] = {}  # result pipe -> worker pid
    finished = False
    # What exists now is shared with the workers page by page until written: kept out of the
    # garbage collector's reach while they are forked, so that its bookkeeping does not copy
    # every page into every worker.
    gc.freeze()
    try:
        for _ in range(min(jobs, len(bounds))):
            read, write = os.pipe()
            pid = os.fork()
            if pid == 0:  # the worker: never returns
                os.close(read)
                for other in workers:
                    os.close(other)
                _work(task, items, bounds, work_read, write)
            os.close(write)
            workers[read] = pid
        gc.unfreeze()
        os.close(work_read)
        work_read = -1
        yield from _in_order(workers, len(bounds), bounds)
        finished = True
    finally:
        gc.unfreeze()
        if work_read != -1:
            os.close(work_read)
        _stop(workers, kill=not finished)


def _work(task: Callable[[Any], Any], items: list, bounds: list[tuple[int, int]], work: int, out: int) -> None:
    """A worker's life: take chunk numbers until none is left, send each chunk's results."""
    import pickle  # noqa: PLC0415 - the parent has it loaded; kept local for the fork's sake
    import signal  # noqa: PLC0415

    # Ctrl-C reaches the whole process group: a worker just ends, the parent reports.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    status = 0
    try:
        while True:
            number = os.read(work, _NUMBER)
            if len(number) < _NUMBER:
                break
            k = int.from_bytes(number, "little")
            lo, hi = bounds[k]
            try:
                frame = pickle.dumps((k, True, [task(items[i]) for i in range(lo, hi)]), pickle.HIGHEST_PROTOCOL)
            except Exception as exc:  # noqa: BLE001 - handed to the parent, raised there
                frame = pickle.dumps((k, False, _picklable(exc)), pickle.HIGHEST_PROTOCOL)
            _write_all(out, len(frame).to_bytes(_LENGTH, "little") + frame)
    except BaseException:  # noqa: BLE001 - the parent sees the missing chunks
        status = 1
    finally:
        os._exit(status)  # no atexit handlers, no flushing of the parent's buffered output


def _picklable(exc: Exception) -> Exception:
    import pickle  # noqa: PLC0415

    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:  # noqa: BLE001 - an exception whose state does not pickle
        return RuntimeError(f"{type(exc).__name__}: {exc}")


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _in_order(workers: dict[int, int], total: int, bounds: list[tuple[int, int]]) -> Iterator[Any]:
    """The results of chunks 0, 1, … as the workers' frames arrive, in whatever order."""
    import pickle  # noqa: PLC0415
    import selectors  # noqa: PLC0415

    selector = selectors.DefaultSelector()
    buffers: dict[int, bytearray] = {}
    for fd in workers:
        selector.register(fd, selectors.EVENT_READ)
        buffers[fd] = bytearray()
    arrived: dict[int, tuple[bool, Any]] = {}
    try:
        for k in range(total):
            while k not in arrived:
                if not selector.get_map():
                    raise RuntimeError(f"a worker process ended without returning the results of items "
                                       f"{bounds[k][0] + 1}-{bounds[k][1]}")
                for key, _ in selector.select():
                    data = os.read(key.fd, 1 << 20)
                    if not data:
                        selector.unregister(key.fd)
                        continue
                    buffer = buffers[key.fd]
                    buffer += data
                    while len(buffer) >= _LENGTH:
                        size = int.from_bytes(buffer[:_LENGTH], "little")
                        if len(buffer) < _LENGTH + size:
                            break
                        number, ok, value = pickle.loads(buffer[_LENGTH : _LENGTH + size])
                        del buffer[: _LENGTH + size]
                        arrived[number] = (ok, value)
            ok, value = arrived.pop(k)
            if not ok:
                raise value
            yield from value
    finally:
        selector.close()


def _stop(workers: dict[int, int], kill: bool) -> None:
    """Close the result pipes and reap the workers, killed first when the caller stopped
    early or failed (done workers have read the end of the work pipe and are leaving)."""
    import signal  # noqa: PLC0415

    for fd, pid in workers.items():
        os.close(fd)
        try:
            if kill:
                os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        except (ChildProcessError, ProcessLookupError):
            pass
