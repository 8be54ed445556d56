"""Workarounds for PySide6 and allocator behaviour that cost a tray app start-up time and memory."""

from __future__ import annotations

import sys
from types import ModuleType


def lighten_pyside_import_hook() -> bool:
    """Make PySide6's per-import check read the file instead of ``inspect.getsource``.

    WORKAROUND: PYSIDE-2029. After PySide6 is imported, its import hook
    (``shibokensupport.feature.feature_imported``) asks of every further module whether it
    mentions "PySide6", via ``inspect.getsource``: that tokenises each file and keeps its
    text in ``linecache`` for the life of the process (about 8 MB and 20 ms for this app).
    Reading the bytes answers the same question. Returns whether the hook was replaced (it
    is left alone if a PySide6 release renames it).
    """
    feature = sys.modules.get("shibokensupport.feature")
    original = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or original is None or getattr(original, "_deskstretch", False):
        return False

    def uses_pyside(module: ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if isinstance(path, str) and path.endswith(".py"):
            try:
                with open(path, "rb") as handle:
                    return b"PySide6" in handle.read()
            except OSError:
                pass
        return bool(original(module))

    uses_pyside._deskstretch = True  # type: ignore[attr-defined]
    feature._mod_uses_pyside = uses_pyside  # type: ignore[attr-defined]
    return True


def release_memory() -> None:
    """Drop caches that set-up or a break filled, and give freed heap back to the OS.

    Qt's pixmap cache holds what was drawn (icon sizes, the stretch window's pixmaps) and, while
    it holds anything, trims it on a timer every 10 to 30 s until nothing is left to trim: for
    an app that has just gone back to the tray, a handful of wake-ups for a minute or two and
    memory nobody uses. Emptying it now stops that timer; what is drawn next is cached again.

    WORKAROUND: PySide6's import hook (see :func:`lighten_pyside_import_hook`) fills
    ``linecache`` where the hook could not be replaced; tracebacks read files again when they
    need them. glibc keeps freed heap pages mapped; ``malloc_trim`` returns whole free pages
    (a no-op elsewhere).
    """
    import gc
    import linecache

    from PySide6.QtGui import QPixmapCache

    QPixmapCache.clear()
    linecache.clearcache()
    gc.collect()
    if sys.platform.startswith("linux"):
        import contextlib
        import ctypes

        with contextlib.suppress(OSError, AttributeError):  # not glibc (musl, ...)
            ctypes.CDLL("libc.so.6").malloc_trim(0)
