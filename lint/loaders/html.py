"""HTML articles.

The standard library's ``html.parser`` finds the markup; this module decides which text is prose
and where blocks start and end. Everything starts out blank and only the prose runs the parser
reports are kept, so whatever the parser swallows, skips or chokes on simply stays blank.
Offsets come from ``getpos()`` through a table of line starts.

HTMLParser misbehaves on malformed input: ``close()`` rescans to the end of the text for every
unterminated construct (quadratic on garbage), an ``&#`` that starts no reference stops it
(or, after ``close()``, turns the rest of the page into text), and ``<![`` can raise. So the parser reads a copy of the
source with the same length in which ``&`` is a placeholder (entities are decoded here, from the
source) and ``<![`` is a bogus comment, as a browser reads it. ``close()`` is never called: the
parser stops at the first construct that is never terminated and the rest stays blank, which is
what a browser does with an unterminated tag or comment (it runs to the end of the file).
"""

from __future__ import annotations

import html
from functools import lru_cache
from html.entities import html5
from html.parser import HTMLParser

from ..regexes import compiled
from ..directives import parse_directive
from ..document import Block, Directive, Document, LineIndex, Masker, trim
from ..joins import JOINING_TAGS

# Content that is never prose. HTMLParser reads script and style as raw text; the others are
# parsed as HTML, so their tags are still tracked to find where they end.
_SKIP = frozenset(
    {"script", "style", "code", "pre", "noscript", "template", "svg", "math", "textarea", "iframe",
     "xmp", "noembed", "noframes"}
)
# Elements without content or end tag: never pushed on the element stack.
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
     "source", "track", "wbr"}
)
# Elements that give their text a kind other than "paragraph". Other elements inherit the kind
# of their parent, so a <p> in an <li> or a <blockquote> stays part of the item or the quote.
_KINDS = {
    "title": "title",
    "li": "list-item",
    "blockquote": "quote",
    "td": "table-cell",
    "th": "table-cell",
    **{f"h{n}": "heading" for n in range(1, 7)},
}
# Block-level elements: their start and end tags end the current block. Anything else (a, em,
# span, custom elements...) is inline and does not split one.
_BLOCK = frozenset(_KINDS) | {
    "html", "head", "body", "p", "div", "section", "article", "main", "header", "footer", "nav",
    "aside", "address", "figure", "figcaption", "ul", "ol", "menu", "dl", "dd", "dt", "table",
    "caption", "thead", "tbody", "tfoot", "tr", "hr", "pre", "form", "fieldset", "legend",
    "details", "summary", "dialog", "hgroup", "center", "select", "option",
}
# What may appear in <head>; any other start tag (or text) means the page left out </head>.
_HEAD = frozenset({"title", "meta", "link", "base", "script", "style", "noscript", "template"})

_ENTITY = compiled(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);?")
# Stand-in for "&" in the text the parser reads: an ordinary, non-space character.
_AMP = "\x01"


@lru_cache(maxsize=4096)  # articles repeat the same few references
def _decode(ref: str) -> str | None:
    """The text a character reference stands for, or None to leave it as written."""
    if ref[1] == "#":
        digits = ref[2:].rstrip(";")
        if digits[0] in "xX":
            num = int(digits[1:], 16)
        else:  # int() refuses over 4300 digits; anything over 8 is out of range anyway
            num = int(digits) if len(digits.lstrip("0")) <= 8 else 0x110000
        # html.unescape knows the spec's remapping (&#150; is a dash, &#0; is U+FFFD...).
        text = html.unescape(f"&#{min(num, 0x110000)};")
    else:
        # Exact names only ("amp;", or the legacy "amp" without semicolon): "&ampx" stays put.
        text = html5.get(ref[1:])
        if text is None:
            return None
    # &nbsp; and friends become a plain space; a decoded newline must not add a line to masked.
    return "".join(" " if c.isspace() else c for c in text)


