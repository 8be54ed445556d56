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
from tests.helpers.wait import wait_until

ROOT = Path(__file__).resolve().parents[2]

# The child saves two versions in turn, as fast as it can, until it is killed; after each finished
# save it says which one it wrote.
CHILD = """
import sys
from pathlib import Path
from deskstretch.settings import schema
from deskstretch.settings.model import Preferences
from deskstretch.settings.store import SettingsStore
from tests.helpers.settings_doubles import all_changed
store = SettingsStore(Path(sys.argv[1]))
small = schema.with_value(Preferences(), "breaks.interval_minutes", 45)
big = all_changed()
print("saving", flush=True)
n = 0
while True:
    assert store.save(big if n % 2 else small).ok
    print("saved", "big" if n % 2 else "small", flush=True)
    n += 1
"""


class ChildOutput:
    """What the child has printed so far, read without blocking (the child may hang)."""

    def __init__(self, child: subprocess.Popen[bytes]) -> None:
        assert child.stdout is not None
        self._fd = child.stdout.fileno()
        os.set_blocking(self._fd, False)
        self.text = b""

    def read(self) -> bytes:
        while True:
            try:
                chunk = os.read(self._fd, 65536)
            except BlockingIOError:
                return self.text
            if not chunk:
                return self.text
            self.text += chunk


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
        output = ChildOutput(child)
        try:
            # Handshake, not a guess at how fast the disk is: the child has finished saving the
            # big version at least once, so the file is the child's from here on (big, or the
            # small one that follows it).
            wait_until(
                output.read,
                30,
                what="the child to finish a save of the big version",
                until=lambda text: b"saved big\n" in text,
                interval=0.01,
            )
            # Real time on purpose: the point is to land the kill at an arbitrary moment of a save.
            time.sleep(rng.uniform(0.0, 0.05))
        finally:
            child.send_signal(signal.SIGKILL)
        assert child.wait(timeout=10) == -signal.SIGKILL
        assert output.read().startswith(b"saving\n")
        assert child.stdout is not None
        child.stdout.close()
        tomllib.loads(path.read_text())  # always parses
        result = store.load()
        assert result.problems == ()
        assert result.prefs in (small, big)
        seen_big += result.prefs == big
    # The child's big save really landed, not only the parent's small one. Each kill leaves big
    # unless the next small save also completed in the random delay; even on a machine fast
    # enough to make that a coin toss, the odds of never seeing big in 12 kills are 1 in 4096.
    assert seen_big > 0
