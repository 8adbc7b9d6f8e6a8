"""Wachtwoord wijzigen: the current passphrase (or the recovery key), then the
new one twice, with the same strength hint as the setup screen.

The dialog only collects the three texts and hands them to ``change``; the
screen that opens it passes the service call, for example::

    ChangePassphraseDialog(
        lambda old, new, rep: change_passphrase(store.path, old, new, rep, store=store))

    ChangePassphraseDialog(
        lambda key, new, rep: reset_passphrase_with_recovery_key(path, key, new, rep),
        recovery=True)

An error a user can cause (``VeiligwijzerError``) is shown in the dialog and
the field concerned gets the focus; the dialog stays open.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from app.errors import ValidationError, VeiligwijzerError
from app.i18n import _
from app.security.passphrase import assess
from app.ui.accessibility import show_error
from app.ui.style import STRENGTH_TONES, Tone, set_tone
from app.ui.widgets.passphrase_field import PassphraseField

Change = Callable[[str, str, str], None]


class ChangePassphraseDialog(QDialog):
    def __init__(self, change: Change, parent: QWidget | None = None, *,
                 recovery: bool = False) -> None:
        super().__init__(parent)
        self._change, self.recovery = change, recovery
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.old = PassphraseField()
        if recovery:  # a recovery key is read from paper: show what is typed
            self.old.toggle.setChecked(True)
            self.old.toggle.hide()
        self.new = PassphraseField()
        self.repeated = PassphraseField()
        self.strength = QLabel()
        self.strength.setWordWrap(True)
        self.error = QLabel()
        self.error.setWordWrap(True)
        set_tone(self.error, Tone.ERROR)
        self.old_label, self.new_label, self.repeated_label = QLabel(), QLabel(), QLabel()
        self.old_label.setBuddy(self.old.edit)
        self.new_label.setBuddy(self.new.edit)
        self.repeated_label.setBuddy(self.repeated.edit)
        form = QFormLayout()
        form.addRow(self.old_label, self.old)
        form.addRow(self.new_label, self.new)
        form.addRow("", self.strength)
        form.addRow(self.repeated_label, self.repeated)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        for field in (self.old, self.new, self.repeated):
            field.textChanged.connect(self._update)
        self.old.returnPressed.connect(self.new.setFocus)
        self.new.returnPressed.connect(self.repeated.setFocus)
        self.repeated.returnPressed.connect(self._submit)
        QWidget.setTabOrder(self.old.edit, self.new.edit)
        QWidget.setTabOrder(self.new.edit, self.repeated.edit)
        self.old.setFocus()
        self.retranslate()

    @classmethod
    def ask(cls, change: Change, parent: QWidget | None = None, *,
            recovery: bool = False) -> bool:
        """Modal; True when the passphrase was changed. Tests replace this."""
        dialog = cls(change, parent, recovery=recovery)
        changed = dialog.exec() == QDialog.DialogCode.Accepted
        dialog.deleteLater()  # it held passphrases in its fields
        return changed

    def retranslate(self) -> None:
        if self.recovery:
            self.setWindowTitle(_("Nieuw wachtwoord met herstelsleutel"))
            self.intro.setText(_(
                "Typ de herstelsleutel over van het papier uit de kluis. Streepjes en hoofdletters "
                "maken niet uit. Kies daarna een nieuw wachtwoord."))
            self.old_label.setText(_("&Herstelsleutel"))
            old_name = _("Herstelsleutel")
        else:
            self.setWindowTitle(_("Wachtwoord wijzigen"))
            self.intro.setText(_(
                "Je gegevens blijven zoals ze zijn. Na het wijzigen opent alleen het nieuwe "
                "wachtwoord de kluis."))
            self.old_label.setText(_("&Huidig wachtwoord"))
            old_name = _("Huidig wachtwoord")
        self.new_label.setText(_("&Nieuw wachtwoord"))
        self.repeated_label.setText(_("H&erhaal nieuw wachtwoord"))
        for field, name in ((self.old, old_name), (self.new, _("Nieuw wachtwoord")),
                            (self.repeated, _("Herhaal nieuw wachtwoord"))):
            field.set_texts(name, _("Toon"), _("Verberg"))
        self._update()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _update(self, _text: str = "") -> None:
        new = self.new.text()
        if not new:
            self.strength.setText(_("Minstens 10 tekens."))
            set_tone(self.strength, None)
        else:
            strength = assess(new).strength
            self.strength.setText(f"{strength.label} — {strength.hint}")
            set_tone(self.strength, STRENGTH_TONES[strength])
        self.new.edit.setAccessibleDescription(self.strength.text())
        self.ok_button.setEnabled(all(f.text() for f in (self.old, self.new, self.repeated)))

    def _submit(self) -> None:
        if not self.ok_button.isEnabled():
            return
        try:
            self._change(self.old.text(), self.new.text(), self.repeated.text())
        except VeiligwijzerError as exc:
            self.show_error(exc.message, exc.field if isinstance(exc, ValidationError) else "old")
            return
        self._clear()
        self.accept()

    def show_error(self, message: str, field: str | None = None) -> None:
        target = {"repeated": self.repeated, "passphrase": self.new}.get(field or "", self.old)
        target.edit.selectAll()
        show_error(self.error, message, target,
                   self.strength.text() if target is self.new else "")

    def _clear(self) -> None:
        for field in (self.old, self.new, self.repeated):
            field.edit.setText("")

    def reject(self) -> None:
        self._clear()
        super().reject()
