"""The safety plan of a case (veiligheidsplan, gefaseerd samenwerken aan
veiligheid): the five phases, the plan's parts, the scaling history.

Shows what the services return and sends the worker's intent back as
``action_requested(action, ref)``; ``SafetyController``
(``app.ui.safety_controller``) does the work. Actions that need a selected
row end in ``_selected`` and carry the row's id.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.cases.model import initials, mask_names
from app.i18n import N_, _, format_date, ngettext
from app.safety import (
    CasePlan,
    FamilyProfile,
    GuidanceCode,
    GuidanceLevel,
    PhaseState,
    ScaleView,
    emergency_contacts,
    plan_guidance,
    scale_history,
    unanswered_conditions,
    vt_conditions_answered,
)
from app.safety.discreet import discreet_plan
from app.ui.accessibility import announce
from app.ui.safety_models import (
    ITEM_STATUS_COLUMN,
    ConditionModel,
    ContactModel,
    ItemModel,
    NetworkModel,
    SignalModel,
    StatusDelegate,
)
from app.ui.safety_widgets import PhaseTimeline, ScaleChart
from app.ui.style import Tone, set_tone, text_colour
from app.ui.widgets.stack_page import StackPage

#: (action, button text) for every button; "_selected" actions need a row.
#: The tab with the family profile and the guidance that follows from it.
PROFILE_TAB = 2

ACTIONS: dict[str, str] = {
    "relapse": N_("&Terugval"),
    "evaluation": N_("Eva&luatie"),
    "family_plan": N_("Gezinsplan als pdf &opslaan…"),
    "arrangements": N_("Afspra&ken over het plan"),
    "concern": N_("Grootste &zorg bewerken"),
    "condition": N_("Voor&waarde toevoegen"),
    "condition_status_selected": N_("Voo&rtgang"),
    "condition_words_selected": N_("Woorden van &het gezin"),
    "item": N_("A&fspraak toevoegen"),
    "item_edit_selected": N_("Afspraak &bewerken"),
    "goal": N_("&Doel toevoegen"),
    "support_person": N_("&Netwerk toevoegen"),
    "tension_signal": N_("Waarschuwing&steken toevoegen"),
    "contact": N_("Contactp&ersoon toevoegen"),
    "profiles": N_("&Gezinsprofiel kiezen"),
    "scale_score": N_("C&ijfer toevoegen"),
}


def _table(model, stretch: int = 0) -> QTableView:
    table = QTableView()
    table.setModel(model)
    table.verticalHeader().hide()
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setTabKeyNavigation(False)
    table.setWordWrap(True)
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


class _Tab(StackPage, QWidget):
    """One of the plan's tabs: measured only while it is the one shown."""


