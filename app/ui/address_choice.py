""""Aanspreken met: je / u": the worker's choice of the form of address for a
document the family reads (``app.export.address``)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLabel, QRadioButton, QWidget

from app.i18n import _
from app.services.documents import Address


class AddressChoice(QWidget):
    """Two radio buttons, "je" checked first; arrow keys move between them."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel(_("Aanspreken met:"))
        layout.addWidget(self.label)
        self.group = QButtonGroup(self)
        self.buttons: dict[Address, QRadioButton] = {}
        for form in Address:
            button = QRadioButton(form.label)
            button.setAccessibleName(_("Aanspreken met {form}").format(form=form.label))
            self.group.addButton(button)
            self.buttons[form] = button
            layout.addWidget(button)
        layout.addStretch(1)
        self.label.setBuddy(self.buttons[Address.JE])
        self.buttons[Address.JE].setChecked(True)
        self.group.buttonToggled.connect(lambda _button, on: on and self.changed.emit())

    def address(self) -> Address:
        return next(form for form, button in self.buttons.items() if button.isChecked())
