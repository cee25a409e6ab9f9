"""``rdjson``: reviewdog's diagnostic format, for ``reviewdog -f=rdjson``.

One ``DiagnosticResult`` object: ``source``, and a diagnostic per finding with its range,
severity, rule ``code`` (with the rule's ``link`` as url when it has one) and, when the finding
has a fix, a ``suggestion`` that reviewdog can post as a suggested change. reviewdog's columns
count UTF-8 bytes (its ``Position`` message), not characters, so they are converted here; ends
are exclusive in both. Paths are as copydesk names them, relative to the folder it ran in, which
is how reviewdog reads them when it runs in the same folder.
"""

from __future__ import annotations

import bisect
import json

from . import TOOL_NAME, TOOL_URL, Reporter, Summary

SEVERITIES = {"error": "ERROR", "warning": "WARNING", "suggestion": "INFO"}
_ORDER = ["ERROR", "WARNING", "INFO"]  # most severe first


def byte_position(doc, offset: int) -> dict:
    """reviewdog position of a code-point offset: 1-based line, 1-based UTF-8 byte column."""
    pos = doc.lines.position(offset)
    line_start = doc.lines.line_start(pos.line)
    prefix = doc.source[line_start:offset]
    column = len(prefix.encode("utf-8", "surrogatepass"))
    # Each undecodable byte was one byte in the file but is one U+FFFD (3 bytes) in the text.
    errors = doc.decode_errors
    if errors:
        column -= 2 * (bisect.bisect_left(errors, offset) - bisect.bisect_left(errors, line_start))
    return {"line": pos.line, "column": column + 1}


def _range(doc, start: int, end: int) -> dict:
    return {"start": byte_position(doc, start), "end": byte_position(doc, end)}


class RdjsonReporter(Reporter):
    name = "rdjson"

    def start(self) -> None:
        self._diagnostics: list[dict] = []

    def file(self, path, doc, findings) -> None:
        for f in findings:
            code = {"value": f.rule}
            rule = self.rules.get(f.rule)
            if rule is not None and rule.link:
                code["url"] = rule.link
            if doc is not None:
                where = _range(doc, f.start, f.end)
            else:  # no text to count bytes in: characters are the best available
                where = {"start": {"line": f.line, "column": f.column},
                         "end": {"line": f.end_line, "column": f.end_column}}
            item = {
                "message": f.message,
                "location": {"path": path, "range": where},
                "severity": SEVERITIES.get(f.level, "WARNING"),
                "code": code,
            }
            if f.fix is not None and doc is not None:
                start, end, text = f.fix
                item["suggestions"] = [{"range": _range(doc, start, end), "text": text}]
            self._diagnostics.append(item)

    def finish(self, summary: Summary) -> None:
        result: dict = {"source": {"name": TOOL_NAME, "url": TOOL_URL}}
        if self._diagnostics:  # the overall severity: the most severe diagnostic's
            result["severity"] = min((d["severity"] for d in self._diagnostics), key=_ORDER.index)
        result["diagnostics"] = self._diagnostics
        json.dump(result, self.stream, ensure_ascii=False, indent=2)
        self.stream.write("\n")
