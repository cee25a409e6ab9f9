"""Property tests: whatever bytes come in, the whole pipeline holds its invariants.

bytes -> ``document_from_bytes`` -> ``lint_document`` (every rule) -> every reporter.

For any input (random Unicode text, Markdown and HTML built from syntax pieces, random bytes):

- nothing raises (except ``BinaryFile``, and only for a NUL byte in the sniffed prefix);
- every finding's span lies in ``[0, len(source)]`` with ``start <= end``;
- line/column (start and end) agree with the offsets, recomputed here independently;
- ``source[start:end] == match``;
- the text reporter (with source lines) and the json reporter write without raising, and the
  json output parses to one object per finding.

A second family checks the Document a loader returns: the source is the decoded input
unchanged, the masked text keeps every line break, blocks and directives lie inside the source.

The last part pins exact positions on a few hand-written examples (masking, CRLF, BOM).
"""

from __future__ import annotations

import io
import json
import os
from collections import Counter

import pytest
from hypothesis import HealthCheck, currently_in_test_context, event, example, given, settings
from hypothesis import strategies as st

from lint.document import BLOCK_KINDS
from lint.engine import lint_document
from lint.reporters import ReporterOptions, Summary, reporter_class
from lint.rules import Registry
from lint.source import BinaryFile, document_from_bytes
from tests.closed_up import check_closed_up

FORMATS = ("text", "markdown", "html")
BOM = b"\xef\xbb\xbf"
PATH = "article"

REGISTRY = Registry.default()
ALL_RULES = [REGISTRY.rules[r] for r in sorted(REGISTRY.ids)]
KNOWN = REGISTRY.ids

