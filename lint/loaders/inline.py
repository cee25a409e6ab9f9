"""Inline Markdown markup scanner.

markdown-it gives block structure by line, never columns, so the inline markup of a block's
text is found here, by offset. :func:`scan_inline` reports the spans that are not prose; the
caller blanks them (see :class:`~lint.document.Masker`) so offsets never move.

What is blanked: code spans, HTML comments and tags (text between tags is kept), autolinks,
bare URLs, link destinations and titles, the label part of reference links, whole images
(alt text included: it is mostly file names and "image of", not the article's prose),
emphasis and strikethrough delimiters, backslashes of escapes, footnote references,
Liquid/Nunjucks/Hugo shortcodes and kramdown attribute lists. Entities are decoded in place.

It is a single left-to-right pass that jumps between interesting characters with one regex,
so time is linear in the text: no pattern here may scan past the next delimiter of its kind.
"""

from __future__ import annotations

import bisect
import html
import html.entities
import re
import unicodedata
from collections.abc import Container
from dataclasses import dataclass, field

from markdown_it.common.utils import normalizeReference

from ..regexes import compiled
from ..document import Masker
from ..joins import JOINING_TAGS

# Every place where markup can start. Plain prose between them is skipped at C speed: every
# branch opens with a literal character, so re jumps between those characters instead of trying
# the whole pattern at every position (`+ is written ``*, and the bare URL's look-behind comes
# after its first letter), seven times faster over the Markdown corpus.
_SPECIAL = compiled(
    r"""\\[!-/:-@\[-`{-~\n]                 # backslash escape / hard line break
      | ``*                                 # code span fence
      | <                                   # comment, tag, autolink
      | !\[ | \[ | \]                       # link / image brackets
      | \*\** | __* | ~~*                    # emphasis delimiter runs
      | &(?:\#[0-9]{1,7}|\#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});   # entity
      | \{[{%\#:]                           # shortcode, template comment, attribute list
      | h(?<![\w/.@+-]h)(?i:ttps?://) | H(?<![\w/.@+-]H)(?i:ttps?://)   # bare URL, not
      | w(?<![\w/.@+-]w)(?i:ww\.) | W(?<![\w/.@+-]W)(?i:ww\.)           # inside a word
    """,
    re.X,
)

