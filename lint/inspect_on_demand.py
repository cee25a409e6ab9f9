"""The standard library's ``inspect`` module for click, imported only when something needs it.

click imports ``inspect`` (which imports ast, dis, tokenize and linecache) when it is imported,
4 to 5 ms of a 60 ms one-article pre-commit run, yet all it calls while copydesk starts is
``inspect.cleandoc`` on each option's help text, which returns a one-line text without tabs or
leading white space as it is. Before click is imported, :func:`install` registers a stand-in
module under the name ``inspect``:

- its ``cleandoc`` returns such a text as it is and hands any other to the real function;
- any other attribute imports the real module, copies the real module's namespace into the
  stand-in (so that later look-ups are plain reads) and gives ``sys.modules`` the real module
  back, for whoever imports ``inspect`` next.

So a program sees the real module's behaviour in every case; it is only imported later, or not
at all. When ``inspect`` is already imported (a test run, a tool embedding copydesk), nothing
is installed.
"""

from __future__ import annotations

import sys
import types
from typing import Any


class _OnDemand(types.ModuleType):
    """``inspect`` until it is needed (attributes it lacks are the real module's)."""

    def __getattr__(self, name: str) -> Any:
        return getattr(_real(self), name)

    def __dir__(self) -> list[str]:
        return dir(_real(self))


def _real(stand_in: types.ModuleType) -> types.ModuleType:
    if sys.modules.get("inspect") is stand_in:
        del sys.modules["inspect"]
    real = __import__("inspect")
    stand_in.__dict__.update(real.__dict__)
    return real


def install() -> None:
    if "inspect" not in sys.modules:
        sys.modules["inspect"] = stand_in()


def stand_in() -> types.ModuleType:
    """A stand-in for ``inspect``, not registered."""
    module = _OnDemand("inspect", __doc__)

    def cleandoc(doc: str) -> str:
        if isinstance(doc, str) and "\n" not in doc and "\t" not in doc and not doc[:1].isspace():
            return doc  # what inspect.cleandoc returns for it
        return _real(module).cleandoc(doc)

    module.cleandoc = cleandoc  # type: ignore[attr-defined]
    return module
