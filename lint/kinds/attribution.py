"""``attribution``: the same source credited twice within one sentence.

"According to Ukrainian News, … , according to Ukrainian News." A sentence is tokenised once;
attribution cues are found by looking at tokens ("according to X", "citing X", "reported by X",
"X said", "said X") and the source next to each cue is read as a name: a run of capitalised words
(with "of", "and", "for" inside it), or "the" and up to three lower-case words ("the ministry").
Names are compared after normalisation (case, "the", possessive, agency suffixes), so the two
attributions may use different forms ("X reported … according to X").
"""

from __future__ import annotations

import bisect
import re
from collections import namedtuple
from collections.abc import Iterator
from itertools import compress

from ..regexes import compiled
from ..tokens import WORD, WORDS_GROUP, Token, WordIndex, tokens
from . import Context, Hit, Kind, option


_VERBS = frozenset(
    """said says told tells reported reports announced announces wrote writes added adds stated
    states claimed claims confirmed confirms noted notes revealed reveals insisted insists""".split()
)
# Verb forms that are also plural nouns; read as verbs only when a clause or a stop follows.
_NOUN_LIKE = frozenset("reports notes claims states adds says tells writes".split())
_BY_VERBS = frozenset("reported quoted cited published".split())
_TOLD = frozenset("told tells".split())
# The words an attribution hangs on. find_attributions reads them as whole words only, so they
# are looked up among the shared index's words (a set lookup per word, in C) rather than
# searched for in the text.
_CUE_WORDS = frozenset({"according", "citing", "quoting", "by", *_VERBS})
# Cues that bring a second source by themselves ("Interfax, citing a ministry source, said").
_DOUBLE_CUES = frozenset({"citing", "quoting"})
_AUXILIARIES = frozenset("has had have was were is".split())
_CONNECTORS = frozenset("of for and de du al la von van der".split())
_PRONOUNS = frozenset("he she it they we i you this that these those there who which what".split())
# Capitalised words that open a sentence without being part of a name ("Earlier Smith said").
_OPENERS = frozenset(
    """earlier later but and meanwhile yesterday today however also then now still in on at
    last this that so as when while after before separately""".split()
)
# Lower-case words that end a lower-case source ("the ministry in a statement").
_STOP = frozenset(
    """that which who whom in on at of for to from by with is was are were has had have said says
    told reported and or but as after before while when on""".split()
)
_INVERTED_FOLLOWERS = frozenset(
    "on in at late earlier yesterday today adding citing according last this".split()
)
_ORG_NOUNS = frozenset("agency news newspaper daily channel broadcaster website".split())
# Sources news copy names with a bare plural noun ("police said", "according to officials"),
# read as a source with at most the words just before it ("US officials", "local police").
_COLLECTIVE = frozenset(
    """police officials authorities prosecutors investigators witnesses analysts experts residents
    doctors researchers scientists economists diplomats lawyers regulators organisers organizers
    campaigners activists medics paramedics firefighters rescuers critics observers sources""".split()
)
_SUFFIXES = (" news agency", " agency", " newspaper", " news service", " news")


# An attribution: the span of the whole of it (cue and source), the source as written, the
# normalised names it may go by (a frozenset), and its cue: "according", "citing", "by"
# (reported by), "verb" (X said) or "inverted" (said X).
Attribution = namedtuple("Attribution", "start end source keys cue")


def normalise_source(name: str) -> str:
    """Case, spacing, a leading "the" and a possessive do not change who the source is."""
    key = " ".join(name.lower().replace("’", "'").split())
    if key.startswith("the "):
        key = key[4:]
    if key.endswith("'s"):
        key = key[:-2]
    elif key.endswith("'"):
        key = key[:-1]
    return key


def source_keys(name: str) -> frozenset[str]:
    """The normalised name and its forms without an agency suffix: "Ukrainian News Agency"
    goes by "ukrainian news agency", "ukrainian news" and "ukrainian"."""
    key = normalise_source(name)
    keys = {key}
    for suffix in _SUFFIXES:
        if key.endswith(suffix) and len(key) > len(suffix):
            keys.add(key[: -len(suffix)])
    return frozenset(keys)


def _is_name_word(tok: Token) -> bool:
    return tok.text[0].isupper()


