"""The process ends at once after the command (lint/process_exit.py): everything printed is
delivered, exit handlers run, codes are sys.exit's, a running thread is waited for, and a reader
that goes away early (``| head``) ends the run quietly with its workers."""

from __future__ import annotations

import os
import subprocess
import sys
import time

from tests.conftest import ROOT, TEST_CACHE


def _python(code: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)


def test_output_and_exit_handlers_survive_and_the_status_is_kept():
    done = _python("import atexit, sys\n"
                   "from lint.process_exit import end\n"
                   "atexit.register(lambda: print('handler ran'))\n"
                   "sys.stdout.write('x' * 100000)\n"  # more than a pipe holds: must be flushed
                   "end(3)\n")
    assert done.returncode == 3
    assert done.stdout == "x" * 100000 + "handler ran\n"


def test_codes_are_taken_as_sys_exit_takes_them():
    assert _python("from lint.process_exit import end; end(None)").returncode == 0
    said = _python("from lint.process_exit import end; end('copydesk: gone wrong')")
    assert (said.returncode, said.stderr) == (1, "copydesk: gone wrong\n")


def test_a_running_thread_is_waited_for(tmp_path):
    marker = tmp_path / "written"
    done = _python("import threading, time\n"
                   "from lint.process_exit import end\n"
                   f"def work():\n    time.sleep(0.3)\n    open({str(marker)!r}, 'w').write('done')\n"
                   "threading.Thread(target=work).start()\n"
                   "end(0)\n")
    assert done.returncode == 0 and marker.read_text() == "done"


def test_a_reader_that_goes_away_ends_the_run_quietly(tmp_path):
    """``copydesk … | head -1`` on 300 files in two workers: exit 1 as click gives it, no
    "internal error" per file, no traceback, and no worker left running."""
    text = "The the committee met on Monday. It said that that the plan was was ready.\n" * 20
    for i in range(300):
        (tmp_path / f"a{i:03}.txt").write_text(text, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1", "COPYDESK_CACHE_DIR": TEST_CACHE}
    proc = subprocess.Popen([sys.executable, "-m", "lint", "--no-cache", "-j", "2", "."], cwd=tmp_path, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    first = proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 1
    assert first.startswith(b"./a000.txt:1:1:")
    assert "internal error" not in err and "Traceback" not in err and "Exception ignored" not in err, err
    deadline = time.monotonic() + 10
    while True:  # the workers were in the command's own process group
        try:
            os.killpg(proc.pid, 0)
        except ProcessLookupError:
            break
        assert time.monotonic() < deadline, "a worker outlived the command"
        time.sleep(0.05)


def test_the_command_ends_without_teardown_yet_says_everything(copydesk, write, tmp_path):
    """A report far larger than a pipe's buffer, from the real command, arrives whole."""
    write("long.txt", "The the committee met again. " * 4000)
    r = copydesk("--no-cache", "long.txt", cwd=tmp_path)
    assert r.code == 1 and len(r.out) > 200_000
    assert r.out.count("repetition.word") == 4000
    assert r.out.rstrip().endswith("Checked 1 file, 4001 findings (4000 warnings, 1 suggestion).")  # + readability

