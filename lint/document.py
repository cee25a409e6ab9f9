"""The Document every loader returns and every rule reads.

``masked`` has exactly the length of ``source``: markup is overwritten with spaces (newlines
kept), so an offset found in ``masked`` is the same offset in ``source``, except inside a word
that markup cut in two, which is closed up (lint/joins.py): ``Document.source_span`` maps those
back. Nothing downstream ever searches the source again for a match, which is what keeps
columns exact.
"""

from __future__ import annotations

import bisect
from functools import cached_property

from .joins import Join, Joins, close_up
from .records import Record, Value, set_field
from .regexes import compiled

# Block kinds a loader may emit. "title" is the headline line of a plain-text article or the
# <title> of an HTML page; "metadata" is a prose value of Markdown front matter.
BLOCK_KINDS = frozenset(
    {"paragraph", "heading", "title", "list-item", "quote", "table-cell", "metadata"}
)


class Span(Value):
    __slots__ = _fields = ("start", "end")
    start: int
    end: int

    def __init__(self, start: int, end: int) -> None:
        set_field(self, "start", start)
        set_field(self, "end", end)


class Block(Value):
    """A paragraph-like unit of prose: offsets into the document, end-exclusive."""

    __slots__ = _fields = ("start", "end", "kind")
    start: int
    end: int
    kind: str

    def __init__(self, start: int, end: int, kind: str = "paragraph") -> None:
        set_field(self, "start", start)
        set_field(self, "end", end)
        set_field(self, "kind", kind)


class Directive(Value):
    """An inline ``copydesk-*`` comment found by a loader.

    ``action`` is one of disable, enable, disable-next-line, disable-file; an empty ``rules``
    means every rule. ``start``/``end`` is the span of the whole comment in the source.
    """

    __slots__ = _fields = ("action", "rules", "start", "end")
    action: str
    rules: tuple[str, ...]
    start: int
    end: int

    def __init__(self, action: str, rules: tuple[str, ...], start: int, end: int) -> None:
        set_field(self, "action", action)
        set_field(self, "rules", rules)
        set_field(self, "start", start)
        set_field(self, "end", end)


class Notice(Value):
    """Something a rule could not do on a document (an external service that did not answer).

    The run prints each distinct notice once on standard error (``per_file``: prefixed with the
    file's name) and does not remember the file's results, so the next run tries again.
    ``error``: the run must end with exit code 2 (``--require-grammar``).
    """

    __slots__ = _fields = ("message", "error", "per_file")
    message: str
    error: bool
    per_file: bool

    def __init__(self, message: str, error: bool = False, per_file: bool = False) -> None:
        set_field(self, "message", message)
        set_field(self, "error", error)
        set_field(self, "per_file", per_file)


class Position(Value):
    __slots__ = _fields = ("line", "column")
    line: int  # 1-based
    column: int  # 1-based, in code points

    def __init__(self, line: int, column: int) -> None:
        set_field(self, "line", line)
        set_field(self, "column", column)


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


class Document(Record):
    """A loaded article (see the module docstring). Fields: ``source`` and ``masked`` (the same
    length); ``blocks``; ``directives``; ``format``; ``decode_errors``: offsets of characters
    that could not be decoded (each one is U+FFFD in ``source``); ``notices``: what rules could
    not do on this document (see :class:`Notice`); ``styles``: inline styles the loader found,
    for views that show the text (the HTML report), as (start, end, "em" | "strong" | "code" |
    "del") over the styled text, delimiters excluded (a code span's text is masked; its span
    says where the source shows it); ``cache``: facts several rules derive from the same text
    (attributions per sentence, …), keyed by whoever computes them, so a second rule does not
    redo the work (neither compared nor shown); ``joins``: where words cut by markup were closed
    up in ``masked`` (lint/joins.py), None when nothing was."""

    _fields = ("source", "masked", "blocks", "directives", "format", "decode_errors", "notices", "styles", "joins")
    _unshown = frozenset({"joins"})

    def __init__(self, source: str, masked: str, blocks: list[Block] | None = None,
                 directives: list[Directive] | None = None, format: str = "text",  # noqa: A002
                 decode_errors: list[int] | None = None, notices: list[Notice] | None = None,
                 styles: list[tuple[int, int, str]] | None = None, cache: dict | None = None,
                 joins: Joins | None = None) -> None:
        if len(masked) != len(source):  # pragma: no cover - a loader bug
            raise ValueError("masked text must have the length of the source")
        self.source = source
        self.masked = masked
        self.blocks = [] if blocks is None else blocks
        self.directives = [] if directives is None else directives
        self.format = format
        self.decode_errors = [] if decode_errors is None else decode_errors
        self.notices = [] if notices is None else notices
        self.styles = [] if styles is None else styles
        self.cache = {} if cache is None else cache
        self.joins = joins

    @property
    def aligned(self) -> str:
        """The masked text before words were closed up: character ``i`` is the source's
        character ``i`` or blank markup, for code that tells markup from text that way."""
        return self.masked if self.joins is None else self.joins.aligned

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """``[start, end)`` of ``masked`` as a span of ``source`` (the same but where a word
        was closed up or an entity decoded)."""
        return (start, end) if self.joins is None else self.joins.span(start, end)

    def source_block(self, block: Block) -> Block:
        """A block (offsets in ``masked``, as rules read it) with the source's offsets, for code
        that reads the source around it."""
        return block if self.joins is None else Block(*self.joins.span(block.start, block.end), block.kind)

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
    a span and blanks its tail, so offsets never move. Markup that renders nothing between two
    letters (``hide(..., join=True)``, and every entity) is then closed up inside the word it
    cuts (lint/joins.py); ``joins`` maps the masked text's offsets back to the source.
    """

    def __init__(self, source: str) -> None:
        self.source = source
        self._edits: list[tuple[int, int, str | None]] = []
        self._joins: list[Join] = []
        self.joins: Joins | None = None

    def hide(self, start: int, end: int, join: bool = False) -> None:
        if end > start:
            self._edits.append((start, end, None))
            if join:
                self._joins.append((start, end, 0))

    def replace(self, start: int, end: int, text: str) -> None:
        if len(text) > end - start:  # never grow: offsets must stay put
            text = text[: end - start]
        self._edits.append((start, end, text))
        if text and text.split() == [text]:  # no white space written: a word may go on after it
            self._joins.append((start, end, len(text)))

    def build(self) -> str:
        masked = self._aligned()
        if self._joins:
            masked, self.joins = close_up(self.source, masked, self._joins)
        return masked

    def _aligned(self) -> str:
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
