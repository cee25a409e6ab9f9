"""``existence``: report every occurrence of listed words, phrases or regexes."""

from __future__ import annotations


from . import Context, Hit, Kind, option
from .patterns import Exceptions, alternation, phrase_regex


class Existence(Kind):
    name = "existence"

    tokens: list[str] = option(list)
    """Words or phrases, matched literally on word boundaries."""
    raw: list[str] = option(list)
    """Regular expressions, matched as written (still on word boundaries)."""
    exceptions: list[str] = option(list)
    """Phrases inside which a match is not reported."""
    ignorecase: bool = True

    def __post_init__(self) -> None:
        if not self.tokens and not self.raw:
            raise ValueError("existence needs 'tokens' or 'raw'")
        sources = [phrase_regex(t) for t in self.tokens] + list(self.raw)
        self._pattern = alternation(sources, self.ignorecase)
        self._exceptions = Exceptions(self.exceptions, self.ignorecase)

    def check(self, ctx: Context):
        text = ctx.text
        for unit in ctx.units:
            for m in self._pattern.finditer(text, unit.start, unit.end):
                if m.end() > m.start() and not self._exceptions.excuse(text, unit, m.start(), m.end()):
                    yield Hit(m.start(), m.end())
