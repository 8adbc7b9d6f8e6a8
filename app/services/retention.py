"""Closing cases, retention periods (bewaartermijnen) and real erasure.

A case is closed when the help ends (``close_case``) and can be reopened
(``reopen_case``). Once closed, the retention period of its kind runs from
the closing day; after it, the case is due for erasure (``due_for_erasure``)
and ``erase_case`` removes it for real.

Retention periods, per kind of case (``cases.case_type``), as data:

* ``youth`` — jeugdhulp: **20 years** after the help ends (Jeugdwet, art.
  7.3.8, as extended in 2020). Also the kind every existing case gets, since
  it is the longest.
* ``adult`` — support for adults (Wmo 2015, maatschappelijke ondersteuning):
  the law sets no period; default **15 years** after closing, a common choice
  in municipal retention schedules. Set your organisation's own rule.
* ``advice`` — advice or consultation only, no help given by the team:
  default **5 years** after closing, long enough to see a pattern when new
  signals come in. Again a local choice.

A kind without a rule (a kind written by a newer version, a typo in local
rules) is never due: erasing too early cannot be undone, erasing too late
can. Organisations pass their own ``RetentionRules`` to the functions here.

Erasure deletes the case row; ``ON DELETE CASCADE`` removes everything under
it (people, meldcode records and their versions, drafts, safety plans,
handover details, Veilig Thuis feedback — the append-only triggers of 0002
and 0003 allow a delete once the case row is gone). Then every FTS5 index is
merged ('optimize', so no deleted words linger in old index segments), the
write-ahead log is checkpointed and truncated, and the file is vacuumed:
with ``secure_delete`` on, freed pages are overwritten, and VACUUM leaves no
free pages at all. The audit log keeps an ERASE entry with the case's random
id and a reason code: nothing that names a person. In a team the case's
keys go in the same transaction, every epoch (``OpLog._erase``): what stays
in the team's stream is ciphertext nobody can open. The SQL for all of it is
``store.retention`` (``app/store/retention.py``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from app.cases.model import CaseStatus, Provenance
from app.errors import ValidationError, VeiligwijzerError
from app.i18n import N_, _
from app.services.cases import CaseNotFound
from app.store.audit import AuditAction
from app.store.oplog import Heads
from app.store.store import Store

YOUTH, ADULT, ADVICE = "youth", "adult", "advice"

CASE_TYPE_LABELS = {
    YOUTH: N_("Jeugdhulp"),
    ADULT: N_("Ondersteuning volwassene (Wmo)"),
    ADVICE: N_("Alleen advies of consultatie"),
}


@dataclass(frozen=True)
class RetentionRules:
    """Years to keep a closed case, per kind of case."""

    years: Mapping[str, int]

    def __post_init__(self) -> None:
        if any(not isinstance(y, int) or y < 1 for y in self.years.values()):
            raise ValueError("a retention period is a whole number of years, at least 1")

    def erase_after(self, case_type: str, closed_on: date) -> date | None:
        """The first day the case may be erased; None when no rule covers its kind."""
        years = self.years.get(case_type)
        if years is None:
            return None
        try:
            return closed_on.replace(year=closed_on.year + years)
        except ValueError:  # 29 February into a year without one: the day after
            return date(closed_on.year + years, 3, 1)


DEFAULT_RULES = RetentionRules({YOUTH: 20, ADULT: 15, ADVICE: 5})


class CaseStillOpen(VeiligwijzerError):
    def __init__(self) -> None:
        super().__init__(_("Deze casus is nog open. Sluit de casus eerst af."))


class ErasureIncomplete(VeiligwijzerError):
    def __init__(self) -> None:
        super().__init__(_(
            "De casus kon niet helemaal worden gewist; er is niets gewist. Neem contact op "
            "met de beheerder."))


@dataclass(frozen=True)
class DueCase:
    case_id: str
    reference: str
    case_type: str
    closed_on: date
    erase_after: date


def _case_row(store: Store, case_id: str) -> tuple[str, str, str | None]:
    row = store.retention.case_state(case_id)
    if row is None:
        raise CaseNotFound(case_id)
    return row


def case_type_of(store: Store, case_id: str) -> str:
    """The kind of case, which sets how long it is kept once closed."""
    return _case_row(store, case_id)[1]


def _provenance(store: Store) -> Provenance:
    return Provenance.now(store.worker_id, store.device_id)


def set_case_type(store: Store, case_id: str, case_type: str,
                  rules: RetentionRules = DEFAULT_RULES, seen: Heads | None = None) -> None:
    """``seen``: the case's heads when the form opened (``fields.seen``)."""
    if case_type not in rules.years:
        raise ValidationError(_("Onbekend soort casus."), field="case_type")
    _case_row(store, case_id)
    with store.transaction():
        store.retention.set_case_type(case_id, case_type, seen=seen)
        store.cases.touch(case_id, _provenance(store))
        store.audit.append(AuditAction.CHANGE, "case", case_id, case_type=case_type)


def close_case(store: Store, case_id: str, closed_on: date | None = None,
               seen: Heads | None = None) -> None:
    """Close a case: the help has ended; the retention period starts on ``closed_on``."""
    closed_on = closed_on or date.today()
    if closed_on > date.today():
        raise ValidationError(_("De datum van afsluiten ligt in de toekomst."),
                              field="closed_on")
    status, _type, _closed = _case_row(store, case_id)
    if status == CaseStatus.CLOSED:
        return
    with store.transaction():
        store.retention.set_status(case_id, str(CaseStatus.CLOSED), closed_on, seen=seen)
        store.cases.touch(case_id, _provenance(store))
        store.audit.append(AuditAction.CHANGE, "case", case_id, status="closed")


def reopen_case(store: Store, case_id: str, seen: Heads | None = None) -> None:
    """Reopen a closed case; its retention period stops until it is closed again."""
    status, _type, _closed = _case_row(store, case_id)
    if status == CaseStatus.OPEN:
        return
    with store.transaction():
        store.retention.set_status(case_id, str(CaseStatus.OPEN), None, seen=seen)
        store.cases.touch(case_id, _provenance(store))
        store.audit.append(AuditAction.CHANGE, "case", case_id, status="open")


def due_for_erasure(store: Store, today: date,
                    rules: RetentionRules = DEFAULT_RULES) -> list[DueCase]:
    """Closed cases whose retention period has ended by ``today``, oldest first."""
    due = []
    for case_id, reference, case_type, closed in store.retention.closed_cases():
        after = rules.erase_after(case_type, closed)
        if after is not None and after <= today:
            due.append(DueCase(case_id, reference, case_type, closed, after))
    return due


def erase_case(store: Store, case_id: str, reason: str = "retention") -> None:
    """Remove a closed case and everything under it for real (see the module text).

    ``reason`` is a code for the audit entry: ``retention`` (the period has
    ended) or ``request`` (a request to erase, AVG art. 17).
    """
    if reason not in ("retention", "request"):
        raise ValueError("reason is 'retention' or 'request'")
    status, _type, _closed = _case_row(store, case_id)
    if status != CaseStatus.CLOSED:
        raise CaseStillOpen()
    repo = store.retention
    with store.transaction():
        # Every reference to the case must be gone with it: a table that does
        # not cascade would keep personal data, so then nothing is erased.
        if not repo.delete_case(case_id):
            raise ErasureIncomplete()
        store.audit.append(AuditAction.ERASE, "case", case_id, reason=reason)
    repo.compact()


def case_type_label(case_type: str) -> str:
    return _(CASE_TYPE_LABELS[case_type]) if case_type in CASE_TYPE_LABELS else case_type
