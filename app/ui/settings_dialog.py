"""Instellingen: the interface language, applied at once and remembered."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from app.i18n import LANGUAGES, _, current_language


class SettingsDialog(QDialog):
    """``on_language(code)`` is called as soon as another language is chosen."""

    def __init__(self, on_language: Callable[[str], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._on_language = on_language
        self.language = QComboBox()
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(self.language.findData(current_language()))
        self.language_label = QLabel()
        self.language_label.setBuddy(self.language)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.language_label, self.language)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)
        self.language.currentIndexChanged.connect(self._changed)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Instellingen"))
        self.language_label.setText(_("&Taal"))
        self.language.setAccessibleName(_("Taal"))
        self.note.setText(_("De taal verandert meteen, ook in open schermen."))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _changed(self, _index: int) -> None:
        self._on_language(self.language.currentData())