# COPYDESK_PROPERTY_EXAMPLES=5000 for a longer bug hunt; the default keeps the file well under 60 s.
PROPERTY = settings(
    max_examples=int(os.environ.get("COPYDESK_PROPERTY_EXAMPLES", "300")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


# ---------------------------------------------------------------------------------------------
# Invariant checks


def _position(source: str, offset: int) -> tuple[int, int]:
    """(line, column), 1-based, computed without the project's LineIndex."""
    line = source.count("\n", 0, offset) + 1
    column = offset - (source.rfind("\n", 0, offset) + 1) + 1
    return line, column


def _lint(data: bytes, fmt: str, rules=None):
    """Run the pipeline; None when the input is (correctly) skipped as binary."""
    try:
        doc = document_from_bytes(data, fmt)
    except BinaryFile:
        assert b"\x00" in data[:8192], "BinaryFile raised for input without a NUL byte"
        return None, None
    assert b"\x00" not in data[:8192], "a NUL byte in the first 8 KiB must mark a binary file"
    findings = lint_document(doc, ALL_RULES if rules is None else rules, PATH, KNOWN)
    return doc, findings


def _check_findings(doc, findings) -> None:
    source = doc.source
    n = len(source)
    for f in findings:
        assert 0 <= f.start <= f.end <= n, (f, n)
        assert source[f.start : f.end] == f.match, f
        assert (f.line, f.column) == _position(source, f.start), f
        assert (f.end_line, f.end_column) == _position(source, f.end), f
        assert f.path == PATH
        assert f.rule in KNOWN, f
        assert f.level in ("suggestion", "warning", "error"), f
        assert isinstance(f.message, str) and f.message, f
        if f.fix is not None:
            fs, fe, text = f.fix
            assert 0 <= fs <= fe <= n and isinstance(text, str), f


def _check_reporters(doc, findings) -> None:
    summary = Summary(files=1, levels=Counter(f.level for f in findings))
    for color in (False, True):
        out = io.StringIO()
        reporter = reporter_class("text")(out, ReporterOptions(show_source=True, color=color))
        reporter.start()
        reporter.file(PATH, doc, findings)
        reporter.finish(summary)
        text = out.getvalue()
        assert text.endswith(".\n")
        if not color:
            for f in findings:
                assert f"{PATH}:{f.line}:{f.column}: " in text

    out = io.StringIO()
    reporter = reporter_class("json")(out, ReporterOptions(show_source=True, color=False))
    reporter.start()
    reporter.file(PATH, doc, findings)
    reporter.finish(summary)
    items = json.loads(out.getvalue())
    assert isinstance(items, list) and len(items) == len(findings)
    for item, f in zip(items, findings):
        assert isinstance(item, dict)
        assert (item["rule"], item["line"], item["column"], item["start"], item["end"], item["match"]) == (
            f.rule, f.line, f.column, f.start, f.end, f.match
        )


def check_pipeline(data: bytes, fmt: str) -> None:
    doc, findings = _lint(data, fmt)
    if currently_in_test_context():  # statistics: --hypothesis-show-statistics
        for name in ["binary"] if doc is None else sorted({f"finding: {f.rule}" for f in findings}):
            event(name)
    if doc is None:
        return
    _check_findings(doc, findings)
    _check_reporters(doc, findings)


def _expected_text(data: bytes) -> str | None:
    """The decoded text the source must equal (valid UTF-8 only), BOM stripped."""
    raw = data[3:] if data.startswith(BOM) else data
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return None


def check_document(data: bytes, fmt: str) -> None:
    try:
        doc = document_from_bytes(data, fmt)
    except BinaryFile:
        assert b"\x00" in data[:8192]
        return
    source, masked = doc.source, doc.masked
    n = len(source)
    expected = _expected_text(data)
    if expected is not None:
        assert source == expected, "the loader must keep the source as written"
        assert doc.decode_errors == []
    for offset in doc.decode_errors:
        assert 0 <= offset < n and source[offset] == "\ufffd", offset
    assert len(masked) == n
    check_closed_up(doc)
    # Markup is blanked, line breaks are kept: an offset means the same line in both texts.
    assert [i for i, c in enumerate(source) if c == "\n"] == [i for i, c in enumerate(masked) if c == "\n"]
    for b in doc.blocks:
        assert 0 <= b.start <= b.end <= n, b
        assert b.kind in BLOCK_KINDS, b
    for d in doc.directives:
        assert 0 <= d.start <= d.end <= n, d
        assert d.action in ("disable", "enable", "disable-next-line", "disable-file"), d


# ---------------------------------------------------------------------------------------------
# Strategies

# Any code point except surrogates (not encodable) and NUL (binary, covered separately);
# biased towards the characters that break offset arithmetic.
_SPECIAL_CHARS = st.sampled_from(
    ["\n", "\r", "\r\n", "\t", "\ufeff", "\ufffd", "\u00a0", "\u2028", "\u2029", "\x85", "\x0b",
     "\x0c", "😀", "𝔘", "\U0010ffff", "é", "e\u0301", "’", "“", "”", "…", "ß", "İ", "ﬁ"]
)
_ANY_CHARS = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), max_size=30)
_WORDS = st.sampled_from(
    ["the", "The", "the the", "The The", "in\nin", "in\r\nin", "will will", "had had", "Bora Bora",
     "1 1", "ﬁle ﬁle", "ÉTÉ été", "straße STRASSE", "😀 😀", "Mr.", "U.S.", "No. 10", "e.g.", ".",
     "?", "!", ",", " ", "  ", "said", "according to", "Reuters", "the ministry", "citing"]
)
PROSE = st.sampled_from(
    [
        "The minister said the the plan was final.",
        "The The committee met on Monday.",
        "Talks will resume in\nin March, officials said.",
        "Talks will resume in\r\nin March, officials said.",
        "According to Reuters, prices rose, according to Reuters.",
        "According to Ukrainian News, the talks failed, according to Ukrainian News Agency.",
        "Smith said the talks failed, Smith said.",
        "The ministry said prices rose, the ministry said.",
        "Prices rose, citing the ministry, as reported by the ministry.",
        "\"We will will not give up,\" she said.",
        "What she had had in mind was a shorter session.",
        "They flew to Bora Bora for the summit.",
        "Mr. Smith met U.S. officials at 3 p.m. on Jan. 5. The the talks ended.",
        "Café café 😀 😀 naïve 𝔘𝔘 𝔘𝔘.",
        "A\tB\tthe\tthe end.",
        "Résumé résumé \ufffd\ufffd done.",
    ]
)
FRAGMENT = st.one_of(PROSE, _WORDS, _SPECIAL_CHARS, _ANY_CHARS)

