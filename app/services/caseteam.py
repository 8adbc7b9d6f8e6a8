"""Working as a team on a case (issue 21): the worker directory, who is on a
case, "Overdragen aan collega", asking the team lead for a review, and what
changed since this worker last looked.

Every change is an operation (through the store's repositories) and an
audit entry, in one transaction. The rules are in ``app.caseteam``.

``on_members_changed(callback)``: team sync (issue 20) registers here to
give a case's key to the devices of a worker who joined the case (and to
roll the key when one left); ``callback(store, case_id)`` runs after the
change is committed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from app.cases.model import new_id, utc_now
from app.caseteam import (
    MAX_NOTE_LENGTH,
    Action,
    CaseMember,
    ReviewRequest,
    TeamRole,
    Worker,
    case_lead,
    case_members,
    open_request,
    validate_worker_name,
    why_not,
    why_not_remove,
    why_not_take_over,
)
from app.errors import ValidationError, VeiligwijzerError
from app.i18n import _
from app.services.case_keys import follow_members
from app.services.cases import find_case
from app.store.audit import AuditAction
from app.store.store import Store

MembersChanged = Callable[[Store, str], None]
_members_changed: list[MembersChanged] = []


def on_members_changed(callback: MembersChanged) -> Callable[[], None]:
    """Call ``callback(store, case_id)`` after the members or the
    casusregisseur of a case changed here; returns a function that stops it."""
    _members_changed.append(callback)
    return lambda: _members_changed.remove(callback)


def _members_did_change(store: Store, case_id: str) -> None:
    for callback in tuple(_members_changed):
        callback(store, case_id)


def _keys_follow(store: Store, case_id: str) -> None:
    """In a team, the case key goes with the change (need to know): to the
    devices of whoever is now on the case; a new epoch when someone left."""
    team = case_team(store, case_id)
    follow_members(store, case_id, frozenset({team.lead, *team.co_workers}))


class NotAllowed(VeiligwijzerError):
    """The worker's role in the team does not allow this (the message says why)."""


def _meta(store: Store) -> dict[str, str]:
    return {"updated_at": utc_now().isoformat(), "author": store.worker_id,
            "device": store.device_id}


# -- the worker directory -------------------------------------------------------------


def workers(store: Store) -> dict[str, Worker]:
    return store.caseteam.workers()


def worker_name(store: Store, worker_id: str) -> str:
    """The name a colleague is shown by; a short id for one not in the directory."""
    worker = store.caseteam.workers().get(worker_id)
    return worker.name if worker else _("medewerker {id}").format(id=worker_id[:8])


def set_worker(store: Store, worker_id: str, name: str, role: TeamRole) -> Worker:
    """Add a worker to the directory or change their name or role. The first
    entry starts the team; after that only a team lead changes it."""
    directory = store.caseteam.workers()
    mine = directory.get(store.worker_id)
    if directory and not (mine and mine.role in (TeamRole.LEAD, TeamRole.DEPUTY)):
        raise NotAllowed(_("Alleen de teamleider of de plaatsvervanger kan dit doen."))
    worker = Worker(worker_id, validate_worker_name(name), TeamRole(role))
    with store.transaction():
        store.caseteam.set_worker(worker, _meta(store))
        store.audit.append(AuditAction.CHANGE, "worker", worker_id, key="worker_set",
                           role=str(worker.role))
    return worker


# -- who is on a case -----------------------------------------------------------------


@dataclass(frozen=True)
class CaseTeam:
    """Who is on a case, and what this worker may do about it."""

    case_id: str
    lead: str
    co_workers: tuple[str, ...]
    members: tuple[CaseMember, ...]
    directory: dict[str, Worker]
    #: The newest request for a review no review answered yet.
    open_request: ReviewRequest | None
    me: str

    def name(self, worker_id: str) -> str:
        worker = self.directory.get(worker_id)
        return worker.name if worker else _("medewerker {id}").format(id=worker_id[:8])

    def why_not(self, action: Action) -> str | None:
        return why_not(action, self.me, directory=self.directory, lead=self.lead,
                       co_workers=self.co_workers)

    def can(self, action: Action) -> bool:
        return self.why_not(action) is None

    def candidates(self) -> tuple[Worker, ...]:
        """Colleagues of the directory not yet on the case as casusregisseur
        or co-worker (to add, or to hand the case over to)."""
        on = {self.lead, *self.co_workers}
        return tuple(w for w in self.directory.values() if w.id not in on)

    def successors(self) -> tuple[Worker, ...]:
        """Colleagues the case can be handed over to (a co-worker too)."""
        return tuple(w for w in self.directory.values() if w.id != self.lead)


