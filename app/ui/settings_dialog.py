"""Instellingen: the interface language, applied at once and remembered, the
idle-lock time (1 to 30 minutes) and the region's form variant, each saved at
once in ``Settings``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, QTimer
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
from app.services import variants as variant_service
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
        self.variant = QComboBox()
        self.variant_label = QLabel()
        self.variant_label.setBuddy(self.variant)
        self._variant_files = variant_service.variant_files()
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.language_label, self.language)
        form.addRow(self.idle_label, self.idle_minutes)
        form.addRow(self.variant_label, self.variant)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)
        self.language.currentIndexChanged.connect(self._changed)
        self.idle_minutes.valueChanged.connect(self._idle_changed)
        self.retranslate()
        self.variant.currentIndexChanged.connect(self._variant_changed)

    def retranslate(self) -> None:
        self.setWindowTitle(_("Instellingen"))
        self.language_label.setText(_("&Taal"))
        self.language.setAccessibleName(_("Taal"))
        self.idle_label.setText(_("&Vergrendelen na"))
        self._show_minutes_suffix()
        self.idle_minutes.setAccessibleName(_("Vergrendelen na zoveel minuten niets doen"))
        self.note.setText(_("De taal verandert meteen, ook in open schermen. Veiligwijzer "
                            "vergrendelt zichzelf als je zo lang niets doet. Een "
                            "formuliervariant van je regio zet je in de map {folder}.").format(
            folder=variant_service.variants_dir()))
        self.variant_label.setText(_("&Formulieren"))
        self.variant.setAccessibleName(_("Formuliervariant van je regio"))
        self._fill_variants()

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

    def _fill_variants(self) -> None:
        """The standard forms, then every variant found; one that cannot be
        used is shown, greyed, with its problem as tooltip."""
        self.variant.blockSignals(True)
        self.variant.clear()
        self.variant.addItem(_("Standaard (geen variant)"), None)
        for entry in self._variant_files:
            if entry.variant is None:
                label = _("{file} (kan niet worden gebruikt)").format(file=entry.name)
            elif entry.example:
                label = _("{variant} (voorbeeld)").format(variant=entry.variant.label)
            else:
                label = entry.variant.label
            self.variant.addItem(label, entry.name)
            index = self.variant.count() - 1
            if entry.variant is None:
                self.variant.model().item(index).setEnabled(False)
                self.variant.setItemData(index, entry.problem, Qt.ItemDataRole.ToolTipRole)
        found = self.variant.findData(self._settings.form_variant)
        self.variant.setCurrentIndex(max(found, 0))
        self.variant.blockSignals(False)

    def _variant_changed(self, _index: int) -> None:
        self._settings.form_variant = self.variant.currentData()
        self._settings.save(self._settings_path)

    def _idle_changed(self, minutes: int) -> None:
        self._show_minutes_suffix()
        self._settings.idle_lock_minutes = minutes
        self._settings.save(self._settings_path)
        if self._on_idle_minutes is not None:
            self._on_idle_minutes(minutes)