RANDOM_TEXT = st.lists(FRAGMENT, max_size=25).map("".join)


def _encode(text: str, bom: bool) -> bytes:
    return (BOM if bom else b"") + text.encode("utf-8")


# --- Markdown -------------------------------------------------------------------------------

_SHORT = st.one_of(st.sampled_from(["the the", "According to Reuters", "Title", "x", "", "Bora Bora"]),
                   st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), max_size=10))


def _yaml_quote(s: str) -> str:
    return json.dumps(s)  # JSON strings are valid YAML double-quoted scalars


def _toml_quote(s: str) -> str:
    return json.dumps(s)  # close enough; invalid TOML is a valid test input too


FRONT_MATTER = st.one_of(
    st.builds(lambda t, d: f"---\ntitle: {_yaml_quote(t)}\ndescription: {_yaml_quote(d)}\ntags: [a, b]\n---\n", _SHORT, _SHORT),
    st.builds(lambda t, d: f"---\ntitle: {t}\ndescription: >\n  {d}\n  the the end\n---\n", _SHORT, _SHORT),
    st.builds(lambda t, d: f"+++\ntitle = {_toml_quote(t)}\ndescription = {_toml_quote(d)}\n+++\n", _SHORT, _SHORT),
    st.builds(lambda t: f"---\r\ntitle: The the {t}\r\n---\r\n", _SHORT),
    st.sampled_from([
        "---\ntitle: The the headline\ndescription: According to Reuters, X, according to Reuters.\n---\n",
        "+++\ntitle = \"The the headline\"\ndescription = \"Smith said it, Smith said.\"\n+++\n",
        "---\ntitle: \"unclosed\n---\n",
        "---\n: : :\n---\n",
        "---\n- a list\n- not a mapping\n---\n",
        "---\ntitle: no closing fence\n",
        "+++\ntitle = \n+++\n",
        "---\n---\n",
        "---\ntitle: 12\ndescription: [1, 2]\n---\n",
        "---\ntitle: &a x\ndescription: *a\n---\n",
        "\ufeff---\ntitle: bom inside\n---\n",
        r'---' "\n" r'title: "Esc \t\n\x41\u00e9\U0001F600\ud83d\ude00 \"q\" \\ the the \_ \N"' "\n---\n",
        r'---' "\n" r'title: "Esc \t\n\x41\u00e9\U0001F600 \"q\" \\ the the \_ \N \L \P \/ \e \0"' "\n---\n",
        '---\ntitle: "line \\\n  continued the\\\n  the"\n---\n',
        "---\ntitle: 'It''s the the plan'\ndescription: 'a ''b'' c'\n---\n",
        "---\ntitle: |\n  The the block\n  scalar\ndescription: >-\n\n  folded the\n  the\n...\n",
        "---\ntitle:\n  plain folded\n  over lines the\n  the # comment\ndescription: x # c\n---\n",
        "---\ntitle: The the # a comment\nsummary: ok\nsubtitle: \"\"\nnested:\n  title: inner the the\n---\n",
        "---\r\ntitle: \"CRLF the\r\n  the\"\r\ndescription: x\r\n---\r\nBody the the.\r\n",
        '---\ntitle: "bad escape \\q \\x4 \\u12"\n---\n',
        '+++\ntitle = """\nMulti the\nthe line"""\ndescription = \'\'\'literal the the\'\'\'\n+++\n',
        '+++\ntitle = "esc \\u00e9 \\U0001F600 \\t the the"\n[extra]\ndescription = "in a table"\n+++\n',
        '+++\ntitle = \'literal \\n the the\'\ndescription = """\\\n  line ending backslash"""\n+++\n',
        '+++\r\ntitle = "CRLF the the"\r\n+++\r\n',
        "---\rtitle: lone CR\r---\r",
    ]),
)