class _Sentence:
    def __init__(self, text: str, start: int, end: int) -> None:
        self.text = text
        self.toks = tokens(text, start, end)
        self.end = end

    def joined(self, i: int) -> bool:
        """True when only whitespace separates token i from token i+1."""
        a, b = self.toks[i], self.toks[i + 1]
        return self.text[a.end : b.start].isspace() or a.end == b.start

    def gap_after(self, i: int) -> str:
        end = self.toks[i + 1].start if i + 1 < len(self.toks) else self.end
        return self.text[self.toks[i].end : end]

    def source_forward(self, j: int) -> tuple[int, int] | None:
        """Token range [j, k) of a source name starting at token j."""
        toks, n = self.toks, len(self.toks)
        if j >= n:
            return None
        k = j
        if toks[k].lower == "the":
            if k + 1 >= n or not self.joined(k):
                return None
            k += 1
            if not _is_name_word(toks[k]):
                # "the ministry", "the state news agency": lower-case words up to a stop word
                m = k
                while m < n and m - k < 3 and not _is_name_word(toks[m]) and toks[m].lower not in _STOP:
                    m += 1
                    if toks[m - 1].lower.endswith(("'s", "’s")):
                        break  # "the ministry's figures": the source is the owner
                    if m < n and not self.joined(m - 1):
                        break
                return (j, m) if m > k else None
        if toks[k].lower in _COLLECTIVE and not _is_name_word(toks[k]):
            return j, k + 1  # "according to police" ("according to Police Scotland" is a name)
        if (not _is_name_word(toks[k]) and k + 1 < n and toks[k + 1].lower in _COLLECTIVE
                and self.joined(k) and toks[k].lower not in _STOP):
            return j, k + 2  # "according to local police"
        if not _is_name_word(toks[k]) or toks[k].lower in _PRONOUNS:
            return None
        k += 1
        while k < n and self.joined(k - 1):
            if _is_name_word(toks[k]):
                k += 1
            elif toks[k].lower in _CONNECTORS and k + 1 < n and self.joined(k) and _is_name_word(toks[k + 1]):
                k += 2
            else:
                break
        return j, k

    def source_backward(self, i: int) -> tuple[int, int] | None:
        """Token range [j, i+1) of a source name ending at token i."""
        toks = self.toks
        if i < 0:
            return None
        end = i
        # "the Xinhua news agency said": lower-case organisation nouns after a name
        while i > 0 and toks[i].lower in _ORG_NOUNS and self.joined(i - 1) and end - i < 2:
            i -= 1
        if i < end and not _is_name_word(toks[i]):
            i = end
        if not _is_name_word(toks[i]):
            # "the ministry said"
            if i >= 1 and toks[i - 1].lower == "the" and self.joined(i - 1) and toks[i].lower not in _STOP:
                return i - 1, i + 1
            if toks[i].lower in _COLLECTIVE:
                # "police said", "US officials said", "local police said": the noun with the
                # word before it, so that Russian and Ukrainian officials stay two sources
                j = i
                if i >= 1 and self.joined(i - 1) and toks[i - 1].lower not in _STOP | _PRONOUNS:
                    j = i - 1
                return j, i + 1
            return None
        j = i
        while j > 0 and self.joined(j - 1):
            prev = toks[j - 1]
            if _is_name_word(prev):
                j -= 1
            elif prev.lower in _CONNECTORS and j >= 2 and self.joined(j - 2) and _is_name_word(toks[j - 2]):
                j -= 2
            elif prev.lower == "the":
                j -= 1
                break
            else:
                break
        while j < i and toks[j].lower in _OPENERS:
            j += 1
        if j == i and (toks[j].lower in _PRONOUNS or toks[j].lower in _OPENERS):
            return None  # "It said", "As reported": no name before the verb
        return j, end + 1


def _clause_follows(s: _Sentence, i: int) -> bool:
    gap = s.gap_after(i).strip()
    if gap[:1] in (",", ".", ":", ";", "\"", "“", "—", "-") or i + 1 >= len(s.toks):
        return True
    return s.toks[i + 1].lower in ("that", "it", "the", "a", "an") or s.toks[i + 1].text[0].isupper()


