"""kill -9 in the middle of saving: the file always parses and is the old or the new version."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest

from deskstretch.settings import schema
from deskstretch.settings.model import Preferences
from deskstretch.settings.store import SettingsStore
from tests.helpers.settings_doubles import all_changed

ROOT = Path(__file__).resolve().parents[2]

# The child saves two versions in turn, as fast as it can, until it is killed.
CHILD = """
import sys
from pathlib import Path
from deskstretch.settings import schema
from deskstretch.settings.model import Preferences
from deskstretch.settings.store import SettingsStore
from tests.helpers.settings_doubles import all_changed
from deskstretch.settings.model import DEFAULT_ORDER

schema.known_stretch_ids = lambda: DEFAULT_ORDER  # as pinned in the parent (conftest.py)
store = SettingsStore(Path(sys.argv[1]))
small = schema.with_value(Preferences(), "breaks.interval_minutes", 45)
big = all_changed()
print("saving", flush=True)
n = 0
while True:
    assert store.save(big if n % 2 else small).ok
    n += 1
"""


@pytest.mark.slow
def test_kill_during_saves_never_leaves_a_broken_file(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    store = SettingsStore(path)
    small = schema.with_value(Preferences(), "breaks.interval_minutes", 45)
    big = all_changed()
    assert store.save(small).ok
    rng = random.Random(5)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    seen_big = 0
    for _ in range(12):
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(path)],
            stdout=subprocess.PIPE,
            env=env,
            cwd=ROOT,
        )
        assert child.stdout is not None
        assert child.stdout.readline() == b"saving\n"
        # Real time on purpose: the point is to land the kill at an arbitrary moment of a save.
        time.sleep(rng.uniform(0.0, 0.05))
        child.send_signal(signal.SIGKILL)
        assert child.wait(timeout=10) == -signal.SIGKILL
        child.stdout.close()
        tomllib.loads(path.read_text())  # always parses
        result = store.load()
        assert result.problems == ()
        assert result.prefs in (small, big)
        seen_big += result.prefs == big
    # The child really was saving (odds of never seeing its version in 12 kills: 1 in 4096).
    assert seen_big > 0
