"""Words cut by markup are closed up in the masked text and mapped back to the source
(lint/joins.py), in HTML and Markdown articles."""

from __future__ import annotations

import html
import pickle
import re
from pathlib import Path

import pytest

from lint.engine import lint_document
from lint.loaders.html import load_html
from lint.loaders.markdown import load_markdown
from lint.loaders.text import load_text
from lint.rules import Registry
from tests.closed_up import check_closed_up

REPO = Path(__file__).resolve().parents[1]


def words(doc) -> list[str]:
    return doc.masked.split()


def source_of(doc, word: str) -> str:
    """The source text a word of the masked text comes from."""
    start = doc.masked.index(word)
    a, b = doc.source_span(start, start + len(word))
    return doc.source[a:b]


@pytest.mark.parametrize(
    ("load", "source", "word", "written"),
    [
        (load_html, "<p>Ukraine&rsquo;s army</p>", "Ukraine’s", "Ukraine&rsquo;s"),
        (load_html, "<p>it&#8217;s over</p>", "it’s", "it&#8217;s"),
        (load_html, '<p>The <a href="/k">Kyiv</a>&#8217;s view</p>', "Kyiv’s", 'Kyiv</a>&#8217;s'),
        (load_html, "<p>Zo&euml; said</p>", "Zoë", "Zo&euml;"),
        (load_html, "<p>CO<sub>2</sub> levels</p>", "CO2", "CO<sub>2"),  # the closing tag is after the word
        (load_html, "<p>on <em>Monday</em>.</p>", "Monday.", "Monday</em>."),
        (load_html, "<p>AT&amp;T shares</p>", "AT&T", "AT&amp;T"),
        (load_html, "<p>Ukra<!-- x -->ine won</p>", "Ukraine", "Ukra<!-- x -->ine"),
        (load_markdown, "**Ukraine**'s army\n", "Ukraine's", "Ukraine**'s"),
        (load_markdown, "The [Kyiv](https://x.org/k)'s view\n", "Kyiv's", "Kyiv](https://x.org/k)'s"),
        (load_markdown, "*my*RA savings\n", "myRA", "my*RA"),
        (load_markdown, "oauth2\\_proxy runs\n", "oauth2_proxy", "oauth2\\_proxy"),
        (load_markdown, "Zo&euml; said\n", "Zoë", "Zo&euml;"),
        (load_markdown, "e<strong>X</strong>press edition\n", "eXpress", "e<strong>X</strong>press"),
    ],
)
def test_a_word_cut_by_markup_is_read_whole(load, source, word, written):
    doc = load(source)
    check_closed_up(doc)
    assert word in words(doc)
    assert source_of(doc, word) == written


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<p>A<br>B</p>", ["A", "B"]),  # a line break
        ("<p>see<img src=x>here</p>", ["see", "here"]),  # an image
        ("<p>run<code>ls</code>now</p>", ["run", "now"]),  # code is not prose
        ("<p>one<q>two</q></p>", ["one", "two"]),  # <q> adds quotation marks
        ('<p>Kyiv</a\n>&#8217;s</p>', ["Kyiv", "’s"]),  # nothing moves across a line break
        ("<p>Tom &amp; Jerry</p>", ["Tom", "&", "Jerry"]),
        ("<p>x&nbsp;y</p>", ["x", "y"]),  # a no-break space is a space
    ],
)
def test_markup_that_shows_something_still_separates_words(html, expected):
    doc = load_html(html)
    check_closed_up(doc)
    assert words(doc) == expected


def test_markdown_code_images_and_breaks_still_separate_words():
    doc = load_markdown("run`ls`now, see![a](i.png)here and A<br>B\n")
    check_closed_up(doc)
    assert words(doc) == ["run", "now,", "see", "here", "and", "A", "B"]


def test_nothing_moves_without_markup_inside_a_word():
    doc = load_html("<p>The <em>council</em> voted <a href='/x'>on Monday</a></p>")
    assert doc.joins is None and doc.masked == doc.aligned
    doc = load_markdown("The *council* voted [on Monday](/x)\n")
    assert doc.joins is None


def test_an_entity_at_the_end_of_a_word_maps_to_its_end():
    source = "<p>the students&#8217; union</p>"
    doc = load_html(source)
    start = source.index("students")
    end = start + len("students’")
    assert doc.masked[start:end] == "students’"  # nothing to close up after it
    assert doc.source[slice(*doc.source_span(start, end))] == "students&#8217;"


def test_a_document_with_joins_survives_pickling():
    doc = load_html("<p>Ukraine&rsquo;s army</p>")
    again = pickle.loads(pickle.dumps(doc))
    assert again == doc and again.source_span(3, 12) == doc.source_span(3, 12)


def test_findings_on_closed_up_words_sit_at_their_source_positions():
    source = ("<html><body>\n<p>Officials said the <a href=\"/k\">Kyiv</a>&#8217;s support for Kyiv was firm.</p>\n"
              "<p>It&#8217;s the the plan.</p>\n</body></html>\n")
    doc = load_html(source)
    registry = Registry.default()
    rules = [registry.rules[i] for i in ("repetition.self-reference", "repetition.word")]
    found = {f.rule: f for f in lint_document(doc, rules)}
    self_ref = found["repetition.self-reference"]
    assert (self_ref.line, self_ref.column) == (2, source.split("\n")[1].index("Kyiv") + 1)
    assert self_ref.match == 'Kyiv</a>&#8217;s support for Kyiv'
    doubled = found["repetition.word"]
    line = source.split("\n")[2]
    assert (doubled.line, doubled.column, doubled.end_column) == (3, line.index("the the") + 1, line.index(" plan") + 1)
    assert doubled.match == "the the"


def _as_wordpress_html(text: str) -> str:
    """A plain-text article as WordPress publishes it: one <p> per paragraph (this one has no
    headline), curly quotes and dashes written as numeric entities."""
    def body(line: str) -> str:
        line = html.escape(line, quote=False)
        for char in "’'“”–—":
            line = line.replace(char, f"&#{ord('’' if char == chr(39) else char)};")
        return line

    paragraphs = [p for p in text.split("\n") if p.strip()]
    return "\n".join(["<html><body>", *(f"<p>{body(p)}</p>" for p in paragraphs), "</body></html>", ""])


def test_the_nato_article_as_wordpress_html_gets_the_findings_of_its_plain_text():
    text = (REPO / "fixtures" / "nato-training-center.txt").read_text(encoding="utf-8")
    registry = Registry.default()
    rules = list(registry.rules.values())

    def seen(doc):
        """(rule, the words it matched as a reader sees them) of every finding."""
        return sorted((f.rule, " ".join(html.unescape(re.sub(r"<[^>]*>", "", f.match)).replace("'", "’").split()))
                      for f in lint_document(doc, rules, known_rules=registry.ids))

    plain = seen(load_text(text))
    assert "repetition.self-reference" in {rule for rule, _ in plain}
    assert seen(load_html(_as_wordpress_html(text))) == plain
