"""Nieuwe casus: the household's name is all that is needed to start."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.cases.model import MAX_NAME_LENGTH
from app.i18n import _
from app.ui.accessibility import show_error
from app.ui.style import Tone, set_tone


class NewCaseDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Nieuwe casus"))
        self.name = QLineEdit()
        self.name.setMaxLength(MAX_NAME_LENGTH)
        self.name.setAccessibleName(_("Naam van het huishouden"))
        self.name.setPlaceholderText(_("Bijvoorbeeld: Familie Jansen"))
        label = QLabel(_("&Naam van het huishouden"))
        label.setBuddy(self.name)
        self.help = QLabel(_("De naam zie je in de lijst met casussen. Mensen in het "
                             "huishouden voeg je daarna toe."))
        self.help.setWordWrap(True)
        self.error = QLabel()
        set_tone(self.error, Tone.ERROR)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Casus maken"))
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(label, self.name)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.help)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(440, self.sizeHint().height())
        self.name.setFocus()

    def _accept(self) -> None:
        if not self.name.text().strip():
            show_error(self.error, _("Geef het huishouden een naam."), self.name)
            return
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None) -> str | None:
        """The household name, or None when cancelled. Tests replace this."""
        dialog = cls(parent)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        name = dialog.name.text().strip()
        dialog.deleteLater()
        return name if accepted else None
