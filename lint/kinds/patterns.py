"""Regex building shared by the list-based kinds.

Masking leaves runs of spaces where markup was, and prose wraps across lines, so the words of a
phrase are joined with ``\\s+``. Phrases are literal unless a rule asks for regexes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from ..regexes import compiled, compiled_from
from ..document import Span

_SPACES = compiled(r"\s+")


def phrase_regex(phrase: str) -> str:
    """A literal phrase as a regex source whose spaces match any whitespace run."""
    return r"\s+".join(re.escape(word) for word in phrase.split())


def normalise(text: str) -> str:
    """Lower case, single spaces: the key under which a matched phrase is looked up."""
    return _SPACES.sub(" ", text).strip().lower()


def alternation(sources: Iterable[str], ignorecase: bool, word_bounded: bool = True) -> re.Pattern[str]:
    """One compiled pattern for many alternatives, longest first so the longest phrase wins."""
    # Ties broken by the text: the same pattern in every process (set order varies), which the
    # compiled-pattern cache (lint/regexes.py) relies on.
    parts = sorted(set(sources), key=lambda p: (-len(p), p))
    body = "|".join(f"(?:{p})" for p in parts)
    if word_bounded:
        body = rf"(?<!\w)(?:{body})(?!\w)"
    return compiled(body, re.IGNORECASE if ignorecase else 0)


def trie_regex(phrases: Iterable[str], flags: int = 0) -> re.Pattern[str]:
    """One word-bounded pattern matching any of ``phrases``, the longest where several start
    at one place. Spaces in a phrase match any whitespace run (masked markup, line breaks)."""
    return compiled_from(list(phrases), _trie_pattern, flags)


def _trie_pattern(phrases: Iterable[str]) -> str:
    root: dict[str, dict] = {}
    for phrase in phrases:
        node = root
        for ch in " ".join(phrase.split()):
            node = node.setdefault(ch, {})
        node[""] = {}  # a phrase ends here
    return rf"(?<!\w){_trie_source(root)}(?!\w)"


def _atom(ch: str) -> str:
    return r"\s+" if ch == " " else re.escape(ch)


def _trie_source(node: dict[str, dict]) -> str:
    branches = []
    for ch, child in node.items():
        if not ch:
            continue
        # Follow a run of single-child nodes in a loop: recursion only where phrases branch,
        # so a long phrase cannot exhaust the stack.
        run = [_atom(ch)]
        while len(child) == 1 and "" not in child:
            (ch, child), = child.items()
            run.append(_atom(ch))
        branches.append("".join(run) + _trie_source(child))
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    # A phrase ending here while longer ones go on: the longer branch is tried first (greedy).
    return f"(?:{body})?" if "" in node else body


def lowered(doc) -> str | None:
    """The document's masked text in lower case, computed once for every rule that matches
    lower-cased phrases with a case-sensitive pattern (faster than ``re.IGNORECASE``); None
    when lower-casing changes the length ("İ"), since offsets would shift."""
    cache = doc.cache
    if "lowered" not in cache:
        low = doc.masked.lower()
        cache["lowered"] = low if len(low) == len(doc.masked) else None
    return cache["lowered"]


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
