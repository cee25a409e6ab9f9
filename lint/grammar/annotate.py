"""A Document as LanguageTool's annotated text, and LanguageTool's offsets back to the source.

LanguageTool's ``data`` parameter takes ``{"annotation": [{"text": ...}, {"markup": ...,
"interpretAs": ...}]}``: it checks the text parts (and what markup is interpreted as) and reports
offsets into the concatenation of *all* parts, markup included, counted in UTF-16 code units
(Java strings). The parts are cut from the source itself, so that concatenation is the source
(or a slice of it for a chunk): an offset maps back to a code-point offset with one table of
the characters outside the Basic Multilingual Plane, and no text is searched again.

Which characters are markup comes from the Document: where ``masked`` differs from ``source``
the loader blanked (or rewrote) markup; where they agree it is text. Markup runs separated only
by whitespace are one part (``</b> <i>``), so that no double space reaches LanguageTool.
``interpretAs`` keeps words from gluing or splitting:
- a decoded entity reads as its character (``&eacute;`` -> ``é``);
- markup between blocks (paragraphs, cells, list items, the title) reads as a paragraph break
  when it holds a line break or nothing else separates the two sides (``</p><p>``);
- inside a block, markup between two words reads as a space when it was one (``a<br>b``, a
  table pipe, whitespace inside the run), otherwise as nothing (``**bold**``, ``[link](url)``,
  ``AT&amp;T``); markup with whitespace on both sides (an inline code span) also takes the
  space after it, so the text reads "run now", not "run  now".
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

from ..document import Block, Document

_BREAK_IN_BLOCK = ("<br", "|")


@dataclass(frozen=True)
class Annotated:
    """The parts of ``source[start:end]`` and the map from LanguageTool offsets back."""

    start: int  # code-point offset of the first part in the source
    end: int
    parts: list[dict]
    _astral: tuple[int, ...]  # UTF-16 offsets (relative to ``start``) of non-BMP characters

    def to_source(self, utf16: int) -> int:
        """A LanguageTool offset (UTF-16 units into this chunk) as a code-point offset of the
        source: each non-BMP character before it takes two units for one code point."""
        before = bisect.bisect_left(self._astral, utf16)
        return self.start + utf16 - before

    @property
    def text_length(self) -> int:
        return sum(len(p.get("text", "")) for p in self.parts)


def _astral(text: str) -> tuple[int, ...]:
    out = []
    units = 0
    if text.isascii():
        return ()
    for ch in text:
        if ord(ch) > 0xFFFF:
            out.append(units)
            units += 2
        else:
            units += 1
    return tuple(out)


def _markup_runs(source: str, masked: str, start: int, end: int) -> list[tuple[int, int]]:
    """Maximal runs where the masked text differs from the source, merged across whitespace."""
    runs: list[tuple[int, int]] = []
    i = start
    while i < end:
        if source[i] == masked[i]:
            i += 1
            continue
        j = i
        while j < end and source[j] != masked[j]:
            j += 1
        if runs and source[runs[-1][1]:i].isspace():
            runs[-1] = (runs[-1][0], j)  # only whitespace since the last run: one part
        else:
            runs.append((i, j))
        i = j
    return runs


def _inside_one_block(blocks: Sequence[Block], starts: list[int], a: int, b: int) -> bool:
    k = bisect.bisect_right(starts, a) - 1
    return k >= 0 and blocks[k].start <= a and b <= blocks[k].end


def annotate(doc: Document, start: int = 0, end: int | None = None) -> Annotated:
    """The annotated parts of ``doc.source[start:end]`` (the whole document by default)."""
    source, masked = doc.source, doc.aligned
    end = len(source) if end is None else end
    # Blocks are offsets in the masked text; these are the source's (lint/joins.py).
    blocks = sorted(map(doc.source_block, doc.blocks), key=lambda b: b.start)
    starts = [b.start for b in blocks]
    parts: list[dict] = []
    pos = start
    runs = _markup_runs(source, masked, start, end)
    for index, (a, b) in enumerate(runs):
        if a < pos:  # the previous run took the space this one starts with
            a = pos
        if a >= b:
            continue
        left = source[a - 1] if a > start else None
        right = source[b] if b < end else None
        entity = " ".join(masked[a:b].split())
        if entity:
            interpret = entity
        elif left is None or right is None:
            interpret = ""
        elif not _inside_one_block(blocks, starts, a, b):
            if "\n" in source[a:b]:  # a line of markup between blocks: keep them paragraphs
                interpret = "\n" if left == "\n" or right == "\n" else "\n\n"
            else:
                interpret = "" if left.isspace() or right.isspace() else "\n\n"
        elif left.isspace() and right in " \t":
            # " `code` " -> take the space after it too: one space left between the words
            nxt = runs[index + 1][0] if index + 1 < len(runs) else end
            while b < nxt and source[b] in " \t":
                b += 1
            interpret = ""
        elif left.isspace() or right.isspace():
            interpret = ""
        else:
            chunk = source[a:b]
            spaced = any(c.isspace() for c in chunk) and any(
                masked[k] == source[k] and source[k].isspace() for k in range(a, b))
            interpret = " " if spaced or any(m in chunk.lower() for m in _BREAK_IN_BLOCK) else ""
        if a > pos:
            parts.append({"text": source[pos:a]})
        parts.append({"markup": source[a:b], "interpretAs": interpret})
        pos = b
    if pos < end:
        parts.append({"text": source[pos:end]})
    return Annotated(start, end, parts, _astral(source[start:end]))


def chunk_ranges(doc: Document, limit: int) -> list[tuple[int, int]]:
    """``[start, end)`` ranges covering the document, each at most ``limit`` characters where
    blocks allow it, cut only where a block starts (a block longer than the limit is one chunk)."""
    n = len(doc.source)
    if n <= limit:
        return [(0, n)]
    cuts = [0]
    for block in sorted(doc.blocks, key=lambda b: b.start):
        if block.start - cuts[-1] > 0 and block.end - cuts[-1] > limit:
            cuts.append(block.start)
    ranges = [(a, b) for a, b in zip(cuts, cuts[1:] + [n]) if b > a]
    return ranges or [(0, n)]
