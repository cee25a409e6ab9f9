"""``stray-line``: a headline, related-article link or section label left between paragraphs.

Scrapers and CMS exports leave lines such as "NATO, Ukraine Open Joint Training", "Russia-Ukraine
War" or "READ MORE: …" standing alone in the body copy. Two shapes are reported:

* a **label line**: a paragraph that is a related-article or CMS label ("Related: …",
  "Read more: …", "Advertisement"), anywhere after the first block;
* a **headline line**: a short paragraph without final punctuation sandwiched between two body
  paragraphs that end like sentences. Requiring prose on both sides is what keeps lists, tables,
  fixtures and award rolls (runs of short lines) quiet, and what leaves the headline, byline and
  dateline at the top of an article alone.

Deliberate formatting is not a stray line: headings, list items, quotes and table cells are never
candidates, nor is a paragraph that opens with markup (a bold pseudo-heading, a link-only call to
action, an image caption in italics, a footnote, an HTML element classed as a caption or byline),
one that sits next to an image (its caption), one wholly in quotation marks (a pull quote), or a
sentence fragment cut off by a scraper (the next paragraph carries on in lower case).
"""

from __future__ import annotations

import re

from ..regexes import compiled
from ..document import Block, trim
from ..segment import split_block
from . import Context, Hit, Kind, option

# A paragraph "ends like a sentence": final punctuation, then any closing quotes or brackets.
_SENTENCE_END = compiled(r"[.!?…][\"'”’»)\]]*\Z")
# A headline has no final punctuation; a colon or semicolon would introduce what follows.
_PUNCTUATED_END = compiled(r"[.!?:;,…][\"'”’»)\]]*\Z")
_WORD = compiled(r"[^\W_]+(?:['’.&-][^\W_]+)*")
# The line ends on a word that cannot end a headline: the scraper cut a sentence in two.
_DANGLING = frozenset(
    """a an the and or but of to in on at by for from with as than that which who whose whom
    is are was were be been has have had will would can could should may might his her its
    their our my your this these those""".split()
)
# Markup that may open a paragraph without making it formatted text: block-level tags.
_BLOCK_TAG = compiled(
    r"<(?:p|div|section|article|main|body|html|center|br)\b[^<>]*>|</[a-z][a-z0-9]*>", re.IGNORECASE
)
# An HTML block marked as page furniture: it is laid out as such, not pasted into the copy.
_PAGE_FURNITURE = compiled(
    r"""\b(?:class|id)\s*=\s*["']?[^"'<>]*(?:caption|credit|byline|dateline|timestamp|kicker)""",
    re.IGNORECASE,
)
# A caption's picture: a Markdown image, an HTML image or figure, or a site shortcode.
_PICTURE = compiled(r"!\[|<img\b|<figure\b|<figcaption\b|\{%|\{\{<", re.IGNORECASE)
_LONGEST_WORD = 30  # characters a word and its space take at most, for a cheap length bound
_BYLINE = compiled(r"By\s+[A-Z]")
# Separators between a label and what it introduces ("Read more: …", "RELATED | …").
_LABEL_TAIL = r"(?:\s*(?:[:|»›>]|[-–—](?=\s))|\s*\Z)"


