"""The running app reads its stretches again when a routine is added or removed
(``reload-stretches``), and scheduled breaks follow ``stretches.place``."""

from __future__ import annotations

import logging
from dataclasses import replace

import pytest
from pytestqt.qtbot import QtBot

from deskstretch.app.controller import Controller, Services
from deskstretch.app.protocol import ProtocolError, Request, parse_request
from deskstretch.catalogue.loader import Catalogue, load_catalogue
from deskstretch.catalogue.model import Stretch
from deskstretch.settings.model import Micro, Preferences, Stretches
from deskstretch.ui.controls import ControlsMenu
from tests.helpers.fake_wakeup import FakeWakeup
from tests.helpers.fakes import FakeClock
from tests.helpers.recording import RecordingNotifier, WindowRecorder

BUILT_IN = load_catalogue()


def _mine(stretch_id: str, name: str, place: str = "desk") -> Stretch:
    base = BUILT_IN.stretches[0]
    return replace(base, id=stretch_id, name=name, place=place, origin=f"/r/{stretch_id}.toml")  # type: ignore[arg-type]


class Rig:
    def __init__(self, qtbot: QtBot, prefs: Preferences, catalogue: Catalogue) -> None:
        self.clock = FakeClock()
        self.wakeup = FakeWakeup(self.clock)
        self.windows = WindowRecorder()
        self.menu = ControlsMenu()
        qtbot.addWidget(self.menu)
        self.next_catalogue = catalogue
        services = Services(
            clock=self.clock,
            wakeup=self.wakeup,
            notifier=RecordingNotifier(),
            window_factory=self.windows,
            load_stretches=lambda: self.next_catalogue,
        )
        self.controller = Controller(services, prefs, catalogue, self.menu)
        self.controller.add_view(self.menu)
        self.controller.start()

    def rotation(self) -> tuple[str, ...]:
        """The order scheduled breaks go through now."""
        return self.controller.planner.rules.stretch_order

    def break_now(self) -> list[str]:
        self.wakeup.fire()  # the warning
        self.wakeup.fire()  # the break
        window = self.windows.windows[-1]
        ids = [s.id for s in window.stretches]
        window.finish("completed")
        return ids


def _prefs(place: str, enabled: tuple[str, ...]) -> Preferences:
    return Preferences(
        micro=Micro(enabled=False),
        stretches=Stretches(enabled=enabled, order=enabled, place=place),
    )


def test_reload_adds_a_routine_to_the_menu_and_the_rotation(qtbot: QtBot) -> None:
    mine = _mine("wall-calf", "Wall calf stretch")
    rig = Rig(qtbot, _prefs("anywhere", ("wall-calf", "camel")), BUILT_IN)
    assert rig.menu.stretch_action("wall-calf") is None
    assert rig.rotation() == ("camel",)
    rig.next_catalogue = Catalogue((*BUILT_IN.stretches, mine))
    reply = rig.controller.handle_request(parse_request(b'{"cmd": "reload-stretches"}'))
    assert reply["added"] == ["wall-calf"]
    assert reply["removed"] == []
    assert "wall-calf" in reply["ids"]
    action = rig.menu.stretch_action("wall-calf")
    assert action is not None
    assert action.text() == "Wall calf stretch"
    assert rig.rotation() == ("wall-calf", "camel")
    listed = rig.controller.handle_request(Request("list-stretches"))
    assert {"id": "wall-calf", "name": "Wall calf stretch", "place": "desk", "builtin": False} in (
        listed
    )
    assert rig.break_now() == ["wall-calf"]


def test_reload_removes_a_routine_and_logs_a_skipped_file_once(
    qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    mine = _mine("wall-calf", "Wall calf stretch")
    rig = Rig(
        qtbot, _prefs("anywhere", ("wall-calf", "camel")), Catalogue((*BUILT_IN.stretches, mine))
    )
    problem = "routine file broken.toml skipped: broken.toml:3: timing.hold: 0 is out of range"
    rig.next_catalogue = Catalogue(BUILT_IN.stretches, (problem,), (problem,))
    with caplog.at_level(logging.INFO):
        first = rig.controller.reload_stretches()
        second = rig.controller.reload_stretches()
    assert first["removed"] == ["wall-calf"]
    assert second["removed"] == []
    assert second["added"] == []
    assert first["skipped"] == [problem]
    assert "1 routine file skipped" in first["message"]
    assert [r.message for r in caplog.records].count(f"catalogue: {problem}") == 1
    assert rig.menu.stretch_action("wall-calf") is None
    assert rig.rotation() == ("camel",)


def test_a_loader_that_fails_keeps_the_stretches_in_use(qtbot: QtBot) -> None:
    rig = Rig(qtbot, _prefs("anywhere", ("camel",)), BUILT_IN)

    def broken() -> Catalogue:
        raise RuntimeError("bug")

    rig.controller.services.load_stretches = broken
    with pytest.raises(ProtocolError, match="stay"):
        rig.controller.reload_stretches()
    assert rig.controller.catalogue is BUILT_IN


def test_desk_breaks_skip_floor_stretches_but_stretch_now_offers_them(qtbot: QtBot) -> None:
    desk = _mine("my-desk-twist", "My desk twist", "desk")
    catalogue = Catalogue((*BUILT_IN.stretches, desk))
    rig = Rig(qtbot, _prefs("desk", ("camel", "my-desk-twist")), catalogue)
    assert rig.rotation() == ("my-desk-twist",)
    assert rig.menu.stretch_action("camel") is not None  # Stretch now: every stretch
    assert rig.break_now() == ["my-desk-twist"]
    rig.controller.apply_preferences(_prefs("anywhere", ("camel", "my-desk-twist")))
    assert rig.rotation() == ("camel", "my-desk-twist")


def test_with_no_desk_stretch_turned_on_breaks_use_the_enabled_ones_and_say_so(
    qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    floor = tuple(s.id for s in BUILT_IN.stretches if s.place == "floor")[:2]
    with caplog.at_level(logging.WARNING):
        rig = Rig(qtbot, _prefs("desk", floor), BUILT_IN)
    assert rig.rotation() == floor
    assert any(
        "none of the stretches turned on is for the desk" in r.message for r in caplog.records
    )


def test_without_a_loader_reload_is_refused(qtbot: QtBot) -> None:
    menu = ControlsMenu()
    qtbot.addWidget(menu)
    clock = FakeClock()
    controller = Controller(
        Services(clock=clock, wakeup=FakeWakeup(clock)), Preferences(), BUILT_IN, menu
    )
    with pytest.raises(ProtocolError):
        controller.handle_request(Request("reload-stretches"))
