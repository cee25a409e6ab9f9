"""Lint results remembered between runs, keyed like ruff's: file content, rules, version.

One cache file per working folder (``results-<checksum of the folder>.bin`` in the user cache),
holding for each file its size, modification time and inode, content hash, the key of the rules
it was linted with, and its findings with the lines they are on (lint/lazy_document.py: a warm
run shows them without reading the file). A file's findings are decoded only when it is looked
up, and a run that relinted one file rewrites little else (lint/result_file.py).

A file is taken from the cache when its size, modification time and inode are unchanged, or
when they changed but its content hash did not (a checkout that only touched it), and its rules
key is the same. The rules key covers each rule's id, kind, level, scope, message, options and
quote handling, the set of known rule ids, and copydesk's version and code, so a configuration
change relints exactly the files whose rules changed. Which key a description of the rules'
inputs gave is remembered too (``rule_keys``, see lint/rules_memo.py), so a warm run need not
build the rules to know it.

The file is read at the start and replaced whole, atomically, at the end: concurrent runs never
see half a file (the last one to finish wins), and a corrupt or foreign file is ignored.
"""

from __future__ import annotations

import marshal
import os
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from . import __version__, result_file
from .cache_dir import cache_dir
from .findings import Finding

_FORMAT = result_file.FORMAT
_KEPT_SIGNATURES = 16  # descriptions of rule inputs remembered (recent first to go last)
# Files relinted in a run up to which their entries go to the cache file's journal rather than
# the file being written again (a pre-commit hook's edited articles; see lint/result_file.py).
_JOURNALLED = 64

_code: str | None = None


def _code_version() -> str:
    """copydesk's version plus its modules' sizes and times, so a development checkout whose
    code changed does not serve results of the old code (a walk of the package: 60 stats)."""
    global _code
    if _code is None:
        package = os.path.dirname(os.path.realpath(__file__))
        found = []
        pending = [""]
        while pending:
            rel = pending.pop()
            with os.scandir(os.path.join(package, rel)) as it:
                for entry in it:
                    if entry.name.endswith(".py"):
                        st = entry.stat()
                        found.append(f"{rel}{entry.name}:{st.st_size}:{st.st_mtime_ns}")
                    elif entry.name != "__pycache__" and entry.is_dir(follow_symlinks=False):
                        pending.append(f"{rel}{entry.name}/")
        _code = "\n".join([__version__, *sorted(found)])
    return _code


def rules_key(rules: Sequence[Any], known_rules: frozenset[str]) -> str:
    import hashlib  # noqa: PLC0415 - OpenSSL: 2 ms a warm run does without (see rules_memo)
    import json  # noqa: PLC0415

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
    from .digest import blake2b  # noqa: PLC0415 - not hashlib, see lint/digest.py

    return blake2b(data, digest_size=16).hexdigest()


# Every field but the path: the display path is the one of this run, since the same file may
# be named differently ("./a.md", "a.md") from one run to the next.
_STORED = Finding._fields[1:]


def _pack(findings: Sequence[Finding]) -> list[tuple]:
    return [tuple(getattr(f, name) for name in _STORED) for f in findings]


def _stamp(st: os.stat_result) -> tuple[int, int, int]:
    return st.st_size, st.st_mtime_ns, st.st_ino