def case_team(store: Store, case_id: str) -> CaseTeam:
    explicit, creator = store.caseteam.lead_and_creator(case_id)
    lead = case_lead(explicit, creator)
    co_workers = tuple(w for w in store.caseteam.co_workers(case_id) if w != lead)
    directory = store.caseteam.workers()
    reviews = [r.created_at for r in store.overview.reviews(case_id)]
    return CaseTeam(case_id, lead, co_workers, case_members(lead, co_workers, directory),
                    directory, open_request(store.caseteam.requests(case_id), reviews),
                    store.worker_id)


def _check(team: CaseTeam, action: Action) -> None:
    reason = team.why_not(action)
    if reason is not None:
        raise NotAllowed(reason)


def add_member(store: Store, case_id: str, worker_id: str) -> None:
    """The team lead puts a colleague on the case (medewerker op de casus)."""
    find_case(store, case_id)
    team = case_team(store, case_id)
    _check(team, Action.ADD_MEMBER)
    if worker_id in (team.lead, *team.co_workers):
        raise ValidationError(_("Deze collega staat al op de casus."), field="worker")
    if team.directory and worker_id not in team.directory:
        raise ValidationError(_("Deze collega staat niet in de lijst van het team."),
                              field="worker")
    with store.transaction():
        store.caseteam.add_member(case_id, worker_id, _meta(store))
        store.audit.append(AuditAction.CHANGE, "case", case_id, added="member",
                           worker=worker_id)
        _keys_follow(store, case_id)
    _members_did_change(store, case_id)


def remove_member(store: Store, case_id: str, worker_id: str) -> None:
    find_case(store, case_id)
    team = case_team(store, case_id)
    _check(team, Action.REMOVE_MEMBER)
    reason = why_not_remove(worker_id, team.lead, team.co_workers)
    if reason is not None:
        raise ValidationError(reason, field="worker")
    with store.transaction():
        store.caseteam.remove_member(case_id, worker_id, _meta(store))
        store.audit.append(AuditAction.CHANGE, "case", case_id, removed="member",
                           worker=worker_id)
        _keys_follow(store, case_id)
    _members_did_change(store, case_id)


def take_over(store: Store, case_id: str, new_lead: str) -> None:
    """Overdragen aan collega: ``new_lead`` becomes casusregisseur; the old
    one stays on the case as a co-worker until the team lead removes them
    (warme overdracht)."""
    find_case(store, case_id)
    team = case_team(store, case_id)
    _check(team, Action.TAKE_OVER)
    reason = why_not_take_over(new_lead, team.lead, team.directory)
    if reason is not None:
        raise ValidationError(reason, field="worker")
    meta = _meta(store)
    with store.transaction():
        store.caseteam.add_member(case_id, team.lead, meta)
        store.caseteam.set_lead(case_id, new_lead, meta)
        store.audit.append(AuditAction.CHANGE, "case", case_id, key="case_taken_over",
                           worker=new_lead, previous=team.lead)
        _keys_follow(store, case_id)
    _members_did_change(store, case_id)


# -- asking for a review --------------------------------------------------------------


def ask_review(store: Store, case_id: str, note: str = "") -> ReviewRequest:
    """A worker asks the team lead to discuss the case (before or after a
    weighing or decision, steps 4 and 5); the lead's review answers it."""
    note = note.strip()
    if len(note) > MAX_NOTE_LENGTH:
        raise ValidationError(_("De toelichting is te lang."), field="note")
    find_case(store, case_id)
    _check(case_team(store, case_id), Action.ASK_REVIEW)
    request = ReviewRequest(new_id(), case_id, note, utc_now(), store.worker_id)
    with store.transaction():
        store.caseteam.add_request(request, store.device_id)
        store.audit.append(AuditAction.CHANGE, "case", case_id, added="review_request")
    return request


def check_may_review(store: Store, case_id: str) -> None:
    """Only the team lead or deputy records "Besproken met teamleider" (in a team)."""
    _check(case_team(store, case_id), Action.REVIEW)


def open_requests(store: Store) -> frozenset[str]:
    """The cases with a request for a review that no review answered yet."""
    by_case: dict[str, list[ReviewRequest]] = {}
    for request in store.caseteam.requests():
        by_case.setdefault(request.case_id, []).append(request)
    reviews = store.caseteam.review_times()
    return frozenset(case_id for case_id, requests in by_case.items()
                     if open_request(requests, reviews.get(case_id, ())))


# -- new since you looked ---------------------------------------------------------------


def mark_seen(store: Store, case_id: str) -> None:
    with store.transaction():
        store.caseteam.mark_seen(case_id)


def changed_by_others(store: Store) -> frozenset[str]:
    """Cases someone else changed since this worker last opened them."""
    return store.caseteam.changed_by_others()
