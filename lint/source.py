"""Reading an article's bytes into text, keeping what the user wrote.

UTF-8 with an optional BOM (stripped, so column 1 is the first visible character). Each byte
that is not UTF-8 becomes one U+FFFD and their offsets are kept, so the rest of the file is
still linted and each bad byte is reported where it is. A NUL byte in the first 8 KiB marks a
binary file, which is skipped.
"""

from __future__ import annotations

from .document import Document
from .loaders import load
from .records import Record
from .regexes import compiled

BOM = "\ufeff"
_SNIFF = 8192
_ESCAPED = compiled("[\udc80-\udcff]")


class BinaryFile(Exception):
    pass


class Decoded(Record):
    _fields = ("text", "errors", "bom")

    def __init__(self, text: str, errors: list[int] | None = None, bom: bool = False) -> None:
        self.text = text
        self.errors = [] if errors is None else errors
        self.bom = bom


def is_binary(data: bytes) -> bool:
    return b"\x00" in data[:_SNIFF]


def decode(data: bytes) -> Decoded:
    bom = data.startswith(b"\xef\xbb\xbf")
    if bom:
        data = data[3:]
    try:
        return Decoded(data.decode("utf-8"), [], bom)
    except UnicodeDecodeError:
        pass
    # surrogateescape turns each bad byte into one lone surrogate: find them in one pass.
    text = data.decode("utf-8", "surrogateescape")
    errors = [m.start() for m in _ESCAPED.finditer(text)]
    return Decoded(_ESCAPED.sub("\ufffd", text), errors, bom)


def document_from_bytes(data: bytes, fmt: str) -> Document:
    if is_binary(data):
        raise BinaryFile()
    decoded = decode(data)
    doc = load(decoded.text, fmt)
    doc.decode_errors = decoded.errors
    return doc
