"""What closing up words cut by markup (lint/joins.py) must keep, for the loaders' tests."""

from __future__ import annotations


def check_closed_up(doc) -> None:
    """``masked`` is ``aligned`` with characters moved left inside words only: the same length,
    line breaks where they were, the same characters in the same order once white space is
    dropped, and every character mapped back to where ``aligned`` (so the source) holds it."""
    source, masked, aligned = doc.source, doc.masked, doc.aligned
    assert len(masked) == len(aligned) == len(source)
    assert [i for i, c in enumerate(masked) if c in "\r\n"] == [i for i, c in enumerate(aligned) if c in "\r\n"]
    assert "".join(masked.split()) == "".join(aligned.split())
    previous = -1
    for i, c in enumerate(masked):
        if c.isspace():
            continue
        start, end = doc.source_span(i, i + 1)
        assert previous < start < end <= len(source), (i, c)
        assert aligned[start] == c, (i, c, start)
        previous = start
    if doc.joins is None:
        assert masked == aligned
