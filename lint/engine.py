"""The engine: run rules over a Document and turn their hits into positioned findings."""

from __future__ import annotations

from collections.abc import Sequence

from .document import Block, Document, Span
from .findings import Finding
from .kinds import Context
from .rules import Rule
from .segment import sentences
from .suppression import SUPPRESSION_KEY, SuppressionReport, Suppressor

_HEADING_KINDS = frozenset({"heading", "title"})
# Findings about directives themselves must survive the directives.
_UNSUPPRESSIBLE = frozenset({"suppression.unknown-rule", "suppression.unused"})


class _Missing(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def format_message(template: str, values: dict) -> str:
    """``str.format`` that leaves unknown placeholders as written instead of raising (a template
    with positional fields is left whole). ``format_map`` rather than ``string.Formatter``, whose
    module costs a one-article run 0.6 ms to import."""
    try:
        return template.format_map(_Missing(values))
    except (ValueError, IndexError, AttributeError):
        return template


class Units:
    """The units of each scope for one document, each computed at most once."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self._sentences: list[Span] | None = None

    def of(self, scope: str) -> Sequence[Span]:
        doc = self.doc
        if scope == "sentence":
            if self._sentences is None:
                self._sentences = sentences(doc.masked, doc.blocks)
            return self._sentences
        if scope == "paragraph":
            return doc.blocks
        if scope == "heading":
            return [b for b in doc.blocks if b.kind in _HEADING_KINDS]
        return [Block(0, len(doc.source))]


def lint_document(doc: Document, rules: Sequence[Rule], path: str = "-", known_rules: frozenset[str] = frozenset(),
                  jobs: int = 1) -> list[Finding]:
    """The document's findings, directives applied. ``jobs`` > 1: a large document's rules may
    be spread over that many worker processes (lint/rule_parallel.py)."""
    units = Units(doc)
    # Rules about the directives themselves (suppression.unused) run once the directives have
    # been applied: they read which directive switched which finding off.
    late = [r for r in rules if getattr(r.kind, "after_directives", False)]
    early = [r for r in rules if not getattr(r.kind, "after_directives", False)]
    findings = None
    if jobs > 1:
        from .rule_parallel import findings_in_workers

        findings = findings_in_workers(doc, early, path, known_rules, units, jobs, _rule_findings)
    if findings is None:
        findings = []
        for rule in early:
            findings.extend(_rule_findings(rule, Context(doc, units.of(rule.scope), known_rules, units), path))
    if doc.directives:
        sup = Suppressor(doc)
        findings = [f for f in findings if f.rule in _UNSUPPRESSIBLE or not sup.suppress(f)]
        if late:
            doc.cache[SUPPRESSION_KEY] = SuppressionReport(sup, frozenset(r.id for r in rules))
            for rule in late:  # never suppressible: a directive must not hide its own report
                findings.extend(_rule_findings(rule, Context(doc, units.of(rule.scope), known_rules, units), path))
    findings.sort(key=Finding.sort_key)
    return findings


def _rule_findings(rule: Rule, ctx: Context, path: str) -> list[Finding]:
    doc = ctx.doc
    source = doc.source
    lines = doc.lines
    # Offsets in the masked text differ from the source's only inside words that were closed
    # up (lint/joins.py); a kind that reads the source itself (grammar) gives source offsets.
    joins = None if getattr(rule.kind, "source_offsets", False) else doc.joins
    found = []
    for hit in rule.kind.check(ctx):
        start, end = hit.start, hit.end
        # Quoted speech is found only for a document that gets a hit (most get none).
        if rule.ignore_quotes and doc.quotes.overlaps(start, end):
            continue
        edit = hit.edit
        if joins is not None:
            start, end = joins.span(start, end)
            if edit is not None:
                edit = (*joins.span(edit[0], edit[1]), edit[2])
        rule_id = rule.id
        if hit.rule is not None:  # a kind that reports ids of its own (grammar.<check>)
            if not rule.reports(hit.rule):
                continue
            rule_id = hit.rule
        match = source[start:end]
        values = {"match": match, "replacement": hit.replacement or "", **(hit.params or {})}
        first, last = lines.position(start), lines.position(end)
        fix = edit if edit is not None else (
            (start, end, hit.replacement) if hit.replacement is not None else None
        )
        message = hit.message if hit.message is not None else format_message(rule.message, values)
        found.append(Finding(
            path, rule_id, hit.level or rule.level, message,
            first.line, first.column, last.line, last.column, start, end, match,
            hit.replacement, fix, fix is not None and rule.fix_safe and hit.safe is not False,
        ))
    return found
