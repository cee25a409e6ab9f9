import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lint.document import BLOCK_KINDS
from lint.loaders.html import load_html
from tests.closed_up import check_closed_up


def shown(doc, text, start=0):
    """Offset of ``text`` in the source, asserting it is prose at exactly that offset (before
    words cut by markup are closed up, which moves the rest of such a word)."""
    offset = doc.source.index(text, start)
    assert doc.aligned[offset : offset + len(text)] == text
    return offset


def hidden(doc, text):
    offset = doc.source.index(text)
    assert doc.aligned[offset : offset + len(text)].strip() == ""


def block_texts(doc):
    """(text, kind) of every block, runs of masking spaces shown as one space."""
    return [(re.sub(" +", " ", doc.masked[b.start : b.end]), b.kind) for b in doc.blocks]


def check_invariants(doc):
    check_closed_up(doc)
    source, masked = doc.source, doc.aligned
    assert len(masked) == len(source)
    for i, (s, m) in enumerate(zip(source, masked)):
        if s in "\r\n":
            assert m == s  # line structure is untouched
        elif m != s:
            # Only blanking, or a decoded reference written over its own "&...".
            assert m == " " or "&" in (source[i], source[i - 1])
    previous_end = 0
    for b in doc.blocks:
        assert previous_end <= b.start < b.end <= len(source)
        assert not doc.masked[b.start].isspace() and not doc.masked[b.end - 1].isspace()
        assert b.kind in BLOCK_KINDS
        previous_end = b.end
    for d in doc.directives:
        assert source[d.start : d.end].startswith("<!--")
        assert source[d.start : d.end].endswith(">")


ARTICLE = (
    "<!DOCTYPE html>\n"
    "<html>\n"
    "<head>\n"
    '  <meta charset="utf-8">\n'
    "  <title>Council votes on budget</title>\n"
    '  <link rel="stylesheet" href="a.css">\n'
    "  <style>p { color: red; }</style>\n"
    "  <script>var tracker = 'secret';</script>\n"
    "</head>\n"
    '<body class="article">\n'
    "<h1>Budget passes</h1>\n"
    '<p>The council <a href="/votes?id=1&amp;x=2">voted</a> on <em>Monday</em>.</p>\n'
    "<p>Second paragraph.</p>\n"
    "</body>\n"
    "</html>\n"
)


def test_prose_stays_at_its_source_offsets():
    doc = load_html(ARTICLE)
    for word in ("Budget passes", "The council", "voted", "on", "Monday", ".", "Second paragraph."):
        shown(doc, word, ARTICLE.index("<body"))
    check_invariants(doc)


def test_markup_and_head_are_blanked():
    doc = load_html(ARTICLE)
    for text in ("<!DOCTYPE html>", '<meta charset="utf-8">', "<a href", "color: red", "secret",
                 "stylesheet", '<body class="article">', "</p>", "<em>"):
        hidden(doc, text)
    assert "<" not in doc.masked and ">" not in doc.masked and "=" not in doc.masked


def test_title_heading_and_paragraph_blocks():
    doc = load_html(ARTICLE)
    assert block_texts(doc) == [
        ("Council votes on budget", "title"),
        ("Budget passes", "heading"),
        ("The council voted on Monday.", "paragraph"),  # "</em>." closed up
        ("Second paragraph.", "paragraph"),
    ]
    title, _, paragraph, _ = doc.blocks
    assert (title.start, title.end) == (ARTICLE.index("Council"), ARTICLE.index("</title>"))
    assert paragraph.start == ARTICLE.index("The council")
    assert doc.source_span(paragraph.start, paragraph.end) == (ARTICLE.index("The council"), ARTICLE.index(".</p>") + 1)