class _Scanner(HTMLParser):
    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self.source = source
        self.masker = Masker(source)
        self.directives: list[Directive] = []
        self.blocks: list[list] = []  # [start, end, kind], trimmed in load_html
        self._block: list | None = None  # the block prose is being added to
        self._br = False  # the last thing in the block is a <br>
        self._kept = 0  # end of the last prose run: everything after it is blank so far
        self._joining = False  # only JOINING_TAGS since the last prose run: a word may close up
        self._line_start = LineIndex(source).line_start
        # Open elements as (tag, kind, skipped, in_head); the root entry is never popped.
        # ``_open`` counts open elements by tag so closing one is O(1) however deep the stack
        # grows on pages that never close their <p> or <li>.
        self._stack = [("", "paragraph", False, False)]
        self._open: dict[str, int] = {}

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_start(line) + column

    # -- element stack ---------------------------------------------------------------------

    def _push(self, tag: str) -> None:
        _, kind, skipped, in_head = self._stack[-1]
        self._stack.append(
            (
                tag,
                _KINDS.get(tag, kind),
                skipped or tag in _SKIP,
                (in_head or tag == "head") and tag != "title",
            )
        )
        self._open[tag] = self._open.get(tag, 0) + 1

    def _close(self, tag: str) -> None:
        """Pop up to the innermost open ``tag`` (closing what the page left open inside it)."""
        if not self._open.get(tag):
            return  # a stray end tag
        while True:
            top = self._stack.pop()[0]
            self._open[top] -= 1
            if top == tag:
                return

    def _end_block(self) -> None:
        self._block = None
        self._br = False

    def masked(self) -> str:
        self.masker.hide(self._kept, len(self.source))
        return self.masker.build()

    # -- parser events ---------------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs) -> None:
        self._joining = self._joining and tag in JOINING_TAGS
        top = self._stack[-1]
        if not top[2]:  # tags inside skipped content split nothing (<code> is inline)
            if top[0] == "head" and tag not in _HEAD:
                self._close("head")
            if tag in _BLOCK:
                self._end_block()
            elif tag == "br":
                if self._br:  # <br><br> separates paragraphs
                    self._end_block()
                else:
                    self._br = True
        if tag not in _VOID:
            self._push(tag)

    def handle_endtag(self, tag: str) -> None:
        self._joining = self._joining and tag in JOINING_TAGS
        self._close(tag)
        if tag in _BLOCK and not self._stack[-1][2]:
            self._end_block()

    def handle_data(self, data: str) -> None:
        if len(data) > 1 and data[0] == "<":
            # A malformed tag HTMLParser passes on as text: it is markup, keep it blank, and
            # do not close up the text on either side over it (a browser may show it).
            self._joining = False
            return
        start = self._offset()
        end = start + len(data)
        text = self.source[start:end]
        blank = text.isspace()
        if not blank and self._stack[-1][0] == "head":
            self._close("head")  # text cannot be in <head>: the page left out </head>
        _, kind, skipped, in_head = self._stack[-1]
        if skipped or in_head:
            return
        self.masker.hide(self._kept, start, join=self._joining)
        self._kept = end
        self._joining = True
        for m in _ENTITY.finditer(self.source, start, end):
            decoded = _decode(m.group())
            if decoded is not None:
                self.masker.replace(m.start(), m.end(), decoded)
        if blank:
            return
        self._br = False
        if self._block is None:
            self._block = [start, end, kind]
            self.blocks.append(self._block)
        self._block[1] = end

    def handle_comment(self, data: str) -> None:
        start = self._offset()
        if not self.source.startswith("<!--", start):
            return  # a bogus comment (<!x>, </ x>): never a directive
        body_end = start + 4 + len(data)
        parsed = parse_directive(self.source[start + 4 : body_end])
        if parsed:
            end = self.source.find(">", body_end) + 1 or body_end  # the end of "-->"
            self.directives.append(Directive(parsed[0], parsed[1], start, end))


def load_html(source: str) -> Document:
    scanner = _Scanner(source)
    try:
        scanner.feed(source.replace("&", _AMP).replace("<![", "<!" + _AMP))
    except Exception:  # HTMLParser choking on garbage: keep what was read, blank the rest
        pass
    masked = scanner.masked()

    blocks = []
    for start, end, kind in scanner.blocks:
        # Trim to the first/last visible character (a run may start with spaces or &nbsp;).
        start, end = trim(masked, start, end)
        if end > start:
            blocks.append(Block(start, end, kind))
    return Document(source, masked, blocks, scanner.directives, "html", joins=scanner.masker.joins)