class StrayLine(Kind):
    name = "stray-line"

    max_words: int = 12
    """A headline line has at most this many words."""
    min_neighbour_words: int = 8
    """Each paragraph around a headline line has at least this many words."""
    labels: list[str] = option(lambda: [
        "read more", "read also", "also read", "related", "related articles",
        "related stories", "related coverage", "related content", "related news",
        "more on this story", "recommended", "recommended reading", "you may also like",
        "you might also like", "don't miss", "advertisement", "story continues below advertisement",
        "continue reading", "continue reading the main story", "trending now",
    ])
    """Lead-ins of related-article links and CMS labels, matched case-insensitively at the
    start of a line and followed by a colon, bar or dash, or by nothing."""
    max_label_words: int = 25
    """A label line (lead-in and the headline it links) has at most this many words."""

    def __post_init__(self) -> None:
        alternatives = "|".join(
            re.escape(label).replace(r"\ ", r"\s+").replace("'", "['’]")
            for label in sorted(self.labels, key=len, reverse=True)
        )
        self._label = compiled(rf"(?:{alternatives}){_LABEL_TAIL}", re.IGNORECASE) if self.labels else None

    def check(self, ctx: Context):
        doc = ctx.doc
        text = doc.masked
        blocks = doc.blocks
        for i in range(1, len(blocks)):
            if blocks[i].kind != "paragraph":
                continue
            # The text loader keeps a line's surrounding spaces in its block.
            start, end = trim(text, blocks[i].start, blocks[i].end)
            line = text[start:end]
            if not line or "\n" in line:
                continue  # a stray line is one line; a wrapped paragraph is prose
            if self._is_label(text, Block(start, end), line):
                yield Hit(start, end, params={"what": "a related-article link or label"})
            elif i + 1 < len(blocks) and self._is_headline(ctx, blocks, i, Block(start, end), line):
                yield Hit(start, end, params={"what": "a headline or section label"})

    def _is_label(self, text: str, block: Block, line: str) -> bool:
        return (
            self._label is not None
            and self._label.match(line) is not None
            and len(_WORD.findall(line)) <= self.max_label_words
            and len(split_block(text, block)) == 1  # "Related to this, …. It …" is prose
        )

    def _is_headline(self, ctx: Context, blocks: list[Block], i: int, block: Block, line: str) -> bool:
        doc = ctx.doc
        text = doc.masked
        before, after = blocks[i - 1], blocks[i + 1]
        if len(line) > self.max_words * _LONGEST_WORD:
            return False  # too long to count its words: a paragraph, not a line
        words = _WORD.findall(line)
        if not words or len(words) > self.max_words or _PUNCTUATED_END.search(line):
            return False
        if not line[0].isupper():
            # A fragment ("and", "agent provocateur"), a separator ("* * *"), a time stamp
            # or score line ("10:32 GMT", "2-1 after extra time").
            return False
        if words[-1].lower() in _DANGLING and words[-1] != "May":  # "Fares Frozen Until May": a month
            return False
        if i <= 2 and _BYLINE.match(line):
            return False  # the byline under a standfirst
        if not (self._body(text, before) and self._body(text, after)):
            return False
        if _continues(text, after):
            return False
        # What lies between the blocks is read in the source, so in the source's offsets.
        spans = [doc.source_block(b) for b in (before, block, after)]
        if _opens_with_markup(doc.source, *spans[:2]):
            return False
        if _beside_picture(doc.source, *spans):
            return False
        if doc.quotes.covers(block.start, block.end):
            return False  # a pull quote
        return len(split_block(text, block)) == 1  # prose that lost its final full stop

    def _body(self, text: str, block: Block) -> bool:
        """A body paragraph: prose that ends like a sentence."""
        if block.kind != "paragraph":
            return False
        body = text[block.start : block.end].rstrip()
        return bool(_SENTENCE_END.search(body)) and len(_WORD.findall(body)) >= self.min_neighbour_words


def _continues(text: str, after: Block) -> bool:
    """The next paragraph carries on a sentence: it starts in lower case or with a comma
    (after any dash or bullet a scraper put in front of it)."""
    head = text[after.start : after.start + 40].lstrip(" -–—•*")
    return not head or head[0].islower() or head[0] in ",;)"


def _opens_with_markup(source: str, before: Block, block: Block) -> bool:
    """Markup between the line's start and its first visible character: bold or italic, a link,
    an image, a footnote mark, or an HTML element whose class says what the line is (a caption,
    a byline). The writer formatted the line on purpose."""
    line_start = source.rfind("\n", before.end, block.start) + 1
    lead = source[max(line_start, before.end) : block.start]
    return bool(_BLOCK_TAG.sub("", lead).strip()) or bool(_PAGE_FURNITURE.search(lead))


def _beside_picture(source: str, before: Block, block: Block, after: Block) -> bool:
    """A short line right under or above an image is its caption."""
    above = _PICTURE.search(source, before.end, block.start)
    return bool(above or _PICTURE.search(source, block.end, after.start))
