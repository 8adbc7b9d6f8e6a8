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
from datetime import datetime

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
    is_on_case,
    open_request,
    validate_worker_name,
    why_not,
    why_not_change_directory,
    why_not_member_change,
    why_not_remove,
    why_not_take_over,
)
from app.caseteam.consultation import (
    DEFAULT_LENGTH,
    Consultation,
    ConsultationLength,
    consultants,
    end_of,
    over_for,
    read_only_refusal,
    why_not_end,
    why_not_share,
    why_not_times,
)
from app.errors import ValidationError, VeiligwijzerError
from app.i18n import N_, _
from app.oplog.merge import REMOVED
from app.oplog.operation import Operation, OpKind
from app.services.case_keys import follow_members, may_give_keys, share_keys
from app.services.cases import find_case
from app.store.audit import AuditAction
from app.store.oplog import AUDIT, TEAM, hlc_time
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


def _keys_follow(store: Store, case_id: str, *, new_epoch: bool = False) -> None:
    """In a team, the case key goes with the change (need to know): to the
    devices of whoever is now on the case or reads it for a running
    consultation; a new epoch when someone left."""
    team = case_team(store, case_id)
    reading = {c.consultant for c in team.running()}
    follow_members(store, case_id, frozenset({team.lead, *team.co_workers, *reading}),
                   new_epoch=new_epoch)


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
    reason = why_not_change_directory(store.worker_id, store.caseteam.workers())
    if reason is not None:
        raise NotAllowed(reason)
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
    #: Every sharing of the case for a consultation, running or over.
    consultations: tuple[Consultation, ...] = ()

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

    def on_case(self, worker_id: str) -> bool:
        return is_on_case(worker_id, directory=self.directory, lead=self.lead,
                          co_workers=self.co_workers)

    def running(self, now: datetime | None = None) -> tuple[Consultation, ...]:
        """The sharings running now, the one ending first first."""
        now = now or utc_now()
        return tuple(sorted((c for c in self.consultations if c.running(now)),
                            key=lambda c: (c.ends_at, c.id)))

    def consultants(self, now: datetime | None = None) -> tuple[Worker, ...]:
        """Colleagues the case can be shared with now."""
        return consultants(self.directory, lead=self.lead, co_workers=self.co_workers,
                           running=self.running(now))

    def mine(self, now: datetime | None = None) -> Consultation | None:
        """This worker's own running consultation of the case (read only),
        or None when this worker is on the case or has none running."""
        if self.directory and self.on_case(self.me):
            return None
        return next((c for c in self.running(now) if c.consultant == self.me), None)


def case_team(store: Store, case_id: str) -> CaseTeam:
    explicit, creator = store.caseteam.lead_and_creator(case_id)
    lead = case_lead(explicit, creator)
    co_workers = tuple(w for w in store.caseteam.co_workers(case_id) if w != lead)
    directory = store.caseteam.workers()
    reviews = [r.created_at for r in store.overview.reviews(case_id)]
    return CaseTeam(case_id, lead, co_workers, case_members(lead, co_workers, directory),
                    directory, open_request(store.caseteam.requests(case_id), reviews),
                    store.worker_id, tuple(store.consultations.of_case(case_id)))


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


# -- sharing a case for a consultation -------------------------------------------------


def share_for_consultation(store: Store, case_id: str, consultant: str,
                           length: ConsultationLength = DEFAULT_LENGTH) -> Consultation:
    """Delen voor consultatie: ``consultant`` reads the case, and changes
    nothing, until the end time. The sharing is an operation with its start
    and end; the case's keys of every epoch go to the consultant's devices."""
    find_case(store, case_id)
    team = case_team(store, case_id)
    reason = why_not_share(store.worker_id, consultant, directory=team.directory,
                           lead=team.lead, co_workers=team.co_workers,
                           running=team.running())
    if reason is not None:
        raise NotAllowed(reason)
    start = utc_now()
    consultation = Consultation(new_id(), case_id, consultant, store.worker_id,
                                ConsultationLength(length), start,
                                end_of(start, ConsultationLength(length)))
    with store.transaction():
        store.consultations.share(consultation, store.device_id)
        store.audit.append(AuditAction.CHANGE, "case", case_id, key="consultation_started",
                           worker=consultant, until=consultation.ends_at.isoformat())
        share_keys(store, case_id, consultant)
    _members_did_change(store, case_id)
    return consultation


