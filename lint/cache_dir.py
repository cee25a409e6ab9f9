"""Where copydesk keeps what it may rebuild at any time: derived data and lint results.

``COPYDESK_CACHE_DIR`` wins, then ``$XDG_CACHE_HOME/copydesk``, then ``~/.cache/copydesk``.
Everything here is an optimisation: a missing, unwritable or corrupt cache only costs time.
"""

from __future__ import annotations

import marshal
import mmap
import os
from pathlib import Path
from collections.abc import Callable
from typing import Any, TypeVar

from .atomic import replace_file
from .long_lived import long_lived


def cache_dir() -> Path:
    explicit = os.environ.get("COPYDESK_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base, "copydesk")


def load_marshal(name: str, folder: Path | None = None) -> Any | None:
    """A value saved by :func:`save_marshal`, or None when absent or unreadable."""
    try:
        with open((folder or cache_dir()) / name, "rb") as fh:
            data = fh.read()
    except OSError:
        return None
    try:
        # loads() on the whole file: load() on a file object reads it object by object, which
        # took 80 ms instead of 17 for the syllable table.
        return marshal.loads(data)
    except (EOFError, ValueError, TypeError):
        return None


def save_marshal(name: str, value: Any, folder: Path | None = None) -> None:
    """Save atomically (temporary file, then rename), so concurrent runs never read half a file."""
    try:
        _save(name, marshal.dumps(value), folder)
    except ValueError:
        pass  # a value marshal refuses: derived every time


def load_mapped(name: str) -> mmap.mmap | None:
    """A file of the cache mapped read-only, or None when absent, empty or unreadable. A file is
    only ever replaced whole (a new inode), so a map never sees another run's writes."""
    try:
        with open(cache_dir() / name, "rb") as fh:
            return mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):
        return None


def _save(name: str, data: bytes, folder: Path | None = None) -> None:
    folder = folder or cache_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        replace_file(folder / name, data, durable=False)  # a damaged file is ignored
    except OSError:
        pass  # a read-only home or a full disk: the next run parses again


T = TypeVar("T")


def derived(prefix: str, source: str, build: Callable[[], tuple[T, Any]], restore: Callable[[Any], T],
            mapped: bool = False) -> T:
    """Data derived from an installed file (a dictionary, hyphenation patterns), kept in the
    user cache under ``prefix`` and the file's size and modification time, so a new version of
    the file is derived again. ``build()`` gives the value and what to save of it;
    ``restore(saved)`` rebuilds the value, raising TypeError or ValueError for a damaged or
    foreign file, which is then derived again. ``mapped``: what is saved is bytes, kept as they
    are and given to ``restore`` as a read-only map of the file (:func:`load_mapped`), for data
    used where it lies; otherwise it is a value for marshal."""
    try:
        st = os.stat(source)
        name = f"{prefix}-{st.st_size}-{st.st_mtime_ns}{'.bin' if mapped else '.marshal'}"
    except OSError:
        name = None
    # The value lives as long as the process: no collection walks its objects as they are made
    # (tens of thousands for Pyphen's patterns: 7 ms to load, ten times that in a process with a
    # large heap, such as bench/rule_times.py's).
    with long_lived():
        saved = (load_mapped(name) if mapped else load_marshal(name)) if name else None
        if saved is not None:
            try:
                return restore(saved)
            except (TypeError, ValueError):
                pass
        value, packed = build()
    if name:
        if mapped:
            _save(name, packed)
        else:
            save_marshal(name, packed)
        head, _, number = prefix.rpartition("-")
        prune((head if head and number.isdigit() else prefix) + "-", keep=name)
    return value


# Derived files kept per family (a prefix without its format number): every reinstall of a
# package gives its file a new time, so each left one more file of a megabyte behind. The
# newest few stay: several environments (a development one, pre-commit's, CI's) share the
# folder, and with fewer kept, environments used in turn would push each other's tables out.
_KEEP_PER_FAMILY = 6


def prune(family: str, keep: str, count: int = _KEEP_PER_FAMILY) -> None:
    """Delete the files of a family (names starting with ``family``) but the newest ``count``,
    ``keep`` (the one just written) among them."""
    folder = cache_dir()
    try:
        with os.scandir(folder) as it:
            older = sorted(((e.stat().st_mtime_ns, e.name) for e in it
                            if e.name.startswith(family) and e.name.endswith((".marshal", ".bin")) and e.name != keep),
                           reverse=True)
        for _, name in older[count - 1 :]:
            os.unlink(os.path.join(folder, name))
    except OSError:
        pass  # another run pruned first, or a read-only folder: only space is lost