@pytest.mark.parametrize(
    "element, content",
    [
        ("script", "if (a < b && c) { x = '</p>'; }"),
        ("style", "body > p { content: '&amp;'; }"),
        ("pre", "line one\nline two"),
        ("code", "print('hi')"),
        ("noscript", "Enable JavaScript"),
        ("template", "<p>Template text</p>"),
        ("svg", "<title>Chart title</title><text>Axis</text>"),
        ("math", "<mi>x</mi>"),
        ("textarea", "Type here"),
        ("iframe", "Fallback"),
    ],
)
def test_skipped_elements(element, content):
    source = f"<p>Before <{element}>{content}</{element}> after.</p>"
    doc = load_html(source)
    shown(doc, "Before")
    shown(doc, "after.")
    assert doc.masked.split() == ["Before", "after."]
    check_invariants(doc)


def test_inline_code_does_not_split_the_paragraph_but_pre_does():
    doc = load_html("<p>Run <code><div>x</div></code> now.</p><div>One<pre>code</pre>Two</div>")
    assert [t for t, _ in block_texts(doc)] == [
        "Run now.", "One", "Two"]


def test_entities_are_decoded_at_their_start_offset():
    source = "<p>Tom &amp; Jerry&#8217;s &#x201C;cat&#x201d;&nbsp;said &bogus; &copy 2024 &#150;</p>"
    doc = load_html(source)
    m = doc.masked
    amp = source.index("&amp;")
    assert m[amp : amp + 5] == "&    "
    apos = source.index("&#8217;")
    assert doc.aligned[apos : apos + 7] == "’      "
    assert m[apos : apos + 7] == "’s     "  # the word goes on after the entity: closed up
    assert doc.source_span(apos, apos + 1) == (apos, apos + 7)
    assert m[source.index("&#x201C;")] == "“"
    assert doc.aligned[source.index("&#x201d;")] == "”"
    assert m.split()[3] == "“cat”"
    nbsp = source.index("&nbsp;")
    assert m[nbsp : nbsp + 6] == "      "  # a plain space, not U+00A0
    shown(doc, "&bogus;")  # unknown entity left as written
    assert m[source.index("&copy")] == "©"  # legacy name without semicolon
    assert m[source.index("&#150;")] == "–"  # Windows-1252 remapping, as browsers do
    shown(doc, "Jerry")
    shown(doc, "said")
    check_invariants(doc)


def test_odd_references_never_raise():
    source = "<p>a &#" + "9" * 5000 + "; b &#x" + "f" * 50 + "; c &#0; d &#xD800; e &# f & g &;</p>"
    doc = load_html(source)
    shown(doc, "& g &;")
    check_invariants(doc)


def test_entity_in_title_and_attribute():
    source = '<title>Q&amp;A</title><p title="a&amp;b">x</p>'
    doc = load_html(source)
    assert block_texts(doc)[0] == ("Q&A", "title")
    hidden(doc, 'title="a&amp;b"')


def test_nested_inline_tags_stay_in_one_paragraph():
    source = (
        "<p>A <strong>bold <em>and <a href='#'>linked <span>deep</span></a></em></strong> "
        "<abbr>NATO</abbr> <q>q</q> <cite>c</cite> H<sub>2</sub>O x<sup>2</sup> <small>s</small> "
        "<mark>m</mark> <time>now</time> <b>b</b> <i>i</i> end.</p>"
    )
    doc = load_html(source)
    assert len(doc.blocks) == 1
    assert doc.blocks[0].start == source.index("A ")
    assert doc.blocks[0].end == source.index("end.") + 4
    for word in ("bold", "and", "linked", "deep", "NATO", "end."):
        shown(doc, word)
    check_invariants(doc)


