"""Sharing a case for a consultation (delen voor consultatie, issue 21).

A worker on the case shares it, read only and for a set time, with the
aandachtsfunctionaris or a colleague of the team who is not on the case,
for a collegiale consultatie. The sharing ends by itself at its end time
(a new case key epoch without the consultant), or earlier by hand.

Pure rules on plain data; ``app.services.caseteam`` keeps the sharing and
its end as operations and asks these rules first, on the store that makes
them and on every store that receives them.

Clocks: the end time is written in the sharing's operation, computed from
the start the sharer's device wrote; every device compares that end with
its own clock. A receiving store refuses a sharing whose start lies more
than ``CLOCK_SLACK`` after the operation's hybrid clock, or whose length is
not one of ``ConsultationLength``: a sharer's laptop cannot stretch a
sharing past the longest length counted from when its operation was made.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from app.caseteam import Action, Worker, is_on_case, why_not
from app.i18n import N_, _


class ConsultationLength(StrEnum):
    """How long a case is shared (duur van het delen): a short fixed list."""

    DAY = "1d"
    WEEK = "1w"
    TWO_WEEKS = "2w"

    @property
    def span(self) -> timedelta:
        return _SPANS[self]

    @property
    def label(self) -> str:
        return _(_LENGTH_LABELS[self])


_SPANS = {
    ConsultationLength.DAY: timedelta(days=1),
    ConsultationLength.WEEK: timedelta(weeks=1),
    ConsultationLength.TWO_WEEKS: timedelta(weeks=2),
}

_LENGTH_LABELS = {
    ConsultationLength.DAY: N_("1 dag"),
    ConsultationLength.WEEK: N_("1 week"),
    ConsultationLength.TWO_WEEKS: N_("2 weken"),
}

DEFAULT_LENGTH = ConsultationLength.WEEK

#: How far a sharing's start may lie after its operation's clock (a laptop
#: whose clock runs a little ahead of the hybrid clock it last saw).
CLOCK_SLACK = timedelta(minutes=5)


def end_of(start: datetime, length: ConsultationLength) -> datetime:
    """The end time of a sharing that starts at ``start``."""
    return start + length.span


@dataclass(frozen=True)
class Consultation:
    """A case shared for a consultation (collegiale consultatie): who with,
    who shared it, from when until when, and when it ended (None: running
    until ``ends_at`` unless ended by hand)."""

    id: str
    case_id: str
    consultant: str
    shared_by: str
    length: ConsultationLength
    starts_at: datetime
    ends_at: datetime
    ended_at: datetime | None = None

    def running(self, now: datetime) -> bool:
        return self.ended_at is None and now < self.ends_at

    def over(self, now: datetime) -> bool:
        """Ended by hand, or its end time has come."""
        return not self.running(now)

    def until(self) -> datetime:
        """Until when the consultant could read: the earlier of the end time
        and an end by hand."""
        return min(self.ends_at, self.ended_at) if self.ended_at else self.ends_at


def why_not_share(actor: str, consultant: str, *, directory: Mapping[str, Worker],
                  lead: str, co_workers: Iterable[str] = (),
                  running: Iterable[Consultation] = ()) -> str | None:
    """Why ``actor`` may not share the case with ``consultant``, or None.

    Someone on the case shares it (the casusregisseur at least); with a
    colleague from the team's directory who is not on the case already and
    has no sharing of this case running. A store without a directory has no
    colleagues to share with."""
    if not directory:
        return _("Delen kan pas als het team een lijst van medewerkers heeft.")
    reason = why_not(Action.SHARE, actor, directory=directory, lead=lead,
                     co_workers=co_workers)
    if reason is not None:
        return reason
    if consultant not in directory:
        return _("Deze collega staat niet in de lijst van het team.")
    if is_on_case(consultant, directory=directory, lead=lead, co_workers=co_workers):
        return _("Deze collega staat al op de casus.")
    if any(c.consultant == consultant for c in running):
        return _("De casus is al gedeeld met deze collega.")
    return None


def consultants(directory: Mapping[str, Worker], *, lead: str,
                co_workers: Iterable[str] = (),
                running: Iterable[Consultation] = ()) -> tuple[Worker, ...]:
    """The colleagues a case can be shared with now, by name."""
    busy = {c.consultant for c in running}
    co = tuple(co_workers)
    return tuple(sorted(
        (w for w in directory.values() if w.id not in busy
         and not is_on_case(w.id, directory=directory, lead=lead, co_workers=co)),
        key=lambda w: (w.name.casefold(), w.id)))


def why_not_end(actor: str, *, directory: Mapping[str, Worker], lead: str,
                co_workers: Iterable[str] = ()) -> str | None:
    """Everyone on the case may end a sharing early (delen beëindigen)."""
    return why_not(Action.END_SHARE, actor, directory=directory, lead=lead,
                   co_workers=co_workers)


def why_not_times(length: str, starts_at: datetime, ends_at: datetime,
                  made_at: datetime) -> str | None:
    """A received sharing's times, checked against its operation's clock
    ``made_at``: a length from the list, the end exactly that length after
    the start, the start not after the operation was made (with slack)."""
    try:
        span = ConsultationLength(length)
    except ValueError:
        return _("Deze duur van delen bestaat niet.")
    if ends_at != end_of(starts_at, span):
        return _("De eindtijd past niet bij de duur van delen.")
    if starts_at > made_at + CLOCK_SLACK:
        return _("Het delen begint later dan het is vastgelegd.")
    return None


def read_only_refusal(worker: str, consultations: Iterable[Consultation], *,
                      directory: Mapping[str, Worker], lead: str,
                      co_workers: Iterable[str] = ()) -> str | None:
    """A consultant reads the case and changes nothing: a change from a
    worker who has (or had) the case for a consultation and is not on it
    is refused. Someone who is on the case is no consultant."""
    if is_on_case(worker, directory=directory, lead=lead, co_workers=co_workers):
        return None
    if any(c.consultant == worker for c in consultations):
        return _("Bij een consultatie kun je de casus alleen lezen.")
    return None


def over_for(worker: str, consultations: Iterable[Consultation], now: datetime, *,
             on_case: bool = False) -> bool:
    """Whether ``worker`` had the case for a consultation, is not on it, and
    no sharing of it with them runs now: their app stops showing the case."""
    if on_case:
        return False
    mine = [c for c in consultations if c.consultant == worker]
    return bool(mine) and not any(c.running(now) for c in mine)
