"""``repeated-phrase``: a phrase said twice within one sentence.

"In 2020, Ukraine's recognition … Partner in 2020 strengthens …" The sentence is tokenised once
(quoted speech left out: a source's words cannot be edited), every pair of adjacent words is
indexed, and a pair seen before is grown to the longest phrase both places share. The repeat is
reported when the phrase is a time or place expression ("in 2020", "this year", "on Monday",
"in Brussels") or carries at least two content words ("joint training centre"). Linear in the
sentence: one dictionary lookup per word pair.

Not reported: function-word phrases ("of the"), quantities ("per cent", "a year"), deliberate
parallelism ("the number of men and the number of women"), and a number used in different
expressions ("the 2020 budget" … "in 2020") since those are different phrases.
"""

from __future__ import annotations

from collections import namedtuple
from itertools import filterfalse

from ..regexes import compiled
from ..tokens import WORDS_GROUP, WordIndex
from . import Context, Hit, Kind

_FUNCTION_WORDS = frozenset(
    """a an the this that these those some any each every no all both either neither another
    of in on at to for from by with about against between into through during before after above
    below over under up down out off near since until upon within without across along around
    behind beyond among amid via per than as like and or but nor so yet if then because while
    whereas although though whether when where which who whom whose what why how
    i me my mine we us our ours you your yours he him his she her hers it its they them their
    theirs one ones
    is are was were be been being am has have had having do does did done will would shall
    should can could may might must ought not n't also just only even still very more most less
    least much many few such same other own there here now too again ever never always often
    said says say told tell tells according""".split()
)
# Quantities and units: "5 per cent … 3 per cent", "£2m a year … £1m a year" are not repeats.
_UNITS = frozenset(
    """cent percent percentage points point pence p pounds pound dollars dollar euros euro yen
    million millions billion billions trillion thousand thousands hundred hundreds bn m k
    year years month months week weeks day days hour hours minute minutes second seconds
    time times people per""".split()
)
_TIME_WORDS = frozenset(
    """year week month day weekend decade century season quarter morning afternoon evening night
    spring summer autumn fall winter time
    monday tuesday wednesday thursday friday saturday sunday
    january february march april may june july august september october november december
    today yesterday tomorrow""".split()
)
# First words of a time or place adverbial ("in 2020", "this year", "last week", "at Wembley").
_TIME_LEADS = frozenset("in on at during since by until this last next earlier later".split())
_PLACE_LEADS = frozenset("in at".split())
_NP_LINKS = frozenset("of and &".split())
_DETERMINERS = frozenset("the a an this that these those its their his her our my your".split())
_COORDINATORS = frozenset("and or nor but than versus vs v whereas while to".split())
# Longest phrase grown from a repeated pair: keeps a sentence of one phrase said over and over
# ("in March and in April and in March …") linear instead of quadratic.
_MAX_PHRASE = 12
_YEAR = compiled(r"(?:1[89]|20)\d\d(?:s)?$")


# A token: its span and text; key, lower case with the curly apostrophe straightened; joined,
# only spaces separate it from the next token; opens, punctuation (or the sentence start) comes
# right before it.
_Tok = namedtuple("_Tok", "start end text key joined opens")


_CLAUSE_PUNCT = frozenset(",;:–—-(")


def _sentence_tokens(text: str, index: WordIndex, first: int, last: int, quotes) -> list[_Tok]:
    """The words ``first`` to ``last`` of the shared index (one sentence), quoted speech left out."""
    starts, ends, keys = index.starts, index.ends, index.keys
    raw = [k for k in range(first, last) if not quotes.overlaps(starts[k], ends[k])]
    out = []
    prev_end = starts[first] if first < last else 0
    for n, k in enumerate(raw):
        start, end = starts[k], ends[k]
        nxt = raw[n + 1] if n + 1 < len(raw) else None
        joined = nxt is not None and text[end : starts[nxt]].isspace()
        opens = n == 0 or any(c in _CLAUSE_PUNCT for c in text[prev_end:start])
        out.append(_Tok(start, end, text[start:end], keys[k], joined, opens))
        prev_end = end
    return out


# Words a reported phrase never consists of alone: a time or place phrase ends in a time word, a
# year or a name, and a content phrase holds content words ("may" is both a verb and a month).
_WEAK = _FUNCTION_WORDS - _TIME_WORDS


def _repeats_strong_pair(words: list[str]) -> bool:
    """Whether some pair of adjacent words occurs twice and is not two function words. Every
    reportable repeat holds such a pair (its phrase repeats whole, and holds a word that is not
    weak next to another), so a sentence without one is skipped untested."""
    strong = list(filterfalse(_WEAK.__contains__, words))
    if len(set(strong)) == len(strong):
        return False  # no word that is not weak occurs twice, so no such pair does
    pairs = list(zip(words, words[1:]))
    if len(set(pairs)) == len(pairs):
        return False
    seen = set()
    for pair in pairs:
        if pair in seen and (pair[0] not in _WEAK or pair[1] not in _WEAK):
            return True
        seen.add(pair)
    return False


