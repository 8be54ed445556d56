"""A one-line editor for end-to-end tests: the window the user is typing in.

Run as ``python -m tests.helpers.typing_target OUT_FILE`` on the test desktop. The editor's
text is written to OUT_FILE after every change, so a test can check that no typed key went
anywhere else (for example into a panel that appeared meanwhile).
"""

from __future__ import annotations

import sys
from pathlib import Path

TITLE = "e2e typing target"


def main(out: Path) -> int:
    from PySide6.QtWidgets import QApplication, QLineEdit

    app = QApplication([sys.argv[0]])
    editor = QLineEdit()
    editor.setWindowTitle(TITLE)
    editor.resize(400, 40)
    editor.textChanged.connect(lambda text: out.write_text(text, encoding="utf-8"))
    out.write_text("", encoding="utf-8")
    editor.show()
    editor.activateWindow()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
