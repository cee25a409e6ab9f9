"""Loaders turn decoded source text into a :class:`~lint.document.Document`.

Each format's loader is imported only when a file of that format is linted.
"""

from __future__ import annotations

from importlib import import_module

from ..document import Document

# format -> (module, function)
LOADERS = {
    "text": ("lint.loaders.text", "load_text"),
    "markdown": ("lint.loaders.markdown", "load_markdown"),
    "html": ("lint.loaders.html", "load_html"),
}

EXTENSIONS = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
}


def format_for(path: str) -> str | None:
    """The format a file name implies, or None when copydesk does not lint it."""
    dot = path.rfind(".")
    return EXTENSIONS.get(path[dot:].lower()) if dot != -1 else None


def load(source: str, fmt: str) -> Document:
    module, name = LOADERS[fmt]
    return getattr(import_module(module), name)(source)
