"""What the controller says in notifications and IPC answers, in the pseudo-locale.

Every summary, body, button label and answer must come out pseudo-translated
(``[Ŝţŕéţçĥ ~~]``): an English word left outside the brackets was not marked for
translation. Stretch names come from the catalogue localized the same way, as the app does.
"""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from deskstretch import i18n
from deskstretch.app.controller import Controller, Services
from deskstretch.app.protocol import Request
from deskstretch.catalogue.loader import load_catalogue
from deskstretch.core.ports import Notice
from deskstretch.settings.model import (
    V1_DEFAULT_ENABLED,
    V1_DEFAULT_ORDER,
    Micro,
    Preferences,
    Reminder,
    Stretches,
)
from deskstretch.ui.controls import ControlsMenu
from tests.helpers import pseudo as pseudo_check
from tests.helpers.fake_wakeup import FakeWakeup
from tests.helpers.fakes import FakeClock
from tests.helpers.recording import FakeDnd, MicroRecorder, RecordingNotifier, WindowRecorder

ARTICLE = Stretches(enabled=V1_DEFAULT_ENABLED, order=V1_DEFAULT_ORDER, place="anywhere")


@pytest.fixture(autouse=True)
def pseudo() -> None:
    i18n.install(i18n.PSEUDO)  # the test session's fixture puts English back afterwards


class Rig:
    def __init__(self, qtbot: QtBot, prefs: Preferences, *, micro_as_notification: bool = False):
        self.clock = FakeClock()
        self.wakeup = FakeWakeup(self.clock)
        self.notifier = RecordingNotifier()
        self.windows = WindowRecorder()
        self.dnd = FakeDnd()
        self.menu = ControlsMenu()
        qtbot.addWidget(self.menu)
        services = Services(
            clock=self.clock,
            wakeup=self.wakeup,
            notifier=self.notifier,
            dnd=self.dnd,
            window_factory=self.windows,
            micro_factory=MicroRecorder(),
            micro_as_notification=micro_as_notification,
        )
        catalogue = load_catalogue().localized(i18n.language())
        self.controller = Controller(services, prefs, catalogue, self.menu)
        self.controller.start()


def english_left(text: str) -> list[str]:
    return pseudo_check.english_left(text, {"DeskStretch"})  # the app's name stays


def said(notice: Notice) -> str:
    """Everything a notice shows: summary, body and button labels, one per line."""
    return "\n".join([notice.summary, notice.body, *(label for _key, label in notice.actions)])


def test_the_break_warning_and_its_buttons_are_translated(qtbot: QtBot) -> None:
    rig = Rig(qtbot, Preferences(micro=Micro(enabled=False), stretches=ARTICLE))
    rig.wakeup.fire()  # the warning before the break
    notice = rig.notifier.notices[-1]
    assert [key for key, _label in notice.actions] == ["start", "snooze"]
    assert "Hip flexor" not in notice.body  # the stretch's name, translated too
    assert english_left(said(notice)) == []


def test_a_refusal_told_in_a_notification_is_translated(qtbot: QtBot) -> None:
    rig = Rig(qtbot, Preferences(micro=Micro(enabled=False), stretches=ARTICLE))
    rig.menu.pause_actions[-1].trigger()  # until I resume
    rig.controller.on_notification_action("snooze")  # an old notice's button
    notice = rig.notifier.notices[-1]
    assert notice.body == i18n.pseudo("Breaks are paused, so there is no break to snooze.")
    assert english_left(said(notice)) == []


def test_a_micro_break_cue_as_a_notification_is_translated(qtbot: QtBot) -> None:
    rig = Rig(qtbot, Preferences(), micro_as_notification=True)
    rig.wakeup.fire()
    notice = rig.notifier.notices[-1]
    assert notice.summary == i18n.pseudo("Look far away")
    assert english_left(said(notice)) == []


def test_a_reminder_notice_is_translated_around_the_users_text(qtbot: QtBot) -> None:
    prefs = Preferences(micro=Micro(enabled=False), reminders=(Reminder("Drink", 10),))
    rig = Rig(qtbot, prefs)
    rig.wakeup.fire()
    notice = rig.notifier.notices[-1]
    assert (notice.summary, notice.body) == (i18n.pseudo("Reminder"), "Drink")


def test_ipc_answers_are_translated(qtbot: QtBot) -> None:
    rig = Rig(qtbot, Preferences(stretches=ARTICLE))
    answers = []
    for cmd, args in (
        ("ping", {}),
        ("snooze", {}),
        ("skip", {}),
        ("micro", {"action": "skip"}),
        ("micro", {"action": "now"}),
        ("stretch", {}),
        ("stretch", {}),  # refused: one is on screen
        ("skip", {}),
        ("pause", {"mode": "indefinitely"}),
        ("skip", {}),  # refused: paused
        ("reload-settings", {}),
    ):
        reply = rig.controller.handle_request(Request(cmd, args))
        answers.append(reply["message"])
    assert english_left("\n".join(answers)) == []


def test_the_tray_names_a_hold_reason_and_the_finish_note_in_the_language(qtbot: QtBot) -> None:
    rig = Rig(qtbot, Preferences(micro=Micro(enabled=False), stretches=ARTICLE))
    rig.wakeup.fire()  # warning
    rig.dnd.reasons = ("camera in use",)  # the probe's key, kept in English
    rig.wakeup.fire()  # due, held
    status = rig.controller.status()
    assert status.hold_reasons == ("camera in use",)
    tooltip = rig.controller._controls_state(status).tooltip
    assert i18n.pseudo("camera in use") in tooltip
    assert english_left(tooltip) == []
    rig.dnd.reasons = ()
    rig.controller.stretch_now("camel")
    rig.windows.windows[-1].finish("completed")
    rig.controller.stretch_now("camel")
    assert english_left(rig.controller._finish_note()) == []
