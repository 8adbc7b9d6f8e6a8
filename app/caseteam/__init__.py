"""Working as a team on a case (issue 21): who is on a case, who may change
that, handing a case over, and asking the team lead for a review.

Pure rules on plain data; the store keeps the worker directory, the members
and the requests as operations, the services ask these rules first.

Who is on a case (need to know, ``TEAM.md``):

* the casusregisseur (``case_lead``): the worker in charge; the worker who
  created the case until someone takes it over;
* medewerkers (co-workers) the team lead added;
* the team lead (teamleider) and the deputy (plaatsvervanger): on every case.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from app.errors import ValidationError
from app.i18n import N_, _

MAX_NAME_LENGTH = 100
MAX_NOTE_LENGTH = 1000


class TeamRole(StrEnum):
    """A worker's role in the team (rol in het team)."""

    LEAD = "lead"
    DEPUTY = "deputy"
    WORKER = "worker"

    @property
    def label(self) -> str:
        return _(_TEAM_ROLE_LABELS[self])


_TEAM_ROLE_LABELS = {
    TeamRole.LEAD: N_("Teamleider"),
    TeamRole.DEPUTY: N_("Plaatsvervangend teamleider"),
    TeamRole.WORKER: N_("Medewerker"),
}


class MemberRole(StrEnum):
    """Why someone is on a case."""

    CASE_LEAD = "case_lead"  # casusregisseur
    CO_WORKER = "co_worker"  # medewerker op de casus
    TEAM_LEAD = "team_lead"
    DEPUTY = "deputy"

    @property
    def label(self) -> str:
        return _(_MEMBER_ROLE_LABELS[self])


_MEMBER_ROLE_LABELS = {
    MemberRole.CASE_LEAD: N_("Casusregisseur"),
    MemberRole.CO_WORKER: N_("Medewerker op de casus"),
    MemberRole.TEAM_LEAD: N_("Teamleider"),
    MemberRole.DEPUTY: N_("Plaatsvervangend teamleider"),
}


@dataclass(frozen=True)
class Worker:
    """One entry of the worker directory (medewerker van het team)."""

    id: str
    name: str
    role: TeamRole


@dataclass(frozen=True)
class CaseMember:
    worker_id: str
    role: MemberRole


def case_lead(explicit: str | None, creator: str) -> str:
    """The casusregisseur: the one set by the last takeover, else the creator."""
    return explicit or creator


def case_members(lead: str, co_workers: Iterable[str],
                 directory: Mapping[str, Worker]) -> tuple[CaseMember, ...]:
    """Everyone on a case, each once, in the order the case screen shows
    them: the casusregisseur, the co-workers, then the team lead(s) and
    deputies (who are on every case)."""
    found: dict[str, MemberRole] = {lead: MemberRole.CASE_LEAD}
    for worker_id in sorted(co_workers, key=lambda w: _sort_name(w, directory)):
        found.setdefault(worker_id, MemberRole.CO_WORKER)
    for role, member_role in ((TeamRole.LEAD, MemberRole.TEAM_LEAD),
                              (TeamRole.DEPUTY, MemberRole.DEPUTY)):
        for worker in sorted(directory.values(), key=lambda w: (w.name.casefold(), w.id)):
            if worker.role is role:
                found.setdefault(worker.id, member_role)
    return tuple(CaseMember(w, r) for w, r in found.items())


def _sort_name(worker_id: str, directory: Mapping[str, Worker]) -> tuple[str, str]:
    worker = directory.get(worker_id)
    return (worker.name.casefold() if worker else "", worker_id)


class Action(StrEnum):
    ADD_MEMBER = "add_member"
    REMOVE_MEMBER = "remove_member"
    TAKE_OVER = "take_over"  # overdragen aan collega
    REVIEW = "review"  # besproken met teamleider
    ASK_REVIEW = "ask_review"
    SHARE = "share"  # delen voor consultatie
    END_SHARE = "end_share"  # delen beëindigen


def is_team_lead(role: TeamRole | None) -> bool:
    """The team lead and the deputy lead the team: they manage members and review."""
    return role in (TeamRole.LEAD, TeamRole.DEPUTY)