def find_attributions(text: str, start: int, end: int, quotes=None) -> list[Attribution]:
    """Attributions in the sentence ``[start, end)``; cues inside ``quotes`` (quoted speech) are
    the speaker's words, not the article's attributions, and are skipped."""
    s = _Sentence(text, start, end)
    toks, n = s.toks, len(s.toks)
    found: list[Attribution] = []

    def add(cue_start: int, cue_end: int, rng: tuple[int, int], cue: str) -> None:
        a, b = rng
        if quotes is not None and quotes.overlaps(cue_start, cue_end):
            return
        name = " ".join(text[toks[a].start : toks[b - 1].end].split())  # masked markup is spaces
        keys = source_keys(name) - _PRONOUNS - {""}
        if keys:
            found.append(Attribution(min(cue_start, toks[a].start), max(cue_end, toks[b - 1].end), name, keys, cue))

    i = 0
    while i < n:
        word = toks[i].lower
        rng = None
        cue = ""
        if word == "according" and i + 1 < n and toks[i + 1].lower == "to":
            rng, cue = s.source_forward(i + 2), "according"
        elif word in ("citing", "quoting"):
            # "Interfax, citing a ministry source, said …": Interfax is credited too.
            if i >= 1 and s.gap_after(i - 1).strip() == ",":
                owner = s.source_backward(i - 1)
                if owner:
                    add(toks[owner[0]].start, toks[owner[1] - 1].end, owner, "citing")
            rng, cue = s.source_forward(i + 1), "citing"
        elif word == "by" and i > 0 and toks[i - 1].lower in _BY_VERBS:
            rng = s.source_forward(i + 1)
            if rng:
                first = i - 2 if i >= 2 and toks[i - 2].lower == "as" else i - 1
                add(toks[first].start, toks[i].end, rng, "by")
                i = rng[1]
                continue
        elif word in _VERBS:
            if word in _NOUN_LIKE and not _clause_follows(s, i):
                i += 1  # "the TPS reports every Friday": a noun, not a verb
                continue
            if word in _BY_VERBS and i + 1 < n and toks[i + 1].lower == "by":
                i += 1  # "As reported by the BBC": the source follows "by" (read next)
                continue
            back = i - 1
            while back >= 0 and toks[back].lower in _AUXILIARIES and s.joined(back):
                back -= 1
            # "Mr Blair's reported treaty": after a possessive the verb form is an adjective
            owner_possessive = back >= 0 and toks[back].lower.endswith(("'s", "’s", "s'", "s’"))
            rng = s.source_backward(back) if back >= 0 and s.joined(back) and not owner_possessive else None
            if owner_possessive:
                i += 1
                continue
            if rng:
                add(toks[rng[0]].start, toks[i].end, rng, "verb")
                i += 1
                continue
            # "said the ministry"; but "told Reuters" names who heard it, not who said it
            rng = s.source_forward(i + 1) if word not in _TOLD else None
            if rng:
                gap = s.gap_after(rng[1] - 1)
                follower = toks[rng[1]].lower if rng[1] < n else ""
                if gap.strip() or rng[1] >= n or follower in _INVERTED_FOLLOWERS:
                    add(toks[i].start, toks[i].end, rng, "inverted")
                    i = rng[1]
                    continue
            i += 1
            continue
        if rng:
            add(toks[i].start, toks[i].end, rng, cue)
            i = rng[1]
            continue
        i += 1
    return found


class DuplicateAttribution(Kind):
    name = "attribution"
    cost = 2.0
    work_group = WORDS_GROUP  # the word index, and the attributions found per sentence

    ignore_sources: list[str] = option(list)
    """Normalised source names never reported (e.g. a house style that repeats "Reuters")."""

    def __post_init__(self) -> None:
        self._ignore = frozenset(normalise_source(s) for s in self.ignore_sources)

    def check(self, ctx: Context):
        text = ctx.text
        for unit, attributions in _attributed_units(ctx):
            seen: dict[str, str] = {}  # key -> the source as first written
            for attr in attributions:
                if attr.keys & self._ignore:
                    continue
                earlier = next((seen[k] for k in attr.keys if k in seen), None)
                if earlier is not None and not _NEW_CLAUSE.search(text, unit.start, attr.start):
                    edit = _removal(text, attr)
                    safe = _safe_removal(text, unit.end, attr, earlier, edit)
                    yield Hit(attr.start, attr.end, "", {"source": earlier}, edit, safe)
                for key in attr.keys:
                    seen.setdefault(key, attr.source)


# A repeat that opens a clause of its own credits another claim: "Officials said the road would
# reopen, but officials said later that it might not."
_NEW_CLAUSE = compiled(r"\b(?:but|and|while|whereas|although|though|yet)[\s,]*\Z", re.I)


def _removal(text: str, attr: Attribution) -> tuple[int, int, str]:
    """The fix: drop the attribution with the comma (and space) that introduces it."""
    start = attr.start
    lead = start
    while lead > 0 and text[lead - 1] == " ":
        lead -= 1
    if lead > 0 and text[lead - 1] == ",":
        start = lead - 1
    return start, attr.end, ""


# What may follow an attribution that closes its sentence: the stop, closing quotes, brackets.
_CLOSING = compiled(r"\s*[.!?…][\s\"'”’)\]]*")


def _safe_removal(text: str, end: int, attr: Attribution, earlier: str, edit: tuple[int, int, str]) -> bool:
    """Whether removing the repeat is safe to do unasked: it names the source exactly as the
    first credit did (so "Fox said" after "according to Fox News" is left to a person: Fox may
    be someone else), it closes the sentence, and a comma introduces it, so that removing it
    with the comma leaves the sentence whole ("…, the ministry said." -> "…."). A repeat in
    mid-sentence ("…, the Kremlin told reporters") or after a colon needs a reader."""
    if normalise_source(attr.source) != normalise_source(earlier):
        return False
    if text[edit[0]] != ",":
        return False
    return _CLOSING.fullmatch(text, attr.end, end) is not None


