"""What the members panel's buttons do: ask whom (or what), call the
service, show the panel again. ``changed(case_id)`` fires after a change."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QInputDialog, QWidget

from app.caseteam import Action, Worker
from app.errors import VeiligwijzerError
from app.i18n import _
from app.services import caseteam
from app.services import overview as overview_service
from app.ui.members_panel import MembersPanel
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


class TeamController(QObject):
    changed = Signal(str)
    #: Why this worker may not record a review on the shown case, or "" (the
    #: meldcode's "Besproken met teamleider" button follows it).
    review_refusal = Signal(str)

    def __init__(self, panel: MembersPanel, parent: QWidget) -> None:
        super().__init__(parent)
        self.panel, self.parent_widget = panel, parent
        self.store = None
        panel.action_requested.connect(self.handle)

    def show(self, store, case_id: str, team: caseteam.CaseTeam | None = None,
             reviews: tuple | None = None) -> None:
        """Show the case's members; ``team`` and ``reviews`` when read
        already (off the UI thread, with the rest of the case)."""
        self.store = store
        team = team or caseteam.case_team(store, case_id)
        if reviews is None:
            reviews = tuple(overview_service.case_reviews(store, case_id))
        last = reviews[-1] if reviews else None
        self.panel.show_team(team, (last.created_at.date(), last.author, last.comment)
                             if last else None)
        self.review_refusal.emit(team.why_not(Action.REVIEW) or "")

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
        except VeiligwijzerError as exc:
            show_error(parent, exc)
            return
        self.show(self.store, team.case_id)
        self.changed.emit(team.case_id)
