"""Qt's own folder dialog speaks the app's language, and keeps no history."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QAbstractButton, QLabel

from app.ui.file_dialogs import folder_dialog
from app.ui.qt_i18n import apply_language


def _texts(dialog) -> set[str]:
    texts = {w.text().replace("&", "") for w in dialog.findChildren(QLabel) if w.isVisible()}
    texts |= {w.text().replace("&", "") for w in dialog.findChildren(QAbstractButton)
              if w.isVisible() and w.text()}
    texts |= {w.toolTip() for w in dialog.findChildren(QAbstractButton)
              if w.isVisible() and w.toolTip()}
    return texts


def test_every_text_of_the_folder_dialog_is_dutch(qtbot, tmp_path):
    apply_language("nl")
    dialog = folder_dialog(None, "Map voor de back-up")
    qtbot.addWidget(dialog)
    dialog.setDirectory(str(tmp_path))
    dialog.show()
    texts = _texts(dialog)
    assert {"Zoeken in:", "Map:", "Soort bestanden:", "Kiezen", "Annuleren", "Terug"} <= texts
    english = {"Look in:", "Files of type:", "Choose", "Cancel", "Back", "Forward",
               "Create New Folder", "List View", "Detail View", "Parent Directory"}
    assert not texts & english


def test_no_folder_is_remembered_after_the_dialog(qtbot, tmp_path):
    from PySide6.QtCore import QCoreApplication, QEvent, QSettings

    folder = tmp_path / "Familie Yilmaz"
    folder.mkdir()
    dialog = folder_dialog(None, "Map voor de back-up")
    dialog.setDirectory(str(folder))
    dialog.show()
    dialog.accept()
    dialog.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    settings = QSettings(QSettings.Scope.UserScope, "QtProject")
    settings.sync()
    assert settings.value("FileDialog/qtVersion")  # Qt did write its settings ...
    assert settings.value("FileDialog/history") is None  # ... but no folder
    assert settings.value("FileDialog/lastVisited") is None
    assert "Yilmaz" not in Path(settings.fileName()).read_text("utf-8")


def test_the_folder_dialog_follows_english(qtbot, tmp_path):
    apply_language("en")
    try:
        dialog = folder_dialog(None, "Backup")
        qtbot.addWidget(dialog)
        dialog.show()
        assert {"Look in:", "Folder:", "Choose", "Cancel"} <= _texts(dialog)
    finally:
        apply_language("nl")
