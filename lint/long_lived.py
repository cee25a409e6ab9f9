"""Objects that live as long as the process, made without the garbage collector walking them.

Building the rules (or loading them from the store of built rules) makes some ten thousand
objects, and imports the kinds' modules, at the start of every run. Collections triggered
meanwhile walk them all in vain: none is garbage. :func:`long_lived` pauses the collector while
they are made, then moves every object alive to the permanent generation (``gc.freeze``), where
later collections do not walk them either; ``lint/cli.py`` does the same around its imports.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def long_lived() -> Iterator[None]:
    if not gc.isenabled():  # nested, or the collector was turned off: leave it as it is
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()
