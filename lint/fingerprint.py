"""Stable fingerprints for findings: the same problem keeps its fingerprint when lines shift.

A fingerprint hashes what the finding is about, not where it is: the file, the rule, the
matched text and the text of its line (whitespace folded), plus an occurrence number so that
the same finding twice in a file gives two fingerprints. Baselines and GitLab Code Quality
reports use them to recognise a finding across edits elsewhere in the file.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable

from .document import Document
from .findings import Finding


def _context(doc: Document | None, f: Finding) -> str:
    if doc is None:
        return ""
    return " ".join(doc.line_text(f.line).split())


def _identity(path: str, doc: Document | None, f: Finding) -> str:
    return "\x1f".join((path, f.rule, " ".join(f.match.split()), _context(doc, f)))


def content_fingerprint(path: str, doc: Document | None, f: Finding) -> str:
    """The fingerprint without the occurrence number: identical findings share it.

    A baseline stores it with a count, so that two identical findings need two baselined
    occurrences, and which of the two is "new" does not depend on their order in the file.
    """
    return hashlib.sha256(_identity(path, doc, f).encode("utf-8", "surrogatepass")).hexdigest()[:32]


def fingerprints(path: str, doc: Document | None, findings: Iterable[Finding]) -> list[str]:
    """One fingerprint per finding, in the order given."""
    seen: Counter[str] = Counter()
    out = []
    for f in findings:
        base = _identity(path, doc, f)
        seen[base] += 1
        digest = hashlib.sha256(f"{base}\x1f{seen[base]}".encode("utf-8", "surrogatepass")).hexdigest()
        out.append(digest[:32])
    return out
