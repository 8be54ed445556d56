"""Entry script of the PyInstaller bundle: the same as the ``deskstretch`` command."""

import sys

from deskstretch.app.main import main

if __name__ == "__main__":
    sys.exit(main())
