"""Atomic writes, the one implementation every output of kg goes through.

A file is written to a temporary file in the same folder (so the rename is atomic), flushed to
disk, given the permissions the umask asks for, and renamed over the target: an interrupted or
failed write leaves the previous file as it was.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def stage(path: Path, data: str | bytes) -> Path:
    """Write text (UTF-8, ``\\n`` line ends) or bytes to a temporary file beside path; returns it.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> staged = stage(folder / "a.txt", "é")
    >>> staged.parent == folder and staged.name.startswith(".a.txt.") and staged.read_bytes() == "é".encode()
    True
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; published files follow the umask
    try:
        if isinstance(data, bytes):
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        else:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def atomic_write(path: Path, data: str | bytes) -> None:
    """Write text or bytes to path through a temporary file and an atomic rename."""
    tmp = stage(Path(path), data)
    try:
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