def is_on_case(worker: str, *, directory: Mapping[str, Worker], lead: str,
               co_workers: Iterable[str] = ()) -> bool:
    """On the case (need to know): the casusregisseur, a co-worker, the team
    lead or deputy. A consultant is not on the case."""
    role = directory[worker].role if worker in directory else None
    return worker == lead or worker in set(co_workers) or is_team_lead(role)


def why_not(action: Action, actor: str, *, directory: Mapping[str, Worker],
            lead: str, co_workers: Iterable[str] = ()) -> str | None:
    """Why ``actor`` may not do ``action`` on this case, or None when it may.

    A store without a worker directory is one worker on their own (no team
    yet): that worker does everything, as before teams existed. In a team:
    the team lead and deputy add and remove members and record reviews; the
    casusregisseur and the team leads hand a case over; everyone on the case
    may ask for a review, share the case for a consultation and end that.
    """
    if not directory:
        return None
    role = directory[actor].role if actor in directory else None
    on_case = is_on_case(actor, directory=directory, lead=lead, co_workers=co_workers)
    if action in (Action.ADD_MEMBER, Action.REMOVE_MEMBER, Action.REVIEW):
        if not is_team_lead(role):
            return _("Alleen de teamleider of de plaatsvervanger kan dit doen.")
        return None
    if action is Action.TAKE_OVER:
        if actor != lead and not is_team_lead(role):
            return _("Alleen de casusregisseur of de teamleider kan de casus overdragen.")
        return None
    if not on_case:
        return _("Je staat niet op deze casus.")
    return None


def why_not_member_change(actor: str, worker: str, *, removing: bool,
                          directory: Mapping[str, Worker], lead: str,
                          co_workers: Iterable[str] = (),
                          former_leads: Iterable[str] = ()) -> str | None:
    """Why ``actor`` may not put ``worker`` on the case (or take them off).

    The team lead and deputy do this; besides, a casusregisseur who hands
    the case over stays on it as a co-worker (warme overdracht), which is
    the casusregisseur adding themself. A receiving store may hold a
    takeover that happened at the same time, so a worker who led the case
    before (``former_leads``) may do that too."""
    if not removing and actor == worker and (actor == lead or actor in set(former_leads)):
        return None
    return why_not(Action.REMOVE_MEMBER if removing else Action.ADD_MEMBER, actor,
                   directory=directory, lead=lead, co_workers=co_workers)


def why_not_change_directory(actor: str, directory: Mapping[str, Worker]) -> str | None:
    """The first entry of the worker directory starts the team; after that
    only the team lead or deputy changes it."""
    mine = directory.get(actor)
    if directory and not (mine and is_team_lead(mine.role)):
        return _("Alleen de teamleider of de plaatsvervanger kan dit doen.")
    return None


def why_not_take_over(new_lead: str, lead: str, directory: Mapping[str, Worker]) -> str | None:
    """A case goes to a colleague of the team who is not already in charge."""
    if new_lead == lead:
        return _("Deze collega is al casusregisseur.")
    if directory and new_lead not in directory:
        return _("Deze collega staat niet in de lijst van het team.")
    return None


def why_not_remove(worker_id: str, lead: str, co_workers: Iterable[str]) -> str | None:
    """The casusregisseur stays until the case is handed over (warme overdracht)."""
    if worker_id == lead:
        return _("De casusregisseur gaat pas van de casus af na een overdracht aan een collega.")
    if worker_id not in set(co_workers):
        return _("Deze collega staat niet als medewerker op de casus.")
    return None


def validate_worker_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise ValidationError(_("Vul een naam in."), field="name")
    if len(name) > MAX_NAME_LENGTH:
        raise ValidationError(_("De naam is te lang."), field="name")
    return name


@dataclass(frozen=True)
class ReviewRequest:
    """A worker asks the team lead to discuss the case (bespreking gevraagd)."""

    id: str
    case_id: str
    note: str
    created_at: datetime
    author: str


def open_request(requests: Iterable[ReviewRequest],
                 reviews_at: Iterable[datetime]) -> ReviewRequest | None:
    """The newest request that no review answered yet: a review recorded at
    or after a request answers it (and every request before it)."""
    last_review = max(reviews_at, default=None)
    newest = max(requests, key=lambda r: (r.created_at, r.id), default=None)
    if newest is None or (last_review is not None and last_review >= newest.created_at):
        return None
    return newest
