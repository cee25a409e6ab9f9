"""``gitlab``: a GitLab Code Quality report (the Code Climate subset GitLab reads).

An array of issues with ``description``, ``check_name``, ``fingerprint``, ``severity`` and
``location`` (``path`` from the repository root, ``lines.begin`` and ``lines.end``). GitLab
compares the fingerprints of the merge request's report with the target branch's to show what
a change introduced or fixed, so they come from :mod:`lint.fingerprint`: they survive edits
elsewhere in the file and do not depend on the folder copydesk ran in.
"""

from __future__ import annotations

import json

from ..fingerprint import fingerprints
from . import Reporter, Summary
from .paths import repo_path

# GitLab's scale is info < minor < major < critical < blocker; critical and blocker are left to
# problems that break a build, which no editorial finding does.
SEVERITIES = {"suggestion": "info", "warning": "minor", "error": "major"}


class GitlabReporter(Reporter):
    name = "gitlab"

    def start(self) -> None:
        self._issues: list[dict] = []

    def file(self, path, doc, findings) -> None:
        if not findings:
            return
        where = repo_path(path)
        for f, fingerprint in zip(findings, fingerprints(where, doc, findings)):
            self._issues.append({
                "description": f.message,
                "check_name": f.rule,
                "fingerprint": fingerprint,
                "severity": SEVERITIES.get(f.level, "minor"),
                "location": {"path": where, "lines": {"begin": f.line, "end": f.end_line}},
            })

    def finish(self, summary: Summary) -> None:
        json.dump(self._issues, self.stream, ensure_ascii=False, indent=2)
        self.stream.write("\n")