INLINE = st.deferred(lambda: st.one_of(
    FRAGMENT,
    FRAGMENT,
    st.builds("**{}**".format, FRAGMENT),
    st.builds("*{}*".format, FRAGMENT),
    st.builds("_{}_".format, FRAGMENT),
    st.builds("~~{}~~".format, FRAGMENT),
    st.builds("`{}`".format, _SHORT),
    st.builds("``{}``".format, _SHORT),
    st.builds("[{}](https://example.com/{})".format, FRAGMENT, _SHORT),
    st.builds("[{}][ref]".format, FRAGMENT),
    st.builds("![{}](img.png \"the the\")".format, FRAGMENT),
    st.builds("<span class=\"x\">{}</span>".format, FRAGMENT),
    st.builds("<!-- {} -->".format, _SHORT),
    st.sampled_from([
        "&amp;", "&nbsp;", "&#169;", "&#x1F600;", "&bogus;", "&#0;", "&#xD800;", "&NotEqualTilde;",
        "<https://example.com/the the>", "\\*", "\\", "[^1]", "**", "*", "`", "<", ">", "[", "](",
        "<!--", "-->", "  \n", "\\\n", "in **in**", "the <!-- c --> the", "the `x` the",
        "<!-- copydesk-disable-next-line repetition.word -->",
        "<!-- copydesk-disable repetition -->", "<!-- copydesk-enable repetition -->",
        "<!-- copydesk-disable -->", "<!-- copydesk-enable -->",
        "<!-- copydesk-disable-file no.such-rule -->", "<!-- copydesk-disable-next-line nope -->",
        # Words cut by markup, closed up in the masked text (lint/joins.py)
        "**Kyiv**'s support for Kyiv", "[Kyiv](https://x.org/k)'s", "the**the** the", "it\\'s it\\'s",
        "Zo&euml;'s", "e<strong>X</strong>press", "the<br>the", "x<em>y</em>z",
    ]),
))
LINE = st.lists(INLINE, min_size=1, max_size=6).map("".join)


def _fence(lang, body, closed):
    return f"```{lang}\n{body}\n" + ("```" if closed else "")


