"""Quoted speech: the spans between quotation marks, found once per document.

A source's words cannot be edited, so style rules (pleonasm, long sentences, repeated phrases)
skip them while attribution rules still read around them. Quotes are found per block, on the
masked text: curly and straight double quotes, guillemets, and single quotes used as quotation
marks (an opening ‘ or ' before a word, not an apostrophe inside or after one). A quote left open
at the end of a paragraph runs to the paragraph's end: news style opens every paragraph of a
long quote again without closing the earlier ones.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable

from .regexes import compiled
from .document import Block, Span


def _is_opening_single(text: str, i: int, start: int, end: int) -> bool:
    before = text[i - 1] if i > start else " "
    after = text[i + 1] if i + 1 < end else " "
    return not before.isalnum() and after.isalnum()


def _is_closing_single(text: str, i: int, end: int) -> bool:
    before = text[i - 1]
    after = text[i + 1] if i + 1 < end else " "
    # "the players’ union" keeps its apostrophe: a closing quote is not followed by a letter
    # and does not end a plural possessive followed by a lower-case noun.
    return not before.isspace() and not after.isalnum()


_OPENERS = compiled("[\"“«„‘']")
# What may close each opener; a straight double quote and a curly one close each other.
_CLOSERS = {"“": compiled("[”\"]"), "«": compiled("»"), "„": compiled("[“”\"]"),
            '"': compiled("[\"”]"), "‘": compiled("’"), "'": compiled("'")}


def _block_quotes(text: str, block: Block) -> list[Span]:
    """The quotes of one block. Regex searches jump from mark to mark, so the cost is in the
    number of quotation marks, not of characters."""
    spans: list[Span] = []
    start, end = block.start, block.end
    i = start
    while True:
        m = _OPENERS.search(text, i, end)
        if m is None:
            break
        i = m.start()
        ch = m.group()
        single = ch in "‘'"
        if single and not _is_opening_single(text, i, start, end):
            i += 1
            continue
        closer = _CLOSERS[ch]
        close_at = -1
        j = i + 1
        while True:
            c = closer.search(text, j, end)
            if c is None:
                break
            j = c.start()
            # A mark after a space opens rather than closes: some copy re-opens every sentence
            # of a long quote ('… violence. "That is …') without closing it.
            if _is_closing_single(text, j, end) if single else not text[j - 1].isspace():
                close_at = j
                break
            j += 1
        if close_at == -1:
            if single:  # an apostrophe-like mark that never closes: not a quote
                i += 1
                continue
            spans.append(Span(i, end))
            break
        spans.append(Span(i, close_at + 1))
        i = close_at + 1
    return spans


class Quotes:
    """Sorted, non-overlapping quote spans with fast overlap queries."""

    __slots__ = ("spans", "_starts")

    def __init__(self, spans: list[Span]) -> None:
        self.spans = spans
        self._starts = [s.start for s in spans]

    def overlaps(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` shares a character with a quote."""
        i = bisect.bisect_right(self._starts, max(start, end - 1)) - 1
        while i >= 0:
            span = self.spans[i]
            if span.end <= start:
                return False
            if span.start < end:
                return True
            i -= 1
        return False

    def covers(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` lies wholly inside one quote."""
        i = bisect.bisect_right(self._starts, start) - 1
        return i >= 0 and self.spans[i].end >= end

    def inside(self, start: int, end: int) -> list[Span]:
        """The quotes overlapping ``[start, end)``, in order."""
        lo = bisect.bisect_right(self._starts, start) - 1
        out = []
        for span in self.spans[max(lo, 0):]:
            if span.start >= end:
                break
            if span.end > start:
                out.append(span)
        return out


def find_quotes(text: str, blocks: Iterable[Block]) -> Quotes:
    spans: list[Span] = []
    for block in blocks:
        spans.extend(_block_quotes(text, block))
    return Quotes(spans)
