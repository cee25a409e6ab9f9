"""Applying inline directives to findings, and noting which directives were of use.

- ``copydesk-disable-file [RULES]`` anywhere: the rules are off for the whole file;
- ``copydesk-disable [RULES]`` … ``copydesk-enable [RULES]``: off between the two comments;
- ``copydesk-disable-next-line [RULES]``: off on the next line that holds text.
RULES are ids or pack names; none means every rule.

The :class:`Suppressor` records, for every directive, which of its rules switched a finding
off, so that ``suppression.unused`` can report the directives (or the rules named in them)
that switched nothing off, like ruff's RUF100.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from .records import Value, set_field

if TYPE_CHECKING:
    from .document import Directive, Document
    from .findings import Finding

BLANKET = ""  # the "rule" a directive without rules is recorded under when it is used
# Where the engine leaves a document's SuppressionReport, in ``doc.cache``.
SUPPRESSION_KEY = "suppression"


def _covers(rules: tuple[str, ...], rule_id: str) -> bool:
    return not rules or rule_id in rules or rule_id.partition(".")[0] in rules


class Unused(Value):
    """A directive that switched nothing off: all of it (``rules`` is every rule it names, or
    empty for a directive without rules), or only some of the rules it names. An ``enable``
    that closes no ``disable`` is unused too (``orphan``)."""

    __slots__ = _fields = ("directive", "rules", "whole", "orphan")
    directive: Directive
    rules: tuple[str, ...]
    whole: bool
    orphan: bool

    def __init__(self, directive: Directive, rules: tuple[str, ...], whole: bool, orphan: bool = False) -> None:
        set_field(self, "directive", directive)
        set_field(self, "rules", rules)
        set_field(self, "whole", whole)
        set_field(self, "orphan", orphan)


class Suppressor:
    def __init__(self, doc: Document) -> None:
        self.file: list[Directive] = []
        # (start offset, end offset, directive) regions where the directive's rules are off
        self.regions: list[tuple[int, int, Directive]] = []
        # (line, directive)
        self.lines: list[tuple[int, Directive]] = []
        self.orphans: list[Directive] = []  # enable comments that closed nothing
        self.used: dict[Directive, set[str]] = {}
        open_: list[Directive] = []
        for d in sorted(doc.directives, key=lambda d: d.start):
            if d.action == "disable-file":
                self.file.append(d)
            elif d.action == "disable":
                open_.append(d)
            elif d.action == "enable":
                still_open = []
                for o in open_:
                    if not d.rules or set(o.rules) <= set(d.rules) and o.rules:
                        self.regions.append((o.end, d.start, o))
                    else:
                        still_open.append(o)
                if len(still_open) == len(open_):
                    self.orphans.append(d)
                open_ = still_open
            elif d.action == "disable-next-line":
                self.lines.append((self._next_text_line(doc, d.end), d))
        self.regions.extend((o.end, len(doc.source), o) for o in open_)

    @staticmethod
    def _next_text_line(doc: Document, offset: int) -> int:
        """The first line after ``offset`` with prose on it (markup-only lines are blank)."""
        starts = doc.lines.starts
        line = doc.lines.position(offset).line + 1  # 1-based; starts[line] is the one after
        while line < len(starts) and not doc.masked[starts[line - 1] : starts[line]].strip():
            line += 1
        return line

    def covering(self, f: Finding) -> list[Directive]:
        """Every directive that switches ``f`` off."""
        found = [d for d in self.file if _covers(d.rules, f.rule)]
        found += [d for s, e, d in self.regions if s <= f.start < e and _covers(d.rules, f.rule)]
        found += [d for line, d in self.lines if line == f.line and _covers(d.rules, f.rule)]
        return found

    def suppress(self, f: Finding) -> bool:
        """Whether ``f`` is switched off; every directive that does so is marked as used
        (not only the first: a finding under two directives keeps both from being reported)."""
        covering = self.covering(f)
        for d in covering:
            if d.rules:
                self.used.setdefault(d, set()).update(
                    r for r in d.rules if r == f.rule or r == f.rule.partition(".")[0]
                )
            else:
                self.used.setdefault(d, set()).add(BLANKET)
        return bool(covering)

    def unused(self, ran: frozenset[str]) -> list[Unused]:
        """Directives (or rules named in them) that switched nothing off.

        Only rules that ran count: a directive naming a rule this run did not select (or a
        pack none of whose rules ran) may be needed by another run, so it is not reported.
        Names that are no rule at all are ``suppression.unknown-rule``'s business. A directive
        without rules is judged against every rule that ran.
        """
        ran_packs = {r.partition(".")[0] for r in ran}
        found: list[Unused] = []
        for d in [*self.file, *(d for _, _, d in self.regions), *(d for _, d in self.lines)]:
            used = self.used.get(d, set())
            if not d.rules:
                if not used:
                    found.append(Unused(d, (), True))
                continue
            judged = [r for r in d.rules if r in ran or ("." not in r and r in ran_packs)]
            idle = tuple(dict.fromkeys(r for r in judged if r not in used))
            if idle:
                found.append(Unused(d, idle, set(idle) == set(d.rules)))
        found.extend(Unused(d, d.rules, True, orphan=True) for d in self.orphans)
        return sorted(found, key=lambda u: u.directive.start)


class SuppressionReport:
    """What the directives of one document switched off, for the rules that read it."""

    def __init__(self, suppressor: Suppressor, ran: frozenset[str]) -> None:
        self.suppressor = suppressor
        self.ran = ran  # ids of the rules that ran on the document

    def unused(self) -> list[Unused]:
        return self.suppressor.unused(self.ran)


def apply_directives(doc: Document, findings: Iterable[Finding], keep: frozenset[str] = frozenset()) -> list[Finding]:
    """Findings not switched off by a directive. Rules in ``keep`` cannot be switched off
    (a directive must not silence the report of its own unknown rule id)."""
    if not doc.directives:
        return list(findings)
    sup = Suppressor(doc)
    return [f for f in findings if f.rule in keep or not sup.suppress(f)]
