"""The report of a run whose every file came from the result cache, kept and written again.

A warm run over an unchanged corpus takes each file's findings from the result cache, so its
report is, byte for byte, the last such run's. Decoding thousands of files' findings and
encoding the report again was most of that run (30 ms of 80 over the 2,225 BBC articles): the
output is kept beside the result cache, under a key of everything it follows from, and a run
with the same key writes it again, decoding nothing. The key:

- copydesk's code (its version, its modules' sizes and times: the reporters' code);
- each reporter's class and options (only reporters whose output follows from the files'
  findings, their names and these options, marked ``replayable``: json, jsonl, text and the
  summary line; not those that read the rules, the repository root or the terminal);
- every file as named, in order, with its cache entry (size, time, inode, content hash, rules
  key) and the rank of its fail level, and the input errors noticed before them (a missing
  path).

A run that rewrites files, filters findings (--changed-since, --baseline), reads standard
input or draws progress keeps and replays nothing, nor does one with a file the cache does not
hold as it is, or with fewer than ``lint.runner.REPLAY_FILES`` files (a pre-commit hook's few
articles decode as fast as a report loads). One report is kept per command (the paths given
and the reporters) in each working folder, the last run's; a damaged or foreign copy is
ignored.
"""

from __future__ import annotations

import codecs
import io
import marshal
import os
import zlib
from typing import Any

from .cache_dir import load_marshal, save_marshal
from .digest import blake2b

_FORMAT = 1


class _Recorder:
    """A reporter's stream that also records what is written to it."""

    def __init__(self, stream: Any, index: int, events: list) -> None:
        self._stream = stream
        self._index = index
        self._events = events

    def write(self, text: str) -> int:
        self._events.append((self._index, text))
        return self._stream.write(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _parts(reporter: Any) -> list | None:
    """The reporters behind ``reporter`` (a Tee's), if each may be replayed; else None."""
    kind = type(reporter)
    parts = list(reporter.reporters) if (kind.__module__, kind.__qualname__) == ("lint.reporters.tee", "Tee") else [reporter]
    if all(type(p).__dict__.get("replayable") is True and hasattr(p, "stream") for p in parts):
        return parts
    return None


class Replay:
    """A run's report, kept and replayed (see the module docstring)."""

    def __init__(self, run: Any, parts: list, paths: list[str]) -> None:
        self.run = run
        self.parts = parts
        self.events: list[tuple[int, str]] = []
        cache = run.cache
        self.folder = cache.folder
        # One kept report per command (paths and reporters) in a working folder: two folders
        # linted in turn, or other formats, do not take each other's place.
        command = repr((paths, [(type(p).__module__, type(p).__qualname__) for p in parts])).encode()
        self.name = (f"report-{cache.name.removeprefix('results-').removesuffix('.bin')}-"
                     f"{zlib.crc32(command):08x}.marshal")
        self.errors = 0  # input errors noticed while the files were listed (a missing path)

    @classmethod
    def of(cls, run: Any, paths: list[str]) -> Replay | None:
        """A replay for ``run``, or None when its report cannot be kept (see the module
        docstring)."""
        if (run.cache is None or run.rewrite is not None or run.filters or run.wanted is not None
                or run.progress is not None or "-" in paths):
            return None
        parts = _parts(run.reporter)
        return cls(run, parts, paths) if parts is not None else None

    def _key(self, files: list[str], entries: list[tuple | None]) -> str | None:
        if any(e is None for e in entries):
            return None
        from .result_cache import _code_version  # noqa: PLC0415 - loaded with the cache

        rank = self.run._fail_rank_of  # noqa: SLF001 - the run's own fail level per file
        described = (_FORMAT, _code_version(), self.errors,
                     [(type(p).__module__, type(p).__qualname__, p.options.show_source, p.options.color)
                      for p in self.parts],
                     files, [e[:5] for e in entries], [rank(d) for d in files])
        # marshal's version 0 writes equal values as equal bytes (later versions mark shared
        # objects, which depend on how the values were made)
        return blake2b(marshal.dumps(described, 0), digest_size=16).hexdigest()

    def replayed(self, files: list[str], entries: list[tuple | None]) -> bool:
        """Write the kept report if ``files``, with their cache ``entries`` (all valid for the
        files as they are), give its key; else start recording this run's."""
        self.errors = self.run.summary.errors
        key = self._key(files, entries) if files else None
        saved = load_marshal(self.name, self.folder) if key is not None else None
        if _sound(saved, key, len(files), len(self.parts)):
            for index, data in saved[1]:
                _write(self.parts[index].stream, data)
            summary = self.run.summary
            summary.files += len(files)
            summary.cached += len(files)
            for level, n in saved[2].items():
                summary.levels[level] += n
            self.run.failed = saved[3]
            return True
        for index, part in enumerate(self.parts):
            part.stream = _Recorder(part.stream, index, self.events)
        return False

    def keep(self, files: list[str], entries: list[tuple | None]) -> None:
        """Keep what this run wrote, if every file is in the cache as it was linted and the run
        noticed nothing about them (an unreadable or binary file, a rule that could not run)."""
        run = self.run
        if run.summary.errors != self.errors or run.summary.skipped or not files:
            return
        key = self._key(files, entries)
        if key is None:
            return
        runs: list[tuple[int, list[str]]] = []  # what one stream got in a row, written at once
        for index, text in self.events:
            if runs and runs[-1][0] == index:
                runs[-1][1].append(text)
            else:
                runs.append((index, [text]))
        try:
            events = [(index, "".join(texts).encode("utf-8")) for index, texts in runs]
        except UnicodeEncodeError:  # a lone surrogate: the stream's own error handling decides
            return
        save_marshal(self.name, (key, events, dict(run.summary.levels), run.failed, len(files)), self.folder)


def _sound(saved: Any, key: str | None, files: int, parts: int) -> bool:
    """Whether ``saved`` is a kept report for ``key``, whole (checked before anything of it is
    written)."""
    return (key is not None and isinstance(saved, tuple) and len(saved) == 5 and saved[0] == key
            and saved[4] == files and isinstance(saved[3], bool)
            and isinstance(saved[2], dict) and all(isinstance(n, int) for n in saved[2].values())
            and isinstance(saved[1], list)
            and all(isinstance(e, tuple) and len(e) == 2 and e[0] in range(parts) and isinstance(e[1], bytes)
                    for e in saved[1]))


def _write(stream: Any, data: bytes) -> None:
    """Write text kept as UTF-8 to ``stream``: as it is to the bytes under a UTF-8 text stream
    that writes line breaks as they are (decoding and encoding a report of megabytes again
    took longer than the rest of the run), else decoded."""
    if (isinstance(stream, io.TextIOWrapper) and os.linesep == "\n"
            and codecs.lookup(stream.encoding).name == "utf-8"):
        stream.flush()
        stream.buffer.write(data)
    else:
        stream.write(data.decode("utf-8"))
