"""``substitution``: report a phrase that has a preferred replacement, and offer it.

Literal phrase lists run to hundreds of entries (with their inflected forms, many hundreds), so
they are compiled into one regex shaped like a trie, each shared prefix written once. Python's
``re`` tries a flat alternation's branches one by one at every word start: 600 phrases took
about 5 seconds over the BBC corpus as a flat alternation and 0.3 as a trie. Case-insensitive
lists are matched against a lower-cased copy of the text with a case-sensitive pattern, which
lets ``re`` reject a branch on its first character cheaply: 0.1 seconds.
"""

from __future__ import annotations

import re

from ..regexes import compiled
from . import Context, Hit, Kind, option
from .inflection import noun_variants, verb_variants
from .patterns import Exceptions, lowered, match_case, normalise, trie_regex


def _is_name(text: str, unit_start: int, start: int, end: int) -> bool:
    """Every word capitalised, and not merely because it opens the sentence."""
    if not all(word[0].isupper() for word in text[start:end].split()):
        return False
    return any(ch.isalnum() for ch in text[unit_start:start])


class Substitution(Kind):
    name = "substitution"

    swap: dict[str, str] = option(dict)
    """Phrase to replace -> preferred text (empty string: delete)."""
    verb_swap: dict[str, str] = option(dict)
    """Like ``swap``, for a phrase built on a verb the replacement keeps ("join together" ->
    "join"): the verb's regular -s, -ed and -ing forms match too, and the replacement takes the
    same form ("joined together" -> "joined"). The verb is the first word of key and
    replacement, else the last ("completely eliminate" -> "eliminate")."""
    noun_swap: dict[str, str] = option(dict)
    """Like ``swap``, for a noun phrase: its regular plural matches too and the replacement
    takes the plural ("end results" -> "results", "ATM machines" -> "ATMs"). The phrase's
    head noun is its last word, or the word before "of" ("periods of time" -> "periods")."""
    exceptions: list[str] = option(list)
    skip_names: bool = False
    """Skip a match whose words are all capitalised inside a sentence: it is a name ("the MTV
    show Advance Warning", "Advance Planning Documents"), which the writer cannot change."""
    ignorecase: bool = True
    regex: bool = False
    """Treat the keys of ``swap`` as regular expressions instead of literal phrases."""

    def __post_init__(self) -> None:
        if not (self.swap or self.verb_swap or self.noun_swap):
            raise ValueError("substitution needs a non-empty 'swap', 'verb-swap' or 'noun-swap'")
        if self.regex:
            if self.verb_swap or self.noun_swap:
                raise ValueError("'verb-swap' and 'noun-swap' take literal phrases, not regexes")
            # One group per key so the matching key (and its replacement) is known.
            # Keys may hold groups of their own: remember where each key's outer group is.
            self._groups: list[tuple[int, str]] = []
            index = 1
            for key, value in self.swap.items():
                self._groups.append((index, value))
                index += 1 + compiled(key).groups
            body = "|".join(f"({k})" for k in self.swap)
            self._pattern = compiled(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE if self.ignorecase else 0)
        else:
            table = self.expanded()
            self._lookup = {normalise(k): v for k, v in table.items()}
            self._phrases = list(table)
            self._pattern = None  # compiled on first use: a run served by the cache never needs it
            self._fallback: re.Pattern[str] | None = None
        self._exceptions = Exceptions(self.exceptions, self.ignorecase)

    def expanded(self) -> dict[str, str]:
        """Every literal phrase matched, inflected forms included, with its replacement.
        A phrase written in ``swap`` wins over the same phrase generated from another entry."""
        table: dict[str, str] = {}
        for entries, variants in ((self.verb_swap, verb_variants), (self.noun_swap, noun_variants)):
            for key, value in entries.items():
                table.update(variants(key, value))
        table.update(self.swap)
        return table

    def _replacement(self, m: re.Match[str]) -> str:
        if self.regex:
            return next((value for index, value in self._groups if m.group(index) is not None), "")
        return self._lookup.get(normalise(m.group()), "")

    def _haystack(self, ctx: Context) -> tuple[str, re.Pattern[str]]:
        """The text to search and the pattern to search it with."""
        text = ctx.text
        if self._pattern is None:
            self._pattern = trie_regex((k.lower() for k in self._phrases) if self.ignorecase else self._phrases)
        if self.regex or not self.ignorecase:
            return text, self._pattern
        low = lowered(ctx.doc)
        if low is not None:
            return low, self._pattern
        # A few characters grow when lower-cased ("İ"): offsets would shift, so match as written.
        if self._fallback is None:
            self._fallback = trie_regex(self._phrases, re.IGNORECASE)
        return text, self._fallback

    def check(self, ctx: Context):
        text = ctx.text
        haystack, pattern = self._haystack(ctx)
        for unit in ctx.units:
            for m in pattern.finditer(haystack, unit.start, unit.end):
                start, end = m.span()
                if end == start or self._exceptions.excuse(text, unit, start, end):
                    continue
                if self.skip_names and _is_name(text, unit.start, start, end):
                    continue
                replacement = match_case(text[start:end], self._replacement(m))
                yield Hit(start, end, replacement, {"replacement": replacement})