def test_list_items_and_table_cells_are_separate_blocks():
    source = (
        "<ul>\n  <li>First item</li>\n  <li>Second <b>item</b>\n  <li><p>Third item</p></li>\n</ul>\n"
        "<table><tr><th>Name</th><td>Zoë</td></tr><tr><td><p>Cell para</p></td></tr></table>"
        "<dl><dt>Term</dt><dd>Definition</dd></dl>"
        "<figure><img src=x.png><figcaption>Caption</figcaption></figure>"
    )
    doc = load_html(source)
    assert block_texts(doc) == [
        ("First item", "list-item"),
        ("Second item", "list-item"),
        ("Third item", "list-item"),
        ("Name", "table-cell"),
        ("Zoë", "table-cell"),
        ("Cell para", "table-cell"),
        ("Term", "paragraph"),
        ("Definition", "paragraph"),
        ("Caption", "paragraph"),
    ]
    check_invariants(doc)


def test_blockquote_paragraphs_are_quotes():
    doc = load_html("<blockquote><p>One.</p><p>Two.</p></blockquote><p>After.</p>")
    assert block_texts(doc) == [("One.", "quote"), ("Two.", "quote"), ("After.", "paragraph")]


def test_text_directly_in_div_and_double_br():
    source = "<div>Intro text<div>Inner</div>Tail<br>same block<br>\n<br>New block</div>"
    doc = load_html(source)
    assert [t for t, _ in block_texts(doc)] == [
        "Intro text", "Inner", "Tail same block", "New block"]


def test_crlf_line_endings():
    source = "<html>\r\n<body>\r\n<p>First line\r\nsecond line</p>\r\n<p>Next</p>\r\n</body>\r\n</html>\r\n"
    doc = load_html(source)
    assert [i for i, c in enumerate(doc.masked) if c in "\r\n"] == [
        i for i, c in enumerate(source) if c in "\r\n"]
    assert block_texts(doc) == [("First line\r\nsecond line", "paragraph"), ("Next", "paragraph")]
    assert doc.lines.position(shown(doc, "second")).line == 4
    assert doc.lines.position(shown(doc, "Next")).column == 4


def test_non_ascii_offsets_count_code_points():
    source = "<p>Zoë 😀 said <em>Zoë</em> 😀 twice</p>"
    doc = load_html(source)
    first = shown(doc, "Zoë")
    assert first == 3
    emoji = shown(doc, "😀")
    assert emoji == 7
    shown(doc, "said")
    shown(doc, "Zoë", first + 1)
    shown(doc, "😀 twice")
    assert doc.lines.position(shown(doc, "twice")).column == source.index("twice") + 1


def test_directive_comment():
    source = "<p>One</p>\n<!-- copydesk-disable style.passive, style.adverbs -->\n<p>Two</p>\n<!-- just a note -->"
    doc = load_html(source)
    assert len(doc.directives) == 1
    d = doc.directives[0]
    assert (d.action, d.rules) == ("disable", ("style.passive", "style.adverbs"))
    assert source[d.start : d.end] == "<!-- copydesk-disable style.passive, style.adverbs -->"
    hidden(doc, "copydesk-disable")
    hidden(doc, "just a note")
    assert [t for t, _ in block_texts(doc)] == ["One", "Two"]


def test_directive_with_entity_and_next_line():
    source = "<p>a</p><!--copydesk-disable-next-line a.b--><p>b &amp; c</p>"
    doc = load_html(source)
    d = doc.directives[0]
    assert (d.action, d.rules) == ("disable-next-line", ("a.b",))
    assert source[d.start : d.end] == "<!--copydesk-disable-next-line a.b-->"


def test_document_without_body_is_all_prose():
    doc = load_html("Plain <b>fragment</b> text.\n\n<p>More</p>")
    assert [t for t, _ in block_texts(doc)] == ["Plain fragment text.", "More"]


def test_missing_end_of_head_does_not_hide_the_article():
    doc = load_html("<html><head><title>T</title><meta charset=utf-8><p>Body text</p>")
    assert block_texts(doc) == [("T", "title"), ("Body text", "paragraph")]
    doc = load_html("<head><title>T</title>\nStray text")
    assert block_texts(doc) == [("T", "title"), ("Stray text", "paragraph")]


