"""Wie werken aan deze casus: the case's members (casusregisseur,
co-workers, team lead and deputy), the team lead's last review and an open
request for one, with the actions the worker's role allows.

Emits ``action_requested(action)`` with "add", "remove", "take_over",
"ask_review", "share" or "end_share"; the controller asks what it needs and
calls the service.

Sharing for a consultation (issue 21): the panel names every running
sharing with its end; on the consultant's own app it offers no action at
all, and ``consultation_text`` is what the case screen says at its top."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.caseteam import Action, CaseMember, MemberRole
from app.i18n import N_, _, format_date, format_datetime
from app.services.caseteam import CaseTeam
from app.ui.conflicts import versions_text
from app.ui.widgets.flow_layout import FlowLayout
from app.ui.widgets.row_table import RowTableModel

MEMBER_COLUMNS = (N_("Naam"), N_("Op de casus als"))

#: Action -> (button text, the rule that allows it). No Alt+letter: the step
#: pages below take most letters.
MEMBER_ACTIONS = {
    "add": (N_("Collega toevoegen…"), Action.ADD_MEMBER),
    "remove": (N_("Van de casus halen"), Action.REMOVE_MEMBER),
    "take_over": (N_("Overdragen aan collega…"), Action.TAKE_OVER),
    "ask_review": (N_("Bespreking vragen…"), Action.ASK_REVIEW),
    "share": (N_("Delen voor consultatie…"), Action.SHARE),
    "end_share": (N_("Delen beëindigen…"), Action.END_SHARE),
}


class MembersModel(RowTableModel[CaseMember]):
    columns = MEMBER_COLUMNS
    team: CaseTeam | None = None
    #: How many versions the casusregisseur has (2+: two takeovers at once).
    lead_versions = 0

    def cell(self, member: CaseMember, column: int, role: int):
        if role != Qt.ItemDataRole.DisplayRole or self.team is None:
            return None
        if column == 0 and member.role is MemberRole.CASE_LEAD and self.lead_versions > 1:
            # A field in conflict never shows one of its values as the only one.
            return versions_text(self.lead_versions)
        if column == 0:
            name = self.team.name(member.worker_id)
            return _("{name} (jij)").format(name=name) if member.worker_id == self.team.me \
                else name
        return member.role.label


class MembersPanel(QGroupBox):
    action_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._team: CaseTeam | None = None
        self._review: tuple | None = None
        self._discreet = False
        self.model = MembersModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().selectionChanged.connect(self._enable)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)

        self.buttons: dict[str, QPushButton] = {}
        row = FlowLayout(align_right=True)
        for action in MEMBER_ACTIONS:
            button = QPushButton()
            button.clicked.connect(lambda _=False, a=action: self.action_requested.emit(a))
            self.buttons[action] = button
            row.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(self.status)
        layout.addLayout(row)
        self.retranslate()

    @property
    def team(self) -> CaseTeam | None:
        return self._team

    def show_team(self, team: CaseTeam, last_review: tuple | None = None) -> None:
        """``last_review``: (date, reviewer id, comment) of the newest review."""
        self._team, self._review = team, last_review
        self.model.team = team
        self.model.set_rows(team.members)
        self._fit()
        self.retranslate()

    def set_lead_versions(self, count: int) -> None:
        """The casusregisseur in conflict shows as "2 versies" (settled with
        the case's other fields in conflict)."""
        self.model.lead_versions = count
        self.model.retranslate()

    def clear(self) -> None:
        self._team = self._review = None
        self.model.lead_versions = 0
        self.model.team = None
        self.model.set_rows([])
        self.retranslate()

    def set_discreet(self, on: bool) -> None:
        """Colleagues' names stay; what was written about the family goes."""
        self._discreet = on
        self._show_status()

    def selected_worker(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or not 0 <= rows[0].row() < len(self.model.rows):
            return None
        return self.model.rows[rows[0].row()].worker_id

    def retranslate(self) -> None:
        self.setTitle(_("Wie werken aan deze casus"))
        self.table.setAccessibleName(_("Medewerkers op deze casus"))
        for action, button in self.buttons.items():
            button.setText(_(MEMBER_ACTIONS[action][0]))
            button.setAccessibleName(_(MEMBER_ACTIONS[action][0]).rstrip("…"))
        self.model.retranslate()
        self._show_status()
        self._enable()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _show_status(self) -> None:
        team, lines = self._team, []
        if team is not None and self._review is not None:
            day, reviewer, comment = self._review
            line = _("Besproken met teamleider op {date} ({name})").format(
                date=format_date(day, "medium"), name=team.name(reviewer))
            lines.append(line if self._discreet else f"{line}: {comment}")
        if team is not None and team.open_request is not None:
            request = team.open_request
            line = _("Bespreking gevraagd door {name} op {date}").format(
                name=team.name(request.author), date=format_date(request.created_at.date(),
                                                                 "medium"))
            lines.append(line if self._discreet or not request.note
                         else f"{line}: {request.note}")
        mine = team.mine() if team is not None else None
        if team is not None and mine is None:
            for shared in team.running():
                lines.append(_("Gedeeld voor consultatie met {name}, tot {until}").format(
                    name=team.name(shared.consultant), until=_when(shared.ends_at)))
        self.status.setText("\n".join(lines))
        self.status.setVisible(bool(lines))

    def _enable(self, *_args) -> None:
        team, chosen = self._team, self.selected_worker()
        consultant = team is not None and team.mine() is not None
        for action, button in self.buttons.items():
            button.setVisible(not consultant)  # a consultant reads, nothing more
            allowed = team is not None and team.can(MEMBER_ACTIONS[action][1])
            if action == "remove":
                allowed = allowed and chosen is not None and chosen in team.co_workers
            if action == "add":
                allowed = allowed and bool(team.candidates())
            if action == "take_over":
                allowed = allowed and bool(team.successors())
            if action == "share":
                allowed = allowed and bool(team.consultants())
            if action == "end_share":
                allowed = allowed and bool(team.running())
            button.setEnabled(allowed)
            reason = team.why_not(MEMBER_ACTIONS[action][1]) if team is not None else None
            button.setToolTip(reason or "")

    def _fit(self) -> None:
        rows = max(self.model.rowCount(), 2)
        self.table.setFixedHeight(self.table.horizontalHeader().sizeHint().height()
                                  + rows * self.table.verticalHeader().defaultSectionSize()
                                  + 2 * self.table.frameWidth() + 2)


def consultation_text(team: CaseTeam) -> str:
    """On the consultant's own app: the case is a consultation, read only,
    until when, shared by whom; empty for everyone else."""
    mine = team.mine()
    if mine is None:
        return ""
    return _("Consultatie: je kunt deze casus alleen lezen, tot {until}. "
             "{name} heeft de casus met je gedeeld.").format(
                 until=_when(mine.ends_at), name=team.name(mine.shared_by))


def _when(moment) -> str:
    """An end time to the minute, in the worker's own time zone (kept in UTC)."""
    return format_datetime(moment, "short")
