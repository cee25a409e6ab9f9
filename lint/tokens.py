"""Words with their offsets: the tokeniser the sentence-level kinds share."""

from __future__ import annotations

from bisect import bisect_left
from collections import namedtuple
from collections.abc import Sequence
from itertools import accumulate, repeat

from .regexes import compiled

# A word: letters/digits joined by apostrophes, hyphens, dots or ampersands inside it
# ("Ukraine's", "Russia-Ukraine", "U.S", "AT&T", "3.5").
WORD = compiled(r"\w+(?:[’'&.-]\w+)*")


Token = namedtuple("Token", "start end text lower")  # a word: its span, as written and lower-cased


def tokens(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    end = len(text) if end is None else end
    return [Token(m.start(), m.end(), m.group(), m.group().lower()) for m in WORD.finditer(text, start, end)]


# The word pattern as one capture group: ``split`` then returns separators and words in turn,
# and the running sum of their lengths gives every offset without a match object per word.
_WORD_SPLIT = compiled(f"({WORD.pattern})")
_WORD_CHAR = compiled(r"\w")


# The work group (lint/rule_parallel.py) of the kinds that read the word index: run in one
# worker, a large document's index is built once.
WORDS_GROUP = "words"


class WordIndex:
    """Every word of a document's masked text, found once and shared by the rules: start and
    end offsets, and the words in lower case with one kind of apostrophe (the key rules compare
    words by). A span's words are a bisection away, so a rule that counts or compares the words
    of each sentence reads them from here instead of tokenising the sentence again."""

    __slots__ = ("starts", "ends", "keys", "_ranges")

    def __init__(self, text: str, lowered: str | None = None) -> None:
        # Split the lower-cased text when there is one (same offsets): its words are the keys
        # once the curly apostrophe is straightened, with no second pass over the words.
        parts = _WORD_SPLIT.split(text if lowered is None else lowered.replace("’", "'"))
        offsets = list(accumulate(map(len, parts)))
        # parts: separator, word, separator, word, …, separator; a word ends where the
        # separator after it starts.
        self.starts: list[int] = offsets[0::2][:-1]
        self.ends: list[int] = offsets[1::2]
        self.keys: list[str] = parts[1::2] if lowered is not None else _keys(parts[1::2])
        self._ranges: dict[int, tuple] = {}

    @classmethod
    def of(cls, doc) -> WordIndex:
        """The document's index, built on first use and kept in ``doc.cache``."""
        index = doc.cache.get("words")
        if index is None:
            from .kinds.patterns import lowered  # noqa: PLC0415 - kinds import this module

            index = doc.cache["words"] = cls(doc.masked, lowered(doc))
        return index

    def between(self, start: int, end: int) -> tuple[int, int]:
        """The indices ``[i, j)`` of the words starting inside ``[start, end)``."""
        return bisect_left(self.starts, start), bisect_left(self.starts, end)

    def ranges(self, units: Sequence) -> tuple[list[int], list[int]]:
        """``between`` for every unit of a list at once, as two lists (the first word, the end),
        bisected in C and kept for the next rule that asks about the same list."""
        entry = self._ranges.get(id(units))
        if entry is None or entry[0] is not units:
            starts = self.starts
            entry = self._ranges[id(units)] = (
                units,
                list(map(bisect_left, repeat(starts), [u.start for u in units])),
                list(map(bisect_left, repeat(starts), [u.end for u in units])),
            )
        return entry[1], entry[2]

    def count(self, start: int, end: int) -> int:
        """How many words start inside ``[start, end)``."""
        i, j = self.between(start, end)
        return j - i

    def count_in(self, text: str, start: int, end: int) -> int:
        """The words ``WORD.findall(text, start, end)`` finds, without tokenising: those starting
        inside the span, plus the end of a word the span's start cuts, when it holds a letter
        or digit (a word cut by the span's end is among the first already)."""
        i, j = self.between(start, end)
        n = j - i
        if i and self.ends[i - 1] > start and _WORD_CHAR.search(text, start, min(self.ends[i - 1], end)):
            n += 1
        return n


def _keys(words: list[str]) -> list[str]:
    """The words in lower case with one kind of apostrophe. No word holds a line break, so they
    are lower-cased as one string and split back. A letter whose lower case is longer ("İ")
    stays as it is, as in the lower-cased text other rules read with unchanged offsets."""
    if not words:
        return []
    joined = "\n".join(words)
    low = joined.lower()
    if len(low) != len(joined):
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in joined)
    return low.replace("’", "'").split("\n")
