"""--add-directives: a directive for every finding, the Markdown and HTML rendering the same."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from markdown_it import MarkdownIt

from lint.add_directives import UNSUPPRESSIBLE, add_until_settled, structure
from lint.engine import lint_document
from lint.loaders import load
from lint.source import document_from_bytes
from tests.test_properties import ALL_RULES, KNOWN, PROPERTY, html_documents, markdown_documents

ROOT = Path(__file__).resolve().parent.parent
_RENDERER = MarkdownIt("commonmark").enable("table")
_DIRECTIVE_LINE = re.compile(r"^[ \t]*<!-- copydesk-[^\n]*-->(?:\n|\Z)", re.M)


def render(markdown: str) -> str:
    """The HTML a CommonMark renderer makes of the article, the copydesk comments taken out
    (an HTML block renders as written, so each directive is one line of the output). Front
    matter is left out, as the site generators that use it do."""
    from lint.loaders.markdown import _front_matter, _Lines

    front = _front_matter(_Lines(markdown))
    if front:
        markdown = "\n".join(markdown.split("\n")[front[1]:])
    return _DIRECTIVE_LINE.sub("", _RENDERER.render(markdown))


def adopt(copydesk, tmp_path, name: str, source: str | bytes):
    """Add directives to one file; check it then lints clean, and a second run adds nothing."""
    path = tmp_path / name
    path.write_bytes(source if isinstance(source, bytes) else source.encode())
    first = copydesk("--add-directives", name, cwd=tmp_path)
    after = path.read_bytes()
    second = copydesk("--add-directives", name, cwd=tmp_path)
    assert path.read_bytes() == after, "a second run added something"
    assert "added 0 directives to 0 files" in second.err
    clean = copydesk(name, cwd=tmp_path)
    assert clean.code == 0, clean
    return first, after.decode()


ARTICLE = """\
# Budget the the vote

The council met on Monday. It approved
the budget after a long debate, the the
mayor said.

- first item
- second the the item
- third item

> quoted the the text
> continues here

1. one
2. two the the

   second paragraph in in the item

| name | note |
|------|------|
| Ann  | the the |

Setext the the title
--------------------

Last paragraph joined together.
A paragraph right before a list:
- the the item
"""


def test_markdown_gets_directives_between_top_level_blocks_and_renders_the_same(copydesk, tmp_path):
    r, after = adopt(copydesk, tmp_path, "a.md", ARTICLE)
    assert r.code == 0  # what remains after adding the directives is what is reported
    assert render(after) == render(ARTICLE)
    assert after == """\
<!-- copydesk-disable-next-line repetition.word -->
# Budget the the vote

<!-- copydesk-disable repetition.word -->
The council met on Monday. It approved
the budget after a long debate, the the
mayor said.
<!-- copydesk-enable repetition.word -->

<!-- copydesk-disable repetition.word -->
- first item
- second the the item
- third item
<!-- copydesk-enable repetition.word -->

<!-- copydesk-disable-next-line repetition.word -->
> quoted the the text
> continues here

<!-- copydesk-disable repetition.word -->
1. one
2. two the the

   second paragraph in in the item
<!-- copydesk-enable repetition.word -->

<!-- copydesk-disable repetition.word -->
| name | note |
|------|------|
| Ann  | the the |
<!-- copydesk-enable repetition.word -->

<!-- copydesk-disable-next-line repetition.word -->
Setext the the title
--------------------

