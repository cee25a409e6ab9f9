"""Run copydesk in a fresh process with one method wrapped to count its calls.

A cache that works is one that skips work, which a test sees by counting the calls of the
function that does it: ``counted_run(tmp_path, "lint.rules", "Registry", "__init__", ...)``
runs ``copydesk ...`` in ``tmp_path`` (its own user cache folder there) and returns the
completed process, whose stderr ends with ``CALLS <n>``.
"""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import ROOT

_PROBE = (
    "import atexit, importlib, runpy, sys\n"
    "module, cls, method = sys.argv[1:4]\n"
    "owner = getattr(importlib.import_module(module), cls)\n"
    "original = getattr(owner, method)\n"
    "calls = []\n"
    "def counted(self, *args, **kwargs):\n"
    "    calls.append(1)\n"
    "    return original(self, *args, **kwargs)\n"
    "setattr(owner, method, counted)\n"
    "sys.argv = ['copydesk', *sys.argv[4:]]\n"
    "# Printed by an exit handler: the command ends the process itself (lint/process_exit.py).\n"
    "atexit.register(lambda: print('CALLS', len(calls), file=sys.stderr))\n"
    "runpy.run_module('lint', run_name='__main__')\n"
)


def counted_run(tmp_path, module: str, cls: str, method: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1", "COPYDESK_CACHE_DIR": str(tmp_path / "user-cache")}
    return subprocess.run([sys.executable, "-c", _PROBE, module, cls, method, *args], cwd=tmp_path, env=env,
                          capture_output=True, text=True)


def calls_and_exit(run: subprocess.CompletedProcess) -> tuple[str, int, str]:
    """The stderr before the probe's line, the calls counted and the exit code."""
    before, _, calls = run.stderr.rpartition("CALLS ")
    return before, int(calls), str(run.returncode)
