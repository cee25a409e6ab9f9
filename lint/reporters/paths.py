"""Paths as code-review tools expect them: relative to the repository root, forward slashes.

copydesk reports a file as it was named or found (``../a.md``, ``/abs/a.md``, ``a.md``), which
is right for a terminal. GitHub annotations, SARIF uploads and GitLab's widget map a report to
the repository's files, so they need the path from the repository root whatever the working
folder was. The root is the nearest folder holding ``.git`` (a folder, or a file in worktrees and
submodules), found without running git; outside a repository it is the working folder.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path, PurePosixPath
from urllib.parse import quote


def project_root() -> Path:
    return _root_of(os.getcwd())


@lru_cache(maxsize=None)
def _root_of(cwd: str) -> Path:
    start = Path(cwd)
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return start


def from_root(display: str, root: Path | None = None) -> str | None:
    """``display`` relative to the root, with forward slashes, or None when it lies outside.

    Both the path as written and with symlinks resolved are tried, so ``/tmp`` being a link
    (macOS) or a linked checkout does not lose a file that is in the repository.
    """
    root = root or project_root()
    candidates = [(Path(os.path.abspath(display)), root)]
    candidates.append((Path(os.path.realpath(display)), Path(os.path.realpath(root))))
    for path, base in candidates:
        try:
            return path.relative_to(base).as_posix()
        except ValueError:
            continue
    return None


def repo_path(display: str) -> str:
    """The path to show a code-review tool: from the root when inside it, else as given."""
    if display == "-":
        return display
    rel = from_root(display)
    return rel if rel is not None else PurePosixPath(Path(display).as_posix()).as_posix()


def root_uri(root: Path | None = None) -> str:
    """``file:///…/`` of the root: the value of SARIF's ``%SRCROOT%`` (it must end in a slash)."""
    uri = (root or project_root()).absolute().as_uri()
    return uri if uri.endswith("/") else uri + "/"


def artifact_uri(display: str) -> tuple[str, str | None]:
    """(uri, uriBaseId) for SARIF: relative to ``%SRCROOT%`` when inside the root, else absolute."""
    rel = from_root(display) if display != "-" else None
    if rel is not None:
        return quote(rel, safe="/"), "%SRCROOT%"
    if display == "-":
        return "-", None
    return Path(os.path.abspath(display)).as_uri(), None
