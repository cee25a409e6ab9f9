"""The step counter behind the linear-growth tests tells linear from quadratic work."""

from __future__ import annotations

import pytest

from tests.scaling import assert_linear


def _words(n: int) -> str:
    return " ".join(f"w{i}" for i in range(n))


def _same(a: str, b: str) -> bool:
    return a == b


def test_linear_work_passes():
    assert_linear(lambda text: [_same(w, "w1") for w in text.split()], _words, 200)


def test_quadratic_work_fails():
    def every_pair(text: str) -> int:
        words = text.split()
        return sum(_same(a, b) for a in words for b in words)

    with pytest.raises(AssertionError, match="not linear"):
        assert_linear(every_pair, _words, 200)