def _is_content(key: str) -> bool:
    return key not in _FUNCTION_WORDS and key not in _UNITS and not key[0].isdigit() and len(key) > 1


def _is_time_or_place(phrase: list[_Tok]) -> bool:
    if len(phrase) < 2:
        return False
    lead, head = phrase[0].key, phrase[-1]
    if lead in _TIME_LEADS and (head.key in _TIME_WORDS or _YEAR.match(head.key)):
        return all(t.key in _TIME_LEADS or t.key in _TIME_WORDS or _YEAR.match(t.key) for t in phrase)
    # "in Brussels", "at Wembley": a preposition and a capitalised name, nothing else
    return (
        len(phrase) == 2
        and lead in _PLACE_LEADS
        and head.text[0].isupper()
        and head.key not in _TIME_WORDS
        and _is_content(head.key)
    )


def _qualifies(phrase: list[_Tok], min_words: int, min_content: int) -> bool:
    if _is_time_or_place(phrase):
        return True
    # A content phrase must read as a noun phrase ("joint training centre", "type of ink"):
    # repeated verb phrases are mostly deliberate parallel clauses ("France wants it lifted
    # because …; China wants it lifted because …"), and terms of art recur naturally.
    inner_ok = all(_is_content(t.key) or t.key[0].isdigit() or t.key in _NP_LINKS for t in phrase[1:-1])
    edges_ok = _is_content(phrase[0].key) and _is_content(phrase[-1].key)
    return (
        len(phrase) >= min_words
        and inner_ok
        and edges_ok
        and sum(1 for t in phrase if _is_content(t.key)) >= min_content
    )


def _parallel(toks: list[_Tok], first: int, second: int, length: int) -> bool:
    """Deliberate parallelism: "the number of men and the number of women" (two coordinated
    items close together), or clauses opening with the same words ("make a change, run the
    tests, make a change"; "companies want to maximise profit, governments want to maximise
    tax revenue")."""
    between = toks[first + length : second]
    if len(between) <= 3 and (toks[second - 1].key in _COORDINATORS or (
        len(between) <= 2 and any(t.key in _COORDINATORS for t in between)
    )):
        return True
    return _opens_clause(toks, first) and _opens_clause(toks, second)


def _opens_clause(toks: list[_Tok], i: int) -> bool:
    """Whether token i starts a clause, allowing one subject word before it ("you can …")."""
    def starts(k: int) -> bool:
        return toks[k].opens or (k > 0 and toks[k - 1].key in _COORDINATORS)

    return starts(i) or (i > 0 and starts(i - 1))


def _contrasted(toks: list[_Tok], first: int, second: int, length: int) -> bool:
    """Each occurrence qualified by a different word: "residential real estate activity" and
    "commercial real estate activity", "the party of tax rises" and "the party of tax cuts",
    "two top 10 albums" and "three top 10 albums" name two things, not one thing twice."""
    if first > 0 and toks[first - 1].joined and toks[second - 1].joined:
        a, b = toks[first - 1].key, toks[second - 1].key
        if a != b and a not in _DETERMINERS and b not in _DETERMINERS:
            return True
    after_first, after_second = first + length, second + length
    if after_second < len(toks) and toks[after_first - 1].joined and toks[after_second - 1].joined:
        a, b = toks[after_first].key, toks[after_second].key
        return a != b and _is_content(a) and _is_content(b)
    return False


def _inside_name(toks: list[_Tok], i: int, length: int) -> bool:
    """A capitalised repeat that is part of a longer name in this place: "Banc of America
    Securities", "National Bank of Iraq", "in Key Stage 2"."""
    before = toks[i - 1] if i > 0 and toks[i - 1].joined else None
    k = i + length
    after = toks[k] if k < len(toks) and toks[k - 1].joined else None
    if after is not None and after.key in _NP_LINKS and k + 1 < len(toks) and after.joined:
        after = toks[k + 1]  # "White House Office of Management"
    return any(t is not None and t.text[0].isupper() and t.key not in _FUNCTION_WORDS for t in (before, after))


def _capitalised(phrase: list[_Tok]) -> bool:
    return all(t.text[0].isupper() or t.key in _FUNCTION_WORDS for t in phrase)


