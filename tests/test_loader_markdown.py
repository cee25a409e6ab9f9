"""The Markdown loader: exact masked text, block spans and directives."""

from __future__ import annotations


import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lint.document import Directive
from lint.loaders.inline import mask_inline
from lint.loaders.markdown import load_markdown
from tests.closed_up import check_closed_up


def check(source: str):
    """Load and assert the invariants every Markdown document must keep."""
    doc = load_markdown(source)
    check_closed_up(doc)
    assert len(doc.masked) == len(source)
    assert doc.format == "markdown"
    for i, (s, m) in enumerate(zip(source, doc.aligned)):
        if s in "\r\n" or m in "\r\n":
            assert s == m, f"line break changed at {i}"
        # A character is kept or blanked; only an entity or escape start holds a decoded one.
        assert m in (s, " ") or s in "&\\", f"{s!r} became {m!r} at {i}"
    pos = 0
    for b in doc.blocks:
        assert pos <= b.start < b.end <= len(source), "blocks must be ordered, non-overlapping"
        text = doc.masked[b.start : b.end]
        assert text == text.strip(), "blocks are trimmed to prose"
        pos = b.end
    return doc


def blocks(doc):
    return [(b.kind, doc.masked[b.start : b.end]) for b in doc.blocks]


def at_source(doc, word: str, nth: int = 0) -> None:
    """``word`` is visible in masked at exactly its offset in the source."""
    start = -1
    for _ in range(nth + 1):
        start = doc.source.find(word, start + 1)
    assert start != -1
    assert doc.aligned[start : start + len(word)] == word


# --- blocks ---------------------------------------------------------------------------------


def test_paragraphs_keep_their_text_in_place():
    doc = check("First paragraph\nstill first.\n\nSecond one.\n")
    assert blocks(doc) == [("paragraph", "First paragraph\nstill first."), ("paragraph", "Second one.")]
    assert doc.masked == doc.source


def test_atx_and_setext_headings():
    src = "# Title here #\n\n## Sub\n\nSetext one\n===\n\nSetext two\n---\n"
    doc = check(src)
    assert blocks(doc) == [
        ("heading", "Title here"),
        ("heading", "Sub"),
        ("heading", "Setext one"),
        ("heading", "Setext two"),
    ]
    assert doc.masked == "  Title here  \n\n   Sub\n\nSetext one\n   \n\nSetext two\n   \n"


def test_nested_lists_are_separate_items():
    src = "- one\n- two\n  - nested *a*\n    wraps\n  - nested b\n1. first\n2) x\n"
    doc = check(src)
    assert blocks(doc) == [
        ("list-item", "one"),
        ("list-item", "two"),
        ("list-item", "nested  a \n    wraps"),
        ("list-item", "nested b"),
        ("list-item", "first"),
        ("list-item", "x"),
    ]
    at_source(doc, "wraps")
    assert doc.masked.startswith("  one\n  two\n    nested")


def test_list_item_with_two_paragraphs():
    doc = check("- para one\n\n  para two\n")
    assert blocks(doc) == [("list-item", "para one"), ("list-item", "para two")]


def test_blockquotes_with_nested_list_and_quote():
    src = "> Quoted *text*\n> continues\n>\n> - item\n>\n> > deeper\nlazy line\n"
    doc = check(src)
    assert blocks(doc) == [
        ("quote", "Quoted  text \n  continues"),
        ("list-item", "item"),
        ("quote", "deeper\nlazy line"),
    ]
    assert ">" not in doc.masked
    at_source(doc, "continues")
    at_source(doc, "deeper")


def test_table_cells_are_blocks_and_pipes_are_hidden():
    src = "| Name | Note |\n|:-----|-----:|\n| Zoë | a \\| b |\n| *x* | |\n"
    doc = check(src)
    assert blocks(doc) == [
        ("table-cell", "Name"),
        ("table-cell", "Note"),
        ("table-cell", "Zoë"),
        ("table-cell", "a  | b"),
        ("table-cell", "x"),
    ]
    assert "|" not in doc.masked.replace(" | ", "")
    assert "-" not in doc.masked


def test_table_in_blockquote():
    doc = check("> | a | b |\n> |---|---|\n> | c | d |\n")
    assert blocks(doc) == [("table-cell", c) for c in "abcd"]
    for c in "abcd":
        at_source(doc, c)


