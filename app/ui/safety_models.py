"""The table models of the safety-plan screen (model/view): conditions,
items (with the status editable in place), network, tension signals and the
emergency part. Know nothing of the store or the services."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate

from app.i18n import N_, _, format_date
from app.safety import (
    Actor,
    CasePlan,
    EmergencyContact,
    ItemStatus,
    PlanItem,
    SafetyCondition,
    SupportPerson,
    TensionSignal,
    answering_items,
)
from app.ui.style import Tone, ground, text_colour
from app.ui.widgets.row_table import RowTableModel


def actor_name(actor: Actor, names: dict[str, str]) -> str:
    if actor.person_id and actor.person_id in names:
        return names[actor.person_id]
    return actor.name or actor.kind.label



# -- models --------------------------------------------------------------------------


class ConditionModel(RowTableModel[SafetyCondition]):
    """Safety conditions; those no item answers yet are red."""

    columns = (N_("Veiligheidsvoorwaarde"), N_("In woorden van het gezin"), N_("Gesteld door"),
               N_("Voortgang"), N_("Afspraken"))

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.plan: CasePlan | None = None

    def show_plan(self, plan: CasePlan) -> None:
        self.plan = plan
        self.set_rows(plan.conditions)

    def answered_by(self, condition: SafetyCondition) -> int:
        return len(answering_items(self.plan, condition.id)) if self.plan else 0

    def cell(self, row: SafetyCondition, column: int, role: int):
        count = self.answered_by(row)
        if role == Qt.ItemDataRole.ForegroundRole:
            return QColor(text_colour(Tone.ERROR, ground(QPalette.ColorRole.Base))) \
                if count == 0 else None
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if column == 0:
            return f"{self.rows.index(row) + 1}. {row.text}"
        if column == 1:
            # Empty: the family plan prints the formal text.
            return row.family_words or _("Nog niet")
        if column == 2:
            return row.source.label
        if column == 3:
            return row.status.label + (f" — {row.progress_note}" if row.progress_note else "")
        return _("Nog geen afspraak") if count == 0 else str(count)


ITEM_STATUS_COLUMN = 4


class ItemModel(RowTableModel[PlanItem]):
    """Plan items; the status can be changed in the table (``status_edited``)."""

    columns = (N_("Wat"), N_("Waarom"), N_("Wie"), N_("Uiterlijk"), N_("Status"), N_("Fase"),
               N_("Voorwaarden"))
    status_edited = Signal(str, str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.names: dict[str, str] = {}
        self.numbers: dict[str, int] = {}

    def show_plan(self, plan: CasePlan, names: dict[str, str]) -> None:
        self.names = names
        self.numbers = {c.id: n for n, c in enumerate(plan.conditions, start=1)}
        self.set_rows(plan.items)

    def cell(self, row: PlanItem, column: int, role: int):
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        if role == Qt.ItemDataRole.EditRole and column == ITEM_STATUS_COLUMN:
            return row.status.value
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        values = (
            row.what, row.why, actor_name(row.who, self.names),
            format_date(row.due, "medium") if row.due else _("Altijd"),
            ItemStatus(row.status).label, str(int(row.phase)),
            ", ".join(str(n) for cid, n in self.numbers.items() if cid in row.answers) or "–",
        )
        return values[column]

    def flags(self, index):
        flags = super().flags(index)
        if index.isValid() and index.column() == ITEM_STATUS_COLUMN:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if (role != Qt.ItemDataRole.EditRole or not index.isValid()
                or index.column() != ITEM_STATUS_COLUMN):
            return False
        try:
            status = ItemStatus(value)
        except ValueError:
            return False
        item = self.rows[index.row()]
        if status != item.status:
            self.status_edited.emit(item.id, status.value)
        return True


class StatusDelegate(QStyledItemDelegate):
    """A drop-down list of the item statuses in the status column."""

    def createEditor(self, parent, _option, _index):  # noqa: N802 - Qt API
        combo = QComboBox(parent)
        for status in ItemStatus:
            combo.addItem(status.label, status.value)
        return combo

    def setEditorData(self, editor: QComboBox, index) -> None:  # noqa: N802 - Qt API
        editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))

    def setModelData(self, editor: QComboBox, model, index) -> None:  # noqa: N802 - Qt API
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class NetworkModel(RowTableModel[SupportPerson]):
    columns = (N_("Naam"), N_("Wie is dit voor het gezin?"), N_("Zo bereik je deze persoon"))

    def cell(self, row: SupportPerson, column: int, role: int):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return (row.name, row.role, row.reach)[column]


class SignalModel(RowTableModel[TensionSignal]):
    columns = (N_("Signaal"), N_("Wat doet wie?"))

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.names: dict[str, str] = {}

    def cell(self, row: TensionSignal, column: int, role: int):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == 0:
            return row.sign
        return "\n".join(f"{actor_name(r.who, self.names)}: {r.does}" for r in row.responses)


class ContactModel(RowTableModel[EmergencyContact]):
    columns = (N_("Wie"), N_("Nummer"))

    def cell(self, row: EmergencyContact, column: int, role: int):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return row.display_name if column == 0 else row.number
