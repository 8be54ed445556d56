"""Do-not-disturb sources, through their OS boundaries (no window manager needed here)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from deskstretch.platform.dnd import (
    REASON_CAMERA,
    REASON_DESKTOP,
    REASON_FULLSCREEN,
    REASON_MICROPHONE,
    DndProbe,
    NullDndProbe,
    Source,
    Unreadable,
    consent_in_use,
    gnome_banners_off,
    processes_holding,
    pulse_capture_streams,
    run_command,
    windows_fullscreen,
)
from deskstretch.settings.model import Dnd
from tests.helpers.dbus_recorder import FakeDBusService
from tests.helpers.desktop import Desktop

ALL = Dnd()
ONLY_CAMERA = Dnd(fullscreen=False, camera=True, microphone=False, desktop=False)
ONLY_MIC = Dnd(fullscreen=False, camera=False, microphone=True, desktop=False)
ONLY_DESKTOP = Dnd(fullscreen=False, camera=False, microphone=False, desktop=True)

SOURCES = (
    "0\talsa_output.pci.analog-stereo.monitor\tmodule-alsa-card.c\ts16le 2ch\tIDLE\n"
    "1\talsa_input.pci.analog-stereo\tmodule-alsa-card.c\ts16le 2ch\tRUNNING\n"
)


def _holder(path: Path) -> subprocess.Popen[str]:
    """A separate process holding ``path`` open (as a video call holds /dev/video0)."""
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; f = open(sys.argv[1]); print('ready', flush=True); sys.stdin.read()",
            str(path),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready"
    return proc


def _linux_probe(tmp_path: Path, **kw: Any) -> DndProbe:
    args: dict[str, Any] = {
        "platform": "linux",
        "environ": {},
        "bus_address": None,
        "camera_glob": str(tmp_path / "video*"),
    }
    args.update(kw)
    return DndProbe(**args)


def test_a_camera_held_by_another_process_holds_the_break_until_it_is_released(
    tmp_path: Path,
) -> None:
    device = tmp_path / "video0"
    device.write_text("")
    probe = _linux_probe(tmp_path)
    assert probe.active_reasons(ONLY_CAMERA) == ()
    holder = _holder(device)
    try:
        assert probe.active_reasons(ONLY_CAMERA) == (REASON_CAMERA,)
        assert holder.pid in processes_holding(str(tmp_path / "video*"))
    finally:
        holder.communicate("")
    assert probe.active_reasons(ONLY_CAMERA) == ()


def test_our_own_open_device_does_not_count(tmp_path: Path) -> None:
    device = tmp_path / "video1"
    device.write_text("")
    with device.open():
        assert _linux_probe(tmp_path).active_reasons(ONLY_CAMERA) == ()


def test_an_unreadable_proc_makes_the_camera_source_unavailable_not_active(
    tmp_path: Path,
) -> None:
    probe = _linux_probe(tmp_path, proc_root=tmp_path / "no-proc")
    assert probe.active_reasons(ONLY_CAMERA) == ()
    camera = next(c for c in probe.capabilities() if c.name == "dnd.camera")
    assert not camera.available
    assert "cannot list processes" in camera.detail


def _pactl(outputs: str) -> Callable[[Sequence[str]], str]:
    def run(argv: Sequence[str]) -> str:
        assert argv[:3] == ["pactl", "list", "short"]
        return SOURCES if argv[3] == "sources" else outputs

    return run


def test_a_recording_stream_from_a_real_source_means_microphone_in_use(tmp_path: Path) -> None:
    # As pactl prints them: index, source, client, driver, sample spec.
    recording = "7\t1\t45\tprotocol-native.c\tfloat32le 1ch 48000Hz\n"
    assert pulse_capture_streams(_pactl(recording)) == 1
    probe = _linux_probe(tmp_path, run=_pactl(recording))
    assert probe.active_reasons(ONLY_MIC) == (REASON_MICROPHONE,)


def test_recording_what_is_played_is_not_a_microphone(tmp_path: Path) -> None:
    monitor_only = "7\t0\t45\tprotocol-native.c\tfloat32le 2ch 48000Hz\n"
    probe = _linux_probe(tmp_path, run=_pactl(monitor_only))
    assert probe.active_reasons(ONLY_MIC) == ()
    assert _linux_probe(tmp_path, run=_pactl("")).active_reasons(ONLY_MIC) == ()


def test_without_pactl_the_microphone_source_says_so(tmp_path: Path) -> None:
    def missing(argv: Sequence[str]) -> str:
        raise Unreadable("pactl is not installed")

    probe = _linux_probe(tmp_path, run=missing)
    assert probe.active_reasons(ONLY_MIC) == ()
    mic = next(c for c in probe.capabilities() if c.name == "dnd.microphone")
    assert (mic.available, mic.detail) == (False, "pactl is not installed")
    assert "pactl" in mic.hint


def test_gnome_do_not_disturb_is_show_banners_off(tmp_path: Path) -> None:
    env = {"XDG_CURRENT_DESKTOP": "ubuntu:GNOME"}
    off = _linux_probe(tmp_path, environ=env, run=lambda argv: "false\n")
    on = _linux_probe(tmp_path, environ=env, run=lambda argv: "true\n")
    assert off.active_reasons(ONLY_DESKTOP) == (REASON_DESKTOP,)
    assert on.active_reasons(ONLY_DESKTOP) == ()
    with pytest.raises(Unreadable, match="unexpected"):
        gnome_banners_off(lambda argv: "No such schema\n")


def test_notification_server_inhibited_property_means_desktop_dnd(
    desktop: Desktop, tmp_path: Path
) -> None:
    desktop.stop_dunst()
    inhibited = {"value": True}
    get = ("org.freedesktop.DBus.Properties", "Get")
    with FakeDBusService(
        desktop.bus_address,
        "org.freedesktop.Notifications",
        {get: lambda _body: ("v", (("b", inhibited["value"]),))},
    ) as server:
        probe = _linux_probe(tmp_path, bus_address=desktop.bus_address)
        assert probe.active_reasons(ONLY_DESKTOP) == (REASON_DESKTOP,)
        inhibited["value"] = False
        assert probe.active_reasons(ONLY_DESKTOP) == ()
        assert server.calls[-1][2] == ("org.freedesktop.Notifications", "Inhibited")


def test_pausing_dunst_is_desktop_do_not_disturb(desktop: Desktop, tmp_path: Path) -> None:
    probe = _linux_probe(tmp_path, bus_address=desktop.bus_address)
    assert probe.active_reasons(ONLY_DESKTOP) == ()
    desktop.run("dunstctl", "set-paused", "true")
    assert probe.active_reasons(ONLY_DESKTOP) == (REASON_DESKTOP,)
    desktop.run("dunstctl", "set-paused", "false")
    assert probe.active_reasons(ONLY_DESKTOP) == ()


def test_with_no_server_the_desktop_source_is_unavailable(desktop: Desktop, tmp_path: Path) -> None:
    desktop.stop_dunst()
    probe = _linux_probe(tmp_path, bus_address=desktop.bus_address)
    assert probe.active_reasons(ONLY_DESKTOP) == ()
    cap = next(c for c in probe.capabilities() if c.name == "dnd.desktop")
    assert not cap.available
    assert "nobody provides org.freedesktop.Notifications" in cap.detail


def test_switched_off_sources_are_not_even_checked() -> None:
    checked: list[str] = []

    def check(name: str) -> Source:
        def run() -> bool:
            checked.append(name)
            return True

        return Source(name, f"{name} reason", run)

    probe = DndProbe(
        sources=[check("fullscreen"), check("camera"), check("microphone"), check("desktop")]
    )
    reasons = probe.active_reasons(
        Dnd(fullscreen=True, camera=False, microphone=True, desktop=False)
    )
    assert reasons == ("fullscreen reason", "microphone reason")
    assert checked == ["fullscreen", "microphone"]


def test_a_crashing_source_is_logged_once_and_does_not_hide_the_others(
    caplog: pytest.LogCaptureFixture,
) -> None:
    def boom() -> bool:
        raise RuntimeError("driver went away")

    probe = DndProbe(
        sources=[
            Source("fullscreen", REASON_FULLSCREEN, boom),
            Source("camera", REASON_CAMERA, lambda: True),
        ]
    )
    caplog.set_level("INFO", logger="deskstretch.platform.dnd")
    for _ in range(3):
        assert probe.active_reasons(ALL) == (REASON_CAMERA,)
    assert caplog.text.count("driver went away") == 1


def test_windows_fullscreen_and_consent_store_by_substitution() -> None:
    assert windows_fullscreen(lambda: 3)  # QUNS_RUNNING_D3D_FULL_SCREEN
    assert windows_fullscreen(lambda: 4)  # QUNS_PRESENTATION_MODE
    assert not windows_fullscreen(lambda: 5)  # QUNS_ACCEPTS_NOTIFICATIONS
    assert consent_in_use([(0, 0), (133_000, 0)])  # started, not stopped
    assert not consent_in_use([(133_000, 133_500), (0, 0)])


def test_windows_and_macos_sources_report_what_they_cannot_read() -> None:
    windows = DndProbe(platform="win32")
    assert [s.setting for s in windows.sources] == ["fullscreen", "camera", "microphone", "desktop"]
    desktop_cap = windows.capabilities()[-1]
    assert not desktop_cap.available
    assert "Focus assist" in desktop_cap.detail
    mac = DndProbe(platform="darwin")
    assert mac.active_reasons(ALL) == ()
    assert all(not c.available and "macOS" in c.detail for c in mac.capabilities())


def test_on_wayland_fullscreen_is_unreadable_and_says_why(tmp_path: Path) -> None:
    probe = _linux_probe(tmp_path, environ={"WAYLAND_DISPLAY": "wayland-0"})
    cap = probe.capabilities()[0]
    assert (cap.name, cap.available) == ("dnd.fullscreen", False)
    assert "Wayland" in cap.detail


def test_null_probe_never_holds_and_says_why() -> None:
    null = NullDndProbe("off in this build")
    assert null.active_reasons(ALL) == ()
    assert [c.name for c in null.capabilities()] == [
        "dnd.fullscreen",
        "dnd.camera",
        "dnd.microphone",
        "dnd.desktop",
    ]
    assert all(c.detail == "off in this build" for c in null.capabilities())


def test_a_failing_command_is_reported_in_one_line_with_what_it_said_first() -> None:
    # pactl without a sound server prints two lines; the capability report shows one.
    script = (
        "echo 'Connection failure: Connection refused' >&2; echo 'pa_context failed' >&2; exit 1"
    )
    with pytest.raises(Unreadable) as caught:
        run_command(["sh", "-c", script])
    assert str(caught.value) == "sh exited 1: Connection failure: Connection refused"
