"""``html``: the editor's view, one self-contained page with every article and its findings.

Each article is shown as prose, block by block (:class:`lint.document.Block`: headings,
paragraphs, list items, quotes, table cells), with its front matter as a header. The text of a
block is the document's own text between the block's offsets, so every finding is highlighted
at its exact span without searching for it again: markup the loader blanked (emphasis markers,
tags, link targets) is left out, everything else is HTML-escaped.

Findings may overlap (a pleonasm inside a duplicated attribution, two rules on one stray line).
Each finding gets its own ``<mark>`` elements: the text is cut at every finding boundary and
marks are nested, a mark that would cross another being closed and reopened around it. A
finding's underline sits lower the more findings it encloses, so stacked underlines stay
visible, and a click shows every finding at that point.

The page makes no network request: styles and script are inlined from ``lint/report_assets``,
and a Content-Security-Policy allows only that one script (by its hash) and no connections.
"""

from __future__ import annotations

import base64
import bisect
import hashlib
import html
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources

from .. import __version__
from ..document import Document
from ..findings import Finding
from ..rules import LEVELS
from . import Reporter, Summary

_LEVEL_ORDER = {level: i for i, level in enumerate(reversed(LEVELS))}  # error first
_FRONT_KEY = re.compile(r"([A-Za-z_][\w-]*)[ \t]*[:=][ \t]*[\"']?[ \t]*$")
_BLOCK_TAGS = {"title": "h1", "heading": "h2", "paragraph": "p", "quote": "blockquote"}
# The long-sentence rule's default, used for the chart when that rule did not run.
_DEFAULT_MAX_WORDS = 40


def asset(name: str) -> str:
    """A file of ``lint/report_assets`` (page template, styles, scripts) as text."""
    return resources.files("lint").joinpath("report_assets", name).read_text(encoding="utf-8")


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def section(markdown: str, heading: str) -> str:
    """The text under a ``## heading`` of a rule's documentation, or ""."""
    m = re.search(rf"^#+\s*{re.escape(heading)}\s*\n(.*?)(?=^#|\Z)", markdown, re.S | re.M)
    return m.group(1).strip() if m else ""


def suggestion(doc: Document | None, f: Finding) -> str:
    """What the finding proposes, in words: "Replace 'a' with 'b'.", "Delete 'x'."…"""
    if f.fix is not None and doc is not None:
        start, end, text = f.fix
        old = doc.source[start:end]
        if text and old:
            return f"Replace '{old}' with '{text}'."
        if text:
            return f"Insert '{text}'."
        return f"Delete '{old}'."
    if f.replacement:
        return f"Write '{f.replacement}'."
    return ""


def _visible(source: str, masked: str, start: int, end: int) -> str:
    """The text a reader sees of ``[start, end)``: markup the loader blanked is dropped, a
    decoded entity is shown decoded, white space kept (the browser collapses it)."""
    src = source[start:end]
    msk = masked[start:end]
    if src == msk:
        return src
    out = []
    for s, m in zip(src, msk):
        if s == m or m != " ":
            out.append(m)
        elif s.isspace():
            out.append(" ")
    return "".join(out)


@dataclass
class _Mark:
    fid: str
    finding: Finding
    layer: int


def _layers(findings: list[Finding]) -> list[int]:
    """How far down each finding's underline goes: one step below every finding it overlaps
    that is shorter, so nested and crossing marks each stay visible. Of two as long, the later
    one is nested inside the earlier (see :func:`render_text`), so the earlier goes lower."""
    order = sorted(range(len(findings)), key=lambda i: (findings[i].end - findings[i].start, -i))
    layer = [0] * len(findings)
    placed: list[int] = []
    for i in order:
        f = findings[i]
        below = [layer[j] for j in placed if findings[j].start < f.end and f.start < findings[j].end]
        layer[i] = 1 + max(below, default=0)
        placed.append(i)
    return layer


_STYLE_TAGS = frozenset({"em", "strong", "code", "del"})


