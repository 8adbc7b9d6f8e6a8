"""Instellingen: the interface language, applied at once and remembered, and
the idle-lock time (1 to 30 minutes), saved at once in ``Settings``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.config import Settings
from app.i18n import LANGUAGES, _, current_language, ngettext
from app.ui.idle import MAX_MINUTES, MIN_MINUTES


class SettingsDialog(QDialog):
    """``on_language(code)`` is called as soon as another language is chosen.

    The idle-lock minutes are written to ``settings`` (saved to
    ``settings_path``) as soon as they change, and ``on_idle_minutes(n)`` is
    called so the running idle watcher follows. Pass the shell's own
    ``Settings`` object, so that a later save of the language keeps them.
    """

    def __init__(self, on_language: Callable[[str], None], parent: QWidget | None = None, *,
                 settings: Settings | None = None, settings_path: Path | None = None,
                 on_idle_minutes: Callable[[int], None] | None = None) -> None:
        super().__init__(parent)
        self._on_language = on_language
        self._settings = settings if settings is not None else Settings.load(settings_path)
        self._settings_path = settings_path
        self._on_idle_minutes = on_idle_minutes
        self.language = QComboBox()
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(self.language.findData(current_language()))
        self.language_label = QLabel()
        self.language_label.setBuddy(self.language)
        self.idle_minutes = QSpinBox()
        self.idle_minutes.setRange(MIN_MINUTES, MAX_MINUTES)
        self.idle_minutes.setValue(self._settings.idle_lock_minutes)
        self.idle_label = QLabel()
        self.idle_label.setBuddy(self.idle_minutes)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.language_label, self.language)
        form.addRow(self.idle_label, self.idle_minutes)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)
        self.language.currentIndexChanged.connect(self._changed)
        self.idle_minutes.valueChanged.connect(self._idle_changed)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Instellingen"))
        self.language_label.setText(_("&Taal"))
        self.language.setAccessibleName(_("Taal"))
        self.idle_label.setText(_("&Vergrendelen na"))
        self._show_minutes_suffix()
        self.idle_minutes.setAccessibleName(_("Vergrendelen na zoveel minuten niets doen"))
        self.note.setText(_("De taal verandert meteen, ook in open schermen. Veiligwijzer "
                            "vergrendelt zichzelf als je zo lang niets doet."))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            # Other words take other room: grow (or shrink) to the new texts at
            # once, so nothing is cut off.
            QTimer.singleShot(0, self, self.adjustSize)
        super().changeEvent(event)

    def _changed(self, _index: int) -> None:
        self._on_language(self.language.currentData())

    def _show_minutes_suffix(self) -> None:
        """"1 minuut", "5 minuten": the suffix follows the number."""
        self.idle_minutes.setSuffix(ngettext(" minuut", " minuten", self.idle_minutes.value()))

    def _idle_changed(self, minutes: int) -> None:
        self._show_minutes_suffix()
        self._settings.idle_lock_minutes = minutes
        self._settings.save(self._settings_path)
        if self._on_idle_minutes is not None:
            self._on_idle_minutes(minutes)
