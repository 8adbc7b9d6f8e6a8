"""Concepten: the drafts of a case, to finish one or throw one away.

Each row says the case, the form, the first words typed and when it was last
changed, so two drafts of one kind can be told apart. Throwing one away asks
first: what was typed cannot be brought back. In discreet mode the first
words are left out (they can hold a name).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _


@dataclass(frozen=True)
class DraftRow:
    draft_id: str
    case: str  # the case reference
    form: str  # the form's title
    first_words: str
    changed: str  # the time, formatted

    def text(self, discreet: bool) -> str:
        head = f"{self.case} — {self.form} — {self.changed}"
        return head if discreet or not self.first_words else f"{head}\n“{self.first_words}”"


def confirm_discard(parent: QWidget, row: DraftRow) -> bool:
    """Ask before a draft is thrown away. Tests replace this."""
    answer = QMessageBox.question(
        parent, _("Concept weggooien"),
        _("Wil je het concept '{form}' van {changed} weggooien? Wat erin staat, is dan "
          "weg.").format(form=row.form, changed=row.changed),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


class DraftsDialog(QDialog):
    """``chosen`` holds the draft id to finish after ``exec()`` returns Accepted;
    ``discard(draft_id)`` throws one away (after the worker confirmed)."""

    def __init__(self, rows: list[DraftRow], discard: Callable[[str], None],
                 parent: QWidget | None = None, discreet: bool = False) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Concepten"))
        self._discard, self._discreet = discard, discreet
        self.chosen: str | None = None
        intro = QLabel(_("Kies een concept om af te maken, of gooi er een weg."))
        intro.setWordWrap(True)
        self.list = QListWidget()
        self.list.setAccessibleName(_("Concepten"))
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        for row in rows:
            item = QListWidgetItem(row.text(discreet), self.list)
            item.setData(Qt.ItemDataRole.UserRole, row)
        self.list.setCurrentRow(0)
        self.list.itemActivated.connect(lambda _item: self._finish())
        self.buttons = QDialogButtonBox()
        self.finish_button = self.buttons.addButton(_("&Afmaken"),
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.discard_button = self.buttons.addButton(_("&Weggooien…"),
                                                     QDialogButtonBox.ButtonRole.DestructiveRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.finish_button.clicked.connect(self._finish)
        self.discard_button.clicked.connect(self._discard_current)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.buttons)
        self.resize(620, 420)
        self.list.setFocus()

    def _current(self) -> DraftRow | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def _finish(self) -> None:
        row = self._current()
        if row is not None:
            self.chosen = row.draft_id
            self.accept()

    def _discard_current(self) -> None:
        row = self._current()
        if row is None or not confirm_discard(self, row):
            return
        self._discard(row.draft_id)
        self.list.takeItem(self.list.currentRow())
        if self.list.count() == 0:
            self.reject()