def end_consultation(store: Store, share_id: str) -> None:
    """Delen beëindigen: someone on the case ends a sharing before its end
    time. The case's new key epoch without the consultant follows here on
    an admin's device, else on the first admin's device that settles."""
    consultation = store.consultations.get(share_id)
    if consultation is None:
        raise ValidationError(_("Dit delen bestaat niet (meer)."), field="share")
    team = case_team(store, consultation.case_id)
    reason = why_not_end(store.worker_id, directory=team.directory, lead=team.lead,
                         co_workers=team.co_workers)
    if reason is not None:
        raise NotAllowed(reason)
    if consultation.ended_at is not None:
        return
    early = consultation.running(utc_now())
    _record_end(store, consultation, early=early, roll=not early)
    _members_did_change(store, consultation.case_id)


def _record_end(store: Store, consultation: Consultation, *, early: bool,
                roll: bool = True) -> None:
    """The end as an operation and an audit entry; on an admin's device,
    with ``roll``, the case's new key epoch too (``rolled``). An end by
    hand goes out under the key the consultant still holds, so that the
    consultant's app learns of it; the new epoch follows at the next
    ``settle_consultations`` after it was sent."""
    ended_at = utc_now() if early else min(consultation.ends_at,
                                           consultation.ended_at or consultation.ends_at)
    with store.transaction():
        rolled = roll and may_give_keys(store, consultation.case_id)
        store.consultations.end(new_id(), consultation, ended_at, store.worker_id, early,
                                rolled, store.device_id)
        store.audit.append(AuditAction.CHANGE, "case", consultation.case_id,
                           key="consultation_ended", worker=consultation.consultant,
                           early=early)
        if rolled:
            _keys_follow(store, consultation.case_id, new_epoch=True)


def settle_consultations(store: Store, now: datetime | None = None) -> frozenset[str]:
    """What this device does about sharings that are over; returns the cases
    whose view changed. The app calls it when it unlocks, when a case opens
    and after a sync brought changes: whichever comes first after the end
    time, on whichever device of the case is open first.

    * A device of a worker on the case records the end (an operation and
      an audit entry) when its end time has passed and nobody recorded it.
    * An admin's device (the team lead's, the deputy's) also makes the
      case's new key epoch for the members without the consultant, and
      completes an end another device recorded without one: every store
      takes a new key from an admin, not from every member's device.
    * On the consultant's device the case's keys are dropped and the case
      is no longer shown (``hidden_cases``), even before that new epoch.

    The end time is the one in the sharing's operation; each device
    compares it with its own clock, so a device whose clock runs behind
    ends it late, one that runs ahead early. No device's clock lets the
    consultant write, and once a new epoch is made the consultant's
    devices cannot read what is written after it, whatever their clocks.
    """
    now = now or utc_now()
    changed: set[str] = set()
    for consultation in store.consultations.unsettled():
        if consultation.running(now):
            continue
        team = case_team(store, consultation.case_id)
        if team.directory and not team.on_case(store.worker_id):
            continue
        if consultation.ended_at is None or (
                may_give_keys(store, consultation.case_id)
                and not store.consultations.end_unsent(consultation.case_id)):
            _record_end(store, consultation, early=False)
            changed.add(consultation.case_id)
    for case_id in sorted(hidden_cases(store, now)):
        if store.consultations.drop_keys(case_id):
            changed.add(case_id)
    return frozenset(changed)


def hidden_cases(store: Store, now: datetime | None = None) -> frozenset[str]:
    """Cases this worker had for a consultation that is over (and is not on):
    their app no longer shows them."""
    now = now or utc_now()
    by_case: dict[str, list[Consultation]] = {}
    for consultation in store.consultations.of_consultant(store.worker_id):
        by_case.setdefault(consultation.case_id, []).append(consultation)
    hidden = set()
    for case_id, mine in by_case.items():
        if over_for(store.worker_id, mine, now,
                    on_case=case_team(store, case_id).on_case(store.worker_id)):
            hidden.add(case_id)
    return frozenset(hidden)


# -- what a receiving store refuses ---------------------------------------------------

#: Refusal codes of operations that arrive (counted with the sync's others).
NOT_ALLOWED = "not_allowed"
READ_ONLY = "read_only"

#: How a worker reads those codes (the sync's ``REFUSAL_LABELS`` adds these).
REFUSAL_LABELS = {
    NOT_ALLOWED: N_("rol staat dit niet toe"),
    READ_ONLY: N_("consultatie: alleen lezen"),
}


