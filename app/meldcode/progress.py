"""Where a case stands in the meldcode: per step done, current or open, what
is still missing, and the guards between steps.

Steps can be revisited: a worker may add a signal or a consultation at any
time, and the overview is computed from all records each time. Only two
things are guarded: the decision (step 5) needs a complete weighing, except
on the acute path; and with honour-related violence the conversation with
parents or family waits for a specialist.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TypeVar

from app.errors import ValidationError
from app.i18n import N_, _
from app.meldcode.afwegingskader import (
    ReportingNorm,
    Weighing,
    WeighingOutcomeKind,
    WeighingQuestion,
)
from app.meldcode.kindcheck import KindcheckRun
from app.meldcode.records import (
    AcutePath,
    Consultation,
    Conversation,
    Decision,
    RiskProfile,
    is_honour_violence_specialist,
)
from app.meldcode.signals import SignalHistory
from app.meldcode.steps import Requirement, Step
from app.meldcode.vocabulary import ViolenceForm


class StepGuardError(ValidationError):
    """A step the meldcode does not allow yet (e.g. deciding without a
    complete weighing)."""


@dataclass(frozen=True)
class MeldcodeRecords:
    """Everything a case holds for the meldcode, each kind in the order it
    was recorded."""

    signals: tuple[SignalHistory, ...] = ()
    risk_profiles: tuple[RiskProfile, ...] = ()
    kindcheck_runs: tuple[KindcheckRun, ...] = ()
    consultations: tuple[Consultation, ...] = ()
    conversations: tuple[Conversation, ...] = ()
    weighings: tuple[Weighing, ...] = ()
    decisions: tuple[Decision, ...] = ()
    acute_paths: tuple[AcutePath, ...] = ()

    @property
    def latest_weighing(self) -> Weighing | None:
        return _latest(self.weighings, lambda w: w.weighed_on)

    @property
    def latest_decision(self) -> Decision | None:
        return _latest(self.decisions, lambda d: d.decided_on)

    @property
    def latest_acute_path(self) -> AcutePath | None:
        return _latest(self.acute_paths, lambda a: a.contacted_at.date())

    @property
    def forms(self) -> frozenset[ViolenceForm]:
        """The forms of violence in the current version of every signal."""
        return frozenset(f for history in self.signals for f in history.current.forms)

    def last_activity(self) -> date | None:
        """The date of the most recent record of any kind."""
        days = [h.recorded_at.date() for h in self.signals]
        days += [r.recorded_on for r in self.risk_profiles]
        days += [r.checked_on for r in self.kindcheck_runs]
        days += [c.consulted_on for c in self.consultations]
        days += [c.held_on for c in self.conversations]
        days += [w.weighed_on for w in self.weighings]
        days += [d.decided_on for d in self.decisions]
        days += [a.contacted_at.date() for a in self.acute_paths]
        return max(days, default=None)


_T = TypeVar("_T")


def _latest(items: Sequence[_T], day: Callable[[_T], date]) -> _T | None:
    """The item with the latest date; of items on one day, the last recorded."""
    latest: _T | None = None
    for item in items:
        if latest is None or day(item) >= day(latest):
            latest = item
    return latest


class StepState(StrEnum):
    DONE = "done"
    CURRENT = "current"
    OPEN = "open"

    @property
    def label(self) -> str:
        return _(_STATE_LABELS[self])


_STATE_LABELS = {
    StepState.DONE: N_("Klaar"),
    StepState.CURRENT: N_("Nu aan de beurt"),
    StepState.OPEN: N_("Nog te doen"),
}


@dataclass(frozen=True)
class StepProgress:
    step: Step
    state: StepState
    missing: tuple[Requirement, ...] = ()

    @property
    def missing_texts(self) -> tuple[str, ...]:
        return tuple(item.label for item in self.missing)


@dataclass(frozen=True)
class MeldcodeProgress:
    """The five steps with their state.

    ``current_step`` is the step to work on (``None`` when every step is
    done). On the acute path without a decision it is step 5, whatever else
    is open. ``awaiting_follow_up`` means help was offered and weighing 5
    comes after the follow-up term.
    """

    steps: tuple[StepProgress, ...]
    current_step: Step | None
    acute: bool
    awaiting_follow_up: bool

    def step(self, step: Step) -> StepProgress:
        return self.steps[step - 1]

    @property
    def is_finished(self) -> bool:
        return self.current_step is None and not self.awaiting_follow_up


@dataclass(frozen=True)
class GuardResult:
    """Whether an action is allowed, and if not, why (in plain Dutch)."""

    allowed: bool
    reason: str = ""

    def __bool__(self) -> bool:
        return self.allowed


def _decision_basis(records: MeldcodeRecords) -> Weighing | AcutePath | None:
    """What the next decision must follow: the latest complete weighing, or
    the acute path when that is more recent. On the same day the weighing
    wins, since weighings 3 to 5 come after an acute report."""
    weighing = records.latest_weighing
    acute = records.latest_acute_path
    if weighing is not None and not weighing.outcome.is_complete:
        weighing = None
    if acute is None:
        return weighing
    if weighing is None or acute.contacted_at.date() > weighing.weighed_on:
        return acute
    return weighing


def _decision_is_current(records: MeldcodeRecords) -> bool:
    """The latest decision follows the latest weighing or acute path."""
    decision = records.latest_decision
    basis = _decision_basis(records)
    if decision is None or basis is None:
        return False
    if isinstance(basis, AcutePath):
        return decision.weighing_id is None and decision.decided_on >= basis.contacted_at.date()
    return decision.weighing_id == basis.id and decision.decided_on >= basis.weighed_on


def _needs_specialist(records: MeldcodeRecords) -> bool:
    return (ViolenceForm.HONOUR_RELATED_VIOLENCE in records.forms
            and not any(is_honour_violence_specialist(c) for c in records.consultations))


def meldcode_progress(records: MeldcodeRecords) -> MeldcodeProgress:
    """Compute the state of each step from the records."""
    missing: dict[Step, list[Requirement]] = {step: [] for step in Step}
    if not records.signals:
        missing[Step.MAP_SIGNALS].append(Requirement.SIGNALS)
    if not records.risk_profiles:
        missing[Step.MAP_SIGNALS].append(Requirement.RISK_PROFILE)
    if not records.kindcheck_runs:
        missing[Step.MAP_SIGNALS].append(Requirement.KINDCHECK)
    if not records.consultations:
        missing[Step.CONSULT].append(Requirement.CONSULTATION)
    if not records.conversations:
        if _needs_specialist(records):
            missing[Step.TALK_WITH_CLIENT].append(Requirement.SPECIALIST_BEFORE_CONVERSATION)
        missing[Step.TALK_WITH_CLIENT].append(Requirement.CONVERSATION)
    weighing = records.latest_weighing
    if weighing is None:
        missing[Step.WEIGH].append(Requirement.WEIGHING)
    elif not weighing.outcome.is_complete:
        missing[Step.WEIGH].append(Requirement.WEIGHING_UNFINISHED)
    if not _decision_is_current(records):
        missing[Step.DECIDE].append(Requirement.DECISION)

    acute = records.latest_acute_path is not None
    basis = _decision_basis(records)
    if isinstance(basis, AcutePath) and missing[Step.DECIDE]:
        # Acute danger goes straight to the report; the other steps wait.
        current: Step | None = Step.DECIDE
    else:
        current = next((step for step in Step if missing[step]), None)

    awaiting = False
    decision = records.latest_decision
    if current is None and decision is not None:
        awaiting = decision.outcome is WeighingOutcomeKind.OFFER_HELP

    steps = tuple(
        StepProgress(
            step,
            StepState.CURRENT if step == current
            else StepState.OPEN if missing[step] else StepState.DONE,
            tuple(missing[step]),
        )
        for step in Step
    )
    return MeldcodeProgress(steps, current, acute, awaiting)


def pending_weighing(records: MeldcodeRecords) -> WeighingQuestion | None:
    """The weighing to answer next, per the latest weighing (weighing 5 after
    help was offered, or the next one of an unfinished weighing)."""
    weighing = records.latest_weighing
    return None if weighing is None else weighing.outcome.next_weighing


_NO_WEIGHING = N_("Stap 5 kan pas als de afweging (stap 4) klaar is. Er is nog geen afweging.")
_UNFINISHED = N_("Stap 5 kan pas als de afweging klaar is. Beantwoord eerst afweging {n}.")
_ALREADY_DECIDED = N_(
    "Er is al een besluit na de laatste afweging. Maak eerst een nieuwe afweging, "
    "bijvoorbeeld afweging 5."
)


def can_decide(records: MeldcodeRecords) -> GuardResult:
    """Step 5 needs a complete weighing, or the acute path.

    A decision that already follows the latest weighing blocks a second one:
    the next decision needs a new weighing (for example weighing 5 after the
    follow-up term).
    """
    basis = _decision_basis(records)
    if basis is None:
        weighing = records.latest_weighing
        if weighing is None:
            return GuardResult(False, _(_NO_WEIGHING))
        next_weighing = weighing.outcome.next_weighing
        return GuardResult(False, _(_UNFINISHED).format(n=int(next_weighing or 1)))
    if _decision_is_current(records):
        return GuardResult(False, _(_ALREADY_DECIDED))
    return GuardResult(True)


def require_can_decide(records: MeldcodeRecords) -> None:
    guard = can_decide(records)
    if not guard:
        raise StepGuardError(guard.reason, field="decision")


def check_decision(records: MeldcodeRecords, decision: Decision) -> None:
    """Raise ``StepGuardError`` unless ``decision`` may follow ``records``:
    it must follow the latest complete weighing (same outcome and norm, on or
    after its date), or, on the acute path, be a report under norm 1."""
    require_can_decide(records)
    basis = _decision_basis(records)
    if isinstance(basis, AcutePath):
        if decision.weighing_id is not None:
            raise StepGuardError(
                _("Dit besluit hoort bij het spoedcontact, niet bij een afweging."),
                field="weighing_id",
            )
        if (decision.outcome is not WeighingOutcomeKind.REPORT
                or decision.reporting_norm is not ReportingNorm.UNSAFETY):
            raise StepGuardError(
                _("Bij acute onveiligheid meld je altijd bij Veilig Thuis (meldnorm 1)."),
                field="outcome",
            )
        if decision.decided_on < basis.contacted_at.date():
            raise StepGuardError(
                _("Het besluit kan niet eerder zijn dan het acute contact."), field="decided_on"
            )
        return
    assert basis is not None  # require_can_decide checked it
    outcome = basis.outcome
    if decision.weighing_id != basis.id:
        raise StepGuardError(
            _("Het besluit moet volgen op de laatste afweging."), field="weighing_id"
        )
    if decision.outcome is not outcome.kind or decision.reporting_norm != outcome.reporting_norm:
        raise StepGuardError(
            _("Het besluit past niet bij de afweging. Volgens de afweging: {outcome}.").format(
                outcome=outcome.kind.label
            ),
            field="outcome",
        )
    if decision.decided_on < basis.weighed_on:
        raise StepGuardError(
            _("Het besluit kan niet eerder zijn dan de afweging."), field="decided_on"
        )


_SPECIALIST_FIRST = N_(
    "Bij eergerelateerd geweld praat je pas met ouders of familie als je eerst een "
    "specialist of Veilig Thuis hebt geraadpleegd."
)


def can_hold_conversation(
    records: MeldcodeRecords, on: date, possible_victim_only: bool = False
) -> GuardResult:
    """Honour-related violence: no conversation with parents or family before
    a specialist (the honour-violence expert or Veilig Thuis) was consulted.
    A conversation with the possible victim alone is the worker's call: only
    where safe."""
    if possible_victim_only or ViolenceForm.HONOUR_RELATED_VIOLENCE not in records.forms:
        return GuardResult(True)
    if any(is_honour_violence_specialist(c) and c.consulted_on <= on
           for c in records.consultations):
        return GuardResult(True)
    return GuardResult(False, _(_SPECIALIST_FIRST))


def check_conversation(records: MeldcodeRecords, conversation: Conversation) -> None:
    """Raise ``StepGuardError`` when a held conversation breaks the
    honour-related violence rule."""
    if not conversation.held:
        return
    guard = can_hold_conversation(records, conversation.held_on,
                                  conversation.possible_victim_only)
    if not guard:
        raise StepGuardError(guard.reason, field="held")
