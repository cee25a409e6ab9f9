"""The result cache's file (lint/result_cache.py): an index, then every file's findings, and a
journal of what later runs changed.

Layout: a header line, the index's length (8 bytes, big-endian), the index, the findings part.
The index (marshal) maps each file's absolute path to its entry, whose last item places its
findings (marshalled too) in the findings part as ``(offset, length)``, or is ``b""`` for none.
Reading decodes the index and maps the findings part into memory: a file's findings are decoded
only when that file is looked up, and a pre-commit run looks up one of thousands.

A run that changed a few entries (a pre-commit hook relinting the edited articles) appends
them, findings included, to the journal beside the file (``<file>.journal``) instead of
writing the file again, which copied megabytes to store one article's findings. Each record
is a magic number, its length, its CRC-32 and the marshalled entries; reading applies the
records in order on top of the index and stops at the first one that is cut short or damaged
(a crash, two runs appending at once): those entries are linted again. Records are appended
with one ``write`` in append mode, and an entry is only ever checked against the file it
describes, so a record written against an older index is still right.

Once the journal passes ``_JOURNAL_LIMIT``, or a run changed many entries, the file is written
again with everything in it and the journal removed. Writing keeps the findings part as it is
and appends the findings stored since, so a run that relinted a few articles writes their
findings and copies the rest, decoding nothing. What the appended entries replace stays behind
as garbage, counted in the index; once it is half the part, the file is written afresh in
index order. The new file replaces the old one at once (lint/atomic.py), unforced to disk: a
file a crash damaged fails the header, index or size check and is ignored, and an entry whose
findings do not decode is linted again.
"""

from __future__ import annotations

import marshal
import os
import zlib
from typing import Any

FORMAT = 3  # bump when the layout changes
_HEAD = b"copydesk result cache %d\n" % FORMAT
JOURNAL = ".journal"  # the journal's name: the file's, plus this
_RECORD = b"cdj%d" % FORMAT  # each journal record's magic number (4 bytes)
# Journal bytes after which the next save writes the whole file again (and the journal goes):
# reading it back costs every run a little; writing the file, one run a few milliseconds.
_JOURNAL_LIMIT = 256 * 1024


class Contents:
    """A cache file's contents: ``files`` (path -> entry, its last item ``b""``, marshalled
    findings not yet written, or ``(offset, length)`` in ``part``), ``rules`` (see
    lint/rules_memo.py), the findings part (mapped) and the garbage in it."""

    def __init__(self, files: dict | None = None, rules: dict | None = None, part: Any = b"",
                 garbage: int = 0, indexed: bool = False) -> None:
        self.files: dict[str, tuple] = files if files is not None else {}
        self.rules: dict[str, dict[str, str]] = rules if rules is not None else {}
        self.part = part
        self.garbage = garbage
        self.indexed = indexed  # whether the file itself was read (else the journal is not used)
        self.journal = 0  # bytes of the journal read (its valid records)
        self.damaged = False  # whether the journal holds more, which could not be read

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
    """The contents of ``path`` and its journal; empty ones for a missing, damaged or foreign
    file."""
    contents = _read_file(path)
    if contents.indexed:
        _replay(path + JOURNAL, contents)
    return contents


def _read_file(path: str) -> Contents:
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
    return Contents(index["files"], index["rules"], part, index["garbage"], indexed=True)


def _replay(journal: str, contents: Contents) -> None:
    """Apply the journal's records to ``contents``, up to the first incomplete or damaged one."""
    try:
        with open(journal, "rb") as fh:
            data = fh.read()
    except OSError:
        return
    pos = 0
    while pos + 12 <= len(data) and data[pos:pos + 4] == _RECORD:
        length = int.from_bytes(data[pos + 4:pos + 8], "big")
        body = data[pos + 12:pos + 12 + length]
        if len(body) != length or zlib.crc32(body) != int.from_bytes(data[pos + 8:pos + 12], "big"):
            break
        try:
            files, rules = marshal.loads(body)
            for name, entry in files.items():
                if not (isinstance(name, str) and isinstance(entry, tuple) and len(entry) == 6
                        and isinstance(entry[5], bytes)):
                    raise ValueError("not an entry")
            for signature, keys in rules.items():
                if not (isinstance(signature, str) and isinstance(keys, dict)):
                    raise ValueError("not a rules key")
        except (EOFError, ValueError, TypeError):
            break
        for name, entry in files.items():
            contents.replaced(contents.files.get(name))
            contents.files[name] = entry
        for signature, keys in rules.items():
            known = contents.rules.pop(signature, None) or {}
            known.update(keys)
            contents.rules[signature] = known  # last: the most recent
        pos += 12 + length
    contents.journal = pos
    contents.damaged = pos != len(data)


def append(path: str, contents: Contents, names: set[str], signatures: set[str]) -> bool:
    """Append the entries ``names`` and the rules keys ``signatures`` of ``contents`` to the
    journal of ``path``; False (nothing written) when the file must be written whole instead:
    it was not read, the journal holds a damaged record (readers stop there, so later ones
    would be lost), or it would grow past its limit. Raises OSError."""
    if not contents.indexed or contents.damaged:
        return False
    body = marshal.dumps(({name: contents.files[name] for name in names},
                          {s: contents.rules[s] for s in signatures if s in contents.rules}))
    if contents.journal + len(body) + 12 > _JOURNAL_LIMIT:
        return False
    record = _RECORD + len(body).to_bytes(4, "big") + zlib.crc32(body).to_bytes(4, "big") + body
    fd = os.open(path + JOURNAL, os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o666)
    try:
        written = os.write(fd, record)  # one write: runs appending at once do not interleave
    finally:
        os.close(fd)
    if written != len(record):
        raise OSError("journal record cut short")  # the next reader stops there
    contents.journal += len(record)
    return True


def write(path: str, contents: Contents) -> Contents:
    """Write ``contents`` to ``path`` and remove its journal, which they include, and return
    contents equal to them that stay valid in memory. Raises OSError, or ValueError for a value
    marshal refuses."""
    written = _write(path, contents)
    try:
        os.unlink(path + JOURNAL)
    except FileNotFoundError:
        pass
    written.indexed, written.journal = True, 0
    return written


def _write(path: str, contents: Contents) -> Contents:
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
    from .atomic import replace_file  # noqa: PLC0415 - pathlib: a run that only reads does without

    index = marshal.dumps({"files": files, "rules": rules, "garbage": garbage, "part": size})
    replace_file(path, [_HEAD, len(index).to_bytes(8, "big"), index, *chunks], durable=False)
