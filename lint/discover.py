"""Finding the articles under the paths given on the command line.

Directories are walked recursively, skipping hidden folders, well-known tool folders, what the
configuration's ``exclude`` globs name and what ``.gitignore`` files ignore (each one applies to
its own folder and below, as in git). Files are chosen by extension. A file named explicitly is
always linted, whatever its extension (its format then defaults to plain text).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pathspec costs 25 ms to import: only runs that match globs pay for it
    import pathspec

import os
from collections.abc import Callable, Iterator

from .formats import format_for

SKIPPED_FOLDERS = frozenset({"node_modules", "__pycache__", "site-packages", "venv"})


class MissingPath(Exception):
    pass


def _gitignore(folder: str) -> pathspec.PathSpec | None:
    path = os.path.join(folder, ".gitignore")
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            import pathspec  # noqa: PLC0415 - lazy, see above
            return pathspec.PathSpec.from_lines("gitwildmatch", fh)
    except OSError:
        return None


def _listing(folder: str) -> tuple[list[os.DirEntry], list[os.DirEntry]]:
    """A folder's entries, (folders, other files), each sorted by name; nothing if unreadable."""
    dirs, files = [], []
    try:
        with os.scandir(folder) as it:
            for entry in it:
                try:
                    is_dir = entry.is_dir()
                except OSError:
                    is_dir = False
                (dirs if is_dir else files).append(entry)
    except OSError:
        return [], []
    dirs.sort(key=lambda e: e.name)
    files.sort(key=lambda e: e.name)
    return dirs, files


def walk(root: str, excluded: Callable[[str, os.DirEntry], bool]) -> Iterator[str]:
    """Lintable files under ``root`` in a stable (sorted) order.

    Walks like ``os.walk`` (top down, symbolic links to folders listed but not entered), but
    keeps the entries, so that ``excluded(path, entry)`` learns whether a path is a folder or a
    link without asking the system again: a warm run over thousands of files notices.
    """
    # Stack of (folder, spec) for the .gitignore files above the current folder.
    ignores: list[tuple[str, pathspec.PathSpec]] = []

    def ignored(path: str, is_dir: bool) -> bool:
        for base, spec in ignores:
            rel = os.path.relpath(path, base).replace(os.sep, "/")
            if spec.match_file(rel + "/" if is_dir else rel):
                return True
        return False

    pending = [root]
    while pending:
        folder = pending.pop()
        ignores[:] = [(b, s) for b, s in ignores if folder == b or folder.startswith(b.rstrip(os.sep) + os.sep)]
        spec = _gitignore(folder)
        if spec is not None:
            ignores.append((folder, spec))
        dirs, files = _listing(folder)
        entered = []
        for entry in dirs:
            path = os.path.join(folder, entry.name)
            if (not entry.name.startswith(".") and entry.name not in SKIPPED_FOLDERS
                    and not (ignores and ignored(path, True)) and not excluded(path, entry)
                    and not entry.is_symlink()):
                entered.append(path)
        base = os.path.join(folder, "")  # "folder/": a name is appended as os.path.join would
        for entry in files:
            if format_for(entry.name):
                path = base + entry.name
                if not (ignores and ignored(path, False)) and not excluded(path, entry):
                    yield path
        pending.extend(reversed(entered))  # depth first, in name order, as os.walk goes
