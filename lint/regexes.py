"""Regular expressions compiled once per machine instead of once per process.

``re.compile`` parses and translates a pattern in pure Python; copydesk compiles about 130
patterns (its rules' phrase lists among them, one of 10,000 characters), about 30 ms of every
run, most of a pre-commit hook's time on one article. The last step, ``_sre.compile``, is C and
takes the translated program: that program (a list of ints, plus group names) is what this
module remembers, in the user cache, keyed by pattern and flags. The cache file's name holds the
exact Python build and the regex engine's magic number and code size, so another interpreter
never reads it; ``_sre`` also validates every program it is given. Anything unexpected (another
Python's internals, a damaged file) falls back to ``re.compile``.
"""

from __future__ import annotations

import atexit
import re
import sys
import zlib
from array import array
from collections.abc import Callable, Sequence
from typing import Any

from .cache_dir import load_marshal, save_marshal

try:  # the regex engine's own steps: Python 3.11+, then 3.10
    import _sre
    from re import _compiler, _parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10
    try:
        import _sre
        import sre_compile as _compiler
        import sre_parse as _parser
    except ImportError:
        _sre = None

# What the programs depend on: they are only read back by exactly this build of Python.
_BUILD = f"{sys.version}|{getattr(_sre, 'MAGIC', '')}|{getattr(_sre, 'CODESIZE', '')}|{getattr(_sre, 'MAXREPEAT', '')}"
# A program is kept as the bytes of an array of code words: loading bytes is a copy, where a
# list of ints is one object per word (1.3 MB took 4 ms, now under 1).
_WORD = next((t for t in "IL" if array(t).itemsize == getattr(_sre, "CODESIZE", 4)), "I")
# Patterns come from copydesk's modules and rule files, a few hundred; more means something
# (a plug-in, a configuration that changes often) adds new ones at every run: the table then
# keeps only what this process used.
_MAX_ENTRIES = 2000

_table: dict[tuple[str, int], Any] | None = None
_used: set[tuple[str, int]] = set()
_dirty = False


def _file_name() -> str:
    return f"regexes-{zlib.crc32(_BUILD.encode()):08x}.marshal"


def _load() -> dict[tuple[str, int], Any]:
    global _table
    if _table is None:
        saved = load_marshal(_file_name())
        ok = isinstance(saved, dict) and saved.get("build") == _BUILD and isinstance(saved.get("table"), dict)
        _table = saved["table"] if ok else {}
    return _table


def _save() -> None:
    global _dirty
    if _dirty and _table is not None:
        table = _table if len(_table) <= _MAX_ENTRIES else {k: v for k, v in _table.items() if k in _used}
        save_marshal(_file_name(), {"build": _BUILD, "table": table})
        _dirty = False


def _program(pattern: str, flags: int) -> tuple:
    """What ``_sre.compile`` takes after the pattern, as ``re``'s own compiler builds it."""
    parsed = _parser.parse(pattern, flags)
    code = _compiler._code(parsed, flags)  # noqa: SLF001 - see the module docstring
    groupindex = dict(parsed.state.groupdict)
    indexgroup = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    return (int(flags | parsed.state.flags), array(_WORD, code).tobytes(), parsed.state.groups - 1, groupindex,
            tuple(indexgroup))


def _mark_dirty() -> None:
    global _dirty
    if not _dirty:
        _dirty = True
        atexit.register(_save)  # one write per process, after everything was compiled


def compiled_from(parts: Sequence[str], build: Callable[[Sequence[str]], str],
                  flags: int | re.RegexFlag = 0) -> re.Pattern[str]:
    """The pattern ``build(parts)`` compiled, where even writing the pattern out costs time (a
    trie of hundreds of phrases: 8 ms): the pattern is remembered under a digest of ``parts``."""
    from .digest import blake2b  # noqa: PLC0415 - not hashlib: see lint/digest.py

    table = _load()
    digest = blake2b("\x00".join(parts).encode(), digest_size=16).hexdigest()
    key = (f"#{build.__module__}.{build.__qualname__}:{digest}", int(flags))
    pattern = table.get(key)
    if not isinstance(pattern, str):
        pattern = table[key] = build(parts)
        _mark_dirty()
    _used.add(key)
    return compiled(pattern, flags)


def compiled(pattern: str, flags: int | re.RegexFlag = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, from the remembered program when there is one."""
    flags = int(flags)
    if _sre is None or not isinstance(pattern, str):
        return re.compile(pattern, flags)
    table = _load()
    key = (pattern, flags)
    known: Any = table.get(key)
    if known is not None:
        _used.add(key)
        try:
            flags_, code, groups, groupindex, indexgroup = known
            return _sre.compile(pattern, flags_, array(_WORD, code).tolist(), groups, groupindex, indexgroup)
        except Exception:  # noqa: BLE001 - a damaged entry: compile afresh below
            pass
    result = re.compile(pattern, flags)  # raises re.error for a bad pattern, as usual
    try:
        program = _program(pattern, flags)
    except Exception:  # noqa: BLE001 - another Python's internals: just do not remember
        return result
    table[key] = program
    _used.add(key)
    _mark_dirty()
    return result