def test_code_is_not_prose():
    src = "Run `rm -rf` now.\n\n```python\nx = 'in order to'\n```\n\n    indented code\n\nEnd.\n"
    doc = check(src)
    assert blocks(doc) == [("paragraph", "Run          now."), ("paragraph", "End.")]
    assert "order" not in doc.masked and "indented" not in doc.masked


def test_unclosed_fence_hides_the_rest():
    doc = check("Before.\n\n```\ncode\n\nmore code")
    assert blocks(doc) == [("paragraph", "Before.")]
    assert doc.masked.strip() == "Before."


def test_multiline_code_span():
    doc = check("A `code\nspan` here.\n")
    assert doc.masked == "A      \n      here.\n"


# --- inline markup --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("*em* and **strong** and _u_ and ~~del~~", " em  and   strong   and  u  and   del  "),
        ("***both*** x", "   both    x"),
        ("snake_case_name stays", "snake_case_name stays"),
        ("5 * 3 = 15 and f*ck", "5 * 3 = 15 and f*ck"),
        ("a ~ b ~~~ c", "a ~ b ~~~ c"),
        ("\\*not em\\* and \\_x", " *not em*  and  _x"),  # a backslash inside a word closes up
        ("[text](http://x.com \"Title\") end", " text                        end"),
        ("[text](<a b>) end", " text         end"),
        ("[a (b)](u(v)) x", " a (b)        x"),
        ("![alt text](img.png) after", "                     after"),
        ("[![alt](i.png)](u) after", "                   after"),
        ("Press <kbd>Ctrl</kbd> now", "Press      Ctrl       now"),
        ('<a href="x" title="y">link</a>', "                      link    "),
        ("see <https://x.com/a> or <me@x.org>.", "see                   or           ."),
        ("Visit https://x.com/a_(b). Or www.x.org, ok", "Visit                    . Or          , ok"),
        ("Not a link: [sic] and [1]", "Not a link: [sic] and [1]"),
        ("AT&amp;T &nbsp;x &copy; &#233; &#x1F600; &bogus;", "AT&T           x ©      é      😀         &bogus;"),
        ("Hi {{ page.title }} and {% raw %} ok", "Hi                  and           ok"),
        ("## T {#anchor}", "## T          "),
        ("para {: .class}", "para           "),
        ("Fact[^1] here", "Fact     here"),
        ("x <!-- note --> y", "x               y"),
        ("unclosed <!-- rest", "unclosed <!-- rest"),
        ("a < b > c and <3", "a < b > c and <3"),
        ("code `a` and ``b ` c`` end", "code     and           end"),
        ("unmatched `tick here", "unmatched `tick here"),
    ],
)
def test_inline_masking(text, masked):
    assert mask_inline(text) == masked
    assert len(mask_inline(text)) == len(text)


def test_reference_links_only_when_defined():
    src = "Use [the guide][g], [Guide][] or [guide] but not [other].\n\n[g]: http://x.com\n[guide]: /y \"T\"\n"
    doc = check(src)
    assert blocks(doc) == [("paragraph", "Use  the guide,      Guide    or  guide  but not [other].")]
    assert "http" not in doc.masked and "/y" not in doc.masked


def test_entities_are_decoded_in_place():
    doc = check("Tom &amp; Jerry&nbsp;show\n")
    assert doc.masked == "Tom &     Jerry      show\n"
    assert doc.masked.index("&") == doc.source.index("&amp;")


def test_html_block_is_hidden():
    doc = check("<div class=\"x\">\n<p>Hidden prose</p>\n</div>\n\nVisible.\n")
    assert blocks(doc) == [("paragraph", "Visible.")]
    assert "Hidden" not in doc.masked


def test_shortcode_only_paragraph_has_no_block():
    doc = check("{% include figure.html src=\"a.png\" %}\n\nText.\n")
    assert blocks(doc) == [("paragraph", "Text.")]


def test_link_text_across_lines():
    doc = check("A [long\nlink](http://x.com) ends.\n")
    assert doc.masked == "A  long\nlink                ends.\n"


# --- front matter -------------------------------------------------------------------------


YAML_FM = """---
title: "Zoë's \\"big\\" day"
date: 2024-05-01
tags: [news, local]
description: >
  A folded
  description.
summary: It''s plain # a comment
subtitle: 'It''s quoted'
---
Body text.
"""


