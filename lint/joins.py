"""Words that markup cuts in two, closed up again in the masked text.

Same-length masking writes spaces where markup was, so ``Ukraine&rsquo;s`` became
``Ukraine’      s``, ``<a href="…">Ukraine</a>’s`` became ``Ukraine    ’s`` and ``**Kyiv**'s``
became ``Kyiv  's``: every rule then read two words, and a possessive, a contraction or a
name with an accent written as an entity was lost (WordPress writes every curly apostrophe as
``&#8217;``). Here the characters of such a word are moved left over the markup's padding, and
the padding goes to the end of the word, so rules read ``Ukraine’s`` followed by spaces. Only
markup that a loader says renders nothing between letters may close up (entities, inline tags
such as ``<a>`` and ``<em>``, Markdown's emphasis and link syntax); a ``<br>``, an image or a
code span still separates words, and nothing closes up across a line break, so every line of
the masked text keeps its length.

Rules keep reading offsets in the masked text. The engine maps a finding's offsets back to the
source with :class:`Joins` (a word that moved maps character by character; an entity's last
character ends where the entity ends), so positions stay exact. ``aligned`` keeps the masked
text before closing up, for code that compares it with the source character by character to
tell markup from text.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable

# Inline HTML elements whose tags render nothing between two letters, in HTML articles and in
# Markdown alike ("<a href=…>Kyiv</a>’s", "CO<sub>2</sub>"). Any other tag (a <br>, an image, a
# <code>, a block) still separates the text on either side.
JOINING_TAGS = frozenset(
    {"a", "abbr", "b", "bdi", "bdo", "cite", "data", "del", "dfn", "em", "font", "i", "ins", "kbd",
     "mark", "s", "samp", "small", "span", "strike", "strong", "sub", "time", "tt", "u", "var", "wbr"}
)

# A piece of markup that may close up: [start, end) in the source, of which the first ``kept``
# characters are written text (a decoded entity) and the rest is padding.
Join = tuple[int, int, int]
# A closed-up word: [start, end) in the masked text, and for each of its characters (packed from
# ``start``) the span of the source it stands for.
Zone = tuple[int, int, list[tuple[int, int]]]


class Joins:
    """Offsets of the closed-up masked text mapped back to the source."""

    __slots__ = ("aligned", "_zones", "_starts", "_entity_ends")

    def __init__(self, aligned: str, zones: list[Zone], entity_ends: dict[int, int]) -> None:
        self.aligned = aligned
        self._zones = zones
        self._starts = [zone[0] for zone in zones]
        # Masked offset just after a decoded entity that did not move -> the entity's end.
        self._entity_ends = entity_ends

    def _zone(self, offset: int) -> Zone | None:
        k = bisect_right(self._starts, offset) - 1
        if k >= 0 and offset < self._zones[k][1]:
            return self._zones[k]
        return None

    def start(self, offset: int) -> int:
        """The source offset where the masked character at ``offset`` starts."""
        zone = self._zone(offset)
        if zone is None:
            return offset
        start, end, spans = zone
        i = offset - start
        return spans[i][0] if i < len(spans) else end  # the padding moved to the word's end

    def end(self, offset: int) -> int:
        """The source offset where the masked character before ``offset`` ends."""
        zone = self._zone(offset - 1)
        if zone is None:
            return self._entity_ends.get(offset, offset)
        start, end, spans = zone
        i = offset - 1 - start
        return spans[i][1] if i < len(spans) else end

    def span(self, start: int, end: int) -> tuple[int, int]:
        """``[start, end)`` of the masked text as a span of the source."""
        source_start = self.start(start)
        return source_start, (self.end(end) if end > start else source_start)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Joins):
            return NotImplemented
        return (self.aligned, self._zones, self._entity_ends) == (other.aligned, other._zones, other._entity_ends)

    __hash__ = None  # type: ignore[assignment]

    def __reduce__(self):
        return Joins, (self.aligned, self._zones, self._entity_ends)


def close_up(source: str, masked: str, joins: Iterable[Join]) -> tuple[str, Joins | None]:
    """``masked`` with the words that ``joins`` cut closed up, and the map back to the source
    (None when nothing was written as an entity and nothing moved)."""
    n = len(masked)
    pad = bytearray(n)
    entity_ends: dict[int, int] = {}
    padded: list[tuple[int, int]] = []  # [start, end) of each padding
    for start, end, kept in joins:
        first = start + kept  # the padding starts after the written text
        if first >= end or masked.count(" ", first, end) != end - first:
            continue  # cut by other markup when the masked text was built
        if kept and masked[start:first].isspace():
            continue
        if "\n" in source[start:end] or "\r" in source[start:end]:
            continue  # closing up across it would move a line break
        pad[first:end] = b"\x01" * (end - first)
        padded.append((first, end))
        if kept:
            entity_ends[first] = end

    zones: list[Zone] = []
    pieces: list[str] = []
    copied = 0  # masked[:copied] is in pieces
    done = 0  # padding before this offset was handled with an earlier word
    for first, last in sorted(padded):
        if first < done:
            continue
        # Most markup stands at the edge of a word ("*word*", "[text](url)" after a space): with
        # white space on either side of its padding, nothing moves.
        open_left = first == 0 or (masked[first - 1].isspace() and not pad[first - 1])
        open_right = last >= n or (masked[last].isspace() and not pad[last])
        if open_left or open_right:
            continue
        # The word around it: characters and padding, up to white space on either side.
        lo = first
        while lo > 0 and (pad[lo - 1] or not masked[lo - 1].isspace()):
            lo -= 1
        hi = first
        while hi < n and (pad[hi] or not masked[hi].isspace()):
            hi += 1
        done = hi
        # Padding at either end of the word separates nothing: it stays where it is.
        while lo < hi and pad[lo]:
            lo += 1
        while hi > lo and pad[hi - 1]:
            hi -= 1
        chars = [i for i in range(lo, hi) if not pad[i]]
        if len(chars) == hi - lo:
            continue
        spans = [(i, entity_ends.pop(i + 1, i + 1)) for i in chars]
        zones.append((lo, hi, spans))
        pieces.append(masked[copied:lo])
        pieces.append("".join(masked[i] for i in chars))
        pieces.append(" " * (hi - lo - len(chars)))
        copied = hi
    if not zones:
        return masked, (Joins(masked, [], entity_ends) if entity_ends else None)
    pieces.append(masked[copied:])
    return "".join(pieces), Joins(masked, zones, entity_ends)
