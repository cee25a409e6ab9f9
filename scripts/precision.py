"""Findings per 10,000 words for each default rule over a corpus of edited prose.

    python scripts/precision.py ../shared/corpus/bbc ../shared/corpus/blog-md
    python scripts/precision.py ../shared/corpus/bbc --select repetition --sample repetition.word --count 20

Edited, published articles should trigger almost nothing: every finding there is a likely
false alarm until a reader checks it. ``--sample`` prints findings with their context for that
check. The corpus is read in place, never copied.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lint.config import Config  # noqa: E402
from lint.discover import walk  # noqa: E402
from lint.engine import lint_document  # noqa: E402
from lint.loaders import format_for  # noqa: E402
from lint.selection import Overrides, RuleResolver  # noqa: E402
from lint.source import BinaryFile, document_from_bytes  # noqa: E402

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


def measure(folder: str, rules, known):
    words = 0
    files = 0
    findings = []
    for path in sorted(walk(folder, lambda _path, _entry: False)):
        if Path(path).name.upper().startswith("README"):
            continue  # a dataset's own notice, not an article
        try:
            doc = document_from_bytes(Path(path).read_bytes(), format_for(path) or "text")
        except BinaryFile:
            continue
        files += 1
        words += len(_WORD.findall(doc.masked))
        findings.extend((path, doc, f) for f in lint_document(doc, rules, path, known))
    return files, words, findings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folders", nargs="+")
    parser.add_argument("--sample", metavar="RULE", help="print findings of this rule with context")
    parser.add_argument("--count", type=int, default=20, help="how many findings to sample")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--select", action="append", metavar="RULE",
                        help="measure only these rules or packs (repeatable; default: every default rule)")
    args = parser.parse_args()

    resolver = RuleResolver(Overrides(select=tuple(args.select) if args.select else None))
    config = Config()
    rules = resolver.rules_for(config, None)
    known = resolver.registry(config).ids
    for folder in args.folders:
        files, words, findings = measure(folder, rules, known)
        counts = Counter(f.rule for _, _, f in findings)
        print(f"\n{folder}: {files} files, {words:,} words")
        print(f"  {'rule':<28} {'level':<10} {'findings':>8} {'per 10k words':>14}")
        for rule in rules:
            n = counts[rule.id]
            print(f"  {rule.id:<28} {rule.level:<10} {n:>8} {n * 10_000 / max(words, 1):>14.3f}")
        if args.sample:
            chosen = [x for x in findings if x[2].rule == args.sample]
            random.Random(args.seed).shuffle(chosen)
            for path, doc, f in sorted(chosen[: args.count], key=lambda x: (x[0], x[2].start)):
                before = " ".join(doc.source[max(0, f.start - 90) : f.start].split())
                after = " ".join(doc.source[f.end : f.end + 50].split())
                print(f"\n  {path}:{f.line}:{f.column}\n    …{before} [{f.match}] {after}…")


if __name__ == "__main__":
    main()
