"""``json``: one array of finding objects (see the README for the fields)."""

from __future__ import annotations

import json

from . import Reporter, Summary

FIELDS = ("path", "line", "column", "end_line", "end_column", "start", "end", "rule", "level",
          "message", "match", "replacement", "fix")


class JsonReporter(Reporter):
    name = "json"

    def start(self) -> None:
        self._items: list[dict] = []

    def file(self, path, doc, findings) -> None:
        for f in findings:
            data = f.to_dict()
            self._items.append({k: data[k] for k in FIELDS})

    def finish(self, summary: Summary) -> None:
        json.dump(self._items, self.stream, ensure_ascii=False, indent=2)
        self.stream.write("\n")