def test_yaml_front_matter_values_are_metadata_blocks():
    doc = check(YAML_FM)
    assert blocks(doc) == [
        ("metadata", 'Zoë\'s  "big " day'),
        ("metadata", "A folded\n  description."),
        ("metadata", "It''s plain"),
        ("metadata", "It 's quoted"),
        ("paragraph", "Body text."),
    ]
    first = doc.blocks[0]
    assert first.start == YAML_FM.index("Zoë")
    assert first.end == YAML_FM.index('day"') + 3
    assert doc.blocks[1].start == YAML_FM.index("A folded")
    for hidden in ("title", "date", "2024", "tags", "news", "---", "comment"):
        assert hidden not in doc.masked
    at_source(doc, "description.")


def test_toml_front_matter():
    src = (
        '+++\ntitle = "A \\"quoted\\" title"\ndraft = true\ndescription = """\nTwo\nlines."""\n'
        '[extra]\nsummary = "nested: not top level"\n+++\n\nBody.\n'
    )
    doc = check(src)
    assert blocks(doc) == [
        ("metadata", 'A  "quoted " title'),
        ("metadata", "Two\nlines."),
        ("paragraph", "Body."),
    ]
    assert doc.blocks[0].start == src.index("A ")
    assert "draft" not in doc.masked and "nested" not in doc.masked and "+" not in doc.masked


@pytest.mark.parametrize(
    "src",
    [
        "---\ntitle: [unclosed\n---\nBody.\n",
        "---\n: : :\n\t- bad\n---\nBody.\n",
        "+++\ntitle = \n+++\nBody.\n",
        "---\njust a string\n---\nBody.\n",
        "---\ntitle:\n  - a list\n---\nBody.\n",
        "---\n---\nBody.\n",
    ],
)
def test_malformed_or_non_prose_front_matter_is_blanked(src):
    doc = check(src)
    assert blocks(doc) == [("paragraph", "Body.")]
    assert doc.masked.strip() == "Body."


def test_front_matter_unicode_escapes_are_decoded_in_place():
    src = '---\ntitle: "Caf\\u00e9 \\\\ bar"\n---\n'
    doc = check(src)
    assert blocks(doc) == [("metadata", "Caf\u00e9       \\ bar")]
    assert doc.blocks[0].start == src.index("Caf")


def test_unclosed_front_matter_is_a_thematic_break():
    doc = check("---\ntitle: x\n\nBody.\n")
    assert ("paragraph", "Body.") in blocks(doc)


# --- directives, line endings, text -------------------------------------------------------


def test_directives_block_and_inline():
    src = (
        "<!-- copydesk-disable style.passive, news.length -->\n\n"
        "Text <!-- copydesk-disable-next-line --> more.\n\n"
        "<!-- just a comment -->\n\n"
        "```\n<!-- copydesk-enable -->\n```\n"
    )
    doc = check(src)
    first = src.index("<!-- copydesk-disable ")
    second = src.index("<!-- copydesk-disable-next-line")
    assert doc.directives == [
        Directive("disable", ("style.passive", "news.length"), first, src.index("-->") + 3),
        Directive("disable-next-line", (), second, src.index("-->", second) + 3),
    ]
    assert blocks(doc) == [("paragraph", "Text                                     more.")]
    assert "copydesk" not in doc.masked


def test_directive_in_list_item_html_block():
    src = "- <!-- copydesk-enable a.b -->\n- item\n"
    doc = check(src)
    assert doc.directives == [Directive("enable", ("a.b",), 2, src.index("-->") + 3)]


def test_crlf_input():
    src = "---\r\ntitle: Hello\r\n---\r\n# Head\r\n\r\nOne *two*\r\nthree &amp; four\r\n\r\n- item\r\n"
    doc = check(src)
    assert blocks(doc) == [
        ("metadata", "Hello"),
        ("heading", "Head"),
        ("paragraph", "One  two \r\nthree &     four"),
        ("list-item", "item"),
    ]
    assert doc.masked.count("\r\n") == src.count("\r\n")
    for word in ("Hello", "Head", "One", "three", "four", "item"):
        at_source(doc, word)


def test_lone_carriage_return_does_not_shift_lines():
    doc = check("a\rb\n\n*c*\n")
    assert blocks(doc) == [("paragraph", "a\rb"), ("paragraph", "c")]


def test_non_ascii_offsets():
    src = "# Zoë 🎉 ok\n\n**Café** — naïve 😀 *日本語* text\n"
    doc = check(src)
    assert blocks(doc) == [("heading", "Zoë 🎉 ok"), ("paragraph", "Café   — naïve 😀  日本語  text")]
    for word in ("Zoë", "Café", "naïve", "日本語", "text"):
        at_source(doc, word)


