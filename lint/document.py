"""The Document every loader returns and every rule reads.

``masked`` has exactly the length of ``source``: markup is overwritten with spaces (newlines
kept), so an offset found in ``masked`` is the same offset in ``source``. Nothing downstream
ever searches the source again for a match, which is what keeps columns exact.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import cached_property

from .regexes import compiled

# Block kinds a loader may emit. "title" is the headline line of a plain-text article or the
# <title> of an HTML page; "metadata" is a prose value of Markdown front matter.
BLOCK_KINDS = frozenset(
    {"paragraph", "heading", "title", "list-item", "quote", "table-cell", "metadata"}
)


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph-like unit of prose: offsets into the document, end-exclusive."""

    start: int
    end: int
    kind: str = "paragraph"


@dataclass(frozen=True, slots=True)
class Directive:
    """An inline ``copydesk-*`` comment found by a loader.

    ``action`` is one of disable, enable, disable-next-line, disable-file; an empty ``rules``
    means every rule. ``start``/``end`` is the span of the whole comment in the source.
    """

    action: str
    rules: tuple[str, ...]
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Notice:
    """Something a rule could not do on a document (an external service that did not answer).

    The run prints each distinct notice once on standard error (``per_file``: prefixed with the
    file's name) and does not remember the file's results, so the next run tries again.
    ``error``: the run must end with exit code 2 (``--require-grammar``).
    """

    message: str
    error: bool = False
    per_file: bool = False


@dataclass(frozen=True, slots=True)
class Position:
    line: int  # 1-based
    column: int  # 1-based, in code points


class LineIndex:
    """Offset <-> line/column conversion, computed once per document (bisect over line starts)."""

    __slots__ = ("_starts",)

    def __init__(self, text: str) -> None:
        starts = [0]
        find = text.find
        i = find("\n")
        while i != -1:
            starts.append(i + 1)
            i = find("\n", i + 1)
        self._starts = starts

    def position(self, offset: int) -> Position:
        line = bisect.bisect_right(self._starts, offset) - 1
        return Position(line + 1, offset - self._starts[line] + 1)

    @property
    def starts(self) -> list[int]:
        """Offset of the first character of each line (0-based list)."""
        return self._starts

    def line_start(self, line: int) -> int:
        return self._starts[line - 1]

    @property
    def line_count(self) -> int:
        return len(self._starts)


@dataclass
class Document:
    source: str
    masked: str
    blocks: list[Block] = field(default_factory=list)
    directives: list[Directive] = field(default_factory=list)
    format: str = "text"
    # Offsets of characters that could not be decoded (each one is U+FFFD in ``source``).
    decode_errors: list[int] = field(default_factory=list)
    # What rules could not do on this document (see :class:`Notice`).
    notices: list[Notice] = field(default_factory=list)
    # Inline styles the loader found, for views that show the text (the HTML report):
    # (start, end, "em" | "strong" | "code" | "del") over the styled text, delimiters excluded.
    # A code span's text is masked; its span says where the source shows it.
    styles: list[tuple[int, int, str]] = field(default_factory=list)
    # Facts several rules derive from the same text (attributions per sentence, …), keyed by
    # whoever computes them, so a second rule does not redo the work.
    cache: dict = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        if len(self.masked) != len(self.source):  # pragma: no cover - a loader bug
            raise ValueError("masked text must have the length of the source")

    @cached_property
    def lines(self) -> LineIndex:
        return LineIndex(self.source)

    @cached_property
    def quotes(self):
        """Quoted speech in the prose (:class:`lint.quotes.Quotes`), found on first use."""
        from .quotes import find_quotes

        return find_quotes(self.masked, self.blocks)

    def line_text(self, line: int) -> str:
        """The source line (1-based) without its line ending."""
        start = self.lines.line_start(line)
        end = self.source.find("\n", start)
        text = self.source[start : end if end != -1 else len(self.source)]
        return text.rstrip("\r")


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` narrowed to its first and last non-space character of ``text``."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


_NOT_LINE_BREAK = compiled(r"[^\r\n]")


def _blank(text: str) -> str:
    """Spaces for every character of ``text`` except line breaks."""
    if "\r" not in text:  # line by line, not character by character
        return "\n".join(" " * len(line) for line in text.split("\n"))
    return _NOT_LINE_BREAK.sub(" ", text)


class Masker:
    """Collects the spans of a source that are not prose, then builds the masked text.

    ``hide`` blanks a span; ``replace`` writes a shorter text (a decoded entity) at the start of
    a span and blanks its tail, so offsets never move.
    """

    def __init__(self, source: str) -> None:
        self.source = source
        self._edits: list[tuple[int, int, str | None]] = []

    def hide(self, start: int, end: int) -> None:
        if end > start:
            self._edits.append((start, end, None))

    def replace(self, start: int, end: int, text: str) -> None:
        if len(text) > end - start:  # never grow: offsets must stay put
            text = text[: end - start]
        self._edits.append((start, end, text))

    def build(self) -> str:
        if not self._edits:
            return self.source
        src = self.source
        out: list[str] = []
        pos = 0
        for start, end, text in sorted(self._edits, key=lambda e: (e[0], -e[1])):
            if end <= pos:
                continue  # fully inside something already handled
            if start < pos:
                start = pos
                text = None  # a replacement cut in two cannot be placed: blank it
            out.append(src[pos:start])
            if text is None:
                out.append(_blank(src[start:end]))
            else:
                out.append(text + " " * (end - start - len(text)))
            pos = end
        out.append(src[pos:])
        return "".join(out)
