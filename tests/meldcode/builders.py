"""Plain-data builders for meldcode tests: valid records with overridable fields."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

from app.meldcode.afwegingskader import (
    ReportingNorm,
    Weighing,
    WeighingAnswers,
    WeighingOutcomeKind,
)
from app.meldcode.kindcheck import (
    ChildContact,
    ChildResidence,
    ConcernsAnswer,
    KindcheckAnswers,
    KindcheckChild,
    KindcheckRun,
    KindcheckTrigger,
    ParentalProblem,
)
from app.meldcode.records import (
    AcuteContact,
    AcutePath,
    Consultation,
    ConsultationPartner,
    ConsultationResult,
    Conversation,
    Decision,
    RiskProfile,
)
from app.meldcode.signals import Signal, SignalHistory
from app.meldcode.vocabulary import (
    PoliceInvolvement,
    RiskFactor,
    SourceKind,
    ViolenceDuration,
    ViolenceForm,
)

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)  # a Tuesday
TODAY = NOW.date()
CHILD = "7d0f9c53-2a53-4a4e-9b8a-0c1f8f6d1a01"
MOTHER = "2c1b7a44-5d1e-4f2a-8c3b-1e2d3c4b5a02"
FATHER = "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c03"

# Answers that end the afwegingskader at each outcome.
OFFER_HELP_ANSWERS = WeighingAnswers(True, False, False, True, True)
REPORT_ANSWERS = WeighingAnswers(True, False, False, False)
CLOSE_ANSWERS = WeighingAnswers(False)
HELP_WORKS_ANSWERS = WeighingAnswers(True, False, False, True, True, True)
UNFINISHED_ANSWERS = WeighingAnswers(True)


def signal(**changes: Any) -> Signal:
    base = Signal(
        id="sig-1",
        observed_at=datetime(2026, 3, 9, 15, 30, tzinfo=UTC),
        concerns=(CHILD,),
        forms=frozenset({ViolenceForm.PHYSICAL_ABUSE}),
        source=SourceKind.OWN_OBSERVATION,
        facts="Blauwe plek op de linkerwang, ongeveer 3 cm.",
    )
    return replace(base, **changes)


def history(**changes: Any) -> SignalHistory:
    return SignalHistory.start(signal(**changes), NOW)


def risk_profile(**changes: Any) -> RiskProfile:
    base = RiskProfile(
        id="risk-1", recorded_on=TODAY, risk_factors=frozenset({RiskFactor.DEBTS}),
        duration=ViolenceDuration.ONE_TO_SIX_MONTHS,
        police=frozenset({PoliceInvolvement.NONE}),
    )
    return replace(base, **changes)


def kindcheck_answers(**changes: Any) -> KindcheckAnswers:
    base = KindcheckAnswers(
        parental_problems=frozenset({ParentalProblem.ADDICTION}),
        child_contacts=frozenset({ChildContact.OWN_CHILDREN}),
        children=(KindcheckChild(7, ChildResidence.WITH_CLIENT),),
        concerns=ConcernsAnswer.REMAIN,
    )
    return replace(base, **changes)


def kindcheck_run(**changes: Any) -> KindcheckRun:
    base = KindcheckRun("kc-1", TODAY, KindcheckTrigger.INTAKE, kindcheck_answers())
    return replace(base, **changes)


def consultation(**changes: Any) -> Consultation:
    base = Consultation(
        id="con-1", consulted_on=TODAY, partner=ConsultationPartner.ATTENTION_OFFICER,
        anonymous=True, advice="Ga in gesprek met moeder.",
        result=ConsultationResult.SUSPICION_REMAINS,
    )
    return replace(base, **changes)


def conversation(**changes: Any) -> Conversation:
    base = Conversation(
        id="talk-1", held_on=TODAY, held=True, participants=(MOTHER,),
        what_was_said="Zorgen over de blauwe plek besproken.",
        client_reaction="Moeder schrok en wil hulp.",
        agreements="Volgende week een afspraak bij het wijkteam.",
    )
    return replace(base, **changes)


def weighing(answers: WeighingAnswers = REPORT_ANSWERS, **changes: Any) -> Weighing:
    base = Weighing("w-1", TODAY, answers, "Moeder kan de hulp niet alleen organiseren.")
    return replace(base, **changes)


def decision_for(w: Weighing, **changes: Any) -> Decision:
    """A valid decision that follows weighing ``w``."""
    outcome = w.outcome
    reporting = outcome.kind is WeighingOutcomeKind.REPORT
    base = Decision(
        id="d-1", decided_on=w.weighed_on, outcome=outcome.kind,
        reporting_norm=outcome.reporting_norm, weighing_id=w.id,
        help_engaged="Opvoedondersteuning via het wijkteam.",
        client_informed=True if reporting else None,
    )
    return replace(base, **changes)


def acute_path(**changes: Any) -> AcutePath:
    base = AcutePath(
        id="acute-1", contacted_at=NOW, reason="Kind vertelt dat vader dreigt met een mes.",
        contacted=frozenset({AcuteContact.VEILIG_THUIS}),
    )
    return replace(base, **changes)


def acute_decision(path: AcutePath, **changes: Any) -> Decision:
    base = Decision(
        id="d-acute", decided_on=path.contacted_at.date(), outcome=WeighingOutcomeKind.REPORT,
        reporting_norm=ReportingNorm.UNSAFETY, weighing_id=None, client_informed=True,
    )
    return replace(base, **changes)


def day(text: str) -> date:
    return date.fromisoformat(text)
