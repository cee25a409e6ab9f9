"""How the ``copydesk`` process ends: at once, without the interpreter's teardown.

When a Python process exits normally it frees every module and object it made: for copydesk
(click, typing, the rules and the run's findings) that teardown took 2 to 3 ms of a 60 ms
one-article pre-commit run, which has nothing left to free. A process ending with the command
therefore flushes its standard streams, runs the ``atexit`` handlers (copydesk's table of
compiled patterns, any a plug-in registered) and calls ``os._exit``. Everything copydesk writes
(reports, caches) is written and closed before the command returns, so nothing depends on the
teardown. Where ending at once could lose something the normal way keeps, it is not taken:
while another thread is still running (the normal exit waits for it), or on an interpreter
without ``atexit._run_exitfuncs``.
"""

from __future__ import annotations

import atexit
import os
import sys
from typing import NoReturn


def end(code: object) -> NoReturn:
    """Exit with ``code``, taken as ``sys.exit`` takes it (None is 0; an int is the status;
    anything else is printed to stderr and the status is 1)."""
    status = _status(code)
    run_exit_handlers = getattr(atexit, "_run_exitfuncs", None)
    threading = sys.modules.get("threading")
    if run_exit_handlers is None or (threading is not None and threading.active_count() > 1):
        raise SystemExit(status)
    status = _flush(status)
    run_exit_handlers()
    status = _flush(status)  # what the handlers printed
    os._exit(status)


def _status(code: object) -> int:
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    try:
        print(code, file=sys.stderr)
    except (OSError, ValueError):
        pass
    return 1


def _flush(status: int) -> int:
    """Flush standard output and error; a reader that went away (``| head``) makes the status
    1, as click makes it when a write fails so (the same status with the normal exit)."""
    for stream in (sys.stdout, sys.stderr):
        if stream is None:
            continue
        try:
            stream.flush()
        except BrokenPipeError:
            status = status or 1
        except (OSError, ValueError):  # closed by the command, or a file that failed: as the normal exit
            pass
    return status
