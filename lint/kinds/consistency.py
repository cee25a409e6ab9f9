"""``name-consistency``: one entity written in two forms in one article.

Four finders:

- **Known variants** (rule data): spellings of one thing, "Kyiv" / "Kiev", "e-mail" / "email".
- **Place compounds**: "Russian-Ukrainian war" / "Russia-Ukraine War". Each part is read as its
  country (rule data: a country and its adjectives), so the two are one name written two ways.
- **Name forms**: a capitalised name written with and without a hyphen or space ("Time Warner"
  / "TimeWarner", "Kilroy-Silk" / "Kilroy Silk"), or in two cases ("WorldCom" / "Worldcom").
- **Misspelt names**: a long capitalised name one typing slip away from a name used more often
  ("Stoltenburg" once, "Stoltenberg" five times).

A capital letter means nothing at the start of a sentence or in a line written in title case,
so a name must be capitalised mid-sentence in body text somewhere to take part in the last two
finders, and case differences count only between such uses. Spelling and hyphenation count in
headlines too: "Russia-Ukraine War" as a heading is still a different form.

Speed: every finder starts with one regular-expression scan of the article (capitalised words
are counted, not visited one by one in Python); positions are looked up afterwards only for the
few forms that disagree. The work is linear in the article's length. Those counts and look-ups,
and where a word stands (a sentence's start, a title-like line), are
:class:`lint.kinds.name_layout.Layout`'s.

The finding is at the first use of each later form (for a misspelling: at each use of the rarer
form) and names the form used first (the frequent one).
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence

from ..regexes import compiled
from . import Context, Hit, Kind, option
from .name_layout import JOINERS, LOWER, UPPER, Layout, Use, fold, joined_key

# "TimeWarner", "JPMorgan" (an inner capital) or "Kilroy-Silk" (a capital after a hyphen): names
# that may also be written as two words.
_JOINED_NAME = compiled(rf"{LOWER}[{UPPER}]|\w[{UPPER}]{LOWER}|-[{UPPER}]")
_SPLIT_POINT = compiled(rf"(?<={LOWER})(?=[{UPPER}])|(?<=[{UPPER}])(?=[{UPPER}]{LOWER})|-")
_SEPARATOR = r"[ \t]?[-–—/][ \t]?|[ \t]"
_SEPARATORS = compiled(rf"({_SEPARATOR})")
_NEXT_WORD = compiled(rf"[ \t]+({LOWER}+|[{UPPER}]{LOWER}*)(?![\w-])")

# Words before a surname that say nothing about which person is meant.
_TITLES = frozenset(
    """mr mrs ms miss dr prof sir dame lord lady rev st president minister chancellor senator
    general captain coach manager chief secretary judge king queen prince princess pope""".split()
)
# Capitalised words before a name that are not a given name ("But Smith", "Later Smith").
_NOT_GIVEN = frozenset(
    """the a an but and or so yet as when while after before if that with by for from of in on
    at to new former then now later earlier meanwhile however""".split()
)
_MIN_CASE_LETTERS = 3  # "US" / "Us", "IT" / "It": too short to tell a name from a word
_MIN_SUBSTITUTION_LETTERS = 8  # "Bolton" / "Boston", "Dawson" / "Dowson" are different names
# A bucket of similar names is read up to this size.
_MAX_BUCKET = 12


class NameConsistency(Kind):
    name = "name-consistency"
    cost = 10.0

    variants: list[list[str]] = option(list)
    """Groups of spellings of one thing ("Kyiv", "Kiev"), compared without regard to case."""
    places: list[list[str]] = option(list)
    """A country and the adjectives for it ("Russia", "Russian"): equal in place compounds."""
    misspellings: bool = True
    """Report a rarely used name one typing slip away from a frequent one."""
    min_letters: int = 6
    """Shorter names are not checked for misspellings ("Ian" / "Iain", "Brown" / "Browne")."""

    def __post_init__(self) -> None:
        self._variant_group: dict[str, int] = {}
        names: list[str] = []
        self._word_groups: list[tuple[str, re.Pattern[str]]] = []
        for index, group in enumerate(self.variants):
            if len(group) < 2:
                raise ValueError(f"a variant group needs two or more spellings: {group!r}")
            for spelling in group:
                self._variant_group[_variant_key(spelling)] = index
            if any(c.isupper() for spelling in group for c in spelling):
                # Names ("Kyiv", "Kiev") start with a capital: one scan of the text that stops
                # only at capitals finds them all.
                names += [_spelling_regex(s[:1].upper() + s[1:]) for s in group]
            else:
                # Common words ("email", "e-mail") are matched in the lower-cased text, each group
                # only if the letters its spellings share ("mail") occur at all.
                pattern = compiled(rf"(?:{_branches(_spelling_regex(s) for s in group)})s?")
                self._word_groups.append((_shared_letters(group), pattern))
        # An optional plural ("e-mails").
        self._name_variants = compiled(rf"(?:{_branches(names)})s?") if names else None

        self._place: dict[str, int] = {}
        for index, group in enumerate(self.places):
            for place in group:
                self._place[place] = index
        # A place ends a word: "Russian" in "Russians" is not a place, "Russia" in "Russia-based" is.
        place = rf"(?:{_branches([re.escape(p) for p in self._place])})(?![\w’'&]|\.\w)"
        self._compound = compiled(rf"{place}(?:(?:{_SEPARATOR}){place})+") if self._place else None
        # Names the misspelling check reads, one per line of the list of an article's names.
        self._plain_name = compiled(rf"^[{UPPER}]{LOWER}{{{max(self.min_letters - 1, 1)},}}$", re.MULTILINE)

    def check(self, ctx: Context):
        layout = Layout(ctx.doc, ctx.of("sentence"))
        reported: list[tuple[int, int]] = []  # sorted spans already reported
        finders: list[Iterable[tuple[Use, Use]]] = [
            self._known_variants(layout), self._place_compounds(layout), _name_forms(layout)
        ]
        if self.misspellings:
            finders.append(self._misspelt_names(layout))
        for finder in finders:
            for later, earlier in finder:
                if _overlaps(reported, later.start, later.end):
                    continue  # one finding per span, from the first finder that saw it
                bisect.insort(reported, (later.start, later.end))
                line = ctx.doc.lines.position(earlier.start).line
                yield Hit(later.start, later.end, params={"other": earlier.form, "line": line})

    # -----------------------------------------------------------------------------------------
    # Known variants

    def _variant_matches(self, text: str) -> list[tuple[int, int, bool]]:
        """(start, end, common word?) of every known spelling in the text, in order."""
        found = []
        if self._name_variants is not None:
            found += [(m.start(), m.end(), False) for m in self._name_variants.finditer(text)]
        if self._word_groups:
            lowered = text.lower()
            if len(lowered) != len(text):  # a letter whose lower case is longer ("İ"): rare
                lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
            for shared, pattern in self._word_groups:
                if shared in lowered:
                    found += [(m.start(), m.end(), True) for m in pattern.finditer(lowered)]
        return sorted(found)

    def _known_variants(self, layout: Layout) -> Iterator[tuple[Use, Use]]:
        text = layout.text
        first: dict[int, Use] = {}
        seen: set[str] = set()
        for start, end, common in self._variant_matches(text):
            if _inside_word(text, start, end):
                continue  # "ecommerce" in "ecommerceX", "healthcare" in "healthcare.gov"
            word = text[start:end]
            key = _variant_key(word)
            if key not in self._variant_group:
                key = _variant_key(word[:-1])  # the plural "s"
            group = self._variant_group.get(key)
            if group is None:
                continue
            use = Use(start, end, " ".join(word.split()))
            if common and use.form[0].isupper() and layout.in_name(use):
                continue  # "Email Systems": a common word inside a name keeps the name's spelling
            if group not in first:
                first[group] = use
                seen.add(key)
            elif key not in seen:
                seen.add(key)
                yield use, first[group]

    # -----------------------------------------------------------------------------------------
    # Place compounds

    def _place_compounds(self, layout: Layout) -> Iterator[tuple[Use, Use]]:
        if self._compound is None:
            return
        text = layout.text
        first: dict[tuple, tuple[Use, tuple]] = {}  # key -> first use, its spelling
        first_body: dict[tuple, tuple[Use, str]] = {}  # key -> first use outside titles, its noun
        reported: set[tuple] = set()
        for m in self._compound.finditer(text):
            if m.start() > 0 and (text[m.start() - 1].isalnum() or text[m.start() - 1] in JOINERS):
                continue
            pieces = _SEPARATORS.split(m.group())
            places, seps = pieces[0::2], tuple(_separator(s) for s in pieces[1::2])
            after = _NEXT_WORD.match(text, m.end())
            noun = after.group(1) if after else ""
            end = after.end(1) if after else m.end()
            use = Use(m.start(), end, " ".join(text[m.start() : end].split()))
            key = (tuple(self._place[p] for p in places), noun.lower())
            spelling = (tuple(places), seps)
            if key not in first:
                first[key] = (use, spelling)
            elif spelling != first[key][1]:
                if (key, spelling) not in reported:  # "Russia-Ukraine" / "Russian-Ukrainian"
                    reported.add((key, spelling))
                    yield use, first[key][0]
                continue
            if layout.in_title(use.start):
                continue  # "War" in a title-case heading is not a capitalised "war"
            body, body_noun = first_body.setdefault(key, (use, noun))
            if noun != body_noun and (key, noun) not in reported:
                reported.add((key, noun))  # "Russia-Ukraine war" / "Russia-Ukraine War"
                yield use, body

    # -----------------------------------------------------------------------------------------
    # Misspelt names

    def _misspelt_names(self, layout: Layout) -> Iterator[tuple[Use, Use]]:
        counts = layout.name_counts
        plain = self._plain_name.findall("\n".join(counts))  # "Stoltenberg", not "NATO"
        frequent = [form for form in plain if counts[form] >= 2]
        if not frequent:
            return
        # One edit leaves either the first three or the last three letters of a name of six or
        # more letters intact, so only names sharing one of them are compared.
        heads: dict[str, list[str]] = defaultdict(list)
        tails: dict[str, list[str]] = defaultdict(list)
        for form in frequent:
            heads[form[:3]].append(form)
            tails[form[-3:]].append(form)
        pairs: set[tuple[str, str]] = set()
        for rare in plain:
            n = counts[rare]
            if n > 2:
                continue
            for f in heads.get(rare[:3], ())[:_MAX_BUCKET]:
                if counts[f] > n:
                    pairs.add((f, rare))
            for f in tails.get(rare[-3:], ())[:_MAX_BUCKET]:
                if counts[f] > n:
                    pairs.add((f, rare))
        found = []
        for frequent, rare in sorted(pairs):
            if self._looks_misspelt(frequent, rare):
                rare_uses = layout.uses(rare)
                frequent_uses = layout.uses(frequent)
                if rare_uses and frequent_uses and _confirmed(layout, frequent_uses, rare_uses):
                    found.extend((use, frequent_uses[0]) for use in rare_uses)
        yield from sorted(found)

    def _looks_misspelt(self, frequent: str, rare: str) -> bool:
        """The checks on the two spellings alone."""
        if frequent[0] != rare[0] or frequent.startswith(rare) or rare.startswith(frequent):
            return False  # "Russia" / "Russian", "Beatle" / "Beatles"
        edit = _one_edit(frequent, rare)
        if edit is None:
            return False
        if _first_difference(frequent, rare) >= min(len(frequent), len(rare)) - 2:
            return False  # "Andrea" / "Andrew", "Analysis" / "Analyses": endings make words
        if edit == "substitution" and min(len(frequent), len(rare)) < _MIN_SUBSTITUTION_LETTERS:
            return False
        return frequent not in self._place and rare not in self._place  # "Greene" / "Greece"


# ---------------------------------------------------------------------------------------------
# Name forms: hyphen, space and case variants of capitalised names


def _name_forms(layout: Layout) -> Iterator[tuple[Use, Use]]:
    """Names whose letters agree once hyphens, abbreviation dots, spaces and case are dropped."""
    forms = list(layout.name_counts)
    # "Erdoğan" and "Erdogan" alike: accents are dropped from the few forms that have them.
    lowered = [key if key.isascii() else fold(key) for key in map(str.lower, forms)]
    groups: dict[str, set[str]] = defaultdict(set)
    if len(set(lowered)) < len(lowered):  # two forms differ in case only
        first: dict[str, str] = {}
        for form, key in zip(forms, lowered):
            other = first.setdefault(key, form)
            if other is not form:
                groups[key].update((other, form))
    # Forms with a hyphen, a dot or an inner capital ("JPMorgan"; case variants of "NATO" were
    # grouped above).
    by_lower = dict(zip(lowered, forms))
    by_key: dict[str, str] = {}
    for form in [f for f in forms if "-" in f or "." in f or not (f[1:].islower() or f.isupper())]:
        key = joined_key(form)
        for other in (by_lower.get(key), by_key.setdefault(key, form)):
            if other is not None and other != form:
                groups[key].update((other, form))  # "Al-Qaeda" / "AlQaeda", "U.S." / "US"
        if _JOINED_NAME.search(form):
            # "TimeWarner" and "Kilroy-Silk" may be written "Time Warner" and "Kilroy Silk"; a
            # joined form without an inner capital is usually a word of its own ("Airlines" is
            # not "Delta Air Lines"), so only these are looked for as two words.
            spaced = _SPLIT_POINT.sub(" ", form)
            if (" " in spaced and _names_counted(spaced, layout.name_counts) and layout.lookups_left()
                    and layout.contains(spaced) and layout.uses(spaced)):
                groups[key].update((form, spaced))
    for key, forms_ in groups.items():
        forms = list(forms_)
        if len({_typography(f) for f in forms}) > 1:  # "I’m" and "I'm" are one spelling
            yield from _disagreements(layout, key, forms)


def _names_counted(phrase: str, counts: Counter[str]) -> bool:
    """Whether every capitalised word of ``phrase`` is among the article's names: where the
    phrase stands as words, each of them is one, so a phrase with a missing word is not looked
    for in the whole text (a long text has hundreds of joined names to try)."""
    return all(word in counts for word in phrase.split(" ") if word[:1].isupper())


def _disagreements(layout: Layout, key: str, forms: Iterable[str]) -> Iterator[tuple[Use, Use]]:
    # Only uses as a name count: "Everyday" opening a sentence is not "Every Day".
    named: dict[str, list[Use]] = defaultdict(list)
    for form in forms:
        named[_typography(form)].extend(u for u in layout.uses(form) if layout.name_use(u.start))
    named = {form: sorted(uses) for form, uses in named.items() if uses}
    if len(named) < 2:
        return
    if key in layout.lower_words and not all(f.isupper() for f in named):
        return  # "Start-Up" in a title beside "startup" in the text: an ordinary word
    order = sorted(named, key=lambda f: named[f][0].start)
    for form in order[1:]:
        later, earlier = named[form][0], named[order[0]][0]
        if form.lower() == order[0].lower() and not _case_comparable(layout, later, earlier):
            continue
        yield later, earlier


def _case_comparable(layout: Layout, a: Use, b: Use) -> bool:
    """Whether two uses differing only in case are both deliberate capitalisations of one name.
    Capitals as a brand ("DAWSON", a court's filing system) beside a person's surname ("Howard
    A. Dawson") are two names."""
    letters = sum(c.isalpha() for c in a.form)
    if letters < _MIN_CASE_LETTERS or layout.shouting(a) or layout.shouting(b):
        return False
    return not any(u.form.isupper() for u in (a, b)) or not any(
        not u.form.isupper() and _given_name(layout, u) for u in (a, b)
    )


# ---------------------------------------------------------------------------------------------
# Misspellings: the evidence beyond the two spellings


def _confirmed(layout: Layout, frequent: Sequence[Use], rare: Sequence[Use]) -> bool:
    if not any(layout.name_use(u.start) for u in frequent):
        return False  # "Through" opening sentences is not a name for "Though" to misspell
    if rare[0].form.lower() in layout.lower_words:
        return False  # an ordinary word at the start of a sentence
    return _same_person(layout, frequent, rare)


def _same_person(layout: Layout, frequent: Sequence[Use], rare: Sequence[Use]) -> bool:
    """False when the rarer form comes with a given name the frequent form never has ("David
    Walliams" beside "Robbie Williams", "C Thomson" beside "Alan Thompson")."""
    known = {g for g in (_given_name(layout, u) for u in frequent) if g}
    for use in rare:
        given = _given_name(layout, use)
        if given is not None and not any(_same_given(g, given) for g in known):
            return False
    return True


def _given_name(layout: Layout, use: Use) -> str | None:
    """The capitalised word right before a surname, if it reads as a given name or initial."""
    before = layout.text[max(0, use.start - 30) : use.start]
    m = re.search(r"([\w.]+) \Z", before)
    if not m:
        return None
    word = m.group(1).rstrip(".")
    if len(word) == 1 and word.isupper():
        # An initial ("Howard A. Dawson", "C Thomson"), unless it is "A" or "I" opening a sentence.
        if word in "AI" and not m.group(1).endswith("."):
            return None if layout.opens_sentence(use.start - len(before) + m.start(1)) else word
        return word
    if not word[:1].isupper() or word.lower() in _TITLES or word.lower() in _NOT_GIVEN:
        return None
    return word


def _same_given(a: str, b: str) -> bool:
    return a == b or (len(a) == 1 and b[0] == a) or (len(b) == 1 and a[0] == b)


def _one_edit(a: str, b: str) -> str | None:
    """The kind of the single edit between two different words, or None if it takes more."""
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            return "substitution"
        if len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]:
            return "transposition"
        return None
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    if len(long_) - len(short) != 1:
        return None
    i = _first_difference(short, long_)
    return "insertion" if long_[:i] + long_[i + 1 :] == short else None


def _first_difference(a: str, b: str) -> int:
    i = 0
    while i < len(a) and i < len(b) and a[i] == b[i]:
        i += 1
    return i


# ---------------------------------------------------------------------------------------------
# Small helpers


def _branches(alternatives: Iterable[str]) -> str:
    """Regex sources (each opening with a literal character or an escape) joined into one
    alternation grouped by that opening, longest first within a group: the regex engine tests
    one group at each position instead of every alternative."""
    groups: dict[str, list[str]] = defaultdict(list)
    for alt in alternatives:
        head = alt[:2] if alt.startswith("\\") else alt[:1]
        groups[head].append(alt[len(head):])
    return "|".join(f"{head}(?:{'|'.join(sorted(tails, key=len, reverse=True))})" for head, tails in groups.items())


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether ``[start, end)`` overlaps one of the sorted, non-overlapping ``spans``."""
    i = bisect.bisect_left(spans, (start, end))
    return (i < len(spans) and spans[i][0] < end) or (i > 0 and spans[i - 1][1] > start)


def _spelling_regex(spelling: str) -> str:
    """A spelling as a regex: its spaces match any whitespace, its hyphens any hyphen, its
    apostrophe either apostrophe."""
    return r"[ \t\n]+".join(re.escape(w).replace(r"\-", "[-‐‑]").replace("'", "['’]") for w in spelling.split())


def _shared_letters(spellings: Sequence[str]) -> str:
    """The longest run of letters every spelling contains ("mail" in "email" and "e-mail")."""
    first = spellings[0].lower()
    for size in range(len(first), 0, -1):
        for i in range(len(first) - size + 1):
            part = first[i : i + size]
            if all(part in s.lower() for s in spellings[1:]):
                return part
    return ""


def _inside_word(text: str, start: int, end: int) -> bool:
    """Whether a match is part of a longer word or a domain name ("healthcare.gov")."""
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return (before.isalnum() or (before == "." and start > 1 and text[start - 2].isalnum())
            or after.isalnum() or (after == "." and text[end + 1 : end + 2].isalnum()))


def _variant_key(text: str) -> str:
    return " ".join(text.lower().replace("‐", "-").replace("‑", "-").replace("’", "'").split())






def _typography(form: str) -> str:
    """A form with curly apostrophes straightened: "I’m" and "I'm" are one spelling."""
    return form.replace("’", "'")


def _separator(text: str) -> str:
    text = text.strip()
    return "/" if text == "/" else "-" if text else " "