<!-- copydesk-disable-next-line redundancy.pleonasm -->
Last paragraph joined together.
A paragraph right before a list:
<!-- copydesk-disable-next-line repetition.word -->
- the the item
"""
    assert "added 13 directives to 1 file" in r.err


def test_exact_result_for_a_short_article(copydesk, tmp_path):
    source = "# Talks\n\nThe the talks failed, according to Reuters, according to Reuters.\n\nNothing else.\n"
    r, after = adopt(copydesk, tmp_path, "a.md", source)
    assert after == ("# Talks\n\n<!-- copydesk-disable-next-line attribution.duplicate repetition.word -->\n"
                     "The the talks failed, according to Reuters, according to Reuters.\n\nNothing else.\n")
    assert r.code == 0 and r.out == "Checked 1 file, 0 findings.\n"


def test_a_paragraph_interrupted_by_the_directive_would_split_so_none_goes_inside(copydesk, tmp_path):
    """A comment line in mid-paragraph would end the paragraph in CommonMark."""
    source = "Line one of a paragraph\nand the the second line.\n"
    _, after = adopt(copydesk, tmp_path, "a.md", source)
    assert after == ("<!-- copydesk-disable repetition.word -->\n" + source
                     + "<!-- copydesk-enable repetition.word -->\n")
    assert render(after) == render(source)


def test_block_right_after_a_paragraph_and_a_list_item_in_a_quote(copydesk, tmp_path):
    source = "Intro line\n> - quoted item\n>   with the the slip\n>\n> more\n# Head the the\nText.\n"
    _, after = adopt(copydesk, tmp_path, "a.md", source)
    assert render(after) == render(source)


def test_indented_block_keeps_its_indentation(copydesk, tmp_path):
    source = "Intro.\n\n  The the indented paragraph.\n"
    _, after = adopt(copydesk, tmp_path, "a.md", source)
    assert after == "Intro.\n\n  <!-- copydesk-disable-next-line repetition.word -->\n  The the indented paragraph.\n"
    assert render(after) == render(source)


def test_crlf_and_a_missing_final_line_ending(copydesk, tmp_path):
    source = b"Intro.\r\n\r\nOne line\r\nthen the the end."
    _, after = adopt(copydesk, tmp_path, "a.md", source)
    assert after.encode() == (b"Intro.\r\n\r\n<!-- copydesk-disable repetition.word -->\r\nOne line\r\n"
                              b"then the the end.\r\n<!-- copydesk-enable repetition.word -->")


def test_front_matter_has_no_place_for_a_directive(copydesk, write, tmp_path):
    source = "---\ntitle: The the title\n---\nBody the the text.\n"
    path = write("a.md", source)
    r = copydesk("--add-directives", "a.md", cwd=tmp_path)
    assert path.read_text() == "---\ntitle: The the title\n---\n<!-- copydesk-disable-next-line repetition.word -->\nBody the the text.\n"
    assert "copydesk: a.md: 1 finding left without a directive: front matter takes no directives\n" in r.err
    assert r.code == 1 and "a.md:2:8: warning repetition.word" in r.out


def test_html_gets_a_directive_before_the_line(copydesk, tmp_path):
    source = ("<html><head><title>The the title</title></head>\n<body>\n"
              "  <p>The council met. The plan\n  was approved, the the mayor said.</p>\n"
              "  <p class=\"x\"\n     id=\"y\">They joined together in in May.</p>\n"
              "  <pre>the the</pre>\n</body></html>\n")
    r, after = adopt(copydesk, tmp_path, "a.html", source)
    assert after == (
        "<!-- copydesk-disable-next-line repetition.word -->\n"
        "<html><head><title>The the title</title></head>\n<body>\n"
        "  <p>The council met. The plan\n"
        "  <!-- copydesk-disable-next-line repetition.word -->\n"
        "  was approved, the the mayor said.</p>\n"
        "  <!-- copydesk-disable-next-line redundancy.pleonasm repetition.word -->\n"
        "  <p class=\"x\"\n     id=\"y\">They joined together in in May.</p>\n"
        "  <pre>the the</pre>\n</body></html>\n"
    )
    assert "added 3 directives to 1 file" in r.err


def test_plain_text_gets_no_directive(copydesk, write, tmp_path):
    path = write("a.txt", "The the plan.\n")
    write("b.txt", "The the plan.\n")
    r = copydesk("--add-directives", "a.txt", "b.txt", cwd=tmp_path)
    assert path.read_text() == "The the plan.\n"
    assert ("copydesk: 2 plain-text files got no directives: plain text has no comment that stays "
            "out of print (use a baseline or a per-file ignore for them)\n") in r.err
    assert r.code == 1


def test_diff_shows_the_directives_and_writes_nothing(copydesk, write, tmp_path):
    path = write("a.md", "The the plan.\n")
    r = copydesk("--add-directives", "--diff", "a.md", cwd=tmp_path)
    assert r.out == ("--- a.md\n+++ a.md\n@@ -1 +1,2 @@\n"
                     "+<!-- copydesk-disable-next-line repetition.word -->\n The the plan.\n")
    assert r.code == 1 and path.read_text() == "The the plan.\n"


def test_fix_first_then_directives_for_what_remains(copydesk, write, tmp_path):
    path = write("a.md", "The the plan, a **totally** unique one.\n")
    r = copydesk("--fix", "--add-directives", "a.md", cwd=tmp_path)
    assert path.read_text() == ("<!-- copydesk-disable-next-line redundancy.pleonasm -->\n"
                                "The plan, a **totally** unique one.\n")
    assert r.code == 0


def test_unsuppressible_findings_get_no_directive(copydesk, write, tmp_path):
    source = "<!-- copydesk-disable-file repetition.wrod -->\n\nThe plan.\n"
    path = write("a.md", source)
    r = copydesk("--add-directives", "a.md", cwd=tmp_path)
    assert path.read_text() == source
    assert "suppression.unknown-rule" in r.out


@pytest.mark.parametrize("name", sorted(p.name for p in (ROOT / "fixtures").glob("*.md")))
def test_fixture_articles_lint_clean_and_render_the_same(copydesk, tmp_path, name):
    shutil.copy(ROOT / "fixtures" / name, tmp_path / name)
    source = (tmp_path / name).read_text()
    r = copydesk("--add-directives", name, cwd=tmp_path)
    after = (tmp_path / name).read_text()
    assert render(after) == render(source)
    clean = copydesk("--output-format", "json", name, cwd=tmp_path)
    # Only what has no place for a directive remains (front matter), and it was announced.
    left = clean.out.count('"rule"')
    assert left == 0 or "front matter takes no directives" in r.err


# --- Properties: any Markdown or HTML the property tests generate -------------------------


def _adopted(data: bytes, fmt: str):
    """What --add-directives does to the document, in process."""
    doc = document_from_bytes(data, fmt)
    if doc.decode_errors:
        return None

    def relint(text):
        new = load(text, fmt)
        return new, lint_document(new, ALL_RULES, "a", KNOWN)

    after, findings, added, skipped = add_until_settled(doc, lint_document(doc, ALL_RULES, "a", KNOWN), relint)
    left = [f for f in findings if f.rule not in UNSUPPRESSIBLE]
    return doc, after, added, skipped, left


def _canonical(html: str) -> str:
    """HTML with whitespace runs as one space and none next to a tag."""
    return re.sub(r" ?(<[^>]*>) ?", r"\1", " ".join(html.split()))


@PROPERTY
@given(data=markdown_documents())
def test_any_markdown_keeps_its_structure_and_lints_clean(data):
    result = _adopted(data, "markdown")
    if result is None:
        return
    doc, after, _, skipped, left = result
    if not re.search(r"\r(?!\n)", doc.source):
        # A lone CR (old Mac line ending) is a line break to markdown-it but not to a line-based
        # insertion: there a placement may be refused, leaving the file as it was; elsewhere
        # every block must find one.
        assert not any("structure" in reason for reason in skipped), f"no safe placement: {doc.source!r}"
    assert structure(after.source) == structure(doc.source)
    if "\r" not in doc.source:  # a lone CR is a line break to markdown-it
        # Whitespace aside: a last line without a line ending gains one when a directive
        # follows it, which shows inside a raw HTML block.
        assert _canonical(render(after.source)) == _canonical(render(doc.source))
    assert len(left) == sum(skipped.values()), (doc.source, after.source, left)


@PROPERTY
@given(data=html_documents())
def test_any_html_keeps_its_text_and_lints_clean(data):
    result = _adopted(data, "html")
    if result is None:
        return
    doc, after, _, skipped, left = result
    assert [" ".join(after.masked[b.start : b.end].split()) for b in after.blocks] == \
        [" ".join(doc.masked[b.start : b.end].split()) for b in doc.blocks]
    assert len(left) == sum(skipped.values()), (doc.source, after.source, left)


def test_the_structure_check_sees_a_split_paragraph():
    assert structure("One\n<!-- copydesk-disable-next-line x -->\nTwo\n") != structure("One\nTwo\n")
    assert structure("- a\n<!-- copydesk-disable-next-line x -->\n- b\n") != structure("- a\n- b\n")
    assert structure("One\nTwo\n<!-- copydesk-enable x -->\n") == structure("One\nTwo\n")
