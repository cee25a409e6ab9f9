"""Baselines: record today's findings so that ``check --baseline FILE`` reports only new ones.

A baseline is a JSON file, one entry per line so that its diffs review well::

    {
      "format": "copydesk-baseline",
      "version": 1,
      "entries": [
        {"path": "news/a.md", "rule": "repetition.word", "fingerprint": "9f…", "count": 2, "match": "the the"}
      ]
    }

An entry is a content fingerprint (``lint.fingerprint``: file, rule, matched text and the text
of its line, never a line number, so edits elsewhere in the file do not disturb it) with the
number of findings that share it. A finding is absorbed while its entry has count left: two
identical findings need a count of 2. Paths are relative to the baseline's folder, with '/',
so the file works from any cwd and on any machine. ``match`` is for the reader only.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .atomic import replace_file
from .document import Document
from .findings import Finding
from .fingerprint import content_fingerprint

DEFAULT_FILE = ".copydesk-baseline.json"
FORMAT = "copydesk-baseline"
VERSION = 1
_MATCH_CHARS = 80  # the informative "match" is cut: a repeated paragraph would bloat the file

Key = tuple[str, str]  # (path relative to the baseline's folder, fingerprint)


class BaselineError(Exception):
    """A baseline that cannot be read or written: one line, exit 2."""


@dataclass(frozen=True)
class Entry:
    path: str
    rule: str
    fingerprint: str
    count: int
    match: str = ""

    @property
    def key(self) -> Key:
        return (self.path, self.fingerprint)


def folder_of(baseline_path: Path | str) -> Path:
    """The folder baseline paths are relative to (the file's own, symlinks resolved)."""
    return Path(os.path.abspath(baseline_path)).parent.resolve()


def relative(root: Path, path: Path | None, display: str) -> str:
    """A linted file's name in the baseline: relative to ``root``, '/'-separated."""
    if path is None:
        return display
    target = path.resolve()
    try:
        return os.path.relpath(target, root).replace(os.sep, "/")
    except ValueError:  # another drive on Windows: no relative path exists
        return target.as_posix()


def _short(match: str) -> str:
    folded = " ".join(match.split())
    return folded if len(folded) <= _MATCH_CHARS else folded[: _MATCH_CHARS - 1] + "…"


# --- reading ---------------------------------------------------------------------------------

def _field(data: dict, name: str, kind: type, where: str) -> object:
    value = data.get(name)
    if not isinstance(value, kind) or isinstance(value, bool):
        raise BaselineError(f"{where}: '{name}' must be {'a string' if kind is str else 'an integer'}")
    return value


def load(path: Path | str) -> dict[Key, Entry]:
    """The entries of a baseline file, by key; identical keys (a hand merge) add their counts."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BaselineError(f"{path}: no such baseline; create it with 'copydesk baseline create'") from None
    except UnicodeDecodeError:
        raise BaselineError(f"{path}: not a copydesk baseline (not UTF-8 text)") from None
    except OSError as exc:
        raise BaselineError(f"{path}: cannot read: {exc.strerror or exc}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BaselineError(f"{path}: not a copydesk baseline (invalid JSON at line {exc.lineno}:"
                            f" {exc.msg})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BaselineError(f"{path}: not a copydesk baseline (no \"format\": \"{FORMAT}\")")
    if data.get("version") != VERSION:
        raise BaselineError(f"{path}: baseline version {data.get('version')!r} is not supported"
                            f" (this copydesk reads version {VERSION})")
    raw = data.get("entries")
    if not isinstance(raw, list):
        raise BaselineError(f"{path}: 'entries' must be a list")
    entries: dict[Key, Entry] = {}
    for n, item in enumerate(raw, 1):
        where = f"{path}: entry {n}"
        if not isinstance(item, dict):
            raise BaselineError(f"{where}: must be an object")
        count = _field(item, "count", int, where)
        if count < 1:
            raise BaselineError(f"{where}: 'count' must be at least 1")
        entry = Entry(_field(item, "path", str, where), _field(item, "rule", str, where),
                      _field(item, "fingerprint", str, where), count,
                      item.get("match") if isinstance(item.get("match"), str) else "")
        if entry.key in entries:
            entry = Entry(entry.path, entry.rule, entry.fingerprint, entries[entry.key].count + count, entry.match)
        entries[entry.key] = entry
    return entries


# --- writing ---------------------------------------------------------------------------------

def dumps(entries: list[Entry]) -> str:
    """Deterministic text: entries sorted, one per line, a final newline."""
    lines = [json.dumps({"path": e.path, "rule": e.rule, "fingerprint": e.fingerprint, "count": e.count,
                         "match": e.match}, ensure_ascii=False)
             for e in sorted(entries, key=lambda e: (e.path, e.rule, e.fingerprint))]
    body = ",\n    ".join(lines)
    entries_json = f"[\n    {body}\n  ]" if lines else "[]"
    return f'{{\n  "format": "{FORMAT}",\n  "version": {VERSION},\n  "entries": {entries_json}\n}}\n'


def write(path: Path | str, entries: list[Entry]) -> None:
    """Replace the baseline atomically: a reader sees the old file or the new one, never half."""
    try:
        replace_file(path, dumps(entries).encode("utf-8"))
    except OSError as exc:
        raise BaselineError(f"{path}: cannot write: {exc.strerror or exc}") from None


# --- Run filters -----------------------------------------------------------------------------

class Recorder:
    """Run filter for ``baseline create``: counts every finding by fingerprint, reports none."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.counts: Counter[Key] = Counter()
        self.rules: dict[Key, tuple[str, str]] = {}
        self.files: set[str] = set()

    def __call__(self, display: str, path: Path | None, doc: Document, findings: list[Finding]) -> list[Finding]:
        rel = relative(self.root, path, display)
        for f in findings:
            key = (rel, content_fingerprint(rel, doc, f))
            self.counts[key] += 1
            self.rules.setdefault(key, (f.rule, _short(f.match)))
            self.files.add(rel)
        return []

    def entries(self) -> list[Entry]:
        return [Entry(k[0], self.rules[k][0], k[1], n, self.rules[k][1]) for k, n in self.counts.items()]


class Matcher:
    """Run filter for ``check --baseline``: drops findings the baseline still has count for.

    Findings are absorbed in file order, so when a file has one more copy of a baselined
    finding than its count, the last copy is the one reported. It must see every finding of a
    file (run it before filters that drop some), or the unseen ones would look stale.
    """

    def __init__(self, baseline_path: Path | str, entries: dict[Key, Entry]) -> None:
        self.path = Path(baseline_path)
        self.root = folder_of(baseline_path)
        self.entries = entries
        self.left: dict[Key, int] = {k: e.count for k, e in entries.items()}
        self.linted: set[str] = set()

    @classmethod
    def load(cls, baseline_path: Path | str) -> Matcher:
        return cls(baseline_path, load(baseline_path))

    def __call__(self, display: str, path: Path | None, doc: Document, findings: list[Finding]) -> list[Finding]:
        rel = relative(self.root, path, display)
        self.linted.add(rel)
        new = []
        for f in findings:
            key = (rel, content_fingerprint(rel, doc, f))
            if self.left.get(key, 0) > 0:
                self.left[key] -= 1
            else:
                new.append(f)
        return new

    def stale(self) -> dict[Key, int]:
        """Baselined findings not found again: in a linted file, or in a file that is gone.

        Files that exist but were not linted this run (other paths, excluded) say nothing.
        """
        gone: dict[str, bool] = {}
        out = {}
        for key, left in self.left.items():
            if not left:
                continue
            rel = key[0]
            if rel not in self.linted:
                if rel not in gone:
                    gone[rel] = not (self.root / rel).exists()
                if not gone[rel]:
                    continue
            out[key] = left
        return out

    def pruned(self) -> list[Entry]:
        """The entries with their stale findings taken out (entries left at 0 are dropped)."""
        stale = self.stale()
        out = []
        for key, e in self.entries.items():
            count = e.count - stale.get(key, 0)
            if count > 0:
                out.append(Entry(e.path, e.rule, e.fingerprint, count, e.match))
        return out