def render_text(source: str, masked: str, start: int, end: int, marks: list[_Mark],
                open_mark, styles: Sequence[tuple[int, int, str]] = ()) -> str:
    """``[start, end)`` escaped, with each mark's span (clipped to the range) wrapped in its own
    ``<mark>`` and each inline style (emphasis, code) in its element; ``open_mark(mark)`` gives
    a mark's opening tag. Elements nest; one that would cross another is closed and reopened
    around it, so the HTML stays well formed and every span keeps its own element. A code
    span's text is masked (no rule reads it): it is shown from the source."""
    spans = []  # (start, end, sort key, opening tag, closing tag, is code)
    for m in marks:
        s, e = max(m.finding.start, start), min(m.finding.end, end)
        if s < e or (s == e and start <= s <= end and m.finding.start == m.finding.end):
            spans.append((s, e, m.fid, open_mark(m), "</mark>", False))
    for i, (s, e, tag) in enumerate(styles):
        s, e = max(s, start), min(e, end)
        if s < e and tag in _STYLE_TAGS:
            spans.append((s, e, f"~{i}", f"<{tag}>", f"</{tag}>", tag == "code"))
    points = sorted({start, end, *(sp[0] for sp in spans), *(sp[1] for sp in spans)})
    # Opened at a point: longer spans first, so they enclose the shorter ones.
    opening: dict[int, list] = {}
    for sp in spans:
        opening.setdefault(sp[0], []).append(sp)
    for items in opening.values():
        items.sort(key=lambda x: (-(x[1] - x[0]), x[2]))
    out: list[str] = []
    stack: list[tuple] = []
    for i, p in enumerate(points):
        # Close every span ending here; spans above one that closes are reopened after it.
        lowest = next((k for k, item in enumerate(stack) if item[1] == p), None)
        if lowest is not None:
            keep = []
            while len(stack) > lowest:
                item = stack.pop()
                out.append(item[4])
                if item[1] != p:
                    keep.append(item)
            for item in reversed(keep):
                stack.append(item)
                out.append(item[3])
        for item in opening.get(p, ()):
            if item[0] == item[1]:
                out.append(item[3] + item[4])
            else:
                stack.append(item)
                out.append(item[3])
        if i + 1 < len(points):
            in_code = any(item[5] for item in stack)
            out.append(esc(_visible(source, source if in_code else masked, p, points[i + 1])))
    out.extend(item[4] for item in reversed(stack))
    return "".join(out)


# ---------------------------------------------------------------------------------------------
# One article.

@dataclass
class Article:
    index: int
    path: str
    body: str  # the <section> of the article
    counts: Counter = field(default_factory=Counter)  # findings per level
    words: int = 0
    ease: float | None = None


def _doc_for_view(path: str, doc: Document | None) -> Document | None:
    """The document with its blocks. Results from the cache come with the text only: it is
    loaded again (same text, same loader, so the same offsets)."""
    if doc is None or doc.blocks or not doc.source.strip():
        return doc
    from ..loaders import format_for, load

    try:
        return load(doc.source, format_for(path) or doc.format or "text")
    except Exception:  # noqa: BLE001 - a view without blocks is still a view
        return doc


_ATX = re.compile(r"[ \t]*(?:>[ \t]?)*(#{1,6})(?:[ \t]|$)")
_HTML_HEADING = re.compile(r"<h([1-6])\b[^<>]*>", re.IGNORECASE)


def _heading_tag(doc: Document, block) -> str:
    """The element for a heading: its level in the article plus one (the report's own headings
    come first), from the source: ``#`` marks or a setext underline in Markdown, the ``<hN>``
    tag in HTML; h2 where the level cannot be told."""
    source = doc.source
    level = 1
    if doc.format == "markdown":
        line_start = source.rfind("\n", 0, block.start) + 1
        m = _ATX.match(source, line_start, block.start + 1)
        if m:
            level = len(m.group(1))
        else:  # setext: "===" under a level-1 heading, "---" under a level-2 one
            next_line = source.find("\n", block.end)
            level = 1 if next_line != -1 and source[next_line + 1 : next_line + 2] == "=" else 2
    elif doc.format == "html":
        tags = list(_HTML_HEADING.finditer(source, max(0, block.start - 300), block.start))
        if tags:
            level = int(tags[-1].group(1))
    return f"h{min(level + 1, 6)}"


def _front_key(doc: Document, start: int) -> str:
    line_start = doc.source.rfind("\n", 0, start) + 1
    m = _FRONT_KEY.search(doc.source, line_start, start)
    return m.group(1).lower() if m else "metadata"


def _rule_docs(rules, rule_id: str) -> tuple[str, str]:
    rule = rules.get(rule_id)
    if rule is None:
        return "", ""
    return rule.summary, section(rule.description, "Why is this bad?")


def _paragraphs(text: str) -> str:
    parts = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip()]
    return "".join(f"<p>{esc(p)}</p>" for p in parts)


