"""Asks how the family plan is written: "je" or "u" to the family, and with a
passphrase for the file, or explicitly without one (with a warning)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.services.documents import Address
from app.ui.accessibility import show_error
from app.ui.address_choice import AddressChoice
from app.ui.style import Tone, set_tone
from app.ui.widgets.passphrase_field import PassphraseField


@dataclass(frozen=True)
class Protection:
    """How the family plan is written: with this passphrase, or unencrypted
    (``None``) after the worker chose that explicitly."""

    passphrase: str | None
    #: The form of address of the plan ("je" unless the worker chose "u").
    address: Address = Address.JE


class ProtectionDialog(QDialog):
    """A passphrase for the file, typed twice, or an explicit choice for no
    encryption with a warning. ``notice``, when given, is shown first: what
    the worker should know about the plan before it is made."""

    def __init__(self, parent: QWidget | None, notice: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Gezinsplan als pdf opslaan"))
        intro = QLabel(_("Het bestand wordt versleuteld. Kies een wachtwoord en geef het "
                         "apart aan het gezin, bijvoorbeeld mondeling."))
        intro.setWordWrap(True)
        self.first, self.second = PassphraseField(), PassphraseField()
        for field, name in ((self.first, _("Wachtwoord voor het bestand")),
                            (self.second, _("Wachtwoord nog een keer"))):
            field.set_texts(name, _("Toon"), _("Verberg"))
        self.plain = QCheckBox(_("Zonder wachtwoord opslaan (om meteen af te drukken)"))
        self.warning = QLabel(_("Let op: zonder wachtwoord kan iedereen die het bestand "
                                "vindt, het plan lezen. Verwijder het na het afdrukken."))
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #b00020; font-weight: 600;")
        self.warning.hide()
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020;")
        self.address_choice = AddressChoice()
        form = QFormLayout()
        form.addRow(self.address_choice)
        form.addRow(_("Wachtwoord:"), self.first)
        form.addRow(_("Nog een keer:"), self.second)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        self.plain.toggled.connect(self._plain)
        layout = QVBoxLayout(self)
        self.notice = QLabel(notice)
        self.notice.setWordWrap(True)
        set_tone(self.notice, Tone.WARNING, "font-weight: 600;")
        self.notice.setVisible(bool(notice))
        # Read out when the dialog opens, before the first field.
        self.setAccessibleDescription(notice)
        for widget in (self.notice, intro):
            layout.addWidget(widget)
        layout.addLayout(form)
        for widget in (self.plain, self.warning, self.error, buttons):
            layout.addWidget(widget)
        self.choice: Protection | None = None

    def _plain(self, on: bool) -> None:
        self.warning.setVisible(on)
        self.first.setEnabled(not on)
        self.second.setEnabled(not on)

    def _accept(self) -> None:
        if self.plain.isChecked():
            self.choice = Protection(None, self.address_choice.address())
        elif not self.first.text():
            show_error(self.error, _("Kies een wachtwoord, of kies voor opslaan zonder "
                                     "wachtwoord."), self.first)
            return
        elif self.first.text() != self.second.text():
            show_error(self.error, _("De twee wachtwoorden zijn niet gelijk."), self.second)
            return
        else:
            self.choice = Protection(self.first.text(), self.address_choice.address())
        self.accept()
