"""Directories short enough for Unix sockets, whatever TMPDIR or the test's name makes tmp_path.

A socket's path must fit in ``sun_path`` (108 bytes with the closing NUL on Linux), and pytest's
``tmp_path`` grows with TMPDIR, the user name and the test's name. :func:`short_dir` gives the
wanted directory when it leaves room for socket names in it, else a fresh private one under a
short temporary directory, removed again when the ``with`` block ends.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

# Longest directory path that still leaves room for a socket name of up to 27 bytes in it.
MAX_SOCKET_DIR = 80


def _short_base() -> str:
    """TMPDIR when it is short, else /tmp (on POSIX), so the fallback itself stays short."""
    base = tempfile.gettempdir()
    if len(base) > MAX_SOCKET_DIR // 2 and os.name == "posix" and os.path.isdir("/tmp"):
        return "/tmp"
    return base


@contextlib.contextmanager
def short_dir(wanted: Path, *, prefix: str = "ds-", mode: int = 0o700) -> Iterator[Path]:
    """``wanted`` (created with ``mode``) if it is short enough for sockets, else a temporary
    directory with a short path, deleted on exit. ``wanted`` itself is left to its owner."""
    if len(str(wanted)) <= MAX_SOCKET_DIR:
        wanted.mkdir(mode=mode, parents=True, exist_ok=True)
        wanted.chmod(mode)
        yield wanted
        return
    path = Path(tempfile.mkdtemp(prefix=prefix, dir=_short_base()))
    path.chmod(mode)
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)