BLOCK = st.one_of(
    LINE,
    LINE,
    st.builds(lambda h, l: "#" * h + " " + l, st.integers(1, 7), LINE),
    st.builds(lambda l: f"{l}\n=====", LINE),
    st.builds(lambda l: f"{l}\n-----", LINE),
    st.builds(_fence, st.sampled_from(["", "python", "md"]), RANDOM_TEXT, st.booleans()),
    st.builds(lambda b: f"~~~\n{b}\n~~~", RANDOM_TEXT),
    st.builds(lambda b: f"    {b}", LINE),
    st.builds(lambda items: "\n".join(f"- {i}" for i in items), st.lists(LINE, min_size=1, max_size=4)),
    st.builds(lambda items: "\n".join(f"{n + 1}. {i}" for n, i in enumerate(items)), st.lists(LINE, min_size=1, max_size=4)),
    st.builds(lambda a, b: f"- {a}\n  - {b}", LINE, LINE),
    st.builds(lambda a, b: f"> {a}\n> {b}", LINE, LINE),
    st.builds(lambda a, b: f"> {a}\n{b}", LINE, LINE),
    st.builds(lambda a, b: f"> - {a}\n>\n> > {b}", LINE, LINE),
    st.builds(lambda a, b, c: f"| {a} | b |\n|---|:---:|\n| {b} | {c} |", LINE, LINE, LINE),
    st.builds(lambda a: f"<div>\n{a}\n</div>", LINE),
    st.builds(lambda a: f"<!--\n{a}\n-->", RANDOM_TEXT),
    st.builds(lambda a: f"[ref]: https://example.com/{a} \"the the\"", _SHORT),
    st.builds(lambda a: f"[^1]: {a}", LINE),
    st.sampled_from([
        "---", "***", "___", "<!-- copydesk-disable-next-line repetition.word -->",
        "<!-- copydesk-disable-file -->", "<!-- copydesk-disable-file repetition.word -->",
        "<!-- copydesk-disable attribution -->", "<!-- copydesk-enable attribution -->",
        "<script>\nthe the\n</script>", "<style>p { the: the }</style>", "```", "~~~", ">", "-", "1.",
        "|", "| a |\n|---|", "<pre>\nthe the\n</pre>",
        "| a \\| b | `c | d` |\n|---|---|\n| the \\| the | x |", "a | b\n--|--\nthe the | c",
        "Lazy\ncontinuation the\nthe line", "> quote\nlazy the\nthe", "-\tTab item the the",
        "1)  item\n\n    the the continued", "* a\n\n      code the the", "<div>\nblock\n\nthe the after",
        "<custom-tag>\nthe the\n</custom-tag>", "[ref]:\n  https://x.y\n  'the the'",
        "Setext\nover two lines the\n===", "#\tTab heading the the", "## Closed the the ##",
        "#", "# ", "#5 not a heading the the", "\\# escaped the the", "    \n", "\u2028the the\u2028",
        "\x0cform the the feed", "para  \nhard the the break", "<!-- unclosed comment the the",
        "`unclosed code the the", "[unclosed link the the](", "![](", "<a href='the the'>the the</a>",
        "{{< shortcode the the >}}", "{% liquid the the %}", "{#: attr #}", "text {: .class} the the",
        "www.example.com/the the", "https://example.com/the_the the the", "a@b.c <a@b.c> the the",
        "\\``the the``", "``` ` ```the the", "[the the][ref]", "[ref]", "[x]: <the the>",
    ]),
)
SEPARATOR = st.sampled_from(["\n\n", "\n\n", "\n", "\r\n\r\n", "\r\n", "\r", "\n\n\n", "\n \n", "\n\t\n"])


@st.composite
def markdown_documents(draw) -> bytes:
    parts = []
    if draw(st.integers(0, 2)) == 0:
        parts.append(draw(FRONT_MATTER))
    blocks = draw(st.lists(BLOCK, max_size=8))
    for block in blocks:
        parts.append(block)
        parts.append(draw(SEPARATOR))
    if parts and draw(st.booleans()):
        parts.pop()  # no trailing separator
    return _encode("".join(parts), draw(st.integers(0, 4)) == 0)


# --- HTML -----------------------------------------------------------------------------------

_TAG_NAMES = ["p", "h1", "h2", "h6", "title", "li", "ul", "ol", "blockquote", "td", "th", "tr", "table",
              "div", "span", "em", "strong", "b", "i", "a", "code", "pre", "article", "main", "head",
              "body", "html", "figcaption", "nav", "footer", "aside", "noscript", "template", "svg",
              "textarea", "P", "H1", "TITLE", "Script", "STYLE"]

