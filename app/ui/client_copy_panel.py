"""The part of the export dialog that only a client copy (inzage) has.

Lists the items that also concern someone else: they stay out of the copy
unless the worker releases them one by one with a reason from a short list
(a parent with gezag may have a right to a young child's items: those are
marked). Then asks whether the copy can put anyone in danger; a "yes"
explains the exception and only a deliberate check lets the export go on.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.errors import VeiligwijzerError
from app.i18n import _, format_date
from app.services.handover import Release, ReleaseReason, WithheldItem
from app.ui.style import Tone, set_tone

RELEASE, WHAT, OTHERS, REASON = range(4)


class NotReady(VeiligwijzerError):
    """The worker has not yet answered what the copy needs."""


class ClientCopyPanel(QWidget):
    """``changed`` fires when the released items change (the preview follows)."""

    changed = Signal()

    def __init__(self, items: list[WithheldItem], requester: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.items = items
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

        self.others_box = QGroupBox(_("Informatie die ook over anderen gaat"))
        others = QVBoxLayout(self.others_box)
        intro = QLabel(_(
            "Deze onderdelen gaan ook over iemand anders. Ze staan niet in de inzage. Wil je "
            "er toch een in zetten? Vink het aan en kies waarom. Dat komt in het logboek."))
        intro.setWordWrap(True)
        others.addWidget(intro)
        self.table = QTableWidget(len(items), 4)
        self.table.setHorizontalHeaderLabels(
            [_("Vrijgeven"), _("Wat"), _("Gaat ook over"), _("Reden")])
        self.table.setAccessibleName(_("Onderdelen die ook over anderen gaan"))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(OTHERS,
                                                           QHeaderView.ResizeMode.Stretch)
        self.reasons: list[QComboBox] = []
        for row, entry in enumerate(items):
            what = f"{entry.item.kind.label}, {format_date(entry.item.day, 'medium')}"
            check = QTableWidgetItem(_("gezag") if entry.gezag else "")
            check.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            check.setCheckState(Qt.CheckState.Unchecked)
            check.setData(Qt.ItemDataRole.AccessibleTextRole,
                          _("{what} vrijgeven").format(what=what))
            self.table.setItem(row, RELEASE, check)
            self.table.setItem(row, WHAT, QTableWidgetItem(what))
            others_cell = QTableWidgetItem(", ".join(entry.others))
            others_cell.setToolTip(others_cell.text())
            self.table.setItem(row, OTHERS, others_cell)
            combo = QComboBox()
            combo.addItem(_("Kies een reden…"), None)
            for reason in ReleaseReason:
                if reason is not ReleaseReason.PARENTAL_AUTHORITY or entry.gezag:
                    combo.addItem(reason.label, reason.value)
            combo.setAccessibleName(_("Reden om {what} vrij te geven").format(what=what))
            combo.setEnabled(False)
            # The long reasons show in the open list; the closed box stays narrow.
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(16)
            combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
            self.table.setCellWidget(row, REASON, combo)
            self.reasons.append(combo)
        self.table.itemChanged.connect(self._checked)
        self.table.resizeRowsToContents()
        others.addWidget(self.table, 1)
        self.gezag_note = QLabel(_(
            "Gezag: {name} is ouder met gezag. Een ouder met gezag heeft meestal recht op de "
            "gegevens van een kind jonger dan 16 (de onderdelen met ‘gezag’). Houd die alleen "
            "achter als delen het kind of iemand anders in gevaar kan brengen: dat is de "
            "uitzondering voor veiligheid.").format(name=requester))
        self.gezag_note.setWordWrap(True)
        set_tone(self.gezag_note, Tone.WARNING)
        self.gezag_note.setVisible(any(e.gezag for e in items))
        others.addWidget(self.gezag_note)
        self.others_box.setVisible(bool(items))
        layout.addWidget(self.others_box)

        self.danger_box = QGroupBox(_("Kan deze inzage iemand in gevaar brengen?"))
        danger = QVBoxLayout(self.danger_box)
        row_layout = QHBoxLayout()
        self.danger_group = QButtonGroup(self)
        self.danger_no = QRadioButton(_("Nee"))
        self.danger_yes = QRadioButton(_("Ja, of dat weet ik niet"))
        for button in (self.danger_no, self.danger_yes):
            self.danger_group.addButton(button)
            row_layout.addWidget(button)
        row_layout.addStretch(1)
        danger.addLayout(row_layout)
        self.exception = QLabel(_(
            "Het recht op inzage mag een ander niet schaden (AVG, artikel 15 lid 4). Kan "
            "iemand door deze inzage in gevaar komen, bijvoorbeeld bij geweld tussen "
            "partners? Dan geef je niets vrij wat daaraan bijdraagt, en je houdt achter wat "
            "de veiligheid van iemand kan schaden. Twijfel je? Overleg eerst met je "
            "aandachtsfunctionaris of je teamleider."))
        self.exception.setWordWrap(True)
        set_tone(self.exception, Tone.ERROR)
        self.checked_safe = QCheckBox(_(
            "Ik heb het gecontroleerd: wat nu in de inzage staat, brengt niemand in gevaar."))
        danger.addWidget(self.exception)
        danger.addWidget(self.checked_safe)
        self.danger_yes.toggled.connect(self._danger)
        self._danger(False)
        layout.addWidget(self.danger_box)
        layout.addStretch(0)

    def _checked(self, cell: QTableWidgetItem) -> None:
        if cell.column() != RELEASE:
            return
        on = cell.checkState() == Qt.CheckState.Checked
        self.reasons[cell.row()].setEnabled(on)
        self.changed.emit()

    def _danger(self, yes: bool) -> None:
        self.exception.setVisible(yes)
        self.checked_safe.setVisible(yes)
        if not yes:
            self.checked_safe.setChecked(False)

    def release(self, row: int, reason: ReleaseReason) -> None:
        """Release one item with a reason (what the worker does by hand)."""
        self.table.item(row, RELEASE).setCheckState(Qt.CheckState.Checked)
        combo = self.reasons[row]
        combo.setCurrentIndex(combo.findData(reason.value))

    def releases(self) -> tuple[Release, ...]:
        """The items released with a reason; a ticked item without one is not."""
        out = []
        for row, entry in enumerate(self.items):
            reason = self.reasons[row].currentData()
            if self.table.item(row, RELEASE).checkState() == Qt.CheckState.Checked and reason:
                out.append(Release(entry.item.id, ReleaseReason(reason)))
        return tuple(out)

    def check_ready(self) -> None:
        """Raise ``NotReady`` with what is still to answer before the export."""
        for row in range(len(self.items)):
            if (self.table.item(row, RELEASE).checkState() == Qt.CheckState.Checked
                    and not self.reasons[row].currentData()):
                raise NotReady(_("Kies bij elk onderdeel dat je vrijgeeft een reden."))
        if self.danger_group.checkedButton() is None:
            raise NotReady(_("Beantwoord eerst de vraag of deze inzage iemand in gevaar kan "
                             "brengen."))
        if self.danger_yes.isChecked() and not self.checked_safe.isChecked():
            raise NotReady(_("Deze inzage kan iemand in gevaar brengen. Controleer eerst wat "
                             "erin staat en vink aan dat het niemand in gevaar brengt."))
