"""One case: its reference, its household, and the workspace later steps fill."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import (
    QEvent,
    QPoint,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QScrollArea,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.cases.model import Case, CaseStatus, Person, initials
from app.i18n import N_, _, format_date, ngettext
from app.services import fields as fields_service
from app.services.exchange import field_label
from app.ui.meldcode_view import MeldcodeView
from app.ui.members_panel import MembersPanel
from app.ui.safety_view import SafetyView
from app.ui.style import Tone, set_tone
from app.ui.versions_box import VersionsBox, versions_text
from app.ui.widgets.flow_layout import FlowLayout
from app.ui.widgets.row_table import RowTableModel

#: What can be done with one person of the household, and its button text.
# No Alt+letter: the step pages below take most letters; the household's
# buttons are reached with Tab, the context menu or a double click.
PERSON_ACTIONS = {"edit": N_("Wijzigen…"), "history": N_("Geschiedenis…"),
                  "remove": N_("Uit het huishouden halen…")}

#: What a consultant may still do on a case shared for reading: look back.
_READ_ACTIONS = frozenset({"history", "history_selected"})

HOUSEHOLD_COLUMNS = (N_("Naam"), N_("Rol"), N_("Leeftijd"), N_("Geboortedatum"), N_("Gezag"))


#: The person field each household column shows (age: the age or the date of birth).
_COLUMN_FIELDS = (("name",), ("role",), ("age", "date_of_birth"), ("date_of_birth",),
                  ("parental_authority",))


class HouseholdModel(RowTableModel[Person]):
    columns = HOUSEHOLD_COLUMNS
    discreet = False
    #: person id -> field -> how many versions it has (only fields in conflict).
    conflicts: dict[str, dict[str, int]] = {}

    def cell(self, person: Person, column: int, role: int):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        # A field in conflict never shows one of its values as if it were the only one.
        counts = [self.conflicts.get(person.id, {}).get(f, 0) for f in _COLUMN_FIELDS[column]]
        if max(counts):
            return versions_text(max(counts))
        if column == 0:
            return initials(person.name) if self.discreet else person.name
        if column == 1:
            return person.role.label
        if column == 2:
            age = person.age_on(date.today())
            return "–" if age is None else str(age)
        if column == 3:  # an age is enough in discreet mode; a date of birth identifies
            return "–" if self.discreet else format_date(person.date_of_birth, "medium") or "–"
        return {None: "–", True: _("Ja"), False: _("Nee")}[person.parental_authority]


class CaseView(QWidget):
    """Shows one case. Emits ``back_requested``, ``add_person_requested(case_id)``
    and ``person_action_requested(action, person_id)`` with action "edit",
    "history" or "remove"."""

    back_requested = Signal()
    add_person_requested = Signal(str)
    #: The case's open conflicts are to be shown (case id).
    conflicts_requested = Signal(str)
    #: A field in conflict was settled in place (case id).
    versions_resolved = Signal(str)
    person_action_requested = Signal(str, str)
    #: "handover", "client_copy" or "vt_feedback"
    case_action_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._case: Case | None = None
        self._read_only = False
        self._conflicts: dict[tuple[str, str], dict[str, tuple]] = {}
        #: The fields in conflict shown in place (``VersionsBox``), by (entity, id, field).
        self.versions: dict[tuple[str, str, str], VersionsBox] = {}
        self.back = QPushButton()
        self.title = QLabel()
        self.title.setObjectName("screenTitle")
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.title.setWordWrap(True)  # a long name wraps instead of widening the window
        self.read_only_note = QLabel()
        self.read_only_note.setObjectName("readOnlyNote")
        self.read_only_note.setWordWrap(True)
        self.read_only_note.setTextFormat(Qt.TextFormat.PlainText)
        set_tone(self.read_only_note, Tone.ACCENT, "font-weight: 600;")
        self.read_only_note.hide()
        self.household_box = QGroupBox()
        self.household = HouseholdModel(self)
        self.table = QTableView()
        self.table.setModel(self.household)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        # The table is as tall as its rows: every member shows, the workspace
        # below scrolls instead.
        self.table.setSizeAdjustPolicy(QAbstractItemView.SizeAdjustPolicy.AdjustToContents)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._person_menu)
        self.table.doubleClicked.connect(lambda _index: self._person_action("edit"))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.add_person = QPushButton()
        self.person_buttons: dict[str, QPushButton] = {}
        for action in PERSON_ACTIONS:
            button = QPushButton()
            button.clicked.connect(lambda _=False, a=action: self._person_action(a))
            self.person_buttons[action] = button
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.members = MembersPanel()
        self.workspace = QTabWidget()
        self.meldcode = MeldcodeView()
        self.safety = SafetyView()
        self.workspace.addTab(self.meldcode, "")
        self.workspace.addTab(self.safety, "")

        self.case_buttons: dict[str, QPushButton] = {}
        top = QHBoxLayout()
        top.addWidget(self.back)
        top.addWidget(self.title, 1)
        # The case's own actions on a row of their own: beside the title they
        # made the window wider than a laptop screen with large text.
        actions = FlowLayout(align_right=True)
        for action in ("handover", "vt_feedback", "client_copy", "close_or_reopen"):
            button = QPushButton()
            button.clicked.connect(lambda _=False, a=action: self.case_action_requested.emit(a))
            self.case_buttons[action] = button
            actions.addWidget(button)
        household_layout = QVBoxLayout(self.household_box)
        self.conflict_button = QPushButton()
        self.conflict_button.setObjectName("conflicts")
        self.conflict_button.hide()
        self.conflict_button.clicked.connect(
            lambda: self._case is not None and self.conflicts_requested.emit(self._case.id))
        household_layout.addWidget(self.conflict_button)
        household_layout.addWidget(self.table)
        # A person's field in conflict: its versions right below the table.
        self.person_versions = QVBoxLayout()
        household_layout.addLayout(self.person_versions)
        row = FlowLayout(align_right=True)  # wraps with large text
        for button in self.person_buttons.values():
            row.addWidget(button)
        row.addWidget(self.add_person)
        household_layout.addLayout(row)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.read_only_note)
        layout.addLayout(actions)
        # The household (every member) and the workspace scroll together rather
        # than make the window taller than a 1366×768 laptop screen with large
        # text; with room to spare nothing scrolls.
        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        # A case's field in conflict (its name, status, type): first under the title.
        self.case_versions = QVBoxLayout()
        body_layout.addLayout(self.case_versions)
        body_layout.addWidget(self.household_box)
        body_layout.addWidget(self.members)
        body_layout.addWidget(self.workspace, 1)
        scroll = QScrollArea()
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        # Not opaque: the window's background shows through, the same
        # colour. Qt paints an opaque widget that changed on its own and
        # then again with the window's region when the screen switches to
        # the case: the whole body was drawn twice in its first paint
        # (issue 17, "opening a case" in benchmarks/README.md).
        scroll.viewport().setAutoFillBackground(False)
        body.setAutoFillBackground(False)
        layout.addWidget(scroll, 4)

        self.back.clicked.connect(self.back_requested)
        self.add_person.clicked.connect(self._add_person)
        self.retranslate()

    def retranslate(self) -> None:
        self.back.setText(_("← Casussen"))
        self.back.setAccessibleName(_("Terug naar de casussen"))
        # No Alt+letter: Alt+C belongs to the step buttons; Alt+← goes back.
        self.back.setToolTip(_("Terug naar de casussen (Alt+←)"))
        self.case_buttons["handover"].setText(_("Melding of adviesvraag aan Veilig Thuis…"))
        self.case_buttons["vt_feedback"].setText(_("Terugkoppeling Veilig Thuis…"))
        self.case_buttons["client_copy"].setText(_("Inzage…"))
        closed = self._case is not None and self._case.status == CaseStatus.CLOSED
        self.case_buttons["close_or_reopen"].setText(
            _("Casus heropenen") if closed else _("Casus afsluiten…"))
        self.household_box.setTitle(_("Huishouden"))
        self.table.setAccessibleName(_("Mensen in het huishouden"))
        self.add_person.setText(_("Betrokkene toevoegen"))
        for action, button in self.person_buttons.items():
            button.setText(_(PERSON_ACTIONS[action]))
        self.workspace.setTabText(0, _("Meldcode"))
        self.workspace.setTabText(1, _("Veiligheidsplan"))
        self.household.retranslate()
        self._show_title()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    @property
    def case(self) -> Case | None:
        return self._case

    def show_case(self, case: Case) -> None:
        self._case = case
        self.household.set_rows(case.people)
        self._fit_table()
        self._selection_changed()
        self.retranslate()  # the close/reopen button follows the case's status

    def set_conflicts(self, conflicts: dict[tuple[str, str], dict[str, tuple]],
                      store=None) -> None:
        """Mark the fields in conflict (``2 versies``) and offer to settle
        them; with ``store``, each case and person field in conflict also
        shows its versions in place, to choose one there."""
        self._conflicts = conflicts
        self._show_versions(store)
        self.household.conflicts = {
            entity_id: {name: len(versions) for name, versions in fields.items()}
            for (entity, entity_id), fields in conflicts.items() if entity == "persons"}
        self.household.retranslate()
        if self._case is not None:
            self.members.set_lead_versions(len(
                conflicts.get(("cases", self._case.id), {}).get("case_lead", ())))
        count = sum(len(fields) for fields in conflicts.values())
        self.conflict_button.setVisible(count > 0)
        self.conflict_button.setText(ngettext(
            "{n} veld heeft meer dan één versie: bekijken en kiezen…",
            "{n} velden hebben meer dan één versie: bekijken en kiezen…", count).format(n=count))
        self._show_title()

    def _show_versions(self, store) -> None:
        for box in self.versions.values():
            box.hide()
            box.deleteLater()
        self.versions = {}
        if store is None or self._case is None:
            return
        people = {p.id: (n, p) for n, p in enumerate(self._case.people, start=1)}
        for (entity, entity_id), names in sorted(self._conflicts.items()):
            if entity not in ("cases", "persons") or (entity == "persons"
                                                       and entity_id not in people):
                continue
            rows = fields_service.conflicts_of(store, entity, entity_id)
            for name in sorted(names):
                if name not in rows:
                    continue
                label = field_label(entity, name)
                if entity == "persons":
                    number, person = people[entity_id]
                    # Not the name: it may be in conflict itself, or discreet.
                    label = _("{field} van betrokkene {number} ({role})").format(
                        field=label, number=number, role=person.role.label)
                box = VersionsBox(store, rows[name], label)
                box.set_discreet(self.household.discreet)
                box.resolved.connect(lambda _value, _heads: self._resolved())
                (self.case_versions if entity == "cases" else self.person_versions
                 ).addWidget(box)
                self.versions[(entity, entity_id, name)] = box

    def _resolved(self) -> None:
        if self._case is not None:
            self.versions_resolved.emit(self._case.id)

    def clear(self) -> None:
        self._conflicts = {}
        self._show_versions(None)
        self.conflict_button.hide()
        self._case = None
        self.household.set_rows([])
        self._selection_changed()
        self.meldcode.clear()
        self.safety.clear()
        self.members.clear()
        self.title.clear()

    def set_discreet(self, on: bool) -> None:
        for box in self.versions.values():
            box.set_discreet(on)
        if on == self.household.discreet:
            # Every case opened sets the mode again: redrawing the household,
            # the step pages and the safety plan for the same mode took 7 of
            # the 47 ms of Python after the reads of three opens (cProfile).
            return
        self.household.discreet = on
        self.household.retranslate()
        self.meldcode.set_discreet(on)
        self.safety.set_discreet(on)
        self.members.set_discreet(on)
        self._show_title()

    def _show_title(self) -> None:
        if self._case is not None:
            name = self._case.household_name
            shown = initials(name) if self.household.discreet else name
            versions = self._conflicts.get(("cases", self._case.id), {}).get("household_name")
            if versions:
                shown = versions_text(len(versions))
            self.title.setText(f"{shown} · {self._case.reference}")

    def _add_person(self) -> None:
        if self._case is not None:
            self.add_person_requested.emit(self._case.id)

    # -- the people of the household -------------------------------------------------

    def _fit_table(self) -> None:
        """As tall as the header and every row (at least three rows high)."""
        rows = max(self.household.rowCount(), 3)
        height = (self.table.horizontalHeader().sizeHint().height()
                  + rows * self.table.verticalHeader().defaultSectionSize()
                  + 2 * self.table.frameWidth() + 2)
        self.table.setFixedHeight(height)

    def selected_person_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or not 0 <= rows[0].row() < len(self.household.rows):
            return None
        return self.household.rows[rows[0].row()].id

    def set_read_only(self, text: str) -> None:
        """A case shared with this worker for a consultation (issue 21):
        ``text`` says so at the top, and only reading is offered; every
        button that would change the case goes (the stores of the team would
        refuse such a change anyway). Empty text: the worker's own case."""
        on = self._read_only = bool(text)
        self.read_only_note.setText(text)
        self.read_only_note.setVisible(on)
        self.add_person.setVisible(not on)
        for action, button in self.person_buttons.items():
            button.setVisible(not on or action in _READ_ACTIONS)
        for button in self.case_buttons.values():
            button.setVisible(not on)
        for page in self.meldcode.pages.values():
            for action, button in page.buttons.items():
                button.setVisible(not on or action in _READ_ACTIONS)
        for button in self.safety.buttons.values():
            button.setVisible(not on)

    def _selection_changed(self, *_args) -> None:
        chosen = self.selected_person_id() is not None
        for button in self.person_buttons.values():
            button.setEnabled(chosen)

    def _person_action(self, action: str) -> None:
        if self._read_only and action not in _READ_ACTIONS:
            return
        person_id = self.selected_person_id()
        if person_id is not None:
            self.person_action_requested.emit(action, person_id)

    def _person_menu(self, position: QPoint) -> None:
        index = self.table.indexAt(position)
        if not index.isValid():
            return
        self.table.selectRow(index.row())
        menu = QMenu(self)
        for action in PERSON_ACTIONS:
            if self._read_only and action not in _READ_ACTIONS:
                continue
            menu.addAction(_(PERSON_ACTIONS[action]),
                           lambda a=action: self._person_action(a))
        menu.exec(self.table.viewport().mapToGlobal(position))
        menu.deleteLater()
