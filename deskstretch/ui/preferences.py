"""The Preferences dialog: every setting, checked as you type, usable by keyboard.

Fields are built from the settings schema (ranges, descriptions), so the dialog,
``deskstretch config`` and the README agree. Keys the organisation locked are
shown disabled with the reason. The dialog never saves: it hands finished
:class:`Preferences` to its caller (``apply`` for the Apply button, the return
value of :meth:`PreferencesDialog.ask` for OK), which saves and applies them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, time

from PySide6.QtCore import QDate, QLocale, QSize, Qt, QTime, QTimer
from PySide6.QtGui import QColor, QIcon, QPainter, QPalette, QPen, QPixmap
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTabWidget,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from deskstretch.core.rules import runs_past_midnight
from deskstretch.i18n import SHIPPED, _, ngettext
from deskstretch.settings import reminders as reminder_checks
from deskstretch.settings import schema
from deskstretch.settings.model import MAX_REMINDERS, WEEKDAYS, Preferences, Reminder
from deskstretch.ui import style
from deskstretch.ui.itemfocus import current_only_with_focus, selected_row
from deskstretch.ui.sidetabs import SideTabs

THUMB = QSize(64, 48)


def _describe(key: str) -> str:
    """The schema's one-line description of ``key``, translated."""
    return _(schema.spec_for(key).description)


def _labels() -> dict[str, str]:
    """Short field labels with keyboard mnemonics (built at call time so they translate)."""
    return {
        "breaks.interval_minutes": _("&Work between breaks:"),
        "breaks.snooze_minutes": _("S&nooze for:"),
        "breaks.max_snoozes": _("&Snoozes allowed per break:"),
        "breaks.long_every": _("&Long break every:"),
        "breaks.long_count": _("Stretches &per long break:"),
        "idle.natural_break_minutes": _("&Away time that counts as a break:"),
        "schedule.enabled": _("Remind me only during my &working hours"),
        "schedule.start": _("Day &starts at:"),
        "schedule.end": _("Day &ends at:"),
        "notifications.enabled": _("&Announce each break with a notification"),
        "notifications.lead_seconds": _("&Warning time before a break:"),
        "general.sound": _("Play a soft &sound at the start and end of a break"),
        "dnd.fullscreen": _("A &full-screen window is in front"),
        "dnd.camera": _("The &camera is in use"),
        "dnd.microphone": _("The &microphone is in use"),
        "dnd.desktop": _("The desktop's &do-not-disturb mode is on"),
        "general.autostart": _("Start DeskStretch when I &log in"),
        "general.reduced_motion": _("&Reduce motion: show still poses instead of animation"),
        "general.spoken_cues": _(
            "Spoken cues: announce each step of a stretch &via a screen reader"
        ),
        "general.language": _("Displa&y language:"),
        "micro.enabled": _("Take short &micro-breaks: look away, blink, roll your shoulders"),
        "micro.interval_minutes": _("Micro-break &every:"),
        "micro.seconds": _("&Cue shows for:"),
        "history.keep_days": _("&Keep history for:"),
        "history.streak_breaks": _("A streak day needs:"),
        "flexcheck.every_days": _("&Flexibility check every:"),
        "stretches.place": _("Schedu&led breaks use:"),
    }


def _place_choices() -> tuple[tuple[str, str], ...]:
    """(value, text) of the ``stretches.place`` combo box."""
    return (("desk", _("stretches for the desk")), ("anywhere", _("any stretch")))


def _place_tags() -> dict[str, str]:
    return {"desk": _("Desk"), "floor": _("Floor"), "bar": _("Bar")}


def _equipment_names() -> dict[str, str]:
    return {
        "mat": _("mat"),
        "pull-up-bar": _("pull-up bar"),
        "chair": _("chair"),
        "desk": _("desk"),
    }


def _position_names() -> dict[str, str]:
    return {
        "standing": _("standing"),
        "sitting": _("sitting"),
        "kneeling": _("kneeling"),
        "lying": _("lying"),
        "all-fours": _("on all fours"),
        "hanging": _("hanging"),
        "squatting": _("squatting"),
    }


def _dialog_message(exc: reminder_checks.ReminderError, text: str) -> str:
    """What the reminder dialog says about a field the checker refused (``text``: the text
    as typed, stripped)."""
    if exc.field == "text" and not text:
        return _("The text is empty; write what to remind you of.")
    if exc.field == "text" and len(text) > reminder_checks.TEXT_MAX:
        return ngettext(
            "The text is {n} character long; at most {most} fit.",
            "The text is {n} characters long; at most {most} fit.",
            len(text),
        ).format(n=len(text), most=reminder_checks.TEXT_MAX)
    if exc.field == "text":
        return _("Write the reminder on one line.")
    if exc.field in ("start", "end"):
        return _("Give the time window both a start and an end.")
    return str(exc)


def stretch_detail(
    place: str, position: str, equipment: Sequence[str], *, yours: bool = False
) -> str:
    """The line under a stretch's name: "Desk · sitting, chair", "Floor · kneeling, mat · yours"."""
    tag = _place_tags().get(place, place.capitalize())
    names = _equipment_names()
    kit = ", ".join(names.get(e, e) for e in equipment) or _("no equipment")
    text = f"{tag} · {_position_names().get(position, position)}, {kit}"
    return text + " · " + _("yours") if yours else text


def _suffixes() -> dict[str, str]:
    return {
        "minutes": _(" min"),
        "seconds": _(" s"),
        "breaks": _(" breaks"),
        "stretches": _(" stretches"),
        "times": _(" times"),
        "days": _(" days"),
    }


def _day_names() -> dict[str, str]:
    return {
        "mon": _("Mon"),
        "tue": _("Tue"),
        "wed": _("Wed"),
        "thu": _("Thu"),
        "fri": _("Fri"),
        "sat": _("Sat"),
        "sun": _("Sun"),
    }


