"""Applying inline directives to findings.

- ``copydesk-disable-file [RULES]`` anywhere: the rules are off for the whole file;
- ``copydesk-disable [RULES]`` … ``copydesk-enable [RULES]``: off between the two comments;
- ``copydesk-disable-next-line [RULES]``: off on the next line that holds text.
RULES are ids or pack names; none means every rule.
"""

from __future__ import annotations

from collections.abc import Iterable

from .document import Directive, Document
from .findings import Finding


def _covers(rules: tuple[str, ...], rule_id: str) -> bool:
    return not rules or rule_id in rules or rule_id.partition(".")[0] in rules


class Suppressor:
    def __init__(self, doc: Document) -> None:
        self.file_rules: list[tuple[str, ...]] = []
        # (start offset, end offset, rules) regions where rules are off
        self.regions: list[tuple[int, int, tuple[str, ...]]] = []
        # (line, rules)
        self.lines: list[tuple[int, tuple[str, ...]]] = []
        open_: list[Directive] = []
        for d in sorted(doc.directives, key=lambda d: d.start):
            if d.action == "disable-file":
                self.file_rules.append(d.rules)
            elif d.action == "disable":
                open_.append(d)
            elif d.action == "enable":
                still_open = []
                for o in open_:
                    if not d.rules or set(o.rules) <= set(d.rules) and o.rules:
                        self.regions.append((o.end, d.start, o.rules))
                    else:
                        still_open.append(o)
                open_ = still_open
            elif d.action == "disable-next-line":
                self.lines.append((self._next_text_line(doc, d.end), d.rules))
        self.regions.extend((o.end, len(doc.source), o.rules) for o in open_)

    @staticmethod
    def _next_text_line(doc: Document, offset: int) -> int:
        """The first line after ``offset`` with prose on it (markup-only lines are blank)."""
        starts = doc.lines.starts
        line = doc.lines.position(offset).line + 1  # 1-based; starts[line] is the one after
        while line < len(starts) and not doc.masked[starts[line - 1] : starts[line]].strip():
            line += 1
        return line

    def suppressed(self, f: Finding) -> bool:
        if any(_covers(r, f.rule) for r in self.file_rules):
            return True
        if any(s <= f.start < e and _covers(r, f.rule) for s, e, r in self.regions):
            return True
        return any(line == f.line and _covers(r, f.rule) for line, r in self.lines)


def apply_directives(doc: Document, findings: Iterable[Finding], keep: frozenset[str] = frozenset()) -> list[Finding]:
    """Findings not switched off by a directive. Rules in ``keep`` cannot be switched off
    (a directive must not silence the report of its own unknown rule id)."""
    if not doc.directives:
        return list(findings)
    sup = Suppressor(doc)
    return [f for f in findings if f.rule in keep or not sup.suppressed(f)]