def refusal_label(reason: str) -> str:
    return _(REFUSAL_LABELS[reason]) if reason in REFUSAL_LABELS else reason

#: Entity kinds that are changes about who is on a case.
_MEMBER_ENTITIES = frozenset({"case_members", "reviews", "review_requests",
                              "consultation_shares", "consultation_ends"})


def changes_roles(op: Operation) -> bool:
    """Whether an operation can change how the next one is judged: who is
    on the case or leads it, a consultation, the team's directory (a case's
    own first operation names its creator)."""
    return op.entity in _MEMBER_ENTITIES or op.entity in ("workers", "cases")


def refusal(store: Store, op: Operation, actor: str) -> str | None:
    """Why this store refuses an operation that arrived from a device of
    worker ``actor`` (from the team's member list, not the operation's own
    author field), or None to apply it.

    The same rules as on the author's store (``app.caseteam``), now with
    this store's directory and members: member changes, takeovers, reviews
    and review requests need the role for them; a consultant's device
    changes nothing on the case it reads (its audit entries, what it
    viewed, are kept). A store without a directory refuses nothing, as it
    allows everything itself."""
    if op.entity == AUDIT:
        return None
    if op.entity == "workers":
        reason = why_not_change_directory(actor, store.caseteam.workers())
        return None if reason is None else NOT_ALLOWED
    if op.case_id == TEAM:
        return None
    takeover = op.entity == "cases" and op.kind is OpKind.SET and "case_lead" in op.change
    shared = store.consultations.of_case(op.case_id)
    if op.entity not in _MEMBER_ENTITIES and not takeover and not shared:
        return None  # the common case: one indexed look, nothing to judge
    explicit, creator = store.caseteam.lead_and_creator(op.case_id)
    if not creator:
        return None  # the case is not here (yet): its own first operation
    directory = store.caseteam.workers()
    if not directory:
        return None
    lead = case_lead(explicit, creator)
    co_workers = tuple(w for w in store.caseteam.co_workers(op.case_id) if w != lead)
    rules = {"directory": directory, "lead": lead, "co_workers": co_workers}
    reason: str | None = None
    if op.entity == "case_members":
        worker = op.entity_id.split(":", 1)[-1]
        reason = why_not_member_change(
            actor, worker, removing=op.change.get(REMOVED) is True, **rules,
            former_leads={creator, *store.caseteam.former_leads(op.case_id)})
    elif takeover:
        # Judged by the casusregisseur the author saw (the heads its change
        # names), not by what arrived here since: two takeovers made at once
        # both arrive, as the conflict a person settles.
        reason = None if any(
            why_not(Action.TAKE_OVER, actor, **{**rules, "lead": seen}) is None
            for seen in _leads_seen(store, op, creator, lead)) else NOT_ALLOWED
    elif op.entity == "reviews":
        reason = why_not(Action.REVIEW, actor, **rules)
    elif op.entity == "review_requests":
        reason = why_not(Action.ASK_REVIEW, actor, **rules)
    elif op.entity == "consultation_shares":
        reason = _share_refusal(op, actor, rules)
    elif op.entity == "consultation_ends":
        reason = why_not_end(actor, **rules) if op.change.get("ended_by") == actor \
            else _("Een ander staat als auteur.")
    if reason is not None:
        return NOT_ALLOWED
    if read_only_refusal(actor, shared, **rules) is not None:
        return READ_ONLY
    return None


def _leads_seen(store: Store, op: Operation, creator: str, lead: str) -> set[str]:
    """The casusregisseur(s) the author of a takeover saw: the values of the
    heads it names, the creator when it names none; this store's current
    one for a head it does not hold."""
    seen: set[str] = set()
    for op_id in op.parents.get("case_lead", ()):
        change = store.ops.change_of(op_id)
        seen.add(case_lead(change.get("case_lead"), creator) if change else lead)
    return seen or {creator}


def _share_refusal(op: Operation, actor: str, rules: dict) -> str | None:
    change = op.change
    if change.get("shared_by") != actor:
        return _("Een ander staat als auteur.")
    try:
        starts = datetime.fromisoformat(str(change["starts_at"]))
        ends = datetime.fromisoformat(str(change["ends_at"]))
    except (KeyError, ValueError):
        return _("Deze duur van delen bestaat niet.")
    return why_not_share(actor, str(change.get("consultant")), **rules) \
        or why_not_times(str(change.get("length")), starts, ends, hlc_time(op.hlc))
