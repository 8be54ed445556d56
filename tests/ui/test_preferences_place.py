"""The Stretches page: where scheduled breaks' stretches are done, each stretch's place tag,
equipment and picture, and the user's own routines marked as theirs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from deskstretch.catalogue.loader import load_catalogue
from deskstretch.settings import schema
from deskstretch.settings.model import Preferences
from deskstretch.ui.preferences import PreferencesDialog, stretch_detail
from deskstretch.ui.thumbnails import stretch_thumbnail


def _combo(dialog: PreferencesDialog) -> QComboBox:
    widget = dialog.field("stretches.place")
    assert isinstance(widget, QComboBox)
    return widget


def test_place_combo_shows_and_returns_the_setting(
    make: Callable[..., PreferencesDialog],
) -> None:
    dialog = make()
    combo = _combo(dialog)
    assert combo.currentText() == "stretches for the desk"
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "stretches for the desk",
        "any stretch",
    ]
    assert combo.accessibleName() == "Scheduled breaks use"
    combo.setCurrentIndex(1)
    chosen = dialog.preferences()
    assert chosen is not None
    assert chosen.stretches.place == "anywhere"
    dialog.set_preferences(schema.with_value(Preferences(), "stretches.place", "anywhere"))
    assert combo.currentText() == "any stretch"


def test_place_combo_is_disabled_when_locked(make: Callable[..., PreferencesDialog]) -> None:
    dialog = make(locked={"stretches.place": "set by your organisation"})
    assert not _combo(dialog).isEnabled()


def test_details_name_the_place_equipment_and_the_users_own() -> None:
    assert stretch_detail("desk", "sitting", ("chair",)) == "Desk · sitting, chair"
    assert stretch_detail("floor", "kneeling", ()) == "Floor · kneeling, no equipment"
    assert stretch_detail("bar", "hanging", ("pull-up-bar",), yours=True) == (
        "Bar · hanging, pull-up bar · yours"
    )


def test_the_list_shows_tags_and_draws_each_picture_once_the_dialog_is_up(
    qtbot: QtBot, make: Callable[..., PreferencesDialog]
) -> None:
    catalogue = load_catalogue()
    camel = catalogue.get("camel")
    assert camel is not None
    mine = replace(camel, id="my-wall", name="My wall stretch", place="desk", origin="/r/m.toml")
    stretches = {s.id: s for s in (*catalogue.stretches, mine)}
    details = {
        s.id: stretch_detail(s.place, s.position, s.equipment, yours=not s.builtin)
        for s in stretches.values()
    }
    drawn: list[str] = []

    def thumb(stretch_id: str) -> QPixmap:
        drawn.append(stretch_id)
        return stretch_thumbnail(stretches[stretch_id], 48)

    dialog = make(
        stretch_ids=tuple(stretches),
        stretch_names={s.id: s.name for s in stretches.values()},
        stretch_details=details,
        thumbnails=thumb,
    )
    assert drawn == []  # nothing drawn while the dialog is built
    items = {
        dialog.stretch_list.item(r).data(Qt.ItemDataRole.UserRole): dialog.stretch_list.item(r)
        for r in range(dialog.stretch_list.count())
    }
    assert items["my-wall"].text().splitlines()[1].startswith("Desk · ")
    assert items["my-wall"].text().endswith("· yours")
    assert "yours" in str(items["my-wall"].data(Qt.ItemDataRole.AccessibleTextRole))
    assert "yours" not in items["camel"].text()
    assert items["camel"].text().splitlines()[1].startswith(f"{camel.place.capitalize()} · ")
    placeholder = items["my-wall"].icon().pixmap(64, 48).toImage()
    dialog.show()
    qtbot.waitUntil(lambda: len(drawn) == len(stretches), timeout=20_000)
    assert sorted(drawn) == sorted(stretches)  # each once
    assert items["my-wall"].icon().pixmap(64, 48).toImage() != placeholder  # the figure now
