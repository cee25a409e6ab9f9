"""The document of a file whose findings were not linted in this process (the result cache, a
worker), built only if something reads it, and the lines its findings are on, known without it.

What a warm run shows of a file is, for most reports, the text of the lines its findings are
on (the text report's source line, the fingerprints of baselines and GitLab). Those lines travel
with the findings (from a worker, in the result cache), so such a report never reads, decodes
and loads the file again: that was most of a warm run. Anything else a report asks of the
document (the HTML report renders all of it) builds it then.

Each line is kept once, as the match of one of its findings plus what surrounds it:
``{line: (i, before, n, after)}`` is the line ``before + findings[i].match[:n] + after``. A
long-paragraph finding's match is its whole line, so most of what is kept is a match the
finding holds anyway.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .document import Document
    from .findings import Finding


def line_contexts(doc: Document, findings: Sequence[Finding]) -> dict[int, tuple[int, str, int, str]]:
    """The lines ``findings`` are on, each once, around the match of its first finding (see
    the module docstring)."""
    out: dict[int, tuple[int, str, int, str]] = {}
    for i, f in enumerate(findings):
        if f.line in out:
            continue
        try:
            line = doc.line_text(f.line)
        except IndexError:  # not a line of the document: it is rebuilt if that line is asked for
            continue
        col = f.column - 1
        n = min(len(f.match), len(line) - col)
        if col >= 0 and n >= 0 and line.startswith(f.match[:n], col):
            out[f.line] = (i, line[:col], n, line[col + n:])
        else:  # its match is not at its column (a kind's own positions): the whole line
            out[f.line] = (-1, line, 0, "")
    return out


def lines_of(findings: Sequence[Finding], contexts: Any) -> dict[int, str]:
    """Line number -> text, from :func:`line_contexts`' answer for the same findings; nothing
    from a damaged answer (the document is then built when a line is asked for)."""
    if not contexts:
        return {}
    try:
        return {line: before + (findings[i].match[:n] if i >= 0 else "") + after
                for line, (i, before, n, after) in contexts.items()}
    except (AttributeError, IndexError, TypeError, ValueError):
        return {}


class LazyDocument:
    """A document built on first use, whose findings' lines are known before.

    ``line_text`` answers for those lines without building it; any other attribute builds it.
    ``notices`` are about a run that linted the file, so a file linted elsewhere has none here,
    and asking for them builds nothing.
    """

    __slots__ = ("_build", "_doc", "_found", "_lines")
    notices: tuple = ()

    def __init__(self, build: Callable[[], Document], findings: Sequence[Finding] = (),
                 contexts: Any = None) -> None:
        self._build = build
        self._doc: Document | None = None
        self._found = (findings, contexts)
        self._lines: dict[int, str] | None = None  # from _found, on first use

    def line_text(self, line: int) -> str:
        if self._lines is None:
            self._lines = lines_of(*self._found)
        text = self._lines.get(line)
        if text is not None:
            return text
        return self.__getattr__("line_text")(line)

    def __getattr__(self, name: str):
        doc = self._doc
        if doc is None:
            doc = self._doc = self._build()
        return getattr(doc, name)