class ArticleRenderer:
    """Renders one document and its findings as HTML (used by the report and by ``serve``)."""

    def __init__(self, index: int, path: str, doc: Document | None, findings: list[Finding],
                 rules, interactive: bool = False, fixable=None) -> None:
        self.index = index
        self.path = path
        self.doc = _doc_for_view(path, doc)
        self.findings = sorted(findings, key=Finding.sort_key)
        self.rules = rules
        self.interactive = interactive
        self.fixable = fixable or (lambda f: False)
        layers = _layers(self.findings)
        self.marks = [_Mark(self.fid(i), f, layers[i]) for i, f in enumerate(self.findings)]

    def fid(self, i: int) -> str:
        return f"a{self.index}f{i}"

    def _open(self, m: _Mark) -> str:
        f = m.finding
        empty = " cd-empty" if f.start == f.end else ""
        return (f'<mark class="cd-mark lvl-{esc(f.level)}{empty}" data-f="{m.fid}" '
                f'style="--layer:{m.layer}" title="{esc(f.message)}">')

    # -- the prose -------------------------------------------------------------------------

    def _inside(self, start: int, end: int) -> list[_Mark]:
        return [m for m in self.marks
                if (m.finding.start < end and m.finding.end > start)
                or (m.finding.start == m.finding.end and start <= m.finding.start <= end)]

    def _block_html(self, start: int, end: int) -> str:
        doc = self.doc
        return render_text(doc.source, doc.aligned, start, end, self._inside(start, end), self._open,
                           doc.styles)

    def prose(self) -> str:
        doc = self.doc
        if doc is None:
            return '<p class="cd-none">The file could not be shown.</p>'
        out: list[str] = []
        front: list[str] = []
        open_list = False
        row_line = None
        in_table = False
        shown: set[str] = set()
        for block in doc.blocks:
            start, end = doc.source_span(block.start, block.end)  # blocks are masked offsets
            for m in self._inside(start, end):
                shown.add(m.fid)
            inner = self._block_html(start, end)
            if block.kind != "list-item" and open_list:
                out.append("</ul>")
                open_list = False
            if block.kind != "table-cell" and in_table:
                out.append("</tr></table>")
                in_table = False
                row_line = None
            if block.kind == "metadata":
                key = _front_key(doc, start)
                cls = key if key in ("title", "description", "summary", "subtitle") else "other"
                front.append(f'<div class="cd-fm cd-fm-{cls}"><span class="cd-fm-key">{esc(key)}</span>'
                             f'<span class="cd-fm-value">{inner}</span></div>')
            elif block.kind == "list-item":
                if not open_list:
                    out.append("<ul>")
                    open_list = True
                out.append(f"<li>{inner}</li>")
            elif block.kind == "table-cell":
                line = doc.lines.position(start).line
                if not in_table:
                    out.append('<table class="cd-table"><tr>')
                    in_table = True
                elif line != row_line:
                    out.append("</tr><tr>")
                row_line = line
                out.append(f"<td>{inner}</td>")
            elif block.kind == "quote":
                out.append(f"<blockquote><p>{inner}</p></blockquote>")
            else:
                tag = _heading_tag(doc, block) if block.kind == "heading" else _BLOCK_TAGS.get(block.kind, "p")
                out.append(f'<{tag} class="cd-{esc(block.kind)}">{inner}</{tag}>')
        if open_list:
            out.append("</ul>")
        if in_table:
            out.append("</tr></table>")
        if front:
            out.insert(0, '<header class="cd-front-matter">' + "".join(front) + "</header>")
        outside = [m for m in self.marks if m.fid not in shown]
        if outside:
            out.append('<section class="cd-outside"><h3>Outside the prose</h3>')
            for m in outside:
                out.append(self._outside(m))
            out.append("</section>")
        return "".join(out)

    def _outside(self, m: _Mark) -> str:
        """A finding in markup (a directive comment, a bad byte in a tag): its source lines."""
        doc = self.doc
        f = m.finding
        start = doc.lines.line_start(min(f.line, doc.lines.line_count))
        end = doc.source.find("\n", f.end)
        end = len(doc.source) if end == -1 else end
        inner = render_text(doc.source, doc.source, start, end, [m], self._open)
        return f'<pre class="cd-source"><span class="cd-lineno">{f.line}</span>{inner}</pre>'

    # -- the findings list -----------------------------------------------------------------

    def finding_items(self) -> str:
        out = []
        for m in self.marks:
            f = m.finding
            summary, why = _rule_docs(self.rules, f.rule)
            hint = suggestion(self.doc, f)
            detail = []
            if summary:
                detail.append(f'<p class="cd-what">{esc(summary)}</p>')
            if why:
                detail.append(f'<div class="cd-why"><h4>Why is this bad?</h4>{_paragraphs(why)}</div>')
            if hint:
                button = ""
                if self.interactive and self.fixable(f):
                    button = f' <button type="button" class="cd-accept" data-f="{m.fid}">Accept</button>'
                detail.append(f'<p class="cd-suggestion"><b>Suggestion:</b> {esc(hint)}{button}</p>')
            out.append(
                f'<li class="cd-finding lvl-{esc(f.level)}" data-f="{m.fid}" tabindex="0">'
                f'<span class="cd-loc">{f.line}:{f.column}</span> '
                f'<span class="cd-level">{esc(f.level)}</span> '
                f'<code class="cd-rule">{esc(f.rule)}</code>'
                f'<span class="cd-msg">{esc(f.message)}</span>'
                f'<div class="cd-detail">{"".join(detail)}</div></li>')
        if not out:
            return '<p class="cd-clean">No findings.</p>'
        return '<ol class="cd-findings">' + "".join(out) + "</ol>"

    # -- the summary -----------------------------------------------------------------------

    def rule_counts(self) -> str:
        counts = Counter(f.rule for f in self.findings)
        if not counts:
            return ""
        levels = {f.rule: f.level for f in self.findings}
        rows = "".join(
            f'<tr><td><code>{esc(rule)}</code></td><td class="lvl-{esc(levels[rule])}">{esc(levels[rule])}</td>'
            f'<td class="cd-num">{n}</td><td>{esc(_rule_docs(self.rules, rule)[0])}</td></tr>'
            for rule, n in sorted(counts.items(), key=lambda kv: (_LEVEL_ORDER.get(levels[kv[0]], 9), -kv[1], kv[0])))
        return ('<table class="cd-counts"><thead><tr><th>Rule</th><th>Level</th><th>Findings</th>'
                f'<th>What it flags</th></tr></thead><tbody>{rows}</tbody></table>')

    def readability(self) -> tuple[str, int, float | None]:
        """The readability panel: scores and a chart of sentence lengths per paragraph."""
        doc = self.doc
        if doc is None or not doc.blocks:
            return "", 0, None
        from ..readability import SCORE_NAMES, SENTENCE_KINDS, count_words
        from ..segment import sentences
        from ..stats import SCORE_FIELDS, file_stats

        stats = file_stats(doc, self.path)
        cells = "".join(
            f'<tr><th>{esc(SCORE_NAMES.get(name, name))}</th><td class="cd-num">{getattr(stats.scores, name):.1f}</td></tr>'
            for name in SCORE_FIELDS)
        longest = f"{stats.longest.words} words (line {stats.longest_line})" if stats.longest else "–"
        table = (f'<table class="cd-scores"><tr><th>Words</th><td class="cd-num">{stats.words}</td></tr>'
                 f'<tr><th>Sentences</th><td class="cd-num">{stats.sentences}</td></tr>{cells}'
                 f'<tr><th>Longest sentence</th><td class="cd-num">{esc(longest)}</td></tr></table>')
        starts = [b.start for b in doc.blocks]
        groups: list[tuple[int, list[int]]] = []  # (paragraph number, words per sentence)
        last_block = None
        for s in sentences(doc.masked, doc.blocks):
            i = bisect.bisect_right(starts, s.start) - 1
            if i < 0 or doc.blocks[i].kind not in SENTENCE_KINDS:
                continue
            if i != last_block:
                groups.append((len(groups) + 1, []))
                last_block = i
            groups[-1][1].append(count_words(doc.masked, s.start, s.end))
        rule = self.rules.get("readability.long-sentence")
        limit = _DEFAULT_MAX_WORDS
        if rule is not None and isinstance(getattr(rule.kind, "max_words", None), int):
            limit = rule.kind.max_words
        chart = _sentence_chart(groups, limit)
        return (f'<div class="cd-readability"><h3>Readability</h3>{table}'
                f'<figure class="cd-chart"><figcaption>Words per sentence, paragraph by paragraph '
                f'(dashed line: {limit} words)</figcaption>{chart}</figure></div>'), stats.words, \
            stats.scores.flesch_reading_ease

    def article(self) -> Article:
        counts = Counter(f.level for f in self.findings)
        panel, words, ease = self.readability()
        badges = _badges(counts)
        body = (f'<section class="cd-article" id="a{self.index}" data-article="{self.index}">'
                f'<header class="cd-article-head"><h2 class="cd-path">{esc(self.path)}</h2>{badges}</header>'
                f'<div class="cd-grid"><div class="cd-prose">{self.prose()}</div>'
                f'<aside class="cd-side"><h3>Findings</h3>{self.finding_items()}</aside></div>'
                f'<div class="cd-summary"><div class="cd-rules"><h3>Findings per rule</h3>'
                f'{self.rule_counts() or "<p>None.</p>"}</div>{panel}</div></section>')
        return Article(self.index, self.path, body, counts, words, ease)


