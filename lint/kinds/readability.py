"""Readability kinds: document scores over thresholds, long sentences, long paragraphs.

The counting is in :mod:`lint.readability`, shared with ``copydesk stats``; these classes only
compare it with the rule's options and place the finding.
"""

from __future__ import annotations

import bisect

from . import Context, Hit, Kind
from ..tokens import WORDS_GROUP, WordIndex
from ..readability import FLESCH_SCORES, PROSE_KINDS, SCORE_NAMES, Scores, Tally, long_sentences, prose_text

# Score -> the option that caps it (a larger score reads harder) or floors it (Flesch ease).
_LIMITS = (
    ("flesch_kincaid_grade", "max_flesch_kincaid_grade", 1),
    ("flesch_reading_ease", "min_flesch_reading_ease", -1),
    ("gunning_fog", "max_gunning_fog", 1),
    ("smog_index", "max_smog_index", 1),
    ("coleman_liau_index", "max_coleman_liau_index", 1),
    ("automated_readability_index", "max_automated_readability_index", 1),
    ("dale_chall_readability_score", "max_dale_chall_score", 1),
)


def _shown(value: float, limit: float) -> str:
    """One decimal, or more when one would read as the limit itself ("12.0, above 12")."""
    for digits in (1, 2, 3, 4):
        text = f"{value:.{digits}f}"
        if float(text) != limit:
            return text
    return repr(value)


class ReadabilityScore(Kind):
    name = "readability-score"
    cost = 3.0

    max_flesch_kincaid_grade: float | None = 12
    min_flesch_reading_ease: float | None = None
    max_gunning_fog: float | None = None
    max_smog_index: float | None = None
    max_coleman_liau_index: float | None = None
    max_automated_readability_index: float | None = None
    max_dale_chall_score: float | None = None
    min_words: int = 100
    """Shorter articles are not scored: over a few sentences the averages swing widely."""

    def __post_init__(self) -> None:
        # Whether a limit is set on a score that needs more than words, sentences and syllables.
        self._details = any(getattr(self, option) is not None
                            for score, option, _ in _LIMITS if score not in FLESCH_SCORES)

    def check(self, ctx: Context):
        first = next((b for b in ctx.doc.blocks if b.kind in PROSE_KINDS), None)
        if first is None:
            return
        tally = Tally(prose_text(ctx.doc))
        if tally.words < self.min_words:
            return
        details = self._details
        if not tally.settled and not self._may_cross(Scores.of(tally.low(details)), Scores.of(tally.high(details))):
            return  # within the limits whatever the syllables of the words not in the dictionary
        scores = Scores.of(tally.exact(details))
        crossed = []
        for score, option, direction in _LIMITS:
            limit = getattr(self, option)
            value = getattr(scores, score)
            if limit is not None and (value - limit) * direction > 0:
                side = "above" if direction > 0 else "below"
                crossed.append(f"{SCORE_NAMES[score]} is {_shown(value, limit)}, {side} {limit:g}")
        if not crossed:
            return
        # The finding is about the whole article; it sits on the first sentence of its prose,
        # where reading starts.
        sentences = ctx.of("sentence")
        i = bisect.bisect_left([s.start for s in sentences], first.start)
        span = sentences[i] if i < len(sentences) and sentences[i].end <= first.end else first
        scores = "; ".join(crossed)
        yield Hit(span.start, span.end, params={"scores": scores[0].upper() + scores[1:]})


    def _may_cross(self, low: Scores, high: Scores) -> bool:
        """Whether a limit may be crossed by a score between its values at the two bounds.
        Every score is monotonic in the syllable counts, so its extremes are at the bounds."""
        for score, option, direction in _LIMITS:
            limit = getattr(self, option)
            if limit is not None and any((getattr(s, score) - limit) * direction > 0 for s in (low, high)):
                return True
        return False


class LongSentence(Kind):
    name = "long-sentence"
    work_group = WORDS_GROUP

    max_words: int = 50
    count_quoted: bool = False
    """Count the words of quoted speech too (by default only the writer's own words count)."""

    def check(self, ctx: Context):
        for s in long_sentences(ctx.doc, ctx.units, self.max_words, self.count_quoted):
            yield Hit(s.start, s.end, params={"words": s.words, "counted": s.counted, "max": self.max_words})


class LongParagraph(Kind):
    name = "long-paragraph"
    work_group = WORDS_GROUP

    max_words: int | None = 150
    max_sentences: int | None = None

    def check(self, ctx: Context):
        text = ctx.text
        index = WordIndex.of(ctx.doc)
        starts = None
        for block in ctx.units:
            if getattr(block, "kind", None) != "paragraph":
                continue  # list items, block quotes, headings and table cells are not paragraphs
            if self.max_words is not None and index.count(block.start, block.end) >= self.max_words:
                words = index.count_in(text, block.start, block.end)
                if words > self.max_words:
                    yield Hit(block.start, block.end, params={
                        "size": f"{words} words", "limit": f"{self.max_words} words"})
                    continue
            if self.max_sentences is not None:
                if starts is None:
                    starts = [s.start for s in ctx.of("sentence")]
                n = bisect.bisect_left(starts, block.end) - bisect.bisect_left(starts, block.start)
                if n > self.max_sentences:
                    yield Hit(block.start, block.end, params={
                        "size": f"{n} sentences", "limit": f"{self.max_sentences} sentences"})
