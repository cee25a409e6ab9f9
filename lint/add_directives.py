"""``--add-directives``: insert a directive for every finding, to adopt copydesk on an archive.

Each directive is an HTML comment on a line of its own, indented like the line it precedes.

**HTML**: ``<!-- copydesk-disable-next-line RULES -->`` right before the finding's line (or
before the line where the tag holding it opens, when the line starts inside a tag: the lines in
between hold no prose, so the directive still reaches the finding). Whitespace between
elements is free in HTML, so the page renders the same.

**Markdown**: a comment line cannot go just anywhere. In CommonMark an HTML comment at the
start of a line opens an HTML block, which interrupts a paragraph: inserted inside a paragraph
or between two list items it would split the paragraph or the list. So directives go only
between top-level blocks, where a new block starts anyway:

- ``disable-next-line RULES`` before the block when every finding in it is on the block's
  first line of text (the usual case: one paragraph per line, headings, one-line items);
- otherwise ``disable RULES`` before the block and ``enable RULES`` after its last line.

The result is checked: the Markdown must parse into the same blocks as before, ignoring the
directive comments, or the file is left as it was.

**Plain text** gets no directive: its comment forms are copydesk's own convention, and a
plain-text article is published as written, so they would show in print. Front matter has
no place for one either.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from .document import Document
from .findings import Finding

# Findings that no directive can switch off: adding one would only add noise.
UNSUPPRESSIBLE = frozenset({"suppression.unknown-rule", "suppression.unused"})

_LINE = re.compile(r"[^\n]*\n|[^\n]+")
_DIRECTIVE_COMMENT = re.compile(r"<!--\s*copydesk-[^\n]*?-->")


@dataclass
class Added:
    text: str  # the new source (the old one when nothing was added)
    directives: int = 0  # comments inserted
    skipped: dict[str, int] = field(default_factory=dict)  # reason -> findings left without one


def _lines(text: str) -> list[str]:
    return _LINE.findall(text)


def _eol(line: str, default: str) -> str:
    if line.endswith("\r\n"):
        return "\r\n"
    return "\n" if line.endswith("\n") else default


def _indent(line: str) -> str:
    return line[: len(line) - len(line.lstrip(" \t"))]


def _comment(action: str, rules: Sequence[str]) -> str:
    return f"<!-- copydesk-{action} {' '.join(sorted(set(rules)))} -->"


def _insert(text: str, inserts: dict[int, list[str]]) -> str:
    """``text`` with comment lines inserted before the given 0-based lines (``len(lines)``:
    at the end). Each takes the line ending of the line it precedes."""
    lines = _lines(text)
    default = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    out: list[str] = []
    for n in range(len(lines) + 1):
        for comment in inserts.get(n, ()):
            if n < len(lines):
                out.append(comment + _eol(lines[n], default))
            else:  # after the last line: end the file the way it ended
                last = lines[-1] if lines else ""
                if last and not last.endswith("\n"):
                    out.append(default + comment)
                else:
                    out.append(comment + _eol(last, default))
        if n < len(lines):
            out.append(lines[n])
    return "".join(out)


def add_until_settled(doc: Document, findings: list[Finding], relint, passes: int = 3):
    """Add directives, lint again, and add more for findings that only show now (a rule may
    read across the blank space a directive line adds), a bounded number of times.

    Returns the final document and findings, the directives added and the findings skipped.
    """
    added = 0
    skipped: dict[str, int] = {}
    for _ in range(passes):
        result = add_directives(doc, findings)
        skipped = result.skipped
        if not result.directives:
            break
        added += result.directives
        doc, findings = relint(result.text)
    return doc, findings, added, skipped


def _wanted(findings: Sequence[Finding]) -> list[Finding]:
    return [f for f in findings if f.rule not in UNSUPPRESSIBLE]


def add_directives(doc: Document, findings: Sequence[Finding]) -> Added:
    wanted = _wanted(findings)
    if not wanted:
        return Added(doc.source)
    if doc.format == "markdown":
        return _markdown(doc, wanted)
    if doc.format == "html":
        return _html(doc, wanted)
    return Added(doc.source, 0, {"plain text takes no directives": len(wanted)})


# --- Markdown -----------------------------------------------------------------------------


def _parse(source: str) -> tuple[list, int]:
    """markdown-it's block tokens, and the first line after front matter, parsed exactly as
    the Markdown loader parses the file (front matter lines passed as empty lines)."""
    from .loaders.markdown import _MD, _front_matter, _Lines

    lines = _Lines(source)
    front = _front_matter(lines)
    body = front[1] if front else 0
    return _MD.parse("\n" * body + "\n".join(lines.norm[body:]) + "\n"), body


def _top_level_blocks(source: str) -> tuple[list[tuple[int, int]], int]:
    """Line ranges ``[first, end)`` of the top-level blocks, and the first line of the body."""
    tokens, body = _parse(source)
    return [tuple(t.map) for t in tokens if t.level == 0 and t.nesting >= 0 and t.map], body


def structure(source: str) -> list[tuple]:
    """The Markdown's blocks without the copydesk directives: equal before and after adding
    directives when nothing but comments was added."""
    out = []
    for t in _parse(source)[0]:
        if t.type == "html_block" and not _DIRECTIVE_COMMENT.sub("", t.content).strip():
            continue
        out.append((t.type, t.tag, t.nesting, t.level, t.hidden, t.markup, t.info, t.content.strip()))
    return out


def _markdown(doc: Document, wanted: list[Finding]) -> Added:
    blocks, body = _top_level_blocks(doc.source)
    lines = _lines(doc.source)
    starts = doc.lines.starts
    masked = doc.masked

    def has_text(n: int) -> bool:
        end = starts[n + 1] if n + 1 < len(starts) else len(masked)
        return bool(masked[starts[n] : end].strip())

    skipped: dict[str, int] = defaultdict(int)
    by_block: dict[tuple[int, int], list[Finding]] = defaultdict(list)
    firsts = [b[0] for b in blocks]  # in document order
    for f in wanted:
        line = f.line - 1
        i = bisect.bisect_right(firsts, line) - 1
        block = blocks[i] if i >= 0 and line < blocks[i][1] else None
        if block is None:
            skipped["front matter takes no directives" if line < body else "no block to put a directive before"] += 1
        else:
            by_block[block].append(f)

    inserts: dict[int, list[str]] = defaultdict(list)
    count = 0
    for (first, end), found in sorted(by_block.items()):
        indent = _indent(lines[first])
        rules = [f.rule for f in found]
        text_lines = [n for n in range(first, min(end, len(lines))) if has_text(n)]
        if not text_lines:  # not expected: a finding is on a line of prose
            skipped["no line of text in their block"] += len(found)
            continue
        if all(f.line - 1 == text_lines[0] for f in found):
            inserts[first].append(indent + _comment("disable-next-line", rules))
            count += 1
        elif _encloses_enable(doc, first, end):
            skipped["a 'copydesk-enable' in their block would end a disable early"] += len(found)
        else:
            # The enable goes right after the block's last non-blank line (markdown-it counts
            # the blank lines after a list in it); an enable and the next block's disable on
            # one line boundary keep that order.
            last = max(n for n in range(first, min(end, len(lines))) if lines[n].strip())
            inserts[first].append(indent + _comment("disable", rules))
            inserts[last + 1].insert(0, indent + _comment("enable", rules))
            count += 2
    new = _insert(doc.source, inserts)
    if count and structure(new) != structure(doc.source):
        return Added(doc.source, 0, {"directives would change the Markdown structure (please report)": len(wanted)})
    return Added(new, count, dict(skipped))


def _encloses_enable(doc: Document, first: int, end: int) -> bool:
    starts = doc.lines.starts
    lo, hi = starts[first], starts[end] if end < len(starts) else len(doc.source)
    return any(d.action == "enable" and lo <= d.start < hi for d in doc.directives)


# --- HTML ---------------------------------------------------------------------------------

# Markup a line break may fall inside of: tags and comments, and the elements whose text is
# not parsed as HTML (a comment in <title> or <textarea> would show as text).
_HTML_SPANS = re.compile(
    r"<!--.*?(?:-->|\Z)|<(script|style|title|textarea|xmp|pre)\b.*?(?:</\1\s*>|\Z)|</?[A-Za-z][^>]*>?",
    re.S | re.I,
)


def _html(doc: Document, wanted: list[Finding]) -> Added:
    source = doc.source
    lines = _lines(source)
    starts = doc.lines.starts
    spans = [(m.start(), m.end()) for m in _HTML_SPANS.finditer(source)]  # in order, disjoint
    span_starts = [s for s, _ in spans]

    def inside_markup(pos: int) -> bool:
        i = bisect.bisect_left(span_starts, pos) - 1  # the last span starting before pos
        return i >= 0 and spans[i][1] > pos

    def has_text(n: int) -> bool:
        end = starts[n + 1] if n + 1 < len(starts) else len(source)
        return bool(doc.masked[starts[n] : end].strip())

    skipped: dict[str, int] = defaultdict(int)
    by_line: dict[int, list[str]] = defaultdict(list)
    for f in wanted:
        by_line[f.line - 1].append(f.rule)
    inserts: dict[int, list[str]] = defaultdict(list)
    for line, rules in sorted(by_line.items()):
        # Back up to a line that starts outside markup, over lines with no prose on them.
        at = line
        while at > 0 and inside_markup(starts[at]) and not has_text(at - 1):
            at -= 1
        if inside_markup(starts[at]):
            skipped["no line start outside markup before them"] += len(rules)
            continue
        inserts[at].append(_indent(lines[at]) + _comment("disable-next-line", rules))
    count = sum(len(v) for v in inserts.values())
    new = _insert(source, inserts)
    if count and not _same_page(doc, new, count):
        return Added(source, 0, {"directives would change the page's text (please report)": len(wanted)})
    return Added(new, count, dict(skipped))


def _same_page(doc: Document, new: str, count: int) -> bool:
    """The new page has the same prose, block by block, and ``count`` more directives."""
    from .loaders import load

    after = load(new, "html")

    def prose(d: Document) -> list[tuple[str, str]]:
        return [(b.kind, " ".join(d.masked[b.start : b.end].split())) for b in d.blocks]

    return prose(after) == prose(doc) and len(after.directives) == len(doc.directives) + count
