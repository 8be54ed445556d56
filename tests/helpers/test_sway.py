"""The sway test desktop itself: it starts, offers a tray host and a notification server, takes
screenshots, types keys into a Qt window and stops everything it started."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.sway import (
    OUTPUT_SIZE,
    WATCHER_NAME,
    SwayDesktop,
    _running,
    start_sway,
    tree_windows,
)
from tests.helpers.wait import wait_until
from tests.packaging.pngcheck import stats

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]


def test_the_desktop_offers_a_tray_host_and_a_notification_server(
    sway_desktop: SwayDesktop,
) -> None:
    assert sway_desktop.name_has_owner(WATCHER_NAME)
    assert sway_desktop.name_has_owner("org.freedesktop.Notifications")
    outputs = sway_desktop.swaymsg("-t", "get_outputs")
    assert [(o["current_mode"]["width"], o["current_mode"]["height"]) for o in outputs] == [
        OUTPUT_SIZE
    ]
    env = sway_desktop.env()
    assert "DISPLAY" not in env
    assert env["QT_QPA_PLATFORM"] == "wayland"


def test_a_notice_reaches_mako(sway_desktop: SwayDesktop) -> None:
    sway_desktop.run("notify-send", "-a", "selftest", "Hello from the test", "body text")
    shown = wait_until(sway_desktop.makoctl_list, 10, what="mako to list the notice")
    assert shown[0]["summary"] == "Hello from the test"


def test_grim_shows_waybar_at_the_top(sway_desktop: SwayDesktop, tmp_path: Path) -> None:
    shot = sway_desktop.screenshot(tmp_path / "desk.png")
    found = stats(shot, step=4)
    assert (found.width, found.height) == OUTPUT_SIZE
    assert found.top_colour_share < 0.99, "one flat colour: no bar, no background"


def test_one_wtype_call_types_into_a_qt_window(sway_desktop: SwayDesktop, tmp_path: Path) -> None:
    out = tmp_path / "typed.txt"
    editor = subprocess.Popen(
        [sys.executable, "-m", "tests.helpers.typing_target", str(out)],
        env={**sway_desktop.env(), "PYTHONPATH": str(ROOT)},
        cwd=ROOT,
    )
    try:
        window = wait_until(
            lambda: sway_desktop.window("e2e typing target"), 20, what="the editor window"
        )
        assert window is not None
        assert window["focused"] is True
        assert window["app_id"]
        sway_desktop.type_keys("hello", "-s", "300", "-k", "space", "world")
        wait_until(
            lambda: out.read_text(), 10, what="the typed text", until=lambda t: t == "hello world"
        )
        sway_desktop.type_keys("again")  # a second call in the same session arrives whole too
        wait_until(
            lambda: out.read_text(), 10, what="more text", until=lambda t: t.endswith("again")
        )
    finally:
        editor.terminate()
        editor.wait(10)


def _live_in_group(group: int) -> list[str]:
    """Names of the processes in process group ``group`` that still run (zombies left out)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        name, _, rest = text.rpartition(")")[0].partition("(")[2], None, text.rpartition(")")[2]
        fields = rest.split()
        if int(fields[2]) == group and fields[0] != "Z":
            found.append(name)
    return found


@pytest.mark.e2e  # starts its own sway
def test_stopping_ends_sway_waybar_and_mako(tmp_path: Path) -> None:
    from tests.helpers.sway import require_sway_tools

    require_sway_tools()
    with start_sway(tmp_path / "sway") as desk:
        group = desk._procs["sway"].pid
        children = list(desk.children)
        assert "sway" in _live_in_group(group)
        assert sorted(Path(f"/proc/{pid}/comm").read_text().strip() for pid in children) == [
            "mako",
            "waybar",
        ]
        bus = desk.bus_address
    assert _live_in_group(group) == []
    assert [pid for pid in children if _running(pid)] == []
    assert not SwayDesktop(tmp=tmp_path, runtime_dir=tmp_path, bus_address=bus).name_has_owner(
        WATCHER_NAME
    )


def test_tree_windows_finds_tiled_and_floating_leaves() -> None:
    tree = {
        "type": "root",
        "nodes": [
            {
                "type": "workspace",
                "nodes": [{"type": "con", "pid": 5, "name": "a", "nodes": []}],
                "floating_nodes": [{"type": "floating_con", "pid": 6, "name": "b", "nodes": []}],
            }
        ],
    }
    found = {w["name"]: w["floating"] for w in tree_windows(tree)}
    assert found == {"a": False, "b": True}