def _badges(counts: Counter) -> str:
    parts = [f'<span class="cd-badge lvl-{lvl}">{counts[lvl]} {lvl}{"" if counts[lvl] == 1 else "s"}</span>'
             for lvl in reversed(LEVELS) if counts[lvl]]
    return '<span class="cd-badges">' + ("".join(parts) or '<span class="cd-badge cd-ok">clean</span>') + "</span>"


def _sentence_chart(groups: list[tuple[int, list[int]]], limit: int) -> str:
    """An inline SVG bar chart: one bar per sentence, paragraphs banded, long ones in red."""
    if not groups:
        return "<p>No sentences.</p>"
    bar, gap, height, pad = 6, 6, 120, 18
    top = max([limit + 5] + [w for _, ws in groups for w in ws])
    scale = (height - pad) / top
    x = 4
    shapes = []
    for n, (para, ws) in enumerate(groups):
        width = len(ws) * (bar + 1) + 1
        if n % 2:
            shapes.append(f'<rect class="cd-band" x="{x - 2}" y="0" width="{width + 2}" height="{height}"/>')
        for k, w in enumerate(ws):
            h = max(1.0, w * scale)
            cls = "cd-bar cd-long" if w > limit else "cd-bar"
            shapes.append(f'<rect class="{cls}" x="{x + k * (bar + 1)}" y="{height - h:.1f}" width="{bar}" '
                          f'height="{h:.1f}"><title>Paragraph {para}, sentence {k + 1}: {w} words</title></rect>')
        x += width + gap
    y = height - limit * scale
    shapes.append(f'<line class="cd-limit" x1="0" x2="{x}" y1="{y:.1f}" y2="{y:.1f}"/>')
    return (f'<svg class="cd-svg" xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {max(x, 40)} {height}" '
            f'width="{max(x, 40)}" height="{height}" aria-label="Sentence lengths">{"".join(shapes)}</svg>')


