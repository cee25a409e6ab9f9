"""Sentence segmentation inside the blocks a loader found.

Works on the masked text, so markup never ends a sentence. A candidate boundary is sentence-final
punctuation (with any closing quotes or brackets) followed by whitespace; it is rejected when the
word before is a known abbreviation or an initial, or when the next word starts in lower case
(`"Why?" she asked.`, `e.g. this`). One linear pass per block: no backtracking across sentences.
"""

from __future__ import annotations

from collections.abc import Iterable

from .regexes import compiled
from .document import Block, Span, trim

# Abbreviations that are never the end of a sentence when a word follows them: titles before
# names, months before days, "No." before numbers, Latin shorthands.
_ALWAYS_ABBREV = frozenset(
    """mr mrs ms dr prof sen rep gov gen lt col capt cpt sgt maj adm cmdr st mt ft jr sr rev hon
    pres supt insp det cllr messrs mme mlle
    jan feb mar apr jun jul aug sep sept oct nov dec
    e.g i.e cf vs v approx est dept fig figs vol ch pp p para sec art""".split()
)
# Abbreviations that end a sentence only if the next word is a typical sentence opener
# ("... in the U.S. The next day"), otherwise they sit mid-sentence ("U.S. President Biden").
_SOMETIMES_ABBREV = frozenset(
    "u.s u.k u.n e.u inc ltd co corp plc llc bros etc al a.m p.m u.s.a d.c no nos".split()
)
_OPENERS = frozenset(
    """the a an but and he she it they we i you this that these those there in on at for after
    before when while if as his her its their our my so yet however meanwhile still then now
    what why how who where some many most one two three""".split()
)

# The first character is written apart from the repeat so that the regex engine skips ahead
# to the next stop in C (a pattern opening with a repeat is tried at every position): half the
# time of the scan.
_BOUNDARY = compiled(r"[.!?…][.!?…]*[\"'”’»)\]]*(?=\s)")
_WORD_BEFORE = compiled(r"([\w.]+)\Z")
_NEXT = compiled(r"\s*([\"'“‘«(\[]*)(\S?)(\w*)")
_INITIAL = compiled(r"^(?:[A-Z]\.)+[A-Z]?$|^[A-Z]$")


def _is_boundary(text: str, punct_start: int, punct_end: int, end: int) -> bool:
    punct = text[punct_start:punct_end]
    nxt = _NEXT.match(text, punct_end, end)
    first = nxt.group(2) if nxt else ""
    if not first:
        return True  # punctuation at the end of the block
    if first.islower():
        return False  # `"Why?" she asked.` / "e.g. this" / "3 p.m. on"
    if punct[0] != ".":
        return True  # ? ! … followed by a capital or digit
    # The word before the stop: the letters after the last space, when that is all they are
    # (most sentence ends); else the run of word characters and dots the pattern finds.
    word = text[max(text.rfind(" ", max(0, punct_start - 40), punct_start) + 1, punct_start - 40, 0) : punct_start]
    if not word.isalpha():
        before = _WORD_BEFORE.search(text, max(0, punct_start - 40), punct_start)
        if not before:
            return True
        word = before.group(1)
    if len(word) > 1 and word.isupper() and "." not in word:
        return True  # an acronym ("the SEC.", "patients with MS."), not "Sec." or "Ms."
    lower = word.lower().rstrip(".")
    initial = word[:1].isupper() and _INITIAL.match(word) is not None
    if initial and len(word) == 1:
        return False  # "James B. Comey"; "U.S." is decided below
    if lower in _ALWAYS_ABBREV:
        # "No. 10" is an abbreviation only before a number; "said no." ends a sentence
        return False
    if lower in _SOMETIMES_ABBREV or initial:
        if lower in ("no", "nos"):
            return not first.isdigit()
        return (first + nxt.group(3)).lower() in _OPENERS
    return True


def split_block(text: str, block: Block) -> list[Span]:
    """Sentences of one block as spans, trimmed of surrounding whitespace."""
    bounds: list[tuple[int, int]] = []
    start, end = block.start, block.end
    for m in _BOUNDARY.finditer(text, start, end):
        if _is_boundary(text, m.start(), m.end(), end):
            bounds.append((start, m.end()))
            start = m.end()
    bounds.append((start, end))
    spans = []
    for start, end in bounds:
        # A sentence after the first starts with the space after the stop: trim only then.
        if text[start : start + 1].isspace() or text[end - 1 : end].isspace():
            start, end = trim(text, start, end)
        if end > start:
            spans.append(Span(start, end))
    return spans


def sentences(text: str, blocks: Iterable[Block]) -> list[Span]:
    out: list[Span] = []
    for block in blocks:
        out.extend(split_block(text, block))
    return out