class RepeatedPhrase(Kind):
    name = "repeated-phrase"
    cost = 2.0
    work_group = WORDS_GROUP

    min_words: int = 3
    """Words a phrase needs to count when it is not a time or place expression."""
    min_content_words: int = 2
    """Content words such a phrase needs (words that are not function words, units or numbers)."""
    ignore: list[str] = None  # type: ignore[assignment]
    """Phrases never reported (lower case), e.g. a newsroom's fixed expressions."""

    def __post_init__(self) -> None:
        if self.min_content_words < 1 or self.min_words < 2:
            raise ValueError("min-words must be at least 2 and min-content-words at least 1")
        self._ignore = frozenset(" ".join(p.lower().split()) for p in (self.ignore or []))

    def check(self, ctx: Context):
        text = ctx.text
        index = WordIndex.of(ctx.doc)
        keys = index.keys
        for unit, i, j in zip(ctx.units, *index.ranges(ctx.units)):
            # Most sentences repeat no pair of words, or only pairs of function words ("of
            # the"): find out from the shared word index before building tokens.
            if j - i < 4 or not _repeats_strong_pair(keys[i:j]):
                continue
            toks = _sentence_tokens(text, index, i, j, ctx.doc.quotes)  # found on first use
            yield from self._repeats(toks)

    def _repeats(self, toks: list[_Tok]):
        first_seen: dict[tuple[str, str], int] = {}
        covered_until = -1  # token index up to which a reported repeat already extends
        n = len(toks)
        for i in range(n - 1):
            if not toks[i].joined:
                continue
            pair = (toks[i].key, toks[i + 1].key)
            j = first_seen.get(pair)
            if j is None:
                first_seen[pair] = i
                continue
            if i <= covered_until or j + 1 >= i:
                continue  # inside a repeat already reported, or overlapping itself ("day after day")
            # Grow both occurrences to the right while they agree and stay joined.
            length = 2
            while (
                length < _MAX_PHRASE
                and i + length < n
                and j + length < i
                and toks[i + length - 1].joined
                and toks[j + length - 1].joined
                and toks[i + length].key == toks[j + length].key
            ):
                length += 1
            # Grow to the left too, when the pair started mid-phrase in both places.
            while length < _MAX_PHRASE and j > 0 and i - 1 > j + length - 1 and toks[j - 1].joined and toks[i - 1].joined and toks[j - 1].key == toks[i - 1].key:
                i, j, length = i - 1, j - 1, length + 1
            lo, hi = _core(toks[i : i + length])
            if hi <= lo:
                continue
            # From here on, judge the core phrase at both places: a, b its starts, size its length.
            a, b, size = j + lo, i + lo, hi - lo
            core = toks[b : b + size]
            if " ".join(t.key for t in core) in self._ignore:
                continue
            if not _qualifies(core, self.min_words, self.min_content_words) or _parallel(toks, a, b, size):
                continue
            timed = _is_time_or_place(core)
            if timed and (_extended(toks, a, size) or _extended(toks, b, size) or _counted(toks, a, b)):
                continue  # "in December" vs "in December 2003"; "1.8% this year" vs "2% this year"
            if not timed and _contrasted(toks, a, b, size):
                continue
            if _capitalised(core[1:] if timed else core) and (_inside_name(toks, a, size) or _inside_name(toks, b, size)):
                continue
            covered_until = i + length - 1
            yield Hit(core[0].start, core[-1].end, None, {"phrase": " ".join(t.text for t in core)})


def _extended(toks: list[_Tok], start: int, length: int) -> bool:
    """Whether a time expression continues past the repeat: "in December 2003", "in May 5"."""
    last = start + length - 1
    if last + 1 >= len(toks) or not toks[last].joined:
        return False
    nxt = toks[last + 1].key
    return nxt[0].isdigit() or nxt in _TIME_WORDS


def _counted(toks: list[_Tok], first: int, second: int) -> bool:
    """Different figures for the same period: "1.8% this year" and "2% this year"."""
    if first == 0:
        return False
    a, b = toks[first - 1].key, toks[second - 1].key
    return a != b and a[0].isdigit() and b[0].isdigit()


def _core(phrase: list[_Tok]) -> tuple[int, int]:
    """The part of a repeated phrase worth judging, as [lo, hi) indices: a time/place phrase
    whole (or at the phrase's end: "the summit in 2020"), else the phrase without function
    words at its edges."""
    if _is_time_or_place(phrase):
        return 0, len(phrase)
    for k in range(max(0, len(phrase) - 3), len(phrase) - 1):
        if _is_time_or_place(phrase[k:]):
            return k, len(phrase)
    lo, hi = 0, len(phrase)
    while lo < hi and phrase[lo].key in _FUNCTION_WORDS:
        lo += 1
    while hi > lo and phrase[hi - 1].key in _FUNCTION_WORDS:
        hi -= 1
    return lo, hi