# Atomic whitespace (``(?=(\s*))\1``): Python 3.10 has no possessive quantifiers, and a plain
# ``\s*`` next to ``\s+`` backtracks quadratically on long runs of spaces.
_LINK_TAIL = compiled(
    r"""\((?=(?P<w1>\s*))(?P=w1)
        (?: <[^<>\n]*>                                        # <destination>
          | [^\s()\\]*(?:(?:\\.|\([^\s()\\]*\))[^\s()\\]*)*   # destination, one level of parens
        )
        (?: (?=(?P<w2>\s*))(?P=w2)
            (?: "(?:[^"\\]|\\.)*" | '(?:[^'\\]|\\.)*' | \((?:[^()\\]|\\.)*\) ) )?   # title
        (?=(?P<w3>\s*))(?P=w3)\)""",
    re.X | re.S,
)
_LABEL = compiled(r"\[((?:[^\[\]\\]|\\.){0,999})\]", re.S)  # CommonMark caps labels at 999
_FOOTNOTE_REF = compiled(r"\[\^[^\]\s]{1,100}\]:?")
_AUTOLINK = compiled(r"<[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*>")
_EMAIL = compiled(r"<[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?>")
# Each of these stops at the next "<", so trying one at every "<" stays linear.
_TAG = compiled(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_DECLARATION = compiled(r"<![A-Za-z][^<>]*>")
_ATTRIBUTES = compiled(r"\{[#:][^{}\n]*\}")  # kramdown / pandoc: {: .class}, {#anchor}
_TICKS = compiled(r"`+")
_URL_BODY = compiled(r"[^\s<>\[\]]*")
_URL_TRAILING = "?!.,:;*_~'\")"


@dataclass
class InlineScan:
    """Spans of a text that are not prose, in that text's offsets."""

    # (start, end, None) blanks a span; (start, end, text) writes a decoded entity there.
    edits: list[tuple[int, int, str | None]] = field(default_factory=list)
    # (start, end, body) of every HTML comment, for directives.
    comments: list[tuple[int, int, str]] = field(default_factory=list)
    # (start, end, tag) of styled text, delimiters excluded: em, strong, del, code.
    styles: list[tuple[int, int, str]] = field(default_factory=list)
    # The blanked spans (among ``edits``) that render nothing between two letters: emphasis
    # delimiters, link syntax, escapes' backslashes, inline tags such as <em>. A word they cut
    # ("**Kyiv**'s") is closed up in the masked text (lint/joins.py).
    joins: list[tuple[int, int]] = field(default_factory=list)


class _Finder:
    """``str.find`` that remembers its last answer per needle.

    Scanning positions only grow, so a cached hit at or after ``start`` is still the first hit,
    and a miss stays a miss: many unclosed ``<!--`` cost one search, not one each.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.cache: dict[str, int] = {}

    def find(self, needle: str, start: int) -> int:
        hit = self.cache.get(needle)
        if hit is None or (hit != -1 and hit < start):
            hit = self.cache[needle] = self.text.find(needle, start)
        return hit


def _tag_name(tag: str) -> str:
    """``"</EM>"`` -> ``"em"``."""
    name = tag[2:] if tag[1] == "/" else tag[1:]
    return name.split(None, 1)[0].rstrip("/>").lower()


def _char_class(ch: str) -> str:
    if ch.isspace():
        return "space"
    if unicodedata.category(ch)[0] in "PS":
        return "punct"
    return "other"


def _known(label: str, references: Container[str]) -> bool:
    return 0 < len(label) <= 999 and bool(label.strip()) and normalizeReference(label) in references


def _decode_entity(entity: str) -> str | None:
    """The text an entity stands for, or None when it is not one (``&bogus;``)."""
    if entity[1] != "#" and entity[1:] not in html.entities.html5:
        return None
    decoded = html.unescape(entity)
    # A decoded newline or NBSP must not add a line or hide a word break: write a plain space.
    return "".join(" " if c.isspace() or unicodedata.category(c) == "Cc" else c for c in decoded)


def scan_inline(text: str, references: Container[str] = frozenset()) -> InlineScan:
    """Find the non-prose spans of one block's text (lines joined by ``\\n``).

    ``references`` holds the normalised labels of the document's link reference definitions,
    so that ``[text][id]`` and ``[id]`` are only treated as links when ``id`` is defined.
    """
    out = InlineScan()
    if not _SPECIAL.search(text):
        return out  # plain prose, the common case for short blocks
    edits = out.edits
    finder = _Finder(text)
    # Code span closers: starts of backtick runs by run length, found once.
    ticks: dict[int, list[int]] = {}
    for m in _TICKS.finditer(text):
        ticks.setdefault(m.end() - m.start(), []).append(m.start())
    brackets: list[tuple[int, bool]] = []  # open "[" / "![" positions, is-image
    delimiters: list[tuple[int, int]] = []  # emphasis runs, resolved after the scan

    pos = 0
    while m := _SPECIAL.search(text, pos):
        start, end = m.span()
        ch = text[start]
        pos = end
        if ch == "\\":
            edits.append((start, start + 1, None))  # keep the escaped character as text
            out.joins.append((start, start + 1))
        elif ch == "`":
            runs = ticks.get(end - start, ())  # none when the run began after an escape
            i = bisect.bisect_left(runs, end)
            if i < len(runs):  # unmatched backticks are literal text
                pos = runs[i] + end - start
                edits.append((start, pos, None))
                out.styles.append((end, runs[i], "code"))
        elif ch == "<":
            pos = _angle(text, start, finder, out)
        elif ch == "[" and (f := _FOOTNOTE_REF.match(text, start)):
            pos = f.end()
            edits.append((start, pos, None))
            out.joins.append((start, pos))
        elif ch in "![":
            brackets.append((start, ch == "!"))
        elif ch == "]":
            if brackets:
                pos = _close_bracket(text, start, brackets.pop(), references, edits, out.joins)
        elif ch in "*_~":
            delimiters.append((start, end))
        elif ch == "&":
            decoded = _decode_entity(m.group())
            if decoded is not None:
                edits.append((start, end, decoded))
        elif ch == "{":
            pos = _brace(text, start, finder, edits)
        else:
            pos = _bare_url(text, start, end, edits)
    _emphasis(text, delimiters, edits, out.styles, out.joins)
    return out


def _angle(text: str, start: int, finder: _Finder, out: InlineScan) -> int:
    """Handle a ``<``; return where scanning resumes."""
    if text.startswith("<!--", start):
        close = finder.find("-->", start + 4)
        if close == -1:
            return start + 1  # unclosed: CommonMark reads it as text
        out.edits.append((start, close + 3, None))
        out.comments.append((start, close + 3, text[start + 4 : close]))
        return close + 3
    for pattern in (_AUTOLINK, _EMAIL, _TAG, _DECLARATION):
        if m := pattern.match(text, start):
            out.edits.append((start, m.end(), None))
            if pattern is _TAG and _tag_name(m.group()) in JOINING_TAGS:
                out.joins.append((start, m.end()))
            return m.end()
    for opener, closer in (("<?", "?>"), ("<![CDATA[", "]]>")):
        if text.startswith(opener, start):
            close = finder.find(closer, start + len(opener))
            if close != -1:
                out.edits.append((start, close + len(closer), None))
                return close + len(closer)
    return start + 1


def _close_bracket(
    text: str,
    close: int,
    opener: tuple[int, bool],
    references: Container[str],
    edits: list,
    joins: list,
) -> int:
    """A ``]`` matched with its ``[``: blank the link syntax if it forms a link."""
    start, image = opener
    inner = start + (2 if image else 1)
    if tail := _LINK_TAIL.match(text, close + 1):  # [text](url "title")
        end = tail.end()
    elif (label := _LABEL.match(text, close + 1)) and _known(
        label.group(1) or text[inner:close], references
    ):  # [text][id] or [id][]
        end = label.end()
    elif label is None and _known(text[inner:close], references):  # [id]
        end = close + 1
    else:
        return close + 1  # plain brackets, e.g. "[sic]"
    if image:
        edits.append((start, end, None))
    else:
        edits.append((start, inner, None))
        edits.append((close, end, None))
        joins.extend(((start, inner), (close, end)))
    return end


def _brace(text: str, start: int, finder: _Finder, edits: list) -> int:
    if m := _ATTRIBUTES.match(text, start):
        edits.append((start, m.end(), None))
        return m.end()
    closer = {"{": "}}", "%": "%}", "#": "#}"}.get(text[start + 1])
    if closer:
        close = finder.find(closer, start + 2)
        if close != -1:
            edits.append((start, close + 2, None))
            return close + 2
    return start + 2


def _bare_url(text: str, start: int, end: int, edits: list) -> int:
    """``https://...`` or ``www....`` in running text, minus trailing punctuation (as GFM)."""
    stop = _URL_BODY.match(text, end).end()
    opens, closes = text.count("(", start, stop), text.count(")", start, stop)
    while stop > end and text[stop - 1] in _URL_TRAILING:
        if text[stop - 1] == ")":
            if closes <= opens:
                break  # a balanced ")" belongs to the URL
            closes -= 1
        stop -= 1
    if stop == end and text[start] in "wW":
        return end  # "www." alone is not a link
    edits.append((start, stop, None))
    return stop


def _emphasis(text: str, runs: list[tuple[int, int]], edits: list, styles: list, joins: list) -> None:
    """Blank the delimiter runs that pair up, after CommonMark's flanking rules.

    Simplified: openers are matched to the nearest closer of the same character, taking as
    many characters as both have (no "rule of 3"). Unpaired runs stay as literal text, so a
    "f*ck" or "5 * 3" is not blanked.
    """
    stacks: dict[str, list[list[int]]] = {"*": [], "_": [], "~": []}
    size = len(text)
    for start, end in runs:
        ch = text[start]
        if ch == "~" and end - start != 2:  # strikethrough is exactly "~~"
            continue
        before = _char_class(text[start - 1]) if start else "space"
        after = _char_class(text[end]) if end < size else "space"
        left = after != "space" and (after != "punct" or before != "other")
        right = before != "space" and (before != "punct" or after != "other")
        if ch == "_":  # no intraword emphasis with "_": snake_case stays text
            can_open = left and (not right or before == "punct")
            can_close = right and (not left or after == "punct")
        else:
            can_open, can_close = left, right
        run = [start, end]
        stack = stacks[ch]
        if can_close:
            while stack and run[0] < run[1]:
                opener = stack[-1]
                n = min(opener[1] - opener[0], run[1] - run[0])
                edits.append((opener[1] - n, opener[1], None))
                edits.append((run[0], run[0] + n, None))
                joins.extend(((opener[1] - n, opener[1]), (run[0], run[0] + n)))
                # One character: emphasis; two: strong (three: both); "~~": strikethrough.
                for tag in ("del",) if ch == "~" else ("em", "strong") if n >= 3 else ("strong",) if n == 2 else ("em",):
                    styles.append((opener[1], run[0], tag))
                opener[1] -= n
                run[0] += n
                if opener[0] == opener[1]:
                    stack.pop()
        if can_open and run[0] < run[1]:
            stack.append(run)


def mask_inline(text: str, references: Container[str] = frozenset()) -> str:
    """``text`` with its inline markup blanked: a helper for tests and debugging."""
    masker = Masker(text)
    scan = scan_inline(text, references)
    joins = set(scan.joins)
    for start, end, replacement in scan.edits:
        if replacement is None:
            masker.hide(start, end, join=(start, end) in joins)
        else:
            masker.replace(start, end, replacement)
    return masker.build()
