"""``--changed-since REF``: keep only findings on lines added or changed since a git revision.

What counts as changed is what a pre-commit hook or a CI job sees: ``git diff REF`` against the
working tree (committed, staged and unstaged changes alike) plus untracked files, which are new
in their entirety. ``REF...`` (three dots, as in ``git diff``) means the merge base of REF and
HEAD: the point a pull request branched from, so changes that landed on the target branch since
then are not blamed on the pull request.

git runs a fixed number of times per run (rev-parse, diff, ls-files), never once per file, and
always from the repository's top folder so its paths are relative to it whatever the cwd.
"""

from __future__ import annotations

import bisect
import os
import re
import subprocess
from collections.abc import Iterable
from pathlib import Path

from .document import Document
from .findings import Finding

# A hunk header of a --unified=0 diff. A count left out means 1; "+12,0" is a pure deletion.
_HUNK = re.compile(rb"^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")
# git's C-style escapes in quoted path names (quote_c_style in git's quote.c).
_ESCAPES = {ord("a"): 7, ord("b"): 8, ord("t"): 9, ord("n"): 10, ord("v"): 11, ord("f"): 12,
            ord("r"): 13, ord('"'): 34, ord("\\"): 92}
_OCTAL = frozenset(b"01234567")


class GitError(Exception):
    """git is missing, the cwd is not in a work tree, or the revision is unknown: one line."""


def _git(args: list[str], cwd: Path | str) -> subprocess.CompletedProcess:
    # core.quotepath=off: non-ASCII names come through as bytes instead of octal escapes.
    # GIT_OPTIONAL_LOCKS=0: never take index.lock, so a concurrent git command is not disturbed.
    env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0"}
    try:
        return subprocess.run(["git", "-c", "core.quotepath=off", *args], cwd=cwd, env=env,
                              capture_output=True, stdin=subprocess.DEVNULL, check=False)
    except FileNotFoundError:
        raise GitError("git was not found on PATH") from None
    except OSError as exc:
        raise GitError(f"cannot run git: {exc.strerror or exc}") from None


def _git_message(proc: subprocess.CompletedProcess) -> str:
    """git's own explanation, first line, without its 'fatal: ' prefix."""
    lines = proc.stderr.decode("utf-8", "replace").strip().splitlines()
    return (lines[0] if lines else f"git exited with {proc.returncode}").removeprefix("fatal: ")


def _toplevel(cwd: Path | str) -> Path:
    proc = _git(["rev-parse", "--show-toplevel"], cwd)
    if proc.returncode != 0:
        message = _git_message(proc)
        if "not a git repository" in message:
            raise GitError(f"{os.path.abspath(cwd)} is not inside a git repository")
        raise GitError(message)
    top = os.fsdecode(proc.stdout.rstrip(b"\n"))
    if not top:  # inside .git or a bare repository: there is no working tree to compare
        raise GitError(f"{os.path.abspath(cwd)} is not inside a git working tree")
    return Path(top).resolve()


def _commit(ref: str, root: Path) -> str:
    # A leading '-' would be read as an option by git; no revision name starts with one.
    if not ref or ref.startswith("-"):
        raise GitError(f"'{ref}' is not a git revision")
    proc = _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], root)
    if proc.returncode != 0:
        raise GitError(f"unknown git revision '{ref}'")
    return proc.stdout.decode("ascii").strip()


def resolve_ref(ref: str, root: Path) -> str:
    """The commit to diff against: REF itself, or for ``REF...`` its merge base with HEAD."""
    if not ref.endswith("..."):
        return _commit(ref, root)
    base = ref[:-3]
    if "..." in base or ".." in base:
        raise GitError(f"'{ref}': write REF... (merge base with HEAD); the working tree is the other side")
    target, head = _commit(base, root), _commit("HEAD", root)
    proc = _git(["merge-base", target, head], root)
    if proc.returncode != 0:
        raise GitError(f"'{base}' and HEAD have no merge base (in a shallow clone, fetch more history)")
    return proc.stdout.decode("ascii").strip()