def test_line_separator_does_not_shift_paragraph_lines():
    # Python's strip() drops a U+2028-only line that markdown-it keeps in the paragraph.
    doc = check("\u2028\nOne &amp; two\nthree\n")
    assert blocks(doc) == [("paragraph", "One &     two\nthree")]
    at_source(doc, "three")


def test_markdown_it_end_of_input_crash_is_avoided():
    doc = check("> - <!--\n>")  # raises IndexError in markdown-it-py without a final newline
    assert doc.blocks == []


def test_parser_crash_falls_back_to_plain_paragraphs(monkeypatch):
    import lint.loaders.markdown as loader

    class Broken:
        def parse(self, text, env):
            raise IndexError("markdown-it bug")

    monkeypatch.setattr(loader, "_MD", Broken())
    doc = check("---\ntitle: Hi\n---\nSome *text*\nhere\n\n<!-- copydesk-enable -->\n")
    assert blocks(doc) == [("metadata", "Hi"), ("paragraph", "Some  text \nhere")]
    assert [d.action for d in doc.directives] == ["enable"]


def test_block_kinds_follow_the_innermost_container():
    doc = check("- # Heading in item\n- > quote in item\n\n> - item in quote\n")
    assert blocks(doc) == [
        ("heading", "Heading in item"),
        ("quote", "quote in item"),
        ("list-item", "item in quote"),
    ]


def test_nul_and_control_characters():
    doc = check("a\0b *c*\n\x0bx\x1c\n")
    assert doc.masked.startswith("a\0b  c ")


# --- robustness -------------------------------------------------------------------------------

PIECES = [
    "word", "Zoë", " ", "  ", "\n", "\r\n", "\n\n", "\t", "*", "**", "_", "~~", "`", "```", "~~~",
    "#", "# ", "> ", "- ", "* ", "1. ", "2) ", "    ", "|", "|---|", "---", "===", "+++", "[", "]",
    "(", ")", "![", "](", "<", ">", "<!--", "-->", "<b>", "</b>", "<div>", "&amp;", "&#", ";",
    "\\", "{{", "}}", "{%", "%}", "{#", "{:", "https://x.y", "www.", "[^1]", "[a]: /u", "\"", "'",
    "<!-- copydesk-disable x -->", "title: x", "\0", "\r", "😀",
]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), max_size=60), st.text(max_size=20))
def test_random_markdown_never_raises(pieces, noise):
    check("".join(pieces) + noise)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_random_text_never_raises(text):
    check(text)


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(["---\n", "+++\n"]),
    st.lists(st.sampled_from([*PIECES, "title: ", "title = ", "description: |\n  "]), max_size=20),
)
def test_random_front_matter_never_raises(opener, pieces):
    check(opener + "".join(pieces) + "\n" + opener.strip() + "\nBody.\n")


@pytest.mark.parametrize(
    "piece",
    ["[a](b", "[", "`", "``a", "_a", "<a ", "<!--", "{{", "&amp;", "\\", "<http:", "](", "![",
     "www.x ", "(", "[^1]", "*a", "** ", "> ", "- "],
)
def test_pathological_lines_complete(piece):
    # No timing here (the benchmark measures speed); a quadratic path would hang the suite.
    src = piece * (300_000 // len(piece))
    check(src)


def test_one_megabyte_line_completes():
    src = ("Some *words* and [a link](http://x.com) plus `code` &amp; more. " * 16_000)[:1_000_000]
    doc = load_markdown(src)
    assert len(doc.blocks) == 1


def test_inline_styles_are_recorded_with_exact_spans_for_views():
    from lint.loaders import load

    text = ("- A **strong\n  claim** and *an aside*\n\n"
            "> Run `pip install` now, ~~not~~ later; 5 * 3 and snake_case stay text.\n")
    doc = load(text, "markdown")
    assert [(doc.source[s:e], tag) for s, e, tag in doc.styles] == [
        ("strong\n  claim", "strong"), ("an aside", "em"), ("pip install", "code"), ("not", "del")]
    # The styled text is prose (except code, which is masked), the delimiters are not.
    assert doc.masked[doc.styles[0][0] - 2 : doc.styles[0][0]] == "  "
    assert doc.masked[doc.styles[2][0] : doc.styles[2][1]].strip() == ""
