"""What the members panel's buttons do: ask whom (or what), call the
service, show the panel again. ``changed(case_id)`` fires after a change.

Sharing for a consultation: ``read_only(text)`` says, when not empty, that
the shown case is this worker's consultation, read only, until when (the
case screen shows it and offers no editing);
``consultation_over(case_id)`` fires when its end time comes while it is
shown. ``settle()`` ends the sharings whose time is over (see
``app.services.caseteam.settle_consultations``); the window calls it at
unlocking and after each sync that brought changes, and ``show`` when a
case opens."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QWidget,
)

from app.cases.model import utc_now
from app.caseteam import Action, Worker
from app.caseteam.consultation import DEFAULT_LENGTH, ConsultationLength
from app.errors import VeiligwijzerError
from app.i18n import _
from app.services import caseteam
from app.services import overview as overview_service
from app.ui.members_panel import MembersPanel, consultation_text
from app.ui.messages import show_error


def ask_colleague(parent: QWidget, title: str, label: str,
                  workers: tuple[Worker, ...]) -> str | None:
    """The worker id chosen, or None (tests replace this)."""
    names = [f"{w.name} ({w.role.label})" for w in workers]
    chosen, ok = QInputDialog.getItem(parent, title, label, names, 0, False)
    return workers[names.index(chosen)].id if ok and chosen in names else None


def ask_note(parent: QWidget) -> str | None:
    """A short note for the team lead, or None when cancelled (tests replace this)."""
    text, ok = QInputDialog.getMultiLineText(
        parent, _("Bespreking vragen"),
        _("Wat wil je met de teamleider bespreken? (mag leeg blijven)"))
    return text if ok else None


class ShareDialog(QDialog):
    """Delen voor consultatie: with whom, and how long (read only)."""

    def __init__(self, parent: QWidget | None, workers: tuple[Worker, ...]) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Delen voor consultatie"))
        self.workers = workers
        self.who = QComboBox()
        self.who.addItems([f"{w.name} ({w.role.label})" for w in workers])
        self.who.setAccessibleName(_("Met wie"))
        self.length = QComboBox()
        for length in ConsultationLength:
            self.length.addItem(length.label, str(length))
        self.length.setCurrentIndex(list(ConsultationLength).index(DEFAULT_LENGTH))
        self.length.setAccessibleName(_("Hoe lang"))
        explain = QLabel(_(
            "De collega kan de casus lezen, niet wijzigen. Na deze tijd stopt het delen "
            "vanzelf; je kunt het ook eerder beëindigen."))
        explain.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(explain)
        who_label, length_label = QLabel(_("&Met wie")), QLabel(_("&Hoe lang"))
        who_label.setBuddy(self.who)
        length_label.setBuddy(self.length)
        form.addRow(who_label, self.who)
        form.addRow(length_label, self.length)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Delen"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def choice(self) -> tuple[str, ConsultationLength]:
        return (self.workers[self.who.currentIndex()].id,
                ConsultationLength(self.length.currentData()))


def ask_share(parent: QWidget,
              workers: tuple[Worker, ...]) -> tuple[str, ConsultationLength] | None:
    """(colleague, length) to share the case with, or None (tests replace this)."""
    dialog = ShareDialog(parent, workers)
    return dialog.choice() if dialog.exec() == QDialog.DialogCode.Accepted else None


def ask_end(parent: QWidget, names: list[str]) -> int | None:
    """Which running sharing to end (its index), or None (tests replace this)."""
    if len(names) == 1:
        answer = QMessageBox.question(
            parent, _("Delen beëindigen"),
            _("Het delen met {name} nu beëindigen? {name} kan de casus dan niet meer "
              "lezen.").format(name=names[0]))
        return 0 if answer == QMessageBox.StandardButton.Yes else None
    chosen, ok = QInputDialog.getItem(parent, _("Delen beëindigen"),
                                      _("Met wie stopt het delen?"), names, 0, False)
    return names.index(chosen) if ok and chosen in names else None


#: The longest wait a Qt timer takes (about 24 days); a sharing is shorter.
_MAX_TIMER_MS = 2**31 - 1


class TeamController(QObject):
    changed = Signal(str)
    read_only = Signal(str)
    consultation_over = Signal(str)
    #: Why this worker may not record a review on the shown case, or "" (the
    #: meldcode's "Besproken met teamleider" button follows it).
    review_refusal = Signal(str)

    def __init__(self, panel: MembersPanel, parent: QWidget) -> None:
        super().__init__(parent)
        self.panel, self.parent_widget = panel, parent
        self.store = None
        panel.action_requested.connect(self.handle)
        self._ends = QTimer(self)
        self._ends.setSingleShot(True)
        self._ends.timeout.connect(self._consultation_ended)
        self._case_id: str | None = None

    def settle(self, store) -> frozenset[str]:
        """End what is over (see the module); the cases whose view changed."""
        try:
            return caseteam.settle_consultations(store)
        except VeiligwijzerError as exc:
            show_error(self.parent_widget, exc)
            return frozenset()

    def _consultation_ended(self) -> None:
        if self.store is not None and self._case_id is not None:
            self.settle(self.store)
            self.consultation_over.emit(self._case_id)

    def show(self, store, case_id: str, team: caseteam.CaseTeam | None = None,
             reviews: tuple | None = None) -> None:
        """Show the case's members; ``team`` and ``reviews`` when read
        already (off the UI thread, with the rest of the case)."""
        self.store = store
        if case_id != self._case_id:
            self._case_id = case_id
            if self.settle(store) & {case_id}:
                team = None  # read again: a sharing of it ended here
        team = team or caseteam.case_team(store, case_id)
        if reviews is None:
            reviews = tuple(overview_service.case_reviews(store, case_id))
        last = reviews[-1] if reviews else None
        self.panel.show_team(team, (last.created_at.date(), last.author, last.comment)
                             if last else None)
        self.review_refusal.emit(team.why_not(Action.REVIEW) or "")
        mine = team.mine()
        self.read_only.emit(consultation_text(team))
        self._ends.stop()
        if mine is not None:
            left = (mine.ends_at - utc_now()).total_seconds() * 1000
            self._ends.start(int(min(max(left, 0) + 1000, _MAX_TIMER_MS)))

    def clear(self) -> None:
        """No case shown (the list, a lock): no end to wait for."""
        self._ends.stop()
        self._case_id = None
        self.read_only.emit("")

    def handle(self, action: str) -> None:
        team = self.panel.team
        if self.store is None or team is None:
            return
        parent = self.parent_widget
        try:
            if action == "add":
                worker = ask_colleague(parent, _("Collega toevoegen"),
                                       _("Welke collega komt op deze casus?"), team.candidates())
                if worker is None:
                    return
                caseteam.add_member(self.store, team.case_id, worker)
            elif action == "remove":
                worker = self.panel.selected_worker()
                if worker is None:
                    return
                caseteam.remove_member(self.store, team.case_id, worker)
            elif action == "take_over":
                worker = ask_colleague(parent, _("Overdragen aan collega"), _(
                    "Wie wordt casusregisseur? Jij blijft op de casus tot de teamleider je "
                    "eraf haalt."), team.successors())
                if worker is None:
                    return
                caseteam.take_over(self.store, team.case_id, worker)
            elif action == "ask_review":
                note = ask_note(parent)
                if note is None:
                    return
                caseteam.ask_review(self.store, team.case_id, note)
            elif action == "share":
                choice = ask_share(parent, team.consultants())
                if choice is None:
                    return
                caseteam.share_for_consultation(self.store, team.case_id, *choice)
            elif action == "end_share":
                running = team.running()
                index = ask_end(parent, [team.name(c.consultant) for c in running])
                if index is None:
                    return
                caseteam.end_consultation(self.store, running[index].id)
        except VeiligwijzerError as exc:
            show_error(parent, exc)
            return
        self.show(self.store, team.case_id)
        self.changed.emit(team.case_id)
