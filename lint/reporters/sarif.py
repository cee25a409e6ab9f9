"""``sarif``: SARIF 2.1.0, the format GitHub code scanning and most review tools import.

One run: ``tool.driver`` describes copydesk and every rule that ran (summary, documentation,
default level, link), and each finding is one result whose region uses copydesk's own 1-based,
code-point columns, declared once with ``columnKind: unicodeCodePoints``. Paths are relative to
``%SRCROOT%``, the repository root (see :mod:`lint.reporters.paths`), so an upload maps results
to the repository's files whichever folder copydesk ran in.
"""

from __future__ import annotations

import json
import re

from .. import __version__
from ..fingerprint import fingerprints
from . import TOOL_NAME, TOOL_URL, Reporter, Summary
from .paths import artifact_uri, repo_path, root_uri

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
# SARIF has no "suggestion": "note" is its level for findings that are advice.
LEVELS = {"error": "error", "warning": "warning", "suggestion": "note"}
# Key of copydesk's fingerprint in partialFingerprints; bump the version if its recipe changes.
FINGERPRINT_KEY = "copydesk/v1"


def _section(markdown: str, heading: str) -> str:
    """The text under a ``## heading`` of a rule's documentation, or "" when there is none."""
    m = re.search(rf"^#+\s*{re.escape(heading)}\s*\n(.*?)(?=^#|\Z)", markdown, re.S | re.M)
    return " ".join(m.group(1).split()) if m else ""


def rule_descriptor(rule_id: str, rule) -> dict:
    """SARIF ``reportingDescriptor`` of a rule (``rule`` None: a finding from an unknown rule)."""
    if rule is None:
        return {"id": rule_id, "shortDescription": {"text": rule_id}}
    doc = rule.description.strip()
    summary = rule.summary or rule_id
    out = {
        "id": rule_id,
        "shortDescription": {"text": summary},
        "fullDescription": {"text": _section(doc, "What it does") or summary},
        "help": {"text": doc or summary, "markdown": doc or summary},
        "defaultConfiguration": {"level": LEVELS.get(rule.level, "warning")},
        "properties": {"tags": [rule.pack]},
    }
    if rule.link:
        out["helpUri"] = rule.link
    return out


class SarifReporter(Reporter):
    name = "sarif"

    def start(self) -> None:
        self._results: list[dict] = []

    def file(self, path, doc, findings) -> None:
        if not findings:
            return
        uri, base = artifact_uri(path)
        location = {"uri": uri, **({"uriBaseId": base} if base else {})}
        prints = fingerprints(repo_path(path), doc, findings)
        for f, fingerprint in zip(findings, prints):
            result = {
                "ruleId": f.rule,
                "level": LEVELS.get(f.level, "warning"),
                "message": {"text": f.message},
                "locations": [{"physicalLocation": {
                    "artifactLocation": location,
                    "region": {
                        "startLine": f.line, "startColumn": f.column,
                        "endLine": f.end_line, "endColumn": f.end_column,
                        "snippet": {"text": f.match},
                    },
                }}],
                "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
            }
            if f.fix is not None and doc is not None:
                result["fixes"] = [_fix(doc, location, f.fix, getattr(f, "fix_safe", False))]
            self._results.append(result)

    def finish(self, summary: Summary) -> None:
        # Rule indexes are only known once every file has run (rules can differ per file).
        ids = sorted(set(self.rules) | {r["ruleId"] for r in self._results})
        index = {rule_id: i for i, rule_id in enumerate(ids)}
        results = [{"ruleId": r["ruleId"], "ruleIndex": index[r["ruleId"]], **r} for r in self._results]
        log = {
            "$schema": SCHEMA_URI,
            "version": "2.1.0",
            "runs": [{
                "tool": {"driver": {
                    "name": TOOL_NAME,
                    "version": __version__,
                    "informationUri": TOOL_URL,
                    "rules": [rule_descriptor(i, self.rules.get(i)) for i in ids],
                }},
                "invocations": [{"executionSuccessful": summary.errors == 0}],
                "originalUriBaseIds": {"%SRCROOT%": {"uri": root_uri()}},
                "columnKind": "unicodeCodePoints",
                "results": results,
            }],
        }
        json.dump(log, self.stream, ensure_ascii=False, indent=2)
        self.stream.write("\n")


def _fix(doc, location: dict, edit: tuple[int, int, str], safe: bool) -> dict:
    start, end, text = edit
    first, last = doc.lines.position(start), doc.lines.position(end)
    old = doc.source[start:end]
    replacement = {"deletedRegion": {"startLine": first.line, "startColumn": first.column,
                                     "endLine": last.line, "endColumn": last.column}}
    if text:
        replacement["insertedContent"] = {"text": text}
    what = f"Replace '{old}' with '{text}'." if text and old else (f"Insert '{text}'." if text else f"Delete '{old}'.")
    # "safe": what `copydesk check --fix` applies on its own; the others need --unsafe-fixes.
    return {"description": {"text": what},
            "artifactChanges": [{"artifactLocation": location, "replacements": [replacement]}],
            "properties": {"safe": bool(safe)}}
