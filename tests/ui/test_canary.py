"""Guards against known-bad Qt builds and missing system pieces that fail silently."""

import sys

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QWidget


def test_void_methods_do_not_drop_none_refcount(qtbot: object) -> None:
    # PySide6 6.12.0 on CPython 3.11 drops a reference to None on every call of a method that
    # returns nothing; the process then dies with "none_dealloc" (docs/platform.md#qt). On 3.12+
    # None is immortal, so the count does not move either way.
    widget = QWidget()
    before = sys.getrefcount(None)
    for _ in range(1000):
        widget.update()
    assert sys.getrefcount(None) - before > -100


def test_a_font_is_installed(qtbot: object) -> None:
    # Without any font Qt draws every glyph as an empty box and says nothing.
    assert QFontDatabase.families(), "no font: install fonts-dejavu-core"
