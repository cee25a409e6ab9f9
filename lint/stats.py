"""``copydesk stats``: readability figures per file, as a table, JSON or CSV.

Files are found, read and decoded exactly as ``copydesk check`` does (:class:`lint.runner.Run`:
the same walking, ``exclude`` globs, notices and exit codes); each document is then measured
instead of linted. The figures are those the readability rules use: textstat's scores on the
article's prose (:func:`lint.readability.prose_text`) and the longest sentence counted as
``readability.long-sentence`` counts it (words outside quotation marks).
"""

from __future__ import annotations

import csv
import json
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from .document import Document
from .loaders import format_for
from .readability import Scores, SentenceLength, longest_sentence, measure, prose_text
from .runner import Run
from .segment import sentences
from .source import BinaryFile, document_from_bytes

SCORE_FIELDS = Scores._fields


@dataclass(frozen=True)
class FileStats:
    path: str
    words: int
    sentences: int
    syllables: int
    scores: Scores
    longest: SentenceLength | None
    longest_line: int | None = None
    longest_column: int | None = None

    def to_dict(self) -> dict:
        longest = None
        if self.longest is not None:
            longest = {"line": self.longest_line, "column": self.longest_column, "words": self.longest.words}
        return {
            "path": self.path, "words": self.words, "sentences": self.sentences,
            "syllables": self.syllables,
            **{name: getattr(self.scores, name) for name in SCORE_FIELDS},
            "longest_sentence": longest,
        }


def file_stats(doc: Document, path: str) -> FileStats:
    result = measure(prose_text(doc))
    longest = longest_sentence(doc, sentences(doc.masked, doc.blocks))
    position = doc.lines.position(longest.start) if longest else None
    c = result.counts
    return FileStats(path, c.words, c.sentences, c.syllables, result.scores, longest,
                     position.line if position else None, position.column if position else None)


# ---------------------------------------------------------------------------------------------
# Output formats.

class _Output:
    """Collects one row per file; ``finish`` writes them (the reporter role in :class:`Run`)."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.rows: list[FileStats] = []

    def start(self) -> None:
        pass

    def add(self, stats: FileStats) -> None:
        self.rows.append(stats)

    def finish(self, summary=None) -> None:  # pragma: no cover - abstract
        raise NotImplementedError


class _Json(_Output):
    def finish(self, summary=None) -> None:
        json.dump([r.to_dict() for r in self.rows], self.stream, ensure_ascii=False, indent=2)
        self.stream.write("\n")


class _Csv(_Output):
    HEADER = ("path", "words", "sentences", "syllables", *SCORE_FIELDS,
              "longest_sentence_words", "longest_sentence_line", "longest_sentence_column")

    def finish(self, summary=None) -> None:
        out = csv.writer(self.stream, lineterminator="\n")
        out.writerow(self.HEADER)
        for r in self.rows:
            longest = (r.longest.words, r.longest_line, r.longest_column) if r.longest else ("", "", "")
            out.writerow((r.path, r.words, r.sentences, r.syllables,
                          *(getattr(r.scores, name) for name in SCORE_FIELDS), *longest))


class _Table(_Output):
    # Short headings: the legend under the table names each score in full.
    COLUMNS = ("file", "words", "sentences", "ease", "grade", "fog", "smog", "cli", "ari", "dale-chall", "longest")
    LEGEND = ("words, sentences: as textstat counts them for the scores; ease: Flesch reading ease (higher is easier); grade: Flesch–Kincaid grade; fog: Gunning fog;"
              " smog: SMOG index; cli: Coleman–Liau index; ari: automated readability index;"
              " dale-chall: Dale–Chall score; longest: words of the longest sentence (outside"
              " quotation marks) and its line.")

    def finish(self, summary=None) -> None:
        body = []
        for r in self.rows:
            s = r.scores
            longest = f"{r.longest.words} (line {r.longest_line})" if r.longest else "-"
            body.append((r.path, str(r.words), str(r.sentences),
                         *(f"{getattr(s, name):.1f}" for name in SCORE_FIELDS), longest))
        widths = [max([len(h)] + [len(row[i]) for row in body]) for i, h in enumerate(self.COLUMNS)]
        for row in (self.COLUMNS, *body):
            cells = [row[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(row[1:-1], widths[1:-1])]
            cells.append(row[-1].ljust(widths[-1]))
            self.stream.write("  ".join(cells).rstrip() + "\n")
        if body:
            self.stream.write("\n" + textwrap.fill(self.LEGEND, 100) + "\n")


FORMATS = {"text": _Table, "json": _Json, "csv": _Csv}


class StatsRun(Run):
    """A :class:`Run` that measures each document instead of linting it; its reporter is one of
    the outputs above."""

    def lint_bytes(self, data: bytes, display: str, path: Path | None, found=None):
        # The configuration is read (and validated) as ``check`` reads it, though only its
        # ``exclude`` matters here: a broken file is the same error under both commands.
        self.finder.for_path(path if path is not None else Path.cwd() / "-")
        try:
            doc = document_from_bytes(data, format_for(display) or "text")
        except BinaryFile:
            self.notice(f"{display}: skipped (binary file)")
            self.summary.skipped += 1
            return None
        self.reporter.add(file_stats(doc, display))
        self.summary.files += 1
        return None