def placeholder_thumbnail(palette: QPalette, size: QSize = THUMB) -> QPixmap:
    """A neutral figure-shaped placeholder drawn in the palette's colours."""
    pixmap = QPixmap(size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(palette.color(QPalette.ColorRole.AlternateBase))
    painter.setPen(QPen(palette.color(QPalette.ColorRole.Mid), 1))
    painter.drawRoundedRect(0, 0, size.width() - 1, size.height() - 1, 6, 6)
    ink = QColor(palette.color(QPalette.ColorRole.Text))
    ink.setAlpha(160)  # softer than real text, in light and dark palettes alike
    pen = QPen(ink, 2.5)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    cx, h = size.width() / 2, size.height()
    painter.drawEllipse(int(cx - 4), int(h * 0.12), 8, 8)
    painter.drawLine(int(cx), int(h * 0.32), int(cx), int(h * 0.62))
    painter.drawLine(int(cx), int(h * 0.40), int(cx - 10), int(h * 0.28))
    painter.drawLine(int(cx), int(h * 0.40), int(cx + 10), int(h * 0.28))
    painter.drawLine(int(cx), int(h * 0.62), int(cx - 7), int(h * 0.88))
    painter.drawLine(int(cx), int(h * 0.62), int(cx + 7), int(h * 0.88))
    painter.end()
    return pixmap


def _catalogue_details() -> dict[str, str]:
    """ "Desk · sitting, chair" per stretch id, from the built-in catalogue when it is there."""
    try:
        from deskstretch.catalogue.loader import (  # type: ignore[import-not-found,unused-ignore]
            load_catalogue,
        )

        catalogue = load_catalogue()
        return {
            s.id: stretch_detail(s.place, s.position, s.equipment, yours=not s.builtin)
            for s in catalogue.stretches
        }
    except Exception:  # the list still works with names only
        return {}


@dataclass
class _Field:
    """One key's editor and the labels next to it."""

    key: str
    widget: QWidget
    error: QLabel


def _scrolled(page: QWidget) -> QScrollArea:
    """``page`` in a scroll area: large text in a low window scrolls instead of being cut."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(page)
    area.setObjectName(f"{page.objectName() or 'page'}Scroll")
    return area


class PreferencesDialog(QDialog):
    """All settings in six sections: Breaks, Schedule, Stretches, Notifications, General and
    the user's own Reminders."""

    def __init__(
        self,
        prefs: Preferences,
        *,
        locked: Mapping[str, str] | None = None,
        parent: QWidget | None = None,
        thumbnails: Callable[[str], QPixmap | None] | None = None,
        stretch_ids: Sequence[str] | None = None,
        stretch_names: Mapping[str, str] | None = None,
        stretch_details: Mapping[str, str] | None = None,
        apply: Callable[[Preferences], None] | None = None,
        defaults: Preferences | None = None,
        benched: Mapping[str, datetime] | None = None,
        restore: Callable[[str], None] | None = None,
    ) -> None:
        """Build the dialog showing ``prefs``.

        Args:
            prefs: The preferences in use.
            locked: Keys the organisation fixed, with the reason shown to the user.
            parent: The parent widget.
            thumbnails: Renders a small picture of a stretch by id (None: placeholder).
            stretch_ids: The stretches to offer, in catalogue order (the built-in
                ones if None).
            stretch_names: Display names by stretch id (the id otherwise).
            stretch_details: "standing, no equipment" by id (read from the catalogue if None).
            apply: Called with the edited preferences when the user presses Apply.
            defaults: What Restore Defaults restores (the built-in defaults if None).
            benched: Stretches taken out of the rotation because they hurt twice
                within two weeks, with the (aware) time of the last stop; the Stretches
                tab lists them with a "Put back" button each (hidden when empty).
            restore: Called with a stretch id the moment the user presses its "Put
                back" (it acts at once, whether the dialog then ends with OK or
                Cancel); the ids are also in :attr:`restored`.
        """
        super().__init__(parent)
        self.setObjectName("PreferencesDialog")
        self.setWindowTitle(_("Preferences"))
        self._initial = prefs
        self._applied = prefs
        self._locked = dict(locked or {})
        self._defaults = defaults or Preferences()
        self._apply = apply
        self._thumbnails = thumbnails
        # Each stretch's picture, drawn once the dialog is up (None: the placeholder stays).
        self._pictures: dict[str, QPixmap | None] = {}
        self._thumbs_pending = False
        self._placeholder_pixmap: QPixmap | None = None
        self._stretch_ids = (
            tuple(stretch_ids) if stretch_ids is not None else schema.known_stretch_ids()
        )
        self._names = dict(stretch_names or {})
        self._details = (
            dict(stretch_details) if stretch_details is not None else _catalogue_details()
        )
        self._fields: dict[str, _Field] = {}
        self._loading = False
        self._result: Preferences | None = None
        self._benched = dict(benched or {})
        self._restore = restore
        self._restored: list[str] = []

        self.tabs = QTabWidget()
        self.tabs.setObjectName("sections")
        self.tabs.setAccessibleName(_("Preference sections"))
        self.tabs.addTab(_scrolled(self._breaks_page()), _("&Breaks"))
        self.tabs.addTab(_scrolled(self._schedule_page()), _("Sc&hedule"))
        self.tabs.addTab(_scrolled(self._stretches_page()), _("S&tretches"))
        self.tabs.addTab(_scrolled(self._notifications_page()), _("N&otifications"))
        self.tabs.addTab(_scrolled(self._general_page()), _("&General"))
        self.tabs.addTab(_scrolled(self._reminders_page()), _("Rem&inders"))
        # Every section's name in sight: in a row while they fit, in a column on the left
        # when the dialog is too narrow for the row (a 640 px tile, long words, large
        # text), never hidden behind scroll arrows (those only exist so that the row does
        # not hold the dialog wider than the screen).
        self.tabs.setUsesScrollButtons(True)
        self._side_tabs = SideTabs(self.tabs)
        for form in self.findChildren(QFormLayout):
            # A label that leaves its field too little room goes above it.
            form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok
            | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.Apply
            | QDialogButtonBox.StandardButton.RestoreDefaults
        )
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        self.buttons.clicked.connect(self._on_buttons_clicked)

        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.buttons)

        self.set_preferences(prefs)
        current_only_with_focus(self)  # a screen reader hears one focused thing, not three

    # ------------------------------------------------------------ public

    @classmethod
    def ask(
        cls,
        prefs: Preferences,
        *,
        locked: Mapping[str, str] | None = None,
        parent: QWidget | None = None,
        thumbnails: Callable[[str], QPixmap | None] | None = None,
        stretch_ids: Sequence[str] | None = None,
        stretch_names: Mapping[str, str] | None = None,
        apply: Callable[[Preferences], None] | None = None,
        stretch_details: Mapping[str, str] | None = None,
        defaults: Preferences | None = None,
        benched: Mapping[str, datetime] | None = None,
        restore: Callable[[str], None] | None = None,
    ) -> Preferences | None:
        """Show the dialog modally; the chosen preferences on OK, None on Cancel.

        Stretches the user puts back reach ``restore`` at once (see ``__init__``).
        """
        dialog = cls(
            prefs,
            locked=locked,
            parent=parent,
            thumbnails=thumbnails,
            stretch_ids=stretch_ids,
            stretch_names=stretch_names,
            stretch_details=stretch_details,
            apply=apply,
            defaults=defaults,
            benched=benched,
            restore=restore,
        )
        try:
            accepted = dialog.exec() == QDialog.DialogCode.Accepted
            return dialog.chosen() if accepted else None
        finally:
            dialog.deleteLater()

    def chosen(self) -> Preferences | None:
        """What OK returned (None until the user pressed OK)."""
        return self._result

    @property
    def restored(self) -> tuple[str, ...]:
        """The stretch ids the user put back into the rotation, in the order pressed."""
        return tuple(self._restored)

    def field(self, key: str) -> QWidget:
        """The editor of ``key`` (for tests and accessibility checks)."""
        return self._fields[key].widget

    def error_text(self, key: str) -> str:
        """The inline error shown next to ``key``'s editor ("" when the value is fine)."""
        label = self._fields[key].error
        return label.text() if not label.isHidden() else ""

    def set_preferences(self, prefs: Preferences) -> None:
        """Show ``prefs`` in every field."""
        self._loading = True
        try:
            for key, fld in self._fields.items():
                self._show_value(fld, schema.get_value(prefs, key))
            self._fill_stretch_list(prefs)
            self._fill_reminder_list(prefs.reminders)
        finally:
            self._loading = False
        self._on_edited()

    def preferences(self) -> Preferences | None:
        """The edited preferences, or None while a field holds an invalid value."""
        if self.problems():
            return None
        prefs = self._initial
        for key in self._fields:
            if key in self._locked:
                continue
            prefs = schema.with_value(prefs, key, self._read_value(key), self._stretch_ids)
        # The list only ever holds known ids, so these need no catalogue look-up.
        if "stretches.order" not in self._locked:
            prefs = schema.with_value_unchecked(prefs, "stretches.order", self._stretch_order())
        if "stretches.enabled" not in self._locked:
            enabled = self._stretch_enabled()
            prefs = schema.with_value_unchecked(prefs, "stretches.enabled", enabled)
        # Each reminder was checked by its editor; the list only ever holds valid ones.
        return dataclasses.replace(prefs, reminders=self.reminder_list_values())

    def problems(self) -> dict[str, str]:
        """Every invalid field with the reason shown next to it."""
        found: dict[str, str] = {}
        for key, fld in self._fields.items():
            reason = self._check(key, fld)
            if reason:
                found[key] = reason
        if "stretches.enabled" not in self._locked and not self._stretch_enabled():
            found["stretches.enabled"] = _("Turn on at least one stretch.")
        return found

    # ------------------------------------------------------------ pages

    def _page(self) -> tuple[QWidget, QVBoxLayout]:
        page = QWidget()
        layout = QVBoxLayout(page)
        return page, layout

    def _breaks_page(self) -> QWidget:
        page, layout = self._page()
        form = QFormLayout()
        for key in (
            "breaks.interval_minutes",
            "breaks.snooze_minutes",
            "breaks.max_snoozes",
            "idle.natural_break_minutes",
        ):
            self._add_spin(form, key)
        layout.addLayout(form)
        long_box = QGroupBox(_("Long breaks"))
        long_form = QFormLayout(long_box)
        for key in ("breaks.long_every", "breaks.long_count"):
            self._add_spin(long_form, key)
        layout.addWidget(long_box)
        micro_box = QGroupBox(_("Micro-breaks"))
        micro_layout = QVBoxLayout(micro_box)
        self._add_check(micro_layout, "micro.enabled")
        micro_form = QFormLayout()
        for key in ("micro.interval_minutes", "micro.seconds"):
            self._add_spin(micro_form, key)
        micro_layout.addLayout(micro_form)
        layout.addWidget(micro_box)
        layout.addStretch(1)
        return page

    def _schedule_page(self) -> QWidget:
        page, layout = self._page()
        self._add_check(layout, "schedule.enabled")
        form = QFormLayout()
        days = QWidget()
        days.setObjectName("schedule.days")
        days_row = QHBoxLayout(days)
        days_row.setContentsMargins(0, 0, 0, 0)
        self._day_boxes: dict[str, QCheckBox] = {}
        names = _day_names()
        for day in WEEKDAYS:
            box = QCheckBox(names[day])
            box.setAccessibleName(_("Work on {day}").format(day=names[day]))
            box.toggled.connect(self._on_edited)
            self._day_boxes[day] = box
            days_row.addWidget(box)
        days_row.addStretch(1)
        self._register(form, "schedule.days", days, _("Working &days:"), self._day_boxes["mon"])
        for key in ("schedule.start", "schedule.end"):
            edit = QTimeEdit()
            edit.setDisplayFormat("HH:mm")
            edit.timeChanged.connect(self._on_edited)
            self._register(form, key, edit, _labels()[key], edit)
            # Qt reports a time field's value to AT-SPI as 0 in 0..0 (not a number): the
            # time goes into the description, which a screen reader reads with the name.
            edit.timeChanged.connect(lambda _t, e=edit, k=key: self._describe_time(e, k))
            self._describe_time(edit, key)
        layout.addLayout(form)
        self.hours_note = QLabel()
        self.hours_note.setObjectName("schedule.note")
        self.hours_note.setWordWrap(True)
        layout.addWidget(self.hours_note)
        layout.addStretch(1)
        return page

    def _stretches_page(self) -> QWidget:
        page, layout = self._page()
        intro = QLabel(
            _("Tick the stretches your breaks may offer; breaks go through them in this order.")
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        place = QComboBox()
        place.setObjectName("stretches.place")
        for value, text in _place_choices():
            place.addItem(text, value)
        place.currentIndexChanged.connect(self._on_edited)
        self._register(form, "stretches.place", place, _labels()["stretches.place"], place)
        layout.addLayout(form)
        self.stretch_list = QListWidget()
        self.stretch_list.setWordWrap(True)  # long names wrap in a narrow dialog, never elided
        self.stretch_list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.stretch_list.setObjectName("stretches")
        self.stretch_list.setAccessibleName(_("Stretches, in break order"))
        self.stretch_list.setAccessibleDescription(_describe("stretches.enabled"))
        self.stretch_list.setIconSize(THUMB)
        self.stretch_list.setSpacing(2)
        self.stretch_list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.stretch_list.itemChanged.connect(self._on_edited)
        self.stretch_list.model().rowsMoved.connect(self._on_edited)
        self.stretch_list.itemSelectionChanged.connect(self._on_edited)
        row = QHBoxLayout()
        row.addWidget(self.stretch_list, 1)
        moves = QVBoxLayout()
        self.up_button = QPushButton(_("Move &up"))
        self.up_button.setAccessibleName(_("Move the selected stretch up"))
        self.up_button.clicked.connect(lambda: self._move_current(-1))
        self.down_button = QPushButton(_("Move do&wn"))
        self.down_button.setAccessibleName(_("Move the selected stretch down"))
        self.down_button.clicked.connect(lambda: self._move_current(1))
        moves.addWidget(self.up_button)
        moves.addWidget(self.down_button)
        moves.addStretch(1)
        row.addLayout(moves)
        layout.addLayout(row)
        layout.addWidget(self._benched_box())
        self.stretch_error = self._error_label()
        layout.addWidget(self.stretch_error)
        self.stretch_lock = QLabel()
        self.stretch_lock.setWordWrap(True)
        layout.addWidget(self.stretch_lock)
        reasons = [
            self._locked[k] for k in ("stretches.enabled", "stretches.order") if k in self._locked
        ]
        self.stretch_lock.setText(self._lock_text(reasons[0]) if reasons else "")
        self.stretch_lock.setVisible(bool(reasons))
        return page

    def _benched_box(self) -> QGroupBox:
        """The stretches taken out because they hurt, each with "Put back" (hidden if none)."""
        self.benched_box = QGroupBox(_("Taken out of your breaks"))
        self.benched_box.setObjectName("benched")
        box = QVBoxLayout(self.benched_box)
        intro = QLabel(
            _(
                'You pressed "This hurts" twice within two weeks on these, so breaks leave '
                "them out. Put one back when you feel ready; if it hurts again, ask a "
                "doctor or physiotherapist."
            )
        )
        intro.setWordWrap(True)
        box.addWidget(intro)
        self.benched_labels: dict[str, QLabel] = {}
        self.put_back_buttons: dict[str, QPushButton] = {}
        order = {sid: i for i, sid in enumerate(self._stretch_ids)}
        for stretch_id in sorted(self._benched, key=lambda sid: (order.get(sid, 999), sid)):
            name = self._stretch_name(stretch_id)
            last = self._benched[stretch_id].astimezone()
            day = QLocale().toString(QDate(last.year, last.month, last.day), "d MMM")
            label = QLabel(
                _("{name} – hurt twice within two weeks, last on {day}").format(name=name, day=day)
            )
            label.setWordWrap(True)
            button = QPushButton(_("Put back"))
            button.setAccessibleName(_("Put {name} back into your breaks").format(name=name))
            button.clicked.connect(lambda _checked=False, sid=stretch_id: self.put_back(sid))
            line = QHBoxLayout()
            line.addWidget(label, 1)
            line.addWidget(button)
            box.addLayout(line)
            self.benched_labels[stretch_id] = label
            self.put_back_buttons[stretch_id] = button
        self.benched_box.setVisible(bool(self._benched))
        return self.benched_box

    def _stretch_name(self, stretch_id: str) -> str:
        return self._names.get(stretch_id) or stretch_id.replace("-", " ").capitalize()

    def put_back(self, stretch_id: str) -> None:
        """Put a benched stretch back into the rotation (what its "Put back" button does)."""
        button = self.put_back_buttons.get(stretch_id)
        if button is None or stretch_id in self._restored:
            return
        self._restored.append(stretch_id)
        button.setEnabled(False)
        self.benched_labels[stretch_id].setText(
            _("{name} – back in your breaks").format(name=self._stretch_name(stretch_id))
        )
        if self._restore is not None:
            self._restore(stretch_id)

    def _notifications_page(self) -> QWidget:
        page, layout = self._page()
        self._add_check(layout, "notifications.enabled")
        form = QFormLayout()
        self._add_spin(form, "notifications.lead_seconds")
        layout.addLayout(form)
        self._add_check(layout, "general.sound")
        dnd = QGroupBox(_("Hold breaks back while"))
        dnd_layout = QVBoxLayout(dnd)
        for key in ("dnd.fullscreen", "dnd.camera", "dnd.microphone", "dnd.desktop"):
            self._add_check(dnd_layout, key)
        layout.addWidget(dnd)
        layout.addStretch(1)
        return page

    def _general_page(self) -> QWidget:
        page, layout = self._page()
        self._add_check(layout, "general.autostart")
        self._add_check(layout, "general.reduced_motion")
        self._add_check(layout, "general.spoken_cues")
        language_form = QFormLayout()
        language = QComboBox()
        language.setObjectName("general.language")
        language.addItem(_("System default"), "system")
        for code, name in SHIPPED.items():
            language.addItem(name, code)  # each language by its own name
        language.currentIndexChanged.connect(self._on_edited)
        self._register(
            language_form, "general.language", language, _labels()["general.language"], language
        )
        self.language_note = QLabel(_("Takes effect when DeskStretch restarts."))
        self.language_note.setObjectName("general.language.note")
        self.language_note.setWordWrap(True)
        language_form.addRow(self.language_note)
        layout.addLayout(language_form)
        progress = QGroupBox(_("Your progress"))
        form = QFormLayout(progress)
        for key in ("history.streak_breaks", "flexcheck.every_days", "history.keep_days"):
            self._add_spin(form, key)
        note = QLabel(
            _("The history stays on this computer: deskstretch history forget deletes it.")
        )
        note.setWordWrap(True)
        form.addRow(note)
        layout.addWidget(progress)
        layout.addStretch(1)
        return page

    def _reminders_page(self) -> QWidget:
        page, layout = self._page()
        intro = QLabel(
            _(
                "Your own reminders, such as “Drink some water”, shown as a notification "
                "while DeskStretch is active. Untick one to switch it off."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.reminder_list = QListWidget()
        self.reminder_list.setWordWrap(True)  # long names wrap in a narrow dialog, never elided
        self.reminder_list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.reminder_list.setObjectName("reminders")
        self.reminder_list.setAccessibleName(_("Your reminders"))
        self.reminder_list.setAccessibleDescription(
            _("Each reminder with how often it shows; tick it to switch it on.")
        )
        self.reminder_list.setSpacing(2)
        self.reminder_list.itemChanged.connect(self._on_edited)
        self.reminder_list.itemSelectionChanged.connect(self._on_edited)
        self.reminder_list.itemActivated.connect(self._on_reminder_list_item_activated)
        row = QHBoxLayout()
        row.addWidget(self.reminder_list, 1)
        buttons = QVBoxLayout()
        self.add_reminder_button = QPushButton(_("&Add…"))
        self.add_reminder_button.setAccessibleName(_("Add a reminder"))
        self.add_reminder_button.clicked.connect(self._on_add_reminder_button_clicked)
        self.edit_reminder_button = QPushButton(_("&Edit…"))
        self.edit_reminder_button.setAccessibleName(_("Edit the selected reminder"))
        self.edit_reminder_button.clicked.connect(self._on_edit_reminder_button_clicked)
        self.remove_reminder_button = QPushButton(_("&Remove"))
        self.remove_reminder_button.setAccessibleName(_("Remove the selected reminder"))
        self.remove_reminder_button.clicked.connect(self._on_remove_reminder_button_clicked)
        for button in (
            self.add_reminder_button,
            self.edit_reminder_button,
            self.remove_reminder_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        row.addLayout(buttons)
        layout.addLayout(row)
        self.reminder_note = QLabel()
        self.reminder_note.setObjectName("reminders.note")
        self.reminder_note.setWordWrap(True)
        layout.addWidget(self.reminder_note)
        return page

    # ------------------------------------------------------------ field helpers

    def _error_label(self) -> QLabel:
        label = QLabel()
        label.setObjectName("error")
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        # The theme's red, so that it reads on light and dark palettes alike.
        red = style.palette(style.is_dark(self.palette())).danger
        pal = label.palette()
        pal.setColor(QPalette.ColorRole.WindowText, QColor(red))
        label.setPalette(pal)
        label.hide()
        return label

    def _lock_text(self, reason: str) -> str:
        return _("Locked: {reason}.").format(reason=reason)

    def _register(
        self, form: QFormLayout, key: str, widget: QWidget, label_text: str, focus: QWidget
    ) -> None:
        """Add ``widget`` for ``key`` to ``form`` with its label, error and lock note."""
        description = _describe(key)
        label = QLabel(label_text)
        label.setBuddy(focus)
        widget.setToolTip(description)
        # A group of boxes (the days) is named as a whole; each box keeps its own name.
        named = focus if focus is widget else widget
        named.setAccessibleName(label_text.replace("&", "").rstrip(":"))
        named.setAccessibleDescription(description)
        error = self._error_label()
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        column.addWidget(error)
        if key in self._locked:
            widget.setEnabled(False)
            lock = QLabel(self._lock_text(self._locked[key]))
            lock.setObjectName("locked")
            column.addWidget(lock)
        form.addRow(label, holder)
        self._fields[key] = _Field(key, widget, error)

    def _add_spin(self, form: QFormLayout, key: str) -> None:
        spec = schema.spec_for(key)
        spin = QSpinBox()
        spin.setObjectName(key)
        assert spec.min is not None
        assert spec.max is not None
        spin.setRange(spec.min, spec.max)
        spin.setSuffix(_suffixes().get(spec.unit, ""))
        spin.setKeyboardTracking(True)
        spin.valueChanged.connect(self._on_edited)
        line = spin.lineEdit()
        if line is not None:
            line.textEdited.connect(self._on_edited)
        if key == "breaks.long_every":
            spin.setSpecialValueText(_("never"))
        if key == "breaks.max_snoozes":
            spin.setSpecialValueText(_("not allowed"))
        if key == "notifications.lead_seconds":
            spin.setSpecialValueText(_("no warning"))
        if key == "history.keep_days":
            spin.setSpecialValueText(_("forever"))
        if key == "flexcheck.every_days":
            spin.setSpecialValueText(_("never"))
        self._register(form, key, spin, _labels()[key], spin)

    def _add_check(self, layout: QVBoxLayout, key: str) -> None:
        box = QCheckBox(_labels()[key])
        box.setObjectName(key)
        description = _describe(key)
        box.setToolTip(description)
        box.setAccessibleName(_labels()[key].replace("&", ""))
        box.setAccessibleDescription(description)
        box.toggled.connect(self._on_edited)
        error = self._error_label()
        layout.addWidget(box)
        if key in self._locked:
            box.setEnabled(False)
            lock = QLabel(self._lock_text(self._locked[key]))
            lock.setObjectName("locked")
            lock.setContentsMargins(24, 0, 0, 0)
            layout.addWidget(lock)
        layout.addWidget(error)
        self._fields[key] = _Field(key, box, error)

    def _describe_time(self, edit: QTimeEdit, key: str) -> None:
        edit.setAccessibleDescription(
            _("{time}. {description}").format(time=edit.text(), description=_describe(key))
        )

    def _show_value(self, fld: _Field, value: object) -> None:
        widget = fld.widget
        if isinstance(widget, QComboBox):
            widget.setCurrentIndex(max(0, widget.findData(value)))
        elif isinstance(widget, QSpinBox) and isinstance(value, int):
            widget.setValue(value)
        elif isinstance(widget, QCheckBox):
            widget.setChecked(bool(value))
        elif isinstance(widget, QTimeEdit) and isinstance(value, str):
            widget.setTime(QTime.fromString(value, "HH:mm"))
        elif fld.key == "schedule.days" and isinstance(value, tuple):
            for day, box in self._day_boxes.items():
                box.setChecked(day in value)

    def _read_value(self, key: str) -> object:
        widget = self._fields[key].widget
        if isinstance(widget, QComboBox):
            return widget.currentData()
        if isinstance(widget, QSpinBox):
            return widget.value()
        if isinstance(widget, QCheckBox):
            return widget.isChecked()
        if isinstance(widget, QTimeEdit):
            return widget.time().toString("HH:mm")
        return tuple(day for day, box in self._day_boxes.items() if box.isChecked())

    def _check(self, key: str, fld: _Field) -> str:
        widget = fld.widget
        if isinstance(widget, QSpinBox) and not widget.hasAcceptableInput():
            spec = schema.spec_for(key)
            return _("Enter a whole number from {lo} to {hi}.").format(lo=spec.min, hi=spec.max)
        if key == "schedule.days" and key not in self._locked and not self._read_value(key):
            return _("Choose at least one working day.")
        return ""

    # ------------------------------------------------------------ stretches

    def _fill_stretch_list(self, prefs: Preferences) -> None:
        self.stretch_list.clear()
        known = self._stretch_ids
        order = [s for s in prefs.stretches.order if s in known]
        order += [s for s in prefs.stretches.enabled if s in known and s not in order]
        order += [s for s in known if s not in order]
        order_locked = "stretches.order" in self._locked
        enabled_locked = "stretches.enabled" in self._locked
        for stretch_id in order:
            name = self._stretch_name(stretch_id)
            detail = self._details.get(stretch_id, "")
            item = QListWidgetItem(f"{name}\n{detail}" if detail else name)
            item.setData(Qt.ItemDataRole.UserRole, stretch_id)
            item.setData(
                Qt.ItemDataRole.AccessibleTextRole, f"{name}. {detail}" if detail else name
            )
            # The figures are drawn after the dialog is up (see load_thumbnails).
            picture = self._pictures.get(stretch_id)
            item.setIcon(QIcon(picture if picture is not None else self._placeholder()))
            flags = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled
            if not enabled_locked:
                flags |= Qt.ItemFlag.ItemIsUserCheckable
            if not order_locked:
                flags |= Qt.ItemFlag.ItemIsDragEnabled
            item.setFlags(flags)
            checked = stretch_id in prefs.stretches.enabled
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.stretch_list.addItem(item)
        if self.stretch_list.count():
            self.stretch_list.setCurrentRow(0)
        if self._thumbnails is not None and not self._thumbs_pending:
            self._thumbs_pending = True
            QTimer.singleShot(0, self, self._load_next_thumbnail)

    def _placeholder(self) -> QPixmap:
        if self._placeholder_pixmap is None:
            self._placeholder_pixmap = placeholder_thumbnail(self.palette())
        return self._placeholder_pixmap

    def _missing_thumbnail(self) -> str | None:
        for row in range(self.stretch_list.count()):
            stretch_id = str(self.stretch_list.item(row).data(Qt.ItemDataRole.UserRole))
            if stretch_id not in self._pictures:
                return stretch_id
        return None

    def _load_next_thumbnail(self) -> None:
        """Draw one stretch's picture, then let the dialog breathe before the next one."""
        stretch_id = self._missing_thumbnail()
        if stretch_id is None:
            self._thumbs_pending = False
            return
        self._draw_thumbnail(stretch_id)
        QTimer.singleShot(0, self, self._load_next_thumbnail)

    def _draw_thumbnail(self, stretch_id: str) -> None:
        picture: QPixmap | None = None
        if self._thumbnails is not None:
            try:
                picture = self._thumbnails(stretch_id)
            except Exception:  # a stretch that cannot be drawn keeps the placeholder
                picture = None
        self._pictures[stretch_id] = (
            picture if picture is not None and not picture.isNull() else None
        )
        if picture is None or picture.isNull():
            return
        for row in range(self.stretch_list.count()):
            item = self.stretch_list.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == stretch_id:
                item.setIcon(QIcon(picture))

    def load_thumbnails(self) -> None:
        """Draw every picture still missing now (the dialog draws them one by one once open)."""
        while (stretch_id := self._missing_thumbnail()) is not None:
            self._draw_thumbnail(stretch_id)

    def _stretch_order(self) -> tuple[str, ...]:
        return tuple(
            str(self.stretch_list.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.stretch_list.count())
        )

    def _stretch_enabled(self) -> tuple[str, ...]:
        return tuple(
            str(self.stretch_list.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.stretch_list.count())
            if self.stretch_list.item(i).checkState() == Qt.CheckState.Checked
        )

    def _move_current(self, step: int) -> None:
        row = selected_row(self.stretch_list)
        target = row + step
        if row < 0 or not 0 <= target < self.stretch_list.count():
            return
        item = self.stretch_list.takeItem(row)
        self.stretch_list.insertItem(target, item)
        self.stretch_list.setCurrentRow(target)
        self._on_edited()

    # ------------------------------------------------------------ reminders

    def reminder_list_values(self) -> tuple[Reminder, ...]:
        """The reminders as listed, each ticked on or off."""
        found: list[Reminder] = []
        for row in range(self.reminder_list.count()):
            item = self.reminder_list.item(row)
            reminder = item.data(Qt.ItemDataRole.UserRole)
            assert isinstance(reminder, Reminder)
            enabled = item.checkState() == Qt.CheckState.Checked
            found.append(dataclasses.replace(reminder, enabled=enabled))
        return tuple(found)

    def _fill_reminder_list(self, items: Sequence[Reminder], current: int = 0) -> None:
        self.reminder_list.clear()
        for reminder in items:
            summary = reminder_summary(reminder)
            item = QListWidgetItem(f"{reminder.text}\n{summary}")
            item.setData(Qt.ItemDataRole.UserRole, reminder)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{reminder.text}. {summary}")
            item.setToolTip(summary)
            item.setFlags(
                Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsEnabled
                | Qt.ItemFlag.ItemIsUserCheckable
            )
            on = Qt.CheckState.Checked if reminder.enabled else Qt.CheckState.Unchecked
            item.setCheckState(on)
            self.reminder_list.addItem(item)
        if self.reminder_list.count():
            self.reminder_list.setCurrentRow(min(current, self.reminder_list.count() - 1))

    def edit_reminder(self, reminder: Reminder | None) -> Reminder | None:
        """Ask for a new reminder (``None``) or changes to one; None if the user cancelled."""
        return ReminderDialog.ask(reminder, parent=self)

    def _on_add_reminder_button_clicked(self) -> None:
        items = self.reminder_list_values()
        if len(items) >= MAX_REMINDERS:
            return
        added = self.edit_reminder(None)
        if added is not None:
            self._fill_reminder_list((*items, added), current=len(items))
            self._on_edited()
            self.reminder_list.setFocus()

    def _on_edit_reminder_button_clicked(self) -> None:
        row = selected_row(self.reminder_list)
        items = self.reminder_list_values()
        if not 0 <= row < len(items):
            return
        changed = self.edit_reminder(items[row])
        if changed is not None:
            self._fill_reminder_list((*items[:row], changed, *items[row + 1 :]), current=row)
            self._on_edited()
            self.reminder_list.setFocus()

    def _on_reminder_list_item_activated(self, _item: QListWidgetItem) -> None:
        self._on_edit_reminder_button_clicked()

    def _on_remove_reminder_button_clicked(self) -> None:
        row = selected_row(self.reminder_list)
        items = self.reminder_list_values()
        if not 0 <= row < len(items):
            return
        self._fill_reminder_list(items[:row] + items[row + 1 :], current=row)
        self._on_edited()

    def _update_reminder_buttons(self) -> None:
        count = self.reminder_list.count()
        selected = 0 <= selected_row(self.reminder_list) < count
        self.add_reminder_button.setEnabled(count < MAX_REMINDERS)
        self.edit_reminder_button.setEnabled(selected)
        self.remove_reminder_button.setEnabled(selected)
        n = MAX_REMINDERS
        if count >= n:
            note = ngettext(
                "That is {n} reminder, the most there can be; remove one to add another.",
                "That is {n} reminders, the most there can be; remove one to add another.",
                n,
            )
        elif not count:
            note = _("No reminders yet. Press Add to make one.")
        else:
            note = ngettext(
                "Up to {n} reminder; double-click or press Enter on one to edit it.",
                "Up to {n} reminders; double-click or press Enter on one to edit it.",
                n,
            )
        self.reminder_note.setText(note.format(n=n))

    # ------------------------------------------------------------ reactions

    def _on_edited(self, *_args: object) -> None:
        if self._loading:
            return
        problems = self.problems()
        for key, fld in self._fields.items():
            reason = problems.get(key, "")
            fld.error.setText(reason)
            fld.error.setVisible(bool(reason))
        reason = problems.get("stretches.enabled", "")
        self.stretch_error.setText(reason)
        self.stretch_error.setVisible(bool(reason))
        self._update_enabled_states()
        self.hours_note.setText(self._hours_text())
        current = self.preferences()
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(current is not None)
        apply = self.buttons.button(QDialogButtonBox.StandardButton.Apply)
        apply.setEnabled(current is not None and current != self._applied)

    def _hours_text(self) -> str:
        """What the working hours as entered mean (a day past midnight is allowed on purpose)."""
        start = str(self._read_value("schedule.start"))
        end = str(self._read_value("schedule.end"))
        if start == end:
            return _("The day starts and ends at the same time, so reminders run around the clock.")
        if runs_past_midnight(time.fromisoformat(start), time.fromisoformat(end)):
            return _(
                "Your day runs past midnight: from {start} until {end} the next morning. "
                "Outside these hours DeskStretch stays quiet."
            ).format(start=start, end=end)
        return _("Outside these hours DeskStretch stays quiet.")

    def _update_enabled_states(self) -> None:
        """Fields that only matter when their switch is on follow that switch."""
        schedule_on = self._read_value("schedule.enabled")
        for key in ("schedule.days", "schedule.start", "schedule.end"):
            self._fields[key].widget.setEnabled(bool(schedule_on) and key not in self._locked)
        self.hours_note.setEnabled(bool(schedule_on))
        notify_on = self._read_value("notifications.enabled")
        lead = "notifications.lead_seconds"
        self._fields[lead].widget.setEnabled(bool(notify_on) and lead not in self._locked)
        row = selected_row(self.stretch_list)
        movable = "stretches.order" not in self._locked
        self.up_button.setEnabled(movable and row > 0)
        self.down_button.setEnabled(movable and 0 <= row < self.stretch_list.count() - 1)
        micro_on = self._read_value("micro.enabled")
        for key in ("micro.interval_minutes", "micro.seconds"):
            self._fields[key].widget.setEnabled(bool(micro_on) and key not in self._locked)
        self._update_reminder_buttons()

    def _on_buttons_accepted(self) -> None:
        prefs = self.preferences()
        if prefs is None:
            return
        self._result = prefs
        self.accept()

    def _on_buttons_clicked(self, button: QAbstractButton) -> None:
        role = self.buttons.standardButton(button)
        if role == QDialogButtonBox.StandardButton.Apply:
            prefs = self.preferences()
            if prefs is None:
                return
            if self._apply is not None:
                self._apply(prefs)
            self._applied = prefs
            self._on_edited()
        elif role == QDialogButtonBox.StandardButton.RestoreDefaults:
            restored = self._defaults
            for key in self._locked:  # locked keys keep the organisation's value
                restored = schema.with_value_unchecked(
                    restored, key, schema.get_value(self._initial, key)
                )
            self.set_preferences(restored)


def reminder_summary(reminder: Reminder) -> str:
    """ "every 60 min · Mon, Fri · 09:00–17:00" for the list of reminders."""
    every = reminder.interval_minutes
    parts = [ngettext("every {n} min", "every {n} min", every).format(n=every)]
    names = _day_names()
    if reminder.days and len(reminder.days) < len(WEEKDAYS):
        parts.append(", ".join(names[d] for d in reminder.days))
    else:
        parts.append(_("every day"))
    if reminder.start and reminder.end:
        parts.append(f"{reminder.start}–{reminder.end}")
    if not reminder.enabled:
        parts.append(_("off"))
    return " · ".join(parts)


class ReminderDialog(QDialog):
    """Add or edit one reminder; OK stays disabled while something is wrong, and says what."""

    def __init__(self, reminder: Reminder | None = None, parent: QWidget | None = None) -> None:
        """Show ``reminder`` for editing, or an empty one to add."""
        super().__init__(parent)
        self.setObjectName("ReminderDialog")
        self.setWindowTitle(_("Edit Reminder") if reminder else _("Add Reminder"))
        shown = reminder or Reminder("")
        self._enabled = shown.enabled
        self._result: Reminder | None = None
        form = QFormLayout()

        self.text_edit = QLineEdit(shown.text)
        self.text_edit.setObjectName("reminder.text")
        self.text_edit.setPlaceholderText(_("e.g. Drink some water"))
        self._name(
            self.text_edit,
            _("Reminder text"),
            ngettext(
                "What the notification says: one line, at most {n} character.",
                "What the notification says: one line, at most {n} characters.",
                reminder_checks.TEXT_MAX,
            ).format(n=reminder_checks.TEXT_MAX),
        )
        self.text_edit.textChanged.connect(self._on_edited)
        self._row(form, _("&Text:"), self.text_edit)

        self.every_spin = QSpinBox()
        self.every_spin.setObjectName("reminder.interval_minutes")
        self.every_spin.setRange(reminder_checks.MIN_MINUTES, reminder_checks.MAX_MINUTES)
        self.every_spin.setSuffix(_(" min"))
        self.every_spin.setValue(shown.interval_minutes)
        self._name(
            self.every_spin,
            _("Remind every"),
            _("Minutes between two showings, from {lo} to {hi}.").format(
                lo=reminder_checks.MIN_MINUTES, hi=reminder_checks.MAX_MINUTES
            ),
        )
        self.every_spin.valueChanged.connect(self._on_edited)
        line = self.every_spin.lineEdit()
        if line is not None:
            line.textEdited.connect(self._on_edited)
        self._row(form, _("Remind &every:"), self.every_spin)

        days = QWidget()
        days_row = QHBoxLayout(days)
        days_row.setContentsMargins(0, 0, 0, 0)
        self.day_boxes: dict[str, QCheckBox] = {}
        names = _day_names()
        for day in WEEKDAYS:
            box = QCheckBox(names[day])
            box.setObjectName(f"reminder.days.{day}")
            self._name(
                box,
                _("Remind on {day}").format(day=names[day]),
                _("Untick the days this reminder should not show."),
            )
            box.setChecked(not shown.days or day in shown.days)
            box.toggled.connect(self._on_edited)
            self.day_boxes[day] = box
            days_row.addWidget(box)
        days_row.addStretch(1)
        self._row(form, _("&Days:"), days, self.day_boxes["mon"])

        self.window_check = QCheckBox(_("&Only between"))
        self.window_check.setObjectName("reminder.window")
        self._name(
            self.window_check,
            _("Only between two times"),
            _("Off: all day. On: only from the first time until the second."),
        )
        self.window_check.setChecked(bool(shown.start))
        self.window_check.toggled.connect(self._on_edited)
        self.start_edit = QTimeEdit(QTime.fromString(shown.start or "09:00", "HH:mm"))
        self.end_edit = QTimeEdit(QTime.fromString(shown.end or "17:00", "HH:mm"))
        hours = QWidget()
        hours_row = QHBoxLayout(hours)
        hours_row.setContentsMargins(0, 0, 0, 0)
        hours_row.addWidget(self.window_check)
        for edit, name, what in (
            (self.start_edit, _("From"), _("The reminder shows from this time on.")),
            (self.end_edit, _("Until"), _("The reminder shows until this time.")),
        ):
            edit.setDisplayFormat("HH:mm")
            self._name(edit, name, what)
            edit.timeChanged.connect(self._on_edited)
            if edit is self.end_edit:
                hours_row.addWidget(QLabel(_("and")))
            hours_row.addWidget(edit)
        hours_row.addStretch(1)
        self.start_edit.setObjectName("reminder.start")
        self.end_edit.setObjectName("reminder.end")
        self._row(form, _("Hours:"), hours, None)

        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        red = style.palette(style.is_dark(self.palette())).danger
        pal = self.error.palette()
        pal.setColor(QPalette.ColorRole.WindowText, QColor(red))
        self.error.setPalette(pal)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self._on_edited()

    @classmethod
    def ask(
        cls, reminder: Reminder | None = None, parent: QWidget | None = None
    ) -> Reminder | None:
        """Show the dialog modally; the reminder on OK, None on Cancel."""
        dialog = cls(reminder, parent)
        try:
            accepted = dialog.exec() == QDialog.DialogCode.Accepted
            return dialog.chosen() if accepted else None
        finally:
            dialog.deleteLater()

    def chosen(self) -> Reminder | None:
        """What OK returned (None until the user pressed OK)."""
        return self._result

    def _name(self, widget: QWidget, name: str, description: str) -> None:
        widget.setAccessibleName(name)
        widget.setAccessibleDescription(description)
        widget.setToolTip(description)

    def _row(
        self, form: QFormLayout, text: str, widget: QWidget, buddy: QWidget | None = None
    ) -> None:
        label = QLabel(text)
        focus = buddy if buddy is not None else widget
        if "&" in text:
            label.setBuddy(focus)
        form.addRow(label, widget)

    def reminder(self) -> Reminder:
        """The reminder as entered.

        Raises:
            ReminderError: Saying what is wrong, in the store's words for the field.
        """
        if not self.every_spin.hasAcceptableInput():
            raise reminder_checks.ReminderError(
                "interval_minutes",
                _("Enter a whole number of minutes from {lo} to {hi}.").format(
                    lo=reminder_checks.MIN_MINUTES, hi=reminder_checks.MAX_MINUTES
                ),
            )
        days = [d for d, box in self.day_boxes.items() if box.isChecked()]
        if not days:
            raise reminder_checks.ReminderError(
                "days", _("Choose at least one day (all of them: every day).")
            )
        window = self.window_check.isChecked()
        try:
            return reminder_checks.make_reminder(
                self.text_edit.text(),
                self.every_spin.value(),
                () if len(days) == len(WEEKDAYS) else days,
                self.start_edit.time().toString("HH:mm") if window else "",
                self.end_edit.time().toString("HH:mm") if window else "",
                self._enabled,
            )
        except reminder_checks.ReminderError as exc:
            # The checker names settings keys ("reminder.text"); the dialog names its fields.
            message = _dialog_message(exc, self.text_edit.text().strip())
            raise reminder_checks.ReminderError(exc.field, message) from None

    def problem(self) -> str:
        """Why OK is refused ("" when the reminder is fine)."""
        try:
            self.reminder()
        except reminder_checks.ReminderError as exc:
            return str(exc)
        return ""

    def _on_edited(self, *_args: object) -> None:
        window = self.window_check.isChecked()
        self.start_edit.setEnabled(window)
        self.end_edit.setEnabled(window)
        reason = self.problem()
        # An empty new reminder is not an error yet: it is where everyone starts.
        shown = "" if not self.text_edit.text() and not self.text_edit.isModified() else reason
        self.error.setText(shown)
        self.error.setVisible(bool(shown))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not reason)

    def _on_buttons_accepted(self) -> None:
        try:
            self._result = self.reminder()
        except reminder_checks.ReminderError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        self.accept()
