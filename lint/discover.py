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
from pathlib import Path


from .loaders import format_for

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


def walk(root: str, excluded: Callable[[Path], bool]) -> Iterator[str]:
    """Lintable files under ``root`` in a stable (sorted) order."""
    # Stack of (folder, spec) for the .gitignore files above the current folder.
    ignores: list[tuple[str, pathspec.PathSpec]] = []

    def ignored(path: str, is_dir: bool) -> bool:
        for base, spec in ignores:
            rel = os.path.relpath(path, base).replace(os.sep, "/")
            if spec.match_file(rel + "/" if is_dir else rel):
                return True
        return False

    for folder, dirs, files in os.walk(root):
        ignores[:] = [(b, s) for b, s in ignores if folder == b or folder.startswith(b.rstrip(os.sep) + os.sep)]
        spec = _gitignore(folder)
        if spec is not None:
            ignores.append((folder, spec))
        dirs[:] = sorted(
            d for d in dirs
            if not d.startswith(".") and d not in SKIPPED_FOLDERS
            and not ignored(os.path.join(folder, d), True)
            and not excluded(Path(folder, d))
        )
        for name in sorted(files):
            path = os.path.join(folder, name)
            if format_for(name) and not ignored(path, False) and not excluded(Path(path)):
                yield path
