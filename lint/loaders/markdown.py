"""Markdown articles (CommonMark + GFM tables).

Everything is blanked except the prose segments found here: markdown-it's block tokens give
the lines of each paragraph, heading, list item, quote and table cell; on each line the
segment is located from the inline token's content (an exact suffix of the line, so container
prefixes such as ``>`` and list markers fall outside it). The inline markup inside those
segments is blanked by :mod:`lint.loaders.inline`. Front matter is blanked except the values
of a few prose keys (title, description...), which become ``metadata`` blocks.

markdown-it only runs its block pass: its inline pass is most of its run time and we never
use its inline tokens.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt

from ..regexes import compiled
from ..directives import parse_directive
from ..document import Block, Directive, Document, LineIndex, Masker, trim
from .inline import scan_inline

_MD = MarkdownIt("commonmark").enable("table")
_MD.core.ruler.disable(["inline", "text_join"], ignoreInvalid=True)

_PROSE_KEYS = ("title", "description", "summary", "subtitle")
_YAML_KEY = compiled(r"(title|description|summary|subtitle)[ \t]*:(?:[ \t]+|$)")
_TOML_KEY = compiled(r"[ \t]*(title|description|summary|subtitle)[ \t]*=[ \t]*")
# Escapes inside double-quoted YAML and basic TOML strings.
_ESCAPE = compiled(r"\\(?:u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|x[0-9a-fA-F]{2}|.)", re.S)
_COMMENT = compiled(r"[ \t]#")

Segment = tuple[int, int]


class _Lines:
    """The source split on ``\\n`` only (as markdown-it does), with offsets.

    ``norm[i]`` is line ``i`` as markdown-it sees it and has the same length as the source
    line without its ``\\r\\n``: a lone ``\\r`` (a line break for markdown-it, not for our line
    index) becomes a space and NUL becomes U+FFFD, so columns agree.
    """

    def __init__(self, source: str) -> None:
        text = source.replace("\r\n", "\n").replace("\r", " ").replace("\0", "\ufffd")
        self.norm = text.split("\n")
        self.starts = LineIndex(source).starts

    def segment(self, line: int, col: int, end_col: int) -> Segment:
        return self.starts[line] + col, self.starts[line] + end_col

    def end(self, line: int) -> int:
        line = min(line, len(self.norm) - 1)
        return self.starts[line] + len(self.norm[line])


def load_markdown(source: str) -> Document:
    lines = _Lines(source)
    masker = Masker(source)
    directives: list[Directive] = []
    blocks: list[tuple[str, list[Segment]]] = []
    prose: list[Segment] = []  # every span left visible; all the rest is blanked
    styles: list[tuple[int, int, str]] = []  # emphasis and code spans, for views of the text

    body_line = 0
    front = _front_matter(lines)
    if front:
        kind, body_line = front
        for start, end in _front_matter_values(source, lines, kind, body_line, masker):
            blocks.append(("metadata", [(start, end)]))
            prose.append((start, end))

    # Front matter lines are passed as empty lines so markdown-it's line numbers stay ours.
    # The final newline sidesteps markdown-it-py's IndexErrors on input ending inside a
    # container (e.g. "> - <!--\n>"); any other crash of it falls back to plain paragraphs.
    env: dict = {}
    try:
        tokens = _MD.parse("\n" * body_line + "\n".join(lines.norm[body_line:]) + "\n", env)
    except Exception:
        tokens = []
        blocks.extend(_plain_paragraphs(lines, body_line))
    references = env.get("references", {})

    blocks.extend(_token_blocks(tokens, lines, source, directives))

    for kind, segs in blocks:
        if kind != "metadata":
            prose.extend(segs)
            _mask_inline(source, segs, references, masker, directives, styles)

    # Blank everything that is not a prose segment: markers, code, HTML blocks, front matter.
    pos = 0
    for start, end in sorted(prose):
        masker.hide(pos, start)
        pos = max(pos, end)
    masker.hide(pos, len(source))

    masked = masker.build()
    out: list[Block] = []
    for kind, segs in blocks:
        if segs:
            start, end = trim(masked, segs[0][0], segs[-1][1])
            if end > start:
                out.append(Block(start, end, kind))
    directives.sort(key=lambda d: d.start)
    styles.sort()
    return Document(source, masked, out, directives, "markdown", styles=styles, joins=masker.joins)


def _token_blocks(tokens: list, lines: _Lines, source: str, directives: list[Directive]):
    """(kind, segments) of every prose block, in document order; directives of HTML blocks."""
    found: list[tuple[str, list[Segment]]] = []
    containers: list[str] = []
    row_cursor = (-1, 0)  # (line, column) where the next table cell is searched for
    for i, tok in enumerate(tokens):
        kind = tok.type
        if kind == "blockquote_open":
            containers.append("quote")
        elif kind == "list_item_open":
            containers.append("list-item")
        elif kind in ("blockquote_close", "list_item_close") and containers:
            containers.pop()
        elif kind == "html_block" and tok.map:
            start, end = lines.starts[tok.map[0]], lines.end(tok.map[1] - 1)
            directives.extend(_comment_directives(source, start, end))
        elif kind == "inline" and tok.map and i:
            parent = tokens[i - 1]
            if parent.type == "paragraph_open":
                segs = _suffix_segments(lines, *tok.map, tok.content)
                found.append((containers[-1] if containers else "paragraph", segs))
            elif parent.type == "heading_open":
                if parent.markup.startswith("#"):
                    segs = _atx_segment(lines, tok.map[0], tok.content)
                else:  # setext: the content lines, never the underline
                    segs = _suffix_segments(lines, *tok.map, tok.content)
                found.append(("heading", segs))
            elif parent.type in ("th_open", "td_open"):
                line = tok.map[0]
                col = row_cursor[1] if row_cursor[0] == line else 0
                seg = _cell_segment(lines, line, col, tok.content)
                if seg:
                    row_cursor = (line, seg[1] - lines.starts[line])
                    found.append(("table-cell", [seg]))
    return found


# --- locating prose on the lines ----------------------------------------------------------


def _suffix_segments(lines: _Lines, first: int, last: int, content: str) -> list[Segment]:
    """Segments of a paragraph-like token spanning lines ``first`` to ``last`` (exclusive).

    Each content line is a suffix of its source line (markdown-it cuts only the container
    prefix and indentation), so it ends where the stripped source line ends. Python's strip()
    of the content may drop whole leading lines that markdown-it did not think blank (a lone
    U+2028 or form feed), so the first content line is looked for among the first lines.
    """
    parts = [part.strip() for part in content.split("\n")]
    if not parts[0]:
        return []
    for skip in range(max(min(last, len(lines.norm)) - first - len(parts), 0) + 1):
        if lines.norm[first + skip].rstrip().endswith(parts[0]):
            first += skip
            break
    segs = []
    for line, part in zip(range(first, min(last, len(lines.norm))), parts):
        if not part:
            continue
        text = lines.norm[line]
        end = len(text.rstrip())
        start = end - len(part)
        if start < 0 or text[start:end] != part:  # not expected; keep the whole line then
            start = len(text) - len(text.lstrip())
        segs.append(lines.segment(line, start, end))
    return segs


def _plain_paragraphs(lines: _Lines, first: int) -> list[tuple[str, list[Segment]]]:
    """Blank-line separated paragraphs, for input markdown-it cannot parse."""
    found: list[tuple[str, list[Segment]]] = []
    segs: list[Segment] = []
    for n in range(first, len(lines.norm)):
        text = lines.norm[n]
        if text.strip():
            segs.append(lines.segment(n, len(text) - len(text.lstrip()), len(text.rstrip())))
        elif segs:
            found.append(("paragraph", segs))
            segs = []
    if segs:
        found.append(("paragraph", segs))
    return found


def _atx_segment(lines: _Lines, line: int, content: str) -> list[Segment]:
    """``## Title ##``: the content starts at its first occurrence after the opening marker
    (a container prefix holds no ``#``), which skips the closing sequence too."""
    text = lines.norm[line]
    marker = text.find("#")
    while marker != -1 and marker < len(text) and text[marker] == "#":
        marker += 1
    start = text.find(content, max(marker, 0)) if content else -1
    return [lines.segment(line, start, start + len(content))] if start != -1 else []


def _cell_segment(lines: _Lines, line: int, col: int, content: str) -> Segment | None:
    """A table cell, searched left to right along its row.

    markdown-it unescapes ``\\|`` in cell content, so a ``|`` in content was ``\\|`` in the
    source; searching for that form also keeps a cell from matching a delimiter pipe.
    """
    if not content:
        return None
    text = lines.norm[line]
    for needle in (content.replace("|", "\\|"), content):
        start = text.find(needle, col)
        if start != -1:
            return lines.segment(line, start, start + len(needle))
    return None


def _mask_inline(
    source: str,
    segs: list[Segment],
    references: dict,
    masker: Masker,
    directives: list[Directive],
    styles: list[tuple[int, int, str]],
) -> None:
    """Scan a block's segments as one text, so code spans, links and comments may cross lines.

    The text is the source from the first segment to the last with each gap between segments
    (line break, container prefix) written as one newline plus spaces: the same length, so an
    offset in it is an offset in the source after adding ``base``.
    """
    if not segs:
        return
    base = segs[0][0]
    if len(segs) == 1:
        view = source[base : segs[0][1]]
    else:
        parts = []
        pos = base
        for start, end in segs:
            if start > pos:
                parts.append("\n" + " " * (start - pos - 1))
            parts.append(source[start:end])
            pos = end
        view = "".join(parts)
    scan = scan_inline(view, references)
    joins = set(scan.joins) if scan.joins else ()
    for start, end, text in scan.edits:
        if text is None:
            masker.hide(base + start, base + end, join=(start, end) in joins)
        else:
            masker.replace(base + start, base + end, text)
    styles.extend((base + start, base + end, tag) for start, end, tag in scan.styles)
    for start, end, body in scan.comments:
        parsed = parse_directive(body)
        if parsed:
            directives.append(Directive(parsed[0], parsed[1], base + start, base + end))


def _comment_directives(source: str, start: int, end: int) -> list[Directive]:
    """Directives among the HTML comments of an HTML block (str.find: no regex backtracking)."""
    found = []
    pos = source.find("<!--", start, end)
    while pos != -1:
        close = source.find("-->", pos + 4, end)
        if close == -1:
            break
        parsed = parse_directive(source[pos + 4 : close])
        if parsed:
            found.append(Directive(parsed[0], parsed[1], pos, close + 3))
        pos = source.find("<!--", close + 3, end)
    return found


# --- front matter -------------------------------------------------------------------------


def _front_matter(lines: _Lines) -> tuple[str, int] | None:
    """("yaml" | "toml", first body line) when the file opens with closed front matter.

    An unclosed ``---`` is a thematic break, not front matter: blanking it would hide the
    whole article.
    """
    opener = lines.norm[0].rstrip()
    closers = {"---": ("---", "..."), "+++": ("+++",)}.get(opener)
    if not closers:
        return None
    for n in range(1, len(lines.norm)):
        if lines.norm[n].rstrip() in closers:
            return ("yaml" if opener == "---" else "toml"), n + 1
    return None


def _front_matter_values(
    source: str, lines: _Lines, kind: str, body_line: int, masker: Masker
) -> list[Segment]:
    """Spans of the prose values; malformed front matter has none (it is all blanked)."""
    text = source[lines.starts[1] : lines.starts[body_line - 1]]
    try:
        if kind == "yaml":
            import yaml  # noqa: PLC0415 - only articles with YAML front matter pay for it

            data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506
        else:
            from ..toml import tomllib  # noqa: PLC0415 - TOML front matter only

            data = tomllib.loads(text)
    except Exception:  # any parse error: not our business to report, just blank it
        return []
    if not isinstance(data, dict):
        return []
    wanted = {k for k in _PROSE_KEYS if isinstance(data.get(k), str) and data[k].strip()}
    spans = []
    find_value = _yaml_value if kind == "yaml" else _toml_value
    for n in range(1, body_line - 1):
        if kind == "toml" and lines.norm[n].lstrip().startswith("["):
            break  # a [table]: later keys are not top-level
        pattern = _YAML_KEY if kind == "yaml" else _TOML_KEY
        m = pattern.match(lines.norm[n])
        if m and m.group(1) in wanted:
            span = find_value(source, lines, n, m.end(), body_line - 1, masker)
            if span and span[1] > span[0]:
                spans.append(span)
    return spans


def _quoted(source: str, start: int, limit: int, quote: str, masker: Masker) -> Segment | None:
    """The inside of a quoted string opening at ``start``; its escapes are decoded in place."""
    pos = start + 1
    while pos < limit:
        ch = source[pos]
        if ch == quote:
            if quote == "'" and source.startswith("''", pos):  # YAML's escaped apostrophe
                masker.hide(pos, pos + 1)
                pos += 2
                continue
            return start + 1, pos
        if ch == "\\" and quote == '"':
            m = _ESCAPE.match(source, pos, limit)
            if m:
                _unescape(m.start(), m.group(), masker)
                pos = m.end()
                continue
        pos += 1
    return None


def _unescape(pos: int, escape: str, masker: Masker) -> None:
    """Decode one backslash escape of a YAML/TOML string in place (never growing)."""
    code = escape[1]
    if code in "\r\n":  # an escaped line break: drop the backslash, keep the break
        masker.hide(pos, pos + 1)
        return
    if code in "uUx":
        try:
            char = chr(int(escape[2:], 16))
        except ValueError:
            char = " "
    elif code in "0abtnvfreN_LP":  # \n \t \0 \_ (NBSP)...: whitespace or control in prose
        char = " "
    else:  # \" \\ \/: the character itself, already in place after the backslash
        masker.hide(pos, pos + 1)
        return
    if not char.isprintable() or 0xD800 <= ord(char) < 0xE000:
        char = " "
    masker.replace(pos, pos + len(escape), char)


def _yaml_value(
    source: str, lines: _Lines, n: int, col: int, last: int, masker: Masker
) -> Segment | None:
    text = lines.norm[n]
    start = lines.starts[n] + col
    limit = lines.starts[last]
    rest = text[col:]
    if rest[:1] in ('"', "'"):
        return _quoted(source, start, limit, rest[0], masker)
    # Continuation lines are the indented (or blank) ones that follow.
    end_line = n + 1
    while end_line < last and (
        not lines.norm[end_line].strip() or lines.norm[end_line][:1] in " \t"
    ):
        end_line += 1
    if rest[:1] in "|>":  # block scalar: the value is the indented lines
        cont = [k for k in range(n + 1, end_line) if lines.norm[k].strip()]
        if not cont:
            return None
        first = lines.norm[cont[0]]
        return (
            lines.starts[cont[0]] + len(first) - len(first.lstrip()),
            lines.starts[cont[-1]] + len(lines.norm[cont[-1]].rstrip()),
        )
    comment = _COMMENT.search(rest)
    end = lines.starts[n] + col + len(rest[: comment.start() if comment else None].rstrip())
    for k in range(n + 1, end_line):  # a plain scalar folded over several lines
        if lines.norm[k].strip():
            end = lines.starts[k] + len(lines.norm[k].rstrip())
    if not rest.strip():
        start = next(
            (lines.starts[k] + len(lines.norm[k]) - len(lines.norm[k].lstrip())
             for k in range(n + 1, end_line) if lines.norm[k].strip()),
            end,
        )
    return start, end


def _toml_value(
    source: str, lines: _Lines, n: int, col: int, last: int, masker: Masker
) -> Segment | None:
    start = lines.starts[n] + col
    limit = lines.starts[last]
    for delim in ('"""', "'''"):
        if source.startswith(delim, start):
            close = source.find(delim, start + 3, limit)
            if close == -1:
                return None
            if delim == '"""':
                for m in _ESCAPE.finditer(source, start + 3, close):
                    _unescape(m.start(), m.group(), masker)
            return start + 3, close
    rest = lines.norm[n][col:]
    if rest[:1] in ('"', "'"):
        return _quoted(source, start, lines.end(n), rest[0], masker)
    return None
