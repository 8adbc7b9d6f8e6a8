"""Add a person (betrokkene) to the household, or change one.

The fields follow ``PERSON_FIELDS`` (app.cases.model): one editor per
declared field, by its kind. Changing a person asks for a reason when a
filled-in value changes; the earlier version stays in the history.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.cases.model import (
    MAX_AGE,
    PERSON_FIELDS,
    FieldKind,
    Person,
    Role,
    edit_needs_reason,
    initials,
    validate_person_details,
)
from app.errors import ValidationError
from app.i18n import _
from app.services import cases as case_service
from app.services import fields as fields_service
from app.services.exchange import field_label
from app.ui.accessibility import show_error
from app.ui.forms.date_field import DateField
from app.ui.style import Tone, set_tone
from app.ui.versions_box import VersionsBox
from app.ui.widgets.scrolling import scrolling

#: The person a new entry is checked as, before it has an id.
_NEW_ID = "new"


def _with_mnemonic(text: str, used: set[str]) -> str:
    """``text`` with an Alt-key on its first letter no other label has yet,
    so every field is reachable with the keyboard in any language."""
    for i, char in enumerate(text):
        if char.isalpha() and char.lower() not in used:
            used.add(char.lower())
            return f"{text[:i]}&{text[i:]}"
    return text


def _narrow_combo() -> QComboBox:
    """A choice that may be narrower than its longest entry (a long name)."""
    combo = QComboBox()
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(12)
    return combo


class PersonDialog(QDialog):
    """``values()`` gives the declared fields; ``reason()`` why they changed."""

    def __init__(self, parent: QWidget | None = None, person: Person | None = None,
                 others: tuple[Person, ...] = (), discreet: bool = False) -> None:
        super().__init__(parent)
        self.person = person
        self.others = tuple(p for p in others if person is None or p.id != person.id)
        self.setWindowTitle(_("Betrokkene wijzigen") if person else _("Betrokkene toevoegen"))
        self.editors: dict[str, QWidget] = {}
        form = QFormLayout()
        # Labels go above their field when the dialog is narrow (large text).
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        used: set[str] = set()
        for f in PERSON_FIELDS:
            editor = self._editor(f.kind, f.max_length, discreet)
            self.editors[f.name] = editor
            label = QLabel(_with_mnemonic(_(f.label), used))
            focus = editor.focusProxy() or editor
            label.setBuddy(focus)
            focus.setAccessibleName(_(f.label))
            form.addRow(label, editor)
        self._form = form
        self.reason_edit = QLineEdit()
        self.reason_edit.setMaxLength(1000)
        self.reason_label = QLabel(_("Waarom verander je dit?"))
        self.reason_label.setBuddy(self.reason_edit)
        self.reason_edit.setAccessibleName(self.reason_label.text())
        form.addRow(self.reason_label, self.reason_edit)
        self.reason_label.setVisible(person is not None)
        self.reason_edit.setVisible(person is not None)

        self.editors["date_of_birth"].edited.connect(self._dob_typed)
        self.editors["role"].currentIndexChanged.connect(self._role_changed)
        self._fill(person)
        self.error = QLabel()
        self.error.setWordWrap(True)
        set_tone(self.error, Tone.ERROR)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            _("Opslaan") if person else _("Toevoegen"))
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        # The form scrolls, the buttons stay: it must fit a small screen.
        body = QWidget()
        body.setLayout(form)
        layout = QVBoxLayout(self)
        layout.addWidget(scrolling(body), 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def _editor(self, kind: FieldKind, max_length: int, discreet: bool) -> QWidget:
        if kind is FieldKind.TEXT:
            edit = QLineEdit()
            edit.setMaxLength(max_length)
            return edit
        if kind is FieldKind.ROLE:
            combo = _narrow_combo()
            for role in Role:
                combo.addItem(role.label, role.value)
            return combo
        if kind is FieldKind.DATE:
            # Typed as the worker writes it (14-5-18, 14 mei 2018) or picked from
            # the calendar; left empty, the estimated age counts.
            return DateField(date.today(), latest=date.today())
        if kind is FieldKind.AGE:
            age = QSpinBox()
            age.setRange(-1, MAX_AGE)
            age.setSpecialValueText(_("onbekend"))
            age.setValue(-1)
            return age
        combo = _narrow_combo()
        if kind is FieldKind.YES_NO:
            for text, value in ((_("Onbekend"), None), (_("Ja"), True), (_("Nee"), False)):
                combo.addItem(text, value)
        else:  # FieldKind.PERSON: someone else of the case
            combo.addItem(_("Niemand: eigen adres hierboven"), None)
            for other in self.others:
                combo.addItem(initials(other.name) if discreet else other.name, other.id)
        return combo

    def _fill(self, person: Person | None) -> None:
        if person is None:
            self._role_changed()
            return
        for f in PERSON_FIELDS:
            self._show_value(f.name, getattr(person, f.name))
        self._role_changed()
        self._dob_typed()

    def _show_value(self, name: str, value: Any) -> None:
        kind = next(f.kind for f in PERSON_FIELDS if f.name == name)
        editor = self.editors[name]
        if kind is FieldKind.TEXT:
            editor.setText(value)
        elif kind is FieldKind.DATE:
            if value is not None:
                editor.set_value(value)
        elif kind is FieldKind.AGE:
            editor.setValue(-1 if value is None else value)
        else:
            index = editor.findData(value.value if kind is FieldKind.ROLE else value)
            editor.setCurrentIndex(max(index, 0))

    def show_versions(self, store, seen: dict) -> None:
        """Under every field of this person in conflict, its versions, to
        choose one right here; ``seen`` (the form's heads) follows the choice,
        so saving the form afterwards is no new edit."""
        if self.person is None:
            return
        person_id, case_id = self.person.id, self.person.case_id
        self.versions: dict[str, VersionsBox] = {}
        rows = fields_service.conflicts_of(store, fields_service.PERSON, person_id)
        for name, row in rows.items():
            if name not in self.editors:
                continue
            box = VersionsBox(store, row, field_label(fields_service.PERSON, name), self)

            def settled(_value, heads, name=name) -> None:
                seen.update(heads)
                now = next(p for p in case_service.find_case(store, case_id).people
                           if p.id == person_id)
                self._show_value(name, getattr(now, name))
                self._role_changed()
                self._dob_typed()

            box.resolved.connect(settled)
            where, _role = self._form.getWidgetPosition(self.editors[name])
            self._form.insertRow(where + 1, box)
            self.versions[name] = box

    def _dob_typed(self) -> None:
        # A date of birth says the age.
        self.editors["age"].setEnabled(self.editors["date_of_birth"].value() is None)

    def _role_changed(self) -> None:
        # A school or day-care is asked for a child only.
        self.editors["school"].setEnabled(self.editors["role"].currentData() == Role.CHILD.value)

    def values(self) -> dict[str, Any]:
        """Every declared field as typed (the school only for a child)."""
        found: dict[str, Any] = {}
        for f in PERSON_FIELDS:
            editor = self.editors[f.name]
            if f.kind is FieldKind.TEXT:
                found[f.name] = editor.text() if editor.isEnabled() else ""
            elif f.kind is FieldKind.DATE:
                typed = editor.value()
                found[f.name] = typed if isinstance(typed, date) else None
            elif f.kind is FieldKind.AGE:
                found[f.name] = None if editor.value() < 0 else editor.value()
            elif f.kind is FieldKind.ROLE:
                found[f.name] = Role(editor.currentData())
            else:
                found[f.name] = editor.currentData()
        if found["date_of_birth"] is not None:
            found["age"] = None
        return found

    def reason(self) -> str:
        return self.reason_edit.text().strip()

    def _candidate(self) -> Person:
        base = self.person or Person(_NEW_ID, "", "", Role.CHILD)
        return replace(base, **self.values())

    def _accept(self) -> None:
        if isinstance(self.editors["date_of_birth"].value(), str):
            show_error(self.error, _("Vul de geboortedatum in als dag-maand-jaar, bijvoorbeeld "
                                     "14-05-2018, of laat hem leeg."))
            return
        candidate = self._candidate()
        try:
            checked = validate_person_details(candidate, self.others + (candidate,), date.today())
            if self.person is not None and edit_needs_reason(self.person, checked) \
                    and not self.reason():
                raise ValidationError(_("Schrijf op waarom je dit verandert. De vorige "
                                        "gegevens blijven bewaard."), field="reason")
        except ValidationError as exc:
            show_error(self.error, exc.message)
            return
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, person: Person | None = None,
            others: tuple[Person, ...] = (), discreet: bool = False, store=None,
            seen: dict | None = None) -> tuple[dict[str, Any], str] | None:
        """(values, reason) or ``None`` when cancelled. With ``store`` and
        ``seen`` (changing a person), fields in conflict show their versions."""
        dialog = cls(parent, person, others, discreet)
        if store is not None and seen is not None:
            dialog.show_versions(store, seen)
        answer = None
        if dialog.exec() == QDialog.DialogCode.Accepted:
            answer = (dialog.values(), dialog.reason())
        dialog.deleteLater()
        return answer
