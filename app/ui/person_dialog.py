"""Add a person (betrokkene) to the household."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.cases.model import MAX_AGE, MAX_NAME_LENGTH, Role, validate_person
from app.errors import ValidationError
from app.i18n import _
from app.ui.accessibility import show_error
from app.ui.style import Tone, set_tone


@dataclass(frozen=True)
class PersonInput:
    name: str
    role: Role
    date_of_birth: date | None
    age: int | None
    parental_authority: bool | None


class PersonDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Betrokkene toevoegen"))
        self.name = QLineEdit()
        self.name.setMaxLength(MAX_NAME_LENGTH)
        self.role = QComboBox()
        for role in Role:
            self.role.addItem(role.label, role)
        self.known_dob = QCheckBox(_("Geboortedatum bekend"))
        self.dob = QDateEdit()
        self.dob.setCalendarPopup(True)
        self.dob.setDisplayFormat("dd-MM-yyyy")
        self.dob.setMaximumDate(QDate.currentDate())
        self.dob.setDate(QDate.currentDate().addYears(-10))
        self.age = QSpinBox()
        self.age.setRange(-1, MAX_AGE)
        self.age.setSpecialValueText(_("onbekend"))
        self.age.setValue(-1)
        self.authority = QComboBox()
        for text, value in ((_("Onbekend"), None), (_("Ja"), True), (_("Nee"), False)):
            self.authority.addItem(text, value)
        self.error = QLabel()
        self.error.setWordWrap(True)
        set_tone(self.error, Tone.ERROR)

        form = QFormLayout()
        for text, widget in ((_("&Naam"), self.name), (_("&Rol"), self.role),
                             ("", self.known_dob), (_("&Geboortedatum"), self.dob),
                             (_("&Leeftijd (geschat)"), self.age),
                             (_("Heeft &gezag over een kind"), self.authority)):
            label = QLabel(text)
            label.setBuddy(widget)
            form.addRow(label, widget)
            if text:
                widget.setAccessibleName(text.replace("&", ""))
        self.known_dob.setAccessibleName(self.known_dob.text())
        self.known_dob.toggled.connect(self._dob_toggled)
        self._dob_toggled(False)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Toevoegen"))
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def _dob_toggled(self, on: bool) -> None:
        self.dob.setEnabled(on)
        self.age.setEnabled(not on)

    def value(self) -> PersonInput:
        dob = self.dob.date().toPython() if self.known_dob.isChecked() else None
        age = None if dob or self.age.value() < 0 else self.age.value()
        return PersonInput(self.name.text().strip(), self.role.currentData(), dob, age,
                           self.authority.currentData())

    def _accept(self) -> None:
        value = self.value()
        try:
            validate_person(value.name, value.date_of_birth, value.age, date.today())
        except ValidationError as exc:
            show_error(self.error, exc.message)
            return
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None) -> PersonInput | None:
        dialog = cls(parent)
        value = dialog.value() if dialog.exec() == QDialog.DialogCode.Accepted else None
        dialog.deleteLater()
        return value
