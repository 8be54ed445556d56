"""The Qt side of the language: Qt's own strings (standard buttons, context menus) and the
locale that formats times, dates and numbers. DeskStretch's strings are in
:mod:`deskstretch.i18n`."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from deskstretch import i18n

_qt_translator: QTranslator | None = None


def apply(app: QCoreApplication, setting: str | None) -> str:
    """Make ``setting`` ("system", "" or a language code) the language of DeskStretch and
    of Qt's own strings, and set the locale that formats times and dates. Returns the code in
    use (English when the language is not shipped)."""
    global _qt_translator
    code = i18n.install(None if setting in (None, "", "system") else setting)
    if code == i18n.PSEUDO:
        QLocale.setDefault(QLocale("en_US"))
    elif setting in (None, "", "system") and code != "en":
        # The system's own locale formats times (it may be de_AT, or en_GB with German text).
        QLocale.setDefault(QLocale.system())
    else:
        QLocale.setDefault(QLocale(code))
    if _qt_translator is not None:
        app.removeTranslator(_qt_translator)
        _qt_translator = None
    if code not in ("en", i18n.PSEUDO):
        translator = QTranslator(app)
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if translator.load(f"qtbase_{code}", folder):
            app.installTranslator(translator)
            _qt_translator = translator
    return code
