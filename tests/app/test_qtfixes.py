"""The PySide6 import-hook workaround keeps module sources out of memory and answers the same;
release_memory empties what a window or the set-up left in Qt's caches."""

import linecache
import sys
import types
from pathlib import Path
from typing import Any

import PySide6.QtCore  # noqa: F401  (installs the hook being replaced)

from deskstretch.app.qtfixes import lighten_pyside_import_hook, release_memory


def test_the_hook_is_replaced_and_gives_the_same_answers(tmp_path: Path) -> None:
    # PySide6's own (untyped) import-hook module; the test swaps its private function back
    feature: Any = sys.modules["shibokensupport.feature"]
    original = feature._mod_uses_pyside
    try:
        assert lighten_pyside_import_hook() is True
        assert lighten_pyside_import_hook() is False  # once is enough
        with_qt = tmp_path / "with_qt.py"
        with_qt.write_text("from PySide6 import QtCore\n")
        without = tmp_path / "without.py"
        without.write_text("import os\n")
        for path, expected in ((with_qt, True), (without, False)):
            module = types.ModuleType(path.stem)
            module.__file__ = str(path)
            linecache.clearcache()
            assert feature._mod_uses_pyside(module) is expected
            assert original(module) is expected
        linecache.clearcache()
        module = types.ModuleType("without")
        module.__file__ = str(without)
        feature._mod_uses_pyside(module)
        assert str(without) not in linecache.cache
    finally:
        feature._mod_uses_pyside = original


def test_release_memory_empties_the_pixmap_cache(qapp: Any) -> None:
    # While the cache holds pixmaps, Qt trims it on a timer that wakes the idle app.
    from PySide6.QtGui import QPixmap, QPixmapCache

    pixmap = QPixmap(32, 32)
    pixmap.fill()
    assert QPixmapCache.insert("deskstretch-test", pixmap)
    assert QPixmapCache.find("deskstretch-test", QPixmap()) is True
    release_memory()
    assert QPixmapCache.find("deskstretch-test", QPixmap()) is False
