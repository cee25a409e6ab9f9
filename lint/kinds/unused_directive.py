"""``unused-directive``: a ``copydesk-disable…`` comment that switched no finding off.

The engine runs this kind after the directives were applied (``after_directives``) and leaves
what they switched off in ``doc.cache`` (see :mod:`lint.suppression`). The fix removes the
directive, or only the rules in it that were of no use.
"""

from __future__ import annotations

from typing import ClassVar

from ..regexes import compiled
from ..document import Directive, Document
from ..suppression import SUPPRESSION_KEY, Unused
from . import Context, Hit, Kind

_ACTION = compiled(r"copydesk-(?:disable-next-line|disable-file|disable|enable)")


class UnusedDirective(Kind):
    name = "unused-directive"
    source_offsets = True  # the directive comment's span
    after_directives: ClassVar[bool] = True

    def check(self, ctx: Context):
        report = ctx.doc.cache.get(SUPPRESSION_KEY)
        if report is None:
            return
        for unused in report.unused():
            d = unused.directive
            edit, safe = _edit(ctx.doc, unused)
            yield Hit(d.start, d.end, None, _words(unused), edit, safe)


def _quoted(rules: tuple[str, ...]) -> str:
    return ", ".join(f"'{r}'" for r in rules)


def _words(unused: Unused) -> dict[str, str]:
    """The message's parts: what to remove, and why."""
    if unused.orphan:
        return {"what": "this 'copydesk-enable'", "why": "it closes no 'copydesk-disable'"}
    if not unused.rules:
        return {"what": "this directive", "why": "it suppressed no finding"}
    if unused.whole:
        return {"what": "this directive", "why": f"it suppressed no {_quoted(unused.rules)} finding"}
    return {"what": f"{_quoted(unused.rules)} from this directive", "why": "it suppressed no such finding"}


def _edit(doc: Document, unused: Unused) -> tuple[tuple[int, int, str], bool]:
    """The fix and whether it is safe to apply unasked."""
    d = unused.directive
    if not unused.whole:
        return _without_rules(doc.source, d, unused.rules), True
    return _removal(doc, d)


def _without_rules(source: str, d: Directive, idle: tuple[str, ...]) -> tuple[int, int, str]:
    """Rewrite the directive's list of rules without ``idle`` (only the list is touched)."""
    text = source[d.start : d.end]
    action = _ACTION.search(text)
    end = len(text.rstrip())
    if text[:end].endswith("-->"):
        end -= 3
        while end > action.end() and text[end - 1].isspace():
            end -= 1
    keep = " ".join(r for r in d.rules if r not in idle)
    return d.start + action.end(), d.start + end, " " + keep


def _removal(doc: Document, d: Directive) -> tuple[tuple[int, int, str], bool]:
    source = doc.source
    line_start = source.rfind("\n", 0, d.start) + 1
    line_end = source.find("\n", d.end)
    if line_end == -1:
        line_end = len(source)
    before = source[line_start : d.start]
    after = source[d.end : line_end].rstrip("\r")
    if before.strip() or after.strip():
        # A comment inside a line of text: drop it with the spaces on one side of it.
        start, end = d.start, d.end
        if after[:1] in (" ", "\t"):
            end += len(after) - len(after.lstrip(" \t"))
        elif before[-1:] in (" ", "\t"):
            start -= len(before) - len(before.rstrip(" \t"))
        return (start, end, ""), True
    blank_before = line_start == 0 or not _line_before(source, line_start).strip()
    blank_after = line_end >= len(source) or not _line_after(source, line_end).strip()
    if blank_before or blank_after:
        # The whole line goes: a blank line next to it still separates what it separated.
        if line_end < len(source):
            return (line_start, line_end + 1, ""), True
        cut = line_start - 1 if line_start else 0
        if cut > 0 and source[cut - 1] == "\r":
            cut -= 1
        return (cut, line_end, ""), True
    # Between two lines of text the comment line separates them (in Markdown it ends a
    # paragraph): leave the line empty. Indented, it may sit in a list item, where an empty
    # line would make the list loose, so that edit is not safe.
    end = line_end - 1 if source[line_end - 1 : line_end] == "\r" else line_end
    return (line_start, end, ""), not (doc.format == "markdown" and before)


def _line_before(source: str, line_start: int) -> str:
    return source[source.rfind("\n", 0, line_start - 1) + 1 : line_start - 1]


def _line_after(source: str, line_end: int) -> str:
    nxt = source.find("\n", line_end + 1)
    return source[line_end + 1 : nxt if nxt != -1 else len(source)]
