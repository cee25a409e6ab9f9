"""Applying findings' fixes to a document's text: which edits, in what order, how often.

A finding's ``fix`` is one edit ``(start, end, text)`` in code points of the decoded source.
An edit is applied only when

- it is safe (``Finding.fix_safe``), or unsafe fixes were asked for (``--unsafe-fixes``);
- it touches no markup: rules find their spans in the masked text, in which markup is blanked,
  so a span may still run across an emphasis marker, a tag or an entity ("**very** unique");
  an edit containing a character the loader masked would cut the markup, and is skipped. The
  one exception is ``suppression.unused``, whose fix removes the directive comment itself;
- it does not split a CRLF pair, so line endings stay what they were.

Edits that overlap are not applied together: the first in document order wins, the text is
linted again and the rest are reconsidered against the new text, a bounded number of times.
The loop ends when no edit applies any more, which is what makes a second ``--fix`` a no-op.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .document import Document
from .findings import Finding

MAX_PASSES = 10
# The rule whose fix edits markup on purpose: it removes its own directive comment.
_EDITS_DIRECTIVES = "suppression.unused"

Relint = Callable[[str], "tuple[Document, list[Finding]]"]


def _is_markup(doc: Document, i: int) -> bool:
    src, masked = doc.source, doc.aligned
    if src[i] != masked[i]:
        return True
    # "&amp;" is masked as "&" and blanks: the "&" itself is unchanged but is markup.
    return src[i] == "&" and i + 1 < len(src) and masked[i + 1] != src[i + 1]


def _splits_crlf(src: str, i: int) -> bool:
    return 0 < i < len(src) and src[i - 1] == "\r" and src[i] == "\n"


def _in_directive(doc: Document, start: int, end: int) -> bool:
    """Whether every markup character of ``[start, end)`` belongs to a directive comment."""
    spans = [(d.start, d.end) for d in doc.directives if d.start < end and d.end > start]
    return all(any(s <= i < e for s, e in spans) for i in range(start, end) if _is_markup(doc, i))


def touches_markup(doc: Document, f: Finding) -> bool:
    start, end, _ = f.fix
    if start == end:  # an insertion must not land inside a run of markup
        return 0 < start < len(doc.source) and _is_markup(doc, start - 1) and _is_markup(doc, start)
    if f.rule == _EDITS_DIRECTIVES:
        return not _in_directive(doc, start, end)
    return any(_is_markup(doc, i) for i in range(start, end))


def fixable(doc: Document, f: Finding, unsafe: bool) -> bool:
    if f.fix is None or not (f.fix_safe or unsafe):
        return False
    start, end, text = f.fix
    src = doc.source
    if not 0 <= start <= end <= len(src) or src[start:end] == text:
        return False  # out of range (a kind's bug) or a no-op
    if _splits_crlf(src, start) or _splits_crlf(src, end):
        return False
    return not touches_markup(doc, f)


@dataclass(frozen=True, slots=True)
class Edit:
    start: int
    end: int
    text: str


def choose(doc: Document, findings: Sequence[Finding], unsafe: bool) -> list[Edit]:
    """The applicable edits that do not overlap, the earliest first (ties: shorter span, then
    rule id), so the choice does not depend on the order the rules ran in."""
    candidates = sorted(
        (f for f in findings if fixable(doc, f, unsafe)),
        key=lambda f: (f.fix[0], f.fix[1], f.rule, f.fix[2]),
    )
    chosen: list[Edit] = []
    for f in candidates:
        start, end, text = f.fix
        if chosen:
            last = chosen[-1]
            # Overlap; two insertions at one point, or an insertion at a deletion's edge, are
            # ambiguous about their order and wait for the next pass too.
            if start < last.end or (start == last.end and (start == end or last.start == last.end)):
                continue
        chosen.append(Edit(start, end, text))
    return chosen


def apply(text: str, edits: Sequence[Edit]) -> str:
    """``text`` with non-overlapping ``edits`` (sorted by position) applied."""
    out = []
    pos = 0
    for e in edits:
        out.append(text[pos : e.start])
        out.append(e.text)
        pos = e.end
    out.append(text[pos:])
    return "".join(out)


@dataclass
class FixResult:
    doc: Document
    findings: list[Finding]
    fixed: int  # edits applied
    settled: bool  # False when edits were still applicable after MAX_PASSES


def fix_document(doc: Document, findings: list[Finding], relint: Relint, unsafe: bool) -> FixResult:
    """Apply fixes, lint again, repeat until nothing applies (at most ``MAX_PASSES`` times).
    The result's findings are those of the final text: what remains to report."""
    fixed = 0
    for _ in range(MAX_PASSES):
        edits = choose(doc, findings, unsafe)
        if not edits:
            return FixResult(doc, findings, fixed, True)
        fixed += len(edits)
        doc, findings = relint(apply(doc.source, edits))
    return FixResult(doc, findings, fixed, not choose(doc, findings, unsafe))
