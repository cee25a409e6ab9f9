"""Lint results remembered between runs, keyed like ruff's: file content, rules, version.

One cache file per working folder (``results-<hash of the folder>.marshal`` in the user cache),
holding for each file its size, modification time, content hash, the key of the rules it was
linted with, and its findings. A file is taken from the cache when its size and modification
time are unchanged, or when they changed but its content hash did not (a checkout that only
touched it), and its rules key is the same. The rules key covers each rule's id, kind, level,
scope, message, options and quote handling, the set of known rule ids, and copydesk's version
and code, so a configuration change relints exactly the files whose rules changed.

The file is read whole at the start and written whole, atomically, at the end: concurrent runs
never see half a file (the last one to finish wins), and a corrupt or foreign file is ignored.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import fields
from functools import lru_cache
from pathlib import Path

from . import __version__
from .cache_dir import load_marshal, save_marshal
from .findings import Finding
from .rules import Rule

_FORMAT = 1  # bump when the stored layout changes


@lru_cache(maxsize=1)
def _code_version() -> str:
    """copydesk's version plus its modules' sizes and times, so a development checkout whose
    code changed does not serve results of the old code."""
    package = Path(__file__).resolve().parent
    parts = [__version__]
    for path in sorted(package.rglob("*.py")):
        st = path.stat()
        parts.append(f"{path.relative_to(package)}:{st.st_size}:{st.st_mtime_ns}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def rules_key(rules: Sequence[Rule], known_rules: frozenset[str]) -> str:
    described = [
        (r.id, r.kind_name, r.level, r.scope, r.message, r.ignore_quotes,
         json.dumps(r.options, sort_keys=True, default=str),
         # a kind bound to run settings (the grammar rule: server, language, vocabulary) and
         # the ids of its own that were switched on or off
         getattr(r.kind, "cache_key", ""), sorted(r.muted_ids),
         None if r.only_ids is None else sorted(r.only_ids))
        for r in rules
    ]
    blob = json.dumps([_FORMAT, _code_version(), described, sorted(known_rules)])
    return hashlib.sha256(blob.encode()).hexdigest()[:32]


def content_hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


# Every field but the path: the display path is the one of this run, since the same file may
# be named differently ("./a.md", "a.md") from one run to the next.
_STORED = [f.name for f in fields(Finding)][1:]


def _pack(findings: Sequence[Finding]) -> list[tuple]:
    return [tuple(getattr(f, name) for name in _STORED) for f in findings]


def _unpack(rows: list[tuple], display: str) -> list[Finding]:
    return [Finding(display, *row) for row in rows]


class ResultCache:
    def __init__(self, folder: Path | None = None, workdir: Path | None = None) -> None:
        self.folder = folder
        where = str((workdir or Path.cwd()).resolve())
        self.name = f"results-{hashlib.sha256(where.encode()).hexdigest()[:16]}.marshal"
        self.entries: dict[str, tuple] = {}
        self.hits = 0
        self._dirty = False
        loaded = load_marshal(self.name, folder)
        if isinstance(loaded, dict) and loaded.get("format") == _FORMAT and isinstance(loaded.get("files"), dict):
            self.entries = loaded["files"]

    def lookup(self, path: str, key: str, data_or_stat) -> list[Finding] | None:
        """Findings for ``path`` if cached under ``key``. ``data_or_stat`` is an ``os.stat``
        result (fast path) or the file's bytes (content check)."""
        entry = self.entries.get(os.path.abspath(path))
        if not entry or entry[3] != key:
            return None
        size, mtime, digest, _key, rows = entry
        if isinstance(data_or_stat, bytes):
            if content_hash(data_or_stat) != digest:
                return None
        elif (data_or_stat.st_size, data_or_stat.st_mtime_ns) != (size, mtime):
            return None
        self.hits += 1
        return _unpack(rows, path)

    def store(self, path: str, key: str, digest: str, stat, findings: Sequence[Finding]) -> None:
        """Remember ``findings`` for ``path`` as it was when ``stat`` was taken (``digest``:
        :func:`content_hash` of the bytes linted)."""
        self.entries[os.path.abspath(path)] = (stat.st_size, stat.st_mtime_ns, digest, key, _pack(findings))
        self._dirty = True

    def save(self) -> None:
        if not self._dirty:
            return
        save_marshal(self.name, {"format": _FORMAT, "files": self.entries}, self.folder)