HTML_PIECE = st.one_of(
    FRAGMENT,
    FRAGMENT,
    st.builds("<{}>".format, st.sampled_from(_TAG_NAMES)),
    st.builds("</{}>".format, st.sampled_from(_TAG_NAMES)),
    st.builds(lambda t, body: f"<{t}>{body}</{t}>", st.sampled_from(_TAG_NAMES), FRAGMENT),
    st.builds("<a href=\"{}\" title='the the'>".format, _SHORT),
    st.builds("<img alt=\"{}\" src=x>".format, FRAGMENT),
    st.builds("<meta name=\"description\" content=\"{}\">".format, FRAGMENT),
    st.builds("<script>{}</script>".format, RANDOM_TEXT),
    st.builds("<style>{}</style>".format, RANDOM_TEXT),
    st.builds("<!--{}-->".format, RANDOM_TEXT),
    st.sampled_from([
        "&amp;", "&lt;", "&gt;", "&quot;", "&nbsp;", "&#169;", "&#x1F600;", "&#X41;", "&bogus;", "&amp",
        "&#0;", "&#xD800;", "&#1114112;", "&#x110000;", "&#;", "&", "&NotEqualTilde;", "&nbsp",
        "<!DOCTYPE html>", "<br>", "<br/>", "<hr />", "<![CDATA[the the]]>", "<?xml version='1.0'?>",
        "<", ">", "</", "<p", "<a href=\"unclosed", "<script>", "<style>", "<!--", "-->", "<!---->",
        "<!-- copydesk-disable-next-line repetition.word -->", "<!-- copydesk-disable -->",
        "<!-- copydesk-enable -->", "<!-- copydesk-disable-file nope.nope -->",
        "<script>document.write('the the')</script>", "<style>.the { the: the }</style>",
        "<p>The the plan.</p>", "<p>According to Reuters, X, according to Reuters.</p>",
        "<title>The the title</title>", "<p>in <b>in</b> Brussels</p>", "<pre>the the</pre>",
        "<textarea>the the</textarea>", "<p>the&nbsp;the</p>", "<p>the &amp; the</p>",
        "<p\nclass='x'\r\ntitle=\"the the\">the\r\nthe</p>", "</ x>", "<!x>", "<!-- unclosed",
        "<p>a<br>the<br><br>the</p>", "<li>the <p>the</p></li>", "<head><p>the the</p>",
        "<table><tr><td>the</td><td>the</td></tr></table>", "&#99999999999999999999;", "&#x10FFFF;",
        "&#xFFFFFFFFFFFFFFFFFFFFFFFF;", "&#150;", "&#13;", "&#10;", "&Afr;", "&ampx", "&lt;p&gt;the the",
        "<p>the&#10;the</p>", "<p>the&#x0a;the</p>", "<p>the&Tab;the</p>", "<p>x&NewLine;y</p>",
        "<svg><p>the the</p></svg>", "<code>the <b>the</b></code>", "<math>the the</math>",
        "<iframe>the the</iframe>", "<xmp>the the</xmp>", "<plaintext>the the", "<title>the the",
        "<![if !IE]>the the<![endif]>", "<![CDATA[", "<?php echo 'the the'; ?>", "<a <b>the the",
        "<p>the</P><P>the</p>", "<p>the <!-- copydesk-disable-next-line --> the</p>",
        "<!-- copydesk-disable-next-line repetition.word --", "<!--copydesk-disable-->",
        # Words cut by markup, closed up in the masked text (lint/joins.py)
        "<p>Ukraine&#8217;s support for Ukraine&rsquo;s the&#8217;s</p>", "<p>the<b>the</b> the</p>",
        "<p><a href='/k'>Kyiv</a>&#8217;s recognition of Kyiv</p>", "it&#8217;s it&#8217;s", "the<em>",
        "</em>the", "<p>Zo&euml; Zo&euml;</p>", "<p>x<wbr>y x<span>y</span></p>",
    ]),
)


@st.composite
def html_documents(draw) -> bytes:
    pieces = draw(st.lists(HTML_PIECE, max_size=25))
    if draw(st.booleans()):
        pieces = ["<!DOCTYPE html><html><head><title>", *pieces[:2], "</title></head><body>", *pieces[2:],
                  "</body></html>"]
    text = "".join(pieces)
    if draw(st.integers(0, 3)) == 0:
        text = text.replace("\n", "\r\n")
    return _encode(text, draw(st.integers(0, 4)) == 0)


