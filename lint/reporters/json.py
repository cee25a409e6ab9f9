"""``json``: one array of finding objects (see the README for the fields).

The text is exactly what ``json.dump(items, ensure_ascii=False, indent=2)`` writes, but each
object is put together from its values' encodings: given an indent, json uses its pure-Python
encoder, which took a third of a warm run over a corpus. Strings go through json's own string
encoder (its C one), anything but strings, whole numbers, booleans and null through json itself,
so escaping and number formats are json's (tests compare the two on random findings).
"""

from __future__ import annotations

from typing import Any

try:  # what json.dumps(..., ensure_ascii=False) uses for strings: json's C encoder, taken from
    # its C module, since importing json (its decoder compiles patterns) costs a warm run 1 ms
    from _json import encode_basestring
except ImportError:  # pragma: no cover - not CPython
    from json.encoder import encode_basestring

from . import Reporter, Summary

FIELDS = ("path", "line", "column", "end_line", "end_column", "start", "end", "rule", "level",
          "message", "match", "replacement", "fix")

_INDENT = "  "
# Each field's key as the second level of the array writes it.
_KEYS = tuple((name, f"{_INDENT * 2}{encode_basestring(name)}: ") for name in FIELDS)


def _string(value: str) -> str:
    if len(value) > 100 and value.isprintable():
        # No control character: json would escape only quotes and backslashes, which two
        # replacements do faster than its encoder, on the long text of paragraph findings.
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return encode_basestring(value)


def encode(value: Any, depth: int) -> str:
    """``value`` as json.dumps with ``indent=2`` writes it ``depth`` levels down."""
    if value is None:
        return "null"
    kind = type(value)
    if kind is str:
        return _string(value)
    if kind is int:
        return int.__repr__(value)
    if kind is bool:
        return "true" if value else "false"
    # An object (a fix) or anything unusual: json's own text, moved to its depth (with an
    # indent, json writes line breaks only between items: strings escape theirs).
    import json  # noqa: PLC0415 - only for findings with a fix or unusual values

    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + _INDENT * depth)


def encode_object(data: dict[str, Any]) -> str:
    """A finding's object as the first level of the array."""
    fields = ",\n".join(f"{key}{encode(data[name], 2)}" for name, key in _KEYS)
    return f"{_INDENT}{{\n{fields}\n{_INDENT}}}"


# encode_object's text with a slot per value, for the usual finding: strings, whole numbers,
# no replacement and no fix.
_USUAL = f"{_INDENT}{{\n" + ",\n".join(f"{key}%s" for _, key in _KEYS) + f"\n{_INDENT}}}"


def encode_finding(f: Any) -> str:
    """``encode_object(f.to_dict())``, put together at once for the usual finding (thousands
    in a warm run's report)."""
    if _usual(f):
        return _usual_text(f, _string(f.path), _string(f.rule), _string(f.level))
    return encode_object(f.to_dict())


def _usual_text(f: Any, path: str, rule: str, level: str) -> str:
    """``_USUAL`` filled with ``f``, its path, rule id and level given already encoded."""
    return _USUAL % (path, f.line, f.column, f.end_line, f.end_column, f.start, f.end, rule, level,
                     _string(f.message), _string(f.match), "null", "null")


def _usual(f: Any) -> bool:
    """Whether ``_USUAL`` holds ``f``: no replacement or fix, whole numbers and strings."""
    return (f.fix is None and f.replacement is None
            and int is type(f.line) is type(f.column) is type(f.end_line) is type(f.end_column) is type(f.start)
            is type(f.end)
            and str is type(f.path) is type(f.rule) is type(f.level) is type(f.message) is type(f.match))


class JsonReporter(Reporter):
    name = "json"
    # Its output follows from the files' names, findings and options alone, and it writes
    # nothing before the first file: a run's report may be kept and written again
    # (lint/result_replay.py).
    replayable = True

    def start(self) -> None:
        self._items: list[str] = []
        # Paths, rule ids and levels, each encoded once: a file's findings share a path, and a
        # run has a few rules and levels but thousands of findings.
        self._names: dict[str, str] = {}

    def file(self, path, doc, findings) -> None:
        names = self._names
        add = self._items.append
        for f in findings:
            if not _usual(f):
                add(encode_finding(f))
                continue
            p, r, lv = names.get(f.path), names.get(f.rule), names.get(f.level)
            if p is None:
                p = names[f.path] = _string(f.path)
            if r is None:
                r = names[f.rule] = _string(f.rule)
            if lv is None:
                lv = names[f.level] = _string(f.level)
            add(_usual_text(f, p, r, lv))

    def finish(self, summary: Summary) -> None:
        if not self._items:
            self.stream.write("[]\n")
            return
        # One write per object: most are ASCII, which the stream encodes by copying, where one
        # joined text holding a single accented letter is encoded character by character.
        write = self.stream.write
        write("[\n")
        write(self._items[0])
        for item in self._items[1:]:
            write(",\n" + item)
        write("\n]\n")
