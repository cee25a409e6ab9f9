"""The html report, read back with html.parser: every finding highlighted at its exact text,
overlapping findings each kept, article text escaped, nothing fetched from the network.

The same report in a real browser: tests/test_browser.py.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from lint.config import ConfigFinder
from lint.document import Block, Document
from lint.findings import Finding
from lint.reporters import ReporterOptions, Summary, reporter_class
from lint.reporters.html import ArticleRenderer, HtmlReporter, page
from lint.runner import Run
from lint.segment import sentences
from lint.selection import Overrides, RuleResolver
from tests.conftest import ROOT, run_copydesk

NATO = ROOT / "fixtures" / "nato-training-center.txt"
COUNCIL = ROOT / "fixtures" / "council-budget.md"
GLACIER = ROOT / "fixtures" / "glacier-study.html"
INJECTION = (
    "Injected <script>window.__pwned = 1</script> headline\n\n"
    'The mayor said the the plan <img src=x onerror="window.__pwned = 2"> was &lt;final&gt;.\n'
)


class Page(HTMLParser):
    """What the tests look at: marks (text per finding id), list items, tags and attributes."""

    VOID = {"meta", "br", "img", "input", "link", "hr", "line", "rect", "path", "circle"}

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.marks: dict[str, str] = {}
        self.mark_pieces: dict[str, int] = {}
        self.items: dict[str, dict] = {}
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[str] = []
        self.text: list[str] = []
        self._open: list[tuple[str, str | None]] = []  # (tag, finding id of a mark)
        self._item: str | None = None
        self._in_script = False
        self.errors: list[str] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag == "script":
            self._in_script = True
            self.scripts.append("")
        if tag in self.VOID:
            return
        fid = a.get("data-f") if tag == "mark" else None
        if fid is not None:
            self.marks.setdefault(fid, "")
            self.mark_pieces[fid] = self.mark_pieces.get(fid, 0) + 1
        if tag == "li" and "cd-finding" in (a.get("class") or "") and self._item is None:
            self._item = a["data-f"]
            self.items[self._item] = {"level": a["class"].split("lvl-")[1], "text": ""}
        self._open.append((tag, fid))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False
        if tag in self.VOID:
            return
        if not self._open or self._open[-1][0] != tag:
            self.errors.append(f"</{tag}> closes {self._open[-1] if self._open else None}")
            return
        self._open.pop()
        if tag == "li" and self._item is not None and not any(t == "li" for t, _ in self._open):
            self._item = None

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data
            return
        self.text.append(data)
        for _, fid in self._open:
            if fid is not None:
                self.marks[fid] += data
        if self._item is not None:
            self.items[self._item]["text"] += data


def report(paths: list[Path], cache=None) -> tuple[str, dict[str, list[Finding]]]:
    """The html report of ``paths`` linted in this process, and the findings per path."""
    stream = io.StringIO()
    reporter = HtmlReporter(stream, ReporterOptions())
    found: dict[str, list[Finding]] = {}

    def keep(display, path, doc, findings):
        found[display] = findings
        return findings

    run = Run(ConfigFinder(None), RuleResolver(Overrides()), reporter, filters=[keep], cache=cache)
    run.run([str(p) for p in paths])
    return stream.getvalue(), found


def fids_of(parsed: Page, article: int, findings: list[Finding]) -> dict[str, Finding]:
    """Finding id -> finding, read from the list items (line:col, rule) of one article."""
    by_item = {}
    for fid, item in parsed.items.items():
        if fid.startswith(f"a{article}f"):
            by_item[fid] = item["text"]
    out = {}
    for f in findings:
        hits = [fid for fid, text in by_item.items()
                if text.startswith(f"{f.line}:{f.column} {f.level} {f.rule}") and f.message in text]
        assert hits, f"no list item for {f}"
        out[hits[0]] = f
        del by_item[hits[0]]
    return out


def test_every_finding_is_marked_at_its_exact_text():
    html, found = report([NATO])
    parsed = Page(html)
    assert not parsed.errors
    findings = found[str(NATO)]
    assert {f.rule for f in findings} >= {"attribution.duplicate", "structure.stray-line", "consistency.name",
                                          "repetition.phrase", "repetition.self-reference", "readability.score"}
    fids = fids_of(parsed, 0, findings)
    assert len(fids) == len(findings) == len(parsed.items)
    for fid, f in fids.items():
        assert parsed.marks[fid] == f.match, f
        assert parsed.items[fid]["level"] == f.level
    # The mark of the duplicated attribution, by its own text and level class.
    dup = next(fid for fid, f in fids.items() if f.rule == "attribution.duplicate")
    assert parsed.marks[dup] == "according to Ukrainian News"
    assert ("mark", {"class": "cd-mark lvl-error", "data-f": dup, "style": "--layer:1",
                     "title": fids[dup].message}) in parsed.tags


def test_markdown_marks_show_the_prose_without_its_markup_and_front_matter_is_a_header():
    html, found = report([COUNCIL])
    parsed = Page(html)
    assert not parsed.errors
    fids = fids_of(parsed, 0, found[str(COUNCIL)])
    texts = {f.match: parsed.marks[fid] for fid, f in fids.items()}
    assert texts["the the"] == "the the"  # in the title of the front matter
    assert texts["the **the"] == "the the"  # the emphasis markers are not shown
    assert texts["the Evening Post reported"] == "the Evening Post reported"
    assert '<div class="cd-fm cd-fm-title"><span class="cd-fm-key">title</span>' in html
    assert '<div class="cd-fm cd-fm-description"><span class="cd-fm-key">description</span>' \
           '<span class="cd-fm-value">Spending on libraries rises for the first time in a decade.</span>' in html
    # The title's finding is inside the front matter header; the heading is an <h2>.
    header = html.split('<header class="cd-front-matter">')[1].split("</header>")[0]
    assert 'Council approves <mark class="cd-mark lvl-warning"' in header
    assert "<h2 class=\"cd-heading\">Council approves budget after long debate</h2>" in html
    assert "<li>Libraries: up 3.5%</li>" in html
    prose = html.split('<div class="cd-prose">')[1].split('<aside class="cd-side">')[0]
    assert "**" not in prose and "*Evening Post*" not in prose and "<em>Evening Post</em>," in prose


def test_emphasis_and_code_are_rendered_and_marks_that_cross_them_stay_whole():
    from lint.loaders import load

    text = "The *very* **unique plan** joins `npm install` and ~~old~~ ***new*** ideas together.\n"
    doc = load(text, "markdown")
    start = text.index("ery")
    end = text.index("unique") + len("unique")  # from inside the emphasis to inside the strong text
    findings = [_finding(doc, "redundancy.pleonasm", start, end)]
    body = ArticleRenderer(0, "a.md", doc, findings, {}).article().body
    parsed = Page(body)
    assert not parsed.errors, parsed.errors
    prose = body.split('<div class="cd-prose">')[1].split('<aside class="cd-side">')[0]
    assert "<code>npm install</code>" in prose  # code is shown from the source, not blanked
    assert "<del>old</del>" in prose and "*" not in prose and "`" not in prose and "~" not in prose
    assert "new" in prose and prose.count("<strong>") >= 2 and prose.count("<em>") >= 2
    [fid] = fids_of(parsed, 0, findings)
    assert parsed.marks[fid] == "ery unique"  # the mark's text, without the markers
    assert parsed.mark_pieces[fid] >= 2  # cut where it crosses into and out of the styles


def _finding(doc: Document, rule: str, start: int, end: int, level: str = "warning") -> Finding:
    p, q = doc.lines.position(start), doc.lines.position(end)
    return Finding("a.txt", rule, level, f"{rule} says so.", p.line, p.column, q.line, q.column,
                   start, end, doc.source[start:end])


def test_overlapping_findings_each_keep_their_own_marks():
    text = "A pleonasm sits in a duplicated attribution, according to the past history unit, twice.\n"
    doc = Document(text, text, [Block(0, len(text) - 1)])
    spans = {
        "outer": (45, 80),  # "according to the past history unit"
        "inner": (62, 74),  # "past history", nested
        "cross": (70, 86),  # "tory unit, twice": crosses the end of "outer"
        "same-1": (0, 10), "same-2": (0, 10),  # one span, two rules
        "empty": (44, 44),  # an insertion point
    }
    findings = [_finding(doc, rule, s, e, "error" if rule == "outer" else "warning")
                for rule, (s, e) in spans.items()]
    body = ArticleRenderer(0, "a.txt", doc, findings, {}).article().body
    parsed = Page(body)
    assert not parsed.errors, parsed.errors  # well nested, however the spans cross
    fids = fids_of(parsed, 0, findings)
    for fid, f in fids.items():
        assert parsed.marks[fid] == text[f.start:f.end], f.rule
    by_rule = {f.rule: fid for fid, f in fids.items()}
    # "cross" is cut where "inner" and "outer" end: three elements for one finding, each with
    # its id; the marks it crosses stay whole.
    assert parsed.mark_pieces[by_rule["cross"]] == 3
    assert parsed.mark_pieces[by_rule["outer"]] == parsed.mark_pieces[by_rule["inner"]] == 1
    # Underlines: a finding enclosing another sits one layer lower, so both show.
    layers = {fids[a["data-f"]].rule: a["style"] for t, a in parsed.tags if t == "mark"}
    assert layers["inner"] == "--layer:1"
    assert layers["cross"] == "--layer:2"  # below "inner" (which it overlaps, and is shorter)
    assert layers["outer"] == "--layer:3"  # below both: where all three meet, three underlines
    assert {layers["same-1"], layers["same-2"]} == {"--layer:1", "--layer:2"}
    assert "cd-empty" in next(a["class"] for t, a in parsed.tags if t == "mark" and a["data-f"] == by_rule["empty"])


def test_two_rules_on_one_line_of_the_nato_article_are_both_marked():
    html, found = report([NATO])
    parsed = Page(html)
    fids = fids_of(parsed, 0, found[str(NATO)])
    on_line = [fid for fid, f in fids.items() if f.match == "Russia-Ukraine War"]
    assert sorted(fids[fid].rule for fid in on_line) == ["consistency.name", "structure.stray-line"]
    assert all(parsed.marks[fid] == "Russia-Ukraine War" for fid in on_line)


@pytest.mark.parametrize("name", ["injected.txt", "injected.md"])
def test_article_text_cannot_run_in_the_report(tmp_path, name):
    article = tmp_path / name
    article.write_text(INJECTION, encoding="utf-8")
    html, found = report([article])
    parsed = Page(html)
    assert not parsed.errors
    assert len(parsed.scripts) == 1 and "__pwned" not in parsed.scripts[0]  # only the report's own
    assert not [t for t, _ in parsed.tags if t in ("img", "iframe", "object", "embed", "link", "base", "form")]
    assert not [(t, k) for t, a in parsed.tags for k in a if k.startswith("on")]
    shown = "".join(parsed.text)
    if name.endswith(".txt"):  # plain text shows the tags as text
        assert "<script>window.__pwned = 1</script>" in shown
        assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in html
    else:  # Markdown's inline tags are markup, not shown; the text between them is prose
        prose = "".join(Page(html.split('<div class="cd-prose">')[1].split("<aside")[0]).text)
        assert "<script" not in prose and "<img" not in prose and "onerror" not in prose
        assert "Injected window.__pwned = 1 headline" in prose
        assert "was <final>." in prose  # an entity is shown decoded, and escaped again in the page
        assert "was &lt;final&gt;." in html
    assert found[str(article)], "the doubled word is still found"
    fids = fids_of(parsed, 0, found[str(article)])
    assert any(parsed.marks[fid] == "the the" for fid in fids)


def test_the_page_makes_no_network_request():
    html, _ = report([NATO, COUNCIL, GLACIER])
    parsed = Page(html)
    for tag, attrs in parsed.tags:
        for key in ("src", "href", "action", "data", "poster", "srcset", "formaction"):
            value = attrs.get(key)
            assert value is None or value.startswith("#"), (tag, key, value)
    assert not [t for t, _ in parsed.tags if t in ("link", "img", "iframe", "object", "embed", "base")]
    csp = next(a["content"] for t, a in parsed.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in csp and "connect-src 'none'" in csp and "script-src 'sha256-" in csp
    assert "url(" not in html and "@import" not in html


def test_several_articles_get_a_table_of_contents_with_their_counts():
    html, found = report([NATO, COUNCIL, GLACIER])
    parsed = Page(html)
    assert not parsed.errors
    toc = html.split('<nav class="cd-toc">')[1].split("</nav>")[0]
    for i, path in enumerate([NATO, COUNCIL, GLACIER]):
        findings = found[str(path)]
        levels = [sum(f.level == lvl for f in findings) for lvl in ("error", "warning", "suggestion")]
        row = toc.split(f'<a href="#a{i}">{path}</a>')[1].split("</tr>")[0]
        cells = [c.split(">")[1].split("<")[0] for c in row.split("<td")[1:5]]
        assert cells == [str(n) for n in levels] + [str(len(findings))]
        assert f'id="a{i}"' in html
    one, _ = report([NATO])
    assert '<nav class="cd-toc">' not in one


def test_summary_counts_rules_and_charts_sentence_lengths():
    html, found = report([GLACIER])
    parsed = Page(html)
    counts = html.split('<table class="cd-counts">')[1].split("</table>")[0]
    for rule in {f.rule for f in found[str(GLACIER)]}:
        n = sum(f.rule == rule for f in found[str(GLACIER)])
        assert f"<code>{rule}</code>" in counts and f'<td class="cd-num">{n}</td>' in counts.split(f"<code>{rule}</code>")[1]
    from lint.loaders import load
    from lint.readability import SENTENCE_KINDS
    from lint.stats import file_stats

    doc = load(GLACIER.read_text(encoding="utf-8"), "html")
    stats = file_stats(doc, str(GLACIER))
    assert f'<th>Flesch reading ease</th><td class="cd-num">{stats.scores.flesch_reading_ease:.1f}</td>' in html
    kinds = {b.start: b.kind for b in doc.blocks}
    import bisect

    starts = sorted(kinds)
    prose = [s for s in sentences(doc.masked, doc.blocks)
             if kinds[starts[bisect.bisect_right(starts, s.start) - 1]] in SENTENCE_KINDS]
    bars = [a for t, a in parsed.tags if t == "rect" and "cd-bar" in a.get("class", "")]
    assert len(bars) == len(prose)
    assert any(t == "svg" for t, _ in parsed.tags)


def test_long_sentences_are_red_in_the_chart(tmp_path):
    long = " ".join(["word"] * 45) + " ends here."
    article = tmp_path / "long.txt"
    article.write_text(f"Short one here today.\n\n{long} Then a short one.\n", encoding="utf-8")
    html, _ = report([article])
    parsed = Page(html)
    bars = [a["class"] for t, a in parsed.tags if t == "rect" and "cd-bar" in a.get("class", "")]
    assert bars == ["cd-bar", "cd-bar cd-long", "cd-bar"]


def test_results_from_the_cache_render_the_same(tmp_path):
    from lint.result_cache import ResultCache

    folder = tmp_path / "articles"
    folder.mkdir()
    for p in (NATO, COUNCIL, GLACIER):
        shutil.copy(p, folder / p.name)
    paths = sorted(folder.iterdir())
    first, _ = report(paths, cache=ResultCache(tmp_path / "cache"))
    second, _ = report(paths, cache=ResultCache(tmp_path / "cache"))
    assert first == second
    assert first == report(paths)[0]


def test_a_file_without_a_document_is_listed():
    stream = io.StringIO()
    reporter = reporter_class("html")(stream, ReporterOptions())
    reporter.start()
    reporter.file("gone.txt", None, [])
    reporter.finish(Summary(files=1))
    assert "The file could not be shown." in stream.getvalue()
    assert "No findings." in stream.getvalue()


def test_cli_writes_the_report_to_a_file(tmp_path):
    out = tmp_path / "report" / "copydesk.html"
    r = run_copydesk("check", "--no-cache", "--output-format", "html", "--output-file", str(out),
                     str(NATO), str(COUNCIL), cwd=ROOT)
    assert r.code == 1, r
    assert r.out == ""
    assert r.err.strip().startswith("Checked 2 files")
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and html.rstrip().endswith("</html>")
    assert not Page(html).errors
    r = run_copydesk("check", "--no-cache", "--output-format", "html", str(NATO), cwd=ROOT)
    assert r.out.startswith("<!DOCTYPE html>")


def test_the_stylesheet_and_scripts_ship_in_the_package():
    from lint.reporters.html import asset

    for name in ("report.html", "report.css", "report.js", "serve.html", "serve.css", "serve.js"):
        assert asset(name).strip()
    assert (ROOT / "lint" / "report_assets" / "report.js").is_file()


def test_check_does_not_import_the_report_or_the_server(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("The the cat sat.\n", encoding="utf-8")
    code = (
        "import sys\n"
        "from lint.cli import main\n"
        f"sys.argv = ['copydesk', 'check', '--no-cache', {str(article)!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "bad = {'lint.reporters.html', 'lint.serve', 'http.server', 'playwright', 'socketserver'} & set(sys.modules)\n"
        "print('IMPORTED', sorted(bad))\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                       env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert "IMPORTED []" in r.stdout, r.stdout + r.stderr


def test_page_fills_in_every_placeholder():
    html = page([], "Checked 0 files, 0 findings.")
    assert "{{" not in html
    assert "No files were linted." in html


def test_headings_keep_their_levels_one_below_the_reports_own():
    import re as regex

    from lint.loaders import load

    md = load("# One\n\nText here.\n\n## Two\n\nMore.\n\nThree\n-----\n\nEnd.\n\n> ### Four\n", "markdown")
    body = ArticleRenderer(0, "a.md", md, [], {}).article().body
    assert regex.findall(r'<(h\d) class="cd-heading">(\w+)', body) == [
        ("h2", "One"), ("h3", "Two"), ("h3", "Three"), ("h4", "Four")]
    page = load(GLACIER.read_text(encoding="utf-8"), "html")
    body = ArticleRenderer(0, "g.html", page, [], {}).article().body
    assert regex.findall(r'<(h\d) class="cd-heading">(\w+)', body) == [
        ("h2", "Svalbard"), ("h3", "Ocean"), ("h3", "More")]  # <h1>, then two <h2>
