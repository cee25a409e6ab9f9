"""``jsonl``: JSON Lines, one finding object per line, written as each file is linted.

The objects have the fields of the ``json`` format. Streaming suits large archives and tools
that read line by line (``jq -c``, log shippers); a clean run writes nothing.
"""

from __future__ import annotations

import json

from . import Reporter
from .json import FIELDS

# json.dumps escapes control characters but, with ensure_ascii=False, leaves these line
# separators raw; readers that split with str.splitlines() would cut a record in two.
_LINE_BREAKS = str.maketrans({"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


class JsonLinesReporter(Reporter):
    name = "jsonl"
    # Its output follows from the files' names, findings and options alone, and it writes
    # nothing before the first file: a run's report may be kept and written again
    # (lint/result_replay.py).
    replayable = True

    def file(self, path, doc, findings) -> None:
        for f in findings:
            data = f.to_dict()
            line = json.dumps({k: data[k] for k in FIELDS}, ensure_ascii=False)
            self.stream.write(line.translate(_LINE_BREAKS) + "\n")