@pytest.mark.parametrize(
    "source, prose",
    [
        ("<p>Kept</p><!-- never closed <p>Lost</p>", ["Kept"]),
        ("<p>Kept</p><script>never closed <p>Lost</p>", ["Kept"]),
        ("<p>Kept</p><a href='x", ["Kept"]),
        ("<p>Kept</p></p", ["Kept"]),
        ("<p>Kept</p><?php echo 1", ["Kept"]),
        ("<p>Kept</p><!DOCTYPE", ["Kept"]),
        ("<p>a < b and c<d</p>", ["a", "<", "b", "and", "c"]),
        # What renders nothing closes up, as a browser shows it.
        ("<p>x<![CDATA[ hidden ]]>y</p>", ["xy"]),
        ("<p>x<![if !IE]>y<![endif]>z</p>", ["xyz"]),
        ("<p>x</>y</ 3>z</p>", ["xyz"]),
        ("<p>&#foo; &#; &</p>", ["&#foo;", "&#;", "&"]),
        ("</div></div></p><p>Stray ends</li></td>", ["Stray", "ends"]),
        ("<p>Unclosed <b>bold <i>italic <p>next", ["Unclosed", "bold", "italic", "next"]),
        ("<<<>>>", ["<<<>>>"]),
        ("", []),
        ("\n\r\n", []),
    ],
)
def test_malformed_input_degrades(source, prose):
    doc = load_html(source)
    check_invariants(doc)
    assert doc.masked.split() == prose


@pytest.mark.parametrize(
    "piece",
    ["<a", "</a", "<!--", "<!--x>", "<?", "<![", "&#", "&#9", "<", "</", "<a b='", "<p>", "<br>",
     "<li>x", "<b>x", "</p>", "<a\x00b>", "<script>", "x\n"],
)
def test_pathological_input_completes(piece):
    # No timing here (the benchmark measures speed); a quadratic path would hang the suite.
    source = piece * (1_000_000 // len(piece))
    doc = load_html(source)
    assert len(doc.masked) == len(source)


def test_large_documents_load():
    para = (
        '<p>The <a href="https://example.com/a?b=1&amp;c=2">minister</a> said &#8220;no&#8221; '
        "on <time>Monday</time>, Zoë &amp; co.</p>"
    )
    one_line = "<html><body>" + para * (1_000_000 // len(para)) + "</body></html>"
    doc = load_html(one_line)
    assert len(doc.blocks) == 1_000_000 // len(para)
    big = "<html><body>\n" + (para + "\n<script>var x = 1 < 2;</script>\n") * 60_000 + "</body></html>"
    assert len(big) > 9_000_000
    doc = load_html(big)
    assert len(doc.masked) == len(big)


PIECES = st.sampled_from(
    [
        "<p>", "</p>", "<div>", "</div>", "<li>", "</li>", "<ul>", "</ul>", "<h2>", "</h2>",
        "<td>", "</td>", "<title>", "</title>", "<head>", "</head>", "<body>", "</body>",
        "<blockquote>", "</blockquote>", "<br>", "<br/>", "<hr>", "<em>", "</em>",
        '<a href="x&amp;y">', "</a>", "<script>", "</script>", "<style>", "</style>",
        "<pre>", "</pre>", "<code>", "</code>", "<svg>", "</svg>", "<!-- note -->",
        "<!-- copydesk-disable a.b -->", "<!--", "-->", "<!DOCTYPE html>", "<?xml?>",
        "<![CDATA[", "]]>", "<", ">", "</", "/>", "&", "&amp;", "&nbsp;", "&#8217;",
        "&#x1F600;", "&#", "&bogus;", "&copy", "\n", "\r\n", " ", "'", '"', "=",
        "Zoë", "😀", "word", "Two words.",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(PIECES, st.text(max_size=5)), max_size=40).map("".join))
def test_random_html_never_raises_and_keeps_length(source):
    doc = load_html(source)
    check_invariants(doc)
    assert doc.format == "html"
