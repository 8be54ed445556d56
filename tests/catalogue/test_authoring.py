"""The catalogue's authoring script reproduces the shipped catalogue exactly."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_authoring_script_reproduces_the_shipped_catalogue(tmp_path: Path) -> None:
    out = tmp_path / "catalogue.json"
    subprocess.run(
        [sys.executable, str(ROOT / "tools" / "catalogue" / "gen.py"), str(out)],
        check=True,
        capture_output=True,
        cwd=tmp_path,
    )
    shipped = json.loads((ROOT / "deskstretch" / "data" / "catalogue.json").read_text())
    assert json.loads(out.read_text()) == shipped, "edit tools/catalogue/, then run it"