# ---------------------------------------------------------------------------------------------
# The page.

def script_hash(script: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")


def page(articles: list[Article], summary_line: str, title: str = "copydesk report") -> str:
    script = asset("report.js")
    css = asset("report.css")
    toc = ""
    if len(articles) > 1:
        rows = "".join(
            f'<tr><td><a href="#a{a.index}">{esc(a.path)}</a></td>'
            + "".join(f'<td class="cd-num lvl-{lvl}">{a.counts[lvl]}</td>' for lvl in reversed(LEVELS))
            + f'<td class="cd-num">{sum(a.counts.values())}</td><td class="cd-num">{a.words}</td>'
            f'<td class="cd-num">{"" if a.ease is None else f"{a.ease:.1f}"}</td></tr>'
            for a in articles)
        heads = "".join(f"<th>{lvl}s</th>" for lvl in reversed(LEVELS))
        toc = (f'<nav class="cd-toc"><h2>Articles</h2><table><thead><tr><th>Article</th>{heads}'
               f'<th>Total</th><th>Words</th><th>Reading ease</th></tr></thead><tbody>{rows}</tbody></table></nav>')
    body = "".join(a.body for a in articles) or '<p class="cd-clean">No files were linted.</p>'
    csp = (f"default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
           f"script-src '{script_hash(script)}'; connect-src 'none'; form-action 'none'; base-uri 'none'")
    template = asset("report.html")
    values = {"csp": esc(csp), "title": esc(title), "css": css, "version": esc(__version__),
              "summary": esc(summary_line), "toc": toc, "body": body, "script": script}
    return re.sub(r"\{\{(\w+)\}\}", lambda m: values[m.group(1)], template)


class HtmlReporter(Reporter):
    name = "html"

    def start(self) -> None:
        self._articles: list[Article] = []

    def file(self, path, doc, findings) -> None:
        renderer = ArticleRenderer(len(self._articles), path, doc, findings, self.rules)
        self._articles.append(renderer.article())

    def finish(self, summary: Summary) -> None:
        self.stream.write(page(self._articles, summary.line()))
