"""``python -m deskstretch``: the same as the ``deskstretch`` command."""

import sys

from deskstretch.app.main import main

sys.exit(main())
