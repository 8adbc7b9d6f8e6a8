"""Herstelsleutel: shows a new recovery key once, in large monospace, with
the advice to print it or write it down and keep it in a safe.

The dialog cannot be closed until the worker ticks "Ik heb de herstelsleutel
bewaard": after closing, the key is gone from the screen and from the app
for good (only its wrapped form is in the key file). The key is not offered
for copying: a clipboard is the wrong place for it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QCloseEvent, QFont, QFontDatabase
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _


class RecoveryKeyDialog(QDialog):
    def __init__(self, recovery_key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.key = QLabel(recovery_key)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setStyleHint(QFont.StyleHint.Monospace)
        font.setPointSizeF(max(font.pointSizeF(), 10.0) * 2)
        font.setBold(True)
        self.key.setFont(font)
        self.key.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # Selectable for a screen reader reading it character by character;
        # not copied anywhere by the app.
        self.key.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard
                                         | Qt.TextInteractionFlag.TextSelectableByMouse)
        self.key.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.advice = QLabel()
        self.advice.setWordWrap(True)
        self.saved = QCheckBox()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.close_button = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        self.close_button.setEnabled(False)
        self.buttons.rejected.connect(self.reject)
        self.saved.toggled.connect(self.close_button.setEnabled)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.key)
        layout.addWidget(self.advice)
        layout.addWidget(self.saved)
        layout.addWidget(self.buttons)
        self.retranslate()

    @classmethod
    def ask(cls, recovery_key: str, parent: QWidget | None = None) -> None:
        """Modal; returns once the worker has confirmed. Tests replace this."""
        dialog = cls(recovery_key, parent)
        dialog.exec()
        dialog.deleteLater()  # shown once: the key does not stay in a hidden window

    def retranslate(self) -> None:
        self.setWindowTitle(_("Herstelsleutel"))
        self.intro.setText(_(
            "Dit is je herstelsleutel. Hiermee open je de kluis en kies je een nieuw "
            "wachtwoord als je het wachtwoord kwijt bent. Je ziet hem alleen nu."))
        self.key.setAccessibleName(_("Herstelsleutel"))
        self.key.setAccessibleDescription(" ".join(self.key.text()))
        self.advice.setText(_(
            "Print hem of schrijf hem over, en bewaar hem op een veilige plek. Niet op deze "
            "computer, niet in je mail, niet op je telefoon. Wie de herstelsleutel heeft, kan "
            "de kluis openen."))
        self.saved.setText(_("Ik heb de herstelsleutel &bewaard"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def reject(self) -> None:
        """Escape, the close button and the window's X all end here."""
        if not self.saved.isChecked():
            self.saved.setFocus()
            return
        self.key.clear()
        self.key.setAccessibleDescription("")
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        if not self.saved.isChecked():
            event.ignore()
            self.saved.setFocus()
            return
        super().closeEvent(event)
