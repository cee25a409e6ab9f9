"""``duplicate-text``: the same sentence (or paragraph) twice in one article, or nearly so.

Units are compared on their words in lower case, so punctuation, case and markup do not hide a
copy, nor does a possessive ending ("UKIP's leader" / "UKIP leader"). Exact copies of sentences are found by hashing their words. Near copies (a few words
changed) are found without comparing every pair: each unit is filed under its first four words
and its last four, and compared only with the last few units filed under the same ones, by a
word-level edit distance computed inside a narrow band. A copy changed at both ends is missed;
the work stays linear in the article's length.

Rewrites that restate a sentence differ in small words ("BAA also says" / "But BAA has said");
parallel sentences that state different facts differ in names, numbers or content words
("... on accessibility?" / "... on security?"), or announce the echo ("This is also ..."). Only
the first kind is a near copy here.

In ``paragraph`` mode only paragraphs of two or more sentences are compared: a one-sentence
paragraph is a sentence, left to ``sentence`` mode. ``sentence`` mode in turn skips the sentences
of a paragraph that repeats an earlier one, so a copied paragraph is reported once.
"""

from __future__ import annotations

from collections import defaultdict, namedtuple
from collections.abc import Iterable, Sequence
from itertools import chain

from ..document import Block, Document, Span
from ..tokens import WORD, WORDS_GROUP, WordIndex
from . import Context, Hit, Kind

# Blocks compared with each other. A pull quote (Markdown/HTML blockquote) repeats a line of the
# body on purpose, so quotes are compared only with quotes; headings, titles, front matter and
# table cells repeat by design.
_FAMILY = {"paragraph": "prose", "list-item": "prose", "quote": "quote"}

_SENTENCE_END = frozenset(".!?:;")

# Words whose change does not change what a sentence says: a restated sentence differs in these.
_FUNCTION = frozenset(
    """a an the this that these those it its he she they them his her their we our us i my you
    your who whom which what there here and or but nor so yet if then than as of in on at to for
    from by with into onto about over after before since while during under between against
    is are was were be been being am has have had do does did will would shall should can could
    may might must said says say told tells added adds stated states according also just
    still now already however meanwhile""".split()
)
# A later sentence that adds one of these is an announced echo ("This is also ...", "Again, ..."),
# or negates the first ("will not"): a deliberate parallel, not a copy.
_ECHO = frozenset("also too again likewise similarly both another other others same either neither".split())
_NEGATION = frozenset("not no never nor none nothing n't cannot".split())

_ANCHOR = 4  # words in the first and last anchors
_CANDIDATES = 8  # most recent units compared per anchor: caps the work on repetitive text
_NEAR_MAX_WORDS = 1000  # longer units are compared exactly only


# A sentence or paragraph compared: its span, its words (lower case, one kind of apostrophe),
# the family of units it is compared within, and whether it is a list item.
_Unit = namedtuple("_Unit", "span words family list_item")