class ResultCache:
    def __init__(self, folder: Path | None = None, workdir: Path | None = None) -> None:
        self.folder = folder
        where = os.path.realpath(workdir if workdir is not None else os.getcwd()).encode()
        # A checksum names the file: two folders sharing one would only share its entries,
        # which are keyed by absolute path.
        self.name = f"results-{zlib.crc32(where):08x}{zlib.adler32(where):08x}.bin"
        self._contents = result_file.read(self._path())
        # absolute path -> (size, mtime_ns, inode, digest, rules key, findings), the findings
        # marshalled ((finding rows, line contexts)) or where the file holds them
        self.entries: dict[str, tuple] = self._contents.files
        # description of the rules' inputs -> {file ("" for all files) -> rules key}
        self.rule_keys: dict[str, dict[str, str]] = self._contents.rules
        self.hits = 0
        self._dirty = False
        # What this run changed, for the journal (see lint/result_file.py).
        self._stored: set[str] = set()
        self._remembered: set[str] = set()
        self._folders: dict[str, str] = {}

    def _path(self) -> str:
        return os.path.join(self.folder or cache_dir(), self.name)

    def abspath(self, path: str) -> str:
        """``os.path.abspath(path)``, normalising each folder once: a warm run looks up
        thousands of files in a few folders, and abspath asks the system for the working
        folder every time."""
        folder, sep, name = path.rpartition(os.sep)
        if not name or name in (".", "..") or os.altsep:
            return os.path.abspath(path)
        base = self._folders.get(folder + sep)
        if base is None:
            base = os.path.abspath(folder + sep)
            base = self._folders[folder + sep] = base if base.endswith(os.sep) else base + os.sep
        return base + name

    def entry(self, path: str) -> tuple | None:
        """What the cache holds for ``path``, valid or not, for :meth:`findings`."""
        return self.entries.get(self.abspath(path))

    def findings(self, entry: tuple | None, path: str, key: str, data_or_stat) -> tuple[list[Finding], dict] | None:
        """The findings of ``entry`` (for ``path``) and their line contexts if it holds them
        for rules ``key`` and the file as it is: ``data_or_stat`` is an ``os.stat`` result
        (fast path) or the file's bytes (content check)."""
        if not entry or entry[4] != key:
            return None
        if isinstance(data_or_stat, bytes):
            if content_hash(data_or_stat) != entry[3]:
                return None
        elif not self.holds(entry, data_or_stat):
            return None
        return self.decode(entry, path)

    @staticmethod
    def holds(entry: tuple, st: os.stat_result) -> bool:
        """Whether ``entry`` was stored for the file ``os.stat`` describes as ``st``: same size,
        time and inode (``_stamp(st) == entry[:3]``, without the tuples: a warm run asks this
        of thousands of files)."""
        return st.st_size == entry[0] and st.st_mtime_ns == entry[1] and st.st_ino == entry[2]

    def decode(self, entry: tuple, path: str) -> tuple[list[Finding], dict] | None:
        """The findings of ``entry``, known to hold ``path`` as it is, and their line contexts;
        None when they do not decode."""
        where = entry[5]
        if not where:  # no findings (most files)
            self.hits += 1
            return [], {}
        try:
            rows, contexts = marshal.loads(where if isinstance(where, bytes) else self._contents.findings(where))
            found = [Finding(path, *row) for row in rows]
        except (EOFError, ValueError, TypeError):  # a damaged entry: lint the file again
            return None
        self.hits += 1
        return found, contexts

    def find(self, path: str, key: str, data_or_stat) -> tuple[list[Finding], dict] | None:
        """:meth:`findings` of ``path``'s entry."""
        return self.findings(self.entry(path), path, key, data_or_stat)

    def lookup(self, path: str, key: str, data_or_stat) -> list[Finding] | None:
        """:meth:`find` without the line contexts."""
        found = self.find(path, key, data_or_stat)
        return None if found is None else found[0]

    def store(self, path: str, key: str, digest: str, stat, findings: Sequence[Finding],
              contexts: dict | None = None) -> None:
        """Remember ``findings`` for ``path`` as it was when ``stat`` was taken (``digest``:
        :func:`content_hash` of the bytes linted; ``contexts``: their lines, see
        lint/lazy_document.py)."""
        try:
            found = marshal.dumps((_pack(findings), contexts or {})) if findings else b""
        except ValueError:  # a value marshal refuses (a plug-in's finding): not remembered
            return
        where = self.abspath(path)
        self._contents.replaced(self.entries.get(where))
        self.entries[where] = (*_stamp(stat), digest, key, found)
        self._stored.add(where)
        self._dirty = True

    # -- rules keys by their inputs (lint/rules_memo.py) ---------------------------------------

    def rules_key_for(self, signature: str, file: str) -> str | None:
        known = self.rule_keys.get(signature)
        return None if known is None else known.get(file)

    def remember_rules_key(self, signature: str, file: str, key: str) -> None:
        known = self.rule_keys.pop(signature, None) or {}
        known[file] = key
        self.rule_keys[signature] = known  # last: the most recently added is kept longest
        while len(self.rule_keys) > _KEPT_SIGNATURES:
            del self.rule_keys[next(iter(self.rule_keys))]
        self._remembered.add(signature)
        self._dirty = True

    def save(self) -> None:
        """Write what changed: a few entries to the cache file's journal, more by writing the
        file again (lint/result_file.py). A cache that cannot be written only costs the next
        run time."""
        if not self._dirty:
            return
        try:
            os.makedirs(self.folder or cache_dir(), exist_ok=True)
            if not (len(self._stored) <= _JOURNALLED
                    and result_file.append(self._path(), self._contents, self._stored, self._remembered)):
                self._contents = result_file.write(self._path(), self._contents)
        except (OSError, ValueError):
            return
        self.entries, self._dirty = self._contents.files, False
        self._stored, self._remembered = set(), set()
