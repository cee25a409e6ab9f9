"""Regex building shared by the list-based kinds.

Masking leaves runs of spaces where markup was, and prose wraps across lines, so the words of a
phrase are joined with ``\\s+``. Phrases are literal unless a rule asks for regexes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from ..document import Span

_SPACES = re.compile(r"\s+")


def phrase_regex(phrase: str) -> str:
    """A literal phrase as a regex source whose spaces match any whitespace run."""
    return r"\s+".join(re.escape(word) for word in phrase.split())


def normalise(text: str) -> str:
    """Lower case, single spaces: the key under which a matched phrase is looked up."""
    return _SPACES.sub(" ", text).strip().lower()


def alternation(sources: Iterable[str], ignorecase: bool, word_bounded: bool = True) -> re.Pattern[str]:
    """One compiled pattern for many alternatives, longest first so the longest phrase wins."""
    parts = sorted(set(sources), key=len, reverse=True)
    body = "|".join(f"(?:{p})" for p in parts)
    if word_bounded:
        body = rf"(?<!\w)(?:{body})(?!\w)"
    return re.compile(body, re.IGNORECASE if ignorecase else 0)


class Exceptions:
    """Spans that excuse a match: a match lying inside one is not reported."""

    def __init__(self, phrases: Sequence[str], ignorecase: bool, regex: bool = False) -> None:
        self._pattern = (
            alternation((p if regex else phrase_regex(p) for p in phrases), ignorecase)
            if phrases
            else None
        )

    def excuse(self, text: str, unit: Span, start: int, end: int) -> bool:
        if self._pattern is None:
            return False
        # Only exceptions overlapping the match matter: search a window around it.
        lo = max(unit.start, start - 200)
        hi = min(unit.end, end + 200)
        return any(m.start() <= start and end <= m.end() for m in self._pattern.finditer(text, lo, hi))


def match_case(template: str, replacement: str) -> str:
    """Give ``replacement`` the capitalisation of the text it replaces."""
    if not replacement or not template:
        return replacement
    if template.isupper() and len(template) > 1 and not replacement.isupper():
        return replacement.upper()
    if template[0].isupper() and replacement[0].islower():
        return replacement[0].upper() + replacement[1:]
    return replacement
