"""Which files copydesk lints, and in which format, from their names alone.

Kept apart from :mod:`lint.loaders`, whose import brings in the document model: finding files
and looking them up in the result cache (a warm run) need only the extensions.
"""

from __future__ import annotations

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
