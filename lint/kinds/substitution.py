"""``substitution``: report a phrase that has a preferred replacement, and offer it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import Context, Hit, Kind
from .patterns import Exceptions, alternation, match_case, normalise, phrase_regex


@dataclass
class Substitution(Kind):
    name = "substitution"

    swap: dict[str, str] = field(default_factory=dict)
    """Phrase to replace -> preferred text (empty string: delete)."""
    exceptions: list[str] = field(default_factory=list)
    ignorecase: bool = True
    regex: bool = False
    """Treat the keys of ``swap`` as regular expressions instead of literal phrases."""

    def __post_init__(self) -> None:
        if not self.swap:
            raise ValueError("substitution needs a non-empty 'swap'")
        if self.regex:
            # One group per key so the matching key (and its replacement) is known.
            # Keys may hold groups of their own: remember where each key's outer group is.
            self._groups: list[tuple[int, str]] = []
            index = 1
            for key, value in self.swap.items():
                self._groups.append((index, value))
                index += 1 + re.compile(key).groups
            body = "|".join(f"({k})" for k in self.swap)
            self._pattern = re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE if self.ignorecase else 0)
        else:
            self._lookup = {normalise(k): v for k, v in self.swap.items()}
            self._pattern = alternation((phrase_regex(k) for k in self.swap), self.ignorecase)
        self._exceptions = Exceptions(self.exceptions, self.ignorecase)

    def _replacement(self, m: re.Match[str]) -> str:
        if self.regex:
            return next((value for index, value in self._groups if m.group(index) is not None), "")
        return self._lookup.get(normalise(m.group()), "")

    def check(self, ctx: Context):
        text = ctx.text
        for unit in ctx.units:
            for m in self._pattern.finditer(text, unit.start, unit.end):
                if m.end() == m.start() or self._exceptions.excuse(text, unit, m.start(), m.end()):
                    continue
                replacement = match_case(m.group(), self._replacement(m))
                yield Hit(m.start(), m.end(), replacement, {"replacement": replacement})
