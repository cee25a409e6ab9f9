"""Where copydesk's time goes: each default rule's time over a corpus, in one process.

    python bench/rule_times.py [CORPUS]      # default ../shared/corpus/bbc beside the repository

Every file is loaded and segmented once (times printed apart), then each rule runs on it
alone, timed with time.process_time: CPU time, which other processes on the machine do not
inflate. One process, no cache, no reporting: the numbers add up to the CPU one worker spends,
not to a run's wall time (bench/run.py measures that). Facts rules share (the word index, the
quotes) are charged to the first rule that asks for them.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from lint.config import ConfigFinder  # noqa: E402 - after the path is set
from lint.discover import walk  # noqa: E402
from lint.engine import Units, _rule_findings  # noqa: E402
from lint.kinds import Context  # noqa: E402
from lint.loaders import format_for  # noqa: E402
from lint.selection import Overrides, RuleResolver  # noqa: E402
from lint.source import BinaryFile, document_from_bytes  # noqa: E402


def main() -> int:
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO.parent / "shared" / "corpus" / "bbc"
    if not corpus.is_dir():
        sys.exit(f"rule_times: no such folder: {corpus}")
    finder, resolver = ConfigFinder(None), RuleResolver(Overrides())
    files = sorted(walk(str(corpus), lambda path, entry: False))
    spent: Counter = Counter()
    load = segment = 0.0
    size = 0
    for name in files:
        path = Path(name)
        data = path.read_bytes()
        size += len(data)
        config = finder.for_path(path)
        rules, known = resolver.rules_for(config, path), resolver.registry(config).ids
        start = time.process_time()
        try:
            doc = document_from_bytes(data, format_for(name) or "text")
        except BinaryFile:
            continue
        load += time.process_time() - start
        units = Units(doc)
        start = time.process_time()
        units.of("sentence")
        segment += time.process_time() - start
        for rule in rules:
            start = time.process_time()
            _rule_findings(rule, Context(doc, units.of(rule.scope), known, units), name)
            spent[rule.id] += time.process_time() - start
    print(f"{len(files)} files, {size / 1e6:.2f} MB: loading {load:.2f} s, sentences {segment:.2f} s, "
          f"rules {sum(spent.values()):.2f} s")
    for rule_id, seconds in spent.most_common():
        print(f"{seconds:7.3f} s  {rule_id}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
