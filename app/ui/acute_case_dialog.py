"""Acute onveiligheid from the case list: whom to call first, then on which case
the acute path is recorded (or a new case).

From the case list it was not clear on which case the acute path would be
recorded: the selected row was taken without a word. This dialog shows the
emergency numbers first, then asks, with the selected case chosen already.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _

#: The choice that starts a new case.
NEW_CASE = "new"


@dataclass(frozen=True)
class CaseChoice:
    case_id: str
    label: str  # reference and household (initials in discreet mode)


class AcuteCaseDialog(QDialog):
    def __init__(self, intro_html: str, cases: list[CaseChoice], selected: str | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Acute onveiligheid"))
        intro = QLabel(intro_html)
        intro.setWordWrap(True)
        question = QLabel(_("Op welke &casus leg je het spoedcontact vast?"))
        self.cases = QComboBox()
        question.setBuddy(self.cases)
        for case in cases:
            self.cases.addItem(case.label, case.case_id)
        self.cases.addItem(_("Nieuwe casus beginnen"), NEW_CASE)
        index = self.cases.findData(selected) if selected else -1
        self.cases.setCurrentIndex(max(index, 0))
        body = QWidget()
        column = QVBoxLayout(body)
        column.addWidget(intro)
        column.addWidget(question)
        column.addWidget(self.cases)
        column.addStretch(1)
        scroll = QScrollArea()  # the numbers are large: they scroll, the buttons stay
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        buttons = QDialogButtonBox()
        buttons.addButton(_("Verder"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)
        self.resize(620, 440)
        self.cases.setFocus()

    def choice(self) -> str:
        """A case id, or ``NEW_CASE``."""
        return self.cases.currentData()

    @classmethod
    def ask(cls, intro_html: str, cases: list[CaseChoice], selected: str | None,
            parent: QWidget | None = None) -> str | None:
        """The chosen case id, ``NEW_CASE``, or None when cancelled. Tests replace this."""
        dialog = cls(intro_html, cases, selected, parent)
        chosen = dialog.choice() if dialog.exec() == QDialog.DialogCode.Accepted else None
        dialog.deleteLater()
        return chosen
