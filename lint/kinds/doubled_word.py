"""``doubled-word``: a word typed twice by mistake ("the the"), across a line break too."""

from __future__ import annotations

import re
from bisect import bisect_left
from itertools import islice
from operator import eq

from ..regexes import compiled
from ..tokens import WORDS_GROUP, WordIndex
from . import Context, Hit, Kind, option

# Doubled capitalised words are names ("Bora Bora") unless the word is a function word.
_FUNCTION_WORDS = frozenset("the a an and or but in on at of to for by with from as is was it".split())
# Between the two words the source may hold only whitespace and markup (emphasis markers, tags):
# masked code or a URL between them ("the `the` the") means they are not side by side in prose.
_TAG = compiled(r"<[^<>]*>")
# A "." or "&" inside a word, with a letter on one side: a doubled pair may start after it
# ("end.the the") or end before it ("the the.com"), inside a word of the shared index.
_LETTER_JOIN = compiled(r"[.&](?<=\w[.&])(?=\w)(?:(?<=[^\W\d_][.&])|(?=[^\W\d_]))")
# A quoted pair is a term being mentioned ("“done done” means shippable"), not a slip.
_OPEN_QUOTES, _CLOSE_QUOTES = "\"“‘'", "\"”’'"
# Letters only (no digits: "1 1" is a score); the backreference is case-insensitive under
# IGNORECASE, so "The the" is caught.
_DOUBLED = compiled(r"(?<![\w'’-])([^\W\d_]+)(\s+)(\1)(?![\w'’-])", re.IGNORECASE)


class DoubledWord(Kind):
    name = "doubled-word"
    work_group = WORDS_GROUP

    allow: list[str] = option(list)
    """Words that are legitimately doubled in English ("had had", "that that")."""

    def __post_init__(self) -> None:
        self._allow = frozenset(w.lower() for w in self.allow)

    def check(self, ctx: Context):
        text = ctx.text
        index = WordIndex.of(ctx.doc)
        keys = index.keys
        joins = [m.start() for m in _LETTER_JOIN.finditer(text)]
        for unit, i, j in zip(ctx.units, *index.ranges(ctx.units)):
            # The pattern reads every character; run it only where the shared word index shows
            # two equal words side by side, or where a word joined by "." or "&" ("end.the the")
            # may hide the start or end of a doubled pair. Few paragraphs have either.
            words = keys[i:j]
            if not any(map(eq, words, islice(words, 1, None))) and (
                bisect_left(joins, unit.end) == bisect_left(joins, unit.start)
            ):
                continue
            for m in _DOUBLED.finditer(text, unit.start, unit.end):
                first, second = m.group(1), m.group(3)
                if first.lower() in self._allow:
                    continue
                # What the source holds between the two words (their offsets differ where a
                # word was closed up over markup, lint/joins.py).
                gap = ctx.doc.source[ctx.doc.source_span(*m.span(1))[1] : ctx.doc.source_span(*m.span(3))[0]]
                if not gap.isspace() and any(c.isalnum() for c in _TAG.sub("", gap)):
                    continue
                if second[0].isupper() and first.lower() not in _FUNCTION_WORDS:
                    continue  # "Bora Bora", "law lord Lord Bingham": names, not typos
                if _tripled(text, m) or _quoted_term(text, m):
                    continue
                yield Hit(m.start(), m.end(), first, {"word": second})


def _tripled(text: str, m: re.Match[str]) -> bool:
    """Three in a row ("yada yada yada", "Help help help") is deliberate emphasis."""
    word = m.group(1).lower()
    after = re.match(r"\s+([^\W\d_]+)", text[m.end() : m.end() + len(word) + 20])
    before = re.search(r"([^\W\d_]+)\s+$", text[max(0, m.start() - len(word) - 20) : m.start()])
    return bool(after and after.group(1).lower() == word or before and before.group(1).lower() == word)


def _quoted_term(text: str, m: re.Match[str]) -> bool:
    start, end = m.start(), m.end()
    if start == 0 or text[start - 1] not in _OPEN_QUOTES:
        return False
    closing = text[end : end + 2]  # “done done” or “done done,” (punctuation inside the quote)
    return closing[:1] in _CLOSE_QUOTES or (closing[:1] in ".,;:!?" and closing[1:2] in _CLOSE_QUOTES and closing[1:2] != "")
