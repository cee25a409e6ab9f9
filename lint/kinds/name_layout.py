"""Where the names of one article stand: the layout name consistency reads.

:class:`Layout` answers, each on first use, how often each capitalised word occurs, where a
form of a name is used, which words are written in lower case, and whether a position opens a
sentence or lies in a title-like line. Every answer starts from one regular-expression scan of
the text; positions are looked up afterwards only for the few forms that disagree, so the work
stays linear in the article's length (lint/kinds/consistency.py is the rule).
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict, namedtuple
from collections.abc import Iterator, Sequence

from ..regexes import compiled
from ..document import Block, Document, Span
from ..tokens import WORD

UPPER = "A-ZÀ-ÖØ-ÞĀĂĄĆĈĊČĎĐĒĔĖĘĚĜĞĠĢĤĦĨĪĬĮİĲĴĶĹĻĽĿŁŃŅŇŊŌŎŐŒŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶŸŹŻŽА-ЯΑ-Ω"
LOWER = rf"[^\W\d_{UPPER}]"
JOINERS = "’'&.-"
# A word that starts with a capital ("Nato", "Kilroy-Silk", "U.S"). The capital comes first so
# the scan skips to capitals; the look-behind then rejects a capital inside a word.
CAPITAL_START = rf"[{UPPER}](?<![\w{JOINERS}][{UPPER}])\w*"
ABBREVIATION = compiled(r"(?:\w\.)+\w?\.?\Z")
_CAPITAL_WORD = compiled(rf"{CAPITAL_START}(?:[{JOINERS}]\w+)*")
# A capital inside a word that starts in lower case ("iPod", "eBay", "al-Qaeda").
_INNER_CAPITAL = compiled(rf"[{UPPER}](?:(?<=[a-z][{UPPER}])|(?<=[a-z][-’'][{UPPER}]))")
# Where a capitalised word starts: its capital and the word characters after it.
_CAPITAL_RUN = compiled(CAPITAL_START)
_FIRST_RUN = compiled(rf"[{UPPER}]\w*")
_LOWER_WORD = compiled(rf"(?<![\w{JOINERS}]){LOWER}+(?:[-’']{LOWER}+)*(?![\w-])")
_POSSESSIVE = compiled(r"['’]s\b")
_TERMINAL = compiled(r"[.!?:;…][\"'”’)\]]*\s*\Z")
_OPENING = "\"'“‘«([:—–-"
_TITLE_MAX_WORDS = 12
# Each look-up of a form's positions tries every place its first word starts: a few hundred per
# article keep the work linear however many names disagree.
_MAX_LOOKUPS = 200

Use = namedtuple("Use", "start end form")  # where a name is written, and how


class Layout:
    """Facts about the words and positions of one document, each computed on first use."""

    def __init__(self, doc: Document, sentences: Sequence[Span]) -> None:
        self.text = doc.masked
        self._sentences = sentences
        self._sentence_starts: list[int] | None = None
        self._blocks = doc.blocks
        self._block_starts = [b.start for b in doc.blocks]
        self._titles: dict[int, bool] = {}
        self._counts: Counter[str] | None = None
        self._lower: set[str] | None = None
        self._uses: dict[str, list[Use]] = {}
        self._probes = 0  # two-word names probed for (see contains)
        self._capital_starts: dict[str, list[int]] | None = None

    @property
    def name_counts(self) -> Counter[str]:
        """How often each capitalised word occurs, possessive dropped."""
        if self._counts is None:
            text = self.text
            # Counted in a copy without possessive endings: "Nato's" is "Nato".
            words = _CAPITAL_WORD.findall(_POSSESSIVE.sub("", text))
            for m in _INNER_CAPITAL.finditer(text):
                start = m.start()
                while start > 0 and (text[start - 1].isalnum() or text[start - 1] in JOINERS):
                    start -= 1
                if text[start].islower():
                    word = WORD.match(text, start).group()
                    words.append(word[:-2] if word.endswith(("'s", "’s")) else word)
            self._counts = Counter(words)
        return self._counts

    def uses(self, form: str) -> list[Use]:
        """Every occurrence of a form (one word, or two words a space apart), in order; none
        once the article's look-ups are spent."""
        if form not in self._uses:
            if len(self._uses) >= _MAX_LOOKUPS:
                return []
            # The form's letters come first so the scan jumps between its occurrences; the
            # character before is checked here.
            body = r"[ \t]+".join(re.escape(part) for part in form.split(" "))
            # re.compile, not the cross-run cache (lint/regexes.py): the pattern is made of the
            # article's own words, so caching it would grow the cache with every article.
            pattern = re.compile(rf"{body}(?=['’]s\b|(?![\w’'&-]|\.\w))")
            found = []
            text = self.text
            for m in self._matches(form, pattern):
                if m.start() and (text[m.start() - 1].isalnum() or text[m.start() - 1] in JOINERS + "_"):
                    continue
                end = m.end()
                if end < len(text) and text[end] == "." and ABBREVIATION.match(form + "."):
                    end += 1  # "U.S." keeps its last dot
                found.append(Use(m.start(), end, " ".join(text[m.start() : end].split())))
            self._uses[form] = found
        return self._uses[form]

    def _matches(self, form: str, pattern: re.Pattern[str]) -> Iterator[re.Match[str]]:
        """The matches of ``pattern`` (``form``'s) that :meth:`uses` checks, in order. A form
        that opens with a capital can only start where a capitalised word does: it is tried
        there alone (:meth:`capital_starts`), not searched for through the whole text, which on
        a 5 MB text cost 2.5 ms a form."""
        first = _FIRST_RUN.match(form)
        if first is None:
            yield from pattern.finditer(self.text)
            return
        end = 0
        for start in self.capital_starts().get(first.group(), ()):
            if start >= end and (m := pattern.match(self.text, start)):  # not overlapping, as finditer
                end = m.end()
                yield m

    def capital_starts(self) -> dict[str, list[int]]:
        """Where each capitalised word starts, by the word (its capital and the word characters
        after it, no word character or joiner before it), in order: one scan of the text for
        every look-up of a name."""
        if self._capital_starts is None:
            starts: dict[str, list[int]] = defaultdict(list)
            for m in _CAPITAL_RUN.finditer(self.text):
                starts[m.group()].append(m.start())
            self._capital_starts = starts
        return self._capital_starts

    def lookups_left(self) -> bool:
        return len(self._uses) + self._probes < _MAX_LOOKUPS

    def contains(self, phrase: str) -> bool:
        """Whether ``phrase`` (capitalised words a space apart) starts where a capitalised word
        does. Each probe counts against the article's look-ups, as a look-up does."""
        self._probes += 1
        first = _FIRST_RUN.match(phrase)
        if first is None:
            return phrase in self.text
        text = self.text
        return any(text.startswith(phrase, start) for start in self.capital_starts().get(first.group(), ()))

    @property
    def lower_words(self) -> set[str]:
        """Keys of the words written in lower case ("start-up" -> "startup")."""
        if self._lower is None:
            # Keyed once per distinct word: a long text repeats its words.
            self._lower = {joined_key(w) for w in set(_LOWER_WORD.findall(self.text))}
        return self._lower

    def opens_sentence(self, offset: int) -> bool:
        """Whether the word at ``offset`` is the first of its sentence or quotation."""
        if self._sentence_starts is None:
            self._sentence_starts = [s.start for s in self._sentences]
        i = bisect.bisect_right(self._sentence_starts, offset) - 1
        start = self._sentence_starts[i] if i >= 0 else 0
        before = self.text[max(start, offset - 40) : offset].rstrip()
        return not before.strip(_OPENING + " \t\n") or before[-1] in _OPENING

    def in_title(self, offset: int) -> bool:
        """Whether ``offset`` lies in a heading, a title, or a line written like one."""
        i = bisect.bisect_right(self._block_starts, offset) - 1
        if i < 0 or self._blocks[i].end <= offset:
            return False
        if i not in self._titles:
            self._titles[i] = title_like(self.text, self._blocks[i])
        return self._titles[i]

    def name_use(self, offset: int) -> bool:
        """Capitalised by choice: not opening a sentence, not in a title-cased line."""
        return not self.opens_sentence(offset) and not self.in_title(offset)

    def in_name(self, use: Use) -> bool:
        """Whether a capitalised word stands beside another capitalised word mid-sentence."""
        before = self.text[max(0, use.start - 30) : use.start]
        after = self.text[use.end : use.end + 3]
        word_before = re.search(rf"[{UPPER}]\w* \Z", before)
        return bool(word_before and not self.opens_sentence(use.start - len(word_before.group()))
                    or re.match(rf" [{UPPER}]", after))

    def shouting(self, use: Use) -> bool:
        """An all-capitals word among all-capitals words ("BREAKING NEWS"): case means nothing."""
        if not use.form.isupper():
            return False
        near = self.text[max(0, use.start - 30) : use.end + 30]
        return sum(w.isupper() for w in WORD.findall(near) if len(w) > 1) >= 3


def title_like(text: str, block: Block) -> bool:
    if block.kind in ("title", "heading"):
        return True
    # A short line in title case is a headline wherever it stands: a crosshead in plain text, a
    # front-matter title, a table cell.
    if block.end - block.start > 200:
        return False
    line = text[block.start : block.end]
    words = WORD.findall(line)
    if not words or len(words) > _TITLE_MAX_WORDS or _TERMINAL.search(line):
        return False
    long_words = [w for w in words if len(w) > 3] or words
    return sum(w[0].isupper() for w in long_words) * 2 >= len(long_words)



def joined_key(word: str) -> str:
    """One key for "Al-Qaeda", "Al Qaeda" and "AlQaeda"; for "U.S." and "US" too, but not for
    "USA.gov" and "USAGov"."""
    key = word.lower().replace("-", "").replace(" ", "").replace("’", "'")
    if not key.isascii():
        key = fold(key)
    return key.replace(".", "") if ABBREVIATION.match(key) else key


def fold(word: str) -> str:
    """The word without accents ("Erdoğan" -> "Erdogan")."""
    import unicodedata  # noqa: PLC0415 - for the few names with accents, not at every start

    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))