def _unquote(raw: bytes) -> bytes:
    """A path as git prints it in a diff header: C-quoted when it holds '"', '\\' or controls."""
    if raw.endswith(b"\t"):  # git adds a tab after a name holding a space (for patch(1))
        raw = raw[:-1]
    if not (len(raw) >= 2 and raw.startswith(b'"') and raw.endswith(b'"')):
        return raw
    body, out, i = raw[1:-1], bytearray(), 0
    while i < len(body):
        c = body[i]
        if c != 0x5C or i + 1 >= len(body):
            out.append(c)
            i += 1
        elif body[i + 1] in _OCTAL:
            out.append(int(body[i + 1 : i + 4], 8) & 0xFF)
            i += 4
        else:
            out.append(_ESCAPES.get(body[i + 1], body[i + 1]))
            i += 2
    return bytes(out)


def parse_diff(patch: bytes) -> dict[str, list[tuple[int, int]]]:
    """``git diff --unified=0`` output -> {new path: [(first, last) changed lines]}, sorted.

    Hunk bodies are skipped by their line counts, never by their look, so an article line that
    reads "+++ b/x" or "diff --git" cannot be taken for a header. Files without hunks (pure
    renames, mode changes, binaries) and deleted files have no changed lines and are left out.
    """
    changed: dict[str, list[tuple[int, int]]] = {}
    current: str | None = None
    lines = patch.split(b"\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if line.startswith(b"diff --git "):
            current = None
        elif line.startswith(b"+++ "):
            name = _unquote(line[4:])
            current = None if name == b"/dev/null" else os.fsdecode(name.removeprefix(b"b/"))
        elif line.startswith(b"@@ ") and (m := _HUNK.match(line)):
            old = 1 if m[1] is None else int(m[1])
            first, new = int(m[2]), 1 if m[3] is None else int(m[3])
            if current is not None and new:
                changed.setdefault(current, []).append((first, first + new - 1))
            body = old + new
            while body and i < len(lines):
                if not lines[i].startswith(b"\\"):  # "\ No newline at end of file" is extra
                    body -= 1
                i += 1
    for ranges in changed.values():
        ranges.sort()
    return changed


def _finding_lines(f: Finding) -> tuple[int, int]:
    """First and last line holding a character of the finding (its end is exclusive)."""
    last = f.end_line - 1 if f.end_column == 1 and f.end_line > f.line else f.end_line
    return f.line, max(f.line, last)


class ChangedLines:
    """The lines changed since a revision, by file; a Run filter and a Run file predicate."""

    def __init__(self, root: Path, changed: dict[str, list[tuple[int, int]]], untracked: Iterable[str]) -> None:
        self.root = root
        self.changed = changed
        self.untracked = frozenset(untracked)

    @classmethod
    def since(cls, ref: str, cwd: Path | str | None = None) -> ChangedLines:
        root = _toplevel(cwd or os.getcwd())
        commit = resolve_ref(ref, root)
        # Fixed prefixes and no external diff or textconv, whatever the user's git config says:
        # the output is parsed, and line numbers must be those of the file on disk.
        diff = _git(["diff", "--unified=0", "--no-color", "--no-ext-diff", "--no-textconv", "-M",
                     "--src-prefix=a/", "--dst-prefix=b/", commit, "--"], root)
        if diff.returncode != 0:
            raise GitError(_git_message(diff))
        others = _git(["ls-files", "-z", "--others", "--exclude-standard"], root)
        if others.returncode != 0:
            raise GitError(_git_message(others))
        untracked = (os.fsdecode(p) for p in others.stdout.split(b"\0") if p)
        return cls(root, parse_diff(diff.stdout), untracked)

    def _key(self, path: Path | str) -> str | None:
        """The path as git names it (relative to the top folder, '/'), or None outside the repo."""
        try:
            return Path(path).resolve().relative_to(self.root).as_posix()
        except (ValueError, OSError):
            return None

    def wanted(self, path: str) -> bool:
        """Whether a file has changed lines at all; the others need not even be read."""
        key = self._key(path)
        return key is not None and (key in self.untracked or key in self.changed)

    def touches(self, key: str, first: int, last: int) -> bool:
        if key in self.untracked:
            return True
        ranges = self.changed.get(key)
        if not ranges:
            return False
        # The last range starting at or before `last` is the only one that can overlap.
        i = bisect.bisect_right(ranges, (last, float("inf"))) - 1
        return i >= 0 and ranges[i][1] >= first

    def __call__(self, display: str, path: Path | None, doc: Document, findings: list[Finding]) -> list[Finding]:
        key = self._key(path) if path is not None else None
        if key is None:
            return []
        return [f for f in findings if self.touches(key, *_finding_lines(f))]
