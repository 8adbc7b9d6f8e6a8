"""Casus afsluiten: the help has ended. The worker says what kind of help it
was, because that sets how long the case is kept before it is erased
(bewaartermijn, see ``app.services.retention``)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _, ngettext
from app.services.retention import (
    CASE_TYPE_LABELS,
    DEFAULT_RULES,
    YOUTH,
    RetentionRules,
    case_type_label,
)


class CloseCaseDialog(QDialog):
    """``case_type`` is the kind chosen once ``exec()`` returned true."""

    def __init__(self, case_type: str, rules: RetentionRules = DEFAULT_RULES,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rules = rules
        self.setWindowTitle(_("Casus afsluiten"))
        intro = QLabel(_("Sluit de casus af als de hulp is gestopt. Kies wat voor hulp het was: "
                         "dat bepaalt hoe lang de casus daarna nog bewaard blijft."))
        intro.setWordWrap(True)
        box = QGroupBox(_("Soort hulp"))
        box_layout = QVBoxLayout(box)
        self.kinds = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        for kind in CASE_TYPE_LABELS:
            button = QRadioButton(case_type_label(kind))
            self.buttons[kind] = button
            self.kinds.addButton(button)
            box_layout.addWidget(button)
            button.toggled.connect(self._explain)
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Casus afsluiten"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(box)
        layout.addWidget(self.explanation)
        layout.addWidget(buttons)
        (self.buttons.get(case_type) or self.buttons[YOUTH]).setChecked(True)
        self.resize(460, self.sizeHint().height())
        self.kinds.checkedButton().setFocus()

    @property
    def case_type(self) -> str:
        return next(kind for kind, button in self.buttons.items() if button.isChecked())

    def _explain(self) -> None:
        years = self.rules.years.get(self.case_type)
        self.explanation.setText(
            ngettext("Na het afsluiten blijft de casus nog {years} jaar bewaard. Daarna wordt "
                     "hij gewist. Tot die tijd kun je hem weer openen.",
                     "Na het afsluiten blijft de casus nog {years} jaar bewaard. Daarna wordt "
                     "hij gewist. Tot die tijd kun je hem weer openen.", years
                     ).format(years=years)
            if years else _("Voor deze soort hulp is geen bewaartermijn ingesteld: de casus "
                            "wordt niet vanzelf gewist."))