class SafetyView(StackPage, QWidget):
    action_requested = Signal(str, str)
    #: (item id, status code) after the status was changed in the table.
    item_status_changed = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.buttons: dict[str, QPushButton] = {}
        for action in ACTIONS:
            button = QPushButton()
            button.clicked.connect(lambda _=False, a=action: self._request(a))
            self.buttons[action] = button
        self.timeline = PhaseTimeline()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.message = QLabel()
        set_tone(self.message, Tone.ERROR)
        self.message.hide()
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        # Its own light background, so the red keeps its contrast in any palette.
        self.warning.setStyleSheet("color: #b00020; font-weight: 600; border: 1px solid #b00020;"
                                   " padding: 4px; background: #fff3f3;")
        self.warning.hide()
        self.tabs = QTabWidget()
        self.tabs.addTab(self._plan_page(), "")
        self.tabs.addTab(self._network_page(), "")
        self.tabs.addTab(self._profile_page(), "")  # PROFILE_TAB
        self.tabs.addTab(self._scale_page(), "")
        top = QHBoxLayout()
        for action in ("relapse", "evaluation", "arrangements", "family_plan"):
            top.addWidget(self.buttons[action])
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.timeline)
        layout.addWidget(self.status)
        layout.addWidget(self.warning)
        # Two versions of the plan saved at once: shown above the plan, to choose.
        self.versions_holder = QVBoxLayout()
        self.versions: QWidget | None = None
        layout.addLayout(self.versions_holder)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(self.tabs, 1)
        set_tone(self.buttons["relapse"], Tone.ERROR, "font-weight: 600;",
                 QPalette.ColorRole.Button)
        self.items.status_edited.connect(self.item_status_changed)
        self.scale_person.currentIndexChanged.connect(lambda _i: self._draw_chart())
        self.conditions_table.activated.connect(
            lambda _i: self._request("condition_status_selected"))
        self.items_table.activated.connect(lambda _i: self._request("item_edit_selected"))
        self._plan: CasePlan | None = None
        self._names: dict[str, str] = {}
        self.discreet = False
        self._shown: tuple | None = None  # show_plan's arguments, to show again
        self.retranslate()

    # -- pages ----------------------------------------------------------------------------

    def _box(self, *widgets, buttons: tuple[str, ...] = ()) -> QGroupBox:
        box = QGroupBox()
        layout = QVBoxLayout(box)
        for widget in widgets:
            layout.addWidget(widget)
        if buttons:
            row = QHBoxLayout()
            for action in buttons:
                row.addWidget(self.buttons[action])
            row.addStretch(1)
            layout.addLayout(row)
        return box

    def _plan_page(self) -> QWidget:
        self.concern = QLabel()
        self.concern.setWordWrap(True)
        self.concern.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.conditions = ConditionModel(self)
        self.conditions_table = _table(self.conditions)
        self.unanswered = QLabel()
        self.unanswered.setWordWrap(True)
        set_tone(self.unanswered, Tone.ERROR, "font-weight: 600;")
        # At a glance: is every condition of Veilig Thuis answered by an agreement?
        self.vt_answered = QLabel()
        self.vt_answered.setWordWrap(True)
        self.items = ItemModel(self)
        self.items_table = _table(self.items)
        self.items_table.setItemDelegateForColumn(ITEM_STATUS_COLUMN, StatusDelegate(self))
        self.items_table.horizontalHeader().setSectionResizeMode(
            1, QHeaderView.ResizeMode.Stretch)
        self.items_table.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed
                                         | QAbstractItemView.EditTrigger.DoubleClicked)
        self.concern_box = self._box(self.concern, buttons=("concern",))
        self.conditions_box = self._box(self.vt_answered, self.unanswered, self.conditions_table,
                                        buttons=("condition", "condition_status_selected",
                                                 "condition_words_selected"))
        self.items_box = self._box(self.items_table,
                                   buttons=("item", "item_edit_selected", "goal"))
        page = _Tab()
        layout = QVBoxLayout(page)
        layout.addWidget(self.concern_box)
        layout.addWidget(self.conditions_box, 1)
        layout.addWidget(self.items_box, 2)
        return page

    def _network_page(self) -> QWidget:
        self.network = NetworkModel(self)
        self.signals = SignalModel(self)
        self.contacts = ContactModel(self)
        self.network_box = self._box(_table(self.network, 2),
                                     buttons=("support_person",))
        self.signals_box = self._box(_table(self.signals, 1),
                                     buttons=("tension_signal",))
        self.contacts_box = self._box(_table(self.contacts), buttons=("contact",))
        page = _Tab()
        layout = QVBoxLayout(page)
        for box in (self.network_box, self.signals_box, self.contacts_box):
            layout.addWidget(box, 1)
        return page

    def _profile_page(self) -> QWidget:
        self.profiles = QLabel()
        self.profiles.setWordWrap(True)
        self.guidance = QLabel()
        self.guidance.setWordWrap(True)
        self.guidance.setTextFormat(Qt.TextFormat.RichText)
        page = _Tab()
        layout = QVBoxLayout(page)
        layout.addWidget(self.profiles)
        layout.addWidget(self.guidance)
        row = QHBoxLayout()
        row.addWidget(self.buttons["profiles"])
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(1)
        return page

    def _scale_page(self) -> QWidget:
        self.scale_person = QComboBox()
        self.chart = ScaleChart()
        self.evaluations = QLabel()
        self.evaluations.setWordWrap(True)
        self.scale_label = QLabel()
        self.scale_label.setBuddy(self.scale_person)
        page = _Tab()
        layout = QVBoxLayout(page)
        row = QHBoxLayout()
        row.addWidget(self.scale_label)
        row.addWidget(self.scale_person)
        row.addWidget(self.buttons["scale_score"])
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.chart, 1)
        layout.addWidget(self.evaluations)
        return page

    # -- texts ------------------------------------------------------------------------------

    def retranslate(self) -> None:
        for action, text in ACTIONS.items():
            self.buttons[action].setText(_(text))
            self.buttons[action].setAccessibleName(_(text).replace("&", ""))
        for index, title in enumerate((_("Plan"), _("Netwerk en noodnummers"),
                                       _("Gezinsprofiel"), _("Schaalvraag en evaluaties"))):
            self.tabs.setTabText(index, title)
        self.concern_box.setTitle(_("Grootste zorg"))
        self.conditions_box.setTitle(_("Veiligheidsvoorwaarden"))
        self.items_box.setTitle(_("Afspraken"))
        self.network_box.setTitle(_("Netwerk"))
        self.signals_box.setTitle(_("Waarschuwingstekens dat de spanning oploopt"))
        self.contacts_box.setTitle(_("Noodnummers en contactpersonen"))
        self.scale_label.setText(_("Sc&haalvraag voor:"))
        for table, name in ((self.conditions_table, _("Veiligheidsvoorwaarden")),
                            (self.items_table, _("Afspraken"))):
            table.setAccessibleName(name)
        for box in (self.network_box, self.signals_box, self.contacts_box):
            box.findChild(QTableView).setAccessibleName(box.title())
        for model in (self.conditions, self.items, self.network, self.signals, self.contacts):
            model.retranslate()
        self.timeline.retranslate()
        if self._plan is not None:
            self._show_texts()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- showing the plan ------------------------------------------------------------------

    def show_plan(self, plan: CasePlan, state: PhaseState, started: bool,
                  names: dict[str, str], status_text: str = "") -> None:
        self._shown = (plan, state, started, names, status_text)
        if self.discreet:
            plan = discreet_plan(plan, names.values(), mask_names, initials)
        self._plan = plan
        self._names = ({pid: initials(name) for pid, name in names.items()} if self.discreet
                       else dict(names))
        self.timeline.set_state(state, started)
        self.status.setText(status_text)
        self._say("")
        self.conditions.show_plan(plan)
        self.items.show_plan(plan, self._names)
        self.network.set_rows(plan.network)
        self.signals.names = self._names
        self.signals.set_rows(plan.tension_signals)
        self.contacts.set_rows(emergency_contacts(plan))
        scored = [pid for pid in self._names if any(s.person_id == pid
                                                    for s in plan.scale_scores)]
        current = self.scale_person.currentData()
        self.scale_person.blockSignals(True)
        self.scale_person.clear()
        for pid in scored or list(self._names):
            self.scale_person.addItem(self._names[pid], pid)
        self.scale_person.setCurrentIndex(max(0, self.scale_person.findData(current)))
        self.scale_person.blockSignals(False)
        self._show_texts()
        self._draw_chart()

    def set_versions(self, box: QWidget | None) -> None:
        """Show ``box`` (a ``VersionsBox`` of the plan) above the plan, or none."""
        if self.versions is not None:
            self.versions.hide()
            self.versions.deleteLater()
        self.versions = box
        if box is not None:
            self.versions_holder.addWidget(box)
            box.set_discreet(self.discreet)

    def set_discreet(self, on: bool) -> None:
        """Home-visit mode: initials for the household, and none of the worker's
        own judgements (the biggest concern, the family profile and its
        warnings) on a screen someone in the house may see."""
        self.discreet = on
        if self.versions is not None:
            self.versions.set_discreet(on)
        self.concern_box.setVisible(not on)
        self.tabs.setTabVisible(PROFILE_TAB, not on)
        self.timeline.show_reasons = not on
        if self._shown is not None:
            self.show_plan(*self._shown)

    def clear(self) -> None:
        """Forget the plan shown, as the store locks: no family's agreements,
        names or scores stay behind in the tab's widgets."""
        self._plan, self._names, self._shown = None, {}, None
        self.set_versions(None)
        for model in (self.conditions, self.items, self.network, self.signals, self.contacts):
            model.set_rows([])
        self.conditions.plan = None
        self.items.names, self.items.numbers, self.signals.names = {}, {}, {}
        self.timeline.clear()
        self.scale_person.clear()
        self.chart.set_series([], [])
        for label in (self.status, self.concern, self.unanswered, self.vt_answered,
                      self.profiles, self.guidance, self.warning, self.evaluations):
            label.clear()
        self._say("")

    def _show_texts(self) -> None:
        plan = self._plan
        assert plan is not None
        self.concern.setText(plan.biggest_concern or _("Nog niet ingevuld."))
        open_conditions = unanswered_conditions(plan)
        self.unanswered.setText(ngettext("Nog geen afspraak bij {n} van de {total} voorwaarde.",
                                         "Nog geen afspraak bij {n} van de {total} voorwaarden.",
                                         len(plan.conditions))
                                .format(n=len(open_conditions), total=len(plan.conditions))
                                if open_conditions else "")
        self.unanswered.setVisible(bool(open_conditions))
        answered, total = vt_conditions_answered(plan)
        if answered == total:
            text = _("Elke voorwaarde van Veilig Thuis heeft een afspraak ({n} van {n}).")
        else:
            text = _("Voorwaarden van Veilig Thuis: {answered} van {n} hebben een afspraak.")
        self.vt_answered.setText(text.format(answered=answered, n=total) if total else "")
        set_tone(self.vt_answered, Tone.SUCCESS if answered == total else Tone.ERROR,
                 "font-weight: 600;")
        self.vt_answered.setVisible(bool(total))
        chosen = plan.profiles.profiles
        names = [p.label + (" " + _("(belangrijkste)") if p == plan.profiles.dominant else "")
                 for p in FamilyProfile if p in chosen]
        self.profiles.setText(_("Gezinsprofiel: {profiles}").format(
            profiles=", ".join(names)) if names else _("Nog geen gezinsprofiel gekozen."))
        lines = []
        for g in plan_guidance(plan):
            # A warning in the error colour; the rest in the palette's own text colour.
            style = (f" style='color:{text_colour(Tone.ERROR)}'"
                     if g.level is GuidanceLevel.WARNING else "")
            lines.append(f"<p{style}><b>{g.level.label}:</b> {g.text}</p>")
        self.guidance.setText("".join(lines))
        warnings = [g.text for g in plan_guidance(plan) if g.level is GuidanceLevel.WARNING
                    and g.code is GuidanceCode.NO_JOINT_CONVERSATIONS]
        self.warning.setText(_("Let op: {text}").format(text=" ".join(warnings)))
        self.warning.setVisible(bool(warnings) and not self.discreet)
        held = [_("{date}: {decision}").format(date=format_date(e.held_on, "medium"),
                                               decision=e.decision.label)
                + ("" if self.discreet or not e.open_conditions_reason.strip() else " — " + _(
                    "door zonder afspraak bij elke voorwaarde: {reason}").format(
                    reason=e.open_conditions_reason.strip()))
                for e in plan.evaluations]
        self.evaluations.setText(_("Evaluaties: {list}").format(list="; ".join(held))
                                 if held else _("Nog geen evaluaties."))

    def _draw_chart(self) -> None:
        if self._plan is None:
            return
        person = self.scale_person.currentData()
        scores = self._plan.scale_scores
        self.chart.set_series(
            [(s.on, s.score) for s in scale_history(scores, person or "", ScaleView.WORKER)],
            [(s.on, s.score) for s in scale_history(scores, person or "", ScaleView.FAMILY)])

    # -- requests --------------------------------------------------------------------------

    def selected_id(self, table: QTableView) -> str | None:
        index = table.currentIndex()
        return index.data(Qt.ItemDataRole.UserRole) if index.isValid() else None

    def _request(self, action: str) -> None:
        if action.endswith("_selected"):
            table = (self.conditions_table if action.startswith("condition")
                     else self.items_table)
            ref = self.selected_id(table)
            if ref is None:
                self._say(_("Kies eerst een regel in de lijst."))
                return
            self._say("")
            self.action_requested.emit(action, ref)
            return
        self._say("")
        self.action_requested.emit(action, "")

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
        announce(self.message, text)
