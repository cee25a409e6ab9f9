"""The result cache's file (lint/result_cache.py): an index, then every file's findings.

Layout: a header line, the index's length (8 bytes, big-endian), the index, the findings part.
The index (marshal) maps each file's absolute path to its entry, whose last item places its
findings (marshalled too) in the findings part as ``(offset, length)``, or is ``b""`` for none.
Reading decodes the index and maps the findings part into memory: a file's findings are decoded
only when that file is looked up, and a pre-commit run looks up one of thousands.

Writing keeps the findings part as it is and appends the findings stored since, so a run that
relinted one article writes that article's findings and copies the rest, decoding nothing.
What the appended entries replace stays behind as garbage, counted in the index; once it is
half the part, the file is written afresh in index order. The new file replaces the old one at
once (lint/atomic.py), unforced to disk: a file a crash damaged fails the header, index or size
check and is ignored, and an entry whose findings do not decode is linted again.
"""

from __future__ import annotations

import marshal
import os
from typing import Any

from .atomic import replace_file

FORMAT = 3  # bump when the layout changes
_HEAD = b"copydesk result cache %d\n" % FORMAT


class Contents:
    """A cache file's contents: ``files`` (path -> entry, its last item ``b""``, marshalled
    findings not yet written, or ``(offset, length)`` in ``part``), ``rules`` (see
    lint/rules_memo.py), the findings part (mapped) and the garbage in it."""

    def __init__(self, files: dict | None = None, rules: dict | None = None, part: Any = b"",
                 garbage: int = 0) -> None:
        self.files: dict[str, tuple] = files if files is not None else {}
        self.rules: dict[str, dict[str, str]] = rules if rules is not None else {}
        self.part = part
        self.garbage = garbage

    def findings(self, where: Any) -> bytes | memoryview:
        """The marshalled findings an entry's last item names (a view of the mapped file:
        marshal reads it where it is)."""
        if isinstance(where, bytes):
            return where
        offset, length = where
        return self.part[offset: offset + length]

    def replaced(self, old_entry: tuple | None) -> None:
        """An entry was replaced: its findings in the part, if any, are garbage now."""
        if old_entry is not None and not isinstance(old_entry[5], bytes):
            self.garbage += old_entry[5][1]


def read(path: str) -> Contents:
    """The contents of ``path``; empty ones for a missing, damaged or foreign file."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(len(_HEAD) + 8)
            if len(head) != len(_HEAD) + 8 or not head.startswith(_HEAD):
                return Contents()
            index = marshal.loads(fh.read(int.from_bytes(head[len(_HEAD):], "big")))
            if not (isinstance(index, dict) and isinstance(index.get("files"), dict)
                    and isinstance(index.get("rules"), dict) and isinstance(index.get("garbage"), int)):
                return Contents()
            start = fh.tell()
            if os.fstat(fh.fileno()).st_size - start != index.get("part"):
                return Contents()  # cut short (or grown): offsets cannot be trusted
            part: Any = b""
            if index["part"]:
                import mmap  # noqa: PLC0415 - only with findings to map

                part = memoryview(mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ))[start:]
    except (OSError, EOFError, ValueError, TypeError):
        return Contents()
    return Contents(index["files"], index["rules"], part, index["garbage"])


def write(path: str, contents: Contents) -> Contents:
    """Write ``contents`` to ``path``, and return contents equal to them that stay valid in
    memory. Raises OSError, or ValueError for a value marshal refuses."""
    part = contents.part
    pending = sum(len(e[5]) for e in contents.files.values() if isinstance(e[5], bytes))
    # Windows cannot replace a file that is mapped: the part is copied out first.
    if os.name == "nt" or contents.garbage * 2 > len(part) + pending:
        return _write_afresh(path, contents)
    files = dict(contents.files)
    offset = len(part)
    chunks: list[Any] = [part]
    for name, entry in contents.files.items():
        found = entry[5]
        if found and isinstance(found, bytes):
            files[name] = (*entry[:5], (offset, len(found)))
            chunks.append(found)
            offset += len(found)
    _replace(path, files, contents.rules, contents.garbage, chunks, offset)
    return contents  # what is still in memory is read from there


def _write_afresh(path: str, contents: Contents) -> Contents:
    files, part = _compacted(contents)
    contents.part = b""  # the old file's mapping, released before the file is replaced
    _replace(path, files, contents.rules, 0, [part], len(part))
    return Contents(files, contents.rules, memoryview(part), 0)


def _compacted(contents: Contents) -> tuple[dict[str, tuple], bytes]:
    """The entries and findings part of a file written afresh, in index order (the views of
    the old file end with this call)."""
    files: dict[str, tuple] = {}
    chunks: list[Any] = []
    offset = 0
    for name, entry in contents.files.items():
        found = contents.findings(entry[5])
        if found:
            files[name] = (*entry[:5], (offset, len(found)))
            chunks.append(found)
            offset += len(found)
        else:
            files[name] = entry
    return files, b"".join(chunks)


def _replace(path: str, files: dict, rules: dict, garbage: int, chunks: list, size: int) -> None:
    index = marshal.dumps({"files": files, "rules": rules, "garbage": garbage, "part": size})
    replace_file(path, [_HEAD, len(index).to_bytes(8, "big"), index, *chunks], durable=False)
