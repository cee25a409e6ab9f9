"""Words with their offsets: the tokeniser the sentence-level kinds share."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from .regexes import compiled

# A word: letters/digits joined by apostrophes, hyphens, dots or ampersands inside it
# ("Ukraine's", "Russia-Ukraine", "U.S", "AT&T", "3.5").
WORD = compiled(r"\w+(?:[’'&.-]\w+)*")


class Token(NamedTuple):
    start: int
    end: int
    text: str
    lower: str


def tokens(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    end = len(text) if end is None else end
    return [Token(m.start(), m.end(), m.group(), m.group().lower()) for m in WORD.finditer(text, start, end)]


def iter_tokens(text: str, start: int, end: int) -> Iterator[Token]:
    for m in WORD.finditer(text, start, end):
        word = m.group()
        yield Token(m.start(), m.end(), word, word.lower())