# ---------------------------------------------------------------------------------------------
# Stacked attribution: one claim credited to two different sources.

def _attributed_units(ctx: Context) -> Iterator[tuple[object, list[Attribution]]]:
    """Each unit that holds two attributions or more, with them (``find_attributions``, computed
    once per document for both rules). Two attributions need two cue words ("X, citing Y" is
    two on its own): the cues are found once per document and dealt to the units they fall in,
    so the units without two, nearly all of them, are never visited one by one."""
    units = ctx.units
    starts, weights = _cues(ctx)
    if not starts:
        return
    unit_starts = [u.start for u in units]
    weight_of: dict[int, int] = {}
    for position, weight in zip(starts, weights):
        k = bisect.bisect_right(unit_starts, position) - 1
        if k >= 0 and position < units[k].end:
            weight_of[k] = weight_of.get(k, 0) + weight
    cache = ctx.doc.cache.setdefault("attributions", {})
    for k in sorted(k for k, weight in weight_of.items() if weight >= 2):
        unit = units[k]
        key = (unit.start, unit.end)
        found = cache.get(key)
        if found is None:
            found = cache[key] = find_attributions(ctx.text, unit.start, unit.end, _QuotesOf(ctx.doc))
        if found:
            yield unit, found


class _QuotesOf:
    """A document's quoted speech, found only when an attribution is about to be checked
    against it: most sentences with two cue words hold no attribution."""

    __slots__ = ("doc",)

    def __init__(self, doc) -> None:
        self.doc = doc

    def overlaps(self, start: int, end: int) -> bool:
        return self.doc.quotes.overlaps(start, end)


def _cues(ctx: Context) -> tuple[list[int], list[int]]:
    """Where the document's cue words start, and each one's weight: 2 for a cue that brings a
    second source by itself, else 1."""
    cues = ctx.doc.cache.get("attribution-cues")
    if cues is None:
        index = WordIndex.of(ctx.doc)
        keys, starts = index.keys, index.starts
        found = list(compress(range(len(keys)), map(_CUE_WORDS.__contains__, keys)))
        cues = ctx.doc.cache["attribution-cues"] = (
            [starts[k] for k in found], [2 if keys[k] in _DOUBLE_CUES else 1 for k in found])
    return cues


_PUBLISHING_VERBS = frozenset("reported reports wrote writes".split())
# Words that may open a sentence before its leading attribution ("But according to …").
_LEADS = compiled(r"^[\s\"“‘']*(?:(?:but|and|yet|so|however|meanwhile|still|now|separately)\b[\s,]*)?$", re.I)
# What may follow a closing attribution: a short time or place phrase, then the sentence's end.
_TAIL = compiled(
    r"^\s*(?:(?:on|in|at|late|early|earlier|last|this|yesterday|today|tonight|overnight)\b"
    r"[^,;:.!?]{0,40})?[\s.!?…\"'”’)\]]*$",
    re.I,
)


def _frames(text: str, start: int, end: int, attr: Attribution) -> bool:
    """Whether ``attr`` frames the sentence's claim: it opens the sentence ("According to X,",
    "X said that"), closes it (", X said.", ", according to X."), or sits between commas as an
    aside (", according to X,"). "Citing X" names the source of a source and frames nothing."""
    if attr.cue == "citing":
        return False
    before, after = text[start : attr.start], text[attr.end : end]
    if _LEADS.match(before):
        # "Reuters reported that …" frames the claim; "The mayor told the BBC …" is the claim.
        if attr.cue == "verb":
            return WORD.findall(text, attr.start, attr.end)[-1].lower() in _PUBLISHING_VERBS
        return attr.cue == "according" and after.lstrip().startswith(",")
    if not before.rstrip().endswith((",", "—", "–")):
        return False
    if _TAIL.match(after):
        return True
    return attr.cue == "according" and after.lstrip().startswith(",")


class StackedAttribution(Kind):
    name = "stacked-attribution"
    work_group = WORDS_GROUP

    min_claim_words: int = 3
    """Words the claim between the two attributions needs: "the ministry said, according to
    Interfax" is a chain of custody (Interfax reports what the ministry said), not a stack."""

    def check(self, ctx: Context):
        text = ctx.text
        for unit, attrs in _attributed_units(ctx):
            if len(attrs) < 2:
                continue
            frames = [a for a in attrs if _frames(text, unit.start, unit.end, a)]
            for k, later in enumerate(frames):
                earlier = next(
                    (e for e in frames[:k] if not (e.keys & later.keys)
                     and len(WORD.findall(text, e.end, later.start)) >= self.min_claim_words),
                    None,
                )
                if earlier is not None:
                    yield Hit(later.start, later.end, None, {"source": later.source, "earlier": earlier.source})
                    break
