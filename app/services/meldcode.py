"""Meldcode use cases: record, correct and read the records of a case, and
keep the drafts (concepten) of what the worker is typing.

Every change runs in one transaction that also writes an audit entry (ids
and codes only) and recomputes the case-list columns ``current_step`` and
``next_due``. Rules come from ``app.meldcode``; this module only applies
them to what the store holds.

``now`` is the moment of recording (aware, UTC); it defaults to the clock.
Dates on a record (consulted on, decided on …) are calendar days where the
worker is, so "not in the future" is checked against the local date.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from app.cases.model import Case, Provenance, utc_now
from app.errors import ValidationError, VeiligwijzerError
from app.i18n import _
from app.meldcode.afwegingskader import Weighing, validate_weighing
from app.meldcode.deadlines import Deadline, deadlines_for
from app.meldcode.kindcheck import KindcheckRun, validate_kindcheck_run
from app.meldcode.progress import (
    MeldcodeProgress,
    MeldcodeRecords,
    check_conversation,
    check_decision,
    meldcode_progress,
    require_can_decide,
)
from app.meldcode.records import (
    AcutePath,
    Consultation,
    Conversation,
    Decision,
    RiskProfile,
    validate_acute_path,
    validate_consultation,
    validate_conversation,
    validate_decision,
    validate_risk_profile,
)
from app.meldcode.signals import Signal, SignalHistory, SignalVersion, validate_signal
from app.services.cases import CaseNotFound
from app.store.audit import AuditAction
from app.store.codec import PayloadDamaged
from app.store.records import Draft, RecordHistory, RecordKind, RecordRepository, UnknownCase
from app.store.store import Store

#: Checks a new record against its case; the second argument reads the
#: case's records, for the few checks that need them (reading 200 signals
#: costs ~5 ms, and the summary reads them once more after the append).
Check = Callable[[Case, Callable[[], MeldcodeRecords]], None]


class SignalNotFound(VeiligwijzerError):
    def __init__(self) -> None:
        super().__init__(_("Dit signaal staat niet bij deze casus."))


class AlreadyRecorded(VeiligwijzerError):
    def __init__(self) -> None:
        super().__init__(_("Dit is al vastgelegd."))


class ClockBehind(VeiligwijzerError):
    """The clock says the correction comes before the version it corrects."""

    def __init__(self) -> None:
        super().__init__(_(
            "De klok van deze computer loopt achter: de correctie zou eerder zijn dan het "
            "signaal zelf. Zet de klok goed en probeer het opnieuw."))


# -- helpers -----------------------------------------------------------------


def _moment(now: datetime | None) -> datetime:
    moment = now or utc_now()
    if moment.utcoffset() is None:
        raise ValueError("now must be timezone-aware")
    return moment


def _local_day(moment: datetime) -> date:
    return moment.astimezone().date()


def _case(store: Store, case_id: str) -> Case:
    case = store.cases.get(case_id)
    if case is None:
        raise CaseNotFound(case_id)
    return case


def _signal_history(history: RecordHistory) -> SignalHistory:
    try:
        return SignalHistory(tuple(
            SignalVersion(v.version, v.record, v.created_at, v.reason, v.author)
            for v in history.versions))
    except ValueError:
        # Versions out of order or a correction without reason: not something
        # the app writes, so the stored rows were changed behind its back.
        raise PayloadDamaged("signal history breaks its rules") from None


def _load(repo: RecordRepository, case_id: str) -> MeldcodeRecords:
    histories = repo.all_histories(case_id)

    def records(kind: RecordKind) -> tuple:
        return tuple(h.current.record for h in histories if h.kind is kind)

    return MeldcodeRecords(
        signals=tuple(_signal_history(h) for h in histories if h.kind is RecordKind.SIGNAL),
        risk_profiles=records(RecordKind.RISK_PROFILE),
        kindcheck_runs=records(RecordKind.KINDCHECK_RUN),
        consultations=records(RecordKind.CONSULTATION),
        conversations=records(RecordKind.CONVERSATION),
        weighings=records(RecordKind.WEIGHING),
        decisions=records(RecordKind.DECISION),
        acute_paths=records(RecordKind.ACUTE_PATH),
    )


def _refresh_summary(store: Store, repo: RecordRepository, case: Case) -> None:
    """Recompute the case-list columns (meldcode step, safety phase, next due
    date) with ``app.services.summary``, which also weighs the safety plan."""
    # Imported here: the summary module reads the records through this one.
    from app.services.summary import refresh_summary

    refresh_summary(store, case.id)


def _changed(store: Store, repo: RecordRepository, case: Case, now: datetime, kind: RecordKind,
             record_id: str, version: int, draft_id: str | None) -> None:
    """Everything that follows a new record version, in the same transaction."""
    _refresh_summary(store, repo, case)
    store.cases.touch(case.id, Provenance(case.provenance.created_at, now, store.worker_id,
                                          store.device_id))
    if draft_id is not None:
        # The draft becomes the record: both or neither, so a crash never
        # leaves a draft of something already recorded.
        repo.delete_draft(draft_id)
    store.audit.append(AuditAction.CHANGE, "case", case.id, kind=str(kind), record=record_id,
                       version=version)


def _add(store: Store, case_id: str, record: Any, now: datetime | None, check: Check,
         draft_id: str | None) -> None:
    """Validate ``record`` with ``check`` against the case (and its records,
    read only when ``check`` asks), then store it as version 1."""
    moment = _moment(now)
    repo = store.records
    kind = RecordKind.of(record)
    with store.transaction():
        case = _case(store, case_id)
        check(case, lambda: _load(repo, case_id))
        if repo.exists(record.id):
            raise AlreadyRecorded()
        repo.append(case_id, record, created_at=moment, author=store.worker_id,
                    device=store.device_id)
        _changed(store, repo, case, moment, kind, record.id, 1, draft_id)


def _people(case: Case) -> list[str]:
    return [p.id for p in case.people]


# -- signals -------------------------------------------------------------------


def record_signal(store: Store, case_id: str, signal: Signal, now: datetime | None = None,
                  *, draft_id: str | None = None) -> SignalHistory:
    """Signaal vastleggen (step 1): validate and store as version 1."""
    moment = _moment(now)
    _add(store, case_id, signal, moment,
         lambda case, _records: validate_signal(signal, moment, _people(case)), draft_id)
    return SignalHistory((SignalVersion(1, signal, moment, "", store.worker_id),))


def correct_signal(store: Store, case_id: str, signal: Signal, reason: str,
                   now: datetime | None = None, *, draft_id: str | None = None
                   ) -> SignalHistory:
    """Signaal corrigeren: store ``signal`` as the next version, with the
    required ``reason``; earlier versions stay as they were."""
    moment = _moment(now)
    repo = store.records
    with store.transaction():
        case = _case(store, case_id)
        stored = repo.history(signal.id)
        if stored is None or stored.case_id != case_id or stored.kind is not RecordKind.SIGNAL:
            raise SignalNotFound()
        history = _signal_history(stored)
        if moment < history.recorded_at:
            raise ClockBehind()
        corrected = history.correct(signal, reason, moment, store.worker_id, _people(case))
        latest = corrected.versions[-1]
        repo.append(case_id, signal, version=latest.number, reason=latest.reason,
                    created_at=moment, author=store.worker_id, device=store.device_id)
        _changed(store, repo, case, moment, RecordKind.SIGNAL, signal.id, latest.number,
                 draft_id)
    return corrected


def signal_history(store: Store, signal_id: str) -> SignalHistory:
    """Every version of a signal, oldest first, with reason, author and time."""
    stored = store.records.history(signal_id)
    if stored is None or stored.kind is not RecordKind.SIGNAL:
        raise SignalNotFound()
    return _signal_history(stored)


# -- the other records -------------------------------------------------------------


def record_risk_profile(store: Store, case_id: str, profile: RiskProfile,
                        now: datetime | None = None, *, draft_id: str | None = None) -> None:
    """Risicofactoren en beschermende factoren vastleggen (step 1)."""
    moment = _moment(now)
    day = _local_day(moment)
    _add(store, case_id, profile, moment,
         lambda _case, _records: validate_risk_profile(profile, day), draft_id)


def record_kindcheck_run(store: Store, case_id: str, run: KindcheckRun,
                         now: datetime | None = None, *, draft_id: str | None = None) -> None:
    """Kindcheck vastleggen (step 1). Every run is its own record: a repeated
    kindcheck adds a run and keeps the earlier ones."""
    moment = _moment(now)
    day = _local_day(moment)
    _add(store, case_id, run, moment,
         lambda _case, _records: validate_kindcheck_run(run, day), draft_id)


def record_consultation(store: Store, case_id: str, consultation: Consultation,
                        now: datetime | None = None, *, draft_id: str | None = None) -> None:
    """Collegiale consultatie vastleggen (step 2)."""
    moment = _moment(now)
    day = _local_day(moment)
    _add(store, case_id, consultation, moment,
         lambda _case, _records: validate_consultation(consultation, day), draft_id)


def record_conversation(store: Store, case_id: str, conversation: Conversation,
                        now: datetime | None = None, *, draft_id: str | None = None) -> None:
    """Gesprek met de cliënt vastleggen (step 3), or why it was not held.
    With honour-related violence a specialist comes first."""
    moment = _moment(now)
    day = _local_day(moment)

    def check(case: Case, records: Callable[[], MeldcodeRecords]) -> None:
        validate_conversation(conversation, day)
        if not set(conversation.participants) <= set(_people(case)):
            raise ValidationError(
                _("Bij het gesprek staat iemand die niet bij deze casus hoort."),
                field="participants")
        check_conversation(records(), conversation)

    _add(store, case_id, conversation, moment, check, draft_id)


def record_weighing(store: Store, case_id: str, weighing: Weighing,
                    now: datetime | None = None, *, draft_id: str | None = None) -> None:
    """Afweging vastleggen (step 4); an unfinished weighing may be saved."""
    moment = _moment(now)
    day = _local_day(moment)
    _add(store, case_id, weighing, moment,
         lambda _case, _records: validate_weighing(weighing, day), draft_id)


def record_decision(store: Store, case_id: str, decision: Decision,
                    now: datetime | None = None, *, draft_id: str | None = None) -> None:
    """Besluit vastleggen (step 5): only after a complete weighing, or on the
    acute path, and it must follow from that weighing."""
    moment = _moment(now)
    day = _local_day(moment)

    def check(_case: Case, records: Callable[[], MeldcodeRecords]) -> None:
        loaded = records()
        require_can_decide(loaded)  # first: "not yet" says more than a field error
        validate_decision(decision, day)
        check_decision(loaded, decision)

    _add(store, case_id, decision, moment, check, draft_id)


def record_acute_path(store: Store, case_id: str, path: AcutePath,
                      now: datetime | None = None, *, draft_id: str | None = None) -> None:
    """Acute onveiligheid: Veilig Thuis and/or the police were contacted."""
    moment = _moment(now)
    _add(store, case_id, path, moment,
         lambda _case, _records: validate_acute_path(path, moment), draft_id)


# -- reading ---------------------------------------------------------------------


def load_records(store: Store, case_id: str) -> MeldcodeRecords:
    """The current version of every record of a case (signals with their
    history). Not audited on its own: opening the case is (``open_case``)."""
    _case(store, case_id)
    return _load(store.records, case_id)


def case_progress(store: Store, case_id: str) -> MeldcodeProgress:
    """Where the case stands in the five steps."""
    return meldcode_progress(load_records(store, case_id))


def case_deadlines(store: Store, case_id: str) -> tuple[Deadline, ...]:
    """Every deadline that follows from the records, earliest first."""
    return deadlines_for(load_records(store, case_id))


# -- drafts --------------------------------------------------------------------------


def save_draft(store: Store, draft_id: str, case_id: str | None, kind: str,
               values: dict[str, Any], now: datetime | None = None) -> None:
    """Keep what is typed so far. Called on every pause in typing, so it is one
    statement and writes no audit entry; the record made from it is audited.
    ``values`` may hold text, whole numbers, yes/no, ``None``, lists, dates
    and times (see ``app.store.codec.encode_values``)."""
    if not kind:
        raise ValueError("a draft names its form")
    try:
        store.records.save_draft(draft_id, case_id, kind, values, now=_moment(now),
                                author=store.worker_id, device=store.device_id)
    except UnknownCase:
        raise CaseNotFound(case_id or "") from None


#: Drafts of the safety-plan forms are kinds that start with this; the safety
#: tab opens them again, the meldcode's list of drafts leaves them out.
SAFETY_DRAFT = "safety:"


def drafts(store: Store, case_id: str | None = None) -> list[Draft]:
    """The drafts of a case, or every draft (also quick captures outside a
    case) when ``case_id`` is ``None``; most recently changed first."""
    return store.records.drafts(case_id)


def meldcode_drafts(store: Store, case_id: str) -> list[Draft]:
    """The drafts of a case's meldcode forms (not of its safety plan)."""
    return [d for d in drafts(store, case_id) if not d.kind.startswith(SAFETY_DRAFT)]


def discard_draft(store: Store, draft_id: str) -> bool:
    """Throw a draft away; ``False`` when it was already gone."""
    return store.records.delete_draft(draft_id)