# --- Bytes ----------------------------------------------------------------------------------

_BAD_BYTES = st.sampled_from([
    b"\xff", b"\xfe", b"\x80", b"\xc3", b"\xc3(", b"\xe2\x82", b"\xed\xa0\x80", b"\xed\xbf\xbf",
    b"\xf4\x90\x80\x80", b"\xc0\xaf", b"\xe0\x80\xaf", b"\xf8\x88\x80\x80\x80", b"\xf0\x9f\x98",
    BOM, b"\r", b"\r\n", b"\n", b"\t", b"the the ", b"<p>", b"</p>", b"**", b"<!--", b"-->", b"---\n",
])
_NUL = st.sampled_from([b"\x00", b"\x00\x00", b"a\x00b"])


@st.composite
def random_bytes(draw) -> bytes:
    chunks = draw(st.lists(st.one_of(
        st.binary(max_size=20).map(lambda b: b.replace(b"\x00", b"\x01")),  # NUL is added below
        _BAD_BYTES,
        _BAD_BYTES,
        RANDOM_TEXT.map(lambda s: s.encode("utf-8")),
        PROSE.map(lambda s: s.encode("utf-8")),
    ), max_size=12))
    if draw(st.integers(0, 14)) == 0:  # occasionally a NUL byte
        chunks.insert(draw(st.integers(0, len(chunks))), draw(_NUL))
    data = b"".join(chunks)
    if draw(st.integers(0, 4)) == 0:
        data = BOM + data
    return data


# ---------------------------------------------------------------------------------------------
# (a) random Unicode text, every format


@PROPERTY
@given(text=RANDOM_TEXT, bom=st.booleans(), fmt=st.sampled_from(FORMATS))
@example(text="\ufeffThe the", bom=True, fmt="text")
@example(text="the the\r\rthe the\r\n", bom=False, fmt="text")
@example(text="", bom=True, fmt="markdown")
def test_random_text_pipeline(text, bom, fmt):
    check_pipeline(_encode(text, bom), fmt)


@PROPERTY
@given(text=RANDOM_TEXT, bom=st.booleans(), fmt=st.sampled_from(FORMATS))
def test_random_text_document(text, bom, fmt):
    check_document(_encode(text, bom), fmt)


# (b) Markdown from syntax pieces


@PROPERTY
@given(data=markdown_documents())
@example(data=b"---\ntitle: The the headline\n---\n\nAccording to Reuters, X, according to Reuters.\n")
@example(data=b"<!-- copydesk-disable-next-line repetition.word -->\nThe the plan.\r\n")
def test_markdown_pipeline(data):
    check_pipeline(data, "markdown")


@PROPERTY
@given(data=markdown_documents())
def test_markdown_document(data):
    check_document(data, "markdown")


# (c) HTML from tags, text, entities, script, style, comments


@PROPERTY
@given(data=html_documents())
@example(data=b"<title>The the</title><p>According to Reuters, X, according to Reuters.</p>")
@example(data=b"<script>the the")
def test_html_pipeline(data):
    check_pipeline(data, "html")


@PROPERTY
@given(data=html_documents())
def test_html_document(data):
    check_document(data, "html")


# (d) random bytes, every format


@PROPERTY
@given(data=random_bytes(), fmt=st.sampled_from(FORMATS))
@example(data=b"\xff\xfethe the\x00", fmt="text")
@example(data=BOM + b"\xc3(the the\xed\xa0\x80", fmt="markdown")
@example(data=b"<p>\xff the the</p>", fmt="html")
def test_random_bytes_pipeline(data, fmt):
    check_pipeline(data, fmt)


@PROPERTY
@given(data=random_bytes(), fmt=st.sampled_from(FORMATS))
def test_random_bytes_document(data, fmt):
    check_document(data, fmt)


