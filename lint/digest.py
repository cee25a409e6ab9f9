"""BLAKE2b without OpenSSL.

``import hashlib`` loads OpenSSL's bindings, about 2 ms of a run that needs only BLAKE2b (the
result cache's content hashes, the keys of built patterns). CPython builds BLAKE2 in: its
``_blake2.blake2b`` is the very class ``hashlib.blake2b`` hands out. Other interpreters get
hashlib's.
"""

from __future__ import annotations

try:
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - not CPython
    from hashlib import blake2b

__all__ = ["blake2b"]
