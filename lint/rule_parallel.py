"""One large document's rules spread over forked workers.

Files are the unit of parallelism (lint/parallel.py), so a run over one very large file (a
book, an archive concatenated into one page) used a single core. For such a document the rules
are spread instead: the document is loaded, segmented and its quotations found once, workers
are forked with all of it in memory, and each runs whole rules, costliest first (each kind's
``cost`` hint), taking the next one when it is done. Rules that reuse each other's facts
(``work_group``) run in the same worker. The parent merges the findings; directives and the
rules that report on directives are applied afterwards by the engine, as for any document.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from .kinds import Context

if TYPE_CHECKING:
    from .document import Document
    from .engine import Units
    from .findings import Finding
    from .rules import Rule

# Below this many characters, forking costs more than it saves.
MIN_CHARS = 1_000_000


def groups(rules: Sequence[Rule]) -> list[list[Rule]]:
    """The rules in work groups, costliest group first."""
    by_name: dict[str, list[Rule]] = {}
    for rule in rules:
        by_name.setdefault(getattr(rule.kind, "work_group", "") or rule.id, []).append(rule)
    cost = lambda group: sum(getattr(r.kind, "cost", 1.0) for r in group)  # noqa: E731
    return sorted(by_name.values(), key=cost, reverse=True)


def findings_in_workers(doc: Document, rules: Sequence[Rule], path: str, known_rules: frozenset[str],
                        units: Units, jobs: int, rule_findings) -> list[Finding] | None:
    """The findings of ``rules`` computed by ``jobs`` workers, or None when the document is
    too small, there is one worker or one group, or this system cannot fork."""
    if jobs <= 1 or len(doc.source) < MIN_CHARS:
        return None
    work = groups(rules)
    if len(work) < 2:
        return None
    from .parallel import can_fork, map_in_order  # noqa: PLC0415 - multiprocessing: 3 ms

    if not can_fork():
        return None
    # What most rules read, computed before the fork so that no worker computes it again.
    for scope in ("sentence", "paragraph"):
        units.of(scope)
    doc.quotes  # noqa: B018 - a cached property
    doc.lines  # noqa: B018
    # The shared word index is left to the workers: building it here would run before both.

    def run(index: int) -> tuple[list[Finding], list]:
        seen = len(doc.notices)
        found = [f for rule in work[index]
                 for f in rule_findings(rule, Context(doc, units.of(rule.scope), known_rules, units), path)]
        return found, doc.notices[seen:]  # notices (a grammar server that did not answer) travel back

    findings: list[Finding] = []
    for found, notices in map_in_order(run, list(range(len(work))), min(jobs, len(work)), chunk=1):
        findings.extend(found)
        doc.notices.extend(notices)
    return findings
