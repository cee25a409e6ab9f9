"""LanguageTool's answers remembered by content hash, so an unchanged text is not sent again.

One small JSON file per request in ``<cache dir>/languagetool/answers/`` (``lint/cache_dir.py``'s
folder, or ``--cache-dir``), named by the SHA-256 of the server, the language and the exact
annotated data sent. Files are replaced atomically, so forked workers and concurrent runs never
read half an answer; an unreadable or foreign file is a miss. ``--no-cache`` turns it off.
Only good answers are stored: a timeout or an error is tried again next time.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ..atomic import replace_file

_FORMAT = 1


def answer_key(server: str, language: str, data: str) -> str:
    blob = json.dumps([_FORMAT, server, language, data], ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


class AnswerCache:
    def __init__(self, folder: Path | None) -> None:
        self.folder = folder / "answers" if folder is not None else None

    def _path(self, key: str) -> Path:
        assert self.folder is not None
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str) -> list | None:
        if self.folder is None:
            return None
        try:
            value = json.loads(self._path(key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if isinstance(value, dict) and value.get("format") == _FORMAT and isinstance(value.get("matches"), list):
            return value["matches"]
        return None

    def put(self, key: str, matches: list) -> None:
        if self.folder is None:
            return
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            replace_file(path, json.dumps({"format": _FORMAT, "matches": matches}, ensure_ascii=False).encode("utf-8"))
        except OSError:
            pass  # a read-only cache only costs time
