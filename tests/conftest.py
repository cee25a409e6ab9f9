"""Shared helpers: run the real command line in a subprocess, write articles into a folder."""

from __future__ import annotations

import os
import subprocess
import tempfile
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# The result cache of the commands the tests run: their own, never the user's.
TEST_CACHE = os.path.join(tempfile.gettempdir(), f"copydesk-test-cache-{os.getpid()}")


class Result:
    def __init__(self, proc: subprocess.CompletedProcess) -> None:
        self.code = proc.returncode
        self.out = proc.stdout
        self.err = proc.stderr

    def __repr__(self) -> str:
        return f"<exit {self.code}\nstdout:\n{self.out}\nstderr:\n{self.err}>"


def run_copydesk(*args: str, cwd: Path | str | None = None, stdin: bytes | None = None, env=None) -> Result:
    if env is None:
        # The checkout's lint package, whether or not copydesk is installed.
        env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1", "COPYDESK_CACHE_DIR": TEST_CACHE}
    proc = subprocess.run(
        [sys.executable, "-m", "lint", *args],
        cwd=cwd, input=stdin, capture_output=True, env=env,
    )
    return Result(subprocess.CompletedProcess(proc.args, proc.returncode,
                                              proc.stdout.decode("utf-8", "replace"),
                                              proc.stderr.decode("utf-8", "replace")))


@pytest.fixture
def copydesk():
    return run_copydesk


@pytest.fixture
def write(tmp_path):
    """write("a/b.md", "text") -> Path; bytes are written as given."""

    def _write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="")
        return path

    return _write


def run_on_terminal(args: list[str], cwd: Path, env: dict, terminal: str = "stdout") -> tuple[int, str, str]:
    """Run the CLI with ``terminal`` (stdout or stderr) on a real pseudo-terminal and the other
    stream piped: (exit code, piped stream, what the terminal received)."""
    import pty

    leader, follower = pty.openpty()
    streams = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, terminal: follower}
    proc = subprocess.run([sys.executable, "-m", "lint", *args], cwd=cwd, env=env, **streams)
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    piped = proc.stderr if terminal == "stdout" else proc.stdout
    return proc.returncode, piped.decode("utf-8", "replace"), b"".join(chunks).decode("utf-8", "replace")