class DuplicateText(Kind):
    name = "duplicate-text"
    cost = 4.0
    work_group = WORDS_GROUP

    unit: str = "sentence"
    """What is compared: ``sentence`` or ``paragraph`` (paragraphs of two or more sentences)."""
    min_words: int = 12
    """Shorter units are never reported: short lines recur legitimately ("Read more.")."""
    near: bool = True
    """Also report near copies (a few small words changed), not only exact ones."""

    def __post_init__(self) -> None:
        if self.unit not in ("sentence", "paragraph"):
            raise ValueError(f"unit must be 'sentence' or 'paragraph', got {self.unit!r}")
        if self.min_words < 1:
            raise ValueError("min-words must be at least 1")

    def check(self, ctx: Context):
        doc = ctx.doc
        text = doc.masked
        index = WordIndex.of(doc)
        keys, between = index.keys, index.between
        blocks = _sentences_by_block(doc, ctx.of("sentence"))
        if self.unit == "paragraph":
            # Paragraphs are long and copies of them rare: each is filed under its first and
            # last words, and its words are gathered only when it meets a candidate.
            found = self._copies(text, (
                _Paragraph(block, _FAMILY[block.kind], block.kind == "list-item", keys, *between(block.start, block.end))
                for block, spans in blocks if len(spans) > 1
            ), by_hash=False)
        else:
            # Sentence mode compares paragraphs too, on the words of their sentences: the
            # sentences of a copied paragraph are the paragraph rule's finding, not this one's.
            paragraphs: list[_Unit] = []
            sentences: list[tuple[Block, list[_Unit]]] = []
            for block, spans in blocks:
                family, list_item = _FAMILY[block.kind], block.kind == "list-item"
                words = [tuple(keys[i:j]) for i, j in (between(s.start, s.end) for s in spans)]
                if len(spans) > 1:
                    paragraphs.append(_Unit(block, tuple(chain.from_iterable(words)), family, list_item))
                sentences.append((block, [_Unit(span, w, family, list_item)
                                          for span, w in zip(spans, words) if len(w) >= self.min_words]))
            copied = {later.span for later, _, _ in self._copies(text, paragraphs, by_hash=False)}
            found = self._copies(text, (u for block, units in sentences if block not in copied for u in units),
                                 by_hash=True)
        for later, earlier, exact in found:
            line = doc.lines.position(earlier.span.start).line
            yield Hit(later.span.start, later.span.end,
                      params={"line": line, "repeats": "repeats" if exact else "nearly repeats"})

    def _copies(self, text: str, units: Iterable, by_hash: bool) -> list[tuple]:
        """(later, earlier, exact) for every unit that repeats an earlier one. Candidates are the
        last few units filed under one of the same anchors; ``by_hash`` also finds every exact
        copy by its words, however many units share its anchors (sentences: their words are
        known; paragraphs are read whole only when they meet a candidate)."""
        found = []
        exact: dict[tuple, _Unit] = {}
        anchors: dict[tuple, list] = defaultdict(list)
        for unit in units:
            if by_hash:
                key = (unit.family, unit.words)
                if key in exact:
                    found.append((unit, exact[key], True))
                    continue
                exact[key] = unit
            keys = _anchors(unit)
            filed = [anchors[k] for k in keys if k in anchors]
            if filed and len(unit.words) >= self.min_words:
                earlier = {u.span: u for units_ in filed for u in units_[-_CANDIDATES:]}
                match = self._match(text, unit, sorted(earlier.values(), key=lambda u: u.span.start))
                if match is not None:
                    found.append((unit, *match))
            for k in keys:
                anchors[k].append(unit)
        return found

    def _match(self, text: str, unit, candidates: Sequence) -> tuple[object, bool] | None:
        """The first candidate ``unit`` copies (exactly, or nearly), and whether exactly."""
        for other in candidates:
            if other.words == unit.words:
                return other, True
        if not self.near or len(unit.words) > _NEAR_MAX_WORDS:
            return None
        budget = min(4, len(unit.words) // 5)
        new = _bare(unit.words)
        new_set = set(new)
        for other in candidates:
            if unit.list_item and other.list_item:
                continue  # list items are parallel by design
            old = _bare(other.words)
            if not _may_restate(set(old), new_set, budget):
                continue
            ops = _edit_script(old, new, budget)
            if ops is not None and (not ops or _restates(text, other, unit, old, new, ops)):
                return other, False
        return None


class _Paragraph:
    """A paragraph filed by its edge words, its words gathered on first use."""

    __slots__ = ("span", "family", "list_item", "head", "tail", "_keys", "_first", "_last", "_words")

    def __init__(self, span: Block, family: str, list_item: bool, keys: list[str], first: int, last: int) -> None:
        self.span, self.family, self.list_item = span, family, list_item
        self.head, self.tail = tuple(keys[first : min(first + _ANCHOR, last)]), tuple(keys[max(first, last - _ANCHOR) : last])
        self._keys, self._first, self._last = keys, first, last
        self._words: tuple[str, ...] | None = None

    @property
    def words(self) -> tuple[str, ...]:
        if self._words is None:
            self._words = tuple(self._keys[self._first : self._last])
        return self._words


def _sentences_by_block(doc: Document, sentences: Sequence[Span]) -> list[tuple[Block, list[Span]]]:
    """Each compared block with its sentences (both lists are in document order)."""
    out = []
    i, total = 0, len(sentences)
    for block in doc.blocks:
        inside = []
        while i < total and sentences[i].start < block.end:
            if sentences[i].start >= block.start:
                inside.append(sentences[i])
            i += 1
        if block.kind in _FAMILY:
            out.append((block, inside))
    return out


def _anchors(unit) -> tuple[tuple, tuple]:
    """A unit's first four words and its last four: a copy changed at both ends is missed."""
    if isinstance(unit, _Paragraph):
        return (0, unit.family, unit.head), (1, unit.family, unit.tail)
    return (0, unit.family, unit.words[:_ANCHOR]), (1, unit.family, unit.words[-_ANCHOR:])


def _edit_script(a: Sequence[str], b: Sequence[str], k: int) -> list[tuple[int | None, int | None]] | None:
    """The word edits turning ``a`` into ``b`` as (index in a, index in b) pairs, None for a
    missing side, or None if more than ``k`` are needed. Only cells within ``k`` of the diagonal
    are computed, so the cost is O(len * k)."""
    n, m = len(a), len(b)
    if abs(n - m) > k:
        return None
    inf, width = k + 1, 2 * k + 1
    rows: list[list[int]] = []
    prev: list[int] = []
    for i in range(n + 1):
        row = [inf] * width
        best = inf
        for j in range(max(0, i - k), min(m, i + k) + 1):
            d = j - i + k  # column of (i, j) in the band
            if i == 0:
                v = j
            elif j == 0:
                v = i
            else:
                v = prev[d] + (a[i - 1] != b[j - 1])
                if d + 1 < width and prev[d + 1] + 1 < v:
                    v = prev[d + 1] + 1
                v = min(v, row[d - 1] + 1)
            row[d] = min(v, inf)
            best = min(best, row[d])
        if best > k:
            return None
        rows.append(row)
        prev = row
    if rows[n][m - n + k] > k:
        return None
    ops: list[tuple[int | None, int | None]] = []
    i, j = n, m
    while i > 0 or j > 0:
        d = j - i + k
        v = rows[i][d]
        if i > 0 and j > 0 and rows[i - 1][d] + (a[i - 1] != b[j - 1]) == v:
            if a[i - 1] != b[j - 1]:
                ops.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif i > 0 and d + 1 < width and rows[i - 1][d + 1] + 1 == v:
            ops.append((i - 1, None))
            i -= 1
        else:
            ops.append((None, j - 1))
            j -= 1
    return ops


def _bare(words: Sequence[str]) -> list[str]:
    """Words without possessive endings: "UKIP's leader" restates "UKIP leader"."""
    return [w.removesuffix("'s") for w in words]


def _may_restate(old: set[str], new: set[str], budget: int) -> bool:
    """A cheap first look at the words only one side has: each needs an edit, and a number, a
    negation or an announced echo among them already rules a restatement out."""
    removed, added = old - new, new - old
    if len(removed) > budget or len(added) > budget:
        return False
    return not any(_changes_facts(w) for w in removed | added) and not added & _ECHO


def _changes_facts(word: str) -> bool:
    """A number or a negation: changing one states a different fact."""
    return word in _NEGATION or any(c.isdigit() for c in word)


def _restates(text: str, earlier, later, old_words, new_words, ops) -> bool:
    """Whether the edits only reword the earlier unit rather than state something else."""
    heavy = 0
    for i, j in ops:
        old = old_words[i] if i is not None else None
        new = new_words[j] if j is not None else None
        if any(w is not None and _changes_facts(w) for w in (old, new)):
            return False  # a different number, or a negation: a different fact
        if new is not None and new in _ECHO:
            return False
        if old is None or new is None:
            continue  # an added or dropped word ("Throughout this process, we ...")
        if old in _FUNCTION or new in _FUNCTION:
            continue  # "says" / "has said", "UKIP" / "Its"
        if _is_name(text, earlier, i) and _is_name(text, later, j):
            return False  # another name: a parallel sentence about someone else
        heavy += 1
    # A content word may change only in a long unit: one from 20 words, two from 30.
    return heavy <= min(2, (len(new_words) - 10) // 10)


def _is_name(text: str, unit: _Unit, index: int) -> bool:
    """Whether the unit's ``index``-th word is capitalised other than to open a sentence."""
    span = unit.span
    for position, m in enumerate(WORD.finditer(text, span.start, span.end)):
        if position == index:
            word = m.group()
            if not any(c.isupper() for c in word):
                return False
            if any(c.isupper() for c in word[1:]):
                return True  # "UKIP", "iPod"
            before = text[span.start : m.start()].rstrip(" \t\n\"'“‘(")
            return bool(before) and before[-1] not in _SENTENCE_END
    return False
