"""Choosing a folder in Qt's own file dialog, fully in the app's language.

Qt's own dialog rather than the system's: the native one adds the folder to
the system's list of recent places, and the places an export went can say
something about a case ("Familie Yılmaz"). Qt's own dialog writes its history
and last folder to QtProject.conf when it is destroyed; that is wiped at once.
Qt's catalogue (qtbase_nl) leaves two labels of its own dialog in English
("&Look in:", "Files of &type:"); the app sets every label from its own
catalogue.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QWidget

from app.i18n import _

#: What Qt's own file dialog remembers between runs (QFileDialogPrivate::saveSettings).
_REMEMBERED = ("FileDialog/history", "FileDialog/lastVisited")


def forget_folders() -> None:
    """Drop the folders Qt's file dialog wrote to its settings file."""
    settings = QSettings(QSettings.Scope.UserScope, "QtProject")
    for key in _REMEMBERED:
        settings.remove(key)
    settings.sync()


def folder_dialog(parent: QWidget | None, title: str) -> QFileDialog:
    """A folder chooser, not yet shown; it forgets its folders when it is deleted."""
    dialog = QFileDialog(parent, title)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.setHistory([])
    labels = {
        QFileDialog.DialogLabel.LookIn: _("Zoeken &in:"),
        QFileDialog.DialogLabel.FileName: _("&Map:"),
        QFileDialog.DialogLabel.FileType: _("Soort &bestanden:"),
        QFileDialog.DialogLabel.Accept: _("&Kiezen"),
        QFileDialog.DialogLabel.Reject: _("Annuleren"),
    }
    for label, text in labels.items():
        dialog.setLabelText(label, text)
    # Qt writes its settings in the destructor, before ``destroyed`` is emitted.
    dialog.destroyed.connect(forget_folders)
    return dialog


def choose_folder(parent: QWidget | None, title: str) -> Path | None:
    """The folder the worker picks, or ``None`` when they cancel."""
    dialog = folder_dialog(parent, title)
    chosen = dialog.selectedFiles() if dialog.exec() == QFileDialog.DialogCode.Accepted else []
    dialog.deleteLater()
    return Path(chosen[0]) if chosen else None
