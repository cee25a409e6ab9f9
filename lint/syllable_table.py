"""Word -> syllables of its first CMU pronunciation, looked up in a table mapped from the user
cache rather than loaded.

A one-article pre-commit run looks up a few hundred words in a 126,000-word dictionary, so
the table is laid out to be used where it lies: one block of bytes, which the cache maps
(``mmap``) instead of reading and decoding 1.7 MB, 2 ms of such a run. The words are sorted and
joined as ``\\nword\\nword\\n…``, and one byte per word holds its count. Every 64th word opens a
block; the blocks' first words and offsets are the only part turned into Python objects. A
look-up finds the word's block by bisecting the first words (in C), then ``\\nword\\n`` in the
block's bytes and the word's number by counting the newlines before it (both in C). Words
looked up are remembered in ``memo``, which also holds the words Pyphen counted, and words not
found in ``absent``.

Layout (native byte order, recorded in the header): the header ``CDSYL1`` + byte order +
padding; the counts of words and blocks and the byte lengths of the joined words and of the
first words; the blocks' offsets into the joined words (one more than there are blocks: the
last is the final newline), these two as unsigned integers of ``array("I")``; the counts; the
joined words; the blocks' first words, joined by newlines. Text is UTF-8, whose byte order is
the words' sort order.
"""

from __future__ import annotations

import bisect
import sys
from array import array
from collections.abc import Mapping

_MAGIC = b"CDSYL1" + sys.byteorder[0].encode() + b"\0"
_INT = array("I").itemsize  # 4 on every platform CPython runs on; the layout follows it
_HEAD_SIZE = len(_MAGIC) + 4 * _INT
_BLOCK = 64


class SyllableTable:
    __slots__ = ("blob", "memo", "absent", "_offsets", "_counts", "_joined", "_firsts", "_size")

    def __init__(self, blob) -> None:
        """``blob``: bytes or a read-only map of them, as :meth:`packed` gives; ValueError or
        TypeError when it is not such a table (a damaged or foreign cache file)."""
        view = memoryview(blob)
        if len(view) < _HEAD_SIZE:
            raise ValueError("syllable table: too short")
        if view[: len(_MAGIC)] != _MAGIC:
            raise ValueError("syllable table: not a table of this layout and byte order")
        size, blocks, joined_len, firsts_len = view[len(_MAGIC) : _HEAD_SIZE].cast("I")
        at = _HEAD_SIZE
        offsets = view[at : at + _INT * (blocks + 1)].cast("I")
        at += _INT * (blocks + 1)
        counts = view[at : at + size]
        at += size
        joined_at = at
        at += joined_len
        firsts = bytes(view[at : at + firsts_len]).decode("utf-8").split("\n") if blocks else []
        if (len(offsets) != blocks + 1 or len(counts) != size or at + firsts_len != len(view)
                or len(firsts) != blocks or blocks != -(-size // _BLOCK) or offsets[-1] != joined_len - 1):
            raise ValueError("syllable table: its parts disagree")
        self.blob = blob
        self._offsets, self._counts, self._firsts, self._size = offsets, counts, firsts, size
        self._joined = (blob, joined_at)
        self.memo: dict[str, int] = {}
        self.absent: set[str] = set()

    @classmethod
    def from_dict(cls, table: Mapping[str, int]) -> SyllableTable:
        ordered = sorted(table)
        joined = "\n" + "".join(word + "\n" for word in ordered)
        data = joined.encode("utf-8")
        # Each block's offset: the newline before its first word.
        offsets, at = [], 0
        for i, word in enumerate(ordered):
            if i % _BLOCK == 0:
                offsets.append(at)
            at += len(word.encode("utf-8")) + 1
        offsets.append(len(data) - 1)
        firsts = "\n".join(ordered[::_BLOCK]).encode("utf-8")
        counts = bytes(min(table[w], 255) for w in ordered)
        head = array("I", [len(ordered), len(offsets) - 1, len(data), len(firsts)])
        return cls(_MAGIC + head.tobytes() + array("I", offsets).tobytes() + counts + data + firsts)

    def packed(self) -> bytes:
        return bytes(self.blob)

    @property
    def words(self) -> list[str]:
        """The dictionary's words, in order."""
        blob, at = self._joined
        end = at + self._offsets[-1]
        return bytes(blob[at + 1 : end]).decode("utf-8").split("\n") if self._size else []

    def get(self, word: str) -> int | None:
        n = self.memo.get(word)
        if n is not None:
            return n
        if word in self.absent:
            return None
        i = self._number(word)
        if i is None:
            self.absent.add(word)
            return None
        n = self.memo[word] = self._counts[i]
        return n

    def _number(self, word: str) -> int | None:
        """The word's position in the dictionary, or None."""
        k = bisect.bisect_right(self._firsts, word) - 1
        if k < 0 or not word or "\n" in word:
            return None
        blob, at = self._joined
        block = blob[at + self._offsets[k] : at + self._offsets[k + 1] + 1]  # "\nw\n…\nw\n"
        found = block.find(b"\n" + word.encode("utf-8", "surrogatepass") + b"\n")
        if found < 0:
            return None
        i = k * _BLOCK + block.count(b"\n", 0, found)
        return i if i < self._size else None  # (past the end: a damaged file)

    def __setitem__(self, word: str, count: int) -> None:
        self.memo[word] = count
