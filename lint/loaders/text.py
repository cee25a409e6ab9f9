"""Plain-text articles.

Paragraphs are separated by blank lines. Many scraped and CMS-exported articles instead put
each paragraph on one long line with no blank line between them; a chunk whose lines are
longer than any hard-wrapped prose (see ``_WRAPPED_MAX``) is split one paragraph per line.
The first line of the article is its headline when it reads like one (short, no final
punctuation) and is kept as a ``title`` block.
"""

from __future__ import annotations


from ..regexes import compiled
from ..directives import parse_directive
from ..document import Block, Directive, Document, Masker

# Hard-wrapped prose rarely exceeds 100 characters a line; single-line paragraphs nearly always do.
_WRAPPED_MAX = 100
_TITLE_MAX_WORDS = 20
_LINE = compiled(r"[^\n]*\n?")
# A directive on a line of its own: the bare form or wrapped in an HTML comment.
_DIRECTIVE_LINE = compiled(r"^[ \t]*(?:<!--(.*?)-->|(copydesk-[^\n]*?))[ \t]*\r?$")
_TERMINAL = compiled(r"[.!?:;…][\"'”’)\]]*\s*$")


def _lines(source: str):
    """(start, end-without-newline) of every line."""
    for m in _LINE.finditer(source):
        if m.start() == len(source) and not m.group():
            break
        text = m.group()
        end = m.end() - (1 if text.endswith("\n") else 0)
        if source[m.start() : end].endswith("\r"):
            end -= 1
        yield m.start(), end


def looks_like_title(text: str) -> bool:
    words = text.split()
    return 0 < len(words) <= _TITLE_MAX_WORDS and not _TERMINAL.search(text)


def load_text(source: str) -> Document:
    masker = Masker(source)
    directives: list[Directive] = []
    chunks: list[list[tuple[int, int]]] = [[]]
    for start, end in _lines(source):
        line = source[start:end]
        m = _DIRECTIVE_LINE.match(line)
        parsed = parse_directive(m.group(1) if m.group(1) is not None else m.group(2)) if m else None
        if parsed:
            directives.append(Directive(parsed[0], parsed[1], start, end))
            masker.hide(start, end)
            chunks.append([])
        elif line.strip():
            chunks[-1].append((start, end))
        elif chunks[-1]:
            chunks.append([])

    blocks: list[Block] = []
    for chunk in chunks:
        if not chunk:
            continue
        if len(chunk) == 1 or any(e - s > _WRAPPED_MAX for s, e in chunk[:-1]):
            blocks.extend(Block(s, e) for s, e in chunk)
        else:
            blocks.append(Block(chunk[0][0], chunk[-1][1]))
    if blocks:
        first = blocks[0]
        if looks_like_title(source[first.start : first.end]) and "\n" not in source[first.start : first.end]:
            blocks[0] = Block(first.start, first.end, "title")
    return Document(source, masker.build(), blocks, directives, "text")
