"""Replacing a file all at once: a reader sees the old content or the new, never half.

The new bytes go to a temporary file in the same folder (so the rename stays on one file
system), are flushed to disk, get the old file's mode (or what ``open`` would give a new file:
``mkstemp`` makes 0600 files) and are renamed over the target. A symbolic link is followed, so
the file it points to is replaced and the link stays. Only regular files are replaced: renaming
over a device or a FIFO (``/dev/null``) would put a regular file in its place.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


def new_file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def replace_file(path: Path | str, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (OSError when it cannot be done; nothing changed)."""
    target = Path(os.path.realpath(path))
    try:
        st = target.stat()
    except FileNotFoundError:
        st = None
    if st is not None and not stat.S_ISREG(st.st_mode):
        raise OSError(f"{path}: not a regular file")
    mode = stat.S_IMODE(st.st_mode) if st is not None else new_file_mode()
    import tempfile  # noqa: PLC0415 - 2.5 ms that read-only runs never need

    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
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