# Regression: found by test_markdown_pipeline (KeyError in lint/loaders/inline.py scan_inline
# when an escaped backtick is followed by more backticks).
@pytest.mark.parametrize("data", [b"\\``", b"Use \\`` here.", b"\xef\xbb\xbf\\``\n\n", b"\\```x``"])
def test_bug_escaped_backtick_run(data):
    check_pipeline(data, "markdown")


def test_nul_after_sniff_window_is_linted():
    """A NUL beyond the first 8 KiB does not make a file binary; it is linted like text."""
    data = b"The the plan.\n" + b"x" * 9000 + b"\x00"
    for fmt in FORMATS:
        check_pipeline(data, fmt)


# ---------------------------------------------------------------------------------------------
# Exact positions (only repetition.word)

WORD = [REGISTRY.rules["repetition.word"]]


def _word_findings(data: bytes, fmt: str):
    doc, findings = _lint(data, fmt, WORD)
    _check_findings(doc, findings)
    _check_reporters(doc, findings)
    return [(f.line, f.column, f.end_line, f.end_column, f.match) for f in findings]


@pytest.mark.parametrize(
    "data, fmt, expected",
    [
        # Masking: emphasis markers are blanked, offsets stay those of the source.
        (b"**The the** plan", "markdown", [(1, 3, 1, 10, "The the")]),
        (b"Officials met in **in** Brussels.", "markdown", [(1, 15, 1, 22, "in **in")]),
        (b"# The the headline", "markdown", [(1, 3, 1, 10, "The the")]),
        (b"Intro.\n\n> She said the the plan.", "markdown", [(3, 12, 3, 19, "the the")]),
        (b"- one\n- two the the\n", "markdown", [(2, 7, 2, 14, "the the")]),
        (b"The `the the` plan.", "markdown", []),
        (b"Intro.\n\n```\nthe the\n```\n", "markdown", []),
        (b"Intro.\n\n<!-- copydesk-disable-next-line repetition.word -->\nThe the plan.\n", "markdown", []),
        # CRLF: the \r belongs to the line, columns count code points from the line start.
        (b"Headline\r\n\r\nShe said the the plan.\r\n", "text", [(3, 10, 3, 17, "the the")]),
        (b"Headline\r\n\r\nShe said the the plan.\r\n", "markdown", [(3, 10, 3, 17, "the the")]),
        (b"Talks will resume in\r\nin March.", "text", [(1, 19, 2, 3, "in\r\nin")]),
        (b"Talks will resume in\r\nin March.", "markdown", [(1, 19, 2, 3, "in\r\nin")]),
        (b"Intro.\r\n\r\n**The the** plan\r\n", "markdown", [(3, 3, 3, 10, "The the")]),
        # BOM: stripped, so column 1 is the first visible character.
        (BOM + b"The the", "text", [(1, 1, 1, 8, "The the")]),
        (BOM + b"The the", "markdown", [(1, 1, 1, 8, "The the")]),
        (BOM + b"**The the** plan", "markdown", [(1, 3, 1, 10, "The the")]),
        (BOM + b"The the\r\n\r\nA b the the.", "text", [(1, 1, 1, 8, "The the"), (3, 5, 3, 12, "the the")]),
        # Non-BMP characters are one column each.
        ("😀 The the".encode(), "text", [(1, 3, 1, 10, "The the")]),
        ("😀 **The the**".encode(), "markdown", [(1, 5, 1, 12, "The the")]),
        # HTML: tags are blanked in place.
        (b"<p>The the plan.</p>", "html", [(1, 4, 1, 11, "The the")]),
        (b"<p>in <b>in</b> Brussels</p>", "html", [(1, 4, 1, 12, "in <b>in")]),
        (b"<p>Intro.</p>\r\n<p>She said the the plan.</p>", "html", [(2, 13, 2, 20, "the the")]),
        (b"<script>the the</script><p>ok</p>", "html", []),
    ],
)
def test_exact_positions(data, fmt, expected):
    assert _word_findings(data, fmt) == expected
