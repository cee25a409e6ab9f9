"""Replacing a file all at once: a reader sees the old content or the new, never half.

The new bytes go to a temporary file in the same folder (so the rename stays on one file
system), are flushed to disk (not for caches, which check what they read: a crash may leave
them damaged), get the old file's mode (or what ``open`` would give a new file: temporary files
are 0600) and are renamed over the target. A symbolic link is followed, so the file it points
to is replaced and the link stays. Only regular files are replaced: renaming over a device or a
FIFO (``/dev/null``) would put a regular file in its place.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Sequence
from pathlib import Path


def new_file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _temporary(folder: Path, name: str) -> tuple[int, str]:
    """``tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)`` without importing
    tempfile (2.5 ms, most of what saving a cache costs): a new file with a random name, created
    exclusively and never through a link, readable by its owner only."""
    flags = (os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
             | getattr(os, "O_BINARY", 0))
    for _ in range(100):
        tmp = os.path.join(folder, f".{name}.{os.urandom(6).hex()}.tmp")
        try:
            return os.open(tmp, flags, 0o600), tmp
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no unused temporary file name", str(folder))


def replace_file(path: Path | str, data: bytes | Sequence[bytes | memoryview], durable: bool = True) -> None:
    """Write ``data`` (bytes, or a list of bytes-like pieces) to ``path`` atomically (OSError
    when it cannot be done; nothing changed). ``durable=False``: the bytes are not forced to
    disk before the rename."""
    target = Path(os.path.realpath(path))
    try:
        st = target.stat()
    except FileNotFoundError:
        st = None
    if st is not None and not stat.S_ISREG(st.st_mode):
        raise OSError(f"{path}: not a regular file")
    mode = stat.S_IMODE(st.st_mode) if st is not None else new_file_mode()
    fd, tmp = _temporary(target.parent, target.name)
    try:
        with os.fdopen(fd, "wb") as fh:
            for piece in [data] if isinstance(data, bytes) else data:
                fh.write(piece)
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        if st is not None:
            try:
                os.chown(tmp, st.st_uid, st.st_gid)
            except OSError:
                pass  # only root may give a file away; the mode bits are what matter
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
