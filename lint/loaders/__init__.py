"""Loaders turn decoded source text into a :class:`~lint.document.Document`.

Each format's loader is imported only when a file of that format is linted.
"""

from __future__ import annotations

from importlib import import_module

from ..document import Document
from ..formats import EXTENSIONS, format_for  # noqa: F401 - re-exported: the names live in lint.formats

# format -> (module, function)
LOADERS = {
    "text": ("lint.loaders.text", "load_text"),
    "markdown": ("lint.loaders.markdown", "load_markdown"),
    "html": ("lint.loaders.html", "load_html"),
}

def load(source: str, fmt: str) -> Document:
    module, name = LOADERS[fmt]
    return getattr(import_module(module), name)(source)
